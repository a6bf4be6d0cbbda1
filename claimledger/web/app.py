"""The web application: a REST API under ``/api`` and server-rendered pages, one FastAPI app.

``create_app(db_url, token=None, max_body=2 MB)`` opens the ledger and returns the ASGI app;
``claimledger serve`` runs it with uvicorn.

Safety, because article text and metadata are untrusted:
* Jinja2 autoescaping everywhere; article addresses become links only when http(s);
* every response carries a Content-Security-Policy with ``script-src 'self'`` (no inline
  script: data for the charts travels in ``<script type="application/json">``, which is
  not executed, and is drawn by ``static/app.js``), ``style-src 'self'``, no objects,
  no framing, forms only to this origin;
* a request body over ``max_body`` bytes gets 413 before it is read whole;
* with a token (required by ``serve`` when bound beyond the loopback address), writes --
  ``store=true`` and deletes -- need ``Authorization: Bearer TOKEN``.

``/docs`` is our own page over ``/openapi.json``: FastAPI's Swagger UI loads its JS and CSS
from a CDN and starts with an inline script, which neither works offline nor passes our CSP.
"""
from __future__ import annotations

import hmac
import json
import re
import threading
from datetime import date
from importlib import resources
from typing import Annotated, Any, Optional

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from starlette.exceptions import HTTPException

from claimledger.ledger.store import AlertRow, Store
from claimledger.record import STATUSES
from claimledger.web import data
from claimledger.web.views import STATUS_MEANING, number, safe_url

DEFAULT_MAX_BODY = 2 * 1024 * 1024
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
STATUS_PATTERN = (r"^\s*(" + "|".join(STATUSES + ("firm", "doubtful", "negated")) + r")\s*"
                  r"(,\s*(" + "|".join(STATUSES + ("firm", "doubtful", "negated")) + r")\s*)*$")
ARTICLE_ID = r"^[0-9a-f]{16}$"


# -- API models ---------------------------------------------------------------------------

class Error(BaseModel):
    error: str = Field(description="what went wrong, in one line")
    details: Optional[list[Any]] = Field(None, description="per-field problems (validation errors)")


def _iso_date_only(value: Any) -> Any:
    """Dates as YYYY-MM-DD only: pydantic's lax mode would also read 0.0 as 1970-01-01."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    if value is None or isinstance(value, date):
        return value
    raise ValueError("a date as YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date_only)]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


class AnalyzeRequest(BaseModel):
    """An article to analyse: ``text`` (plain text; its first line is the headline when it
    reads as one) or ``html`` (a page, through trafilatura), plus optional metadata."""
    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "anyOf": [{"required": ["text"]}, {"required": ["html"]}]})
    # A string when given (null is refused), absent otherwise: the schema says exactly that.
    text: str = Field(None, pattern=r"\w", description="plain text", json_schema_extra=_no_default)
    html: str = Field(None, pattern=r"\w", description="an HTML page or fragment (read instead of text when both "
                      "are given)", json_schema_extra=_no_default)
    title: Optional[str] = Field(None, max_length=2000)
    published: Optional[IsoDate] = Field(None, description="YYYY-MM-DD; relative times resolve against it")
    url: Optional[str] = Field(None, max_length=4000)


class ArticleSummary(BaseModel):
    id: str
    title: Optional[str]
    published: Optional[str]
    url: Optional[str]
    outlet: str
    origin: Optional[str]
    claims: int


class ArticlesPage(BaseModel):
    items: list[ArticleSummary]
    next: Optional[str] = Field(description="cursor of the next page; null on the last")


class ClaimItem(BaseModel):
    id: str
    article: str
    title: Optional[str]
    url: Optional[str]
    outlet: str
    published: Optional[str]
    source: str
    source_id: Optional[int]
    status: str
    certainty: Optional[float]
    cue: Optional[str]
    hedges: list[str]
    text: str
    time: Optional[dict[str, Optional[str]]]
    story: Optional[int]


class ClaimsPage(BaseModel):
    items: list[ClaimItem]
    next: Optional[str]


class SourceSummary(BaseModel):
    id: int
    name: str
    role: Optional[str]
    kind: str
    articles: int
    claims: int
    by_status: dict[str, int]


class SourcesPage(BaseModel):
    items: list[SourceSummary]
    next: Optional[str]


class SourceDetail(BaseModel):
    id: int
    name: str
    role: Optional[str]
    kind: str
    articles: int
    unnamed: bool
    also_called: list[str]
    by_status: dict[str, int]
    over_time: list[dict[str, Any]]
    claims: list[dict[str, Any]]


class StoriesPage(BaseModel):
    items: list[dict[str, Any]]
    next: Optional[str]


class AlertItem(BaseModel):
    id: int
    created_at: str
    kind: str
    story_id: Optional[int]
    cluster_id: Optional[int]
    article_id: Optional[str]
    message: str
    payload: dict[str, Any]
    delivered_at: Optional[str]


class AlertsPage(BaseModel):
    items: list[AlertItem]
    next: Optional[str]


ERRORS = {400: {"model": Error, "description": "bad parameter"},
          404: {"model": Error, "description": "not found"},
          413: {"model": Error, "description": "request body too large"},
          422: {"model": Error, "description": "invalid request"}}
WRITE_ERRORS = {**ERRORS, 401: {"model": Error, "description": "a write needs the server's token"}}

CursorQuery = Query(None, pattern=data.CURSOR_PATTERN, description="opaque cursor from a page's `next`")
LimitQuery = Query(50, ge=1, le=500, description="page size")


# -- middleware ----------------------------------------------------------------------------

class BodyLimit:
    """413 for a body over ``max_body`` bytes: by Content-Length up front; a body without one
    (chunked) is read up to the limit before the app sees it, so none can slip past."""

    def __init__(self, app, max_body: int):
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            if length.isdigit() and int(length) > self.max_body:
                return await self._reject(scope, receive, send)
            return await self.app(scope, receive, send)
        if scope.get("method") in ("GET", "HEAD", "OPTIONS", "DELETE"):
            return await self.app(scope, receive, send)
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_body:
                return await self._reject(scope, receive, send)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()
        await self.app(scope, replay, send)

    async def _reject(self, scope, receive, send):
        response = JSONResponse({"error": f"request body over the limit of {self.max_body} bytes"}, status_code=413)
        await SecurityHeaders(response)(scope, receive, send)


class SecurityHeaders:
    """CSP and friends on every response."""

    HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in self.HEADERS if k not in names]
            await send(message)
        await self.app(scope, receive, with_headers)


# -- the app -------------------------------------------------------------------------------

def templates_env():
    """Jinja2 with autoescaping on for every template (article text is untrusted)."""
    import jinja2
    env = jinja2.Environment(loader=jinja2.PackageLoader("claimledger.web", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(STATUSES=STATUSES, STATUS_MEANING=STATUS_MEANING, number=number, safe_url=safe_url)
    env.filters["tojson_script"] = _json_for_script
    return env


def _json_for_script(value: Any) -> str:
    """JSON safe inside <script type="application/json">: '<', '>' and '&' escaped so that no
    '</script>' or comment opener in article text can close the element."""
    from markupsafe import Markup
    text = json.dumps(value, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def create_app(db_url: Optional[str] = None, token: Optional[str] = None,
               max_body: int = DEFAULT_MAX_BODY) -> FastAPI:
    """The ASGI app over the ledger at ``db_url`` (created or migrated on open)."""
    store = Store(db_url)
    app = FastAPI(title="claimledger", version=_version(),
                  description="News articles to an auditable ledger of claims: who says what, how firmly, "
                              "with which numbers and when. Errors are JSON `{\"error\": \"...\"}`; lists "
                              "are paged by an opaque `cursor` (from `next`) and `limit`.",
                  docs_url=None, redoc_url=None)
    app.state.store = store
    app.state.token = token
    app.state.env = templates_env()
    app.state.analysis_lock = threading.Lock()  # one spaCy pipeline, one analysis at a time
    app.state.write_lock = threading.Lock()  # one writer (SQLite)
    app.add_middleware(BodyLimit, max_body=max_body)
    app.add_middleware(SecurityHeaders)
    static = resources.files("claimledger.web").joinpath("static")
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    _error_handlers(app)
    _api_routes(app)
    from claimledger.web.pages import page_routes
    page_routes(app)
    app.router.add_event_handler("shutdown", store.close)
    return app


def _version() -> str:
    from claimledger import __version__
    return __version__


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error_handlers(app: FastAPI) -> None:
    from claimledger.web.pages import error_page

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if _is_api(request):
            return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        return error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        # a bug, not bad input: the traceback goes to the server's log, one line to the client
        import traceback
        traceback.print_exception(exc)
        message = f"internal error ({type(exc).__name__}); the server log has the details"
        if _is_api(request):
            response = JSONResponse({"error": message}, status_code=500)
        else:
            response = error_page(request, 500, message)
        # this answer leaves through Starlette's outermost middleware, past SecurityHeaders
        response.headers.update({k.decode(): v.decode() for k, v in SecurityHeaders.HEADERS})
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        problems = [{"loc": [str(p) for p in e.get("loc", ())], "msg": e.get("msg")} for e in exc.errors()]
        first = problems[0] if problems else {"loc": [], "msg": "invalid request"}
        message = f"{'.'.join(first['loc'][1:] or first['loc'])}: {first['msg']}"
        if _is_api(request):
            return JSONResponse({"error": message, "details": problems}, status_code=422)
        return error_page(request, 400, message)


def session(request: Request):
    with request.app.state.store.session() as opened:
        yield opened


def require_token(request: Request, given: Optional[str] = None) -> None:
    """A write's guard: when the server has a token, the request must carry it (in the
    Authorization header, or ``given`` from a form field)."""
    expected = request.app.state.token
    if not expected:
        return
    if given is None:
        header = request.headers.get("authorization", "")
        given = header[7:] if header.lower().startswith("bearer ") else request.headers.get("x-claimledger-token", "")
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise HTTPException(401, "this server needs its token for writes (Authorization: Bearer TOKEN)")


def offset_of(cursor: Optional[str]) -> int:
    try:
        return data.decode_cursor(cursor)
    except ValueError:
        raise HTTPException(400, f"not a cursor: {cursor!r}")


# -- analysis (shared by the API and the /analyze page) --------------------------------------

def analyze_input(app: FastAPI, *, text: Optional[str] = None, html: Optional[str] = None,
                  data_bytes: Optional[bytes] = None, filename: Optional[str] = None,
                  title: Optional[str] = None, published: Optional[str] = None, url: Optional[str] = None):
    """Read the input the way ``claimledger analyze`` reads a file, refuse what it refuses
    (not English, no article body, nothing left after cleaning), run the pipeline.

    Returns (record, raw article); raises InputError, with the reason, for input with no
    article to analyse in it."""
    from claimledger.ingest import InputError, read_bytes
    from claimledger.language import refusal
    from claimledger.pipeline import analyze
    if data_bytes is not None:
        payload, name, fmt = data_bytes, filename or "upload", None
    elif html is not None:
        payload, name, fmt = html.encode("utf-8"), "pasted.html", "html"
    else:
        payload, name, fmt = (text or "").encode("utf-8"), "pasted.txt", "txt"
    items = [item for item in read_bytes(payload, name, fmt=fmt)]
    raw = next((item for item in items if not isinstance(item, InputError)), None)
    if raw is None:
        raise items[0] if items else InputError(f"{name}: no article text found")
    if title:
        raw.title = title
    raw.published = published or raw.published
    raw.url = url or raw.url
    raw.origin = f"web:{name}"
    reason = refusal(raw.text)
    if reason:
        raise InputError(f"{name}: {reason}")
    with app.state.analysis_lock:
        record = analyze(raw.text, title=raw.title, published=raw.published, url=raw.url)
    if not record.article.text.strip():
        removed = ", ".join(sorted({r.reason for r in record.removed})) or "nothing readable"
        raise InputError(f"{name}: nothing left to analyse after cleaning (removed: {removed})")
    return record, raw


def store_analysed(app: FastAPI, record, raw) -> bool:
    """Store an analysed record through the ledger's ingest (idempotent by content hash;
    sources merged, claims clustered into stories).  True when it was new."""
    from claimledger.ledger.ingest_run import IngestRun
    with app.state.write_lock:
        summary = IngestRun(app.state.store, workers=1, analyzer=lambda *a, **k: record, progress=False,
                            report=lambda line: None).run([raw])
    if summary.skipped:
        reason = next(iter(summary.reasons), "unknown reason")
        raise ValueError(f"not stored: {reason}")
    return summary.ingested > 0


# -- API routes ----------------------------------------------------------------------------

def _api_routes(app: FastAPI) -> None:
    from sqlalchemy.orm import Session

    @app.post("/api/analyze", tags=["analysis"], responses=WRITE_ERRORS,
              summary="Analyse an article (text or HTML); store=true also stores it")
    def api_analyze(request: Request, body: AnalyzeRequest,
                    store: bool = Query(False, description="also store the article in the ledger (a write)")
                    ) -> dict[str, Any]:
        from claimledger.ingest import InputError
        if body.text is None and body.html is None:
            raise HTTPException(422, "give the article as text or html")
        if store:
            require_token(request)
        try:
            record, raw = analyze_input(request.app, text=body.text, html=body.html, title=body.title,
                                        published=body.published.isoformat() if body.published else None,
                                        url=body.url)
        except InputError as error:
            raise HTTPException(422, str(error))
        headers = {}
        if store:
            try:
                store_analysed(request.app, record, raw)
            except ValueError as error:
                raise HTTPException(422, str(error))
            headers["Location"] = f"/api/articles/{record.article.id}"
        return JSONResponse(record.to_dict(), headers=headers)

    @app.get("/api/articles", tags=["ledger"], response_model=ArticlesPage, responses=ERRORS,
             summary="Stored articles, newest first")
    def api_articles(cursor: Optional[str] = CursorQuery, limit: int = LimitQuery,
                     db: Session = Depends(session)):
        return data.list_articles(db, offset_of(cursor), limit)

    @app.get("/api/articles/{article_id}", tags=["ledger"], responses=ERRORS,
             summary="One stored article's record (claimledger/1)")
    def api_article(article_id: str = Path(pattern=ARTICLE_ID), db: Session = Depends(session)) -> dict[str, Any]:
        record = data.article_record(db, article_id)
        if record is None:
            raise HTTPException(404, f"no article {article_id}")
        return record.to_dict()

    @app.get("/api/claims", tags=["ledger"], response_model=ClaimsPage, responses=ERRORS,
             summary="Claims, filtered as `claimledger claims` filters them")
    def api_claims(source: Optional[str] = Query(None, max_length=500, description="a source's name, any form"),
                   status: Optional[str] = Query(None, pattern=STATUS_PATTERN,
                                                 description="comma list of statuses or coarse classes"),
                   since: Optional[IsoDate] = Query(None, description="published on or after"),
                   search: Optional[str] = Query(None, max_length=500, description="full-text, all words"),
                   story: Optional[int] = Query(None, ge=0, le=2 ** 62),
                   cursor: Optional[str] = CursorQuery, limit: int = LimitQuery,
                   db: Session = Depends(session)):
        try:
            return data.list_claims(db, offset_of(cursor), limit, source=source or None, status=status,
                                    since=since.isoformat() if since else None, search=search or None,
                                    story=story)
        except ValueError as error:
            raise HTTPException(400, str(error))

    @app.get("/api/sources", tags=["ledger"], response_model=SourcesPage, responses=ERRORS,
             summary="Sources across articles, most claims first")
    def api_sources(all: bool = Query(False, description="include unnamed sources"),
                    cursor: Optional[str] = CursorQuery, limit: int = LimitQuery,
                    db: Session = Depends(session)):
        return data.list_sources(db, offset_of(cursor), limit, include_unnamed=all)

    @app.get("/api/sources/{source_id}", tags=["ledger"], response_model=SourceDetail, responses=ERRORS,
             summary="Everything one source said, by status, over time")
    def api_source(source_id: int = Path(ge=0, le=2 ** 62), db: Session = Depends(session)):
        found = data.source_detail(db, source_id)
        if found is None:
            raise HTTPException(404, f"no source {source_id}")
        return found

    @app.get("/api/stories", tags=["ledger"], response_model=StoriesPage, responses=ERRORS,
             summary="Stories, biggest and newest first")
    def api_stories(since: Optional[IsoDate] = Query(None, description="seen on or after"),
                    cursor: Optional[str] = CursorQuery, limit: int = LimitQuery,
                    db: Session = Depends(session)):
        offset = offset_of(cursor)
        stories = data.list_stories(db, since=since.isoformat() if since else None)
        return data.page(stories[offset:offset + limit + 1], offset, limit)

    @app.get("/api/stories/{story_id}", tags=["ledger"], responses=ERRORS,
             summary="A story: its articles, claim clusters with who confirms, denies or relays, estimates")
    def api_story(story_id: int = Path(ge=0, le=2 ** 62), db: Session = Depends(session)) -> dict[str, Any]:
        found = data.story_detail(db, story_id)
        if found is None:
            raise HTTPException(404, f"no story {story_id}")
        return found

    @app.get("/api/alerts", tags=["alerts"], response_model=AlertsPage, responses=ERRORS,
             summary="Alerts raised by `claimledger watch`, newest first")
    def api_alerts(cursor: Optional[str] = CursorQuery, limit: int = LimitQuery, db: Session = Depends(session)):
        return data.list_alerts(db, offset_of(cursor), limit)

    @app.delete("/api/alerts/{alert_id}", tags=["alerts"], status_code=204, responses=WRITE_ERRORS,
                summary="Dismiss an alert (a write)", response_class=Response)
    def api_delete_alert(request: Request, alert_id: int = Path(ge=0, le=2 ** 62),
                         db: Session = Depends(session)):
        require_token(request)
        with request.app.state.write_lock:
            row = db.get(AlertRow, alert_id)
            if row is None:
                raise HTTPException(404, f"no alert {alert_id}")
            db.delete(row)
            db.commit()
        return Response(status_code=204)

    @app.get("/api", include_in_schema=False)
    def api_root():
        return RedirectResponse("/docs")
