"""Calibrate the rules' event certainty on the train splits of MEANTIME and UW at once.

Method: a bucketed isotonic-style calibration (Zadrozny & Elkan 2002, "binning") on two
levels.  First every distinct raw score the rules give (+3, 0.75, 0, -3 ...) is one bin
(kind ``*``); then every pair of an evidence kind and a raw score ("reported" +3,
"uncertain" 0, "negative-quantifier" -3 ...;
:func:`claimledger.evaluate.factuality.score_event`) is one bin, starting from its raw
score's pooled value.  A bin is mapped to the value that minimises the sum of both
corpora's mean absolute error on the bin's events, under three constraints, so that a
value that helps one corpus and hurts the other is never taken (bins where the corpora
pull apart keep their starting value):
* neither corpus's error on the bin may grow;
* neither corpus's macro-F1 over the four buckets of the scale (firm >= 2.5, leaning
  0.5..2.5, unknown -0.5..0.5, negated <= -0.5) may fall;
* candidate values are the grid -3, -2.95, ..., +3.
A bin one corpus never produces (MEANTIME selects fewer events than UW, which scores
every predicate: no negative quantifier or "uncertain" clause among MEANTIME's train
events) is fitted on the other alone; the first constraint holds trivially there.
On each level bins are fitted largest first, each with the ones before it in place; bins
with fewer than 20 events (both corpora) keep their starting value.  Only the resulting table ships
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
GRID = [round(-3.0 + k * 0.05, 2) for k in range(121)]

Bin = tuple[str, float]  # (evidence kind, raw rule score)
ANY = "*"  # the pooled bin of a raw score, over all evidence kinds


def raw_pairs(path: Path) -> list[tuple[Bin, float]]:
    """((evidence kind, raw rule score), gold score) for every event of one split."""
    from ..evaluate.factuality import doc_event_evidence
    from ..nlp import parse_many
    items = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    pairs = []
    for item, doc in zip(items, parse_many(i["text"] for i in items)):
        for ev, key in zip(item["events"], doc_event_evidence(doc, item["events"])):
            pairs.append((key, float(ev["score"])))
    return pairs


def bucket(x: float) -> int:
    """The scale's four buckets (as ../shared/tools/score_factuality.py)."""
    return 0 if x >= 2.5 else 1 if x > 0.5 else 2 if x > -0.5 else 3


def f1_of(confusion: list[list[int]]) -> float:
    """Macro-F1 over the buckets present in the gold; ``confusion[gold][pred]``."""
    f1s = []
    for b in range(4):
        gold = sum(confusion[b])
        if not gold:
            continue
        pred = sum(row[b] for row in confusion)
        tp = confusion[b][b]
        f1s.append(2 * tp / (gold + pred) if tp else 0.0)
    return sum(f1s) / len(f1s)


def macro_f1(pairs: list[tuple[float, float]]) -> float:
    """Macro-F1 of (predicted, gold) pairs over the four buckets present in the gold."""
    confusion = [[0] * 4 for _ in range(4)]
    for p, g in pairs:
        confusion[bucket(g)][bucket(p)] += 1
    return f1_of(confusion)


def fit_bins(pairs_by_corpus: dict[str, list[tuple[Bin, float]]],
             start: dict[Bin, float]) -> dict[Bin, float]:
    """Bin -> calibrated score; each bin starts from ``start`` (its raw score when absent)
    and moves under the constraints of the module docstring."""
    bins: dict[Bin, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    confusion = {c: [[0] * 4 for _ in range(4)] for c in pairs_by_corpus}
    for corpus, pairs in pairs_by_corpus.items():
        for key, gold in pairs:
            bins[key][corpus].append(gold)
            confusion[corpus][bucket(gold)][bucket(start.get(key, key[1]))] += 1
    sizes = {c: len(p) for c, p in pairs_by_corpus.items()}
    table: dict[Bin, float] = {}

    def f1_with(corpus: str, golds: list[float], value: float) -> float:
        # the corpus's macro-F1 with this bin's events predicted as ``value``
        conf = confusion[corpus]
        for g in golds:
            conf[bucket(g)][bucket(value)] += 1
        f1 = f1_of(conf)
        for g in golds:
            conf[bucket(g)][bucket(value)] -= 1
        return f1

    order = sorted(bins.items(), key=lambda kv: (-sum(len(v) for v in kv[1].values()), kv[0]))
    for key, golds in order:
        if sum(len(v) for v in golds.values()) < MIN_BIN:
            continue
        first = start.get(key, key[1])
        for corpus, gs in golds.items():  # take the bin out of the confusion counts
            for g in gs:
                confusion[corpus][bucket(g)][bucket(first)] -= 1

        def cost(value: float, corpus: str) -> float:
            # this bin's share of the corpus's mean absolute error
            return sum(abs(g - value) for g in golds.get(corpus, [])) / sizes[corpus]
        base_f1 = {c: f1_with(c, golds.get(c, []), first) for c in sizes}
        best = first
        for value in GRID:
            if not all(cost(value, c) <= cost(first, c) for c in sizes):
                continue  # one corpus's error would grow
            if sum(cost(value, c) for c in sizes) >= sum(cost(best, c) for c in sizes):
                continue
            if all(f1_with(c, golds.get(c, []), value) >= base_f1[c] for c in sizes):
                best = value  # and neither corpus's macro-F1 falls
        table[key] = best
        for corpus, gs in golds.items():
            for g in gs:
                confusion[corpus][bucket(g)][bucket(best)] += 1
    return table


def fit(pairs_by_corpus: dict[str, list[tuple[Bin, float]]]) -> dict[Bin, float]:
    """The two-level table: raw scores pooled over evidence kinds first (kind ``*``), then
    each (kind, raw score) bin refined from its pooled value.  Keys ``("*", raw)`` and
    ``(kind, raw)``; a lookup tries the kind's bin, then the pooled one."""
    pooled_pairs = {c: [((ANY, key[1]), g) for key, g in p] for c, p in pairs_by_corpus.items()}
    pooled = fit_bins(pooled_pairs, {})
    start = {key: pooled.get((ANY, key[1]), key[1]) for p in pairs_by_corpus.values() for key, _ in p}
    by_kind = fit_bins(pairs_by_corpus, start)
    return {**pooled, **by_kind}


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
    # ship what moves: a pooled bin that leaves its raw score, a kind's bin that leaves its pooled value
    table = {key: value for key, value in table.items()
             if value != (key[1] if key[0] == ANY else table.get((ANY, key[1]), key[1]))}
    with OUT.open("w", encoding="utf-8") as out:
        out.write("# Event factuality calibration: evidence kind <TAB> raw rule score <TAB> calibrated score.\n"
                  "# Made by `make train` (python -m claimledger.train.factuality_calibration) from the\n"
                  "# train splits of MEANTIME (Minard et al. 2016) and UW (Lee et al. 2015) in the\n"
                  "# conversion of Stanovsky et al. (2017); method in that module's docstring.\n")
        for (kind, raw), value in sorted(table.items()):
            out.write(f"{kind}\t{raw:g}\t{value:g}\n")
    print(f"claimledger: {len(table)} bins written to {OUT}", file=sys.stderr)
    for (kind, raw), value in sorted(table.items()):
        print(f"{kind} {raw:g} -> {value:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
