"""One reader per format.  Each takes the input's bytes or text and its display name and
yields :class:`RawArticle` for good records and :class:`InputError` instances for bad
records; it raises :class:`InputError` only when the input as a whole cannot be read.

warcio and feedparser are imported inside their readers, so the single-article path
(``claimledger analyze``) works without the ``ledger`` extra.
"""
from __future__ import annotations

import csv
import io
import json
import re
from typing import Any, Iterator, Optional, Union

from claimledger.ingest.limits import Limits, megabytes
from claimledger.ingest.model import InputError, RawArticle
from claimledger.ingest.textutil import (
    decode, drop_title_line, normalize_date, normalize_text, normalize_title, normalize_url,
    split_headline,
)

Item = Union[RawArticle, InputError]

# JSON / CSV field names, first match wins.
TEXT_KEYS = ("text", "body", "content", "articleBody", "article", "maintext")
HTML_KEYS = ("html", "raw_html", "content_html")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("published", "date", "published_at", "publishedAt", "datePublished", "pubDate",
             "date_publish", "publish_date")
URL_KEYS = ("url", "link", "source_url")
ID_KEYS = ("id", "_id", "uuid", "guid")
LIST_KEYS = ("articles", "items", "records", "data")   # {"articles": [...]} wrappers
CSV_FIELD_LIMIT = 1 << 30
SKIP_FACTOR = 20  # a non-HTML WARC record is read past (not kept) up to 20 x the record limit


def _first(record: dict, keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, ""):
            return value
    return None


def _article(text: str, origin: str, *, title: Any = None, published: Any = None, url: Any = None,
             record_id: Any = None) -> RawArticle:
    """A RawArticle with every field normalised; InputError when no text is left or the text
    is over the record limit.  A title that is not text, a date that is not a date and a url
    that is not text are ignored with a warning naming the record."""
    limit = Limits.from_env().record
    if len(text) > limit:  # characters >= bytes / 4: a cheap first bound before normalising
        raise InputError(f"{origin}: the text is over the {megabytes(limit)} record limit "
                         "(CLAIMLEDGER_MAX_RECORD_MB); skipped")
    text = normalize_text(text)
    if not text:
        raise InputError(f"{origin}: empty text")
    if len(text.encode("utf-8")) > limit:
        raise InputError(f"{origin}: the text is over the {megabytes(limit)} record limit "
                         "(CLAIMLEDGER_MAX_RECORD_MB); skipped")
    article = RawArticle(text=text, title=normalize_title(title), published=normalize_date(published),
                         url=normalize_url(url), origin=origin,
                         id=None if record_id in (None, "") else str(record_id))
    article.warnings.extend(field_warnings(origin, title=title, published=published, url=url))
    return article


def field_warnings(origin: str, *, title: Any = None, published: Any = None, url: Any = None) -> list[str]:
    """One line per given field that had to be ignored."""
    out = []
    if title not in (None, "") and not isinstance(title, str):
        out.append(f"{origin}: title {_shown(title)} is a {type(title).__name__}, not text; ignored")
    if published not in (None, "") and normalize_date(published) is None:
        out.append(f"{origin}: published {_shown(published)} is not a date; ignored")
    if url not in (None, "") and not isinstance(url, str):
        out.append(f"{origin}: url {_shown(url)} is a {type(url).__name__}, not text; ignored")
    return out


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# -- plain text ------------------------------------------------------------------------

def read_txt(text: str, name: str) -> Iterator[Item]:
    """Plain text: the first line is the title when it reads as a headline."""
    text = normalize_text(text)
    title, body = split_headline(text)
    yield _article(body, name, title=title)


# -- HTML ------------------------------------------------------------------------------

_BLOCK_TAGS = ("p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
               "pre", "tr", "table", "section", "article", "header", "footer", "figure",
               "figcaption", "dd", "dt")


def fragment_text(html: str) -> str:
    """Text of an HTML fragment (feed content, a JSON "html" field) with one line per block.

    lxml parses the fragment; scripts and styles are dropped, ``<br>`` and block elements
    become line breaks, white space inside a line collapses.
    """
    import lxml.html
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml refuses some broken documents ("too many bodies")
        try:
            root = lxml.html.document_fromstring(html)
        except Exception:
            return re.sub(r"<[^>]*>", " ", html)
    for bad in root.xpath(".//script|.//style|.//noscript"):
        bad.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
        if el.text:
            el.text = "\n" + el.text
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def html_article(html: Union[str, bytes], origin: str, *, url: Optional[str] = None,
                 fallback_date: Any = None) -> RawArticle:
    """A web page to an article with trafilatura 2.3.1 (body, title, date, url).

    ``bare_extraction(..., with_metadata=True)``; the date comes from the page's metadata
    only (``extensive_search=False``: the default search reads dates out of the body text,
    e.g. "until 12 March 2023", and takes them for the publication date).  When trafilatura
    finds no main text (very short pages, fragments) the whole markup is read as a fragment.
    """
    import trafilatura
    html = strip_data_uris(html)
    limit = Limits.from_env().record
    if len(html) > limit:
        raise InputError(f"{origin}: HTML payload over the {megabytes(limit)} record limit "
                         "(CLAIMLEDGER_MAX_RECORD_MB); skipped")
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True})
    text = doc.text if doc is not None and doc.text else ""
    title = doc.title if doc is not None else None
    if not text.strip():
        markup = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
        text = fragment_text(markup)
    if not text.strip():
        raise InputError(f"{origin}: no article text found in the HTML")
    text = drop_title_line(normalize_text(text), normalize_title(title))
    published = (doc.date if doc is not None else None) or fallback_date
    page_url = url or (doc.url if doc is not None else None)
    return _article(text, origin, title=title, published=published, url=page_url)


# An inline image or font: base64 after "data:", up to the quote or bracket that ends it.
# libxml2 cuts a text or attribute node at 10 MB and drops the rest of the document with it,
# so a large inline image made the paragraphs after it vanish; the bytes carry no text.
_DATA_URI = re.compile(r"data:[\w.+-]*/?[\w.+-]*(?:;[\w=.+-]*)*,[^\"'\s)>]{256,}")
_DATA_URI_BYTES = re.compile(rb"data:[\w.+-]*/?[\w.+-]*(?:;[\w=.+-]*)*,[^\"'\s)>]{256,}")


def strip_data_uris(html: Union[str, bytes]) -> Union[str, bytes]:
    """The markup with every long ``data:`` URI replaced by an empty one (``data:,``)."""
    if isinstance(html, bytes):
        return _DATA_URI_BYTES.sub(b"data:,", html) if b"data:" in html else html
    return _DATA_URI.sub("data:,", html) if "data:" in html else html


def read_html(text: str, name: str) -> Iterator[Item]:
    yield html_article(text, name)


# -- JSON and JSON Lines ---------------------------------------------------------------

def json_record(record: Any, origin: str) -> RawArticle:
    """One JSON object {title, text|html, published, url} to an article (InputError if unusable)."""
    if not isinstance(record, dict):
        raise InputError(f"{origin}: expected a JSON object, got {type(record).__name__}")
    text = _first(record, TEXT_KEYS)
    html = _first(record, HTML_KEYS)
    title, published = _first(record, TITLE_KEYS), _first(record, DATE_KEYS)
    url, record_id = _first(record, URL_KEYS), _first(record, ID_KEYS)
    if text is not None and not isinstance(text, str):
        raise InputError(f"{origin}: the text field is a {type(text).__name__}, not a string")
    if text is None and isinstance(html, str):
        page = html_article(html, origin, url=normalize_url(url), fallback_date=published)
        article = RawArticle(text=page.text, title=normalize_title(title) or page.title,
                             published=normalize_date(published) or page.published,
                             url=normalize_url(url) or page.url, origin=origin,
                             id=None if record_id is None else str(record_id))
        article.warnings.extend(field_warnings(origin, title=title, published=published, url=url))
        return article
    if text is None:
        raise InputError(f"{origin}: no text ('text' or 'html' field)")
    text = drop_title_line(normalize_text(text), normalize_title(title))
    return _article(text, origin, title=title, published=published, url=url, record_id=record_id)


def read_json(text: str, name: str) -> Iterator[Item]:
    """A JSON object, a list of objects, or {"articles": [...]}; one bad item does not stop the rest."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: invalid JSON ({exc.msg}: line {exc.lineno} column {exc.colno})") from None
    if isinstance(data, dict) and _first(data, TEXT_KEYS + HTML_KEYS) is None:
        wrapped = next((data[k] for k in LIST_KEYS if isinstance(data.get(k), list)), None)
        if wrapped is not None:
            data = wrapped
    if isinstance(data, dict):
        yield json_record(data, name)
        return
    if not isinstance(data, list):
        raise InputError(f"{name}: JSON must be an object or a list of objects, not {type(data).__name__}")
    if not data:
        raise InputError(f"{name}: empty JSON list")
    for i, record in enumerate(data, 1):
        try:
            yield json_record(record, f"{name}:item {i}")
        except InputError as exc:
            yield exc


def read_jsonl(text: str, name: str) -> Iterator[Item]:
    """One JSON object per line; a bad line is yielded as an InputError naming its line."""
    limit = 4 * Limits.from_env().record  # JSON escapes (\uXXXX) may take several characters a byte
    seen = False
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        seen = True
        origin = f"{name}:{lineno}"
        if len(line) > limit:
            yield InputError(f"{origin}: line over the {megabytes(limit)} record limit (CLAIMLEDGER_MAX_RECORD_MB); skipped")
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"{origin}: invalid JSON ({exc.msg}: column {exc.colno})")
            continue
        try:
            yield json_record(record, origin)
        except InputError as exc:
            yield exc
    if not seen:
        raise InputError(f"{name}: empty input")


# -- CSV -------------------------------------------------------------------------------

def read_csv(text: str, name: str, *, text_column: Optional[str] = None,
             id_column: Optional[str] = None, delimiter: str = ",") -> Iterator[Item]:
    """A table with a text column (default "text"); optional id, title, published, url columns.

    A row with empty text, or the rest of a file after a malformed row, is yielded as an
    InputError naming the row (data rows count from 1, the header is not a row).
    """
    column = text_column or "text"
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise InputError(f"{name}: malformed CSV header ({exc})") from None
    if column not in header:
        hint = "" if text_column else "; name the text column (text_column / --text-column)"
        raise InputError(f"{name}: no column {column!r} (columns: {', '.join(header) or 'none'}){hint}")
    if id_column and id_column not in header:
        raise InputError(f"{name}: no id column {id_column!r} (columns: {', '.join(header)})")
    lower = {h.lower(): h for h in header if h}
    extra = {kind: next((lower[k.lower()] for k in keys if k.lower() in lower), None)
             for kind, keys in (("title", TITLE_KEYS), ("date", DATE_KEYS), ("url", URL_KEYS))}
    row_no = 0
    while True:
        row_no += 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield InputError(f"{name}:row {row_no}: malformed CSV ({exc}); the rest of the file is skipped")
            break
        record_id = row.get(id_column) if id_column else None
        origin = f"{name}:row {row_no}" + (f" ({id_column} {record_id})" if record_id else "")
        try:
            yield _article(row.get(column) or "", origin,
                           title=row.get(extra["title"]) if extra["title"] else None,
                           published=row.get(extra["date"]) if extra["date"] else None,
                           url=row.get(extra["url"]) if extra["url"] else None, record_id=record_id)
        except InputError as exc:
            yield exc
    if row_no == 1:
        raise InputError(f"{name}: no rows under the CSV header")


# -- WARC ------------------------------------------------------------------------------

def _html_payload(record) -> bool:
    """A response/resource record holding a successful HTML page."""
    if record.rec_type not in ("response", "resource"):
        return False
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    if headers is None:
        return False
    if record.rec_type == "response":
        status = headers.get_statuscode()
        if status and not status.startswith("2"):
            return False
    ctype = (headers.get_header("Content-Type") or "").lower()
    return "html" in ctype


def _read_up_to(stream, size: int) -> bytes:
    """Up to ``size`` bytes of a stream, in chunks (a read may return less than asked)."""
    chunks, total = [], 0
    while total < size:
        chunk = stream.read(min(1 << 20, size - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def read_warc(data: bytes, name: str) -> Iterator[Item]:
    """HTML responses of a WARC / WARC.gz file (warcio 1.8.1) through trafilatura.

    The record's WARC-Target-URI is the url, WARC-Date the fallback date; the origin is
    ``name@offset`` (the record's byte offset in the file).  Non-HTML records are skipped; a
    damaged record ends the walk with an InputError naming its offset.  A record the file
    ends inside (``Content-Length`` not reached: a cut download, a truncated gzip) is never
    stored cut off; a payload over the record limit is not inflated further.
    """
    from warcio.archiveiterator import ArchiveIterator
    limit = Limits.from_env().record
    if data.startswith(b"\x1f\x8b") and not _gunzip_head(data).lstrip().startswith(b"WARC/"):
        # warcio would read the inflated data line by line: a gzip bomb without line breaks
        # would be inflated whole into memory before anything could refuse it
        raise InputError(f"{name}: not a WARC file (gzip data without a WARC record header); not read")
    iterator = ArchiveIterator(io.BytesIO(data))
    records = iter(iterator)
    seen = 0
    offset = 0
    ended = False  # the walk reached the end of the data (no damaged record stopped it)
    while True:
        try:
            record = next(records)
        except StopIteration:
            ended = True
            break
        except Exception as exc:  # warcio raises several kinds on damaged input
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            if seen == 0:
                raise InputError(f"{name}: not a readable WARC file ({reason})") from None
            yield InputError(f"{name}@{offset}: damaged WARC record ({reason}); the rest is skipped")
            break
        if record.format != "warc":      # warcio reads any text as a lenient ARC record
            if seen:
                yield InputError(f"{name}@{iterator.get_record_offset()}: damaged WARC record header; "
                                 "the rest is skipped")
                break
            raise InputError(f"{name}: not a WARC file (no WARC record header)")
        seen += 1
        if record.length is None:  # Content-Length is mandatory: a header cut short
            yield InputError(f"{name}@{iterator.get_record_offset()}: truncated WARC record (no Content-Length); "
                             "the rest is skipped")
            break
        wanted = _html_payload(record)
        # read at most one byte over the limit: a small gzip may inflate to gigabytes
        # (the offset is asked for after the read: warcio positions the stream there)
        payload = _read_up_to(record.content_stream(), limit + 1) if wanted else b""
        if not wanted:
            skipped = 0
            while skipped <= SKIP_FACTOR * limit and (chunk := record.raw_stream.read(1 << 20)):
                skipped += len(chunk)  # what warcio would skip anyway, read to see it whole
            if skipped > SKIP_FACTOR * limit:
                yield InputError(f"{name}@{iterator.get_record_offset()}: a non-HTML record over "
                                 f"{SKIP_FACTOR} x the record limit; the rest of the file is skipped")
                break
        offset = iterator.get_record_offset()
        if not wanted:
            if (getattr(record.raw_stream, "limit", 0) or 0) > 0:
                yield InputError(f"{name}@{offset}: truncated WARC record (the file ends inside it); "
                                 "the rest is skipped")
                break
            continue
        origin = f"{name}@{offset}"
        if len(payload) > limit:
            yield InputError(f"{origin}: HTML payload over the {megabytes(limit)} record limit "
                             "(CLAIMLEDGER_MAX_RECORD_MB); the rest of the file is skipped")
            break
        missing = getattr(record.raw_stream, "limit", 0) or 0
        if missing > 0:  # the file ends inside the record: never store a page cut off
            yield InputError(f"{origin}: truncated WARC record ({missing} of {record.length} bytes missing); skipped")
            break
        uri = record.rec_headers.get_header("WARC-Target-URI")
        wdate = record.rec_headers.get_header("WARC-Date")
        try:
            yield html_article(payload, origin, url=uri, fallback_date=wdate)
        except InputError as exc:
            yield exc
    if ended and seen and data.startswith(b"\x1f\x8b") and not _gzip_ends_whole(data, offset, limit):
        yield InputError(f"{name}: the gzip data is cut after the record at offset {offset} (a cut download); "
                         "the records after it are missing")
    elif ended and seen and not data.startswith(b"\x1f\x8b") and data[iterator.offset:].strip():
        yield InputError(f"{name}@{iterator.offset}: a damaged or cut WARC record at the end of the file; skipped")
    if seen == 0:
        raise InputError(f"{name}: no WARC records")


def _gunzip_head(data: bytes, size: int = 4096) -> bytes:
    """The first ``size`` inflated bytes of gzip data (b"" when it is not gzip)."""
    import zlib
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:65536], size)
    except zlib.error:
        return b""


def _gzip_ends_whole(data: bytes, start: int, cap: int) -> bool:
    """Whether the gzip member at ``start`` (the last record read) ends whole and nothing
    but whole records follows it.  A file cut inside the next member's header
    gives warcio nothing to read, so that record would vanish without a word.  Inflation is
    bounded by ``cap`` (past it the member is taken as whole: its record was read)."""
    import zlib
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pending, produced = data[start:], 0
    try:
        while pending and not inflater.eof:
            produced += len(inflater.decompress(pending, 1 << 20))
            pending = inflater.unconsumed_tail
            if produced > cap:
                return True
    except zlib.error:
        return False
    if not inflater.eof:  # the last member's end is missing: the file was cut
        return False
    return not (inflater.unused_data + pending).strip(b"\x00")


# -- RSS / Atom ------------------------------------------------------------------------

def read_feed(data: bytes, name: str) -> Iterator[Item]:
    """Entries of an RSS/Atom feed (feedparser 6.0.14): content or summary HTML to text,
    title, link, published (else updated) date; origin ``name:entry N``."""
    import feedparser
    feed = feedparser.parse(data)
    if not feed.entries:
        if feed.bozo:
            reason = str(feed.get("bozo_exception", "")).strip().splitlines()[0:1]
            raise InputError(f"{name}: not an RSS/Atom feed ({reason[0] if reason else 'unparseable'})")
        raise InputError(f"{name}: the feed has no entries")
    for i, entry in enumerate(feed.entries, 1):
        origin = f"{name}:entry {i}"
        contents = entry.get("content") or []
        markup = next((c.get("value") for c in contents if c.get("value")), None) or entry.get("summary")
        if not markup:
            yield InputError(f"{origin}: no content or summary")
            continue
        title = normalize_title(entry.get("title"))
        published = (normalize_date(entry.get("published")) or normalize_date(entry.get("updated"))
                     or normalize_date(entry.get("published_parsed") or entry.get("updated_parsed")))
        text = drop_title_line(normalize_text(fragment_text(markup)), title)
        try:
            yield _article(text, origin, title=title, published=published, url=entry.get("link"),
                           record_id=entry.get("id"))
        except InputError as exc:
            yield exc


def decode_text(data: bytes, name: str) -> str:
    """Decoded, normalised text, or InputError (binary, undecodable, empty)."""
    text = decode(data, name)
    if not text.strip():
        raise InputError(f"{name}: empty input")
    return text


__all__ = ["read_txt", "read_html", "read_json", "read_jsonl", "read_csv", "read_warc", "read_feed",
           "html_article", "fragment_text", "json_record", "decode_text"]
