"""The store on real SQLite and PostgreSQL: migrations, round trip, full-text search."""
from __future__ import annotations

import json

from sqlalchemy import func, select, text

from claimledger.ledger.ingest_run import load_record, store_record
from claimledger.ledger.store import HEAD_REVISION, ArticleRow, Base, ClaimRow, QuantityRow, RemovedRow, SourceRow, Store
from claimledger.record import Record
from test_ledger_support import db_url, sqlite_url, store, troops_record  # noqa: F401  (fixtures)


def _store(store, record: Record) -> None:
    with store.session() as session, session.begin():
        store_record(session, record, origin="test", seq=1)


def test_schema_matches_models(store):
    """The Alembic migrations build exactly the tables the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # the FTS table and index are migration-only (no model describes them)
    assert [d for d in diff if "_fts" not in str(d)] == []


def test_head_revision_constant_names_the_newest_migration():
    from alembic.script import ScriptDirectory
    from claimledger.ledger.store import HEAD_REVISION, alembic_config
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_reopen_keeps_data_and_schema_version(db_url):
    with Store(db_url) as first:
        _store(first, troops_record())
    with Store(db_url) as second, second.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
        assert conn.execute(select(func.count()).select_from(ArticleRow)).scalar() == 1


def test_record_round_trip(store):
    """A record of the contract goes in and comes back out unchanged."""
    record = troops_record()
    _store(store, record)
    with store.session() as session:
        back = load_record(session, record.article.id)
    assert back.to_dict() == record.to_dict()
    assert json.loads(back.to_json()) == json.loads(record.to_json())


def test_record_is_spread_into_tables(store):
    record = troops_record()
    _store(store, record)
    with store.session() as session:
        claims = session.scalars(select(ClaimRow).order_by(ClaimRow.start)).all()
        assert [(c.local_id, c.status) for c in claims] == [("c1", "confirmed"), ("c2", "denied"), ("c3", "speculated")]
        assert claims[0].time_start == "2024-10-23" and claims[0].published == "2024-10-24"
        assert json.loads(claims[2].hedges_json) == ["appears to"]
        quantity = session.scalars(select(QuantityRow)).one()
        assert (quantity.low, quantity.high, quantity.approximate, quantity.unit) == (3000, 3000, True, "troops")
        assert quantity.claim_id == claims[0].id
        assert session.scalars(select(RemovedRow.reason)).all() == ["related-headlines"]
        austin = session.get(SourceRow, claims[0].source_id)
        assert (austin.name, austin.role, austin.kind) == ("Lloyd Austin", "US Defense Secretary", "person")
        assert claims[2].source_id is None


def test_full_text_search_uses_the_database_engine(store):
    """SQLite FTS5 / PostgreSQL tsvector: stemmed word search over claim text."""
    from claimledger.ledger.queries import claims
    _store(store, troops_record())
    with store.session() as session:
        found = claims(session, search="soldier Russia")  # "soldiers" stems to "soldier"
        assert [c["status"] for c in found] == ["denied"]
        assert claims(session, search="troop") and claims(session, search="troop")[0]["source"] == "Lloyd Austin"
        assert claims(session, search="submarine") == []
        # quotes and operators in user text are words, not query syntax
        assert [c["status"] for c in claims(session, search='blurry "photo (')] == ["speculated"]


def test_sqlite_runs_in_wal_mode_with_fts5(sqlite_url):
    with Store(sqlite_url) as opened, opened.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'claims_fts'")).scalar() == 1


def test_fts_follows_deletes(sqlite_url):
    """The FTS5 triggers keep the index in step when an article is deleted."""
    from claimledger.ledger.queries import claims
    with Store(sqlite_url) as opened:
        _store(opened, troops_record())
        with opened.session() as session, session.begin():
            for row in session.scalars(select(QuantityRow)):
                session.delete(row)
            session.execute(ClaimRow.__table__.delete())
        with opened.session() as session:
            assert claims(session, search="troops") == []
            assert session.execute(text("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'troops'")).scalar() == 0


def test_env_var_names_the_default_database(tmp_path, monkeypatch):
    from claimledger.ledger.store import resolve_url
    monkeypatch.setenv("CLAIMLEDGER_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert resolve_url(None) == f"sqlite:///{tmp_path / 'env.db'}"
    assert resolve_url("sqlite:///x.db") == "sqlite:///x.db"
    monkeypatch.delenv("CLAIMLEDGER_DB")
    assert resolve_url(None) == "sqlite:///claimledger.db"
