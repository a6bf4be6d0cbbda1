"""Calibrate the rules' event certainty on the train splits of MEANTIME and UW at once.

Method: a bucketed isotonic-style calibration (Zadrozny & Elkan 2002, "binning"): every
distinct raw score the rules give (+3, 0.75, 0, -3 ...) is one bin, and the bin is mapped
to the value that minimises the sum of both corpora's mean absolute error on the bin's
events, under two constraints that keep the rules' meaning:
* the value stays in the raw score's bucket of the factuality scale (firm >= 2.5,
  leaning 0.5..2.5, unknown -0.5..0.5, negated <= -0.5), so no event changes bucket
  and every status keeps its certainty band (docs/STATUS.md);
* neither corpus's error on the bin may grow: a value that helps one corpus and hurts
  the other is not taken (bins where the corpora pull apart keep their raw score).
Bins with fewer than 20 events keep their raw score.  Only the resulting table ships
(``claimledger/data/factuality_calibration.tsv``); no training text does.

Run: ``python -m claimledger.train.factuality_calibration [DATA_DIR]`` (``make train``),
DATA_DIR holding ``meantime/train.jsonl`` and ``uw/train.jsonl`` (default
``../shared/data/factuality``).  Deterministic: same parse, same table.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "factuality_calibration.tsv"
CORPORA = ("meantime", "uw")
BUCKETS = ((2.5, 3.0), (0.55, 2.45), (-0.45, 0.5), (-3.0, -0.5))
MIN_BIN = 20


def bucket_range(score: float) -> tuple[float, float]:
    """The bucket of the factuality scale that holds ``score`` (score_factuality.py)."""
    if score >= 2.5:
        return BUCKETS[0]
    if score > 0.5:
        return BUCKETS[1]
    if score > -0.5:
        return BUCKETS[2]
    return BUCKETS[3]


def raw_pairs(path: Path) -> list[tuple[float, float]]:
    """(raw rule score, gold score) for every event of one split."""
    from ..evaluate.factuality import doc_event_scores
    from ..nlp import parse_many
    items = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    pairs = []
    for item, doc in zip(items, parse_many(i["text"] for i in items)):
        for ev, pred in zip(item["events"], doc_event_scores(doc, item["events"], calibrate=False)):
            pairs.append((pred["score"], float(ev["score"])))
    return pairs


def fit(pairs_by_corpus: dict[str, list[tuple[float, float]]]) -> dict[float, float]:
    """Raw score -> calibrated score, as described in the module docstring."""
    bins: dict[float, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for corpus, pairs in pairs_by_corpus.items():
        for raw, gold in pairs:
            bins[raw][corpus].append(gold)
    table = {}
    for raw, golds in sorted(bins.items()):
        if sum(len(v) for v in golds.values()) < MIN_BIN:
            continue
        low, high = bucket_range(raw)
        sizes = {c: len(p) for c, p in pairs_by_corpus.items()}

        def cost(value: float, corpus: str) -> float:
            # this bin's share of the corpus's mean absolute error
            return sum(abs(g - value) for g in golds.get(corpus, [])) / sizes[corpus]
        best = raw
        steps = int(round((high - low) / 0.05))
        for k in range(steps + 1):
            value = min(high, round(low + k * 0.05, 2))
            if all(cost(value, c) <= cost(raw, c) for c in sizes) and \
                    sum(cost(value, c) for c in sizes) < sum(cost(best, c) for c in sizes):
                best = value
        table[raw] = best
    return table


def main(argv: list[str]) -> int:
    data = Path(argv[0]) if argv else Path(__file__).resolve().parents[3] / "shared" / "data" / "factuality"
    paths = {c: data / c / "train.jsonl" for c in CORPORA}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        print(f"claimledger: training data not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    pairs = {}
    for corpus, path in paths.items():
        print(f"claimledger: scoring {path}", file=sys.stderr)
        pairs[corpus] = raw_pairs(path)
    table = fit(pairs)
    with OUT.open("w", encoding="utf-8") as out:
        out.write("# Event factuality calibration: raw rule score <TAB> calibrated score.\n"
                  "# Made by `make train` (python -m claimledger.train.factuality_calibration) from the\n"
                  "# train splits of MEANTIME (Minard et al. 2016) and UW (Lee et al. 2015) in the\n"
                  "# conversion of Stanovsky et al. (2017); method in that module's docstring.\n")
        for raw, value in sorted(table.items()):
            out.write(f"{raw:g}\t{value:g}\n")
    print(f"claimledger: {len(table)} bins written to {OUT}", file=sys.stderr)
    for raw, value in sorted(table.items()):
        print(f"{raw:g} -> {value:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
