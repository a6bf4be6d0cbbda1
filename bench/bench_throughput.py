"""Benchmark: whole-pipeline throughput over the PolNeAR dev split against bare spaCy.

    .venv/bin/python bench/bench_throughput.py [--out bench/results/throughput.json]

Same texts, same process, same model: (1) bare `nlp.pipe` of en_core_web_sm over the
texts; (2) `claimledger.analyze_many` (cleaning, parse, attribution, sources, status,
quantities, times, record).  Words per second for each and their ratio.
"""
import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "bench/results/throughput.json"))
    ap.add_argument("--split", default="dev")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    import spacy
    from claimledger.nlp import MODEL
    from claimledger.pipeline import analyze_many
    texts = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "data/polnear" / args.split).glob("*.txt"))]
    words = sum(len(t.split()) for t in texts)
    bare = spacy.load(MODEL)
    analyze_many(texts[:3])  # warm both: model, lexicons, dateparser
    list(bare.pipe(texts[:3]))
    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=32):
        pass
    bare_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    records = list(analyze_many(texts))
    ours_s = time.perf_counter() - t0
    result = {
        "split": args.split, "articles": len(texts), "words": words,
        "bare_spacy_words_per_s": round(words / bare_s), "pipeline_words_per_s": round(words / ours_s),
        "ratio": round(bare_s / ours_s, 3), "claims": sum(len(r.claims) for r in records),
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
