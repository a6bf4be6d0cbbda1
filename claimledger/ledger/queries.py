"""Queries over the ledger: counts, claims, sources and story timelines, as plain dicts.

Full-text search uses each database's own engine: SQLite's FTS5 table ``claims_fts``
(every word of the query must match, Porter-stemmed) and PostgreSQL's
``to_tsvector('english', text) @@ plainto_tsquery('english', :q)``, the expression of
its GIN index.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any, Optional
from urllib.parse import urlparse

from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import Session

from claimledger.ledger.sources import org_key, person_key, status_counts
from claimledger.ledger.stories import unit_key
from claimledger.ledger.store import (
    ArticleRow, ArticleSourceRow, ClaimClusterRow, ClaimRow, QuantityRow, SourceRow, StoryRow,
)
from claimledger.record import COARSE_STATUS, STATUSES

ARTICLE_VOICE = "(the article)"


# -- full-text search ---------------------------------------------------------------

def fts5_query(query: str, any_word: bool = False) -> str:
    """A user's words as an FTS5 query: each word quoted (no operator injection), all
    required (or any one, with ``any_word``)."""
    words = _content_words(query) if any_word else re.findall(r"\w+", query)
    return (" OR " if any_word else " ").join(f'"{w}"' for w in words)


def _content_words(query: str) -> list[str]:
    """The query's words less spaCy's English stop words (an OR of "the" matches everything)."""
    from spacy.lang.en.stop_words import STOP_WORDS
    return [w for w in re.findall(r"\w+", query) if w.lower() not in STOP_WORDS]


def search_condition(session: Session, query: str, any_word: bool = False):
    """A WHERE condition on ``claims`` for claims whose text matches ``query``."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        match = fts5_query(query, any_word)
        if not match:
            return text("0 = 1")
        return text("claims.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH :fts_q)"
                    ).bindparams(fts_q=match)
    if dialect == "postgresql":
        if any_word:
            words = _content_words(query)
            if not words:
                return text("false")
            # Each word through plainto_tsquery (stemmed, stop words dropped), OR-ed together.
            ors = " || ".join(f"plainto_tsquery('english', :fts_w{i})" for i in range(len(words)))
            return text(f"to_tsvector('english', claims.text) @@ ({ors})").bindparams(
                **{f"fts_w{i}": w for i, w in enumerate(words)})
        return text("to_tsvector('english', claims.text) @@ plainto_tsquery('english', :fts_q)"
                    ).bindparams(fts_q=query)
    return ClaimRow.text.ilike(f"%{query}%")


# -- counts -------------------------------------------------------------------------

def stats(session: Session) -> dict[str, Any]:
    """Counts of articles, claims, sources, stories (events) and claim clusters (propositions)."""
    count = lambda q: session.scalar(q) or 0  # noqa: E731
    by_status = dict(session.execute(select(ClaimRow.status, func.count()).group_by(ClaimRow.status)).all())
    return {
        "articles": count(select(func.count()).select_from(ArticleRow)),
        "claims": count(select(func.count()).select_from(ClaimRow)),
        "sources": count(select(func.count()).select_from(SourceRow).where(~SourceRow.key.like("unnamed:%"))),
        "unnamed_sources": count(select(func.count()).select_from(SourceRow).where(SourceRow.key.like("unnamed:%"))),
        "stories": count(select(func.count()).select_from(StoryRow)),
        "stories_with_2_articles_or_more": count(select(func.count()).select_from(StoryRow)
                                                 .where(StoryRow.n_articles >= 2)),
        "claim_clusters": count(select(func.count()).select_from(ClaimClusterRow)),
        "claim_clusters_with_2_articles_or_more": count(select(func.count()).select_from(ClaimClusterRow)
                                                        .where(ClaimClusterRow.n_articles >= 2)),
        "articles_without_story": count(select(func.count()).select_from(ArticleRow)
                                        .where(ArticleRow.story_id.is_(None))),
        "quantities": count(select(func.count()).select_from(QuantityRow)),
        "claims_by_status": {s: by_status.get(s, 0) for s in STATUSES if by_status.get(s)},
    }


# -- claims -------------------------------------------------------------------------

def statuses_for(names: Optional[str]) -> Optional[list[str]]:
    """Fine statuses for a comma list of fine or coarse names ("denied", "doubtful,negated")."""
    if not names:
        return None
    wanted = set()
    for name in (n.strip().lower() for n in names.split(",") if n.strip()):
        coarse = [s for s, c in COARSE_STATUS.items() if c == name]
        if name in STATUSES:
            wanted.add(name)
        elif coarse:
            wanted.update(coarse)
        else:
            raise ValueError(f"unknown status {name!r}: one of {', '.join(STATUSES)} "
                             f"or firm, reported, doubtful, negated")
    return sorted(wanted)


def matching_source_ids(session: Session, name: str) -> list[int]:
    """Ledger sources a user means by ``name``: same person/org key, or the name contained."""
    keys = {k for k in (person_key(name), org_key(name)) if k}
    rows = session.scalars(select(SourceRow.id).where(or_(
        SourceRow.key.in_(keys), SourceRow.name.ilike(f"%{name}%")))).all()
    return list(rows)


def _who(source_name: Optional[str], article_source_name: Optional[str], where: str) -> str:
    """The speaker of a claim: its ledger source, else the article's own name for it, else
    the outlet itself ("islandpost.example (the article)")."""
    return source_name or article_source_name or f"{where} {ARTICLE_VOICE}"


def claims(session: Session, source: Optional[str] = None, status: Optional[str] = None,
           since: Optional[str] = None, search: Optional[str] = None, story: Optional[int] = None,
           limit: Optional[int] = None) -> list[dict[str, Any]]:
    """Claims filtered by source, status (fine or coarse), publication date and text."""
    article_source = ArticleSourceRow
    query = (
        select(ClaimRow, ArticleRow.title, ArticleRow.url, SourceRow.name, article_source.name)
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .outerjoin(SourceRow, SourceRow.id == ClaimRow.source_id)
        .outerjoin(article_source, and_(article_source.article_id == ClaimRow.article_id,
                                        article_source.local_id == ClaimRow.article_source))
    )
    if source:
        query = query.where(ClaimRow.source_id.in_(matching_source_ids(session, source) or [-1]))
    wanted = statuses_for(status)
    if wanted:
        query = query.where(ClaimRow.status.in_(wanted))
    if since:
        query = query.where(ClaimRow.published >= since)
    if search:
        query = query.where(search_condition(session, search))
    if story is not None:
        query = query.where(ClaimRow.story_id == story)
    query = query.order_by(ClaimRow.published, ArticleRow.seq, ClaimRow.start)
    if limit:
        query = query.limit(limit)
    return [_claim_dict(c, title, url, name, local_name)
            for c, title, url, name, local_name in session.execute(query)]


def _claim_dict(c: ClaimRow, title, url, source_name, article_source_name) -> dict[str, Any]:
    where = outlet(url, title) if (url or title) else c.article_id
    return {
        "id": f"{c.article_id}:{c.local_id}", "article": c.article_id, "title": title, "url": url,
        "outlet": where,
        "published": c.published, "source": _who(source_name, article_source_name, where),
        "source_id": c.source_id, "status": c.status, "certainty": c.certainty, "cue": c.cue,
        "hedges": json.loads(c.hedges_json or "[]"), "text": c.text,
        "time": {"text": c.time_text, "start": c.time_start, "end": c.time_end} if c.time_text else None,
        "story": c.story_id,
    }


# -- sources ------------------------------------------------------------------------

def sources(session: Session, include_unnamed: bool = False, limit: Optional[int] = None) -> list[dict[str, Any]]:
    """Ledger sources with their article count and claims by status, most claims first."""
    query = select(SourceRow)
    if not include_unnamed:
        query = query.where(~SourceRow.key.like("unnamed:%"))
    rows = session.scalars(query).all()
    counts = status_counts(session)
    out = []
    for row in rows:
        by_status = counts.get(row.id, {})
        out.append({"id": row.id, "name": row.name, "role": row.role, "kind": row.kind,
                    "articles": row.n_articles, "claims": sum(by_status.values()),
                    "by_status": {s: by_status[s] for s in STATUSES if s in by_status}})
    out.sort(key=lambda s: (-s["claims"], -s["articles"], s["name"].lower()))
    return out[:limit] if limit else out


# -- stories ------------------------------------------------------------------------
# A story is an event (a set of articles); a claim cluster is one proposition inside it
# (see stories.py).  The dict shapes below are an interface of the web UI and alerts.

def _article_dict(row: ArticleRow) -> dict[str, Any]:
    return {"id": row.id, "origin": row.origin, "title": row.title, "url": row.url,
            "published": row.published, "outlet": outlet(row.url, row.title) if (row.url or row.title) else row.id}


def _story_articles(session: Session, story_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not story_ids:
        return out
    rows = session.scalars(select(ArticleRow).where(ArticleRow.story_id.in_(story_ids))
                           .order_by(ArticleRow.published, ArticleRow.seq)).all()
    for row in rows:
        out[row.story_id].append(_article_dict(row))
    return out


def list_stories(session: Session, limit: Optional[int] = None, since: Optional[str] = None) -> list[dict[str, Any]]:
    """Stories biggest first (articles, then claims): each with its articles in date order,
    first and last dates and its number of claims.  ``since``: stories with an article
    published on or after that date."""
    query = select(StoryRow).order_by(StoryRow.n_articles.desc(), StoryRow.n_claims.desc(), StoryRow.id)
    if since:
        query = query.where(StoryRow.last_seen >= since)
    if limit:
        query = query.limit(limit)
    rows = session.scalars(query).all()
    articles = _story_articles(session, [r.id for r in rows])
    return [{"id": r.id, "label": r.label, "articles": articles.get(r.id, []), "first_seen": r.first_seen,
             "last_seen": r.last_seen, "claims": r.n_claims} for r in rows]


def story_detail(session: Session, story_id: int) -> Optional[dict[str, Any]]:
    """One story: its articles and its claim clusters (biggest first), each cluster with the
    position of every claim in it (who, when, status, stance: confirms / denies / reports)
    and the numeric estimates side by side."""
    from claimledger.ledger.stories import stance_of
    from claimledger.ledger.store import ClaimClusterRow
    row = session.get(StoryRow, story_id)
    if row is None:
        return None
    articles = _story_articles(session, [story_id]).get(story_id, [])
    clusters = session.scalars(select(ClaimClusterRow).where(ClaimClusterRow.story_id == story_id)).all()
    article_source = ArticleSourceRow
    claim_rows = session.execute(
        select(ClaimRow, ArticleRow.title, ArticleRow.url, ArticleRow.seq, SourceRow.name, article_source.name)
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .outerjoin(SourceRow, SourceRow.id == ClaimRow.source_id)
        .outerjoin(article_source, and_(article_source.article_id == ClaimRow.article_id,
                                        article_source.local_id == ClaimRow.article_source))
        .where(ClaimRow.story_id == story_id, ClaimRow.cluster_id.is_not(None))
        .order_by(ClaimRow.published, ArticleRow.seq, ClaimRow.start)).all()
    quantities: dict[int, list[QuantityRow]] = defaultdict(list)
    for q in session.scalars(select(QuantityRow).join(ClaimRow, ClaimRow.id == QuantityRow.claim_id)
                             .where(ClaimRow.story_id == story_id).order_by(QuantityRow.id)):
        quantities[q.claim_id].append(q)
    positions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    estimates_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for c, title, url, _seq, source_name, local_name in claim_rows:
        where = outlet(url, title) if (url or title) else c.article_id
        who = _who(source_name, local_name, where)
        positions[c.cluster_id].append({
            "article_id": c.article_id, "outlet": where, "published": c.published, "source": who,
            "source_id": c.source_id, "status": c.status, "stance": stance_of(c.status),
            "claim_text": c.text, "claim_id": f"{c.article_id}:{c.local_id}"})
        for q in quantities.get(c.id, []):
            if q.low is None and q.high is None:
                continue
            estimates_of[c.cluster_id].append({
                "article_id": c.article_id, "outlet": where, "published": c.published, "source": who,
                "low": q.low, "high": q.high, "approximate": q.approximate, "unit": q.unit, "text": q.text})
    out_clusters = [{"id": k.id, "label": k.label, "positions": positions.get(k.id, []),
                     "estimates": estimates_of.get(k.id, [])} for k in clusters]
    out_clusters.sort(key=lambda k: (-len({p["article_id"] for p in k["positions"]}), -len(k["positions"]), k["id"]))
    return {"id": row.id, "label": row.label, "first_seen": row.first_seen, "last_seen": row.last_seen,
            "articles": articles, "clusters": out_clusters}


def find_story(session: Session, query: str) -> Optional[int]:
    """The story a query means: a story id, else the story holding most claims that match the
    words (ties: more articles), else the story whose headline+lede centroid is nearest the
    query's embedding."""
    if query.strip().isdigit():
        story_id = int(query)
        return story_id if session.get(StoryRow, story_id) else None
    for any_word in (False, True):  # all the words first, then any of them
        hits = session.execute(
            select(ClaimRow.story_id, func.count(), StoryRow.n_articles)
            .join(StoryRow, StoryRow.id == ClaimRow.story_id)
            .where(search_condition(session, query, any_word))
            .group_by(ClaimRow.story_id, StoryRow.n_articles)
        ).all()
        if hits:
            return max(hits, key=lambda h: (h[1], h[2], -h[0]))[0]
    return nearest_story(session, query)


def nearest_story(session: Session, query: str) -> Optional[int]:
    """The story whose centroid is nearest the query's embedding (loads the model)."""
    from claimledger.ledger.embeddings import embed
    from claimledger.ledger.stories import StoryIndex
    if not session.scalar(select(func.count()).select_from(StoryRow)):
        return None
    found = StoryIndex.reader(session).vectors.search(embed([query])[0], 1)
    return found[0][0] if found else None


def story(session: Session, query: str) -> Optional[dict[str, Any]]:
    """A story (by id or words) as :func:`story_detail` gives it, each claim cluster with its
    sources' statuses over time, agreement or contradiction, and its estimates grouped by
    the thing counted (lowest to highest)."""
    story_id = find_story(session, query)
    if story_id is None:
        return None
    found = story_detail(session, story_id)
    row = session.get(StoryRow, story_id)
    found["claims"] = row.n_claims
    for cluster in found["clusters"]:
        timeline = [{"source": p["source"], "status": p["status"], "published": p["published"],
                     "article": p["article_id"]} for p in cluster["positions"]]
        cluster["sources"] = story_sources(timeline)
        cluster["agreement"] = agreement(timeline)
        cluster["ranges"] = estimate_ranges(cluster["estimates"])
    return found


def story_sources(timeline: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each source with its statuses in time order and the latest one."""
    by_source: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in timeline:
        by_source[entry["source"]].append({"date": entry["published"], "status": entry["status"],
                                           "article": entry["article"]})
    out = []
    for name, history in by_source.items():
        out.append({"source": name, "statuses": history, "latest": history[-1]["status"],
                    "first_seen": history[0]["date"], "last_seen": history[-1]["date"]})
    return out


def agreement(timeline: list[dict[str, Any]]) -> str:
    """``contradicted`` when one source denies what another puts forward; ``agreed`` when two
    or more sources put it forward and none denies; else ``single source``."""
    denying = {e["source"] for e in timeline if COARSE_STATUS.get(e["status"]) == "negated"}
    affirming = {e["source"] for e in timeline if COARSE_STATUS.get(e["status"]) != "negated"}
    if denying and affirming - denying:
        return "contradicted"
    if len(affirming | denying) >= 2 and not denying:
        return "agreed"
    return "single source"


def estimate_ranges(estimates: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A cluster's estimates grouped by the thing counted, with the range from the lowest to
    the highest figure and how many sources gave one."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in estimates:
        groups[unit_key(item["unit"]) or "(no unit)"].append(item)
    out = []
    for unit, values in groups.items():
        numbers = [v for item in values for v in (item["low"], item["high"]) if v is not None]
        out.append({"unit": unit, "values": values, "min": min(numbers), "max": max(numbers),
                    "sources": len({v["source"] for v in values})})
    out.sort(key=lambda g: (-len(g["values"]), g["unit"]))
    return out


def outlet(url: Optional[str], title: Optional[str]) -> str:
    """A short name for where an article appeared: the URL's host, else its title."""
    if url:
        host = urlparse(url).netloc
        return host[4:] if host.startswith("www.") else host
    return title or "?"
