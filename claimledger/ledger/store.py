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
HEAD_REVISION = "0002_alerts"


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
    """A cluster of claims from any articles that state the same proposition."""
    __tablename__ = "stories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    label: Mapped[str] = mapped_column(Text)  # the first claim's text
    centroid: Mapped[bytes] = mapped_column(LargeBinary)  # float32 sum of member embeddings
    keys_json: Mapped[str] = mapped_column(Text, default="[]")  # entity keys seen in members
    n_claims: Mapped[int] = mapped_column(Integer, default=0)
    n_articles: Mapped[int] = mapped_column(Integer, default=0, index=True)
    first_seen: Mapped[Optional[str]] = mapped_column(String(10))
    last_seen: Mapped[Optional[str]] = mapped_column(String(10))


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
    story_id: Mapped[Optional[int]] = mapped_column(ForeignKey("stories.id"), index=True)
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


def make_engine(url: Optional[str] = None) -> Engine:
    """An engine for ``url``; SQLite connections get WAL, foreign keys and a busy timeout."""
    url = resolve_url(url)
    if url.startswith("postgresql://"):
        # psycopg 3 is the driver we ship; plain postgresql:// would ask for psycopg2.
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    """WAL lets readers run while an ingest writes; NORMAL sync is safe under WAL."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


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
    """Bring the schema to ``revision`` with Alembic, on one connection."""
    if revision == "head" and current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), revision)


class Store:
    """An open ledger: the engine plus a session factory, schema up to date."""

    def __init__(self, url: Optional[str] = None, migrate_schema: bool = True):
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        if migrate_schema:
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


def open_store(url: Optional[str] = None) -> Store:
    """Open (and create or migrate) the ledger at ``url``."""
    return Store(url)
