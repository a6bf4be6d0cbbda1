"""``claimledger eval fnc1 BODIES.csv STANCES.csv --out preds.csv``: stance of a body towards a
headline, zero-shot, from the claim record.

FNC-1 (Pomerleau & Rao 2017) pairs headlines with article bodies and labels each pair
agree, disagree, discuss or unrelated.  Nothing here is trained on those labels:

1. **Related or not**: the headline and the body are compared by the similarity story
   linking uses (:mod:`claimledger.ledger.stories`): ``LEXICAL_WEIGHT`` x TF-IDF cosine of
   their terms (document frequencies over the bodies of the file, as a ledger keeps them
   over its articles) + the rest x cosine of the MiniLM embeddings of the headline and of
   the body's headline+lede.  ``RELATED_SCORE`` was calibrated on the pairs of the first
   300 related competition bodies only (``bench/bench_stories.py --fnc1-calibrate``), the
   same bodies story linking was calibrated on.
2. **Stance** of a related body, from its claims: the headline is a claim (it is analysed,
   its first claim is its proposition and gives its status); the body's claims matching it
   (word overlap :func:`~claimledger.ledger.stories.soft_dice` at least ``MATCH``, else the
   best one with any overlap) are read through the ledger's stance mapping
   (:data:`~claimledger.ledger.stories.STANCE_OF_STATUS`): a matching claim that denies what
   the headline puts forward (or confirms what it denies) -> disagree; else one that
   confirms it -> agree; else discuss (reports, alleges, speculates...).

Scores printed: FNC-1's official weighted score (0.25 for related/unrelated right, 0.75
more for the exact related label; relative to the best possible), the macro-F1 over the
four classes and the per-class F1 (the official score rewards answering "discuss" for
every related pair: Hanselowski et al., COLING 2018).  The gold ``Stance`` column, when
present, is read only for scoring.
"""
from __future__ import annotations

import csv
import hashlib
import json
import math
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Optional

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED_SCORE = 0.17  # calibrated: bench/bench_stories.py --fnc1-calibrate (first 300 related bodies: accuracy 0.986)
MATCH = 0.25  # a body claim matches the headline's proposition (word overlap); chosen, not tuned
STANCE_TO_LABEL = {"confirms": "agree", "denies": "disagree", "reports": "discuss"}


def read_csv(path: str) -> list[dict]:
    csv.field_size_limit(10 ** 9)
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


class Analyses:
    """Pipeline records by text, analysed once; persisted as JSON Lines when ``cache`` is given."""

    def __init__(self, cache: Optional[str] = None):
        self.cache = Path(cache) if cache else None
        self.records: dict[str, dict] = {}
        if self.cache and self.cache.exists():
            for line in self.cache.open(encoding="utf-8"):
                item = json.loads(line)
                self.records[item["key"]] = item["record"]

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, text: str):
        from claimledger.pipeline import analyze
        from claimledger.record import Record
        key = self.key(text)
        if key not in self.records:
            self.records[key] = analyze(text).to_dict()
            if self.cache:
                self.cache.parent.mkdir(parents=True, exist_ok=True)
                with self.cache.open("a", encoding="utf-8") as out:
                    out.write(json.dumps({"key": key, "record": self.records[key]}) + "\n")
        return Record.from_dict(self.records[key])


def headline_claim(record, headline: str) -> tuple[str, str]:
    """The headline's proposition and status: its first claim, else the whole headline, asserted."""
    if record is not None and record.claims:
        claim = max(record.claims, key=lambda c: len(c.text))
        return claim.text, claim.status
    return headline, "asserted"


def stance(headline_text: str, headline_status: str, body_claims: list, units_of: dict) -> str:
    """agree / disagree / discuss for a related body, from the statuses of its claims that
    match the headline's proposition."""
    from claimledger.ledger.stories import claim_signature, soft_dice, stance_of
    words = claim_signature(headline_text)
    scored = []
    for claim in body_claims:
        signature = claim_signature(claim.text, units_of.get(claim.id, []))
        score = soft_dice(signature, words, 1, len(words))
        if score > 0:
            scored.append((score, claim))
    if not scored:
        return "discuss"
    matching = [c for s, c in scored if s >= MATCH] or [max(scored, key=lambda sc: sc[0])[1]]
    headline_stance = stance_of(headline_status)
    stances = [stance_of(c.status) for c in matching]
    opposite = "confirms" if headline_stance == "denies" else "denies"
    same = "denies" if headline_stance == "denies" else "confirms"
    if opposite in stances:
        return "disagree"
    if same in stances:
        return "agree"
    return "discuss"


def relatedness(headlines: list[str], bodies: dict[str, str], pairs: list[tuple[str, str]],
                body_records: dict[str, object], report=None) -> list[float]:
    """Story-linking similarity of each (headline, body id) pair."""
    import numpy as np

    from claimledger.ledger import stories as S
    from claimledger.ledger.embeddings import embed
    body_terms = {}
    for body_id, record in body_records.items():
        body_terms[body_id] = S.article_terms(None, record.article.text, [q.unit for q in record.quantities])
    df = Counter(t for terms in body_terms.values() for t in set(terms))
    n = len(body_terms)

    def idf(term: str) -> float:
        return math.log((n + 1) / (df.get(term, 0) + 1)) + 1.0
    unique_heads = sorted(set(headlines))
    head_vectors = dict(zip(unique_heads, embed(unique_heads)))
    body_ids = sorted(body_records)
    body_vectors = dict(zip(body_ids, embed([S.story_text(None, body_records[b].article.text) for b in body_ids])))
    head_terms = {h: S.article_terms(None, h) for h in unique_heads}
    scores = []
    for headline, body_id in pairs:
        lexical = S.tfidf_cosine(head_terms[headline], body_terms[body_id], idf)
        semantic = float(np.dot(head_vectors[headline], body_vectors[body_id]))
        scores.append(S.LEXICAL_WEIGHT * lexical + (1 - S.LEXICAL_WEIGHT) * semantic)
    return scores


def fnc_score(gold: list[str], predicted: list[str]) -> float:
    """FNC-1's weighted score relative to the best possible (the official scorer's formula)."""
    score = best = 0.0
    for g, p in zip(gold, predicted):
        best += 0.25 if g == "unrelated" else 1.0
        if (g == "unrelated") == (p == "unrelated"):
            score += 0.25
            if g != "unrelated" and g == p:
                score += 0.75
    return score / best if best else 0.0


def f1_scores(gold: list[str], predicted: list[str]) -> dict[str, float]:
    out = {}
    for label in LABELS:
        tp = sum(1 for g, p in zip(gold, predicted) if g == p == label)
        fp = sum(1 for g, p in zip(gold, predicted) if p == label and g != label)
        fn = sum(1 for g, p in zip(gold, predicted) if g == label and p != label)
        out[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return out


def scores(gold: list[str], predicted: list[str]) -> dict:
    per_class = f1_scores(gold, predicted)
    related_right = sum(1 for g, p in zip(gold, predicted) if (g == "unrelated") == (p == "unrelated"))
    return {"pairs": len(gold), "fnc_score": round(fnc_score(gold, predicted), 4),
            "macro_f1": round(sum(per_class.values()) / len(LABELS), 4),
            "per_class_f1": {k: round(v, 4) for k, v in per_class.items()},
            "related_unrelated_accuracy": round(related_right / len(gold), 4) if gold else 0.0,
            "confusion": {g: dict(Counter(p for gg, p in zip(gold, predicted) if gg == g)) for g in LABELS}}


def predict(bodies_csv: str, stances_csv: str, cache: Optional[str] = None, report=None) -> tuple[list[dict], list[str]]:
    """Predicted stances for every row of ``stances_csv`` (gold column ignored)."""
    say = report or (lambda line: None)
    bodies = {row["Body ID"]: row["articleBody"] for row in read_csv(bodies_csv)}
    rows = read_csv(stances_csv)
    missing = sorted({r["Body ID"] for r in rows} - set(bodies))
    if missing:
        raise ValueError(f"{len(missing)} body ids of the stances file are not in the bodies file "
                         f"(first: {missing[0]})")
    analyses = Analyses(cache)
    needed = sorted({r["Body ID"] for r in rows}, key=lambda b: int(b) if b.isdigit() else b)
    started = time.perf_counter()
    body_records = {}
    failed = 0
    for i, body_id in enumerate(needed, start=1):
        try:
            body_records[body_id] = analyses.get(bodies[body_id])
        except Exception as error:  # noqa: BLE001  one body the pipeline cannot analyse: no claims, still compared
            failed += 1
            say(f"body {body_id}: analysis failed ({type(error).__name__}: {error}); compared by its text alone")
            body_records[body_id] = _unanalysed(bodies[body_id])
        if i % 50 == 0 or i == len(needed):
            say(f"bodies analysed: {i}/{len(needed)} ({time.perf_counter() - started:.0f} s)")
    headlines = sorted({r["Headline"] for r in rows})
    head_claims = {}
    for i, headline in enumerate(headlines, start=1):
        try:
            analysed = analyses.get(headline) if headline.strip() else None
        except Exception:  # noqa: BLE001  the headline itself is then the proposition
            analysed = None
        head_claims[headline] = headline_claim(analysed, headline)
        if i % 200 == 0 or i == len(headlines):
            say(f"headlines analysed: {i}/{len(headlines)} ({time.perf_counter() - started:.0f} s)")
    pairs = [(r["Headline"], r["Body ID"]) for r in rows]
    similarity = relatedness([h for h, _ in pairs], bodies, pairs, body_records)
    units = {b: _units_of(rec) for b, rec in body_records.items()}
    out, predicted = [], []
    for (headline, body_id), score in zip(pairs, similarity):
        if score < RELATED_SCORE:
            label = "unrelated"
        else:
            text, status = head_claims[headline]
            label = stance(text, status, body_records[body_id].claims, units[body_id])
        predicted.append(label)
        out.append({"Headline": headline, "Body ID": body_id, "Stance": label, "score": score})
    return out, predicted


def _unanalysed(text: str):
    """A body the pipeline failed on: its text, no claims."""
    from types import SimpleNamespace
    return SimpleNamespace(article=SimpleNamespace(text=text, title=None), claims=[], quantities=[])


def _units_of(record) -> dict[str, list]:
    units: dict[str, list] = {}
    for q in record.quantities:
        if q.claim:
            units.setdefault(q.claim, []).append(q.unit)
    return units


def main(bodies_csv: str, stances_csv: str, out: Optional[str] = None, cache: Optional[str] = None) -> int:
    """Predict, write ``out`` (Headline,Body ID,Stance) and print the scores when the stances
    file has a gold Stance column.  Exit 2 on unreadable input."""
    started = time.perf_counter()
    try:
        rows, predicted = predict(bodies_csv, stances_csv, cache,
                                  report=lambda line: print(line, file=sys.stderr, flush=True))
        gold_rows = read_csv(stances_csv)
    except (OSError, KeyError, ValueError) as error:
        detail = f"missing column {error}" if isinstance(error, KeyError) else str(error)
        print(f"claimledger: eval fnc1: {detail}", file=sys.stderr)
        return 2
    if out:
        with open(out, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["Headline", "Body ID", "Stance"])
            for row in rows:
                writer.writerow([row["Headline"], row["Body ID"], row["Stance"]])
    result = {"seconds": round(time.perf_counter() - started, 1), "predicted": dict(Counter(predicted))}
    if gold_rows and "Stance" in gold_rows[0]:
        result.update(scores([r["Stance"] for r in gold_rows], predicted))
    print(json.dumps(result, indent=1))
    return 0
