"""A claim noun after a circumstance preposition whose that-clause the small model reads as
a relative clause ("defended himself against claims that he lied to investors", "that" as
the object of "lied"): the clause is still what the unnamed accusers allege, and the
subject of the main verb is not its source (claimledger/attribution.py,
``_misread_claim_clause``).  Made-up sentences in the style of news copy."""
import pytest

from claimledger import analyze


def claim_with(record, words):
    found = [c for c in record.claims if words in c.text]
    assert found, (words, [c.text for c in record.claims])
    return min(found, key=lambda c: len(c.text))


@pytest.mark.parametrize("text, content, cue", [
    ("Smith defended himself against claims that he lied to investors.", "that he lied to investors", "claims"),
    ("The chairman hit back over accusations that he lied to investors.", "that he lied to investors", "accusations"),
    ("She defended herself against claims she had lied to MPs.", "she had lied to MPs", "claims"),
])
def test_the_that_clause_is_alleged_by_no_named_source(text, content, cue):
    rec = analyze(text)
    alleged = claim_with(rec, content)
    assert alleged.text == content
    assert alleged.status == "alleged" and alleged.cue == cue
    assert alleged.source is None
    # the main clause stays the article's own statement, with the noun it is about
    own = claim_with(rec, text.split(" " + cue)[0])
    assert own.source is None and own.status == "asserted" and own.text.endswith(cue)


@pytest.mark.parametrize("text", [
    "He spoke out against the claims that he made last year about the club.",   # "claims" the object of "made"
    "He resigned after allegations that surfaced last week in a newspaper.",     # "that" the subject
])
def test_a_real_relative_clause_on_the_claim_noun_is_not_its_content(text):
    rec = analyze(text)
    assert not any(c.status == "alleged" for c in rec.claims), [(c.text, c.status) for c in rec.claims]
