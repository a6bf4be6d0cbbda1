"""schema.org ClaimReview as JSON-LD: one review per claim.

``claimReviewed`` is the claim's text; ``itemReviewed`` is a ``Claim`` with its
``author`` (the source: a ``Person`` or an ``Organization``; the outlet itself for the
article's own voice) and ``datePublished`` (the article's date), appearing in the
article (``appearance``: a ``NewsArticle``).  The ledger does not judge truth: the
``reviewRating``'s text (``alternateName``) is the ledger's status, how firmly the
article puts the claim forward, with the cue and hedges as its explanation.
"""
from __future__ import annotations

import json
from typing import IO, Any, Iterable, Optional
from urllib.parse import urlparse

from claimledger.record import Claim, Record, Source

CONTEXT = "https://schema.org"
REVIEWER = {"@type": "Organization", "name": "claimledger"}
# Certainty runs -3..+3 (FactBank scale); the rating keeps it on the same scale.
BEST_RATING, WORST_RATING = 3, -3
PERSON_KINDS = {"person", "unnamed"}


def _outlet(record: Record) -> Optional[str]:
    if record.article.url:
        host = urlparse(record.article.url).netloc
        return host[4:] if host.startswith("www.") else host or None
    return None


def _author(record: Record, source: Optional[Source]) -> dict[str, Any]:
    """The claim's author: its source, or the publishing outlet for the article's own voice."""
    if source is None:
        return {"@type": "Organization", "name": _outlet(record) or record.article.title or "the article"}
    author = {"@type": "Person" if source.kind in PERSON_KINDS else "Organization", "name": source.name}
    if source.role:
        author["jobTitle" if author["@type"] == "Person" else "description"] = source.role
    return author


def _explanation(claim: Claim) -> str:
    parts = []
    if claim.cue:
        parts.append(f"cue: {claim.cue}")
    if claim.hedges:
        parts.append("hedges: " + ", ".join(claim.hedges))
    return "; ".join(parts) or f"{claim.kind} claim, no cue or hedge"


def claim_review(record: Record, claim: Claim) -> dict[str, Any]:
    """One ClaimReview object for one claim of a record."""
    article = record.article
    appearance: dict[str, Any] = {"@type": "NewsArticle"}
    for key, value in (("url", article.url), ("headline", article.title), ("datePublished", article.published)):
        if value:
            appearance[key] = value
    item: dict[str, Any] = {"@type": "Claim", "author": _author(record, record.source(claim.source)),
                            "appearance": appearance}
    if article.published:
        item["datePublished"] = article.published
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "author": REVIEWER,
        "reviewRating": {
            "@type": "Rating",
            "alternateName": claim.status,
            "ratingValue": claim.certainty,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "ratingExplanation": _explanation(claim),
        },
    }
    if article.url:
        review["url"] = f"{article.url}#claimledger-{article.id}-{claim.id}"
    return review


def claim_reviews(records: Iterable[Record]) -> Iterable[dict[str, Any]]:
    for record in records:
        for claim in record.claims:
            yield claim_review(record, claim)


def write_claimreview(records: Iterable[Record], out: IO[str]) -> int:
    """A JSON array of ClaimReview objects (each a complete JSON-LD node); returns how many."""
    out.write("[")
    n = 0
    for review in claim_reviews(records):
        out.write(("," if n else "") + "\n" + json.dumps(review, ensure_ascii=False))
        n += 1
    out.write("\n]\n")
    return n
