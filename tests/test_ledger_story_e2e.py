"""End to end with the real pipeline: three outlets report one ferry disaster on three days
with differing death tolls; ``story`` shows one cluster with each source's status and the
range of estimates.  The articles are in tests/fixtures/story/ (written for this test)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger.cli import main
from claimledger.ingest import RawArticle
from claimledger.ledger.ingest_run import IngestRun
from claimledger.ledger.queries import sources, story
from claimledger.ledger.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "story"


def fixture_articles() -> list[RawArticle]:
    items = []
    for path in sorted(FIXTURES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        items.append(RawArticle(text=data["text"], title=data["title"], published=data["published"],
                                url=data["url"], origin=str(path)))
    return items


@pytest.fixture(scope="module")
def ferry_ledger(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('story') / 'ledger.db'}"
    with Store(url) as store:
        summary = IngestRun(store, workers=1, progress=False, report=lambda line: None).run(fixture_articles())
    assert (summary.ingested, summary.skipped) == (3, 0)
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
    assert "search had been called off" not in texts and "overloaded" not in texts


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
