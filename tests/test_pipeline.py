"""The whole pipeline: the record contract, offsets, cleaning, numbers, times, headline."""
import json
from pathlib import Path

import pytest

import claimledger
from claimledger.record import CLAIM_KINDS, SCHEMA, SOURCE_KINDS, STATUSES, Record

SAMPLE = Path(claimledger.__file__).parent / "samples" / "sample_article.txt"


@pytest.fixture(scope="module")
def sample():
    title, body = SAMPLE.read_text(encoding="utf-8").split("\n", 1)
    return claimledger.analyze(body, title=title, published="2025-03-14")


def test_record_contract(sample):
    d = sample.to_dict()
    assert d["schema"] == SCHEMA
    assert set(d) >= {"schema", "article", "removed", "sources", "claims", "quantities", "headline"}
    assert set(d["article"]) >= {"id", "title", "published", "url", "language", "text"}
    assert len(d["article"]["id"]) == 16
    text = d["article"]["text"]
    source_ids = {s["id"] for s in d["sources"]}
    for s in d["sources"]:
        assert s["kind"] in SOURCE_KINDS and s["mentions"]
    for c in d["claims"]:
        assert text[c["start"]:c["end"]] == c["text"]
        assert c["status"] in STATUSES and c["kind"] in CLAIM_KINDS
        assert c["source"] is None or c["source"] in source_ids
        assert all(v in source_ids for v in c["via"])
    qids = {q["id"] for q in d["quantities"]}
    for c in d["claims"]:
        assert set(c["quantities"]) <= qids
    json.dumps(d)


def test_round_trip(sample):
    again = Record.from_json(sample.to_json())
    assert again.to_dict() == sample.to_dict()


def test_removed_text_is_out_of_the_body_and_yields_nothing(sample):
    assert any("Storm Ciar" in r.text for r in sample.removed)
    assert "Storm Ciar" not in sample.article.text
    removed = " ".join(r.text for r in sample.removed)
    for c in sample.claims:
        assert c.text not in removed


def test_sample_claims(sample):
    by_text = {c.text: c for c in sample.claims}
    c = next(c for t, c in by_text.items() if "as many as 60 containers" in t)
    assert sample.source(c.source).name == "NOS" and c.status == "speculated"
    q = next(q for q in sample.quantities if q.high == 60)
    assert q.low is None and q.unit == "containers" and q.claim == c.id
    harbers = [c for c in sample.claims if c.source and sample.source(c.source).name == "Mark Harbers"]
    assert len(harbers) >= 2  # "said ... if" and the multi-paragraph quote after "added:"
    c = next(c for t, c in by_text.items() if "would pay for the clean-up" in t)
    assert c.status == "hypothetical"
    assert c.time and c.time.start == "2025-03-12"  # "said on Wednesday", published Friday 14 March


def test_headline_overstated_when_body_is_doubtful():
    body = ("A blurry photo, which appears to show two flags flying over the captured village, has sparked "
            "outrage.\nConfirmation of such an image would suggest that the troops have reached the front.")
    rec = claimledger.analyze(body, title="Flag 'flies' over captured village 'confirming' troops have reached the front")
    assert rec.headline.overstated is True
    assert rec.headline.reason


def test_headline_number_points_at_its_claim(sample):
    # "up to 60 containers ... coastguard confirms": the 60 comes from a broadcaster's "could"
    assert sample.headline.status == "confirmed"
    assert sample.headline.overstated is True
    assert "60 containers could have gone overboard" in sample.headline.reason


def test_headline_in_line_with_a_firm_body():
    body = ("The central bank raised its main interest rate to 4.5% on Thursday, its third rise this year.\n"
            "The governor said further rises could follow if inflation stayed high.")
    rec = claimledger.analyze(body, title="Central bank raises interest rate to 4.5%")
    assert rec.headline.status == "asserted"
    assert rec.headline.overstated is False


def test_no_publication_date_keeps_relative_times_unresolved():
    rec = claimledger.analyze("The minister said on Wednesday that the border had been closed.")
    c = next(c for c in rec.claims if "border" in c.text)
    assert c.time is not None and c.time.text.endswith("Wednesday")
    assert c.time.start is None and c.time.end is None


def test_bad_published_date_is_an_error():
    with pytest.raises(ValueError):
        claimledger.analyze("Some text here.", published="24/10/2024")


def test_a_report_noun_with_no_named_reporter_is_still_reported():
    rec = claimledger.analyze("The company collapsed amid reports that it had hidden losses of $2m.\n\n"
                              "The bank folded following rumours that its chairman had fled abroad.\n\n"
                              "Other footage shows the bridge was already cracked.")
    by_text = {c.text: c for c in rec.claims}
    hidden = next(c for t, c in by_text.items() if "hidden losses" in t)
    assert hidden.source is None and hidden.status == "reported"
    fled = next(c for t, c in by_text.items() if "had fled abroad" in t)
    assert fled.source is None and fled.status in {"reported", "alleged", "speculated"}
    # a non-agent evidential ("footage shows") still leaves the claim the article's own
    cracked = next(c for t, c in by_text.items() if "already cracked" in t)
    assert cracked.source is None and cracked.status != "reported"
