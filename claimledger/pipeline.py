"""``analyze()``: one article in, its ``claimledger/1`` record out.  The stages in order:

clean -> parse (spaCy, once) -> attributions -> sources -> claim units -> status
-> quantities -> times -> headline -> Record (built once, here).
"""
from __future__ import annotations

import datetime as dt
from typing import Iterable, Iterator, Optional

from spacy.tokens import Doc

from . import headline as headline_stage
from .attribution import Attribution
from .claims import ClaimUnit, attribution_units, own_units
from .clean import clean
from .nlp import parse, parse_many
from .quantities import QuantityMention, find_quantities
from .record import Article, Claim, Quantity, Record, TimeRef, article_id
from .sources import SourceTable, analyse_mention
from .status import assess
from .timex import TimeMention, find_times


def analyze(text: str, title: Optional[str] = None, published: Optional[str] = None,
            url: Optional[str] = None) -> Record:
    """Analyse one article.  ``text`` is the body (headline excluded), ``published``
    an ISO date (``YYYY-MM-DD``) against which relative times resolve."""
    return next(analyze_many([text], titles=[title], published=[published], urls=[url]))


def analyze_many(texts: Iterable[str], titles: Optional[Iterable[Optional[str]]] = None,
                 published: Optional[Iterable[Optional[str]]] = None,
                 urls: Optional[Iterable[Optional[str]]] = None, batch_size: int = 32) -> Iterator[Record]:
    """Analyse many articles, parsing them in batches; yields one record per text, in order."""
    texts = list(texts)
    n = len(texts)
    titles = list(titles) if titles is not None else [None] * n
    dates = [_date(p) for p in (published if published is not None else [None] * n)]
    urls = list(urls) if urls is not None else [None] * n
    cleaned = [clean(t) for t in texts]
    docs = parse_many([c.text for c in cleaned], batch_size=batch_size)
    for k, doc in enumerate(docs):
        yield _record(doc, cleaned[k], titles[k], dates[k], urls[k])


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

    units = attribution_units(doc, atts) + own_units(doc, atts)
    units = _dedupe(sorted(units, key=lambda u: (u.start, -u.end)))
    index = {id(a): n for n, a in enumerate(atts)}

    claims: list[Claim] = []
    for k, unit in enumerate(units, start=1):
        claims.append(_claim(doc, body, f"c{k}", unit, index, speakers, agents, vias))

    quantities = _quantities(doc, claims)
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
    a = assess(doc, unit.heads, text, cue=cue_tok, cue_class=att.cue_class, negated=att.negated,
               agent=agents[n], scope=unit.scope)
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
        return None
    t = inside[0]
    return TimeRef(text=t.text, start=t.date_start, end=t.date_end)


def _date(published: Optional[str]) -> Optional[dt.date]:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(str(published)[:10])
    except ValueError as exc:
        raise ValueError(f"published date must be YYYY-MM-DD, got {published!r}") from exc
