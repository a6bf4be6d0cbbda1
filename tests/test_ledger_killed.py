"""A `claimledger ingest` killed with SIGKILL halfway, then re-run, ends with the same ledger
counts as a clean run; a second run adds nothing.  Real FNC-1 bodies, real pipeline, real
worker pool (a slice of 40 bodies)."""
from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest


SLICE = 40
KILL_AFTER = 12  # articles committed before the kill
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fnc1_slice(tmp_path_factory, shared):
    """The first 40 FNC-1 train bodies as a CSV of their own."""
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


def ingest_cmd(path: Path, db: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "claimledger.cli", "ingest", str(path), "--text-column", "articleBody",
            "--id-column", "Body ID", "--db", db, "--no-progress", *extra]


def ingest(path: Path, db: str, *extra: str) -> dict:
    out = subprocess.run(ingest_cmd(path, db, "--json", *extra), capture_output=True, text=True, timeout=900)
    assert out.returncode in (0, 1), out.stderr[-3000:]
    return json.loads(out.stdout)


def stats(db: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "claimledger.cli", "stats", "--json", "--db", db],
                         capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    return {k: result[k] for k in ("articles", "claims", "sources", "unnamed_sources", "stories", "claim_clusters",
                                   "quantities", "claims_by_status")}


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


def test_sigkill_halfway_then_rerun_equals_a_clean_run(fnc1_slice, tmp_path):
    clean_db = f"sqlite:///{tmp_path / 'clean.db'}"
    clean = ingest(fnc1_slice, clean_db, "--workers", "2")
    assert clean["skipped"] == 0 and clean["ingested"] + clean["unchanged"] == SLICE

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
    assert stats(killed_db) == stats(clean_db)

    again = ingest(fnc1_slice, killed_db, "--workers", "1")
    assert (again["ingested"], again["skipped"], again["unchanged"]) == (0, 0, SLICE)
    assert stats(killed_db) == stats(clean_db)


def test_ctrl_c_stops_cleanly_and_a_rerun_finishes(fnc1_slice, tmp_path):
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
    rerun = ingest(fnc1_slice, db, "--workers", "1", "--no-stories")
    assert (rerun["ingested"] + rerun["unchanged"], rerun["skipped"]) == (SLICE, 0)
    clean = ingest(fnc1_slice, f"sqlite:///{tmp_path / 'clean.db'}", "--workers", "1", "--no-stories")
    assert rerun["ingested"] == clean["ingested"] - stored
    assert committed_articles(db_file) == clean["ingested"]
