"""The server-rendered pages: Jinja2 templates over the same data as the API."""
from __future__ import annotations

from typing import Any, Optional

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException

from claimledger.web import data
from claimledger.web.views import article_view

MAX_UPLOAD_FIELDS = 10


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    template = request.app.state.env.get_template(name)
    html = template.render(request=request, path=request.url.path,
                           token_required=bool(request.app.state.token), **context)
    return HTMLResponse(html, status_code=status_code)


def error_page(request: Request, status_code: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status_code=status_code, status=status_code, message=message)


def _offset(cursor: Optional[str]) -> int:
    try:
        return data.decode_cursor(cursor)
    except ValueError:
        raise HTTPException(400, "not a page cursor")


def estimate_charts(story: dict[str, Any]) -> list[dict[str, Any]]:
    """One chart per claim cluster and thing counted (the death toll, the troop count) with
    two or more figures; the most figures first."""
    from claimledger.ledger.stories import unit_key
    charts = []
    for cluster in story.get("clusters", []):
        # the status a figure was given with: that of its source's claim in the same article
        status_of = {(p.get("article_id"), p.get("source")): p.get("status") for p in cluster.get("positions", [])}
        by_unit: dict[str, list[dict[str, Any]]] = {}
        for estimate in cluster.get("estimates", []):
            row = {**estimate, "status": status_of.get((estimate.get("article_id"), estimate.get("source")))}
            by_unit.setdefault(unit_key(estimate.get("unit")) or "(no unit)", []).append(row)
        for unit, rows in by_unit.items():
            if len(rows) >= 2:
                charts.append({"id": f"estimates-{cluster['id']}-{len(charts)}", "cluster": cluster["label"],
                               "unit": unit, "rows": rows})
    charts.sort(key=lambda c: -len(c["rows"]))
    return charts


def page_routes(app: FastAPI) -> None:  # noqa: C901  (one function per page, registered here)
    store = app.state.store

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request):
        from claimledger.ledger import queries
        with store.session() as db:
            return render(request, "index.html", stats=queries.stats(db),
                          articles=data.list_articles(db, 0, 10)["items"],
                          stories=data.list_stories(db, limit=8),
                          alerts=data.list_alerts(db, 0, 5)["items"])

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles(request: Request, cursor: Optional[str] = None):
        with store.session() as db:
            listing = data.list_articles(db, _offset(cursor), 50)
        return render(request, "articles.html", listing=listing)

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article(request: Request, article_id: str):
        with store.session() as db:
            record = data.article_record(db, article_id)
            if record is None:
                raise HTTPException(404, f"no article {article_id}")
            links = data.article_ledger_links(db, article_id)
        return render(request, "article.html", view=article_view(record, links), stored=True)

    @app.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources(request: Request, cursor: Optional[str] = None, all: bool = False):
        with store.session() as db:
            listing = data.list_sources(db, _offset(cursor), 100, include_unnamed=all)
        return render(request, "sources.html", listing=listing, include_unnamed=all)

    @app.get("/sources/{source_id}", response_class=HTMLResponse, include_in_schema=False)
    def source(request: Request, source_id: int):
        with store.session() as db:
            found = data.source_detail(db, source_id)
        if found is None:
            raise HTTPException(404, f"no source {source_id}")
        return render(request, "source.html", source=found)

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories(request: Request):
        with store.session() as db:
            listing = data.list_stories(db)
        return render(request, "stories.html", stories=listing)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story(request: Request, story_id: int):
        with store.session() as db:
            found = data.story_detail(db, story_id)
        if found is None:
            raise HTTPException(404, f"no story {story_id}")
        return render(request, "story.html", story=found, charts=estimate_charts(found))

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search(request: Request, q: str = "", source: str = "", status: str = "", since: str = "",
               cursor: Optional[str] = None):
        import re
        results, error = None, None
        if since.strip() and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", since.strip()):
            error = f"'Since' must be a date as YYYY-MM-DD, not {since.strip()!r}."
        elif q.strip() or source.strip() or status.strip() or since.strip():
            try:
                with store.session() as db:
                    results = data.list_claims(db, _offset(cursor), 50, search=q.strip() or None,
                                               source=source.strip() or None, status=status.strip() or None,
                                               since=since.strip() or None)
            except ValueError as exc:
                error = str(exc)
        return render(request, "search.html", q=q, source=source, status=status, since=since,
                      results=results, error=error)

    @app.get("/alerts", response_class=HTMLResponse, include_in_schema=False)
    def alerts(request: Request, cursor: Optional[str] = None):
        with store.session() as db:
            listing = data.list_alerts(db, _offset(cursor), 100)
        return render(request, "alerts.html", listing=listing)

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def analyze_form(request: Request):
        return render(request, "analyze.html", form={}, error=None)

    @app.post("/analyze", response_class=HTMLResponse, include_in_schema=False)
    async def analyze_post(request: Request):
        from starlette.concurrency import run_in_threadpool

        from claimledger.ingest import InputError
        from claimledger.web.app import analyze_input, require_token, store_analysed
        form = await request.form(max_files=1, max_fields=MAX_UPLOAD_FIELDS)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        upload = form.get("file")
        data_bytes = filename = None
        if upload is not None and not isinstance(upload, str) and upload.filename:
            data_bytes, filename = await upload.read(), upload.filename
        text = fields.get("text", "")
        if data_bytes is None and not text.strip():
            return render(request, "analyze.html", status_code=422, form=fields,
                          error="Paste an article's text or HTML, or choose a saved file.")
        as_html = data_bytes is None and (fields.get("format") == "html" or
                                          (fields.get("format") != "text" and text.lstrip().startswith("<")))
        published = fields.get("published", "").strip() or None
        if published:
            import datetime as dt
            try:
                dt.date.fromisoformat(published)
            except ValueError:
                return render(request, "analyze.html", status_code=422, form=fields,
                              error=f"The date must be YYYY-MM-DD, not {published!r}.")
        try:
            record, raw = await run_in_threadpool(
                analyze_input, request.app, text=None if as_html else text, html=text if as_html else None,
                data_bytes=data_bytes, filename=filename, title=fields.get("title", "").strip() or None,
                published=published, url=fields.get("url", "").strip() or None)
        except InputError as exc:
            return render(request, "analyze.html", status_code=422, form=fields, error=str(exc))
        stored = False
        if fields.get("store"):
            require_token(request, given=fields.get("token", ""))
            try:
                await run_in_threadpool(store_analysed, request.app, record, raw)
            except ValueError as exc:
                return render(request, "analyze.html", status_code=422, form=fields, error=str(exc))
            stored = True
        return render(request, "article.html", view=article_view(record), stored=stored, analysed=True)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request):
        return render(request, "docs.html", spec=request.app.openapi())
