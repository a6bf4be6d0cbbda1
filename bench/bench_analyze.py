"""Benchmark: one warm `analyze` of a ~600-word article, and the CLI's cold start.

    .venv/bin/python bench/bench_analyze.py [--out bench/results/analyze.json]

Articles: the FNC-1 bodies of 550-650 words (../shared/data/fnc1/train_bodies.csv),
each analysed once after a warm-up; the CLI cold start is `claimledger analyze` on the
bundled sample in a fresh process (model load included), median of 3.
"""
import argparse
import csv
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def articles(n=20):
    csv.field_size_limit(10 ** 9)
    with open(SHARED / "data/fnc1/train_bodies.csv", encoding="utf-8") as f:
        bodies = [r["articleBody"] for r in csv.DictReader(f)]
    picked = [b for b in bodies if 550 <= len(b.split()) <= 650]
    return picked[:n]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "bench/results/analyze.json"))
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    import claimledger
    t0 = time.perf_counter()
    from claimledger.nlp import get_nlp
    get_nlp()
    load_s = time.perf_counter() - t0
    texts = articles()
    claimledger.analyze(texts[0])  # warm-up: lexicons, dateparser
    times = []
    for t in texts:
        t0 = time.perf_counter()
        claimledger.analyze(t, published="2016-01-15")
        times.append(time.perf_counter() - t0)
    cold = []
    sample = ROOT / "claimledger/samples/sample_article.txt"
    exe = ROOT / ".venv/bin/claimledger"
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "analyze", str(sample), "--json"], check=True, capture_output=True)
        cold.append(time.perf_counter() - t0)
    result = {
        "articles": len(texts),
        "mean_words": round(statistics.mean(len(t.split()) for t in texts)),
        "warm_analyze_s": {"median": round(statistics.median(times), 4), "mean": round(statistics.mean(times), 4),
                           "max": round(max(times), 4)},
        "model_load_s": round(load_s, 3),
        "cli_cold_start_s": {"median": round(statistics.median(cold), 3), "runs": [round(c, 3) for c in cold]},
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
