"""Property tests (Hypothesis) over ``claimledger.analyze()`` and the readers (issue 12, item 4).

Generated inputs: arbitrary Unicode (control characters, RTL marks and scripts, emoji,
surrogate-free code points of every plane), news-like sentences with unbalanced and nested
quote marks, long lines, broken HTML, random bytes.  No exception escapes but the documented
refusal (``InputError``), and every record keeps the contract of docs/OUTPUT.md.

Cases per run (stated in README, "Limits and failure behaviour"): ANALYZE_EXAMPLES for each
of the three analyze properties, READER_EXAMPLES for each of the two reader properties.
``derandomize=True``: every run generates the same cases, so a failure in CI is
reproducible; run with ``--hypothesis-seed=N`` (and without derandomize) to explore more.
"""
from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimledger.ingest import InputError, RawArticle, read_bytes
from claimledger.record import CLAIM_KINDS, SOURCE_KINDS, STATUSES, Record

ANALYZE_EXAMPLES = 60
READER_EXAMPLES = 200

ANALYZE = settings(max_examples=ANALYZE_EXAMPLES, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
READERS = settings(max_examples=READER_EXAMPLES, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

QUOTES = ["\"", "'", "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e", "\u2039", "\u203a", "``", "''"]
NOISE = ["\u200f", "\u200e", "\u202e", "\u2066", "\u0000", "\u0007", "\x1b[31m", "\ufeff", "\u00a0", "\u2028",
         "\r", "\t", "\ud83d\ude00", "\U0001F468\u200d\U0001F469\u200d\U0001F467", "\u0645\u0631\u062d\u0628\u0627",
         "\u05e9\u05dc\u05d5\u05dd", "\u4e2d\u6587", "\u0301\u0301\u0301", "\ufffd", "\U000e0001"]
WORDS = ["the", "minister", "said", "that", "up to", "10,000", "troops", "were", "deployed", "on", "Tuesday",
         "according", "to", "officials", "denied", "reports", "may", "have", "killed", "about", "3,000",
         "people", "Reuters", "reported", "he", "told", "it", "is", "not", "clear", "whether", "last week",
         "Lloyd Austin", "confirmed", "alleged", "%", "$2.5bn", "1.5", "12,000", "or", "in", "2024", "."]

sentence = st.lists(st.sampled_from(WORDS + QUOTES + NOISE), min_size=1, max_size=30).map(" ".join)
news_like = st.lists(sentence, min_size=1, max_size=8).map(lambda parts: "\n".join(parts))
long_line = st.tuples(sentence, st.integers(20, 120)).map(lambda pair: " ".join([pair[0]] * pair[1]))
nested_quotes = st.lists(st.tuples(st.sampled_from(QUOTES), sentence, st.sampled_from(QUOTES + [""])),
                         min_size=1, max_size=6).map(
    lambda parts: "Officials said " + " ".join(f"{o}{s}{c}" for o, s, c in parts))


def check_contract(record: Record) -> None:
    """The record of docs/OUTPUT.md: offsets, spans, ids and references hold."""
    text = record.article.text
    assert isinstance(text, str)
    source_ids = [s.id for s in record.sources]
    claim_ids = [c.id for c in record.claims]
    quantity_ids = [q.id for q in record.quantities]
    for ids in (source_ids, claim_ids, quantity_ids):
        assert len(ids) == len(set(ids)), ids
    for source in record.sources:
        assert source.kind in SOURCE_KINDS and source.name
    for claim in record.claims:
        assert 0 <= claim.start <= claim.end <= len(text)
        assert text[claim.start:claim.end] == claim.text
        assert claim.source is None or claim.source in source_ids
        assert all(v in source_ids for v in claim.via)
        assert all(q in quantity_ids for q in claim.quantities)
        assert claim.status in STATUSES and claim.kind in CLAIM_KINDS
        assert claim.certainty is None or (math.isfinite(claim.certainty) and -3.0 <= claim.certainty <= 3.0)  # docs/OUTPUT.md: [-3, +3]
    for quantity in record.quantities:
        assert quantity.claim is None or quantity.claim in claim_ids
        if quantity.start is not None:
            assert 0 <= quantity.start <= quantity.end <= len(text)
            # a quantity's text is its span with white space written as single spaces
            assert " ".join(text[quantity.start:quantity.end].split()) == " ".join(quantity.text.split())
        for bound in (quantity.low, quantity.high):
            assert bound is None or math.isfinite(bound)
    serialised = json.dumps(record.to_dict(), ensure_ascii=False, allow_nan=False)
    assert Record.from_json(serialised).to_dict() == record.to_dict()


def analyze_or_refuse(text: str, **kwargs) -> None:
    from claimledger.pipeline import analyze
    try:
        record = analyze(text, **kwargs)
    except InputError:
        return  # the documented refusal
    check_contract(record)


@pytest.fixture(scope="module", autouse=True)
def _model(nlp):
    """spaCy loaded once for the module (Hypothesis examples must not pay for it)."""
    return nlp


@ANALYZE
@given(st.text(max_size=400))
def test_analyze_arbitrary_unicode(text):
    analyze_or_refuse(text)


@ANALYZE
@given(st.one_of(news_like, nested_quotes, long_line),
       st.one_of(st.none(), sentence), st.one_of(st.none(), st.sampled_from(["2024-10-24", "1999-01-01"])))
def test_analyze_news_like_noise(text, title, published):
    analyze_or_refuse(text, title=title, published=published)


@ANALYZE
@given(st.lists(st.one_of(sentence, st.sampled_from(NOISE), st.text(max_size=40)), min_size=1, max_size=12))
def test_analyze_mixed_scripts_and_controls(parts):
    analyze_or_refuse("\n\n".join(parts), title=parts[0][:80])


def _read(data: bytes, name: str) -> list:
    try:
        return list(read_bytes(data, name))
    except InputError:
        return []


def check_articles(items: list) -> None:
    for item in items:
        assert isinstance(item, (RawArticle, InputError))
        if isinstance(item, RawArticle):
            assert item.text and item.text == item.text.strip()
            assert "\x00" not in item.text and "\r" not in item.text
            assert item.published is None or len(item.published) == 10


tags = st.sampled_from(["<p>", "</p>", "<div>", "</div", "<script>", "</script>", "<!--", "-->", "<br>",
                        "<a href='", "'>", "<img src=\"data:image/png;base64,AAAA", "<![CDATA[", "]]>",
                        "<html>", "<body>", "<article>", "&amp;", "&#0;", "&#x110000;", "<title>", "</title>"])
broken_html = st.lists(st.one_of(tags, sentence, st.sampled_from(NOISE)), min_size=1, max_size=40).map("".join)


@READERS
@given(st.binary(max_size=2000), st.sampled_from(["x.txt", "x.html", "x.json", "x.jsonl", "x.csv", "x.warc",
                                                  "x.rss", "x", "x.warc.gz"]))
def test_readers_random_bytes(data, name):
    check_articles(_read(data, name))


@READERS
@given(broken_html, st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252"]))
def test_readers_broken_html(markup, encoding):
    try:
        data = markup.encode(encoding)
    except UnicodeEncodeError:
        data = markup.encode("utf-8", "surrogatepass")
    check_articles(_read(data, "page.html"))
