"""End to end with the real pipeline.

* Three outlets report one ferry disaster on three days with differing death tolls: one
  story; its death-toll claim cluster shows each source's status and the 14-30 range.  The
  articles are in tests/fixtures/story/ (written for this test).
* Two events reported in alternation in one ingest (a wildfire, a port strike; articles
  A, B, A, B, A, B in tests/fixtures/story_interleaved/, written for this test): two
  stories, no article in both.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger.cli import main
from claimledger.ledger.queries import list_stories, sources, stats, story
from claimledger.ledger.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "story"
INTERLEAVED = Path(__file__).parent / "fixtures" / "story_interleaved"


@pytest.fixture(scope="module")
def ferry_ledger(tmp_path_factory):
    """The three articles (JSON files with title, date, URL and text) through `claimledger ingest`."""
    url = f"sqlite:///{tmp_path_factory.mktemp('story') / 'ledger.db'}"
    assert main(["ingest", str(FIXTURES), "--db", url, "--workers", "1", "--no-progress"]) == 0
    with Store(url) as store, store.session() as session:
        assert stats(session)["articles"] == 3
    return url


def _toll_cluster(found):
    return next(c for c in found["clusters"] if any("Lady Aurora" in p["claim_text"] and "died" in p["claim_text"]
                                                   for p in c["positions"]))


def test_story_is_one_event_with_the_toll_as_one_claim_cluster(ferry_ledger):
    with Store(ferry_ledger) as store, store.session() as session:
        found = story(session, "Lady Aurora capsized")
        assert stats(session)["stories"] == 1
    assert len(found["articles"]) == 3
    assert (found["first_seen"], found["last_seen"]) == ("2026-03-02", "2026-03-04")
    toll = _toll_cluster(found)
    dates = [p["published"] for p in toll["positions"]]
    assert dates == sorted(dates) and set(dates) == {"2026-03-02", "2026-03-03", "2026-03-04"}
    latest = {s["source"]: s["latest"] for s in toll["sources"]}
    assert latest["Ramon Tiongco"] == "confirmed"
    assert latest["Elena Marquez"] == "denied"
    stances = {p["source"]: p["stance"] for p in toll["positions"]}
    assert stances["Ramon Tiongco"] == "confirms" and stances["Elena Marquez"] == "denies"
    assert toll["agreement"] == "contradicted"
    people = next(group for group in toll["ranges"] if group["unit"] == "people")
    assert (people["min"], people["max"]) == (14, 30)
    assert {(v["source"], v["published"]) for v in people["values"]} >= {
        ("Ramon Tiongco", "2026-03-02"), ("Elena Marquez", "2026-03-04")}
    texts = " | ".join(p["claim_text"] for p in toll["positions"])
    for figure in ("14 people", "30 people", "17 people"):
        assert figure in texts
    # other propositions of the same event (the search, the ferry's load) are other clusters
    assert "called off" not in texts and "overloaded" not in texts
    others = " | ".join(p["claim_text"] for c in found["clusters"] if c is not toll for p in c["positions"])
    assert "called off" in others and "overloaded" in others


def test_speaker_named_differently_by_two_outlets_is_one_source(ferry_ledger):
    with Store(ferry_ledger) as store, store.session() as session:
        tiongco = [s for s in sources(session) if "Tiongco" in s["name"]]
    assert len(tiongco) == 1 and tiongco[0]["articles"] == 2


def test_story_command_prints_the_claim_clusters(ferry_ledger, capsys):
    assert main(["story", "Lady Aurora death toll", "--db", ferry_ledger]) == 0
    out = capsys.readouterr().out
    assert "3 articles" in out and "contradicted" in out
    assert "Ramon Tiongco: confirmed (2026-03-02)" in out
    assert "Elena Marquez: denied (2026-03-04)" in out
    assert "people: 14 to 30" in out


@pytest.fixture(scope="module")
def interleaved_ledger(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('interleaved') / 'ledger.db'}"
    assert main(["ingest", str(INTERLEAVED), "--db", url, "--workers", "1", "--no-progress"]) == 0
    return url


def test_two_interleaved_events_end_as_two_stories(interleaved_ledger, capsys):
    assert main(["stories", "--json", "--db", interleaved_ledger]) == 0
    found = json.loads(capsys.readouterr().out)
    assert len(found) == 2
    by_event = [{a["origin"].rsplit("/", 1)[-1].split("-")[1] for a in s["articles"]} for s in found]
    assert sorted(map(sorted, by_event)) == [["a"], ["b"]]
    assert sum(len(s["articles"]) for s in found) == 6  # no article in both, none left out
    ids = [a["id"] for s in found for a in s["articles"]]
    assert len(ids) == len(set(ids))
    assert {(s["first_seen"], s["last_seen"]) for s in found} == {("2026-07-14", "2026-07-17")}
    assert set(found[0]) == {"id", "label", "articles", "first_seen", "last_seen", "claims"}
    assert set(found[0]["articles"][0]) == {"id", "origin", "title", "url", "published", "outlet"}


def test_restory_rebuilds_the_same_stories(interleaved_ledger, capsys):
    def partition():
        with Store(interleaved_ledger) as store, store.session() as session:
            return sorted(sorted(a["id"] for a in s["articles"]) for s in list_stories(session))
    before = partition()
    assert main(["restory", "--db", interleaved_ledger]) == 0
    assert "6 articles in 2 stories" in capsys.readouterr().err
    assert partition() == before
