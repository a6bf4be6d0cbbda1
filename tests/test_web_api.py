"""The REST API in process (FastAPI's ASGI app through httpx): paging, filters, errors as
JSON with their status codes, the size limit, the write token, escaping and the CSP on
pages, and schemathesis over the OpenAPI schema.

The ledger holds made-up records stored through the real ingest (a canned analysis, so no
parse is needed); /api/analyze runs the real pipeline."""
from __future__ import annotations

import pytest

from claimledger.ingest import RawArticle
from test_ledger_support import CannedAnalyzer, build_record, troops_record

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

TOKEN = "s3cret-token"
HOSTILE_TITLE = "<script>alert('t')</script><img src=x onerror=alert(1)>"


def small_records():
    records = [troops_record()]
    for i in range(1, 6):
        text = (f"Bridge {i} closed\nEngineers confirmed that bridge number {i} had a crack in its deck.\n"
                f"The council denied that bridge number {i} had been unsafe for years.")
        records.append(build_record(
            text, title=f"Bridge {i} closed" if i != 5 else HOSTILE_TITLE, published=f"2025-01-0{i}",
            url="javascript:alert(1)" if i == 5 else f"https://news{i}.example/bridge",
            sources=[{"id": "s1", "name": "Arup Engineering", "role": None, "kind": "organization", "mentions": ["Arup Engineering"]},
                     {"id": "s2", "name": "Norbridge Council", "role": None, "kind": "government", "mentions": ["Norbridge Council"]}],
            claims=[{"text": f"bridge number {i} had a crack in its deck", "source": "s1", "cue": "confirmed",
                     "status": "confirmed"},
                    {"text": f"bridge number {i} had been unsafe for years", "source": "s2", "cue": "denied",
                     "status": "denied", "certainty": -3.0}],
            removed=[{"text": "READ MORE: Ferry news <b>live</b>", "reason": "related-headlines"}] if i == 1 else [],
            headline={"text": f"Bridge {i} closed", "status": "confirmed", "overstated": True,
                      "reason": f'the headline is confirmed, but the body\'s closest claim, "bridge number {i} had '
                                f'been unsafe for years", is denied (denied)'} if i == 1 else None))
    return records


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    from claimledger.ledger.ingest_run import IngestRun
    from claimledger.ledger.store import Store
    url = f"sqlite:///{tmp_path_factory.mktemp('web-api') / 'ledger.db'}"
    records = small_records()
    with Store(url) as store:
        summary = IngestRun(store, analyzer=CannedAnalyzer(records), stories=False, progress=False).run(
            RawArticle(text=r.article.text, title=r.article.title, published=r.article.published,
                       url=r.article.url, origin=f"made-up:{i}") for i, r in enumerate(records))
    assert summary.ingested == len(records)
    return url


@pytest.fixture(scope="module")
def client(ledger):
    from claimledger.web.app import create_app
    with TestClient(create_app(ledger, max_body=64 * 1024)) as opened:
        yield opened


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """The app as `serve --host 0.0.0.0 --token ...` runs it (writes need the token), on a
    ledger of its own so that what the write tests store changes no other test's counts."""
    from claimledger.web.app import create_app
    url = f"sqlite:///{tmp_path_factory.mktemp('web-guarded') / 'ledger.db'}"
    with TestClient(create_app(url, token=TOKEN)) as opened:
        yield opened


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    """An open (loopback, no token) app on an empty ledger of its own, for writes."""
    from claimledger.web.app import create_app
    url = f"sqlite:///{tmp_path_factory.mktemp('web-scratch') / 'ledger.db'}"
    with TestClient(create_app(url)) as opened:
        yield opened


def test_articles_page_through_with_an_opaque_cursor(client):
    seen, cursor, pages = [], None, 0
    while True:
        body = client.get("/api/articles", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [a["id"] for a in body["items"]]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            break
    assert pages == 3 and len(seen) == len(set(seen)) == 6
    dates = [a["published"] for a in client.get("/api/articles").json()["items"]]
    assert dates == sorted(dates, reverse=True)  # newest first


def test_claims_take_the_cli_filters(client):
    denied = client.get("/api/claims", params={"status": "negated"}).json()["items"]
    assert len(denied) == 6 and {c["status"] for c in denied} == {"denied"}
    since = client.get("/api/claims", params={"since": "2025-01-04", "status": "confirmed"}).json()["items"]
    assert [c["published"] for c in since] == ["2025-01-04", "2025-01-05"]
    found = client.get("/api/claims", params={"search": "crack deck"}).json()["items"]
    assert len(found) == 5 and all("crack" in c["text"] for c in found)
    austin = client.get("/api/claims", params={"source": "Austin"}).json()["items"]
    assert [c["source"] for c in austin] == ["Lloyd Austin"]


def test_sources_and_one_source(client):
    sources = client.get("/api/sources").json()["items"]
    council = next(s for s in sources if s["name"] == "Norbridge Council")
    assert council["by_status"] == {"denied": 5}
    detail = client.get(f"/api/sources/{council['id']}").json()
    assert len(detail["claims"]) == 5 and detail["by_status"] == {"denied": 5}
    assert [d["date"] for d in detail["over_time"]] == [f"2025-01-0{i}" for i in range(1, 6)]


@pytest.mark.parametrize("path, status", [
    ("/api/articles/0123456789abcdef", 404), ("/api/sources/999999", 404), ("/api/stories/999999", 404),
    ("/api/nothing-here", 404), ("/api/claims?status=sure", 422), ("/api/articles?limit=0", 422),
    ("/api/articles?cursor=NOT-A-CURSOR", 422), ("/api/claims?since=yesterday", 422), ("/api/stories?since=0.0", 422),
])
def test_errors_are_json_with_their_status(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert isinstance(response.json()["error"], str) and response.json()["error"]


def test_a_bug_is_a_json_500_with_the_csp(ledger, monkeypatch, capsys):
    from claimledger.web import data
    from claimledger.web.app import create_app

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setattr(data, "list_alerts", broken)
    with TestClient(create_app(ledger), raise_server_exceptions=False) as buggy:
        response = buggy.get("/api/alerts")
        assert response.status_code == 500 and "ZeroDivisionError" in response.json()["error"]
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert buggy.get("/alerts").status_code == 500
    assert "ZeroDivisionError" in capsys.readouterr().err  # the traceback is in the server's log


def test_analyze_needs_text_or_html(client):
    response = client.post("/api/analyze", json={"title": "only a title"})
    assert response.status_code == 422 and "text or html" in response.json()["error"]
    response = client.post("/api/analyze", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422 and response.json()["error"]


def test_analyze_refuses_what_the_cli_refuses(client):
    german = ("Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen, das die Mieten in den Städten "
              "begrenzen soll. Die Opposition kritisierte den Entwurf scharf.")
    response = client.post("/api/analyze", json={"text": german})
    assert response.status_code == 422 and "language de detected" in response.json()["error"]
    response = client.post("/api/analyze", json={"text": "<script>alert(1)</script>\n<img src=x onerror=alert(2)>"})
    assert response.status_code == 422 and "nothing left to analyse after cleaning" in response.json()["error"]


def test_bodies_over_the_limit_get_413(client):
    big = {"text": "word " * 20000}  # about 100 kB against the 64 kB limit of this app
    response = client.post("/api/analyze", json=big)
    assert response.status_code == 413 and "limit" in response.json()["error"]

    def chunks():  # no Content-Length: counted as it streams
        for _ in range(20):
            yield b"x" * 8192
    response = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_analyze_returns_the_record_and_stores_it_on_request(scratch):
    client = scratch
    text = ("Harbour reopens after oil spill\nThe port authority confirmed on Friday that the harbour "
            "had reopened to ships.\nFishermen said the clean-up could take months.")
    record = client.post("/api/analyze", json={"text": text, "published": "2025-02-07"}).json()
    assert record["schema"] == "claimledger/1" and record["article"]["title"] == "Harbour reopens after oil spill"
    assert any(c["status"] == "confirmed" for c in record["claims"])
    assert client.get(f"/api/articles/{record['article']['id']}").status_code == 404  # not stored
    stored = client.post("/api/analyze?store=true", json={"text": text, "published": "2025-02-07"})
    assert stored.status_code == 200 and stored.headers["location"] == f"/api/articles/{record['article']['id']}"
    assert client.get(stored.headers["location"]).json() == record


def test_writes_need_the_token_when_the_server_has_one(guarded):
    body = {"text": "Dam fails\nThe dam failed on Monday, officials confirmed."}
    assert guarded.post("/api/analyze?store=true", json=body).status_code == 401
    assert guarded.post("/api/analyze?store=true", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert guarded.delete("/api/alerts/1").status_code == 401
    assert guarded.delete("/api/alerts/1", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404
    assert guarded.get("/api/articles").status_code == 200  # reads stay open


def test_the_analyze_form_stores_only_with_the_token(guarded):
    form = {"text": "Mine rescue ends\nRescuers confirmed on Friday that all nine miners had been brought out alive.",
            "published": "2025-03-07", "store": "1"}
    refused = guarded.post("/analyze", data={**form, "token": "wrong"})
    assert refused.status_code == 401 and "token" in refused.text
    stored = guarded.post("/analyze", data={**form, "token": TOKEN})
    assert stored.status_code == 200 and "Analysed and stored" in stored.text
    assert any(a["title"] == "Mine rescue ends" for a in guarded.get("/api/articles?limit=500").json()["items"])
    bad_date = guarded.post("/analyze", data={**form, "published": "March"})
    assert bad_date.status_code == 422 and "YYYY-MM-DD" in bad_date.text


def test_serve_refuses_a_public_address_without_a_token(capsys, monkeypatch):
    from claimledger.cli import main
    monkeypatch.delenv("CLAIMLEDGER_TOKEN", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "--db", "sqlite:///unused.db"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("claimledger: --host 0.0.0.0") and "--token" in err and "\n" not in err


def test_pages_escape_article_text_and_carry_the_csp(client):
    hostile = next(a for a in client.get("/api/articles").json()["items"] if a["title"] == HOSTILE_TITLE)
    for path in (f"/articles/{hostile['id']}", "/articles", "/search?q=bridge", "/"):
        response = client.get(path)
        assert response.status_code == 200
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "<script>alert" not in response.text and "<img src=x" not in response.text
    page = client.get(f"/articles/{hostile['id']}").text
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;" in page
    assert 'href="javascript:' not in page
    assert client.get("/docs").headers["content-security-policy"] == client.get("/").headers["content-security-policy"]


def test_article_page_flags_the_overstated_headline_and_collapses_the_clutter(client):
    first = next(a for a in client.get("/api/articles").json()["items"] if a["title"] == "Bridge 1 closed")
    page = client.get(f"/articles/{first['id']}").text
    flag = page[page.index('class="overstated"'):page.index("</div>", page.index('class="overstated"'))]
    assert "Overstated headline" in flag and 'href="#c2"' in flag  # c2: the denied claim it outruns
    assert '<details class="removed">' in page and "READ MORE: Ferry news &lt;b&gt;live&lt;/b&gt;" in page
    assert page.count('tabindex="0" aria-describedby="card-') == 2  # each claim focusable once


def test_every_page_answers(client):
    for path in ("/", "/articles", "/sources", "/sources?all=true", "/stories", "/search", "/analyze", "/alerts", "/docs",
                 "/static/app.css", "/static/app.js", "/openapi.json"):
        assert client.get(path).status_code == 200, path
    assert "must be a date" in client.get("/search", params={"q": "bridge", "since": "last week"}).text
    assert client.get("/articles/0123456789abcdef").status_code == 404
    assert "no article" in client.get("/articles/0123456789abcdef").text


@pytest.mark.postgres
def test_the_api_and_pages_on_postgresql():
    from claimledger.ledger.ingest_run import IngestRun
    from claimledger.ledger.store import Store
    from claimledger.web.app import create_app
    from contextlib import contextmanager

    from test_ledger_support import postgres_schema_url
    records = small_records()[:3]
    with contextmanager(postgres_schema_url)() as url:
        with Store(url) as store:
            IngestRun(store, analyzer=CannedAnalyzer(records), stories=False, progress=False).run(
                RawArticle(text=r.article.text, title=r.article.title, published=r.article.published,
                           url=r.article.url, origin=f"pg:{i}") for i, r in enumerate(records))
        with TestClient(create_app(url)) as pg:
            page = pg.get("/api/articles", params={"limit": 2}).json()
            assert len(page["items"]) == 2 and page["next"]
            assert len(pg.get("/api/articles", params={"cursor": page["next"]}).json()["items"]) == 1
            found = pg.get("/api/claims", params={"search": "cracks deck"}).json()["items"]  # stemmed
            assert len(found) == 2
            assert pg.get(f"/articles/{page['items'][0]['id']}").status_code == 200


# -- schemathesis ---------------------------------------------------------------------------

def _schema():
    import atexit
    import shutil
    import tempfile

    import schemathesis
    from claimledger.web.app import create_app
    folder = tempfile.mkdtemp(prefix="claimledger-schemathesis-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    url = f"sqlite:///{folder}/ledger.db"
    config = schemathesis.Config.from_dict({
        "seed": 20261129,  # the same cases on every run: a failure here is reproducible, never luck
        "generation": {"max-examples": 12},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        # JSON Schema cannot say "an article must have readable text": HTML with no text in it,
        # or binary-looking bytes, are schema-valid and answered 422 with the reader's reason.
        "operations": [{"include-path": "/api/analyze",
                        "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "422"]}}}],
    })
    # the token makes store=true answer 401 (documented) rather than fill the ledger with noise
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(url, token=TOKEN), config=config)


schemathesis = pytest.importorskip("schemathesis")
schema = _schema()  # built at collection (an empty ledger in a temporary folder); nothing is parsed until a call


@schema.parametrize()
def test_api_conforms_to_its_openapi_schema(case):
    case.call_and_validate()
