"""Calibrate the rules' event certainty on the train splits of MEANTIME and UW at once.

Method: a bucketed isotonic-style calibration (Zadrozny & Elkan 2002, "binning"): every
distinct raw score the rules give (+3, 0.75, 0, -3 ...) is one bin, and the bin is mapped
to the value that minimises the sum of both corpora's mean absolute error on the bin's
events, under two constraints, so that a value that helps one corpus and hurts the other
is never taken (bins where the corpora pull apart keep their raw score):
* neither corpus's error on the bin may grow;
* neither corpus's macro-F1 over the four buckets of the scale (firm >= 2.5, leaning
  0.5..2.5, unknown -0.5..0.5, negated <= -0.5) may fall.
Bins are fitted largest first, each with the ones before it in place; bins with fewer
than 20 events keep their raw score.  Only the resulting table ships
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
MIN_BIN = 20


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


def macro_f1(pairs: list[tuple[float, float]]) -> float:
    """Macro-F1 over the four buckets present in the gold (as score_factuality.py)."""
    def name(x: float) -> int:
        return 0 if x >= 2.5 else 1 if x > 0.5 else 2 if x > -0.5 else 3
    f1s = []
    for b in range(4):
        gold = sum(1 for _, g in pairs if name(g) == b)
        if not gold:
            continue
        pred = sum(1 for p, _ in pairs if name(p) == b)
        tp = sum(1 for p, g in pairs if name(p) == b == name(g))
        f1s.append(2 * tp / (gold + pred) if tp else 0.0)
    return sum(f1s) / len(f1s)


def fit(pairs_by_corpus: dict[str, list[tuple[float, float]]]) -> dict[float, float]:
    """Raw score -> calibrated score, as described in the module docstring."""
    bins: dict[float, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for corpus, pairs in pairs_by_corpus.items():
        for raw, gold in pairs:
            bins[raw][corpus].append(gold)
    sizes = {c: len(p) for c, p in pairs_by_corpus.items()}
    table: dict[float, float] = {}

    def f1_with(corpus: str, raw: float, value: float) -> float:
        mapped = {**table, raw: value}
        return macro_f1([(mapped.get(p, p), g) for p, g in pairs_by_corpus[corpus]])

    for raw, golds in sorted(bins.items(), key=lambda kv: -sum(len(v) for v in kv[1].values())):
        if sum(len(v) for v in golds.values()) < MIN_BIN:
            continue

        def cost(value: float, corpus: str) -> float:
            # this bin's share of the corpus's mean absolute error
            return sum(abs(g - value) for g in golds.get(corpus, [])) / sizes[corpus]
        base_f1 = {c: f1_with(c, raw, raw) for c in sizes}
        best = raw
        for k in range(121):
            value = round(-3.0 + k * 0.05, 2)
            if not all(cost(value, c) <= cost(raw, c) for c in sizes):
                continue  # one corpus's error would grow
            if sum(cost(value, c) for c in sizes) >= sum(cost(best, c) for c in sizes):
                continue
            if all(f1_with(c, raw, value) >= base_f1[c] for c in sizes):
                best = value  # and neither corpus's macro-F1 falls
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
