"""``analyze()``: one article in, its ``claimledger/1`` record out.  The stages in order:

clean -> parse (spaCy, once) -> attributions -> sources -> claim units -> status
-> quantities -> times -> headline -> Record (built once, here).

A body longer than ``part_chars`` is analysed in parts (``split_parts``): paragraph-aligned
regions, each parsed with one paragraph of context on either side so that an attribution
whose quote and cue sit in neighbouring paragraphs is still found; each part keeps the
claims that start in its own region, offsets are shifted into the whole text, and ids
renumbered (``_merge_parts``).  Time then grows linearly with length, and texts over
spaCy's ``max_length`` (1,000,000 characters, error E088) are analysed too.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Optional

from spacy.tokens import Doc

from . import headline as headline_stage
from .attribution import Attribution
from .claims import ClaimUnit, attribution_units, own_units
from .clean import clean
from .nlp import parse, parse_many
from .quantities import QuantityMention, find_quantities
from .record import Article, Claim, Quantity, Record, Source, TimeRef, article_id
from .sources import SourceTable, analyse_mention
from .status import assess, lower_unconfirmed
from .timex import TimeMention, find_times


# Parts of about 20,000 characters: the per-part cost left above linear (nested-attribution
# and source-resolution scans) stays small, and one paragraph of context either side adds
# about 5% (bench/bench_length.py).
PART_CHARS = 20_000
PARTS_PER_PARSE = 8  # parts parsed together: bounds the docs held in memory at once


def analyze(text: str, title: Optional[str] = None, published: Optional[str] = None,
            url: Optional[str] = None) -> Record:
    """Analyse one article.  ``text`` is the body (headline excluded), ``published``
    an ISO date (``YYYY-MM-DD``) against which relative times resolve."""
    return next(analyze_many([text], titles=[title], published=[published], urls=[url]))


def _valid_unicode(text: str) -> str:
    """Lone surrogates (from a Python caller; no reader yields them) as U+FFFD, one for one so
    offsets hold: spaCy and UTF-8 output cannot take them (found by tests/test_fuzz.py)."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def analyze_many(texts: Iterable[str], titles: Optional[Iterable[Optional[str]]] = None,
                 published: Optional[Iterable[Optional[str]]] = None,
                 urls: Optional[Iterable[Optional[str]]] = None, batch_size: int = 32,
                 part_chars: int = PART_CHARS) -> Iterator[Record]:
    """Analyse many articles, parsing them in batches; yields one record per text, in order.
    A body longer than ``part_chars`` characters is analysed in parts (``split_parts``)."""
    texts = [_valid_unicode(t) for t in texts]
    n = len(texts)
    titles = [_valid_unicode(t) if isinstance(t, str) else t for t in titles] if titles is not None else [None] * n
    dates = [_date(p) for p in (published if published is not None else [None] * n)]
    urls = list(urls) if urls is not None else [None] * n
    cleaned = [clean(t, title) for t, title in zip(texts, titles)]  # a headline printed again is cut
    docs = parse_many([c.text for c in cleaned if len(c.text) <= part_chars], batch_size=batch_size)
    for k, c in enumerate(cleaned):
        if len(c.text) <= part_chars:
            yield _record(next(docs), c, titles[k], dates[k], urls[k])
        else:
            yield _record_in_parts(c, titles[k], dates[k], urls[k], part_chars)


def _record(doc: Doc, cleaned, title: Optional[str], pub_date: Optional[dt.date], url: Optional[str]) -> Record:
    """The record of one parsed, cleaned article: every stage after parsing."""
    body = cleaned.text
    # stances ("criticized the ruling") stay in the clause that states them
    atts: list[Attribution] = [a for a in doc._.attributions if a.propositional]

    table = SourceTable()
    speakers: dict[int, Optional[str]] = {}
    agents: dict[int, bool] = {}
    vias: dict[int, list[str]] = {}
    for n, att in enumerate(atts):
        sid, agent = None, False
        if att.source is not None:
            cue_lemma = doc[att.cue_token].lemma_.lower() if att.cue_token is not None else None
            mention = analyse_mention(doc, att.source[0], att.source[1], att.source_token, cue_lemma)
            sid = table.add(mention)
            agent = sid is not None
        speakers[n], agents[n] = sid, agent
        vias[n] = [v for v in (table.add(analyse_mention(doc, s, e, None)) for s, e in att.via) if v]
        cited = [c for c in (table.add(analyse_mention(doc, s, e, None)) for s, e in att.cited) if c]
        if cited and agent:
            # "A told B, citing C": C is where the claim comes from, A then B carry it
            speakers[n], vias[n] = cited[0], [sid] + vias[n]

    units = attribution_units(doc, atts) + own_units(doc, atts)
    units = _dedupe(sorted(units, key=lambda u: (u.start, -u.end)))
    index = {id(a): n for n, a in enumerate(atts)}

    claims: list[Claim] = []
    for k, unit in enumerate(units, start=1):
        claims.append(_claim(doc, body, f"c{k}", unit, index, speakers, agents, vias))

    quantities = _quantities(doc, claims)
    # "The figure was not confirmed": lowers the claim it refers to (status.py)
    lower_unconfirmed(doc, claims, [u.scope for u in units])
    times = find_times(doc, pub_date)
    for claim, unit in zip(claims, units):
        claim.time = _claim_time(doc, claim, unit, times)

    head = None
    if title:
        title_doc = parse(title)
        head = headline_stage.compare(title, title_doc, doc, claims, [u.scope for u in units])

    return Record(
        article=Article(id=article_id(body), text=body, title=title or None,
                        published=pub_date.isoformat() if pub_date else None, url=url),
        removed=cleaned.removed,
        sources=table.sources,
        claims=claims,
        quantities=quantities,
        headline=head,
    )


def _claim(doc: Doc, body: str, cid: str, unit: ClaimUnit, index, speakers, agents, vias) -> Claim:
    att = unit.attribution
    text = body[unit.start:unit.end]
    if att is None:
        a = assess(doc, unit.heads, text, scope=unit.scope)
        return Claim(id=cid, text=text, start=unit.start, end=unit.end, kind="unattributed",
                     status=a.status, certainty=a.certainty, hedges=a.hedges)
    n = index[id(att)]
    cue_tok = doc[att.cue_token] if att.cue_token is not None else None
    # A report noun with no named reporter ("collapsed amid reports that ...") is still a
    # report; only a source that is no agent ("footage shows") says nothing of firmness.
    unsourced_noun = att.source is None and cue_tok is not None and cue_tok.pos_ == "NOUN"
    a = assess(doc, unit.heads, text, cue=cue_tok, cue_class=att.cue_class, negated=att.negated,
               agent=agents[n] or unsourced_noun, scope=unit.scope)
    sid = speakers[n] if agents[n] else None
    return Claim(id=cid, text=text, start=unit.start, end=unit.end, source=sid, via=vias[n],
                 cue=body[att.cue[0]:att.cue[1]] if att.cue else None,
                 kind=att.kind if sid is not None else "unattributed",
                 status=a.status, certainty=a.certainty, hedges=a.hedges)


def _dedupe(units: list[ClaimUnit]) -> list[ClaimUnit]:
    """One unit per span: an attribution's content wins over an own clause of the same span."""
    out: list[ClaimUnit] = []
    for u in units:
        same = next((o for o in out if (o.start, o.end) == (u.start, u.end)), None)
        if same is None:
            out.append(u)
        elif same.attribution is None and u.attribution is not None:
            out[out.index(same)] = u
    return out


def _innermost(claims: list[Claim], start: int, end: int) -> Optional[Claim]:
    inside = [c for c in claims if c.start <= start and end <= c.end]
    return min(inside, key=lambda c: c.end - c.start) if inside else None


def _quantities(doc: Doc, claims: list[Claim]) -> list[Quantity]:
    out = []
    mentions: list[QuantityMention] = find_quantities(doc)
    for k, m in enumerate(mentions, start=1):
        owner = _innermost(claims, m.start, m.end) or _innermost(claims, m.number_start, m.number_end)
        q = Quantity(id=f"q{k}", text=m.text, low=m.low, high=m.high, approximate=m.approximate,
                     unit=m.unit, claim=owner.id if owner else None, start=m.start, end=m.end)
        if owner is not None:
            owner.quantities.append(q.id)
        out.append(q)
    return out


def _claim_time(doc: Doc, claim: Claim, unit: ClaimUnit, times: list[TimeMention]) -> Optional[TimeRef]:
    """The first time inside the claim; else one that modifies the claim's cue
    ("confirmed on Wednesday", "last week dismissed claims")."""
    inside = [t for t in times if claim.start <= t.start and t.end <= claim.end]
    if not inside and unit.attribution is not None and unit.attribution.cue_token is not None:
        cue = doc[unit.attribution.cue_token]
        sent = cue.sent
        for t in times:
            span = doc.char_span(t.start, t.end, alignment_mode="expand")
            if span is None or span.sent != sent:
                continue
            if any(a.i == cue.i for a in span.root.ancestors) and not (unit.start <= t.start < unit.end):
                chain = [span.root] + [a for a in span.root.ancestors]
                path = chain[: next(i for i, a in enumerate(chain) if a.i == cue.i) + 1]
                if not any(a.dep_ in {"ccomp", "advcl", "relcl"} for a in path[:-1]):
                    inside.append(t)
    if not inside:
        inside = _conjunct_time(doc, unit, times)
    if not inside and unit.attribution is not None and unit.attribution.cue_token is not None:
        inside = _when_clause_time(doc, doc[unit.attribution.cue_token], unit, times)
    if not inside:
        return None
    t = inside[0]
    return TimeRef(text=t.text, start=t.date_start, end=t.date_end)


def _when_clause_time(doc: Doc, cue, unit: ClaimUnit, times: list[TimeMention]) -> list[TimeMention]:
    """A cue in a "when" clause happens at the time of the clause it modifies ("the story
    broke on Wednesday when the coach said ..."): that clause's own time adjunct (method:
    a temporal "when" clause is simultaneous with its main clause, Reichenbach's reference
    time)."""
    if cue.dep_ != "advcl" or not any(c.lower_ == "when" and c.dep_ in {"advmod", "mark"} for c in cue.children):
        return []
    return _times_governed_by(doc, cue.head, unit, times, {"ccomp", "advcl", "relcl", "conj", "xcomp", "acl"})


def _conjunct_time(doc: Doc, unit: ClaimUnit, times: list[TimeMention]) -> list[TimeMention]:
    """A clause split off a coordination shares the time of the clause it is joined to
    ("On Monday, 12 people were killed and 10 others were missing": both on Monday):
    a time whose dependency path reaches the first conjunct's verb through no other
    clause (method: the coordination-scope reading of a fronted or VP-level adjunct)."""
    out = []
    for head in unit.heads:
        if head.dep_ != "conj" or not head.head.pos_ in ("VERB", "AUX"):
            continue
        out += _times_governed_by(doc, head.head, unit, times, {"ccomp", "advcl", "relcl", "conj", "xcomp"})
    return out


def _times_governed_by(doc: Doc, verb, unit: ClaimUnit, times: list[TimeMention],
                       clause_deps: set[str]) -> list[TimeMention]:
    """The time mentions outside the claim whose dependency path reaches ``verb`` in its
    sentence without passing through another clause (an edge labelled in ``clause_deps``)."""
    out = []
    for t in times:
        if unit.start <= t.start < unit.end:
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None or span.sent != verb.sent:
            continue
        chain = [span.root] + list(span.root.ancestors)
        if verb in chain and not any(a.dep_ in clause_deps for a in chain[: chain.index(verb)]):
            out.append(t)
    return out


# -- long articles, in parts ----------------------------------------------------------

@dataclass
class Part:
    """One part of a long body: it owns the claims that start in ``[start, end)``; it is
    parsed as ``[context_start, context_end)``, its region plus a paragraph either side."""
    start: int
    end: int
    context_start: int
    context_end: int


def _paragraph_ends(text: str, limit: int) -> list[int]:
    """Offsets just after each newline; a paragraph longer than ``limit`` is cut after a
    sentence end, else after a space, else anywhere (a 5 MB line must still be cut)."""
    ends, start = [], 0
    while start < len(text):
        nl = text.find("\n", start)
        stop = len(text) if nl < 0 else nl + 1
        while stop - start > limit:
            window = text[start:start + limit]
            cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
            cut = cut + 2 if cut > limit // 2 else window.rfind(" ") + 1
            cut = cut if cut > limit // 2 else limit
            start += cut
            ends.append(start)
        ends.append(stop)
        start = stop
    return ends


def split_parts(text: str, part_chars: int = PART_CHARS) -> list[Part]:
    """Paragraph-aligned parts of about ``part_chars`` characters covering ``text``, each
    with the (non-blank) paragraph before and after it as context."""
    ends = _paragraph_ends(text, max(1, part_chars // 2))
    bounds, start = [], 0
    for end in ends:
        if end - start >= part_chars:
            bounds.append((start, end))
            start = end
    if start < len(text) or not bounds:
        bounds.append((start, len(text)))
    if len(bounds) > 1 and bounds[-1][1] - bounds[-1][0] < part_chars // 4:
        bounds[-2:] = [(bounds[-2][0], bounds[-1][1])]  # no tiny last part
    starts = [0] + ends

    def before(pos: int) -> int:  # start of the non-blank paragraph ending at pos
        k = _bisect(starts, pos) - 1
        while k > 0 and not text[starts[k - 1]:starts[k]].strip() and pos - starts[k - 1] < part_chars:
            k -= 1
        return starts[max(0, k - 1)] if k > 0 else 0

    def after(pos: int) -> int:  # end of the non-blank paragraph starting at pos
        k = _bisect(ends, pos)
        while k < len(ends) - 1 and not text[pos:ends[k]].strip() and ends[k] - pos < part_chars:
            k += 1
        return ends[min(k, len(ends) - 1)] if ends else len(text)

    return [Part(s, e, before(s) if s > 0 else 0, after(e) if e < len(text) else e) for s, e in bounds]


def _bisect(values: list[int], pos: int) -> int:
    """Index of the first value greater than ``pos``."""
    import bisect
    return bisect.bisect_right(values, pos)


def _record_in_parts(cleaned, title: Optional[str], pub_date: Optional[dt.date], url: Optional[str],
                     part_chars: int) -> Record:
    """The record of a long body, analysed part by part (module docstring)."""
    body = cleaned.text
    parts = split_parts(body, part_chars)
    records: list[tuple[Part, Record]] = []
    for first in range(0, len(parts), PARTS_PER_PARSE):
        group = parts[first:first + PARTS_PER_PARSE]
        windows = [body[p.context_start:p.context_end] for p in group]
        for k, (part, doc) in enumerate(zip(group, parse_many(windows))):
            window = replace(cleaned, text=windows[k], removed=[], paragraphs=[])
            # the headline is compared with the lede, i.e. with the first part
            records.append((part, _record(doc, window, title if part.start == 0 else None, pub_date, url)))
    return _merge_parts(cleaned, records, title, pub_date, url)


def _merge_parts(cleaned, records: list[tuple["Part", Record]], title: Optional[str],
                 pub_date: Optional[dt.date], url: Optional[str]) -> Record:
    """One record from the parts' records: each part's own claims (those starting in its
    region) and their quantities, offsets into the whole body, sources merged by name,
    role and kind, ids renumbered in text order."""
    body = cleaned.text
    sources: dict[tuple, Source] = {}
    claims: list[Claim] = []
    quantities: list[Quantity] = []
    claim_key: dict[tuple[int, str], Claim] = {}
    for n, (part, rec) in enumerate(records):
        shift = part.context_start
        local_source = {}
        for src in rec.sources:
            key = (src.name, src.role, src.kind)
            merged = sources.setdefault(key, Source(id=f"s{len(sources) + 1}", name=src.name, role=src.role,
                                                    kind=src.kind))
            merged.mentions += [m for m in src.mentions if m not in merged.mentions]
            local_source[src.id] = merged.id
        for c in rec.claims:
            if not part.start <= c.start + shift < part.end:
                continue
            kept = replace(c, start=c.start + shift, end=c.end + shift,
                           source=local_source.get(c.source) if c.source else None,
                           via=[local_source[v] for v in c.via if v in local_source], quantities=[])
            claims.append(kept)
            claim_key[(n, c.id)] = kept
        for q in rec.quantities:
            owner = claim_key.get((n, q.claim)) if q.claim else None
            start = q.start + shift if q.start is not None else None
            if owner is None and not (start is not None and part.start <= start < part.end):
                continue
            quantities.append(replace(q, start=start, end=q.end + shift if q.end is not None else None,
                                      claim=owner))  # the Claim object for now; its id below
    claims.sort(key=lambda c: (c.start, -c.end))
    unique: dict[tuple[int, int], Claim] = {}
    for c in claims:
        unique.setdefault((c.start, c.end), c)
    claims = list(unique.values())
    for k, c in enumerate(claims, start=1):
        c.id = f"c{k}"
    kept_claims = {id(c) for c in claims}
    by_span: dict[tuple, Quantity] = {}
    for q in sorted(quantities, key=lambda q: (q.start if q.start is not None else -1, q.claim is None)):
        by_span.setdefault((q.start, q.end), q)
    out_quantities = []
    for k, q in enumerate(by_span.values(), start=1):
        owner = q.claim if q.claim is not None and id(q.claim) in kept_claims else None
        q.id, q.claim = f"q{k}", owner.id if owner is not None else None
        if owner is not None:
            owner.quantities.append(q.id)
        out_quantities.append(q)
    used = {c.source for c in claims if c.source} | {v for c in claims for v in c.via}
    kept_sources = [s for s in sources.values() if s.id in used]
    renumber = {s.id: f"s{k}" for k, s in enumerate(kept_sources, start=1)}
    for s in kept_sources:
        s.id = renumber[s.id]
    for c in claims:
        c.source = renumber.get(c.source) if c.source else None
        c.via = [renumber[v] for v in c.via]
    head = records[0][1].headline if records else None
    return Record(
        article=Article(id=article_id(body), text=body, title=title or None,
                        published=pub_date.isoformat() if pub_date else None, url=url),
        removed=cleaned.removed, sources=kept_sources, claims=claims, quantities=out_quantities,
        headline=head)


def _date(published: Optional[str]) -> Optional[dt.date]:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError as exc:
        raise ValueError(f"published date must be YYYY-MM-DD, got {published!r}") from exc
