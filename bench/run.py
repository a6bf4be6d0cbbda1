"""`make bench`: the quick benchmarks, one after another; results in bench/results/.

    .venv/bin/python bench/run.py [--ledger] [--scale]

Always: warm `analyze` and CLI cold start (bench_analyze.py), whole-pipeline throughput
against bare spaCy on the PolNeAR dev split (bench_throughput.py).  With --ledger also the
ledger benchmarks (bench_ledger.py: embeddings, FNC-1 ingest into SQLite, query latency),
which take about half an hour on two cores.  With --scale also the scale benchmarks
(bench_scale.py over 300 FNC-1 bodies: pipeline against spaCy, batch on 1 and 2 workers,
ingest of batch output; bench_length.py: time per kB from 4 kB to 1 MB), about half an
hour more.  BENCHMARKS.md records the figures.
"""
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(*args: str) -> None:
    print("==", " ".join(args), flush=True)
    subprocess.run([sys.executable, *args], check=True)


def main() -> None:
    run(str(HERE / "bench_analyze.py"))
    run(str(HERE / "bench_throughput.py"))
    if "--ledger" in sys.argv[1:]:
        db = "sqlite:////tmp/claimledger-bench-fnc1.db"
        Path("/tmp/claimledger-bench-fnc1.db").unlink(missing_ok=True)
        run(str(HERE / "bench_ledger.py"), "embed")
        run(str(HERE / "bench_ledger.py"), "ingest", "--db", db, "--label", "sqlite")
        run(str(HERE / "bench_ledger.py"), "queries", "--db", db, "--label", "sqlite")
    if "--scale" in sys.argv[1:]:
        run(str(HERE / "bench_scale.py"), "--limit", "300")
        run(str(HERE / "bench_length.py"))


if __name__ == "__main__":
    main()
