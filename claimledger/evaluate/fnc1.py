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
2. **Stance** of a related body, from its claims (:func:`stance`): the headline is a claim
   (it is analysed, its longest claim is its proposition and gives its status); the body's
   claims matching it (word overlap :func:`~claimledger.ledger.stories.soft_dice` at least
   ``MATCH``, else the best one with any overlap) each weigh their overlap and take the
   ledger's stance of their status (:data:`~claimledger.ledger.stories.STANCE_OF_STATUS`),
   except that a claim whose words (put forward as at least probable) or whose governing
   words dispute it ("the photo is fake", "a hoax report claimed that ...",
   ``data/lexicons/debunk_words.txt``; not under a negation, in a question, a condition or
   "real or fake") disputes it, and one whose sentence calls it unconfirmed or a rumour
   reports it; such a claim counts when it shares a word with the headline or points back
   at the story ("the report", "it").  The body **denies** the proposition when any claim
   disputes it (or relayed denials outweigh both confirmations and reports), **confirms**
   it when confirmations are more than half the weight (a body that relays a claim and
   states it once in its own voice reports it), else **reports** it.
   Reports -> discuss; the headline's own position (denying when it calls the claim a hoax
   or its status is denied, else putting it forward, hedged or not) taken -> agree, the
   opposite -> disagree.

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
import re
import sys
import time
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import lru_cache
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
    """The headline's proposition and status: its longest claim, else the whole headline, asserted."""
    if record is not None and record.claims:
        claim = max(record.claims, key=lambda c: len(c.text))
        return claim.text, claim.status
    return headline, "asserted"


# -- disputing and unverified wording -------------------------------------------------

COMMITTED = 1.5  # FactBank "probable" (hedges.tsv): "appears to be fake" is a position, "may be fake" is not
_SENTENCE_END = re.compile(r"[.!?][\'\"\u201d\u2019)]*\s+|\n+")
_NEGATION = re.compile(r"\b(?:not|no|never|nothing|neither|nor)\b|n['\u2019]t\b", re.I)
_OPEN_QUESTION = re.compile(r"\b(?:if|whether|unless)\b", re.I)


@lru_cache(maxsize=None)
def markers() -> dict[str, re.Pattern]:
    """kind (disputes, unverified, referent) -> a whole-word, case-insensitive pattern of the
    phrases of ``data/lexicons/debunk_words.txt``."""
    from claimledger.lexicons import rows
    by_kind: dict[str, list[str]] = {}
    for phrase, kind in ((r[0].lower(), r[1]) for r in rows("debunk_words.txt")):
        by_kind.setdefault(kind, []).append(phrase)

    def pattern(phrases: list[str]) -> re.Pattern:
        parts = [re.escape(p).replace(r"\ ", r"\s+").replace("'", "['\u2019]")
                 for p in sorted(phrases, key=len, reverse=True)]
        return re.compile(r"(?<![\w'\u2019-])(?:" + "|".join(parts) + r")(?![\w-])", re.I)
    return {kind: pattern(phrases) for kind, phrases in by_kind.items()}


def disputes_in(text: str, lo: int = 0, hi: Optional[int] = None, clause_start: int = 0) -> bool:
    """Whether ``text[lo:hi]`` says in so many words that something is false, fake, a hoax...
    (``clause_start``: where the sentence or clause holding ``lo`` begins).  A disputing word
    under a negation ("not a hoax", "isn't fake"), in an open question or condition
    ("whether the photo is fake", "if it is a hoax") or in an alternative ("real or fake")
    takes no position and does not count; the caller leaves out questions ("... fake?")."""
    hi = len(text) if hi is None else hi
    for m in markers()["disputes"].finditer(text, lo, hi):
        before = text[max(clause_start, m.start() - 30):m.start()]
        if _NEGATION.search(" ".join(before.split()[-3:])):
            continue
        if _OPEN_QUESTION.search(text[clause_start:m.start()]):
            continue
        if re.match(r"\s+or\b", text[m.end():m.end() + 4], re.I) or re.search(r"\bor\s+$", before, re.I):
            continue
        return True
    return False


def headline_stance(headline: str, status: str) -> str:
    """How the headline puts its proposition forward: ``denies`` when it disputes it ("Viral
    photo of a shark on a highway is fake") or its status is denied, else its status's stance
    (a hedged headline, "reportedly", "claims", still puts the proposition forward)."""
    from claimledger.ledger.stories import stance_of
    if disputes_in(headline) and not headline.rstrip().endswith("?"):
        return "denies"
    return stance_of(status)


def _sentences(text: str) -> list[int]:
    """Start offsets of the sentences (and paragraphs) of ``text``."""
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def _sentence_of(starts: list[int], text: str, start: int, end: int) -> tuple[int, int]:
    i = bisect_right(starts, start) - 1
    j = bisect_left(starts, max(end, start + 1))
    return starts[max(i, 0)], (starts[j] if j < len(starts) else len(text))


def claim_stance(claim, body_text: str = "", starts: Optional[list[int]] = None) -> tuple[str, Optional[str]]:
    """(stance, marker) of one body claim: ``denies`` with marker ``disputes`` when its words,
    committed at least as probable, call it false ("the video is fake", "police said the
    report was false"), or when the words governing it in its sentence do ("a hoax report
    claimed that ...", "falsely claimed", "debunked claims that ..."); ``reports`` with
    marker ``unverified`` when its sentence says it is unconfirmed or a rumour (unless a
    source confirms or denies it: "police confirmed the rumours"); else the
    ledger's stance of its status (:data:`~claimledger.ledger.stories.STANCE_OF_STATUS`)."""
    from claimledger.ledger.stories import stance_of
    in_text = body_text and 0 <= claim.start < claim.end <= len(body_text)
    if in_text:
        lo, hi = _sentence_of(starts if starts is not None else _sentences(body_text), body_text, claim.start, claim.end)
        inside = disputes_in(body_text, claim.start, claim.end, clause_start=lo)
        governing = (disputes_in(body_text, lo, claim.start, clause_start=lo)
                     or disputes_in(body_text, claim.end, hi, clause_start=lo))
        sentence = body_text[lo:hi]
    else:
        inside, governing, sentence = disputes_in(claim.text), False, claim.text
    if not sentence.rstrip().endswith("?"):
        committed = claim.certainty >= COMMITTED and claim.status != "denied"
        if (inside and committed) or governing:
            return "denies", "disputes"
    if claim.status not in ("confirmed", "denied") and markers()["unverified"].search(sentence):
        return "reports", "unverified"
    return stance_of(claim.status), None


def body_stance(headline_text: str, body_claims: list, units_of: dict, body_text: str = "") -> tuple[str, dict]:
    """The body's own stance towards the headline's proposition, from its claims that match it
    (word overlap :func:`~claimledger.ledger.stories.soft_dice` at least ``MATCH``, else the
    best one with any overlap), each weighted by its overlap; a claim whose sentence disputes
    the story or calls it unverified counts too when it shares a word with the headline or
    points back at the story ("the report", "the photo", "it"), with at least the weight
    ``MATCH``.  Returns (``confirms`` | ``denies`` | ``reports``, the weights by stance):

    * ``denies`` when any such claim disputes it: a news body does not call a claim a hoax,
      fake or false while taking no position on it, and relays what it disputes (so its
      relayed claims do not outweigh the dispute); or when relayed denials ("X denied that
      ...") outweigh both the confirmations and the reports;
    * ``confirms`` when confirmations (asserted or confirmed) are the predominant share of
      the weight, more than reports and denials together: a body that relays a claim through
      its sources and states it once in its own voice reports it;
    * ``reports`` otherwise, and when nothing matches."""
    from claimledger.ledger.stories import claim_signature, soft_dice
    words = claim_signature(headline_text)
    weights = {"confirms": 0.0, "denies": 0.0, "reports": 0.0, "disputes": 0.0}
    starts = _sentences(body_text) if body_text else None
    referent = markers()["referent"]
    scored = []
    for claim in body_claims:
        signature = claim_signature(claim.text, units_of.get(claim.id, []))
        scored.append((soft_dice(signature, words, 1, len(words)), claim))
    if not any(score > 0 for score, _ in scored):
        return "reports", weights
    best = max(score for score, _ in scored)
    counted_sentences = set()
    for i, (score, claim) in enumerate(scored):
        claim_st, marker = claim_stance(claim, body_text, starts)
        if marker:
            if starts is not None and 0 <= claim.start < claim.end <= len(body_text):
                lo, hi = _sentence_of(starts, body_text, claim.start, claim.end)
                key, sentence = lo, body_text[lo:hi]
            else:
                key, sentence = -1 - i, claim.text
            if score > 0 or referent.search(sentence):
                if key not in counted_sentences:  # one statement counts once
                    counted_sentences.add(key)
                    weights[marker if marker == "disputes" else claim_st] += max(score, MATCH)
                continue
        if score >= MATCH or (score == best and best < MATCH):
            weights[claim_st] += score
    weights = {k: round(v, 4) for k, v in weights.items()}
    if weights["disputes"] > 0:
        return "denies", weights
    if weights["denies"] > weights["confirms"] and weights["denies"] > weights["reports"]:
        return "denies", weights
    if weights["confirms"] > weights["reports"] + weights["denies"]:
        return "confirms", weights
    return "reports", weights


def stance(headline_text: str, headline_status: str, body_claims: list, units_of: dict,
           body_text: str = "", headline: Optional[str] = None) -> str:
    """agree / disagree / discuss for a related body: the body's stance (:func:`body_stance`)
    against the headline's (:func:`headline_stance`; ``headline`` is the whole headline,
    ``headline_text`` its proposition).  A body that reports the proposition discusses it;
    one that takes the headline's position agrees, the opposite one disagrees: a body that
    disputes a headline which itself calls the claim a hoax agrees with it."""
    body, _ = body_stance(headline_text, body_claims, units_of, body_text)
    if body == "reports":
        return "discuss"
    head = headline_stance(headline if headline is not None else headline_text, headline_status)
    return "agree" if (body == "denies") == (head == "denies") else "disagree"


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
            label = stance(text, status, body_records[body_id].claims, units[body_id],
                           body_records[body_id].article.text, headline)
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
