"""``claimledger eval factuality FILE``: event factuality scores from claim certainty.

Each sentence is parsed once with the pipeline's model and attribution stage; every
event token gets the certainty of the clause it belongs to, assessed by
:func:`claimledger.status.assess` with the innermost attribution it sits in (cue,
class, negation), so the score and a claim's status come from the same evidence.
Event-level refinements, each a convention of FactBank/MEANTIME annotation:
* a reporting or belief cue is itself an event that happened (+3; -3 when negated);
* an event under its own negation flips sign ("did not attend"); "nearly"/"almost"
  mark an event that did not happen;
* an event inside an if-clause is uncommitted (0);
* an infinitive of purpose or intention on a noun, or under a verb of wanting,
  asking or planning ("plans to expand", "asked them to make"), is only probable
  (+0.75): it has not happened yet.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

from spacy.tokens import Doc, Token

from ..lexicons import words
from ..status import RAISING_HEDGES, assess, is_condition
from . import find_scorer, run_scorer, write_predictions

CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "parataxis", "csubj"}
INTENTION_VERBS = words("intention_verbs.txt")
NOT_QUITE = {"nearly", "almost"}
PREVENTING = words("preventing_predicates.txt")
STOPPING = {"cease", "stop", "fail", "refuse", "decline", "avoid"}


def event_scores(text: str, events: list[dict]) -> list[dict]:
    """``[{"token", "score"}]`` for the gold ``events`` of one sentence."""
    from ..nlp import parse
    doc = parse(text)
    atts = list(doc._.attributions or []) + list(doc.user_data.get("nested_attributions", []))
    out = []
    for ev in events:
        span = doc.char_span(ev["char_start"], ev["char_end"], alignment_mode="expand")
        score = 3.0 if span is None else score_token(doc, span.root, atts)
        out.append({"token": ev["token"], "score": round(score, 3)})
    return out


def score_token(doc: Doc, tok: Token, atts) -> float:
    """The certainty of the event at ``tok``."""
    for att in atts:
        if att.cue_token == tok.i:
            return -3.0 if att.negated else 3.0
    if tok.lemma_.lower() in RAISING_HEDGES and any(c.dep_ == "xcomp" for c in tok.children):
        return -3.0 if _negated(tok) else 3.0  # "expects to ...": the expecting happened
    if _prevented(tok):
        return -3.0
    head = clause_head(tok)
    if _in_conditional(head):
        return 0.0
    if tok.i == head.i and _unrealised(head):
        return 0.0
    if tok.i == head.i and _intended(head):
        return 0.75
    inside = [a for a in atts if any(s <= tok.idx < e for s, e in a.content)]
    att = min(inside, key=lambda a: a.span[1] - a.span[0]) if inside else None
    cue = doc[att.cue_token] if att is not None and att.cue_token is not None else None
    a = assess(doc, [head], head.sent.text, cue=cue, cue_class=att.cue_class if att else None,
               negated=att.negated if att else False, agent=att is not None and att.source is not None)
    score = a.certainty
    if tok.pos_ in {"VERB", "AUX", "ADJ"} and a.status != "denied" and _negated(tok):
        score = -abs(score) if score > 0 else score
    return score


def clause_head(tok: Token) -> Token:
    """The verb heading the clause ``tok`` belongs to (the token itself for a verb)."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in {"VERB", "AUX"} and (cur.dep_ in CLAUSE_DEPS or cur.head.i == cur.i):
            return cur
        if cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in {"never"} or c.lower_ in NOT_QUITE and c.dep_ == "advmod"
               for c in tok.children)


def _in_conditional(tok: Token) -> bool:
    for t in [tok] + list(tok.ancestors):
        if t.dep_ == "advcl" and is_condition(t):
            return True
    return False


def _prevented(tok: Token) -> bool:
    """An event its governor says did not happen: "the deal was cancelled", "the
    now-cancelled deal", "delay in delivery", "ceased looking"."""
    gov = tok.head
    lemma = gov.lemma_.lower()
    if tok.dep_ in {"dobj", "nsubjpass"} and lemma in PREVENTING:
        return True
    if tok.dep_ == "xcomp" and lemma in STOPPING:
        return True  # "ceased looking", "failed to win"
    if tok.dep_ == "pobj" and gov.lower_ in {"in", "of"} and gov.head.lemma_.lower() in PREVENTING:
        return True  # "delay in delivery", "cancellation of"
    return any(c.dep_ == "amod" and c.lemma_.lower().split("-")[-1] in PREVENTING for c in tok.children)


def _unrealised(tok: Token) -> bool:
    """A schedule, not an occurrence: "was due to fly", "is scheduled to arrive"."""
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in {"due", "schedule"}


def _intended(tok: Token) -> bool:
    """An infinitive not yet realised: on a noun ("a plan to expand") or under a verb
    of intention or request ("asked them to make")."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    if tok.dep_ == "acl" and tok.head.pos_ == "NOUN":
        return True
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in INTENTION_VERBS


def _predictions(path: str):
    """One prediction row per sentence line; a bad line is reported and skipped."""
    with open(path, encoding="utf-8") as src:
        for lineno, line in enumerate(src, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                events = event_scores(item["text"], item.get("events", []))
            except (ValueError, KeyError) as exc:
                print(f"claimledger: {path}:{lineno}: skipped ({exc})", file=sys.stderr)
                continue
            yield {"id": item["id"], "events": events}


def main(path: str, out: Optional[str] = None, scorer: Optional[str] = None) -> int:
    if not Path(path).is_file():
        print(f"claimledger: {path}: no such file", file=sys.stderr)
        return 2
    rows = list(_predictions(path))
    target = write_predictions(rows, out)
    print(f"{sum(len(r['events']) for r in rows)} events written to {target}", file=sys.stderr)
    found = Path(scorer) if scorer else find_scorer(path, "score_factuality.py")
    return run_scorer(found, [path, str(target), "--fill", "3"])
