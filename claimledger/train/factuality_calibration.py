"""Calibrate the rules' event certainty on the train splits of MEANTIME and UW at once.

Method: a bucketed isotonic-style calibration (Zadrozny & Elkan 2002, "binning") on four
levels.  First every distinct raw score the rules give (+3, 0.75, 0, -3 ...) is one bin
(kind ``*``); then every pair of an evidence kind and a raw score ("reported" +3,
"uncertain" 0, "negative-quantifier" -3 ...;
:func:`claimledger.evaluate.factuality.score_event`) is one bin, starting from its raw
score's pooled value; then the event word's form refines its kind's bin, first by its
Penn tag ("reported|tag=VB" +3), then by its first auxiliary ("reported|aux=to" +3),
each starting from the value the levels before give its events
(:func:`claimledger.evaluate.factuality.refinements`).  The refining levels are where
the corpora's event selection shows: MEANTIME selects fewer events than UW, which scores
every predicate, so a bin of one form (adjectives in reported speech, base-form verbs
under a condition) can hold UW's events only, and UW's grading is taken there without
moving MEANTIME's.  A bin is mapped to the value that minimises the sum of both
corpora's mean absolute error on the bin's events, under three constraints, so that a
value that helps one corpus and hurts the other is never taken (bins where the corpora
pull apart keep their events' starting values):
* neither corpus's error on the bin may grow;
* neither corpus's macro-F1 over the four buckets of the scale (firm >= 2.5, leaning
  0.5..2.5, unknown -0.5..0.5, negated <= -0.5) may fall;
* candidate values are the grid -3, -2.95, ..., +3.
A bin one corpus never produces (no negative quantifier or "uncertain" clause among
MEANTIME's train events) is fitted on the other alone; the first constraint holds
trivially there.  On each level bins are fitted largest first, each with the ones before
it in place; bins with fewer than 20 events (both corpora) keep their starting values.
Only the bins that move ship (``claimledger/data/factuality_calibration.tsv``); no
training text does.

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


def raw_pairs(path: Path) -> list[tuple[tuple, float]]:
    """((evidence kind, raw rule score, refinements), gold score) for every event of one
    split (:func:`claimledger.evaluate.factuality.doc_event_features`)."""
    from ..evaluate.factuality import doc_event_features
    from ..nlp import parse_many
    items = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    pairs = []
    for item, doc in zip(items, parse_many(i["text"] for i in items)):
        for ev, key in zip(item["events"], doc_event_features(doc, item["events"])):
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


def fit_bins(events_by_corpus: dict[str, list[tuple[Bin, float, float]]]) -> dict[Bin, float]:
    """The bins that move, bin -> calibrated score, from events ``(bin, gold, start)``
    where ``start`` is the event's score before this level (the events of a refining
    bin, "reported|aux=to", can come from bins of the level before with different
    values).  A bin moves to one value for all its events, under the constraints of the
    module docstring, or keeps its events' starting values."""
    bins: dict[Bin, dict[str, list[tuple[float, float]]]] = defaultdict(lambda: defaultdict(list))
    confusion = {c: [[0] * 4 for _ in range(4)] for c in events_by_corpus}
    for corpus, events in events_by_corpus.items():
        for key, gold, start in events:
            bins[key][corpus].append((gold, start))
            confusion[corpus][bucket(gold)][bucket(start)] += 1
    sizes = {c: len(p) for c, p in events_by_corpus.items()}
    table: dict[Bin, float] = {}

    def f1_with(corpus: str, events: list[tuple[float, float]], value) -> float:
        # the corpus's macro-F1 with this bin's events predicted as ``value`` (None: their starts)
        conf = confusion[corpus]
        for g, s in events:
            conf[bucket(g)][bucket(s if value is None else value)] += 1
        f1 = f1_of(conf)
        for g, s in events:
            conf[bucket(g)][bucket(s if value is None else value)] -= 1
        return f1

    def cost(events: list[tuple[float, float]], value, corpus: str) -> float:
        # this bin's share of the corpus's mean absolute error
        return sum(abs(g - (s if value is None else value)) for g, s in events) / sizes[corpus]

    order = sorted(bins.items(), key=lambda kv: (-sum(len(v) for v in kv[1].values()), kv[0]))
    for key, events in order:
        if sum(len(v) for v in events.values()) < MIN_BIN:
            continue
        for corpus, evs in events.items():  # take the bin out of the confusion counts
            for g, s in evs:
                confusion[corpus][bucket(g)][bucket(s)] -= 1
        keep = {c: cost(events.get(c, []), None, c) for c in sizes}
        base_f1 = {c: f1_with(c, events.get(c, []), None) for c in sizes}
        best, best_cost = None, sum(keep.values())
        for value in GRID:
            costs = {c: cost(events.get(c, []), value, c) for c in sizes}
            if not all(costs[c] <= keep[c] for c in sizes):
                continue  # one corpus's error would grow
            if sum(costs.values()) >= best_cost:
                continue
            if all(f1_with(c, events.get(c, []), value) >= base_f1[c] for c in sizes):
                best, best_cost = value, sum(costs.values())  # and neither corpus's macro-F1 falls
        if best is not None:
            table[key] = best
        for corpus, evs in events.items():
            for g, s in evs:
                confusion[corpus][bucket(g)][bucket(s if best is None else best)] += 1
    return table


def fit(pairs_by_corpus: dict[str, list[tuple[tuple, float]]]) -> dict[Bin, float]:
    """The table of bins that move, level by level: raw scores pooled over evidence
    kinds first (kind ``*``), then each (kind, raw score) bin from its pooled value, then
    each refining bin of the event's form ("reported|tag=VB", then "reported|aux=to";
    keys of three items, ``(kind, raw, refinements)``) from the value the levels before
    give its events.  A lookup takes the last level that has a bin
    (:func:`claimledger.evaluate.factuality.calibrated`)."""
    def keys(key: tuple) -> list[Bin]:
        kind, raw = key[0], key[1]
        refs = key[2] if len(key) > 2 else ()
        return [(ANY, raw), (kind, raw)] + [(f"{kind}|{r}", raw) for r in refs]

    events = {c: [(keys(key), g) for key, g in p] for c, p in pairs_by_corpus.items()}
    table: dict[Bin, float] = {}

    def value(ks: list[Bin], level: int) -> float:
        # the calibrated score through the levels fitted so far
        v = ks[0][1]
        for k in ks[:level]:
            v = table.get(k, v)
        return v
    depth = max((len(ks) for p in events.values() for ks, _ in p), default=2)
    for level in range(depth):
        table.update(fit_bins({c: [(ks[level], g, value(ks, level)) for ks, g in p if len(ks) > level]
                               for c, p in events.items()}))
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
