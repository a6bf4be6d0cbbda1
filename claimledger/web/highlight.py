"""An article's text cut into runs for highlighting: plain text, or text inside claims.

Method: every claim start and end is a cut; a run between two cuts belongs to the claims
covering it, and is drawn in the colour of the innermost one (the latest start, then the
shortest) so a nested claim stays visible inside the one around it.  Offsets are the
record's (``str`` offsets into ``article.text``); the runs, joined, are the text exactly.
"""
from __future__ import annotations

import re
from typing import Any, Optional

from claimledger.record import Record


def runs(text: str, claims: list[Any]) -> list[dict[str, Any]]:
    """``[{"text", "claim": claim id or None, "first": first run of that claim}]``, in order."""
    spans = [(c.start, c.end, c.id) for c in claims if 0 <= c.start < c.end <= len(text)]
    cuts = sorted({0, len(text)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    out, seen = [], set()
    for left, right in zip(cuts, cuts[1:]):
        covering = [(s, e, cid) for s, e, cid in spans if s <= left and right <= e]
        claim = max(covering, key=lambda c: (c[0], -(c[1] - c[0])))[2] if covering else None
        if out and out[-1]["claim"] == claim:
            out[-1]["text"] += text[left:right]
            continue
        out.append({"text": text[left:right], "claim": claim, "first": claim is not None and claim not in seen})
        if claim is not None:
            seen.add(claim)
    return out


def paragraphs(text: str, claims: list[Any]) -> list[list[dict[str, Any]]]:
    """The runs split at newlines: one list of runs per paragraph (blank lines dropped)."""
    out: list[list[dict[str, Any]]] = [[]]
    for run in runs(text, claims):
        pieces = run["text"].split("\n")
        for i, piece in enumerate(pieces):
            if i:
                out.append([])
            if piece:
                out[-1].append({**run, "text": piece, "first": run["first"] and i == 0})
    return [p for p in out if any(r["text"].strip() for r in p)]


def outrun_claim(record: Record) -> Optional[str]:
    """The claim an overstated headline outruns: the one its reason quotes."""
    headline = record.headline
    if not headline or not headline.overstated or not headline.reason:
        return None
    for quoted in re.findall(r'"([^"]+)"', headline.reason):
        for claim in record.claims:
            if quoted.strip() and quoted.strip() in claim.text:
                return claim.id
    return None
