"""Faults while ingesting (issue 12, item 5), on real databases and the real pipeline:

* PostgreSQL unreachable mid-run (a TCP proxy in front of the shared server is stopped and
  started; the server itself is never touched): the run waits and finishes, or, when the
  database stays away, stops with one line and a re-run resumes; nothing lost or doubled;
* a full disk (the ingest process runs under RLIMIT_FSIZE): one clean line, the ledger
  consistent, a re-run completes it;
* two ingests at once into one ledger, overlapping inputs, on SQLite (new ledger) and on
  PostgreSQL (a ledger already holding articles): articles, claims and sources equal those
  of one sequential run, ingest sequence numbers unique.

SIGKILL at random points is tests/test_ledger_killed.py.  Stories are left out here
(``--no-stories``): their assignment under several writers is tests/test_ledger_stories*.

The runs under a fault, and the concurrent writers, are the installed command in their own
processes; the reference run, the re-runs after a fault and the seeding of a ledger call the
same ``main()`` in this process (spaCy loaded once per session, not once per command).
"""
from __future__ import annotations

import csv
import io
import json
import os
import resource
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from claimledger.cli import main
from test_ledger_support import postgres_schema_url

pytestmark = pytest.mark.slow
BODIES = 8


@pytest.fixture(scope="module")
def bodies(tmp_path_factory, shared) -> Path:
    """The first FNC-1 train bodies, one text file each (read from ../shared at test time)."""
    csv.field_size_limit(1 << 30)
    folder = tmp_path_factory.mktemp("bodies")
    with open(shared / "data/fnc1/train_bodies.csv", encoding="utf-8", newline="") as handle:
        for i, row in zip(range(BODIES), csv.DictReader(handle)):
            (folder / f"body{i:02d}.txt").write_text(row["articleBody"], encoding="utf-8")
    return folder


def ingest_args(paths, db: str) -> list[str]:
    return ["ingest", *map(str, paths), "--db", db, "--workers", "1", "--no-stories", "--no-progress", "--json"]


def ingest_cmd(paths, db: str) -> list[str]:
    return [sys.executable, "-m", "claimledger.cli", *ingest_args(paths, db)]


def ingest_here(paths, db: str) -> tuple[int, dict, str]:
    """The same command through ``main()`` in this process: exit code, JSON summary, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(ingest_args(paths, db))
    return code, json.loads(out.getvalue()), err.getvalue()


def ledger_content(db: str) -> dict:
    """What must match a clean sequential run: articles with their records, claims, sources."""
    engine = create_engine(db.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        articles = dict(conn.execute(text("SELECT id, record_json FROM articles")).all())
        seqs = [r[0] for r in conn.execute(text("SELECT seq FROM articles"))]
        claims = sorted(conn.execute(text("SELECT article_id, local_id, text, status FROM claims")).all())
        sources = sorted(r[0] for r in conn.execute(text("SELECT key FROM sources")))
        inputs = conn.execute(text("SELECT count(*) FROM inputs")).scalar()
    engine.dispose()
    assert len(seqs) == len(set(seqs)), f"duplicate ingest sequence numbers: {sorted(seqs)}"
    return {"articles": articles, "claims": claims, "sources": sources, "inputs": inputs}


@pytest.fixture(scope="module")
def reference(bodies, tmp_path_factory) -> dict:
    """A clean sequential run over every body."""
    db = f"sqlite:///{tmp_path_factory.mktemp('ref') / 'ref.db'}"
    code, _, err = ingest_here([bodies], db)
    assert code == 0, err[-2000:]
    content = ledger_content(db)
    assert len(content["articles"]) == BODIES
    return content


def same_ledger(got: dict, want: dict) -> None:
    assert got["articles"].keys() == want["articles"].keys()
    assert got["articles"] == want["articles"]
    assert got["claims"] == want["claims"]
    assert got["sources"] == want["sources"]


# -- a TCP proxy in front of PostgreSQL ----------------------------------------------------

class Proxy:
    """127.0.0.1:port -> 127.0.0.1:5432; ``stop()`` closes the port and every connection."""

    def __init__(self, port: int = 0, target: tuple[str, int] = ("127.0.0.1", 5432)):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", port), reuse_port=False)
        self.port = self.listener.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self) -> None:
        self.running = False
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (close alone does not)
        except OSError:
            pass
        self.listener.close()
        for conn in self.connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            except OSError:
                pass
        self.connections.clear()


@pytest.fixture
def pg_schema():
    yield from postgres_schema_url()


def through(proxy: Proxy, schema_url: str) -> str:
    return schema_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")


def count_articles(db: str) -> int:
    engine = create_engine(db)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM articles")).scalar()
    except Exception:
        return 0
    finally:
        engine.dispose()


def wait_for(condition, timeout: float = 600) -> None:
    deadline = time.time() + timeout
    while not condition():
        assert time.time() < deadline, "timed out"
        time.sleep(0.2)


def test_postgres_lost_mid_run_waits_and_finishes(bodies, reference, pg_schema):
    proxy = Proxy()
    db = through(proxy, pg_schema)
    run = subprocess.Popen(ingest_cmd([bodies], db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env=dict(os.environ, CLAIMLEDGER_DB_RETRY_SECONDS="120"))
    wait_for(lambda: count_articles(pg_schema) >= 3 or run.poll() is not None)
    port = proxy.port
    proxy.stop()
    time.sleep(3)
    proxy = Proxy(port)  # the database comes back on the same address
    out, err = run.communicate(timeout=900)
    proxy.stop()
    assert run.returncode == 0, err[-3000:]
    assert "Traceback" not in err
    assert "database unreachable" in err  # the outage was seen, and waited out
    summary = json.loads(out)
    assert summary["ingested"] + summary["unchanged"] == BODIES and summary["skipped"] == 0
    same_ledger(ledger_content(pg_schema), reference)


def test_postgres_gone_for_good_stops_cleanly_and_a_rerun_resumes(bodies, reference, pg_schema):
    proxy = Proxy()
    db = through(proxy, pg_schema)
    run = subprocess.Popen(ingest_cmd([bodies], db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env=dict(os.environ, CLAIMLEDGER_DB_RETRY_SECONDS="2"))
    wait_for(lambda: count_articles(pg_schema) >= 3 or run.poll() is not None)
    port = proxy.port
    proxy.stop()
    out, err = run.communicate(timeout=900)
    assert run.returncode == 2, err[-3000:]
    assert "Traceback" not in err
    last = err.strip().splitlines()[-1]
    assert last.startswith("claimledger: ") and "run the same command again to resume" in last, err[-2000:]
    stored = count_articles(pg_schema)
    assert 3 <= stored < BODIES
    proxy = Proxy(port)
    try:
        code, summary, err = ingest_here([bodies], db)
    finally:
        proxy.stop()
    assert code == 0, err[-3000:]
    assert summary["ingested"] == BODIES - stored
    same_ledger(ledger_content(pg_schema), reference)


# -- a full disk ---------------------------------------------------------------------------

def test_full_disk_is_one_line_and_the_ledger_stays_consistent(bodies, reference, tmp_path):
    db_file = tmp_path / "full.db"
    db = f"sqlite:///{db_file}"
    from claimledger.ledger.store import Store
    Store(db).close()  # a new, empty ledger
    with sqlite3.connect(db_file) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    limit = db_file.stat().st_size + 100_000  # room for a few articles, not for all

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    full = subprocess.run(ingest_cmd([bodies], db), capture_output=True, text=True, timeout=900,
                          preexec_fn=small_disk, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    assert full.returncode == 2, full.stderr[-3000:]
    assert "Traceback" not in full.stderr
    last = full.stderr.strip().splitlines()[-1]
    assert last.startswith("claimledger: ") and ("disk is full" in last or "disk I/O" in last
                                                 or "File too large" in last), full.stderr[-2000:]
    with sqlite3.connect(db_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        # every stored article is whole: its claims are there, its input remembered
        assert conn.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                            "(SELECT 1 FROM inputs i WHERE i.article_id = a.id)").fetchone()[0] == 0
    assert stored < BODIES
    code, _, err = ingest_here([bodies], db)
    assert code == 0, err[-3000:]
    same_ledger(ledger_content(db), reference)


# -- two writers at once -------------------------------------------------------------------

def _two_at_once(bodies: Path, db: str) -> None:
    files = sorted(bodies.iterdir())
    first, second = files[: BODIES * 2 // 3], files[BODIES // 3:]  # a third of the inputs in both
    runs = [subprocess.Popen(ingest_cmd(part, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for part in (first, second)]
    for run in runs:
        out, err = run.communicate(timeout=900)
        assert run.returncode == 0, err[-3000:]
        assert json.loads(out)["skipped"] == 0


def test_two_ingests_at_once_on_a_new_sqlite_ledger(bodies, reference, tmp_path):
    db = f"sqlite:///{tmp_path / 'two.db'}"
    _two_at_once(bodies, db)
    same_ledger(ledger_content(db), reference)


def test_two_ingests_at_once_on_an_existing_postgres_ledger(bodies, reference, pg_schema):
    code, _, err = ingest_here([bodies / "body00.txt", bodies / "body05.txt"], pg_schema)
    assert code == 0, err[-2000:]
    _two_at_once(bodies, pg_schema)
    same_ledger(ledger_content(pg_schema), reference)
