"""The ingest job: idempotence, bad records, one transaction per article (canned analysis)."""
from __future__ import annotations

from sqlalchemy import func, select

from claimledger.ingest import InputError, RawArticle
from claimledger.ledger.ingest_run import IngestRun
from claimledger.ledger.store import ArticleRow, ClaimRow, InputRow
from test_ledger_support import CannedAnalyzer, build_record, db_url, store, troops_record  # noqa: F401

SECOND_TEXT = ("Officials in Kyiv said on Thursday that Ukrainian forces had retaken two villages.\n"
               "The claim could not be independently verified.")


def second_record():
    return build_record(
        SECOND_TEXT, title="Kyiv says villages retaken", published="2024-10-25", url=None,
        sources=[{"id": "s1", "name": "Officials in Kyiv", "role": None, "kind": "unnamed",
                  "mentions": ["Officials in Kyiv"]}],
        claims=[{"text": "Ukrainian forces had retaken two villages", "source": "s1", "cue": "said",
                 "status": "reported"},
                {"text": "The claim could not be independently verified", "kind": "unattributed"}])


def raw(record, origin, title="t"):
    return RawArticle(text=record.article.text, title=title, published=record.article.published,
                      url=record.article.url, origin=origin)


def run(store, items, analyzer, **options):
    return IngestRun(store, workers=1, stories=False, analyzer=analyzer, progress=False,
                     report=lambda line: None, **options).run(items)


def counts(store):
    with store.session() as session:
        return (session.scalar(select(func.count()).select_from(ArticleRow)),
                session.scalar(select(func.count()).select_from(ClaimRow)),
                session.scalar(select(func.count()).select_from(InputRow)))


def test_same_article_twice_is_stored_once(store):
    analyzer = CannedAnalyzer([troops_record(), second_record()])
    items = [raw(troops_record(), "feed.jsonl:1"), raw(second_record(), "feed.jsonl:2"),
             raw(troops_record(), "feed.jsonl:1"),      # the same input again
             raw(troops_record(), "mirror.jsonl:7"),    # the same input from elsewhere
             raw(troops_record(), "other.jsonl:1", title="another headline")]  # same text, new title
    summary = run(store, items, analyzer)
    assert (summary.ingested, summary.unchanged, summary.skipped) == (2, 3, 0)
    # identical raw inputs are recognised before analysis; a new title must be analysed
    assert analyzer.calls == 3
    assert counts(store) == (2, 5, 4)


def test_rerun_adds_nothing_and_analyses_nothing(store):
    items = [raw(troops_record(), "a.json"), raw(second_record(), "b.json")]
    run(store, items, CannedAnalyzer([troops_record(), second_record()]))
    before = counts(store)
    again = CannedAnalyzer([troops_record(), second_record()])
    summary = run(store, items, again)
    assert (summary.ingested, summary.unchanged, summary.skipped) == (0, 2, 0)
    assert again.calls == 0
    assert counts(store) == before


def test_bad_records_are_reported_with_their_origin_and_skipped(store):
    broken = build_record("Police said the bridge was closed to traffic after the crash.", None, None, None,
                          sources=[], claims=[{"text": "the bridge was closed to traffic after the crash"}])
    analyzer = CannedAnalyzer([troops_record(), second_record(), broken], fail_on=("bridge",))
    items = [InputError("feed.jsonl:3: line is not valid JSON (Expecting value)"),
             raw(troops_record(), "feed.jsonl:1"),
             RawArticle(text="   \n", origin="feed.jsonl:4"),
             raw(broken, "feed.jsonl:5"),
             raw(second_record(), "feed.jsonl:6")]
    lines = []
    summary = IngestRun(store, workers=1, stories=False, analyzer=analyzer, progress=False,
                        report=lines.append).run(items)
    assert (summary.ingested, summary.unchanged, summary.skipped) == (2, 0, 3)
    assert summary.reasons == {"unreadable input": 1, "empty text": 1, "analysis failed": 1}
    assert any("feed.jsonl:3" in line for line in lines)
    assert any("feed.jsonl:5" in line and "parser exploded" in line for line in lines)
    assert "feed.jsonl:4" in summary.examples["empty text"]
    assert counts(store)[0] == 2


def test_a_failed_article_leaves_nothing_behind(store):
    """One transaction per article: a record that cannot be stored is rolled back whole."""
    bad = troops_record()
    bad.quantities.append(bad.quantities[0])  # two quantities with one id violate a unique key
    analyzer = CannedAnalyzer([bad, second_record()])
    summary = run(store, [raw(bad, "bad.json"), raw(second_record(), "good.json")], analyzer)
    assert summary.reasons == {"store failed": 1} and summary.ingested == 1
    with store.session() as session:
        assert session.get(ArticleRow, bad.article.id) is None
        assert session.scalar(select(func.count()).select_from(ClaimRow).where(ClaimRow.article_id == bad.article.id)) == 0
        assert session.get(InputRow, ("bad.json", _hash(raw(bad, "bad.json")))) is None
    # the failed input is tried again on the next run (nothing marked it done)
    fixed = CannedAnalyzer([troops_record(), second_record()])
    assert run(store, [raw(bad, "bad.json")], fixed).ingested == 1


def _hash(item):
    from claimledger.ledger.ingest_run import raw_hash
    return raw_hash(item)


def test_interrupt_keeps_committed_articles(store):
    """Ctrl-C mid-run: what was committed stays, the run reports itself interrupted."""
    def items():
        yield raw(troops_record(), "a.json")
        raise KeyboardInterrupt

    summary = run(store, items(), CannedAnalyzer([troops_record()]))
    assert summary.interrupted and summary.ingested == 1
    assert counts(store)[0] == 1


def test_a_worker_that_dies_costs_one_article_not_the_run(store):
    """A worker killed mid-analysis (native crash, OOM) breaks the pool: the run skips the
    article in flight, starts a new pool and goes on; a re-run retries what was skipped."""
    texts = [f"The {n} council voted to repair the old harbour wall." for n in
             ("first", "second", "third", "fourth", "fifth", "sixth")]
    texts[2] = "CRASH: the parser dies on this one."
    items = [RawArticle(text=t, origin=f"feed.jsonl:{i}") for i, t in enumerate(texts, start=1)]
    first = IngestRun(store, workers=2, stories=False, analyzer="test_ledger_support:crashing_analyzer",
                      progress=False, report=lambda line: None).run(items)
    assert first.reasons.keys() == {"analysis worker died"}
    assert any("feed.jsonl:3" in example for example in first.examples["analysis worker died"])
    second = IngestRun(store, workers=2, stories=False, analyzer="test_ledger_support:crashing_analyzer",
                       progress=False, report=lambda line: None).run(items)
    assert first.ingested + second.ingested == 5
    assert counts(store)[0] == 5
