"""Headline versus body: is the headline firmer than the article behind it?

Method (DESIGN.md "Headline"): the headline is parsed as a sentence of its own and
given a status with the same evidence as body claims; a confirm cue counts even in
scare quotes ("flag 'flies' ... 'confirming' ..."), and a question mark or a hedge
makes it doubtful.  Its closest body claim is the one sharing the most content lemmas
(nouns, proper nouns, verbs, adjectives, numbers).  The headline is overstated when it
is firm (asserted or confirmed) while that claim is doubtful, merely reported or
denied, or when no body claim shares enough words with it to support it.
"""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc

from .attribution import extract_attributions
from .record import COARSE_STATUS, Claim, Headline
from .status import assess

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
MIN_SHARED = 3


def lemmas(doc_or_span) -> set[str]:
    """Content lemmas, lowercased, with 'Korea'/'Korean' style pairs folded to a stem."""
    out = set()
    for t in doc_or_span:
        if t.pos_ in CONTENT_POS and not t.is_stop and t.is_alpha and len(t) > 1:
            out.add(_stem(t.lemma_.lower()))
    return out


def numbers(tokens) -> set[str]:
    """The digits-and-separators form of every number token ("10,000" -> "10000")."""
    return {t.text.replace(",", "") for t in tokens if t.like_num and any(ch.isdigit() for ch in t.text)}


def _stem(w: str) -> str:
    for suffix in ("ian", "ean", "an", "ese", "ish", "ing", "ed", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def headline_status(doc: Doc) -> tuple[str, list[str]]:
    """The status of a parsed headline and the words that set it."""
    atts = extract_attributions(doc)
    root = next(iter(doc.sents)).root if len(doc) else None
    if doc.text.rstrip().endswith("?"):
        return "speculated", ["?"]
    if atts:
        att = max(atts, key=lambda a: a.span[1] - a.span[0])
        cue = doc[att.cue_token] if att.cue_token is not None else None
        heads = [t for s, e in att.content for t in (doc.char_span(s, e, alignment_mode="expand") or [])][:1]
        a = assess(doc, heads, doc.text, cue=cue, cue_class=att.cue_class, negated=att.negated,
                   agent=att.source is not None)
        if a.status == "reported" and att.source is None:
            return "asserted", a.hedges
        return a.status, a.hedges
    if root is None:
        return "asserted", []
    a = assess(doc, [root], doc.text)
    return a.status, a.hedges


def compare(title: str, title_doc: Doc, body_doc: Doc, claims: list[Claim],
            scopes: list[set[int]]) -> Headline:
    """The record's headline entry for ``title`` against the body's ``claims``; each
    claim is compared on its own words (``scopes``: token indices), not on clauses
    nested in it that are claims of their own."""
    status, words = headline_status(title_doc)
    firm = COARSE_STATUS[status] == "firm"
    head_lemmas = lemmas(title_doc)
    best: Optional[Claim] = None
    head_numbers = numbers(title_doc)
    pairs = [(c, [body_doc[i] for i in sorted(scope)]) for c, scope in zip(claims, scopes)]
    # a number the headline repeats points at the claims it comes from
    with_number = [(c, toks) for c, toks in pairs if head_numbers & numbers(toks)]
    best_weight = 0
    for c, toks in with_number or pairs:
        shared = head_lemmas & lemmas(toks)
        weight = len(shared) + 2 * len(head_numbers & numbers(toks))
        if weight > best_weight or (weight == best_weight and best is not None and weight > 0
                                    and c.end - c.start < best.end - best.start):
            best, best_weight = c, weight
    overstated = False
    reason = None
    if firm and (best is None or best_weight < MIN_SHARED):
        overstated = bool(claims)
        reason = "no claim in the body states what the headline says" if overstated else None
    elif firm and best is not None and COARSE_STATUS[best.status] != "firm":
        overstated = True
        how = f" ({', '.join(words)})" if words else ""
        hedged = f" ({', '.join(best.hedges)})" if best.hedges else ""
        reason = (f"the headline is {status}{how}, but the body's closest claim, "
                  f"\"{_short(best.text)}\", is {best.status}{hedged}")
    return Headline(text=title, status=status, overstated=overstated, reason=reason)


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."
