"""Readers: files in many formats to :class:`RawArticle`.

``read_path(path)`` reads one file, a folder (walked recursively in name order, hidden files
and unsupported extensions skipped) or ``"-"`` (standard input); ``read_bytes(data, name)``
reads bytes already in hand.  The format comes from ``fmt``, else the file extension, else the
content (gzip/WARC magic, ``{``/``[``, ``<rss``/``<feed``, HTML tags, a CSV header holding
the text column, otherwise plain text):

======  ===========================  ==========================================================
fmt     extensions                   what becomes an article
======  ===========================  ==========================================================
txt     .txt .text .md               the file; its first line is the title when it reads as a
                                     headline (2-25 words, no final . ! ? …, more text follows)
html    .html .htm .xhtml            the page, through trafilatura (body, title, date, url)
json    .json                        an object {title, text|html, published, url, id}, a list
                                     of them, or {"articles": [...]}
jsonl   .jsonl .ndjson               one such object per line
csv     .csv (.tsv: tab-separated)   each row; ``text_column`` (default "text") is the body,
                                     ``id_column`` the record id; title/published/url columns
                                     are used when present
warc    .warc .warc.gz               each successful HTML response, through trafilatura; the
                                     target URI is the url, WARC-Date the fallback date
feed    .rss .atom .xml              each entry's content (else summary) HTML; title, link,
                                     published (else updated) date
======  ===========================  ==========================================================

Every article has ``text`` with ``\\n`` line endings and no NUL or stray control characters,
``published`` as ``YYYY-MM-DD`` or None whatever the input form, and ``origin`` saying where it
came from: ``story.txt``, ``articles.jsonl:12``, ``dump.json:item 3``, ``bodies.csv:row 5
(Body ID 712)``, ``crawl.warc.gz@40960`` (byte offset), ``news.rss:entry 2``.

Errors, one design throughout:

* An input that cannot be read at all -- missing, empty, binary (NUL bytes, many control
  bytes), undecodable, an unknown ``fmt``, invalid JSON, a JSON article without text, a CSV
  without the text column -- **raises** :class:`InputError` with one line naming the input.
* In a multi-record input (JSON list, JSON Lines, CSV, WARC, feed, or a folder) a bad record
  does not stop the rest: the reader **yields** an :class:`InputError` instance in its place,
  its message naming the record (``articles.jsonl:7: invalid JSON (Expecting ',' delimiter)``),
  and goes on.  So ``read_path``/``read_bytes`` yield ``RawArticle | InputError``;
  ``iter_articles`` yields only articles and hands each bad record to ``on_error``.

Text encoding: UTF-8 (a UTF-8 or UTF-16 byte order mark is honoured); other bytes are read
as Windows-1252 only when they clearly are (valid cp1252, at most 5% non-ASCII bytes, none in
runs of three or more), else rejected.  See :mod:`claimledger.ingest.textutil`.
"""
from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path
from typing import Callable, Iterator, Optional, Union

from claimledger.ingest.model import InputError, RawArticle
from claimledger.ingest import readers
from claimledger.ingest.limits import MB, Limits, megabytes
from claimledger.ingest.textutil import decode, normalize_date

__all__ = ["InputError", "RawArticle", "read_path", "read_bytes", "iter_articles", "FORMATS",
           "EXTENSIONS", "format_for_name", "normalize_date"]

log = logging.getLogger(__name__)

FORMATS = ("txt", "html", "json", "jsonl", "csv", "tsv", "warc", "feed")
_ALIASES = {"text": "txt", "plain": "txt", "htm": "html", "ndjson": "jsonl", "rss": "feed",
            "atom": "feed", "xml": "feed", "warc.gz": "warc"}
EXTENSIONS = {
    ".txt": "txt", ".text": "txt", ".md": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".tsv": "tsv",
    ".warc": "warc", ".warc.gz": "warc",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}
GZIP_MAGIC = b"\x1f\x8b"

Item = Union[RawArticle, InputError]


def _canonical_format(fmt: str) -> str:
    """A known format name (aliases allowed), or InputError."""
    name = fmt.strip().lower().lstrip(".")
    name = _ALIASES.get(name, name)
    if name not in FORMATS:
        raise InputError(f"unknown input format {fmt!r} (known: {', '.join(FORMATS)})")
    return name


# Document, image, audio and archive files: no article can be read from them as text.
FOREIGN_EXTENSIONS = {".doc", ".docx", ".odt", ".pdf", ".rtf", ".xls", ".xlsx", ".ppt", ".pptx", ".png",
                      ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".mp3", ".mp4", ".wav", ".zip", ".tar", ".7z",
                      ".exe", ".bin", ".epub"}


def format_for_name(name: str) -> Optional[str]:
    """The format its extension names (``.warc.gz`` included), or None."""
    lower = name.lower()
    if lower.endswith(".warc.gz"):
        return "warc"
    return EXTENSIONS.get(Path(lower).suffix)


# -- content sniffing ---------------------------------------------------------------------

def _sniff_text(text: str, text_column: Optional[str]) -> str:
    """The format of decoded text whose name says nothing."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    low = head.lower()
    if head.startswith(("{", "[")):
        first, _, rest = head.partition("\n")
        if head.startswith("{") and rest.lstrip().startswith("{") and first.rstrip().endswith("}"):
            return "jsonl"
        return "json"
    if low.startswith("<?xml") or low.startswith(("<rss", "<feed", "<rdf:rdf")):
        body = low.split("?>", 1)[-1].lstrip() if low.startswith("<?xml") else low
        while body.startswith("<!--"):
            body = body.split("-->", 1)[-1].lstrip()
        if body.startswith(("<rss", "<feed", "<rdf:rdf")):
            return "feed"
        if body.startswith(("<!doctype html", "<html")):
            return "html"
    if low.startswith(("<!doctype html", "<html", "<head", "<body")) or any(
            tag in low for tag in ("<body", "<p>", "<div", "<article")):
        return "html"
    header = head.split("\n", 1)[0]
    for delimiter, fmt in ((",", "csv"), ("\t", "tsv")):
        fields = [f.strip().strip('"') for f in header.split(delimiter)]
        if len(fields) > 1 and (text_column or "text") in fields:
            return fmt
    return "txt"


# -- entry points ------------------------------------------------------------------------

def read_bytes(data: bytes, name: str = "<stdin>", *, fmt: Optional[str] = None,
               text_column: Optional[str] = None, id_column: Optional[str] = None) -> Iterator[Item]:
    """Articles (and bad-record InputErrors) from bytes; ``name`` is used in origins and messages."""
    fmt = _canonical_format(fmt) if fmt else None
    if not data.strip():
        raise InputError(f"{name}: empty input")
    if fmt is None and (data.startswith(GZIP_MAGIC) or data.lstrip().startswith(b"WARC/")):
        fmt = "warc"
    if fmt == "warc":
        yield from readers.read_warc(data, name)
        return
    if data.startswith(GZIP_MAGIC):
        raise InputError(f"{name}: gzip-compressed data; only .warc.gz is read compressed")
    if fmt == "feed":
        decode(data, name)                       # reject binary/undecodable before feedparser
        yield from readers.read_feed(data, name)
        return
    text = readers.decode_text(data, name)
    fmt = fmt or _sniff_text(text, text_column)
    if fmt == "feed":
        yield from readers.read_feed(data, name)
    elif fmt == "txt":
        yield from readers.read_txt(text, name)
    elif fmt == "html":
        yield from readers.read_html(text, name)
    elif fmt == "json":
        yield from readers.read_json(text, name)
    elif fmt == "jsonl":
        yield from readers.read_jsonl(text, name)
    else:
        yield from readers.read_csv(text, name, text_column=text_column, id_column=id_column,
                                    delimiter="\t" if fmt == "tsv" else ",")


def read_path(path: Union[str, Path], *, fmt: Optional[str] = None, text_column: Optional[str] = None,
              id_column: Optional[str] = None) -> Iterator[Item]:
    """Articles (and bad-record InputErrors) from a file, a folder, or ``"-"`` (standard input).

    A folder is walked recursively in name order; hidden files and folders and files whose
    extension is not a supported format are skipped; a file in it that cannot be read is
    yielded as its InputError.  Bounded reads (see :mod:`claimledger.ingest.limits`): a
    file is stat-ed before it is opened, and refused at once when it is not a regular file
    (a FIFO, a device such as /dev/zero, a socket) or larger than the file limit; standard
    input is read up to its limit.
    """
    options = dict(fmt=fmt, text_column=text_column, id_column=id_column)
    limits = Limits.from_env()
    if str(path) == "-":
        yield from read_bytes(_read_bounded(sys.stdin.buffer, limits.stdin, "<stdin>", "standard input"),
                              "<stdin>", **options)
        return
    p = Path(path)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        yield from _read_folder(p, **options)
        return
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{path}: not a regular file ({_file_kind(info.st_mode)}); not read")
    if info.st_size > limits.file:
        raise InputError(f"{path}: {info.st_size / MB:.1f} MB, over the {megabytes(limits.file)} file limit "
                         "(CLAIMLEDGER_MAX_FILE_MB); not read")
    suffix = p.suffix.lower()
    if not fmt and suffix in FOREIGN_EXTENSIONS:
        raise InputError(f"{path}: unsupported format {suffix} (known: {', '.join(sorted(EXTENSIONS))})")
    try:
        # O_NONBLOCK: a file swapped for a FIFO between stat and open must not hang the open
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError(f"{path}: not a regular file; not read")
            data = _read_bounded(handle, limits.file, str(path), "the file")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    yield from read_bytes(data, str(path), fmt=fmt or format_for_name(p.name),
                          text_column=text_column, id_column=id_column)


def _read_bounded(handle, limit: int, name: str, what: str) -> bytes:
    """At most ``limit`` bytes; InputError when there are more."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        variable = "CLAIMLEDGER_MAX_STDIN_MB" if name == "<stdin>" else "CLAIMLEDGER_MAX_FILE_MB"
        raise InputError(f"{name}: {what} is over the {megabytes(limit)} limit ({variable}); not read")
    return data


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return kind
    return "a special file"


def _read_folder(folder: Path, **options) -> Iterator[Item]:
    """Every supported file under ``folder``; a file that fails whole is yielded as its error.

    The walk does not follow links: a link (to a file or a folder) whose target lies outside
    the folder is yielded as an InputError and not read; a link to a folder inside it is not
    walked (it would read files twice, or loop)."""
    root = folder.resolve()
    files: list[Path] = []
    refused: list[InputError] = []
    for current, dirs, names in os.walk(folder, followlinks=False):
        base = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in list(dirs):
            if (base / d).is_symlink():
                dirs.remove(d)
                if not _inside(base / d, root):
                    refused.append(InputError(f"{base / d}: a link out of the folder ({os.readlink(base / d)}); "
                                              "not followed"))
        for name in names:
            if name.startswith("."):
                continue
            file = base / name
            if not (options.get("fmt") or format_for_name(name)):
                continue
            if file.is_symlink() and not _inside(file, root):
                refused.append(InputError(f"{file}: a link out of the folder (to {os.readlink(file)}); not read"))
                continue
            files.append(file)
    files.sort()
    if not files and not refused:
        raise InputError(f"{folder}: no readable files (extensions: {', '.join(sorted(EXTENSIONS))})")
    yield from refused
    for file in files:
        try:
            yield from read_path(file, **options)
        except InputError as exc:
            yield exc


def _inside(link: Path, root: Path) -> bool:
    """Whether a link's final target lies inside ``root`` (a dangling link does not)."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling, or a loop
        return False
    return target == root or root in target.parents


def iter_articles(path: Union[str, Path], *, on_error: Optional[Callable[[InputError], None]] = None,
                  fmt: Optional[str] = None, text_column: Optional[str] = None,
                  id_column: Optional[str] = None) -> Iterator[RawArticle]:
    """Only the articles of ``read_path``; each bad record goes to ``on_error`` (default: a
    logged warning) and the rest still come.  An unreadable input still raises InputError."""
    for item in read_path(path, fmt=fmt, text_column=text_column, id_column=id_column):
        if isinstance(item, InputError):
            if on_error is None:
                log.warning("%s", item)
            else:
                on_error(item)
        else:
            yield item
