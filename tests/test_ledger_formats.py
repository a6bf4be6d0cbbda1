"""`claimledger ingest` over a folder of mixed inputs (JSON Lines with a bad line, CSV, RSS,
WARC.gz): every good record stored once, each bad one reported with its file and line or
offset, the run going on.  Real readers, real pipeline, real SQLite."""
from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from claimledger.cli import main
from claimledger.ledger.queries import claims, stats
from claimledger.ledger.store import ArticleRow, InputRow, Store

JSONL = [
    {"title": "Council approves tram extension", "published": "2025-05-06", "url": "https://city.example/tram",
     "text": "The city council approved a 4.2-kilometre extension of the tram line on Monday.\n"
             "Deputy mayor Sarah Klein said construction would start in the autumn."},
    "this line is not JSON",
    {"title": "Hospital opens new wing", "published": "2025-05-07",
     "text": "St Mary's Hospital opened a new emergency wing with 60 beds on Tuesday.\n"
             "Officials said waiting times were expected to fall by a third."},
]
CSV = ("id,body\n"
       "7,\"Heavy rain flooded 200 homes in the valley overnight, the fire service said.\"\n"
       "8,\"\"\n")
RSS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour News</title>
<item><title>Port strike ends</title><link>https://harbour.example/strike</link>
<pubDate>Wed, 07 May 2025 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Dock workers ended a five-day strike after the port authority agreed to a 6% pay rise, union leader Tom Reyes said.&lt;/p&gt;</description>
</item></channel></rss>"""
HTML = ("<html><head><title>Bridge reopens after repairs</title></head><body><article>"
        "<h1>Bridge reopens after repairs</h1>"
        "<p>The Elm Street bridge reopened to traffic on Thursday after eight months of repairs that cost "
        "about $12 million, the transport department said.</p>"
        "<p>Engineers had found cracks in two of its steel girders during a routine inspection last year, "
        "according to the department, which said the bridge was now safe for heavy lorries.</p>"
        "</article></body></html>")


def _warc_gz(path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        record = writer.create_warc_record("https://city.example/bridge", "response",
                                           payload=io.BytesIO(HTML.encode("utf-8")), http_headers=headers)
        writer.write_record(record)


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "inputs"
    (folder / "feeds").mkdir(parents=True)
    (folder / "articles.jsonl").write_text(
        "\n".join(item if isinstance(item, str) else json.dumps(item) for item in JSONL) + "\n", encoding="utf-8")
    (folder / "bodies.csv").write_text(CSV, encoding="utf-8")
    (folder / "feeds" / "harbour.rss").write_text(RSS, encoding="utf-8")
    _warc_gz(folder / "crawl.warc.gz")
    return folder


def test_a_folder_of_mixed_inputs(inputs, tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    code = main(["ingest", str(inputs), "--text-column", "body", "--id-column", "id", "--db", url,
                 "--workers", "1", "--no-stories", "--no-progress", "--json"])
    out, err = capsys.readouterr()
    summary = json.loads(out)
    assert code == 1  # some records were skipped, the rest stored
    assert (summary["ingested"], summary["skipped"]) == (5, 2)
    assert "articles.jsonl:2" in err
    assert "bodies.csv" in err and "8" in err.split("bodies.csv", 1)[1].splitlines()[0]
    with Store(url) as store, store.session() as session:
        assert stats(session)["articles"] == 5
        origins = set(session.scalars(select(InputRow.origin)))
        assert any(o.endswith("harbour.rss:entry 1") for o in origins)
        assert any("crawl.warc.gz@" in o for o in origins)
        tram = claims(session, search="tram extension")
        assert tram and tram[0]["published"] == "2025-05-06"
        urls = set(session.scalars(select(ArticleRow.url)))
        assert {"https://city.example/bridge", "https://harbour.example/strike"} <= urls

    # the same folder again: nothing new, nothing analysed
    code = main(["ingest", str(inputs), "--text-column", "body", "--id-column", "id", "--db", url,
                 "--workers", "1", "--no-stories", "--no-progress", "--json"])
    again = json.loads(capsys.readouterr().out)
    assert (again["ingested"], again["unchanged"], again["skipped"]) == (0, 5, 2)
