"""Stories (events: sets of articles) and claim clusters (propositions inside a story),
assigned incrementally with real all-MiniLM-L6-v2 embeddings and the real usearch index
(hand-built records stand in for the analysis); the index persisted beside the ledger;
two concurrent writers; the 0003_stories migration of an existing ledger and restory."""
from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import select, text

from claimledger.ingest import RawArticle
from claimledger.ledger.ingest_run import IngestRun
from claimledger.ledger.queries import find_story, list_stories, story, story_detail
from claimledger.ledger.stories import restory
from claimledger.ledger.store import ArticleRow, ClaimRow, Store, migrate
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


def test_ferry_is_one_story_and_its_toll_one_claim_cluster(store):
    records = ferry_records() + [troops_record()]
    _ingest(store, records, CannedAnalyzer(records))
    with store.session() as session:
        stories = list_stories(session)
        found = story(session, "Lady Aurora capsized")
        # words that no claim has all of: the story with most claims holding any of them
        assert story(session, "Lady Aurora death toll")["id"] == found["id"]
        # words of no claim at all: the nearest story by embedding, through the index
        assert find_story(session, "ferry sinking casualties") == found["id"]
        assert find_story(session, str(found["id"])) == found["id"]
        assert story_detail(session, 10 ** 6) is None
    assert [len(s["articles"]) for s in stories] == [3, 1]  # biggest first
    assert stories[1]["label"] == "North Korean troops 'in Russia', Pentagon says"
    assert [a["outlet"] for a in stories[0]["articles"]] == [
        "harbourtimes.example", "islandpost.example", "nationalwire.example"]
    assert stories[0]["claims"] == 6
    assert (found["first_seen"], found["last_seen"]) == ("2026-03-02", "2026-03-04")
    toll = found["clusters"][0]  # the biggest: three articles
    assert [(p["source"], p["status"], p["stance"]) for p in toll["positions"]] == [
        ("Ramon Tiongco", "confirmed", "confirms"), ("Local fishermen", "reported", "reports"),
        ("Elena Marquez", "denied", "denies"), ("The coast guard", "reported", "reports")]
    assert toll["agreement"] == "contradicted"
    assert [(e["low"], e["high"], e["source"]) for e in toll["estimates"]] == [
        (14, 14, "Ramon Tiongco"), (None, 30, "Local fishermen"), (30, 30, "Elena Marquez"),
        (17, 17, "The coast guard")]
    people = toll["ranges"][0]
    assert (people["unit"], people["min"], people["max"]) == ("people", 14, 30)
    # other propositions of the same event are clusters of their own
    others = [c for c in found["clusters"][1:]]
    assert {p["claim_text"] for c in others for p in c["positions"]} == {
        "Rescuers pulled 52 survivors from the water", "The ferry was reportedly carrying more than 150 people"}
    assert set(toll["positions"][0]) == {"article_id", "outlet", "published", "source", "source_id", "status",
                                         "stance", "claim_text", "claim_id"}
    assert set(toll["estimates"][0]) == {"article_id", "outlet", "published", "source", "low", "high",
                                         "approximate", "unit", "text"}


def test_since_and_limit(store):
    records = ferry_records() + [troops_record()]
    _ingest(store, records, CannedAnalyzer(records))
    with store.session() as session:
        assert [len(s["articles"]) for s in list_stories(session, since="2025-01-01")] == [3]
        assert len(list_stories(session, limit=1)) == 1


def test_assignment_is_incremental(tmp_path):
    """Ingesting one article at a time (each run reopens the persisted index) gives the same
    stories and claim clusters as one run over all, and never moves a claim already placed."""
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
                now = {(c.article_id, c.local_id): (c.story_id, c.cluster_id) for c in session.scalars(select(ClaimRow))}
            assert all(now[key] == ids for key, ids in placed.items())
            placed = now
        with one_by_one.session() as session:
            assert _partition(session) == together


def _partition(session):
    """Claims grouped by (story, claim cluster), as sets of (article, claim) keys: ids aside."""
    groups = {}
    for claim in session.scalars(select(ClaimRow)):
        groups.setdefault((claim.story_id, claim.cluster_id), set()).add((claim.article_id, claim.local_id))
    return sorted(sorted(g) for g in groups.values())


def test_index_is_persisted_beside_the_ledger_and_rebuilt_when_lost(tmp_path):
    records = ferry_records() + [troops_record()]
    analyzer = CannedAnalyzer(records)
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    index_file = tmp_path / "ledger.db.stories.usearch"
    with Store(url) as opened:
        _ingest(opened, records[:2], analyzer)
        assert index_file.exists()
        meta = json.loads((tmp_path / "ledger.db.stories.usearch.json").read_text())
        with opened.session() as session:
            assert meta["covered_seq"] == 2
            from claimledger.ledger.stories import StoryIndex
            reader = StoryIndex.reader(session)
            assert reader.vectors.read_only and len(reader) == 1  # memory-mapped, up to date
        index_file.unlink()  # a lost cache costs a rebuild from the database, nothing else
        _ingest(opened, records[2:], analyzer)
        with opened.session() as session:
            assert [len(s["articles"]) for s in list_stories(session)] == [3, 1]
    with Store(f"sqlite:///{tmp_path / 'again.db'}") as again:
        _ingest(again, records, analyzer)
        with again.session() as session, Store(url).session() as first:
            assert _partition(session) == _partition(first)


class _Embedded:
    """Real all-MiniLM-L6-v2 vectors computed by the parent, served to a writer process so
    that it does not load torch again (the lock is under test here, not the model)."""

    def __init__(self, table):
        self.table = table

    def encode(self, texts, **_options):
        import numpy as np
        return np.stack([np.frombuffer(self.table[t], dtype=np.float32) for t in texts])


def _writer(url, records_json, index_path, vectors, start):
    """One concurrent writer (a spawned process): ingest its records once ``start`` is set."""
    import os
    os.environ["CLAIMLEDGER_INDEX"] = index_path
    from claimledger.ledger import embeddings
    from claimledger.record import Record
    embeddings._model = _Embedded(vectors)
    records = [Record.from_json(r) for r in records_json]
    start.wait(60)
    with Store(url) as opened:
        _ingest(opened, records, CannedAnalyzer(records))


def test_two_concurrent_writers_end_with_the_sequential_stories(db_url, tmp_path, monkeypatch):
    records = ferry_records() + [troops_record()]
    monkeypatch.setenv("CLAIMLEDGER_INDEX", str(tmp_path / "sequential.usearch"))
    with Store(f"sqlite:///{tmp_path / 'sequential.db'}") as sequential:
        _ingest(sequential, records, CannedAnalyzer(records))
        with sequential.session() as session:
            expected = sorted(sorted(a["id"] for a in s["articles"]) for s in list_stories(session))
    with Store(db_url):
        pass  # schema created once, before the writers race
    from claimledger.ledger.embeddings import embed
    from claimledger.ledger.stories import story_text
    texts = [story_text(r.article.title, r.article.text) for r in records]
    vectors = {t: v.tobytes() for t, v in zip(texts, embed(texts))}
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    halves = [[records[0].to_json(), records[3].to_json()], [records[1].to_json(), records[2].to_json()]]
    writers = [context.Process(target=_writer, args=(db_url, half, str(tmp_path / f"w{i}.usearch"), vectors, start))
               for i, half in enumerate(halves)]
    for writer in writers:
        writer.start()
    start.set()
    for writer in writers:
        writer.join(180)
        assert writer.exitcode == 0
    with Store(db_url) as opened, opened.session() as session:
        got = sorted(sorted(a["id"] for a in s["articles"]) for s in list_stories(session))
        assert session.scalar(text("SELECT count(*) FROM articles WHERE story_id IS NULL")) == 0
    assert got == expected


def test_a_0001_ledger_upgrades_in_place_and_restory_rebuilds(db_url, monkeypatch, tmp_path):
    """A ledger of the first schema, with articles, claims and the old claim-level clusters,
    opens at head (0003_stories), keeps its records, and restory builds the stories."""
    monkeypatch.setenv("CLAIMLEDGER_INDEX", str(tmp_path / "index.usearch"))
    records = ferry_records() + [troops_record()]
    old = Store(db_url, migrate_schema=False)
    migrate(old.engine, "0001")
    with old.engine.begin() as conn:
        conn.execute(text("INSERT INTO stories (id, label, centroid, keys_json, n_claims, n_articles) "
                          "VALUES (1, 'old claim cluster', :c, '[]', 1, 1)"), {"c": b"\0" * 1536})
        for seq, record in enumerate(records, start=1):
            a = record.article
            conn.execute(text("INSERT INTO articles (id, title, published, url, origin, text, record_json, "
                              "ingested_at, seq) VALUES (:id, :title, :published, :url, :origin, :text, :rj, "
                              "'2026-01-01T00:00:00', :seq)"),
                         {"id": a.id, "title": a.title, "published": a.published, "url": a.url, "origin": a.url,
                          "text": a.text, "rj": record.to_json(), "seq": seq})
            for c in record.claims:
                conn.execute(text('INSERT INTO claims (article_id, local_id, text, start, "end", kind, status, '
                                  "hedges_json, published, story_id) VALUES (:a, :l, :t, :s, :e, :k, :st, '[]', "
                                  ":p, 1)"), {"a": a.id, "l": c.id, "t": c.text, "s": c.start, "e": c.end,
                                              "k": c.kind, "st": c.status, "p": a.published})
    old.close()
    with Store(db_url) as upgraded:
        with upgraded.session() as session:
            assert session.scalar(text("SELECT version_num FROM alembic_version")) == "0003_stories"
            assert session.scalar(text("SELECT count(*) FROM claims")) == 9
            assert session.scalar(text("SELECT count(*) FROM stories")) == 0  # the old clusters are gone
            assert session.scalar(text("SELECT count(*) FROM claims WHERE story_id IS NOT NULL")) == 0
        with upgraded.session() as session:
            result = restory(session)
        assert (result["articles"], result["stories"]) == (4, 2)
        with upgraded.session() as session:
            assert [len(s["articles"]) for s in list_stories(session)] == [3, 1]
            toll = story(session, "Lady Aurora")["clusters"][0]
            assert {p["status"] for p in toll["positions"]} == {"confirmed", "reported", "denied"}
            assert session.scalar(select(ArticleRow.story_vector).limit(1)) is not None


def test_story_and_stories_commands(tmp_path, capsys):
    from claimledger.cli import main
    records = ferry_records() + [troops_record()]
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    with Store(url) as opened:
        _ingest(opened, records, CannedAnalyzer(records))
    assert main(["story", "Lady Aurora", "--json", "--db", url]) == 0
    found = json.loads(capsys.readouterr().out)
    assert len(found["articles"]) == 3 and found["clusters"][0]["ranges"][0]["unit"] == "people"
    assert main(["stories", "--db", url, "--since", "2026-03-03"]) == 0
    out = capsys.readouterr().out
    assert "3 articles, 6 claims, 2026-03-02 .. 2026-03-04" in out and "North Korean" not in out
    assert main(["story", "zzzz qqqq", "--db", url]) in (0, 1)  # nearest by embedding, or none
    capsys.readouterr()
    assert main(["story", "999", "--db", url]) == 1
    assert "claimledger: no story matches '999'" in capsys.readouterr().err
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert main(["restory", "--db", empty]) == 2
    assert "nothing to restory" in capsys.readouterr().err


def _take_turns(url, records, vectors, writers):
    """Assign ``records`` into the ledger at ``url`` with ``writers`` story indexes (each
    its own session, as separate processes would have) taking turns, one article each."""
    from claimledger.ledger.ingest_run import store_record
    from claimledger.ledger.stories import StoryIndex
    scores = []
    with Store(url) as opened:
        sessions = [opened.session() for _ in range(writers)]
        indexes = []
        for session in sessions:
            indexes.append(StoryIndex.load(session, path=None))
            session.commit()
        for i, (record, vector) in enumerate(zip(records, vectors)):
            session, index = sessions[i % writers], indexes[i % writers]
            with session.begin():
                index.lock(session)
                row = store_record(session, record, f"feed.jsonl:{i + 1}", i + 1)
                claim_rows = {c.local_id: c for c in session.scalars(select(ClaimRow).where(ClaimRow.article_id == row.id))}
                scores.append(round(index.assign_record(session, record, row, claim_rows, vector).score, 12))
        for session in sessions:
            session.close()
        with opened.session() as session:
            terms = sorted(session.execute(text("SELECT term, df FROM story_terms")).all())
            clusters = sorted(session.execute(text("SELECT n_claims, n_articles, signature_json FROM claim_clusters")).all())
            return scores, _partition(session), terms, clusters


def test_a_writer_whose_ledger_moved_reads_its_counts_again(tmp_path):
    """A writer keeps document frequencies and decoded stories in memory between articles;
    when another writer has assigned in between, it must not score with its stale counts:
    two writers taking turns give the scores, stories, claim clusters and term counts of one."""
    from claimledger.ledger.embeddings import embed
    from claimledger.ledger.stories import story_text
    ferry = ferry_records()
    records = [ferry[0], troops_record(), ferry[1], ferry[2]]
    vectors = embed([story_text(r.article.title, r.article.text) for r in records])
    alone = _take_turns(f"sqlite:///{tmp_path / 'one.db'}", records, vectors, 1)
    turns = _take_turns(f"sqlite:///{tmp_path / 'two.db'}", records, vectors, 2)
    assert turns == alone
    scores, partition, terms, _ = alone
    assert len(partition) >= 2 and dict(terms)[""] == 4
    assert scores[2] >= 0.35 and scores[3] >= 0.35  # the later ferry articles join the first


def test_a_thread_count_given_after_the_model_was_loaded_still_applies():
    """An evaluation or warm-up may load the embedding model first, without a count; an
    ingest asking for one thread afterwards must get one (two would spin on a shared core)."""
    torch = pytest.importorskip("torch")
    from claimledger.ledger import embeddings
    previous = torch.get_num_threads()
    try:
        embeddings.get_model()
        torch.set_num_threads(2)
        embeddings.get_model(threads=1)
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(previous)
