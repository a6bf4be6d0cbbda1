"""``claimledger watch`` and ``claimledger alerts``: follow feeds and folders, raise alerts.

One cycle: re-read every feed (a local RSS/Atom file, or an http(s) URL fetched with a
timeout) and folder; ingest what is new through the ledger's ingest (idempotent by content
hash, so a re-read costs a hash and a lookup per item); then, for every story a new article
joined, replay the new articles one at a time in ingest order and ask
``alerts.turns(before, after, article)`` whether a claim cluster turned.  Alerts are stored
in ``alerts`` and, with ``--webhook URL``, POSTed as JSON; a receiver that is down costs a
line on stderr, and every alert still undelivered (``delivered_at`` null) is tried again on
the next cycle or run with a webhook, so none is lost.
"""
from __future__ import annotations

import json
import re
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator, Optional

from claimledger.ledger import DEFAULT_DB, ENV_DB

FETCH_TIMEOUT = 30.0
WEBHOOK_TIMEOUT = 10.0
MAX_FEED_BYTES = 50 * 1024 * 1024


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def parse_every(text: str) -> float:
    """A period such as 90s, 10m, 2h, 1d (a bare number is seconds); ValueError otherwise."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text or "")
    if not match or float(match.group(1)) <= 0:
        raise ValueError(f"--every must be a period such as 30s, 10m or 2h, got {text!r}")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]


# -- reading the watched inputs -------------------------------------------------------------

def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def fetch(url: str, timeout: float = FETCH_TIMEOUT) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "claimledger-watch"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.read(MAX_FEED_BYTES + 1)[:MAX_FEED_BYTES]


def read_sources(sources: Iterable[str], fmt: Optional[str] = None) -> Iterator[Any]:
    """Every article of every watched feed, file or folder (InputError items for what failed)."""
    from claimledger.ingest import InputError, read_bytes
    from claimledger.ledger.ingest_run import iter_inputs
    for source in sources:
        if is_url(source):
            try:
                payload = fetch(source)
            except (OSError, ValueError) as error:
                yield InputError(f"{source}: {getattr(error, 'reason', None) or error}")
                continue
            try:
                for item in read_bytes(payload, source, fmt=fmt or "feed"):
                    yield item
            except InputError as error:
                yield error
        else:
            yield from iter_inputs([source], fmt)


# -- one cycle ------------------------------------------------------------------------------

@dataclass
class Cycle:
    ingested: int = 0
    unchanged: int = 0
    skipped: int = 0
    alerts: list[dict[str, Any]] = field(default_factory=list)
    delivered: int = 0
    failed_deliveries: int = 0

    def line(self) -> str:
        return (f"{now()} watch: {self.ingested} new, {self.unchanged} unchanged, {self.skipped} skipped; "
                f"{len(self.alerts)} alert(s)" + (f", {self.delivered} delivered" if self.delivered else "")
                + (f", {self.failed_deliveries} not delivered" if self.failed_deliveries else ""))


def detect_alerts(session, new_article_ids: list[str]) -> list[dict[str, Any]]:
    """Alerts for articles just ingested (ids in ingest order), story by story."""
    from sqlalchemy import select

    from claimledger.ledger.alerts import as_of, turns
    from claimledger.ledger.store import ArticleRow
    from claimledger.web import data
    if not new_article_ids:
        return []
    new = set(new_article_ids)
    touched = sorted({sid for (sid,) in session.execute(
        select(ArticleRow.story_id).where(ArticleRow.id.in_(new), ArticleRow.story_id.is_not(None)))})
    alerts = []
    for story_id in touched:
        detail = data.story_detail(session, story_id)
        if detail is None:
            continue
        data.mark_named_sources(session, detail)
        ids = [a["id"] for a in detail.get("articles", [])]
        seq = dict(session.execute(select(ArticleRow.id, ArticleRow.seq).where(ArticleRow.id.in_(ids))).all())
        for article_id in sorted((i for i in ids if i in new), key=lambda i: seq.get(i, 0)):
            mark = seq.get(article_id, 0)
            before = as_of(detail, [i for i in ids if seq.get(i, 0) < mark])
            after = as_of(detail, [i for i in ids if seq.get(i, 0) <= mark])
            if after is not None:
                alerts.extend(turns(before, after, article_id))
    return alerts


def store_alerts(session, alerts: list[dict[str, Any]]) -> list[int]:
    from claimledger.ledger.store import AlertRow
    rows = [AlertRow(created_at=now(), kind=a["kind"], story_id=a.get("story_id"), cluster_id=a.get("cluster_id"),
                     article_id=a.get("article_id"), message=a["message"],
                     payload_json=json.dumps(a.get("payload", {}), ensure_ascii=False, default=str))
            for a in alerts]
    session.add_all(rows)
    session.commit()
    return [r.id for r in rows]


def deliver(session, webhook: str, alert_ids: Iterable[int], report: Callable[[str], None]) -> tuple[int, int]:
    """POST each undelivered alert as JSON; mark ``delivered_at`` on a 2xx answer.  Returns
    (delivered, failed); a failure is reported and left for the next try."""
    from claimledger.ledger.store import AlertRow
    from claimledger.web.data import alert_dict
    delivered = failed = 0
    for alert_id in alert_ids:
        row = session.get(AlertRow, alert_id)
        if row is None or row.delivered_at:
            continue
        body = json.dumps({"type": "claimledger.alert", "alert": alert_dict(row)}, ensure_ascii=False).encode()
        request = urllib.request.Request(webhook, data=body, method="POST",
                                         headers={"Content-Type": "application/json",
                                                  "User-Agent": "claimledger-watch"})
        try:
            with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
                ok = 200 <= response.status < 300
        except (OSError, ValueError) as error:
            report(f"claimledger: webhook {webhook}: alert {alert_id} not delivered "
                   f"({getattr(error, 'reason', None) or error}); will retry")
            failed += 1
            continue
        if ok:
            row.delivered_at = now()
            session.commit()
            delivered += 1
        else:
            failed += 1
    return delivered, failed


def run_cycle(store, sources: list[str], webhook: Optional[str] = None,
              report: Callable[[str], None] = lambda line: print(line, file=sys.stderr), fmt: Optional[str] = None,
              workers: int = 1, progress: bool = False) -> Cycle:
    """Ingest what is new in ``sources``, raise and store alerts, and with a webhook deliver
    every alert not yet delivered (this cycle's, and any an earlier cycle or run could not)."""
    from sqlalchemy import func, select

    from claimledger.ledger.ingest_run import IngestRun
    from claimledger.ledger.store import ArticleRow
    cycle = Cycle()
    with store.session() as session:
        last_seq = session.scalar(select(func.max(ArticleRow.seq))) or 0
    summary = IngestRun(store, workers=workers, progress=progress, report=report).run(read_sources(sources, fmt))
    cycle.ingested, cycle.unchanged, cycle.skipped = summary.ingested, summary.unchanged, summary.skipped
    if summary.interrupted:
        raise KeyboardInterrupt
    with store.session() as session:
        new_ids = list(session.scalars(select(ArticleRow.id).where(ArticleRow.seq > last_seq).order_by(ArticleRow.seq)))
        cycle.alerts = detect_alerts(session, new_ids)
        ids = store_alerts(session, cycle.alerts)
        for alert, alert_id in zip(cycle.alerts, ids):
            alert["id"] = alert_id
        if webhook:
            from claimledger.ledger.store import AlertRow
            todo = session.scalars(select(AlertRow.id).where(AlertRow.delivered_at.is_(None)).order_by(AlertRow.id))
            cycle.delivered, cycle.failed_deliveries = deliver(session, webhook, list(todo), report)
    return cycle


# -- the commands -----------------------------------------------------------------------------

def register(subparsers) -> None:
    from claimledger.arguments import database_url, positive_int
    db_help = f"database URL (default: ${ENV_DB} if set, else {DEFAULT_DB})"
    p = subparsers.add_parser(
        "watch", help="follow feeds and folders: ingest what is new, raise alerts when a story turns",
        description="Re-read RSS/Atom feeds (local files or http(s) URLs) and folders every --every, ingest "
                    "new articles, and raise an alert when a claim cluster turns: its first denial after "
                    "confirmations (or the reverse), a new estimate outside the range so far, a first named "
                    "source for a claim that rested on one unnamed source. Exit codes: 0 done, 1 some inputs "
                    "skipped (--once), 2 bad usage or nothing readable, 130 interrupted.")
    p.add_argument("sources", nargs="+", metavar="FEED|DIR", help="feed files, feed URLs, files or folders")
    p.add_argument("--every", default="10m", help="time between cycles: 30s, 10m, 2h (default 10m)")
    p.add_argument("--once", action="store_true", help="run one cycle and exit")
    p.add_argument("--webhook", metavar="URL", help="POST each alert as JSON to this http(s) URL")
    p.add_argument("--format", dest="fmt", default=None, help="force the input format (as for ingest)")
    p.add_argument("--db", metavar="URL", type=database_url, default=None, help=db_help)
    p.set_defaults(func=cmd_watch)

    p = subparsers.add_parser("alerts", help="list the alerts raised by watch, newest first",
                              description="List stored alerts, newest first.")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.add_argument("--limit", type=positive_int, default=None, metavar="N", help="at most N alerts (N >= 1)")
    p.add_argument("--db", metavar="URL", type=database_url, default=None, help=db_help)
    p.set_defaults(func=cmd_alerts)


def cmd_watch(args) -> int:
    from claimledger.ledger.store import Store
    try:
        every = parse_every(args.every)
    except ValueError as error:
        print(f"claimledger: {error}", file=sys.stderr)
        return 2
    if args.webhook and not is_url(args.webhook):
        print(f"claimledger: --webhook must be an http(s) URL, got {args.webhook!r}", file=sys.stderr)
        return 2
    with Store(args.db) as store:
        while True:
            try:
                cycle = run_cycle(store, args.sources, webhook=args.webhook, fmt=args.fmt,
                                  progress=sys.stderr.isatty())
            except KeyboardInterrupt:
                raise
            except Exception as error:  # a watcher outlives one bad cycle (database away, disk full)
                if args.once:
                    raise
                print(f"claimledger: watch cycle failed ({type(error).__name__}: {error}); "
                      f"next try in {args.every}", file=sys.stderr, flush=True)
                time.sleep(every)
                continue
            print(cycle.line(), file=sys.stderr, flush=True)
            for alert in cycle.alerts:
                print(f"ALERT [{alert['kind']}] {alert['message']}", file=sys.stderr, flush=True)
            if args.once:
                if cycle.skipped:
                    return 2 if cycle.ingested + cycle.unchanged == 0 else 1
                return 0
            time.sleep(every)


def cmd_alerts(args) -> int:
    from sqlalchemy import select

    from claimledger.ledger.store import AlertRow, Store
    from claimledger.web.data import alert_dict
    with Store(args.db, purpose="read") as store, store.session() as session:
        query = select(AlertRow).order_by(AlertRow.id.desc())
        if args.limit:
            query = query.limit(args.limit)
        rows = [alert_dict(r) for r in session.scalars(query)]
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    for row in rows:
        delivered = f" (delivered {row['delivered_at']})" if row["delivered_at"] else ""
        print(f"{row['created_at']}  #{row['id']} [{row['kind']}] {row['message']}{delivered}")
    print(f"{len(rows)} alerts", file=sys.stderr)
    return 0
