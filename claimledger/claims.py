"""Claim units: what each claim's text is, before status, sources and numbers.

Two kinds of unit (DESIGN.md "The article's own claims"):
* the content of every attribution (reported speech, quotes, "according to");
* the article's own main clauses outside any attribution: sentence roots, conjuncts
  with a subject of their own, contrastive or concessive adverbial clauses ("while
  other videos show ...", "although ..."), and relative clauses that assert something
  of their own ("a photo, which appears to show ...").  Questions, fragments without a
  finite verb, imperatives and very short clauses are skipped.
A unit keeps the tokens that head its clauses, for status.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Token

from .attribution import Attribution, char_span

SPLIT_MARKS = {"while", "whereas", "although", "though", "but"}
MIN_TOKENS = 4


@dataclass
class ClaimUnit:
    start: int
    end: int
    heads: list[Token]
    attribution: Optional[Attribution] = None
    scope: set[int] = field(default_factory=set)  # token indices the claim covers


def attribution_units(doc: Doc, atts: list[Attribution]) -> list[ClaimUnit]:
    """One unit per attribution: its content's outer span, headed by the content's clause roots."""
    units = []
    for att in atts:
        start, end = att.span
        toks = [t for s, e in att.content for t in _tokens_in(doc, s, e)]
        scope = {t.i for t in toks}
        heads = [t for t in toks if t.head.i not in scope or t.head.i == t.i]
        units.append(ClaimUnit(start, end, heads, att, scope))
    return units


def own_units(doc: Doc, atts: list[Attribution]) -> list[ClaimUnit]:
    """The article's own clauses outside every attribution's source, cue and content."""
    taken: set[int] = set()
    for att in atts:
        for s, e in att.content + ([att.source] if att.source else []) + ([att.cue] if att.cue else []):
            taken.update(t.i for t in _tokens_in(doc, s, e))
    cue_heads = {a.cue_token for a in atts if a.cue_token is not None}
    units = []
    for sent in doc.sents:
        if sent.text.rstrip().endswith("?") or sent.text.rstrip().endswith(":"):
            continue
        before = len(units)
        heads = _clause_heads(sent)
        for head in heads:
            if head.i in taken or head.i in cue_heads:
                continue
            split = [c for c in _clause_heads(sent) if c.i != head.i and _in_subtree(c, head)]
            toks = [t for t in head.subtree if t.i not in taken
                    and not any(_in_subtree(t, c) for c in split)]
            toks = _trim_leading(toks)
            content_words = [t for t in toks if not (t.is_punct or t.is_space)]
            if len(content_words) < MIN_TOKENS or not _finite(head, toks):
                continue
            span = char_span(toks)
            if span is None:
                continue
            # a verb the parser left loosely attached ("Footage shared online allegedly
            # depicts ...": depicts as 'dep') carries the clause's hedges too
            loose = [t for t in toks if t.head.i == head.i and t.dep_ in {"dep", "parataxis"} and t.pos_ == "VERB"]
            units.append(ClaimUnit(span[0], span[1], [head] + loose, None, {t.i for t in toks}))
        if len(units) == before and not heads:
            unit = _unparsed_sentence(sent, taken)
            if unit is not None:
                units.append(unit)
    return units


def _unparsed_sentence(sent, taken: set[int]) -> Optional[ClaimUnit]:
    """A full sentence the parser left without a verbal root ("Verma defied bosses'
    orders ..." read as one noun phrase): kept whole as a claim when it is long, ends
    like a sentence and has a verb somewhere, so no statement is lost."""
    toks = _trim_leading([t for t in sent if t.i not in taken])
    words = [t for t in toks if not (t.is_punct or t.is_space)]
    verbs = [t for t in toks if t.pos_ in {"VERB", "AUX"} or t.tag_ in {"VBD", "VBZ", "VBP"}]
    if len(words) < 6 or not verbs or not sent.text.rstrip().endswith((".", "!", '"', "\u201d")):
        return None
    span = char_span(toks)
    if span is None:
        return None
    return ClaimUnit(span[0], span[1], verbs[:1], None, {t.i for t in toks})


def _clause_heads(sent) -> list[Token]:
    """Roots, subject-bearing conjuncts, contrastive adverbial clauses and assertive
    relative clauses of one sentence."""
    heads = []
    root = sent.root
    if root.pos_ in {"VERB", "AUX"} or _misparsed_verb(root):
        heads.append(root)
    for t in sent:
        if t.i == root.i:
            continue
        if t.dep_ == "conj" and t.pos_ in {"VERB", "AUX"} and any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in t.children):
            heads.append(t)
        elif t.dep_ in {"advcl", "ccomp"} and any(m.dep_ == "mark" and m.lower_ in SPLIT_MARKS for m in t.children):
            heads.append(t)
        elif t.dep_ == "relcl" and t.pos_ in {"VERB", "AUX"} and sum(1 for _ in t.subtree) >= MIN_TOKENS + 1 \
                and t.head.dep_ in {"nsubj", "nsubjpass", "dobj", "attr", "pobj", "appos"}:
            heads.append(t)
    return heads


def _misparsed_verb(tok: Token) -> bool:
    """A root the tagger called a noun but that heads a clause ("The Tour almost never
    comments on ...": a subject, and a verb-like -s/-ed form)."""
    return tok.pos_ == "NOUN" and tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children) \
        and tok.tag_ in {"NNS", "VBZ", "VBD"}


def _in_subtree(tok: Token, head: Token) -> bool:
    return head.left_edge.i <= tok.i <= head.right_edge.i and (tok.i == head.i or any(a.i == head.i for a in tok.ancestors))


def _finite(head: Token, toks: list[Token]) -> bool:
    """A clause with a finite verb or a subject: not a caption fragment or an imperative."""
    has_subject = any(c.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for c in head.children)
    if head.dep_ == "relcl":
        return True
    if not has_subject:
        return False
    return head.tag_ in {"VBD", "VBZ", "VBP", "MD"} or any(c.dep_ in {"aux", "auxpass"} for c in head.children) \
        or _misparsed_verb(head)


def _trim_leading(toks: list[Token]) -> list[Token]:
    """Drop a leading sentence adverb or conjunction ("However,", "But", "While")."""
    toks = sorted(toks, key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].dep_ in {"cc", "mark"}
                    or (toks[0].dep_ == "advmod" and toks[0].lower_ in {"however", "meanwhile", "still", "also", "moreover", "yet"})):
        toks.pop(0)
    return toks


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []
