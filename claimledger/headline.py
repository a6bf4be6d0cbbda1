"""Headline versus body: is the headline firmer than the article behind it?

Method (DESIGN.md "Headline"):

1. Attribution in headlinese.  A short source before a colon ("Study: ...", "Reports:
   ...", "Police: ...") or after a colon or dash at the end ("...: report", "... -
   expert") is the headline's source: what remains is its claim, put forward as
   reported unless a confirm cue ("proves", "confirms") makes it firmer
   (``data/lexicons/headline_attribution.txt``, the source nouns of
   ``source_nouns.tsv``, or a name).
2. Status of the claim: the same evidence as body claims (``status.assess`` on the
   parsed headline; a confirm cue counts even in scare quotes), then the markers of
   headlinese ("feared", "reportedly", "may", "?"; ``headline_markers.tsv``); "claims" hedges
   as a verb of saying ("Ex-wife claims star hid millions"), not as the object of a
   preposition ("quits over bribery claims") nor as taking ("Fire claims three lives"); a
   verb inside quote marks ("Star 'to quit show'") makes the headline reported.  A
   headline with no verb, marker or number ("Flood latest", "Editor: the cost of it all")
   states no claim.
3. The best-matching body claim: the one sharing the most content (lemmas, folded to a
   stem, with headline words and their body paraphrases as one word,
   ``headline_synonyms.txt``: "kills" / "have died"), a shared number counting double and
   matched by value ("nine" = "9"); when the headline repeats a number, only the claims
   that state it are candidates; ties go to the claim whose shared words are rarer among
   the article's claims ("toll" over "storm" in a storm story), then to the earlier claim.
4. The headline is OVERSTATED only when it is firmer than that claim: firm (asserted,
   confirmed) or reported over a doubtful claim (alleged, speculated, hypothetical,
   uncertain), or not itself a denial over a denied claim.  A firm headline over a
   plainly reported claim is not overstated (headlines drop "police said" by
   convention), nor is a headline no body claim matches (nothing to compare with), nor
   one that quotes the claim's own words ("Keeper will miss games 'until the end of the season'").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from spacy.tokens import Doc

from .attribution import extract_attributions
from .lexicons import rows, words
from .nlp import parse as parse_text
from .quantities import _digit_value, _word
from .record import COARSE_STATUS, Claim, Headline
from .status import assess

CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
MIN_SHARED = 2          # content words (a number counts two) a matching claim must share
RANK = {"firm": 3, "reported": 2, "doubtful": 1, "negated": 0}
MAX_SOURCE_WORDS = 4    # "Study:", "Health officials:", "- body language expert"
NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP"}


@dataclass
class HeadlineReading:
    """What a headline says and how firmly: its status, the words that set it, its source
    (a prefix or suffix), and whether it states a claim at all."""
    status: str
    hedges: list[str] = field(default_factory=list)
    source: Optional[str] = None
    claim_start: int = 0          # the claim's characters in the headline
    claim_end: int = 0
    states_claim: bool = True


# ------------------------------------------------------------------ lexicons

@lru_cache(maxsize=1)
def _markers() -> dict[str, str]:
    return {r[0].lower(): r[1] for r in rows("headline_markers.tsv")}


@lru_cache(maxsize=1)
def _attribution_nouns() -> frozenset[str]:
    return words("headline_attribution.txt") | frozenset(r[0].lower() for r in rows("source_nouns.tsv"))


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, str]:
    """Word -> the first word of its group (headline_synonyms.txt); the first group wins."""
    out: dict[str, str] = {}
    for r in rows("headline_synonyms.txt"):
        group = r[0].lower().split()
        for w in group:
            out.setdefault(w, group[0])
            out.setdefault(_stem(w), group[0])
    return out


# ------------------------------------------------------------------ content and numbers

def _stem(w: str) -> str:
    for suffix in ("ian", "ean", "an", "ese", "ish", "ing", "ed", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def _content(token) -> Optional[str]:
    """A token's content word, stemmed and folded to its synonym group, or None."""
    if token.pos_ not in CONTENT_POS or token.is_stop or not token.is_alpha or len(token) < 2:
        return None
    syn = _synonyms()
    lemma = token.lemma_.lower()
    lower = token.lower_
    for form in (lemma, lower, _stem(lemma), _stem(lower)):
        if form in syn:
            return syn[form]
    return _stem(lemma)


def lemmas(doc_or_span) -> set[str]:
    """Content words of a span (nouns, names, verbs, adjectives, numbers), lowercased,
    stemmed ("Korea"/"Korean") and folded to their headline-synonym group."""
    return {c for c in (_content(t) for t in doc_or_span) if c}


def numbers(tokens) -> set[float]:
    """The values of the numbers written in ``tokens``: "10,000" and "nine" alike."""
    out = set()
    for t in tokens:
        if not t.like_num:
            continue
        value = _digit_value(t.text)
        if value is None:
            word = _word(t)
            value = word[0] if word and word[1] == "unit" else None
        if value is not None:
            out.add(value)
    return out


# ------------------------------------------------------------------ reading the headline

def _is_source(span) -> bool:
    """A headline's source: a short phrase ending in a source noun, or a name."""
    toks = [t for t in span if not t.is_punct]
    if not 1 <= len(toks) <= MAX_SOURCE_WORDS:
        return False
    last = toks[-1]
    if last.lower_ in _attribution_nouns() or last.lemma_.lower() in _attribution_nouns():
        return True
    return all(t.ent_type_ in NAME_ENTS or t.pos_ == "PROPN" for t in toks) and any(
        t.ent_type_ in NAME_ENTS for t in toks)


_PREFIX = re.compile(r"^\s*([^:]{1,60}?)\s*:\s+\S")
_SUFFIX = re.compile(r"\S\s*(?::|\s[-\u2013\u2014])\s*([^:\u2013\u2014]{1,60}?)\s*$")


def _source_parts(doc: Doc) -> tuple[Optional[str], int, int]:
    """(source, claim start, claim end): a source prefix "X: ..." or suffix "...: X" /
    "... - X" split off the headline."""
    text = doc.text
    m = _PREFIX.match(text)
    if m:
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is not None and _is_source(span):
            return m.group(1), m.end() - 1, len(text.rstrip())
    m = _SUFFIX.search(text)
    if m and m.start(1) > 0:
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is not None and _is_source(span):
            end = m.start() + 1
            return m.group(1), 0, end
    return None, 0, len(text.rstrip())


def _names_an_act(cue) -> bool:
    """"claims" with a noun object and no clause ("Fire claims three lives", "Rider claims
    title"): the verb of taking, not of saying; no allegation."""
    return cue is not None and cue.lemma_.lower() == "claim" and any(
        c.dep_ == "dobj" for c in cue.children) and not any(c.dep_ in ("ccomp", "xcomp") for c in cue.children)


def _status_of(doc: Doc) -> tuple[str, list[str]]:
    """The status of a parsed headline (or of its claim part) and the words that set it."""
    # a doc parsed by the shared pipeline already holds them (the attribution component)
    atts = doc._.attributions if doc._.attributions is not None else extract_attributions(doc)
    atts = [a for a in atts if not (a.cue_token is not None and _names_an_act(doc[a.cue_token]))]
    if doc.text.rstrip().endswith("?"):
        return "speculated", ["?"]
    if atts:
        att = max(atts, key=lambda a: a.span[1] - a.span[0])
        cue = doc[att.cue_token] if att.cue_token is not None else None
        heads = [t for s, e in att.content for t in (doc.char_span(s, e, alignment_mode="expand") or [])][:1]
        a = assess(doc, heads, doc.text, cue=cue, cue_class=att.cue_class, negated=att.negated,
                   agent=att.source is not None)
        if a.status == "reported" and att.source is None and not a.hedges:
            # a cue with no source and no hedge is headlinese for the outlet's own claim;
            # an impersonal "is said to" / "is reported to" keeps its hedge: reported
            return "asserted", a.hedges
        return a.status, a.hedges
    if not len(doc):
        return "asserted", []
    root = next(iter(doc.sents)).root
    a = assess(doc, [root], doc.text)
    return a.status, a.hedges


def read_headline(title_doc: Doc) -> HeadlineReading:
    """How the headline puts its claim forward (steps 1 and 2 of the module docstring);
    the claim part is parsed on its own when a source is split off."""
    source, start, end = _source_parts(title_doc)
    claim_doc = title_doc if source is None else parse_text(title_doc.text[start:end])
    status, hedges = _status_of(claim_doc)
    hedges = list(hedges)
    # headlinese markers ("feared", "Reportedly" in title case) the parse may miss
    if COARSE_STATUS[status] in ("firm", "reported"):
        for t in claim_doc:
            marked = _markers().get(t.lower_)
            if marked and t.lemma_.lower() == "claim" and (t.dep_ == "pobj" or _names_an_act(t)):
                continue    # "quits over bribery claims", "claims three lives": no allegation of the claim
            if marked and RANK[COARSE_STATUS[marked]] < RANK[COARSE_STATUS[status]]:
                status = marked
                hedges.append(t.text)
                break
    if source is not None and status == "asserted":
        status = "reported"
        hedges.append(source + ":")
    denial = _denies_a_claim(claim_doc)
    if denial and status != "denied":
        status, hedges = "denied", [denial]    # "Mayor rejects report she misused funds", however parsed
    quoted = _quoted_predicate(claim_doc)
    if source is None and status == "asserted" and quoted:
        status = "reported"         # "Star 'to quit show'": the quote marks attribute the claim
        hedges.append(quoted)
    # a verb, a headlinese marker or a number ("Striker out for six weeks") makes a claim
    states_claim = any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBG" for t in claim_doc) or \
        any(t.lower_ in _markers() for t in claim_doc) or bool(numbers(claim_doc))
    return HeadlineReading(status=status, hedges=hedges, source=source, claim_start=start, claim_end=end,
                           states_claim=states_claim)


@lru_cache(maxsize=1)
def _denial_words() -> tuple[frozenset[str], frozenset[str]]:
    """(denial verbs of cues.tsv, nouns of a proposition of claim_nouns.txt)."""
    return (frozenset(r[0].lower() for r in rows("cues.tsv") if len(r) > 2 and r[1] == "verb" and r[2] == "deny"),
            words("claim_nouns.txt"))


def _denies_a_claim(doc: Doc) -> Optional[str]:
    """The denial verb of a headline "X denies ...", "X rejects/dismisses claims (that) ...",
    read from the surface: the parser often takes "Mayor rejects" for a noun phrase and
    "report" for the verb.  "denies" denies whatever follows; "rejects", "dismisses" and the
    like deny only a claim noun within three words ("rejects bribery claims"), not a thing
    turned down ("rejects offer")."""
    verbs, nouns = _denial_words()
    toks = list(doc)
    for k, t in enumerate(toks[:-1]):
        w = t.lower_
        base = next((b for b in (w[:-3] + "y" if w.endswith("ies") else None, w[:-2] if w.endswith("es") else None,
                                 w[:-1] if w.endswith("s") else None) if b in verbs), None)
        if base is None or k == 0:
            continue
        if base == "deny":
            return t.text
        for u in toks[k + 1:k + 4]:
            if u.lower_ in nouns or u.lower_.rstrip("s") in nouns:
                return t.text
    return None


FINITE_OR_BASE = {"VB", "VBD", "VBZ", "VBP", "VBN"}


def _quoted_predicate(doc: Doc) -> Optional[str]:
    """The quoted words of a headline whose verb is inside quote marks ("Star 'to quit
    show'", "Council 'ignored flood warnings'"): headlinese for a claim someone made, so
    reported, not asserted.  Scare quotes on a word or a noun phrase ("agrees 'record'
    deal", "hunt 'armed and dangerous' man") attribute no claim."""
    for m in _QUOTED.finditer(doc.text):
        span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
        if span is None or len(m.group(1).split()) < 2:
            continue
        if any(t.pos_ in ("VERB", "AUX") and t.tag_ in FINITE_OR_BASE and t.is_alpha for t in span):
            return m.group(0).strip(" (")
    return None


def headline_status(doc: Doc) -> tuple[str, list[str]]:
    """The status of a parsed headline and the words that set it."""
    reading = read_headline(doc)
    return reading.status, reading.hedges


# ------------------------------------------------------------------ the verdict

def best_match(title_doc: Doc, body_doc: Doc, claims: list[Claim],
               scopes: list[set[int]]) -> tuple[Optional[Claim], int]:
    """The body claim that shares the most content with the headline (step 3), and its weight."""
    head_words = lemmas(title_doc)
    head_numbers = numbers(title_doc)
    best: Optional[Claim] = None
    best_weight = 0
    pairs = [(c, [body_doc[i] for i in sorted(scope)]) for c, scope in zip(claims, scopes)]
    words_of = [lemmas(toks) for _, toks in pairs]
    # a word shared with many claims ("storm" in a storm story) tells less than a rarer one
    spread = {w: sum(w in ws for ws in words_of) for w in head_words}
    # a number the headline repeats points at the claims it comes from
    with_number = [k for k, (c, toks) in enumerate(pairs) if head_numbers & numbers(toks)]
    best_key = (0, 0.0)
    for k in with_number or range(len(pairs)):
        c, toks = pairs[k]
        shared = head_words & words_of[k]
        weight = len(shared) + 2 * len(head_numbers & numbers(toks))
        key = (weight, sum(1 / spread[w] for w in shared))     # ties: the rarer shared words win
        if weight > 0 and key > best_key:
            best, best_weight, best_key = c, weight, key
    return best, best_weight


def firmer(head_status: str, claim_status: str) -> bool:
    """Step 4: the headline puts forward more firmly than the claim it rests on."""
    head, claim = COARSE_STATUS[head_status], COARSE_STATUS[claim_status]
    if head == "negated" or RANK[head] < RANK["reported"]:
        return False
    return claim in ("negated", "doubtful")


_QUOTED = re.compile(r"(?:^|[\s(])['\u2018\"\u201c]([^'\u2019\"\u201d]{3,80})['\u2019\"\u201d](?=[\s,.:;!?)]|$)")


def quotes_from(title: str, claim_text: str) -> bool:
    """The headline quotes the claim's speaker: a quoted phrase of two words or more whose
    words (three in four) are the claim's.  A headline that repeats what was said, in
    quotes, reports it; it does not put it more firmly."""
    claim_words = set(re.findall(r"\w+", claim_text.lower()))
    for m in _QUOTED.finditer(title):
        quoted = re.findall(r"\w+", m.group(1).lower())
        if len(quoted) >= 2 and sum(w in claim_words for w in quoted) >= 0.75 * len(quoted):
            return True
    return False


def compare(title: str, title_doc: Doc, body_doc: Doc, claims: list[Claim],
            scopes: list[set[int]]) -> Headline:
    """The record's headline entry for ``title`` against the body's ``claims``; each
    claim is compared on its own words (``scopes``: token indices), not on clauses
    nested in it that are claims of their own."""
    reading = read_headline(title_doc)
    best, weight = best_match(title_doc, body_doc, claims, scopes)
    overstated, reason = False, None
    if reading.states_claim and best is not None and weight >= MIN_SHARED and firmer(reading.status, best.status) \
            and not quotes_from(title, best.text):
        overstated = True
        how = f" ({', '.join(reading.hedges)})" if reading.hedges else ""
        hedged = f" ({', '.join(best.hedges)})" if best.hedges else ""
        reason = (f"the headline is {reading.status}{how}, but the body's closest claim, "
                  f"\"{_short(best.text)}\", is {best.status}{hedged}")
    return Headline(text=title, status=reading.status, overstated=overstated, reason=reason)


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."
