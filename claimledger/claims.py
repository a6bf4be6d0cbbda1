"""Claim units: what each claim's text is, before status, sources and numbers.

Two kinds of unit (DESIGN.md "The article's own claims"):
* the content of every attribution (reported speech, quotes, "according to");
* the article's own main clauses outside any attribution: sentence roots, conjuncts
  with a subject of their own, finite predicates conjoined to a cue verb that share its
  subject ("Acme forecast a profit ... and posted record shipments"), contrastive or concessive adverbial clauses ("while
  other videos show ...", "although ..."), and relative clauses that assert something
  of their own ("a photo, which appears to show ...").  Questions, fragments without a
  finite verb, imperatives and very short clauses are skipped; but a statement followed
  by a tag question ("..., right?", "... wasn't it?") is a statement, and a sentence
  that is one whole clause may be three words long ("No one laughed.").
* Where a cue is the open complement of an own clause ("X sought to explain his claim
  that Y", "declined to say whether Y", "were careful to say that Y") or a noun inside it
  ("X resigned after claims that Y", "shares fell amid reports that Y"), the clause keeps
  the source and cue words it is about; only Y is cut out.
  A relative clause inside a source ("the officer who stands charged with ...") is the
  article's own statement, not part of what the source says.
A unit keeps the tokens that head its clauses, for status.  A percent, per-mille or
degree sign stays with the number it follows ("20%"), though the tokenizer calls it
punctuation.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.tokens import Doc, Token

from .attribution import Attribution, char_span

SPLIT_MARKS = {"while", "whereas", "although", "though", "but"}
MIN_TOKENS = 4
MIN_SENTENCE_TOKENS = 3  # a whole one-clause sentence: "No one laughed."
# one-word tags closing a statement: "..., right?", "..., no?"
TAG_WORDS = {"right", "no", "eh", "ok", "okay", "correct", "innit", "surely"}
TAG_SEPARATORS = {",", "\u2026", "...", "-", "\u2013", "\u2014"}
# signs that belong to the number before them ("20%"), though the tokenizer calls them punctuation
NUMBER_SIGNS = {"%", "\u2030", "\u00b0"}
# roles a relative word fills in its clause ("rivers that overflowed", "the plan which he drew up")
GAP_ROLES = {"nsubj", "nsubjpass", "dobj", "pobj", "attr"}


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
        units.append(ClaimUnit(start, _with_number_sign(doc, end), heads, att, scope))
    return units


def own_units(doc: Doc, atts: list[Attribution]) -> list[ClaimUnit]:
    """The article's own clauses outside every attribution's source, cue and content."""
    content: set[int] = set()
    frames: list[tuple[int, set[int]]] = []  # (cue token, the source and cue words it frames)
    for att in atts:
        for s, e in att.content:
            content.update(t.i for t in _tokens_in(doc, s, e))
    for att in atts:
        frame: set[int] = set()
        if att.source:
            source = _tokens_in(doc, *att.source)
            frame.update(t.i for t in source if not _in_relative_clause(t, source, att.source_token))
        if att.cue:
            frame.update(t.i for t in _tokens_in(doc, *att.cue))
        if att.cue_token is not None:
            frames.append((att.cue_token, frame - content))
        else:
            frames.append((-1, frame - content))
    taken = content.union(*(f for _, f in frames))
    cue_heads = {a.cue_token for a in atts if a.cue_token is not None}
    units = []
    for sent in doc.sents:
        if sent.text.rstrip().endswith(":"):
            continue
        if sent.text.rstrip().endswith("?"):
            unit = _tagged_statement(sent, taken)
            if unit is not None:
                units.append(unit)
            continue
        before = len(units)
        heads = _clause_heads(sent)
        # "Acme forecast a profit of $5 million and posted record shipments": the cue's
        # clause is the attribution's, but a predicate conjoined to it is the article's own
        bare = [c for h in heads if h.i in cue_heads for c in _bare_conjuncts(h)
                if c.i not in taken and c.i not in cue_heads]
        for head in heads + bare:
            if head.i in taken or head.i in cue_heads:
                continue
            split = [c for c in _clause_heads(sent) if c.i != head.i and _in_subtree(c, head)]
            toks = [t for t in head.subtree if t.i not in taken
                    and not any(_in_subtree(t, c) for c in split)]
            toks = _trim_leading(toks)
            # an attribution embedded in this clause ("sought to explain his claim that
            # ..."): the clause is about its source and cue, so their words stay in it
            # (before the length check: "The company collapsed amid reports" is whole only with them)
            framed = {i for cue, frame in frames if cue >= 0 and (_complement_of(doc[cue], head)
                                                                   or _nominal_cue_in(doc[cue], head)) for i in frame}
            if framed:
                toks = _trim_leading(sorted(set(toks) | {doc[i] for i in framed if _in_subtree(doc[i], head)},
                                            key=lambda t: t.i))
            content_words = [t for t in toks if not (t.is_punct or t.is_space)]
            if not (_finite(head, toks) or head in bare) or len(content_words) < MIN_TOKENS and not (
                    len(content_words) >= MIN_SENTENCE_TOKENS and _whole_sentence(sent, head, toks)):
                continue
            span = char_span(toks)
            if span is None:
                continue
            # a verb the parser left loosely attached ("Footage shared online allegedly
            # depicts ...": depicts as 'dep') carries the clause's hedges too
            loose = [t for t in toks if t.head.i == head.i and t.dep_ in {"dep", "parataxis"} and t.pos_ == "VERB"]
            units.append(ClaimUnit(span[0], _with_number_sign(doc, span[1]), [head] + loose, None, {t.i for t in toks}))
        if len(units) == before and not heads:
            unit = _unparsed_sentence(sent, taken)
            if unit is not None:
                units.append(unit)
    return units


def _complement_of(cue: Token, head: Token) -> bool:
    """The cue is the open complement of ``head`` ("sought to explain", "tried to deny",
    "went on to say"), directly or through another ("wanted to try to explain") or through
    an adjective ("were careful to say", "was quick to deny")."""
    node = cue
    while node.dep_ in ("xcomp", "acomp") and node.head.i != node.i:
        node = node.head
        if node.i == head.i:
            return True
    return False


def _nominal_cue_in(cue: Token, head: Token) -> bool:
    """The cue is a noun inside the clause of ``head`` ("resigned after claims that ...",
    "collapsed amid reports that ..."): the clause states something of its own about
    those claims, so its subject and the noun stay in it; only the content is cut out."""
    return cue.pos_ == "NOUN" and cue.i != head.i and _in_subtree(cue, head)


def _with_number_sign(doc: Doc, end: int) -> int:
    """A span end moved over a percent, per-mille or degree sign that follows its number
    ("by 20%"): the tokenizer calls the sign punctuation, so span trimming cuts it."""
    span = doc.char_span(end, end + 1)
    if span is not None and len(span) == 1 and span[0].text in NUMBER_SIGNS and span[0].i > 0 \
            and doc[span[0].i - 1].like_num:
        return end + 1
    return end


def _in_relative_clause(tok: Token, span: list[Token], head: Optional[int]) -> bool:
    """A token of a relative clause on the source's head noun (``head``) in its ``span`` ("the
    officer who stands charged with ..."): the article's own statement about the source,
    not the source itself."""
    ids = {t.i for t in span}
    node = tok
    while node.i in ids:
        if node.dep_ == "relcl" and node.head.i == head:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _whole_sentence(sent, head: Token, toks: list[Token]) -> bool:
    """The unit is its sentence: one clause, its root, every word of it, and it ends like a
    statement."""
    words = [t for t in sent if not (t.is_punct or t.is_space)]
    return head.i == sent.root.i and len(words) == len([t for t in toks if not (t.is_punct or t.is_space)]) \
        and sent.text.rstrip().endswith((".", "!"))


def _tagged_statement(sent, taken: set[int]) -> Optional[ClaimUnit]:
    """A statement with a tag question ("you'll want to stay on the right side of the law,
    right?", "the particle was discovered last week... wasn't it?"): the statement before
    the tag is a claim; a question without a tag is not."""
    toks = [t for t in sent if not t.is_space]
    if len(toks) < 3 or toks[-1].text != "?":
        return None
    body = toks[:-1]
    if body[-1].lower_ in TAG_WORDS:
        tag_start = len(body) - 1
    else:
        k = len(body) - 1
        if body[k].pos_ != "PRON":
            return None
        k -= 1
        if body[k].lower_ in {"n't", "not"}:
            k -= 1
        if body[k].pos_ not in {"AUX", "VERB"} or body[k].lemma_ not in {"be", "do", "have", "will", "can", "shall",
                                                                           "would", "could", "should", "must"}:
            return None
        tag_start = k
    if tag_start < 1 or body[tag_start - 1].text not in TAG_SEPARATORS:
        return None
    statement = [t for t in body[:tag_start - 1] if t.i not in taken]
    ids = {t.i for t in statement}
    tops = [t for t in statement if t.head.i not in ids or t.head.i == t.i]
    verbs = [t for t in tops if t.pos_ in {"VERB", "AUX"}]
    if len(verbs) != 1:
        return None
    head = verbs[0]
    statement = _trim_leading(statement)
    if len([t for t in statement if not t.is_punct]) < MIN_TOKENS or not _finite(head, statement):
        return None
    span = char_span(statement)
    if span is None:
        return None
    return ClaimUnit(span[0], _with_number_sign(sent.doc, span[1]), [head], None, {t.i for t in statement})


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
        elif t.dep_ == "advcl" and t.i > root.i and _unmarked_finite(t):
            heads.append(t)
        elif t.dep_ == "relcl" and t.pos_ in {"VERB", "AUX"} and sum(1 for _ in t.subtree) >= MIN_TOKENS + 1 \
                and t.head.dep_ in {"nsubj", "nsubjpass", "dobj", "attr", "pobj", "appos"} \
                and (_non_restrictive(t) or t.head.dep_ in {"attr", "nsubj", "nsubjpass"}):
            heads.append(t)
    return heads


def _bare_conjuncts(head: Token) -> list[Token]:
    """Finite verbs conjoined to ``head`` that share its subject ("forecast a profit ... and
    posted record shipments"): each a predication of its own (Huddleston & Pullum 2002,
    coordination of verb phrases), found along the parse's ``conj`` chain."""
    out = []
    for c in head.children:
        if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} and c.i > head.i \
                and not any(g.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} for g in c.children) \
                and (c.tag_ in {"VBD", "VBZ", "VBP"} or any(g.dep_ in {"aux", "auxpass"} and g.tag_ in {"VBD", "VBZ", "VBP", "MD"}
                                                              for g in c.children)):
            out.append(c)
            out.extend(_bare_conjuncts(c))
    return out


def _unmarked_finite(clause: Token) -> bool:
    """An "adverbial" clause after the root with no subordinator or relative word, but a subject
    and a finite verb of its own ("Even though views differ on X, the fact that ... is not
    disputed by any analyst": the parser hung the main clause under the concession)."""
    kids = list(clause.children)
    if any(c.dep_ == "mark" or c.tag_ in {"WDT", "WP", "WRB"} for c in kids):
        return False
    if not any(c.dep_ in {"nsubj", "nsubjpass"} for c in kids):
        return False
    return clause.tag_ in {"VBD", "VBZ", "VBP"} or any(c.dep_ in {"aux", "auxpass"} and c.tag_ in {"VBD", "VBZ", "VBP", "MD"}
                                                       for c in kids)


def _non_restrictive(relcl: Token) -> bool:
    """A relative clause set off by a comma, dash or bracket ("the port cities, which were
    built on rivers"): it adds a statement of its own.  A restrictive one ("rivers that
    overflowed", "typhoons that strike the north") only says which thing is meant (the
    caller keeps it on a subject or a predicate noun: "the officer who stands charged with
    ...", "it's another player who could turn him down", where it carries news)."""
    i = relcl.left_edge.i
    if i > 0 and relcl.doc[i - 1].text in {",", "\u2014", "\u2013", "-", "(", ";"}:
        return True
    # no relative word filling a gap (a role no other word fills): a "that" clause the parser
    # hung on a noun ("told the Daily News that the company sold the truck", "reports in a
    # newspaper that militants had Ebola": "that" and "militants" both subjects)
    kids = list(relcl.children)
    if not any(c.tag_ in {"WDT", "WP", "WP$", "WRB"} or c.lower_ == "that" for c in kids):
        return False        # no relative word at all: a zero relative ("the declines they've seen") restricts
    return not any((c.tag_ in {"WDT", "WP", "WP$"} or c.lower_ == "that") and c.dep_ in GAP_ROLES
                   and not any(o.i != c.i and o.dep_ == c.dep_ for o in kids) for c in kids)


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
        or _misparsed_verb(head) or _misread_past(head)


def _misread_past(head: Token) -> bool:
    """A sentence root tagged as a participle that is a simple past ("Josh wooed Megan with
    ...", "the index advanced by the same margin to 7628.6; the other rose 0.2 per cent"):
    an active subject and an object or a finite clause of its own. A caption's participle
    ("Charles pictured in Aberdeenshire") has neither."""
    return head.dep_ == "ROOT" and head.tag_ == "VBN" and any(c.dep_ == "nsubj" for c in head.children) \
        and any(c.dep_ in {"dobj", "oprd"} or c.dep_ in {"ccomp", "conj"} and c.tag_ in {"VBD", "VBZ", "VBP"}
                and any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children) for c in head.children)


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
