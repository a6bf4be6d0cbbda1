"""Turn detection: when does a claim cluster *turn* because of one new article?

A pure function over story details (the dicts of ``queries.story_detail``: a story with
``clusters``, each with ``positions`` -- who put the claim forward, with which status -- and
``estimates``), before and after the article.  Three turns, after the issue's brief:

* ``turned``: the cluster's first denial after confirmations (firm statuses: asserted,
  confirmed), or its first confirmation after denials only;
* ``new_estimate``: a figure outside the range of every earlier figure for the same thing
  counted (the unit, compared as ``stories.unit_key`` folds it);
* ``named_source``: a claim that rested on one unnamed source gets a named one.

The method is deliberately a diff of two snapshots rather than a rule fired on ingest: the
same function explains an alert after the fact (re-run it on the stored details) and is
tested without a database.  ``as_of`` builds a snapshot that holds only some articles, so a
batch of new articles is replayed one at a time in ingest order.
"""
from __future__ import annotations

from typing import Any, Iterable, Optional

from claimledger.record import COARSE_STATUS

KINDS = ("turned", "new_estimate", "named_source")


def coarse(status: Optional[str]) -> Optional[str]:
    return COARSE_STATUS.get(status or "")


def as_of(detail: Optional[dict[str, Any]], article_ids: Iterable[str]) -> Optional[dict[str, Any]]:
    """The story detail restricted to ``article_ids`` (None when none of them is in it)."""
    if detail is None:
        return None
    keep = set(article_ids)
    articles = [a for a in detail.get("articles", []) if a.get("id") in keep]
    if not articles:
        return None
    clusters = []
    for cluster in detail.get("clusters", []):
        positions = [p for p in cluster.get("positions", []) if p.get("article_id") in keep]
        estimates = [e for e in cluster.get("estimates", []) if e.get("article_id") in keep]
        if positions or estimates:
            clusters.append({**cluster, "positions": positions, "estimates": estimates})
    return {**detail, "articles": articles, "clusters": clusters}


def _is_named(position: dict[str, Any]) -> bool:
    """A named speaker: the watcher marks ``source_named`` from the ledger; without that mark a
    position with no ledger source (the outlet's own voice) counts as unnamed."""
    if "source_named" in position:
        return bool(position["source_named"])
    return position.get("source_id") is not None


def _speaker(position: dict[str, Any]) -> str:
    return str(position.get("source_id") if position.get("source_id") is not None else position.get("source"))


def _values(estimate: dict[str, Any]) -> list[float]:
    return [float(v) for v in (estimate.get("low"), estimate.get("high")) if v is not None]


def _unit(estimate: dict[str, Any]) -> str:
    from claimledger.ledger.stories import unit_key
    return unit_key(estimate.get("unit")) or "(no unit)"


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def _where(item: dict[str, Any]) -> str:
    return ", ".join(str(x) for x in (item.get("outlet"), item.get("published")) if x)


def turns(before: Optional[dict[str, Any]], after: dict[str, Any], article_id: str) -> list[dict[str, Any]]:
    """The alerts one article raises in one story: compare each cluster of ``after`` with the
    same cluster (by id) in ``before``.  Each alert is a dict with ``kind``, ``story_id``,
    ``cluster_id``, ``article_id``, ``message`` and ``payload`` (what the message says, as data)."""
    old_clusters = {c["id"]: c for c in (before or {}).get("clusters", [])}
    alerts = []
    for cluster in after.get("clusters", []):
        old = old_clusters.get(cluster["id"])
        if old is None:
            continue  # a cluster the article opens has no history to turn against
        new_positions = [p for p in cluster.get("positions", []) if p.get("article_id") == article_id]
        new_estimates = [e for e in cluster.get("estimates", []) if e.get("article_id") == article_id]
        found = (_status_turn(old, new_positions) + _estimate_turn(old, new_estimates)
                 + _named_source_turn(old, new_positions))
        for kind, message, payload in found:
            alerts.append({
                "kind": kind, "story_id": after.get("id"), "cluster_id": cluster["id"],
                "article_id": article_id,
                "message": f"{message} — {cluster.get('label') or after.get('label') or ''}".strip(" —"),
                "payload": {"kind": kind, "story_id": after.get("id"), "story_label": after.get("label"),
                            "cluster_id": cluster["id"], "cluster_label": cluster.get("label"),
                            "article_id": article_id, **payload},
            })
    return alerts


def _status_turn(old: dict[str, Any], new_positions: list[dict[str, Any]]) -> list[tuple]:
    """First denial after confirmations, or first confirmation after denials only."""
    old_classes = [coarse(p.get("status")) for p in old.get("positions", [])]
    confirmations, denials = old_classes.count("firm"), old_classes.count("negated")
    out = []
    denying = [p for p in new_positions if coarse(p.get("status")) == "negated"]
    confirming = [p for p in new_positions if coarse(p.get("status")) == "firm"]
    if confirmations and not denials and denying:
        p = denying[0]
        out.append(("turned",
                    f"First denial after {confirmations} confirmation{'s' * (confirmations > 1)}: "
                    f"{p.get('source')} denies it ({_where(p)})",
                    {"direction": "denied", "previous": {"firm": confirmations, "negated": 0},
                     "position": p}))
    elif denials and not confirmations and confirming:
        p = confirming[0]
        out.append(("turned",
                    f"First confirmation after {denials} denial{'s' * (denials > 1)}: "
                    f"{p.get('source')} {p.get('status')} it ({_where(p)})",
                    {"direction": "confirmed", "previous": {"firm": 0, "negated": denials},
                     "position": p}))
    return out


def _estimate_turn(old: dict[str, Any], new_estimates: list[dict[str, Any]]) -> list[tuple]:
    """A new figure outside the range so far, one alert per thing counted (the furthest figure)."""
    ranges: dict[str, list[float]] = {}
    for estimate in old.get("estimates", []):
        ranges.setdefault(_unit(estimate), []).extend(_values(estimate))
    out = []
    seen_units = set()
    for estimate in sorted(new_estimates, key=lambda e: -max(_values(e) or [0.0])):
        unit = _unit(estimate)
        known = ranges.get(unit)
        values = _values(estimate)
        if not known or not values or unit in seen_units:
            continue
        low, high = min(known), max(known)
        outside = [v for v in values if v < low or v > high]
        if not outside:
            continue
        seen_units.add(unit)
        direction = "above" if max(outside) > high else "below"
        out.append(("new_estimate",
                    f"New estimate {estimate.get('text')!s} from {estimate.get('source')} is {direction} "
                    f"the range so far ({_number(low)} to {_number(high)} {unit}; {_where(estimate)})",
                    {"unit": unit, "range": [low, high], "direction": direction, "estimate": estimate}))
    return out


def _named_source_turn(old: dict[str, Any], new_positions: list[dict[str, Any]]) -> list[tuple]:
    """A claim that rested on one unnamed source gets its first named one."""
    positions = old.get("positions", [])
    speakers = {_speaker(p) for p in positions}
    if len(speakers) != 1 or any(_is_named(p) for p in positions):
        return []
    named = [p for p in new_positions if _is_named(p)]
    if not named:
        return []
    p = named[0]
    return [("named_source",
             f"First named source: {p.get('source')} ({p.get('status')}; {_where(p)}), after only "
             f"{positions[0].get('source')}",
             {"previous_source": positions[0].get("source"), "position": p})]
