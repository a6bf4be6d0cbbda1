"""Shared fixtures and record builders for the ledger tests (imported by test_ledger_*.py).

PostgreSQL tests connect to ``postgresql+psycopg://postgres@127.0.0.1:5432/test`` (trust
auth; override with ``CLAIMLEDGER_TEST_PG``), each in a fresh schema dropped afterwards.
When the server is down they fail with a message saying so: they never skip silently.
"""
from __future__ import annotations

import os
import uuid
import warnings
from typing import Optional

import pytest

from claimledger.record import Record, article_id

PG_URL = os.environ.get("CLAIMLEDGER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def postgres_schema_url():
    """Context: a fresh schema on the test server, yielded as a URL whose search_path points at it."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError
    engine = create_engine(PG_URL)
    schema = f"cl_test_{uuid.uuid4().hex[:12]}"
    try:
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as error:
        engine.dispose()
        pytest.fail(f"PostgreSQL is not reachable at {PG_URL} (start it: pg_ctlcluster "
                    f"--skip-systemctl-redirect $(ls /etc/postgresql) main start): {error}", pytrace=False)
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        try:
            with engine.begin() as conn:
                # a session left open by a failing test must not hang the run
                conn.execute(text("SET LOCAL lock_timeout = '30s'"))
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        except OperationalError as error:
            warnings.warn(f"schema {schema} left behind: {error}")
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    """A fresh, empty ledger URL on each real database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
    else:
        yield from postgres_schema_url()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture
def store(db_url):
    from claimledger.ledger.store import Store
    with Store(db_url) as opened:
        yield opened


def span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def build_record(text: str, title: Optional[str], published: Optional[str], url: Optional[str],
                 sources: list[dict], claims: list[dict], quantities: list[dict] = (),
                 removed: list[dict] = (), headline: Optional[dict] = None) -> Record:
    """A contract record from parts; claims and quantities give ``text`` and offsets are found."""
    claim_dicts = []
    for i, c in enumerate(claims, start=1):
        start, end = span(text, c["text"])
        claim = {"id": f"c{i}", "start": start, "end": end, "via": [], "cue": None, "kind": "indirect",
                 "status": "asserted", "certainty": 3.0, "hedges": [], "time": None, "quantities": []}
        claim.update(c)
        claim_dicts.append(claim)
    quantity_dicts = []
    for i, q in enumerate(quantities, start=1):
        start, end = span(text, q["text"])
        quantity = {"id": f"q{i}", "low": None, "high": None, "approximate": False, "unit": None,
                    "claim": None, "start": start, "end": end}
        quantity.update(q)
        quantity_dicts.append(quantity)
        if quantity["claim"]:
            next(c for c in claim_dicts if c["id"] == quantity["claim"])["quantities"].append(quantity["id"])
    return Record.from_dict({
        "schema": "claimledger/1",
        "article": {"id": article_id(text), "title": title, "published": published, "url": url,
                    "language": "en", "text": text},
        "removed": list(removed), "sources": sources, "claims": claim_dicts,
        "quantities": quantity_dicts, "headline": headline,
    })


TROOPS_TEXT = (
    "North Korean troops 'in Russia', Pentagon says\n"
    "US Defense Secretary Lloyd Austin confirmed on Wednesday that North Korea had sent "
    "about 3,000 troops to eastern Russia.\n"
    "Moscow and Pyongyang have denied the presence of North Korean soldiers in Russia.\n"
    "A blurry photo, which appears to show soldiers at a training ground, has circulated online."
)


def troops_record() -> Record:
    """A full record in the shape of docs/OUTPUT.md: every field set somewhere."""
    text = TROOPS_TEXT
    return build_record(
        text, title="North Korean troops 'in Russia', Pentagon says", published="2024-10-24",
        url="https://news.example.com/world/korea-troops",
        sources=[
            {"id": "s1", "name": "Lloyd Austin", "role": "US Defense Secretary", "kind": "person",
             "mentions": ["US Defense Secretary Lloyd Austin"]},
            {"id": "s2", "name": "Moscow", "role": None, "kind": "government", "mentions": ["Moscow"]},
        ],
        claims=[
            {"text": "North Korea had sent about 3,000 troops to eastern Russia", "source": "s1",
             "cue": "confirmed", "status": "confirmed", "kind": "indirect",
             "time": {"text": "on Wednesday", "start": "2024-10-23", "end": "2024-10-23"}},
            {"text": "the presence of North Korean soldiers in Russia", "source": "s2", "cue": "denied",
             "status": "denied", "certainty": -3.0},
            {"text": "A blurry photo, which appears to show soldiers at a training ground, has circulated online",
             "source": None, "kind": "unattributed", "status": "speculated", "certainty": 0.75,
             "hedges": ["appears to"]},
        ],
        quantities=[{"text": "about 3,000 troops", "low": 3000, "high": 3000, "approximate": True,
                     "unit": "troops", "claim": "c1"}],
        removed=[{"text": "READ MORE: Ukraine war latest", "reason": "related-headlines"}],
        headline={"text": "North Korean troops 'in Russia', Pentagon says", "status": "reported",
                  "overstated": False, "reason": None},
    )


class CannedAnalyzer:
    """Stands in for ``claimledger.pipeline.analyze`` in unit tests: returns the record built
    for a text, and raises for texts it was told to fail on (a bad article)."""

    def __init__(self, records: list[Record], fail_on: tuple[str, ...] = ()):
        self.by_text = {r.article.text: r for r in records}
        self.fail_on = fail_on
        self.calls = 0

    def __call__(self, text, title=None, published=None, url=None) -> Record:
        self.calls += 1
        if any(marker in text for marker in self.fail_on):
            raise RuntimeError("parser exploded")
        return self.by_text[text]


def crashing_analyzer(text, title=None, published=None, url=None) -> Record:
    """A stand-in analysis for worker-pool tests (importable by spawned workers): kills its
    own process on a text containing CRASH, as a native crash or the OOM killer would; else
    one unattributed claim, the first line."""
    if "CRASH" in text:
        os._exit(3)
    first_line = text.split("\n")[0].rstrip(".")
    return build_record(text, title, published, url, sources=[], claims=[{"text": first_line, "kind": "unattributed"}])
