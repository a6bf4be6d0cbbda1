"""Stories: claims of one proposition clustered across outlets, incrementally, with real
all-MiniLM-L6-v2 embeddings (hand-built records stand in for the analysis)."""
from __future__ import annotations

from sqlalchemy import select

from claimledger.ingest import RawArticle
from claimledger.ledger.ingest_run import IngestRun
from claimledger.ledger.queries import story
from claimledger.ledger.store import ClaimRow, Store
from test_ledger_support import CannedAnalyzer, build_record, db_url, store, troops_record  # noqa: F401

DAY1 = ("Coast guard spokesman Ramon Tiongco confirmed on Monday that 14 people had died when the "
        "MV Lady Aurora capsized off Port Calder.\n"
        "Rescuers pulled 52 survivors from the water, he said.")
DAY2 = ("Local fishermen told the Island Post that as many as 30 people had died when the MV Lady Aurora "
        "capsized.\n"
        "The ferry was reportedly carrying more than 150 people.")
DAY3 = ("Provincial Governor Elena Marquez denied that 30 people had died when the MV Lady Aurora capsized.\n"
        "The coast guard said 17 people had died in the capsizing of the MV Lady Aurora.")


def ferry_records():
    day1 = build_record(
        DAY1, "At least 14 dead as ferry capsizes", "2026-03-02", "https://harbourtimes.example/a",
        sources=[{"id": "s1", "name": "Ramon Tiongco", "role": "Coast guard spokesman", "kind": "person",
                  "mentions": ["Coast guard spokesman Ramon Tiongco", "he"]}],
        claims=[{"text": "14 people had died when the MV Lady Aurora capsized off Port Calder", "source": "s1",
                 "cue": "confirmed", "status": "confirmed"},
                {"text": "Rescuers pulled 52 survivors from the water", "source": "s1", "cue": "said",
                 "kind": "mixed", "status": "reported"}],
        quantities=[{"text": "14 people", "low": 14, "high": 14, "unit": "people", "claim": "c1"},
                    {"text": "52 survivors", "low": 52, "high": 52, "unit": "survivors", "claim": "c2"}])
    day2 = build_record(
        DAY2, "Fishermen say 30 died", "2026-03-03", "https://islandpost.example/b",
        sources=[{"id": "s1", "name": "Local fishermen", "role": None, "kind": "unnamed",
                  "mentions": ["Local fishermen"]},
                 {"id": "s2", "name": "the Island Post", "role": None, "kind": "media", "mentions": ["the Island Post"]}],
        claims=[{"text": "as many as 30 people had died when the MV Lady Aurora capsized", "source": "s1",
                 "via": ["s2"], "cue": "told", "status": "reported", "certainty": 2.0},
                {"text": "The ferry was reportedly carrying more than 150 people", "kind": "unattributed",
                 "status": "reported", "hedges": ["reportedly"]}],
        quantities=[{"text": "as many as 30 people", "low": None, "high": 30, "unit": "people", "claim": "c1"},
                    {"text": "more than 150 people", "low": 150, "high": None, "unit": "people", "claim": "c2"}])
    day3 = build_record(
        DAY3, "Governor rejects higher ferry toll", "2026-03-04", "https://nationalwire.example/c",
        sources=[{"id": "s1", "name": "Elena Marquez", "role": "Provincial Governor", "kind": "person",
                  "mentions": ["Provincial Governor Elena Marquez"]},
                 {"id": "s2", "name": "The coast guard", "role": None, "kind": "government",
                  "mentions": ["The coast guard"]}],
        claims=[{"text": "30 people had died when the MV Lady Aurora capsized", "source": "s1", "cue": "denied",
                 "status": "denied", "certainty": -3.0},
                {"text": "17 people had died in the capsizing of the MV Lady Aurora", "source": "s2", "cue": "said",
                 "status": "reported"}],
        quantities=[{"text": "30 people", "low": 30, "high": 30, "unit": "people", "claim": "c1"},
                    {"text": "17 people", "low": 17, "high": 17, "unit": "people", "claim": "c2"}])
    return [day1, day2, day3]


def _raw(record):
    a = record.article
    return RawArticle(text=a.text, title=a.title, published=a.published, url=a.url, origin=a.url or a.id)


def _ingest(store, records, analyzer):
    return IngestRun(store, workers=1, stories=True, analyzer=analyzer, progress=False,
                     report=lambda line: None).run([_raw(r) for r in records])


def test_one_proposition_across_three_outlets_is_one_story(store):
    records = ferry_records() + [troops_record()]
    _ingest(store, records, CannedAnalyzer(records))
    with store.session() as session:
        found = story(session, "Lady Aurora capsized")
        # words that no claim has all of: the story with most claims holding any of them
        assert story(session, "Lady Aurora death toll")["id"] == found["id"]
    assert found["articles"] == 3
    assert (found["first_seen"], found["last_seen"]) == ("2026-03-02", "2026-03-04")
    statuses = {s["source"]: s["latest"] for s in found["sources"]}
    assert statuses == {"Ramon Tiongco": "confirmed", "Local fishermen": "reported",
                        "Elena Marquez": "denied", "The coast guard": "reported"}
    assert found["agreement"] == "contradicted"
    people = next(g for g in found["estimates"] if g["unit"] == "people")
    assert (people["min"], people["max"]) == (14, 30)
    assert [v["source"] for v in people["values"]] == ["Ramon Tiongco", "Local fishermen", "Elena Marquez",
                                                       "The coast guard"]
    texts = [entry["text"] for entry in found["timeline"]]
    # other propositions of the same event, and another event, stay out
    assert not any("survivors" in t or "150" in t or "North Korea" in t for t in texts)


def test_clustering_is_incremental(tmp_path):
    """Ingesting one article at a time (each run reloads only the story centroids) gives the
    same stories as one run over all, and never moves a claim already placed."""
    records = ferry_records() + [troops_record()]
    analyzer = CannedAnalyzer(records)
    with Store(f"sqlite:///{tmp_path / 'all.db'}") as at_once:
        _ingest(at_once, records, analyzer)
        with at_once.session() as session:
            together = _partition(session)
    with Store(f"sqlite:///{tmp_path / 'one.db'}") as one_by_one:
        placed = {}
        for record in records:
            _ingest(one_by_one, [record], analyzer)
            with one_by_one.session() as session:
                now = {(c.article_id, c.local_id): c.story_id for c in session.scalars(select(ClaimRow))}
            assert all(now[key] == story_id for key, story_id in placed.items())
            placed = now
        with one_by_one.session() as session:
            assert _partition(session) == together


def _partition(session):
    """Claims grouped by story, as sets of (article, claim) keys: ids aside, the clustering."""
    groups = {}
    for claim in session.scalars(select(ClaimRow)):
        groups.setdefault(claim.story_id, set()).add((claim.article_id, claim.local_id))
    return sorted(sorted(g) for g in groups.values())
