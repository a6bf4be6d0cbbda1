"""View models: records and ledger rows shaped for the templates (pure functions)."""
from __future__ import annotations

from typing import Any, Optional
from urllib.parse import urlparse

from claimledger.report import quantity_text
from claimledger.record import COARSE_STATUS, STATUSES, Record
from claimledger.web.highlight import outrun_claim, paragraphs

# What each status means, for the legend (after docs/OUTPUT.md's table).
STATUS_MEANING = {
    "asserted": "stated as fact, no hedge",
    "confirmed": "a source confirms or acknowledges it",
    "reported": "neutral reported speech, 'according to'",
    "estimated": "a source estimates; about, approximately",
    "alleged": "allegedly, claims, accused",
    "speculated": "may, might, could, appears",
    "hypothetical": "conditional: if, would",
    "denied": "a source denies, dismisses or rejects it",
    "uncertain": "the speaker says it is not known",
}


def safe_url(url: Optional[str]) -> Optional[str]:
    """An article's address as a link target only when it is http(s): never javascript: or data:."""
    if not url:
        return None
    try:
        scheme = urlparse(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def number(value: Optional[float]) -> str:
    if value is None:
        return "?"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def quantity_label(q: Any) -> str:
    """A figure as bounds: "~3,000 troops", "≤10,000 troops", "14–30 people" (as the report prints it)."""
    return quantity_text(q)


def time_label(time: Any) -> Optional[str]:
    if time is None:
        return None
    if time.start and time.end and time.end != time.start:
        span = f"{time.start} to {time.end}"
    else:
        span = time.start or time.end or "unresolved"
    return f"{time.text} ({span})"


def article_view(record: Record, links: Optional[dict[str, dict[str, Any]]] = None) -> dict[str, Any]:
    """Everything the article page shows: paragraphs of runs, one card per claim, the legend,
    the headline verdict with the claim it outruns, and the removed clutter."""
    links = links or {}
    quantities = {q.id: q for q in record.quantities}
    cards = {}
    for claim in record.claims:
        source = record.source(claim.source)
        cards[claim.id] = {
            "id": claim.id, "text": claim.text, "status": claim.status,
            "coarse": COARSE_STATUS.get(claim.status, ""), "certainty": claim.certainty,
            "source": source.name if source else None, "role": source.role if source else None,
            "kind": source.kind if source else None,
            "via": [record.source(v).name if record.source(v) else v for v in claim.via],
            "cue": claim.cue, "claim_kind": claim.kind, "hedges": claim.hedges,
            "time": time_label(claim.time),
            "numbers": [quantity_label(quantities[q]) for q in claim.quantities if q in quantities],
            "source_id": links.get(claim.id, {}).get("source_id"),
            "story": links.get(claim.id, {}).get("story"),
        }
    used = [s for s in STATUSES if any(c.status == s for c in record.claims)]
    return {
        "article": record.article, "url": safe_url(record.article.url),
        "paragraphs": paragraphs(record.article.text, record.claims),
        "cards": cards, "claims": [cards[c.id] for c in record.claims],
        "legend": [{"status": s, "meaning": STATUS_MEANING[s],
                    "count": sum(1 for c in record.claims if c.status == s)} for s in used],
        "headline": record.headline, "outruns": outrun_claim(record),
        "removed": record.removed, "sources": record.sources,
    }
