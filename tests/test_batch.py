"""`claimledger batch`: both engines give what `analyze` gives; bad inputs go to
errors.jsonl and never stop the batch; a re-run skips what is in --out; `ingest DIR`
stores batch output without analysing again."""
import json

import pytest

from claimledger.batch import BatchError, iter_records, run_batch
from claimledger.batch import manifest
from claimledger.cli import main
from claimledger.pipeline import analyze

ARTICLES = [
    {"title": "Bridge to reopen, mayor says", "published": "2025-01-02",
     "text": "The mayor said on Thursday that the bridge would reopen on Monday.\n\n"
             "Officials estimated that the repairs had cost about 2 million dollars."},
    {"title": "Three arrested after protest",
     "text": "Police confirmed that three people were arrested after the protest, according to local media.\n\n"
             "\"We will not tolerate violence,\" said Anna Berg, the police chief."},
]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("batch-in")
    lines = [json.dumps(ARTICLES[0]), "{not json", json.dumps({"title": "empty", "text": "   "}),
             json.dumps(ARTICLES[1])]
    path = folder / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def expected():
    """What `analyze` gives for the two good articles, in input order."""
    return [analyze(a["text"], title=a["title"], published=a.get("published")).to_dict() for a in ARTICLES]


def _records(folder):
    return [json.loads(record_json) for _, record_json in iter_records(folder)]


@pytest.fixture(scope="module")
def local_out(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("batch-local") / "out"
    lines = []
    summary = run_batch([inputs], out, engine="local", workers=1, fmt="parquet", report=lines.append)
    return out, summary, lines


def test_local_engine_equals_analyze(local_out, expected):
    out, summary, lines = local_out
    assert summary.written == 2 and summary.errors == 2
    assert _records(out) == expected
    assert summary.worker_peak_rss_mb and all(0 < mb < 1024 for mb in summary.worker_peak_rss_mb)
    assert any(line.startswith("done: 2 written") for line in lines)


def test_parquet_has_articles_and_a_flat_claims_table(local_out, expected):
    import pyarrow.parquet as pq
    out, _, _ = local_out
    articles = pq.read_table(out / "articles").to_pylist()
    claims = pq.read_table(out / "claims").to_pylist()
    assert [a["article_id"] for a in articles] == [r["article"]["id"] for r in expected]
    assert [a["origin"].rsplit(":", 1)[1] for a in articles] == ["1", "4"]
    want = [(r["article"]["id"], c["id"], c["text"], c["status"]) for r in expected for c in r["claims"]]
    assert [(c["article_id"], c["claim_id"], c["text"], c["status"]) for c in claims] == want
    chief = [c for c in claims if c["source_name"] == "Anna Berg"]
    assert chief and chief[0]["source_kind"] == "person"


def test_bad_inputs_go_to_the_errors_file(local_out):
    out, _, _ = local_out
    errors = [json.loads(line) for line in (out / "errors.jsonl").read_text().splitlines()]
    assert [e["origin"].rsplit(":", 1)[1] for e in errors] == ["2", "3"]
    assert "invalid JSON" in errors[0]["reason"] and errors[1]["reason"] == "empty text"


def test_rerun_skips_what_is_there_and_drops_a_half_written_part(local_out, inputs, monkeypatch, capsys):
    out, _, _ = local_out
    orphan = out / "articles" / "part-00009.parquet"
    orphan.write_bytes(b"a part no manifest line points to")

    def no_engine(*args, **kwargs):
        raise AssertionError("a re-run over finished inputs started an engine")
    monkeypatch.setattr("claimledger.batch.make_engine", no_engine)
    assert main(["batch", str(inputs), "--out", str(out), "--json"]) == 1  # the two bad lines remain
    summary = json.loads(capsys.readouterr().out)
    assert summary["written"] == 0 and summary["already"] == 2 and summary["errors"] == 2
    assert not orphan.exists()
    assert len(manifest.read_manifest(out)) == 2


def test_bad_usage_is_one_line_and_exit_2(local_out, inputs, tmp_path, capsys):
    out, _, _ = local_out
    assert main(["batch", str(inputs), "--out", str(out), "--format", "jsonl"]) == 2
    assert main(["batch", str(inputs), "--out", str(tmp_path / "o"), "--address", "auto"]) == 2
    assert main(["batch", str(inputs), "--out", str(tmp_path / "o"), "--workers", "0"]) == 2
    (tmp_path / "notempty").mkdir()
    (tmp_path / "notempty" / "mine.txt").write_text("keep me")
    assert main(["batch", str(inputs), "--out", str(tmp_path / "notempty")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 4 and all(line.startswith("claimledger: ") for line in err)
    assert (tmp_path / "notempty" / "mine.txt").read_text() == "keep me"


def test_ray_engine_in_local_mode_equals_analyze(inputs, expected, tmp_path):
    pytest.importorskip("ray")
    out = tmp_path / "out"
    try:
        summary = run_batch([inputs], out, engine="ray", workers=1, fmt="jsonl", report=lambda line: None)
    except BatchError as error:
        pytest.skip(f"Ray cannot start here: {error}")
    assert summary.written == 2 and summary.errors == 2
    assert _records(out) == expected
    # the part files, in order, are what `analyze --jsonl` prints (a slow start may split them)
    lines = [json.loads(line) for part in sorted((out / "records").glob("part-*.jsonl"))
             for line in part.read_text().splitlines()]
    assert lines == expected


def test_ingest_dir_stores_batch_output_without_analysing(local_out, expected, tmp_path, monkeypatch):
    from claimledger.ledger.ingest_run import load_record
    from claimledger.ledger.store import Store

    def forbidden(*args, **kwargs):
        raise AssertionError("ingest of batch output analysed again")
    monkeypatch.setattr("claimledger.pipeline.analyze", forbidden)
    monkeypatch.setattr("claimledger.nlp.get_nlp", forbidden)
    monkeypatch.setattr("claimledger.ledger.ingest_run.init_worker", forbidden)
    out, _, _ = local_out
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert main(["ingest", str(out), "--db", db, "--no-stories", "--no-progress"]) == 0
    assert main(["ingest", str(out), "--db", db, "--no-stories", "--no-progress"]) == 0  # unchanged
    with Store(db) as store, store.session() as session:
        stored = [load_record(session, r["article"]["id"]).to_dict() for r in expected]
    assert stored == expected


def test_ingest_dir_with_stories_embeds_without_analysing(local_out, tmp_path, monkeypatch, capsys):
    from claimledger.ledger.embeddings import available
    if not available():
        pytest.skip("the embedding model (claimledger[stories]) is not installed")

    def forbidden(*args, **kwargs):
        raise AssertionError("ingest of batch output analysed again")
    monkeypatch.setattr("claimledger.pipeline.analyze", forbidden)
    monkeypatch.setattr("claimledger.nlp.get_nlp", forbidden)
    out, _, _ = local_out
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert main(["ingest", str(out), "--db", db, "--no-progress", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ingested"] == 2
    assert main(["stats", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["stories"] >= 1


def _job(n, text, published=None):
    return {"origin": f"feed.jsonl:{n}", "raw_hash": f"h{n}", "text": text, "title": None,
            "published": published, "url": None}


def test_a_chunk_of_jobs_gives_what_analyze_gives_and_one_bad_job_costs_only_itself():
    """Jobs reach a worker in chunks parsed as one spaCy batch; the records are those of
    `analyze`, and a job that fails (a bad date) is that job's error, not the chunk's."""
    from claimledger.batch import worker
    texts = [ARTICLES[0]["text"], ARTICLES[1]["text"],
             "The council said the harbour wall would be repaired by June."]
    jobs = [_job(1, texts[0], "2025-01-02"), _job(2, texts[1], "last Tuesday"), _job(3, texts[2])]
    results = worker.analyse_jobs(jobs)
    assert [r["origin"] for r in results] == ["feed.jsonl:1", "feed.jsonl:2", "feed.jsonl:3"]
    assert "error" in results[1] and "YYYY-MM-DD" in results[1]["error"]
    assert json.loads(results[0]["record_json"]) == analyze(texts[0], published="2025-01-02").to_dict()
    assert json.loads(results[2]["record_json"]) == analyze(texts[2]).to_dict()
    good = worker.analyse_jobs([jobs[0], jobs[2]])
    assert [json.loads(r["record_json"]) for r in good] == [json.loads(results[0]["record_json"]),
                                                          json.loads(results[2]["record_json"])]


def test_a_worker_that_dies_on_a_chunk_costs_only_the_job_that_kills_it(monkeypatch):
    """A broken pool on a chunk: its jobs go again one by one and only the one that kills
    a worker again is an error; results stay in input order."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool
    from claimledger.batch.local import LocalEngine

    submitted = []

    class Pool:  # a pool whose worker dies on any chunk holding a CRASH job
        def submit(self, fn, chunk):
            submitted.append([j["origin"] for j in chunk])
            future = Future()
            if any(j["text"].startswith("CRASH") for j in chunk):
                future.set_exception(BrokenProcessPool("a worker died"))
            else:
                future.set_result([{"origin": j["origin"], "raw_hash": j["raw_hash"], "words": 1,
                                    "record_json": "{}"} for j in chunk])
            return future

        def shutdown(self, **kwargs):
            pass

    engine = LocalEngine(workers=1, chunk=3)
    monkeypatch.setattr(engine, "_new_pool", Pool)
    jobs = [_job(n, "CRASH" if n == 5 else f"Article {n} text.") for n in range(1, 9)]
    results = list(engine.map(jobs))
    assert [r["origin"] for r in results] == [j["origin"] for j in jobs]
    assert [r["origin"] for r in results if "error" in r] == ["feed.jsonl:5"]
    assert "analysis worker died" in results[4]["error"]
    assert ["feed.jsonl:4", "feed.jsonl:5", "feed.jsonl:6"] in submitted and ["feed.jsonl:5"] in submitted
