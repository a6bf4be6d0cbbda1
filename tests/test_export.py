"""Exports of records: JSON Lines, CSV, brat standoff, ClaimReview JSON-LD."""
from __future__ import annotations

import csv
import io
import json
import re

from claimledger.export.brat import brat_ann, fragments, write_brat
from claimledger.export.claimreview import claim_review, write_claimreview
from claimledger.export.csv import COLUMNS, write_csv
from claimledger.export.jsonl import read_jsonl, write_jsonl
from test_ledger_support import build_record, troops_record


def test_jsonl_round_trip():
    out = io.StringIO()
    assert write_jsonl([troops_record(), troops_record()], out) == 2
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["schema"] == "claimledger/1"
    assert [r.to_dict() for r in read_jsonl(lines)] == [troops_record().to_dict()] * 2


def test_csv_has_one_row_per_claim_with_source_and_quantities():
    out = io.StringIO()
    extras = lambda record: {"c1": {"ledger_source": "Lloyd Austin", "story": 7}}  # noqa: E731
    assert write_csv([troops_record()], out, extras) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == COLUMNS
    assert (rows[0]["source"], rows[0]["status"], rows[0]["quantities"], rows[0]["story"]) == \
        ("Lloyd Austin", "confirmed", "about 3,000 troops", "7")
    assert rows[0]["time_start"] == "2024-10-23"
    assert (rows[2]["source"], rows[2]["hedges"], rows[2]["ledger_source"]) == ("", "appears to", "")


def _t_lines(ann: str):
    for line in ann.splitlines():
        if line.startswith("T"):
            tid, label_offsets, surface = line.split("\t")
            label, offsets = label_offsets.split(" ", 1)
            pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
            yield tid, label, pieces, surface


def test_brat_spans_point_at_their_text():
    record = troops_record()
    ann = brat_ann(record)
    text = record.article.text
    labels = {}
    for tid, label, pieces, surface in _t_lines(ann):
        assert surface == " ".join(text[s:e] for s, e in pieces)
        labels.setdefault(label, []).append(surface)
    assert labels["Content"][0] == "North Korea had sent about 3,000 troops to eastern Russia"
    assert "confirmed" in labels["Cue"] and "denied" in labels["Cue"]
    assert "US Defense Secretary Lloyd Austin" in labels["Source"] and "Moscow" in labels["Source"]
    assert labels["Quantity"] == ["about 3,000 troops"]
    assert re.search(r"^A\d+\tStatus T1 confirmed$", ann, re.M)
    assert re.search(r"^R\d+\tSource Arg1:T1 Arg2:T\d+$", ann, re.M)


def test_brat_splits_spans_at_newlines():
    text = "\"We will rebuild the bridge\nbefore winter,\" the mayor said."
    assert fragments(text, 1, 41) == [(1, 27), (28, 41)]
    record = build_record(text, None, None, None, sources=[{"id": "s1", "name": "the mayor", "kind": "person",
                                                            "mentions": ["the mayor"]}],
                          claims=[{"text": "We will rebuild the bridge\nbefore winter,", "source": "s1",
                                   "cue": "said", "kind": "direct"}])
    ann = brat_ann(record)
    assert "T1\tContent 1 27;28 42\tWe will rebuild the bridge before winter," in ann


def test_brat_writes_a_document_pair_per_article(tmp_path):
    assert write_brat([troops_record()], tmp_path / "brat") == 1
    stem = troops_record().article.id
    assert (tmp_path / "brat" / f"{stem}.txt").read_text(encoding="utf-8") == troops_record().article.text
    assert (tmp_path / "brat" / f"{stem}.ann").read_text(encoding="utf-8").startswith("T1\tContent")
    assert "Status\tArg:Content" in (tmp_path / "brat" / "annotation.conf").read_text()


def test_claimreview_names_the_claim_its_author_date_and_status():
    record = troops_record()
    review = claim_review(record, record.claims[0])
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "North Korea had sent about 3,000 troops to eastern Russia"
    item = review["itemReviewed"]
    assert item["@type"] == "Claim" and item["datePublished"] == "2024-10-24"
    assert item["author"] == {"@type": "Person", "name": "Lloyd Austin", "jobTitle": "US Defense Secretary"}
    assert item["appearance"]["url"] == "https://news.example.com/world/korea-troops"
    assert review["reviewRating"]["alternateName"] == "confirmed"
    own_voice = claim_review(record, record.claims[2])
    assert own_voice["itemReviewed"]["author"] == {"@type": "Organization", "name": "news.example.com"}
    assert own_voice["reviewRating"]["alternateName"] == "speculated"
    assert "appears to" in own_voice["reviewRating"]["ratingExplanation"]


def test_claimreview_file_is_a_json_array():
    out = io.StringIO()
    assert write_claimreview([troops_record()], out) == 3
    reviews = json.loads(out.getvalue())
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["confirmed", "denied", "speculated"]
