"""Status and certainty: how firmly the article puts a claim forward.

Evidence is read in the claim's scope, strongest first (docs/STATUS.md):
1. a denial cue (not negated) -> denied;
2. a conditional on the claim's clause or on its cue ("if ...", "unless ...", a "would"
   on an evidential cue: "confirmation would suggest") -> hypothetical;
3. explicit ignorance ("we don't know whether", "it is unclear") -> uncertain;
4. a negated cue: "did not confirm", "refused to deny" -> uncertain / speculated;
5. the cue's class: confirm, allege, speculate, estimate, believe;
6. hedges on the claim's own verb chain (modals, "reportedly", "allegedly",
   "appears to", "is expected to"), and on the cue's chain ("appears to show");
7. a plain reporting cue -> reported; otherwise asserted.
Certainty follows from the same evidence on the FactBank/MEANTIME scale (+3 certain,
+1.5 probable, +0.75 possible, 0 uncommitted, negative when denied), so the two never
disagree: :data:`STATUS_CERTAINTY` bounds each status.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Optional

from spacy.tokens import Doc, Token

from .lexicons import hedges

HEDGES = hedges()
ADVERB_HEDGES = {"reportedly", "allegedly", "purportedly", "supposedly", "apparently", "seemingly"}
CUE_STATUS = {
    "report": "reported", "confirm": "confirmed", "deny": "denied", "allege": "alleged",
    "speculate": "speculated", "estimate": "estimated", "believe": "speculated", "intend": "reported",
    "stance": "reported",
}
# The certainty a status carries when nothing finer is known; hedges refine within a status.
STATUS_CERTAINTY = {
    "asserted": 3.0, "confirmed": 3.0, "reported": 3.0, "estimated": 1.5, "alleged": 0.75,
    "speculated": 0.75, "hypothetical": 0.0, "uncertain": 0.0, "denied": -3.0,
}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
RAISING_HEDGES = {"appear": 1.5, "seem": 1.5, "expect": 1.5, "believe": 1.5, "think": 1.5,
                  "likely": 1.5, "unlikely": -1.5, "say": 2.5, "report": 2.5, "rumor": 0.75, "rumour": 0.75}


@dataclass
class Assessment:
    status: str
    certainty: float
    hedges: list[str] = field(default_factory=list)


def verb_chain(tok: Token) -> list[Token]:
    """``tok`` and the heads that govern it within its clause: xcomp parents ("appears
    to show", "is expected to arrive") and the auxiliaries of each."""
    chain = [tok]
    cur = tok
    while cur.dep_ == "xcomp" and cur.head.i != cur.i:
        cur = cur.head
        chain.append(cur)
    out = []
    for t in chain:
        out.append(t)
        out.extend(c for c in t.children if c.dep_ in {"aux", "auxpass", "advmod", "neg"})
    return out


def clause_hedges(tok: Token) -> list[tuple[str, str, float]]:
    """Hedges on ``tok``'s verb chain as (words, status, certainty)."""
    found = []
    for t in verb_chain(tok):
        lemma = t.lemma_.lower()
        lower = t.lower_
        if t.dep_ in {"aux", "advmod"} and (lower in HEDGES or lemma in HEDGES):
            status, cert = HEDGES.get(lower) or HEDGES[lemma]
            if status != "asserted":
                found.append((t.text, status, cert))
        elif t.dep_ not in {"aux", "auxpass", "advmod", "neg"} and lemma in RAISING_HEDGES \
                and any(c.dep_ == "xcomp" for c in t.children):
            cert = RAISING_HEDGES[lemma]
            status = "reported" if lemma in {"say", "report"} else "speculated"
            passive = any(c.dep_ == "auxpass" for c in t.children)
            words = ("is " if passive else "") + t.text + " to"
            found.append((words.strip(), status, cert))
    return found


def is_condition(clause: Token) -> bool:
    """An adverbial clause that is a condition: "if"/"unless" with a subject of its own
    ("if the report was confirmed"), not an elliptical comparison ("if compared to")."""
    marks = [m for m in clause.children if m.dep_ == "mark" and m.lower_ in {"if", "unless"}]
    if not marks or any(m.i > 0 and m.doc[m.i - 1].lower_ == "as" for m in marks):
        return False  # "as if" compares, it does not set a condition
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in clause.children)


def conditional_on(tok: Token, scope: Optional[set[int]] = None) -> Optional[str]:
    """The word of an "if"/"unless" clause attached to ``tok``'s clause, if any."""
    for t in [tok] + [c for c in tok.children if c.dep_ == "conj"]:
        for c in t.children:
            if c.dep_ == "advcl" and is_condition(c):
                mark = next(m for m in c.children if m.dep_ == "mark" and m.lower_ in {"if", "unless"})
                if scope is None or mark.i in scope:
                    return mark.text
    return None


IGNORANCE = re.compile(
    r"\b(?:(?:do|does|did)(?: not|n't)(?: \w+)? know|(?:not|n't)(?: \w+)? (?:clear|known|certain|sure)"
    r"|unclear|no way of knowing|(?:not|n't|unable to)(?: \w+){0,3} (?:confirm|verify|verified|confirmed))\b")


def _ignorance(text: str) -> Optional[str]:
    """The words of an explicit statement that something is not known, if any."""
    m = IGNORANCE.search(text.lower().replace("\u2019", "'"))
    return m.group(0) if m else None


def assess(doc: Doc, content_heads: Iterable[Token], content_text: str, *, cue: Optional[Token] = None,
           cue_class: Optional[str] = None, negated: bool = False, agent: bool = True,
           scope: Optional[set[int]] = None) -> Assessment:
    """Status, certainty and hedge words of one claim.

    ``content_heads`` are the clause heads of the claim's text, ``cue`` the reporting
    word (if any), ``agent`` False when the cue's subject is no speaker ("footage
    shows") so a plain report cue says nothing about firmness."""
    heads = list(content_heads)
    used: list[str] = []

    def result(status: str, cert: Optional[float] = None) -> Assessment:
        c = STATUS_CERTAINTY[status] if cert is None else cert
        return Assessment(status, _bounded(status, c), used)

    cue_hedges = clause_hedges(cue) if cue is not None else []
    cue_conditional = cue is not None and (conditional_on(cue) or any(h[0].lower() == "would" for h in cue_hedges))
    # 1. denial
    if cue_class == "deny" and not negated:
        used.append(cue.text if cue is not None else "denied")
        return result("denied")
    # 2. conditionals
    for h in heads:
        word = conditional_on(h, scope)
        if word:
            used.append(word)
            would = next((x for x in clause_hedges(h) if x[0].lower() == "would"), None)
            if would:
                used.append(would[0])
            return result("hypothetical")
    if cue_conditional:
        used.append(next((h[0] for h in cue_hedges if h[0].lower() == "would"), None) or conditional_on(cue))
        return result("hypothetical")
    # 3. ignorance, or a content that is an open question ("investigating whether ...")
    ign = _ignorance(content_text)
    if ign:
        used.append(ign)
        return result("uncertain")
    whether = next((m for h in heads for m in h.children if m.dep_ == "mark" and m.lower_ == "whether"), None)
    if whether is not None and cue_class is not None:
        used.append(whether.text)
        return result("uncertain")
    # 4. negated cue
    if negated and cue_class:
        used.append("not " + (cue.text if cue is not None else cue_class))
        return result("speculated" if cue_class == "deny" else "uncertain")
    # 5-6. hedges on the content's own verbs and on the cue's chain; an evidential adverb
    # anywhere in the claim's own words counts too ("with 2,000 civilians reportedly killed")
    content_hedges = [x for h in heads for x in clause_hedges(h)]
    if scope:
        for i in sorted(scope):
            t = doc[i]
            if t.dep_ == "advmod" and t.lower_ in ADVERB_HEDGES and t.head.i in scope:
                status, cert = HEDGES[t.lower_]
                content_hedges.append((t.text, status, cert))
    weakest = None
    for words, status, cert in content_hedges + [h for h in cue_hedges if h[0].lower() != "would"]:
        if status == "hypothetical":
            if cue_class is not None:
                continue  # reported "would" is the future seen from the past ("said it would")
            used.append(words)
            return result("hypothetical")
        if weakest is None or cert < weakest[2]:
            weakest = (words, status, cert)
    cue_status = CUE_STATUS.get(cue_class or "", None)
    if cue_status in {"confirmed", "alleged", "speculated", "estimated"}:
        used.append(cue.text if cue is not None else cue_class)
        if weakest and weakest[1] in {"speculated", "alleged"} and cue_status != "estimated":
            used.append(weakest[0])
            return result(weakest[1], weakest[2])
        return result(cue_status)
    if weakest is not None:
        used.append(weakest[0])
        return result(weakest[1], weakest[2])
    if cue_status and agent:
        return result("reported")
    return result("asserted")


def _bounded(status: str, certainty: float) -> float:
    """Keep a certainty inside the band its status allows (docs/STATUS.md)."""
    low, high = {
        "asserted": (2.5, 3.0), "confirmed": (2.5, 3.0), "reported": (2.0, 3.0), "estimated": (1.0, 2.5),
        "alleged": (0.5, 1.5), "speculated": (-1.5, 2.0), "hypothetical": (-0.5, 0.5),
        "uncertain": (-0.5, 0.5), "denied": (-3.0, -1.0),
    }[status]
    return max(low, min(high, certainty))
