"""Sources across articles: one ledger source per speaker, with claims by status."""
from __future__ import annotations

import pytest

from claimledger.ledger.ingest_run import store_record
from claimledger.ledger.queries import claims, sources
from claimledger.ledger.sources import org_key, person_key
from test_ledger_support import build_record, db_url, store  # noqa: F401


@pytest.mark.parametrize("name", [
    "Lloyd Austin", "US Defense Secretary Lloyd Austin", "U.S. Defence Secretary Lloyd Austin",
    "Lloyd J. Austin III", "Lloyd Austin, the US Defence Secretary", "the Defence Secretary, Lloyd Austin",
    "Secretary Lloyd Austin's",
])
def test_person_key_strips_titles_initials_and_possessives(name):
    assert person_key(name) == "person:austin|lloyd"


def test_person_key_keeps_names_apart():
    assert person_key("Ukrainian President Volodymyr Zelensky") == "person:zelensky|volodymyr"
    assert person_key("Senator John Smith of New York") == "person:smith|john"
    assert person_key("Defence Secretary Austin") == "person:austin|"
    assert person_key("Mr. Jean-Luc Mélenchon") == "person:melenchon|jean-luc"
    assert person_key("the spokesman") is None


@pytest.mark.parametrize("a, b", [
    ("the Ministry of Defence", "Ministry of Defense"),
    ("Britain's Labour Party", "Britain's Labor Party"),
    ("The Pentagon", "Pentagon's"),
    ("U.S. Department of Defense", "US Department of Defence"),
])
def test_org_key_merges_spellings(a, b):
    assert org_key(a) == org_key(b)


@pytest.mark.parametrize("name, descriptive", [
    ("police", True), ("Officials", True), ("multiple media reports", True), ("The coast guard", True),
    ("CNN", False), ("The Pentagon", False), ("Nigerian officials", False), ("the Ministry of Defence", False),
])
def test_descriptions_are_told_from_names(name, descriptive):
    from claimledger.ledger.sources import is_descriptive
    assert is_descriptive(name) is descriptive


def _article(n: int, text: str, published: str, sources_, claims_):
    return build_record(text, title=f"Article {n}", published=published, url=f"https://outlet{n}.example/a",
                        sources=sources_, claims=claims_)


def test_the_same_speaker_in_many_articles_is_one_source(store):
    first = _article(
        1, "US Defense Secretary Lloyd Austin confirmed that North Korean troops were in Russia.\n"
           "Officials at the Ministry of Defence said 3,000 soldiers had been moved by train.",
        "2024-10-23",
        [{"id": "s1", "name": "US Defense Secretary Lloyd Austin", "role": None, "kind": "person",
          "mentions": ["US Defense Secretary Lloyd Austin"]},
         {"id": "s2", "name": "the Ministry of Defence", "role": None, "kind": "government",
          "mentions": ["the Ministry of Defence"]},
         {"id": "s3", "name": "Officials", "role": None, "kind": "unnamed", "mentions": ["Officials"]}],
        [{"text": "North Korean troops were in Russia", "source": "s1", "cue": "confirmed", "status": "confirmed"},
         {"text": "3,000 soldiers had been moved by train", "source": "s3", "cue": "said", "status": "reported"}])
    second = _article(
        2, "Lloyd Austin, the US Defence Secretary, said the troops could enter combat within weeks.\n"
           "The Ministry of Defense denied that it had been told of the deployment.\n"
           "Officials in Seoul said the soldiers were special forces.",
        "2024-10-24",
        [{"id": "s1", "name": "Lloyd Austin", "role": "US Defence Secretary", "kind": "person",
          "mentions": ["Lloyd Austin", "the US Defence Secretary"]},
         {"id": "s2", "name": "Ministry of Defense", "role": None, "kind": "government",
          "mentions": ["The Ministry of Defense"]},
         {"id": "s3", "name": "Officials in Seoul", "role": None, "kind": "unnamed", "mentions": ["Officials in Seoul"]}],
        [{"text": "the troops could enter combat within weeks", "source": "s1", "cue": "said",
          "status": "speculated", "hedges": ["could"]},
         {"text": "it had been told of the deployment", "source": "s2", "cue": "denied", "status": "denied"},
         {"text": "the soldiers were special forces", "source": "s3", "cue": "said", "status": "reported"}])
    third = _article(
        3, "Austin said Washington was consulting its allies.", "2024-10-25",
        [{"id": "s1", "name": "Austin", "role": None, "kind": "person", "mentions": ["Austin"]}],
        [{"text": "Washington was consulting its allies", "source": "s1", "cue": "said", "status": "reported"}])
    with store.session() as session, session.begin():
        for seq, record in enumerate((first, second, third), start=1):
            store_record(session, record, origin=f"a{seq}", seq=seq)

    with store.session() as session:
        ledger = sources(session)
        by_name = {s["name"]: s for s in ledger}
        assert "Lloyd Austin" in by_name
        austin = by_name["Lloyd Austin"]
        assert austin["articles"] == 3 and austin["claims"] == 3
        assert austin["by_status"] == {"confirmed": 1, "reported": 1, "speculated": 1}
        assert austin["role"] in ("US Defence Secretary", None)
        ministries = [s for s in ledger if "Ministry" in s["name"]]
        assert len(ministries) == 1 and ministries[0]["articles"] == 2
        assert ministries[0]["by_status"] == {"denied": 1}
        # anonymous officials of two outlets are not merged, and not listed among named sources
        assert not any(s["kind"] == "unnamed" for s in ledger)
        assert len([s for s in sources(session, include_unnamed=True) if s["kind"] == "unnamed"]) == 2
        # any surface form finds the speaker's claims
        for form in ("Austin", "US Defense Secretary Lloyd Austin", "Lloyd Austin"):
            assert len(claims(session, source=form)) == 3
        assert [c["status"] for c in claims(session, source="Ministry of Defence")] == ["denied"]
        assert [c["text"] for c in claims(session, status="speculated")] == ["the troops could enter combat within weeks"]
        assert len(claims(session, status="firm,negated")) == 2
        assert [c["published"] for c in claims(session, since="2024-10-25")] == ["2024-10-25"]
