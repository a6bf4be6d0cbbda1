"""End to end with the real pipeline: three outlets report one ferry disaster on three days
with differing death tolls; ``story`` shows one cluster with each source's status and the
range of estimates.  The articles are in tests/fixtures/story/ (written for this test)."""
from __future__ import annotations

from pathlib import Path

import pytest

from claimledger.cli import main
from claimledger.ledger.queries import sources, stats, story
from claimledger.ledger.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "story"


@pytest.fixture(scope="module")
def ferry_ledger(tmp_path_factory):
    """The three articles (JSON files with title, date, URL and text) through `claimledger ingest`."""
    url = f"sqlite:///{tmp_path_factory.mktemp('story') / 'ledger.db'}"
    assert main(["ingest", str(FIXTURES), "--db", url, "--workers", "1", "--no-progress"]) == 0
    with Store(url) as store, store.session() as session:
        assert stats(session)["articles"] == 3
    return url


def test_story_is_one_cluster_across_the_three_outlets(ferry_ledger):
    with Store(ferry_ledger) as store, store.session() as session:
        found = story(session, "Lady Aurora capsized")
    assert found["articles"] == 3
    assert (found["first_seen"], found["last_seen"]) == ("2026-03-02", "2026-03-04")
    dates = [entry["published"] for entry in found["timeline"]]
    assert dates == sorted(dates) and set(dates) == {"2026-03-02", "2026-03-03", "2026-03-04"}
    latest = {s["source"]: s["latest"] for s in found["sources"]}
    assert latest["Ramon Tiongco"] == "confirmed"
    assert latest["Elena Marquez"] == "denied"
    assert found["agreement"] == "contradicted"
    people = next(group for group in found["estimates"] if group["unit"] == "people")
    assert (people["min"], people["max"]) == (14, 30)
    assert {(v["source"], v["status"], v["date"]) for v in people["values"]} >= {
        ("Ramon Tiongco", "confirmed", "2026-03-02"), ("Elena Marquez", "denied", "2026-03-04")}
    # the tolls of the three days are all in it, each with its figure
    texts = " | ".join(entry["text"] for entry in found["timeline"])
    for figure in ("14 people", "30 people", "17 people"):
        assert figure in texts
    # claims about something else (the search, the ferry's load) are other stories
    assert "called off" not in texts and "overloaded" not in texts


def test_speaker_named_differently_by_two_outlets_is_one_source(ferry_ledger):
    with Store(ferry_ledger) as store, store.session() as session:
        tiongco = [s for s in sources(session) if "Tiongco" in s["name"]]
    assert len(tiongco) == 1 and tiongco[0]["articles"] == 2


def test_story_command_prints_the_timeline(ferry_ledger, capsys):
    assert main(["story", "Lady Aurora death toll", "--db", ferry_ledger]) == 0
    out = capsys.readouterr().out
    assert "3 articles" in out and "contradicted" in out
    assert "Ramon Tiongco: confirmed (2026-03-02)" in out
    assert "Elena Marquez: denied (2026-03-04)" in out
    assert "people: 14 to 30" in out
