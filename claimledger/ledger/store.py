"""The ledger's store: SQLAlchemy 2 models, the engine, and schema migrations on open.

One database holds many articles.  Each article keeps its full ``claimledger/1``
record as JSON (``Article.record_json``: the round-trip guarantee) and is also
spread into normalised tables for querying: claims, quantities, removed spans,
per-article source mentions, ledger-wide sources and stories.

SQLite (the default, ``sqlite:///claimledger.db``) runs in WAL mode with an FTS5
table over claim text kept in sync by triggers; PostgreSQL uses a GIN expression
index on ``to_tsvector('english', text)``.  Both are created by the Alembic
migrations in ``migrations/``, which :func:`open_store` runs programmatically
(the Alembic config is built in code, so it works from an installed package).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from sqlalchemy import (
    Boolean, Float, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint,
    create_engine, event,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

from claimledger.ledger import DEFAULT_DB, ENV_DB  # noqa: F401  (re-exported)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest revision in migrations/versions (a test keeps the two equal): a ledger already
# at it opens without importing Alembic, which costs a third of a query command's start.
HEAD_REVISION = "0003_stories"


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    """One analysed article; ``id`` is the record's article id (sha256 of the cleaned text)."""
    __tablename__ = "articles"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title: Mapped[Optional[str]] = mapped_column(Text)
    published: Mapped[Optional[str]] = mapped_column(String(10), index=True)
    url: Mapped[Optional[str]] = mapped_column(Text)
    origin: Mapped[Optional[str]] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    record_json: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer, index=True)  # ingest order: the tie-break when dates are equal
    # the event (0003_stories); a plain column, as SQLite cannot add a foreign key to a table in place
    story_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)
    story_vector: Mapped[Optional[bytes]] = mapped_column(LargeBinary)  # float32 embedding of headline + lede


class InputRow(Base):
    """An input already processed: (origin, sha256 of the raw input) -> article.

    A re-run looks here first and skips the analysis of inputs it has stored."""
    __tablename__ = "inputs"
    origin: Mapped[str] = mapped_column(String(512), primary_key=True)
    raw_hash: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    article_id: Mapped[Optional[str]] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))


class RemovedRow(Base):
    __tablename__ = "removed"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(64))


class SourceRow(Base):
    """A ledger source: one speaker across all articles (see ``sources.py`` for the key)."""
    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(512), unique=True)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[Optional[str]] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    n_articles: Mapped[int] = mapped_column(Integer, default=0)


class ArticleSourceRow(Base):
    """A source as one article names it (the record's ``sources`` entry), linked to the ledger source."""
    __tablename__ = "article_sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(32))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[Optional[str]] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    mentions_json: Mapped[str] = mapped_column(Text, default="[]")
    __table_args__ = (UniqueConstraint("article_id", "local_id"),)


class StoryRow(Base):
    """A story: one event, a set of articles (``ArticleRow.story_id``), assigned incrementally."""
    __tablename__ = "stories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    label: Mapped[str] = mapped_column(Text)  # the first article's headline (or lede)
    centroid: Mapped[bytes] = mapped_column(LargeBinary)  # float32 sum of member article embeddings
    keys_json: Mapped[str] = mapped_column(Text, default="{}")  # term counts of member articles
    n_claims: Mapped[int] = mapped_column(Integer, default=0)
    n_articles: Mapped[int] = mapped_column(Integer, default=0, index=True)
    first_seen: Mapped[Optional[str]] = mapped_column(String(10))
    last_seen: Mapped[Optional[str]] = mapped_column(String(10))
    updated_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)  # for the vector index's refresh


class ClaimClusterRow(Base):
    """A claim cluster: one proposition inside a story, told by one or more articles."""
    __tablename__ = "claim_clusters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(Text)  # the first claim's text
    signature_json: Mapped[str] = mapped_column(Text, default="{}")  # word counts of member claims
    n_claims: Mapped[int] = mapped_column(Integer, default=0)
    n_articles: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[Optional[str]] = mapped_column(String(10))
    last_seen: Mapped[Optional[str]] = mapped_column(String(10))


class StoryTermRow(Base):
    """Document frequency of a term over the articles given a story ("" counts the articles)."""
    __tablename__ = "story_terms"
    term: Mapped[str] = mapped_column(String(64), primary_key=True)
    df: Mapped[int] = mapped_column(Integer, default=0)


class ClaimRow(Base):
    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    article_source: Mapped[Optional[str]] = mapped_column(String(32))  # the record's local source id
    source_id: Mapped[Optional[int]] = mapped_column(ForeignKey("sources.id"), index=True)
    cue: Mapped[Optional[str]] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(32), index=True)
    certainty: Mapped[Optional[float]] = mapped_column(Float)
    hedges_json: Mapped[str] = mapped_column(Text, default="[]")
    time_text: Mapped[Optional[str]] = mapped_column(Text)
    time_start: Mapped[Optional[str]] = mapped_column(String(10))
    time_end: Mapped[Optional[str]] = mapped_column(String(10))
    published: Mapped[Optional[str]] = mapped_column(String(10), index=True)  # the article's, for --since
    story_id: Mapped[Optional[int]] = mapped_column(ForeignKey("stories.id"), index=True)  # the article's story
    cluster_id: Mapped[Optional[int]] = mapped_column(Integer, index=True)  # plain, as articles.story_id
    __table_args__ = (UniqueConstraint("article_id", "local_id"),)


class QuantityRow(Base):
    __tablename__ = "quantities"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    local_id: Mapped[str] = mapped_column(String(32))
    claim_id: Mapped[Optional[int]] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    low: Mapped[Optional[float]] = mapped_column(Float)
    high: Mapped[Optional[float]] = mapped_column(Float)
    approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    unit: Mapped[Optional[str]] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("article_id", "local_id"),)


class AlertRow(Base):
    """A claim cluster that turned, raised by ``claimledger watch`` (migration 0002_alerts)."""
    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    story_id: Mapped[Optional[int]] = mapped_column(Integer)
    cluster_id: Mapped[Optional[int]] = mapped_column(Integer)
    article_id: Mapped[Optional[str]] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    payload_json: Mapped[str] = mapped_column(Text, default="{}")
    delivered_at: Mapped[Optional[str]] = mapped_column(String(32))


Index("ix_claims_story_published", ClaimRow.story_id, ClaimRow.published)


def resolve_url(url: Optional[str] = None) -> str:
    """The database URL: the argument, else ``$CLAIMLEDGER_DB``, else ``sqlite:///claimledger.db``."""
    return url or os.environ.get(ENV_DB) or DEFAULT_DB


def make_engine(url: Optional[str] = None, read_only: bool = False) -> Engine:
    """An engine for ``url``; SQLite connections get WAL, foreign keys and a busy timeout.

    ``read_only`` opens a SQLite file through a ``mode=ro`` URI (a ledger in a folder or
    file we may not write); PostgreSQL sessions are then ``default_transaction_read_only``."""
    url = resolve_url(url)
    if url.startswith("postgresql://"):
        # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    path = sqlite_path(url)
    if read_only and path is not None:
        from urllib.parse import quote
        file = Path(path).resolve()
        url = f"sqlite:///file:{quote(str(file))}?mode=ro&uri=true"
        wal = Path(str(file) + "-wal")
        if not os.access(file.parent, os.W_OK) and not (wal.exists() and wal.stat().st_size):
            # a WAL ledger needs its -shm file, which a read-only folder cannot hold; with no
            # pending WAL the file alone is the whole ledger, and no one can write it meanwhile
            url += "&immutable=1"
    server = url.startswith("postgresql")
    connect_args = {"connect_timeout": 10} if server else {}
    # pre-ping: a connection the server (or the network) dropped is replaced, not used
    engine = create_engine(url, future=True, connect_args=connect_args, pool_pre_ping=server)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_read_pragmas if read_only else _sqlite_pragmas)
    elif read_only:
        event.listen(engine, "connect", _postgres_read_only)
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    """WAL lets readers run while an ingest writes; NORMAL sync is safe under WAL.

    The busy timeout comes first: switching a new file to WAL is a write that a second
    process starting at the same moment must wait for."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _sqlite_read_pragmas(dbapi_conn, _record) -> None:
    """A read-only connection: no journal-mode change (that would be a write)."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA query_only=ON")
    cur.close()


def _postgres_read_only(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("SET default_transaction_read_only = on")
    cur.close()
    dbapi_conn.commit()


def sqlite_path(url: str) -> Optional[str]:
    """The file of a ``sqlite:///PATH`` URL; None for other databases and in-memory SQLite."""
    if not url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


# -- whose database is this ------------------------------------------------------------

SQLITE_MAGIC = b"SQLite format 3\x00"
# The tables of the first migration: finding one of them in a database without our
# alembic_version means the database belongs to someone else.
OUR_TABLES = ("articles", "inputs", "claims", "sources", "article_sources", "quantities", "removed", "stories")
# pg_advisory_xact_lock keys ("clmg", "clwr"): one for schema migration, one for article writes.
MIGRATE_LOCK_KEY = 0x636C6D67
WRITE_LOCK_KEY = 0x636C7772


def known_revisions() -> set[str]:
    """Every revision id in migrations/versions (read from the files, Alembic not imported)."""
    import re
    found = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        match = re.search(r'^revision\s*=\s*["\']([^"\']+)', script.read_text(encoding="utf-8"), re.M)
        if match:
            found.add(match[1])
    return found


def check_ledger(url: str, purpose: str) -> bool:
    """Refuse a database that is not a claimledger ledger, before anything writes to it.

    ``purpose`` is "read" (stats, claims, export...: the ledger must exist and be at the
    newest revision; nothing is created or migrated) or "write" (ingest: a new ledger may be
    created; an older one is migrated).  Returns True when a SQLite ledger must be opened
    read-only (its file or folder is not writable).  Raises :class:`LedgerError`."""
    from claimledger.errors import LedgerError
    path = sqlite_path(url)
    if path is None:
        if url.startswith("sqlite"):
            if purpose == "read" and "mode=memory" not in url and "file:" not in url:
                raise LedgerError(f"no ledger in an in-memory database ({url}); give --db sqlite:///PATH")
            return False
        return _check_server_ledger(url, purpose)
    file = Path(path)
    shown = str(file)
    if not file.exists():
        if purpose == "read":
            raise LedgerError(f"no ledger at {shown} (run `claimledger ingest` first, or give --db)")
        if not file.parent.is_dir():
            raise LedgerError(f"{shown}: the folder {file.parent} does not exist; create it or choose another --db")
        if not os.access(file.parent, os.W_OK):
            raise LedgerError(f"{shown}: the folder {file.parent} is not writable; choose another --db")
        return False
    if not file.is_file():
        raise LedgerError(f"{shown} is not a regular file; --db must name a SQLite ledger file")
    writable = os.access(file, os.W_OK) and os.access(file.parent, os.W_OK)
    if purpose == "write" and not writable:
        raise LedgerError(f"{shown} is read-only; ingest needs write permission on the file and its folder")
    size = file.stat().st_size
    if size == 0:
        if purpose == "read":
            raise LedgerError(f"no ledger at {shown} (an empty file; run `claimledger ingest` first)")
        return False
    with open(file, "rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            raise LedgerError(f"{shown} is not a SQLite database; it was left untouched (choose another --db)")
    tables, revision = _sqlite_tables(file)
    _judge(shown, tables, revision, purpose)
    return not writable


def _sqlite_tables(file: Path) -> tuple[set[str], Optional[str]]:
    """Table names and alembic revision, read through a read-only connection."""
    import sqlite3
    from urllib.parse import quote
    from claimledger.errors import LedgerError
    uri = f"file:{quote(str(file.resolve()))}?mode=ro"
    wal = Path(str(file) + "-wal")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=30)
    except sqlite3.Error as error:
        raise LedgerError(f"{file}: cannot open the database ({error})") from None
    try:
        try:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.OperationalError:
            if wal.exists() and wal.stat().st_size:
                raise
            # a WAL ledger in a read-only folder without its -shm file: immutable is exact here
            conn.close()
            conn = sqlite3.connect(uri + "&immutable=1", uri=True)
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = revision[0] if revision else None
        return tables, revision
    except sqlite3.DatabaseError as error:
        raise LedgerError(f"{file} is not a readable SQLite database ({error}); it was left untouched") from None
    finally:
        conn.close()


def _judge(shown: str, tables: set[str], revision: Optional[str], purpose: str, shared: bool = False) -> None:
    """The verdict on a database's tables and revision.  ``shared``: a PostgreSQL schema may
    hold other applications' tables beside a new ledger, unless their names clash with ours;
    a SQLite file with tables but no claimledger revision is someone else's."""
    from claimledger.errors import LedgerError
    if "alembic_version" in tables and revision not in known_revisions():
        raise LedgerError(f"{shown} is not a claimledger ledger (schema revision {revision!r} is unknown "
                          "to this claimledger); it was left untouched")
    if "alembic_version" not in tables:
        if purpose == "read" and not (tables & set(OUR_TABLES)) and (shared or not tables):
            raise LedgerError(f"no ledger at {shown} (run `claimledger ingest` first, or give --db)")
        foreign = tables & set(OUR_TABLES) if shared else tables
        if foreign:
            listed = ", ".join(sorted(foreign)[:6]) + ("..." if len(foreign) > 6 else "")
            raise LedgerError(f"{shown} is not a claimledger ledger (it holds other tables: {listed}); "
                              "it was left untouched (choose another --db)")
        return
    if purpose == "read" and revision != HEAD_REVISION:
        raise LedgerError(f"the ledger at {shown} has the older schema {revision}; run "
                          f"`claimledger migrate` (or an ingest) with the same --db to bring it to {HEAD_REVISION}")


def _check_server_ledger(url: str, purpose: str) -> bool:
    """PostgreSQL: the same verdict on the tables of the schema in the search path."""
    from sqlalchemy import inspect, text
    from claimledger.errors import safe_url
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    _judge(safe_url(url), tables, revision, purpose, shared=True)
    return False


def alembic_config(connection=None):
    """The Alembic config, built in code (no alembic.ini needed)."""
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> Optional[str]:
    """The schema revision recorded in ``alembic_version``, or None for a new database."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` with Alembic, on one connection.

    Safe when two processes start on a new ledger at once: the migration runs under an
    exclusive lock (PostgreSQL ``pg_advisory_xact_lock``, SQLite ``BEGIN IMMEDIATE``), and
    Alembic re-reads the revision inside it, so the second process finds the schema made."""
    if revision == "head" and current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    with engine.begin() as conn:
        lock_exclusive(conn, MIGRATE_LOCK_KEY)
        command.upgrade(alembic_config(conn), revision)


def lock_exclusive(conn, key: int = WRITE_LOCK_KEY) -> None:
    """Take the database's writer lock for the transaction just begun on ``conn`` (a
    SQLAlchemy Connection or Session): SQLite ``BEGIN IMMEDIATE`` (it must be the first
    statement), PostgreSQL ``pg_advisory_xact_lock(key)``; released at commit or rollback."""
    from sqlalchemy import text
    connection = conn.connection() if isinstance(conn, Session) else conn
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


class Store:
    """An open ledger: the engine plus a session factory, schema up to date."""

    def __init__(self, url: Optional[str] = None, migrate_schema: bool = True, purpose: str = "write"):
        """``purpose="read"`` (the query commands) never creates or migrates: a missing,
        foreign or out-of-date ledger raises LedgerError, and a SQLite ledger we may not
        write is opened read-only.  ``"write"`` (ingest) creates and migrates, after the
        same check that the database is ours."""
        self.url = resolve_url(url)
        self.purpose = purpose
        self.read_only = check_ledger(self.url, purpose)
        self.engine = make_engine(self.url, read_only=self.read_only)
        if migrate_schema and purpose == "write":
            migrate(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        return self.sessions()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_store(url: Optional[str] = None, purpose: str = "write") -> Store:
    """Open the ledger at ``url`` (for writing: create or migrate it)."""
    return Store(url, purpose=purpose)
