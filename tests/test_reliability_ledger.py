"""The ledger is only ever ours (issue 12, item 2): read commands never create or migrate,
a database that is not a claimledger ledger is refused and left byte-for-byte unchanged,
a read-only ledger is opened read-only, and two processes creating one ledger at once
both succeed (a lock around the migration)."""
from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from claimledger.ledger.ingest_run import store_record
from claimledger.ledger.store import HEAD_REVISION, Store
from test_ledger_support import postgres_schema_url, troops_record
from test_reliability_cli import run

ROOT = Path(__file__).resolve().parent.parent


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_ledger(url: str) -> None:
    with Store(url) as store, store.session() as session, session.begin():
        store_record(session, troops_record(), origin="test", seq=1)


@pytest.fixture
def pg_url():
    yield from postgres_schema_url()


def test_another_applications_sqlite_file_is_refused_and_unchanged(capsys, tmp_path):
    other = tmp_path / "app.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    conn.commit()
    conn.close()
    before = sha256(other)
    article = tmp_path / "a.txt"
    article.write_text("Officials said on Monday that the bridge would reopen next week after repairs.\n")
    for command in (["stats"], ["claims"], ["export", "--format", "jsonl"], ["migrate"],
                    ["ingest", str(article), "--no-stories", "--workers", "1", "--no-progress"]):
        code, _, err = run(capsys, *command, "--db", f"sqlite:///{other}")
        assert code == 2, (command, err)
        assert "is not a claimledger ledger (it holds other tables: notes)" in err and "Traceback" not in err
    assert sha256(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "app.db"]  # no -wal, no -shm


def test_a_file_with_an_unknown_alembic_revision_is_refused(capsys, tmp_path):
    other = tmp_path / "alembic_app.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    conn.execute("INSERT INTO alembic_version VALUES ('ae1027a6acf')")
    conn.commit()
    conn.close()
    before = sha256(other)
    code, _, err = run(capsys, "stats", "--db", f"sqlite:///{other}")
    assert code == 2 and "schema revision 'ae1027a6acf' is unknown" in err
    assert sha256(other) == before


def test_postgres_schema_with_a_foreign_articles_table_is_refused(capsys, pg_url):
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE articles (slug TEXT PRIMARY KEY)"))
        conn.execute(text("INSERT INTO articles VALUES ('keep-me')"))
    code, _, err = run(capsys, "stats", "--db", pg_url)
    assert code == 2 and "is not a claimledger ledger" in err and "articles" in err
    with engine.connect() as conn:
        tables = {r[0] for r in conn.execute(text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"))}
        assert tables == {"articles"}
        assert conn.execute(text("SELECT slug FROM articles")).scalar() == "keep-me"
    engine.dispose()


def test_an_older_ledger_is_not_migrated_by_a_read_command(capsys, tmp_path):
    from alembic import command
    from claimledger.ledger.store import alembic_config
    from claimledger.ledger.store import make_engine
    db = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{db}")
    with engine.begin() as conn:  # a ledger written by the first release: schema 0001
        command.upgrade(alembic_config(conn), "0001")
    engine.dispose()
    before = sha256(db)
    code, _, err = run(capsys, "stats", "--db", f"sqlite:///{db}")
    assert code == 2 and "has the older schema 0001" in err and "claimledger migrate" in err
    assert sha256(db) == before
    code, _, err = run(capsys, "migrate", "--db", f"sqlite:///{db}")
    assert code == 0 and f"0001 -> {HEAD_REVISION}" in err
    code, out, _ = run(capsys, "stats", "--db", f"sqlite:///{db}", "--json")
    assert code == 0 and '"articles": 0' in out


@pytest.fixture
def shared_tmp():
    """A folder another user can enter (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="cl-ro-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root and setpriv to act as nobody")
def test_read_only_ledger_is_read_and_refuses_writes(shared_tmp):
    db = shared_tmp / "ledger.db"
    make_ledger(f"sqlite:///{db}")
    with sqlite3.connect(db) as conn:  # fold the WAL back into the file, as a finished ingest leaves it
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for extra in ("-wal", "-shm"):
        Path(str(db) + extra).unlink(missing_ok=True)
    db.chmod(0o644)
    before = sha256(db)
    article = shared_tmp / "a.txt"
    article.write_text("Officials said on Monday that the bridge would reopen next week after repairs.\n")
    article.chmod(0o644)
    as_nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m", "claimledger.cli"]
    env = dict(os.environ, HOME=str(shared_tmp), PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(ROOT))
    stats = subprocess.run(as_nobody + ["stats", "--json", "--db", f"sqlite:///{db}"], capture_output=True,
                           text=True, env=env, timeout=120, cwd=shared_tmp)
    assert stats.returncode == 0, stats.stderr
    assert '"articles": 1' in stats.stdout
    claims = subprocess.run(as_nobody + ["claims", "--db", f"sqlite:///{db}"], capture_output=True,
                            text=True, env=env, timeout=120, cwd=shared_tmp)
    assert claims.returncode == 0, claims.stderr
    ingest = subprocess.run(as_nobody + ["ingest", str(article), "--no-stories", "--workers", "1",
                                         "--no-progress", "--db", f"sqlite:///{db}"],
                            capture_output=True, text=True, env=env, timeout=120, cwd=shared_tmp)
    assert ingest.returncode == 2
    assert ingest.stderr.strip() == (f"claimledger: {db} is read-only; ingest needs write permission on the "
                                     "file and its folder")
    assert sha256(db) == before


CREATE = """
import sys
import alembic.command, sqlalchemy
from claimledger.ledger.store import Store
print("ready", flush=True)
sys.stdin.readline()
with Store(sys.argv[1]) as store:
    pass
print("ok")
"""


def _create_at_once(url: str, processes: int = 3) -> None:
    """``processes`` interpreters open one new ledger at the same moment: each imports
    SQLAlchemy and Alembic, says ready, and waits for the go line on its stdin (a barrier,
    not a fixed wait, so a slow start on a busy machine cannot spread them out)."""
    runs = [subprocess.Popen([sys.executable, "-c", CREATE, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(processes)]
    for proc in runs:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()[-2000:]
    for proc in runs:
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in runs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0 and out.strip() == "ok", err[-2000:]


def test_concurrent_creation_of_a_new_sqlite_ledger(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    _create_at_once(url)
    with Store(url, purpose="read") as store, store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION


def test_concurrent_creation_of_a_new_postgres_ledger(pg_url):
    _create_at_once(pg_url)
    with Store(pg_url, purpose="read") as store, store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
