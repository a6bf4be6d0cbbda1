"""``claimledger eval factuality FILE``: event factuality scores from claim certainty.

Each sentence is parsed once with the pipeline's model and attribution stage; every
event token gets the certainty of the clause it belongs to, assessed by
:func:`claimledger.status.assess` with the attribution it sits in (cue, class,
negation), so the score and a claim's status come from the same evidence.  A reporting
cue is itself an event that happened (+3, or -3 when negated: "did not say"); an event
under its own negation flips sign ("did not attend"); an event inside an if-clause is
uncommitted.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Optional

from spacy.tokens import Doc, Token

from ..status import assess
from . import find_scorer, run_scorer

CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "parataxis", "csubj"}


def event_scores(text: str, events: list[dict]) -> list[dict]:
    """``[{"token", "score"}]`` for the gold ``events`` of one sentence."""
    from ..nlp import parse
    doc = parse(text)
    atts = doc._.attributions or []
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
    head = clause_head(tok)
    if _in_conditional(head):
        return 0.0
    att = next((a for a in atts if any(s <= tok.idx < e for s, e in a.content)), None)
    cue = doc[att.cue_token] if att is not None and att.cue_token is not None else None
    sent = head.sent
    a = assess(doc, [head], sent.text, cue=cue, cue_class=att.cue_class if att else None,
               negated=att.negated if att else False, agent=att is not None and att.source is not None)
    score = a.certainty
    if a.status not in {"denied"} and _negated(head if tok.pos_ not in {"VERB", "AUX"} else tok):
        score = -score if score > 0 else score
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
    return any(c.dep_ == "neg" for c in tok.children) or any(c.lower_ in {"never", "no"} and c.dep_ in {"neg", "advmod", "det"} for c in tok.children)


def _in_conditional(tok: Token) -> bool:
    for t in [tok] + list(tok.ancestors):
        if t.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"if", "unless"} for m in t.children):
            return True
    return False


def main(path: str, out: Optional[str] = None, scorer: Optional[str] = None) -> int:
    if not Path(path).is_file():
        print(f"claimledger: {path}: no such file", file=sys.stderr)
        return 2
    target = Path(out) if out else Path(tempfile.mkstemp(suffix=".jsonl")[1])
    n = 0
    with open(path, encoding="utf-8") as src, open(target, "w", encoding="utf-8") as dst:
        for lineno, line in enumerate(src, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                events = event_scores(item["text"], item.get("events", []))
            except (ValueError, KeyError) as exc:
                print(f"claimledger: {path}:{lineno}: skipped ({exc})", file=sys.stderr)
                continue
            dst.write(json.dumps({"id": item["id"], "events": events}) + "\n")
            n += len(events)
    print(f"{n} events written to {target}", file=sys.stderr)
    found = Path(scorer) if scorer else find_scorer(path, "score_factuality.py")
    return run_scorer(found, [path, str(target), "--fill", "3"])
