"""A `claimledger ingest` killed with SIGKILL halfway, then re-run, ends with the same ledger
counts as a clean run; a second run adds nothing.  Real FNC-1 bodies, real pipeline, real
worker pool (a slice of 24 bodies).

The runs that are killed or interrupted, and the re-run with a worker pool, are the real
command in its own process.  The clean reference run is shared by both tests; it and the
sequential re-runs, whose point is the ledger they leave (not the process), call the same
``main()`` in this process, where the models are loaded once per session."""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from claimledger.cli import main

SLICE = 24
KILL_AFTER = 8  # articles committed before the kill: a third of the slice, the pool still busy
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fnc1_slice(tmp_path_factory, shared):
    """The first FNC-1 train bodies as a CSV of their own."""
    csv.field_size_limit(10 ** 9)
    target = tmp_path_factory.mktemp("fnc1") / "bodies.csv"
    with open(shared / "data/fnc1/train_bodies.csv", encoding="utf-8", newline="") as src, \
            open(target, "w", encoding="utf-8", newline="") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, fieldnames=reader.fieldnames)
        writer.writeheader()
        for i, row in enumerate(reader):
            if i == SLICE:
                break
            writer.writerow(row)
    return target


def ingest_args(path: Path, db: str, *extra: str) -> list[str]:
    return ["ingest", str(path), "--text-column", "articleBody", "--id-column", "Body ID", "--db", db,
            "--no-progress", *extra]


def ingest_cmd(path: Path, db: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "claimledger.cli", *ingest_args(path, db, *extra)]


def ingest(path: Path, db: str, *extra: str) -> dict:
    """The installed command in its own process; its JSON summary."""
    out = subprocess.run(ingest_cmd(path, db, "--json", *extra), capture_output=True, text=True, timeout=900)
    assert out.returncode in (0, 1), out.stderr[-3000:]
    return json.loads(out.stdout)


def run_here(*argv: str) -> tuple[int, str, str]:
    """The same ``main()`` in this process: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def ingest_here(path: Path, db: str, *extra: str) -> dict:
    code, out, err = run_here(*ingest_args(path, db, "--json", *extra))
    assert code in (0, 1), err[-3000:]
    return json.loads(out)


def stats(db: str) -> dict:
    code, out, err = run_here("stats", "--json", "--db", db)
    assert code == 0, err
    result = json.loads(out)
    return {k: result[k] for k in ("articles", "claims", "sources", "unnamed_sources", "stories", "claim_clusters",
                                   "quantities", "claims_by_status")}


@pytest.fixture(scope="module")
def clean(fnc1_slice, tmp_path_factory) -> tuple[dict, dict]:
    """One clean, uninterrupted run of the slice (stories on): its summary and ledger counts.
    Sequential and in this process: the ledger does not depend on the worker count (results
    are stored in input order), so a 2-worker run killed and resumed must equal it."""
    db = f"sqlite:///{tmp_path_factory.mktemp('clean') / 'clean.db'}"
    summary = ingest_here(fnc1_slice, db, "--workers", "1")
    assert summary["skipped"] == 0 and summary["ingested"] + summary["unchanged"] == SLICE
    return summary, stats(db)


def committed_articles(db_file: Path) -> int:
    if not db_file.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db_file}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # schema not created yet
        return 0


def children_of(pid: int) -> list[int]:
    kids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                kids.append(int(entry.name))
    return kids


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_sigkill_halfway_then_rerun_equals_a_clean_run(fnc1_slice, clean, tmp_path):
    clean, clean_counts = clean
    killed_file = tmp_path / "killed.db"
    killed_db = f"sqlite:///{killed_file}"
    proc = subprocess.Popen(ingest_cmd(fnc1_slice, killed_db, "--workers", "2"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while committed_articles(killed_file) < KILL_AFTER:
        assert proc.poll() is None, "the ingest ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.2)
    workers = children_of(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    halfway = committed_articles(killed_file)
    assert KILL_AFTER <= halfway < clean["ingested"]
    # the pool's workers notice that their parent has gone and end too
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(pid) for pid in workers)

    rerun = ingest(fnc1_slice, killed_db, "--workers", "2")
    assert rerun["ingested"] == clean["ingested"] - halfway
    assert stats(killed_db) == clean_counts

    # nothing left to analyse: the same command in this process (no model is loaded)
    again = ingest_here(fnc1_slice, killed_db, "--workers", "1")
    assert (again["ingested"], again["skipped"], again["unchanged"]) == (0, 0, SLICE)
    assert stats(killed_db) == clean_counts


def test_ctrl_c_stops_cleanly_and_a_rerun_finishes(fnc1_slice, clean, tmp_path):
    """SIGINT (Ctrl-C): exit 130 with the closing summary; what was committed stays; the
    re-run stores the rest and nothing twice."""
    db_file = tmp_path / "interrupted.db"
    db = f"sqlite:///{db_file}"
    proc = subprocess.Popen(ingest_cmd(fnc1_slice, db, "--workers", "2", "--no-stories"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 600
    while committed_articles(db_file) < 5:
        assert proc.poll() is None, "the ingest ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "interrupted:" in err
    stored = committed_articles(db_file)
    assert stored >= 5
    # the re-run's point is the ledger it completes: the same command, in this process
    rerun = ingest_here(fnc1_slice, db, "--workers", "1", "--no-stories")
    assert (rerun["ingested"] + rerun["unchanged"], rerun["skipped"]) == (SLICE, 0)
    clean, _ = clean  # stories do not change which articles are stored
    assert rerun["ingested"] == clean["ingested"] - stored
    assert committed_articles(db_file) == clean["ingested"]
