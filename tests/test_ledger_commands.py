"""The ledger subcommands through ``claimledger.cli.main`` (canned analysis, real SQLite)."""
from __future__ import annotations

import csv
import io
import json

import pytest

from claimledger.cli import main
from claimledger.ledger.store import Store
from test_ledger_stories import _ingest, ferry_records
from test_ledger_support import CannedAnalyzer, troops_record


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('cmd') / 'ledger.db'}"
    records = ferry_records() + [troops_record()]
    with Store(url) as store:
        _ingest(store, records, CannedAnalyzer(records))
    return url


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_stats_json(ledger, capsys):
    code, out, _ = run(capsys, "stats", "--json", "--db", ledger)
    stats = json.loads(out)
    assert code == 0
    # two events (the ferry, the troops); the death toll is one claim cluster across 3 articles
    assert (stats["articles"], stats["claims"], stats["stories"]) == (4, 9, 2)
    assert stats["claim_clusters_with_2_articles_or_more"] == 1
    assert stats["claims_by_status"]["denied"] == 2


def test_db_comes_from_the_environment(ledger, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CLAIMLEDGER_DB", ledger)
    code, out, _ = run(capsys, "stats")
    assert code == 0 and "articles: 4" in out
    assert not (tmp_path / "claimledger.db").exists()


def test_claims_filters(ledger, capsys):
    code, out, _ = run(capsys, "claims", "--db", ledger, "--source", "Governor Elena Marquez", "--json")
    rows = json.loads(out)
    assert code == 0 and [(r["source"], r["status"]) for r in rows] == [("Elena Marquez", "denied")]
    _, out, _ = run(capsys, "claims", "--db", ledger, "--search", "capsized", "--since", "2026-03-03", "--json")
    assert {r["published"] for r in json.loads(out)} == {"2026-03-03", "2026-03-04"}
    _, out, _ = run(capsys, "claims", "--db", ledger, "--status", "negated")
    assert out.count("\n") == 2 and "denied" in out
    code, _, err = run(capsys, "claims", "--db", ledger, "--status", "rumoured")
    assert code == 2 and "unknown status" in err


def test_sources_lists_counts_by_status(ledger, capsys):
    code, out, _ = run(capsys, "sources", "--db", ledger)
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("Ramon Tiongco"))
    assert "2 claims in 1 articles" in line and "confirmed 1" in line and "reported 1" in line


def test_story_timeline_and_range(ledger, capsys):
    code, out, _ = run(capsys, "story", "Lady", "Aurora", "death", "toll", "--db", ledger)
    assert code == 0
    assert "3 articles" in out and "contradicted" in out
    assert "Elena Marquez: denied (2026-03-04)" in out
    assert "people: 14 to 30" in out
    # no claim has the word: the nearest story by embedding answers
    code, out, _ = run(capsys, "story", "Pyongyang", "deployment", "--db", ledger)
    assert code == 0 and "North Korea" in out.splitlines()[0]


def test_exports(ledger, capsys, tmp_path):
    code, out, _ = run(capsys, "export", "--format", "jsonl", "--db", ledger)
    assert code == 0 and [json.loads(line)["article"]["published"] for line in out.splitlines()] == \
        ["2026-03-02", "2026-03-03", "2026-03-04", "2024-10-24"]
    _, out, _ = run(capsys, "export", "--format", "csv", "--db", ledger)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 9
    marquez = next(r for r in rows if r["source"] == "Elena Marquez")
    toll = next(r for r in rows if r["source"] == "Ramon Tiongco" and "14" in r["text"])
    assert marquez["story"] == toll["story"] != ""
    assert marquez["ledger_source"] == "Elena Marquez"
    run(capsys, "export", "--format", "claimreview", "--db", ledger, "--output", str(tmp_path / "cr.json"))
    reviews = json.loads((tmp_path / "cr.json").read_text())
    assert len(reviews) == 9 and {r["reviewRating"]["alternateName"] for r in reviews} >= {"confirmed", "denied"}
    run(capsys, "export", "--format", "brat", "--db", ledger, "--output", str(tmp_path / "brat"))
    assert len(list((tmp_path / "brat").glob("*.ann"))) == 4
