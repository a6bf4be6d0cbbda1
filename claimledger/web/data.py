"""What the REST API and the pages read from the ledger, as plain dicts.

Claims, sources, search and stories (events: sets of articles, with claim clusters
inside) come from ``claimledger.ledger.queries``; this module adds paging and the shapes
the pages need.

Pagination is by an opaque cursor: the offset, encoded.  Every cursor string of the
documented form decodes to some page (a past-the-end one is empty), so a client cannot
send a well-formed cursor the server rejects.
"""
from __future__ import annotations

import json
from collections import defaultdict
from typing import Any, Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimledger.ledger import queries
from claimledger.ledger.store import AlertRow, ArticleRow, ArticleSourceRow, ClaimRow, SourceRow
from claimledger.record import STATUSES, Record

CURSOR_PATTERN = r"^[0-9a-z]{1,12}$"
MAX_OFFSET = 36 ** 12


# -- cursors ---------------------------------------------------------------------------

def encode_cursor(offset: int) -> str:
    """An offset as a short base-36 string (opaque to clients)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    offset = max(0, offset)
    while True:
        offset, rest = divmod(offset, 36)
        out = digits[rest] + out
        if not offset:
            return out


def decode_cursor(cursor: Optional[str]) -> int:
    """The offset a cursor stands for; ValueError for a string not of the cursor's form."""
    if not cursor:
        return 0
    return int(cursor, 36)


def page(items: list[Any], offset: int, limit: int) -> dict[str, Any]:
    """``items`` holds up to limit + 1 rows from ``offset``: the extra one says a next page exists."""
    more = len(items) > limit
    return {"items": items[:limit], "next": encode_cursor(offset + limit) if more else None}


# -- articles --------------------------------------------------------------------------

def article_summary(row: ArticleRow, claims: int = 0) -> dict[str, Any]:
    return {"id": row.id, "title": row.title, "published": row.published, "url": row.url,
            "outlet": queries.outlet(row.url, row.title) if (row.url or row.title) else row.id,
            "origin": row.origin, "claims": claims}


def list_articles(session: Session, offset: int = 0, limit: int = 50) -> dict[str, Any]:
    """Articles, newest publication first (undated last), then newest ingested."""
    counts = (select(ClaimRow.article_id, func.count().label("n")).group_by(ClaimRow.article_id).subquery())
    rows = session.execute(
        select(ArticleRow, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.article_id == ArticleRow.id)
        .order_by(ArticleRow.published.is_(None), ArticleRow.published.desc(), ArticleRow.seq.desc())
        .offset(offset).limit(limit + 1)).all()
    return page([article_summary(row, n) for row, n in rows], offset, limit)


def article_record(session: Session, article_id: str) -> Optional[Record]:
    from claimledger.ledger.ingest_run import load_record
    return load_record(session, article_id)


def article_ledger_links(session: Session, article_id: str) -> dict[str, dict[str, Any]]:
    """Per claim (local id): its ledger source id and story, for links from the article page."""
    rows = session.execute(select(ClaimRow.local_id, ClaimRow.source_id, ClaimRow.story_id)
                           .where(ClaimRow.article_id == article_id)).all()
    return {local: {"source_id": source_id, "story": story} for local, source_id, story in rows}


# -- claims ----------------------------------------------------------------------------

def list_claims(session: Session, offset: int = 0, limit: int = 50, **filters) -> dict[str, Any]:
    """The CLI's ``claims`` filters (source, status, since, search, story), paged.

    Raises ValueError for an unknown status (the caller answers 400)."""
    rows = queries.claims(session, limit=offset + limit + 1, **filters)
    return page(rows[offset:], offset, limit)


# -- sources ---------------------------------------------------------------------------

def list_sources(session: Session, offset: int = 0, limit: int = 50, include_unnamed: bool = False) -> dict[str, Any]:
    rows = queries.sources(session, include_unnamed=include_unnamed)
    return page(rows[offset:offset + limit + 1], offset, limit)


def source_detail(session: Session, source_id: int) -> Optional[dict[str, Any]]:
    """One ledger source: who it is, its claims in time order (with their articles), counts by
    status, and per publication date the claims of each status (for the chart)."""
    row = session.get(SourceRow, source_id)
    if row is None:
        return None
    claims = session.execute(
        select(ClaimRow, ArticleRow.title, ArticleRow.url)
        .join(ArticleRow, ArticleRow.id == ClaimRow.article_id)
        .where(ClaimRow.source_id == source_id)
        .order_by(ClaimRow.published, ArticleRow.seq, ClaimRow.start)).all()
    items = []
    by_status: dict[str, int] = defaultdict(int)
    by_date: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for claim, title, url in claims:
        by_status[claim.status] += 1
        by_date[claim.published or "undated"][claim.status] += 1
        items.append({
            "id": f"{claim.article_id}:{claim.local_id}", "article": claim.article_id,
            "claim": claim.local_id, "title": title, "url": url,
            "outlet": queries.outlet(url, title) if (url or title) else claim.article_id,
            "published": claim.published, "status": claim.status, "certainty": claim.certainty,
            "cue": claim.cue, "hedges": json.loads(claim.hedges_json or "[]"), "text": claim.text,
            "story": claim.story_id})
    names = sorted({n for (n,) in session.execute(
        select(ArticleSourceRow.name).where(ArticleSourceRow.source_id == source_id)) if n != row.name})
    return {
        "id": row.id, "name": row.name, "role": row.role, "kind": row.kind, "articles": row.n_articles,
        "unnamed": row.key.startswith("unnamed:"), "also_called": names,
        "by_status": {s: by_status[s] for s in STATUSES if by_status.get(s)},
        "over_time": [{"date": date, "statuses": dict(counts)} for date, counts in sorted(by_date.items())],
        "claims": items,
    }


# -- stories ---------------------------------------------------------------------------

def list_stories(session: Session, limit: Optional[int] = None, since: Optional[str] = None) -> list[dict[str, Any]]:
    """Stories, biggest (most articles) first, then newest (``queries.list_stories`` ranks
    ties by claims; a reader wants the latest event first)."""
    stories = queries.list_stories(session, since=since)
    stories.sort(key=lambda s: (-len(s.get("articles") or []), _desc(s.get("last_seen"))))
    return stories[:limit] if limit else stories


def _desc(date: Optional[str]) -> tuple:
    """Sort key for newest first, undated last."""
    return (date is None, [-ord(ch) for ch in (date or "")])


def story_detail(session: Session, story_id: int) -> Optional[dict[str, Any]]:
    """``queries.story_detail`` with each position's local claim id (for links to the article)."""
    detail = queries.story_detail(session, story_id)
    if detail is None:
        return None
    for cluster in detail.get("clusters", []):
        for position in cluster.get("positions", []):
            claim_id = str(position.get("claim_id") or "")
            position["claim"] = claim_id.split(":", 1)[1] if ":" in claim_id else None
    return detail


def mark_named_sources(session: Session, detail: dict[str, Any]) -> dict[str, Any]:
    """Mark each position ``source_named``: a ledger source that is not an unnamed one."""
    ids = {p.get("source_id") for c in detail.get("clusters", []) for p in c.get("positions", [])}
    ids.discard(None)
    unnamed = {i for (i,) in session.execute(
        select(SourceRow.id).where(SourceRow.id.in_(ids), SourceRow.key.like("unnamed:%")))} if ids else set()
    for cluster in detail.get("clusters", []):
        for position in cluster.get("positions", []):
            sid = position.get("source_id")
            position["source_named"] = sid is not None and sid not in unnamed
    return detail


# -- alerts ----------------------------------------------------------------------------

def alert_dict(row: AlertRow) -> dict[str, Any]:
    return {"id": row.id, "created_at": row.created_at, "kind": row.kind, "story_id": row.story_id,
            "cluster_id": row.cluster_id, "article_id": row.article_id, "message": row.message,
            "payload": json.loads(row.payload_json or "{}"), "delivered_at": row.delivered_at}


def list_alerts(session: Session, offset: int = 0, limit: int = 50) -> dict[str, Any]:
    rows = session.scalars(select(AlertRow).order_by(AlertRow.id.desc()).offset(offset).limit(limit + 1)).all()
    return page([alert_dict(r) for r in rows], offset, limit)
