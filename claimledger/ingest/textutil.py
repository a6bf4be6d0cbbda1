"""Bytes to clean text, dates to ``YYYY-MM-DD``, and the plain-text headline rule.

Decoding policy (one place, documented in :mod:`claimledger.ingest`): a UTF-8 / UTF-16 byte
order mark is honoured; UTF-16 without a mark is recognised by its NUL bytes (most of one
byte column NUL, few of the other: Latin-script text); otherwise the bytes must be UTF-8.  Bytes that are not UTF-8 are read
as Windows-1252 only when they clearly are Windows-1252 text: every byte is defined in cp1252,
at most 5% of the bytes are non-ASCII and no three non-ASCII bytes stand in a row (isolated
accented letters and smart quotes, as Windows editors write them; a multi-byte encoding or
binary data has long runs).  Anything else is rejected with :class:`InputError`.
"""
from __future__ import annotations

import codecs
import datetime as dt
import re
import time
from email.utils import parsedate_tz
from typing import Any, Optional

from claimledger.ingest.model import InputError

SNIFF_BYTES = 65536
MAX_CONTROL_SHARE = 0.05      # more C0 control bytes than this (tab/newline aside) is binary
MAX_CP1252_SHARE = 0.05
UTF16_NUL_SHARE = 0.6         # UTF-16 without a BOM: NUL in at least this share of one byte column
HEADLINE_MAX_WORDS = 25

_ALLOWED_CONTROLS = set(b"\t\n\r\x0b\x0c\x1b")
_LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_STRAY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufeff]")
_HIGH_RUN = re.compile(rb"[\x80-\xff]{3,}")


# -- bytes -----------------------------------------------------------------------------

def utf16_without_bom(data: bytes) -> Optional[str]:
    """"utf-16-le" or "utf-16-be" when the bytes look like UTF-16 text without a byte order
    mark: an even length and NUL in most high bytes (ASCII-range text) but in few low bytes."""
    head = data[:SNIFF_BYTES]
    if len(head) < 4 or len(data) % 2:
        return None
    even, odd = head[0::2], head[1::2]
    nul_even, nul_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if nul_odd >= UTF16_NUL_SHARE and nul_even <= 1 - UTF16_NUL_SHARE:
        return "utf-16-le"
    if nul_even >= UTF16_NUL_SHARE and nul_odd <= 1 - UTF16_NUL_SHARE:
        return "utf-16-be"
    return None


def check_not_binary(data: bytes, name: str) -> None:
    """Raise InputError for binary data: NUL bytes or a high share of control bytes."""
    head = data[:SNIFF_BYTES]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(data):
        return
    if b"\x00" in head:
        raise InputError(f"{name}: binary data (NUL bytes), not text")
    controls = sum(1 for b in head if b < 0x20 and b not in _ALLOWED_CONTROLS)
    if head and controls / len(head) > MAX_CONTROL_SHARE:
        raise InputError(f"{name}: binary data ({controls} control bytes in the first {len(head)}), not text")


def _clearly_cp1252(data: bytes) -> bool:
    """Valid cp1252, few and isolated non-ASCII bytes (see the module docstring)."""
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    high = sum(1 for b in data if b >= 0x80)
    return high / max(len(data), 1) <= MAX_CP1252_SHARE and not _HIGH_RUN.search(data)


def decode(data: bytes, name: str) -> str:
    """Bytes to text: BOM-marked UTF-8/UTF-16, else strict UTF-8, else clear cp1252, else reject."""
    check_not_binary(data, name)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: broken UTF-16 text ({exc.reason} at byte {exc.start})") from None
    utf16 = utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as exc:
            raise InputError(f"{name}: broken UTF-16 text ({exc.reason} at byte {exc.start})") from None
        controls = sum(1 for c in text[:SNIFF_BYTES] if ord(c) < 0x20 and c not in "\t\n\r\x0b\x0c\x1b")
        if controls / max(len(text[:SNIFF_BYTES]), 1) > MAX_CONTROL_SHARE:
            raise InputError(f"{name}: binary data (NUL bytes), not text")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _clearly_cp1252(data):
            return data.decode("cp1252")
        raise InputError(f"{name}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                         "save it as UTF-8") from None


# -- text ------------------------------------------------------------------------------

def normalize_text(text: str) -> str:
    """'\\n' line endings, no NUL or other stray control characters, no outer blank lines."""
    text = _LINE_BREAKS.sub("\n", text)
    text = _STRAY_CONTROLS.sub("", text)
    return text.strip()


def normalize_title(title: Any) -> Optional[str]:
    """A headline on one line with single spaces, or None."""
    if not isinstance(title, str):
        return None
    title = " ".join(_STRAY_CONTROLS.sub("", title).split())
    return title or None


def normalize_url(url: Any) -> Optional[str]:
    return url.strip() or None if isinstance(url, str) else None


def drop_title_line(text: str, title: Optional[str]) -> str:
    """The body without a first line that repeats the headline (HTML and feed extractions)."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    if " ".join(first.split()).casefold() == title.casefold() and rest.strip():
        return rest.strip("\n")
    return text


_SENTENCE_END = re.compile(r"""(?:[.!?\u2026]|\.\.\.)[\"'\u201d\u2019)\]]*$""")
_NOT_A_TITLE_END = (":", ",", ";", "-", "\u2013", "\u2014")


def reads_as_headline(line: str) -> bool:
    """A short line (2 to 25 words) without final sentence punctuation: a headline.

    Not a headline: a line ending in . ! ? … (also inside closing quotes: 'he said."'),
    or in : , ; or a dash (a header or a dateline), or opening with a lower-case letter.
    """
    line = line.strip()
    words = line.split()
    if not 2 <= len(words) <= HEADLINE_MAX_WORDS:
        return False
    if _SENTENCE_END.search(line) or line.endswith(_NOT_A_TITLE_END):
        return False
    return not line[0].islower()


def split_headline(text: str) -> tuple[Optional[str], str]:
    """(title, body) for plain text: the first line is the title when it reads as a
    headline and more text follows; otherwise (None, text)."""
    first, _, rest = text.strip("\n").partition("\n")
    if rest.strip() and reads_as_headline(first):
        return normalize_title(first), rest.strip("\n")
    return None, text


# -- dates -----------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s_]|\d{2}:)")
_COMPACT_DATE = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|T)")
_YEARS = range(1800, 2201)


def _valid(year: int, month: int, day: int) -> Optional[str]:
    if year not in _YEARS:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def normalize_date(value: Any) -> Optional[str]:
    """Any publication-date form to ``YYYY-MM-DD`` (the date as written, no time-zone shift), or None.

    Tried in turn: date/datetime objects, struct_time, Unix seconds, ISO 8601
    ("2024-10-24T10:00:00Z", "2024/10/24"), compact "20241024", RFC 2822
    ("Thu, 24 Oct 2024 10:00:00 GMT"), then dateparser for written forms
    ("October 24, 2024", "24 Oct 2024") requiring day, month and year.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, dt.datetime):
        return _valid(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return _valid(value.year, value.month, value.day)
    if isinstance(value, time.struct_time):
        return _valid(value.tm_year, value.tm_mon, value.tm_mday)
    if isinstance(value, (int, float)):
        if value > 1e11:                       # milliseconds
            value /= 1000
        try:
            d = dt.datetime.fromtimestamp(value, tz=dt.timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
        return _valid(d.year, d.month, d.day)
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    m = _ISO_DATE.match(s) or _COMPACT_DATE.match(s)
    if m:
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    parsed = parsedate_tz(s)
    if parsed and parsed[0]:
        return _valid(parsed[0], parsed[1], parsed[2])
    return _dateparser_date(s)


def _dateparser_date(s: str) -> Optional[str]:
    """Written dates via dateparser (imported lazily: it is slow to load)."""
    if len(s) > 64 or not re.search(r"\d", s):
        return None
    import dateparser
    d = dateparser.parse(s, languages=["en"], settings={
        "REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False,
        "PREFER_DATES_FROM": "past"})
    return _valid(d.year, d.month, d.day) if d else None
