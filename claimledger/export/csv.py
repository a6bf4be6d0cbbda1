"""CSV: one row per claim, with its article, source, status, time and quantities.

Optional ledger columns (``ledger_source``, ``story``) are filled when the caller passes
them per claim id; the single-article CLI leaves them empty."""
from __future__ import annotations

import csv
from typing import IO, Iterable, Optional

from claimledger.record import Record

COLUMNS = [
    "article_id", "published", "title", "url", "claim_id", "source", "source_role", "source_kind",
    "via", "cue", "kind", "status", "certainty", "hedges", "text", "start", "end",
    "time_text", "time_start", "time_end", "quantities", "ledger_source", "story",
]


def claim_rows(record: Record, extras: Optional[dict[str, dict]] = None) -> list[dict]:
    """The CSV rows of one record; ``extras`` maps claim id -> {ledger_source, story}."""
    quantities = {q.id: q for q in record.quantities}
    rows = []
    for claim in record.claims:
        source = record.source(claim.source)
        extra = (extras or {}).get(claim.id, {})
        rows.append({
            "article_id": record.article.id, "published": record.article.published,
            "title": record.article.title, "url": record.article.url, "claim_id": claim.id,
            "source": source.name if source else None, "source_role": source.role if source else None,
            "source_kind": source.kind if source else None,
            "via": "|".join(filter(None, (getattr(record.source(v), "name", None) for v in claim.via))),
            "cue": claim.cue, "kind": claim.kind, "status": claim.status, "certainty": claim.certainty,
            "hedges": "|".join(claim.hedges), "text": claim.text, "start": claim.start, "end": claim.end,
            "time_text": claim.time.text if claim.time else None,
            "time_start": claim.time.start if claim.time else None,
            "time_end": claim.time.end if claim.time else None,
            "quantities": "|".join(quantities[q].text for q in claim.quantities if q in quantities),
            "ledger_source": extra.get("ledger_source"), "story": extra.get("story"),
        })
    return rows


def write_csv(records: Iterable[Record], out: IO[str],
              extras_of: Optional[callable] = None) -> int:
    """Write a header and one row per claim; ``extras_of(record)`` may add ledger columns.
    Returns the number of rows."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    n = 0
    for record in records:
        for row in claim_rows(record, extras_of(record) if extras_of else None):
            writer.writerow(row)
            n += 1
    return n
