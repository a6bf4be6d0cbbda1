"""Argument types for the command line: each checks a value before anything is opened.

argparse calls them while parsing; a ValueError/ArgumentTypeError becomes one
``claimledger: argument --X: ...`` line and exit code 2 (see ``cli.OneLineParser``).
Decisions: dates are strict ``YYYY-MM-DD`` ("yesterday" is refused, not guessed);
limits and ids are whole numbers from 1; ``--db`` is a SQLAlchemy URL of SQLite or
PostgreSQL; ``--url`` is an absolute http(s) address.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
from urllib.parse import urlsplit

# PostgreSQL's INTEGER, the type of every id column: a larger id names nothing.
MAX_ID = 2**31 - 1
DB_SCHEMES = ("sqlite", "postgresql")


def iso_date(value: str) -> str:
    """A calendar date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(value.strip()).isoformat() if re.fullmatch(
            r"\s*\d{4}-\d{2}-\d{2}\s*", value) else _bad_date(value)
    except ValueError:
        return _bad_date(value)


def _bad_date(value: str) -> str:
    raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD (e.g. 2024-10-24), got {value!r}")


def positive_int(value: str) -> int:
    """A whole number from 1 (a limit, a worker count)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number from 1, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def record_id(value: str) -> int:
    """A stored id: 1 .. 2**31-1."""
    number = positive_int(value)
    if number > MAX_ID:
        raise argparse.ArgumentTypeError(f"no such id: {number} is larger than any stored id")
    return number


def database_url(value: str) -> str:
    """A SQLAlchemy URL of SQLite or PostgreSQL (a bare path gets a hint)."""
    scheme = value.split("://", 1)[0].split("+", 1)[0].lower() if "://" in value else ""
    if not scheme:
        raise argparse.ArgumentTypeError(
            f"not a database URL: {value!r}; use sqlite:///{value} for a file, or "
            "postgresql+psycopg://USER@HOST:PORT/DB")
    if scheme not in DB_SCHEMES:
        raise argparse.ArgumentTypeError(
            f"unsupported database {scheme!r} in {value!r}; use sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB")
    try:
        from sqlalchemy.engine import make_url
    except ImportError:
        return value
    try:
        url = make_url(value)
        url.port  # noqa: B018  (parses the port: "host:abc" fails here)
    except Exception:
        raise argparse.ArgumentTypeError(f"malformed database URL {value!r}") from None
    if scheme == "sqlite" and url.database and url.database.endswith(("/", "\\")):
        raise argparse.ArgumentTypeError(f"{value!r} names a folder; add a file name (sqlite:///PATH/claimledger.db)")
    return value


def web_url(value: str) -> str:
    """An absolute http(s) address."""
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value.strip()):
        raise argparse.ArgumentTypeError(f"expected an http(s) address such as https://example.com/a, got {value!r}")
    return value.strip()


def non_empty(value: str) -> str:
    """Text with at least one non-space character."""
    if not value.strip():
        raise argparse.ArgumentTypeError("must not be empty")
    return value


def input_format(value: str) -> str:
    """An input format name (txt, html, json, jsonl, csv, tsv, warc, feed, or an alias)."""
    from claimledger.ingest import InputError, _canonical_format
    try:
        return _canonical_format(value)
    except InputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
