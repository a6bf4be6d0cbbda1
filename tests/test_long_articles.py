"""Long articles are analysed in parts (pipeline.split_parts): a text over spaCy's
1,000,000-character limit keeps the record contract, and an attribution whose cue and
quote sit on either side of a part boundary is kept."""
import random

import pytest

from claimledger.pipeline import analyze_many, split_parts


def _check_contract(record):
    body = record.article.text
    claim_ids = [c.id for c in record.claims]
    source_ids = [s.id for s in record.sources]
    quantity_ids = [q.id for q in record.quantities]
    for ids in (claim_ids, source_ids, quantity_ids):
        assert len(ids) == len(set(ids))
    for c in record.claims:
        assert 0 <= c.start < c.end <= len(body) and body[c.start:c.end] == c.text
        assert c.source is None or c.source in source_ids
        assert all(v in source_ids for v in c.via)
        assert all(q in quantity_ids for q in c.quantities)
    for q in record.quantities:
        assert 0 <= q.start < q.end <= len(body) and body[q.start:q.end] == q.text
        assert q.claim is None or q.claim in claim_ids
    assert [c.start for c in record.claims] == sorted(c.start for c in record.claims)


@pytest.mark.slow
def test_a_text_over_a_million_characters_keeps_the_contract():
    rng = random.Random(11)

    def word(n):  # long made-up words: many characters, few tokens, so the test stays quick
        return "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=n))
    paragraphs, size, k = [], 0, 0
    while size <= 1_000_000:
        k += 1
        if k % 25 == 0:
            p = (f'"We will publish the list of the {k} sites by the end of the month," said Maria Lopez, '
                 f"the agency's director, adding that {k + 3} inspectors had been hired.")
        else:
            p = f"The archive lists {word(480)} and {word(480)}."
        paragraphs.append(p)
        size += len(p) + 1
    text = "\n".join(paragraphs)
    record = next(analyze_many([text]))
    assert len(record.article.text) > 1_000_000
    _check_contract(record)
    quotes = [c for c in record.claims if c.text.startswith('"We will publish')]
    assert len(quotes) == k // 25  # every quote, once, wherever the parts fall
    assert {record.source(c.source).name for c in quotes} == {"Maria Lopez"}
    assert quotes[-1].start > 900_000


FILLER = ["The council met on Tuesday to discuss the budget for the coming year.",
          "Several residents attended the meeting and asked about road repairs.",
          "The city has spent more than 4 million dollars on roads since 2020.",
          "Local businesses have complained about delays on the main street."]
CUE = "John Smith, the transport minister, told reporters:"
QUOTE = '"We will rebuild every bridge that the flood destroyed before the winter comes."'
AFTER = ["The ministry did not say how the work would be paid for.",
         "Engineers are expected to visit the sites next week."]


def test_an_attribution_across_a_part_boundary_is_kept():
    text = "\n\n".join(FILLER + [CUE, QUOTE] + AFTER)
    boundary = text.index(QUOTE)
    parts = split_parts(text, part_chars=boundary)
    cue_part = next(p for p in parts if p.start <= text.index(CUE) < p.end)
    quote_part = next(p for p in parts if p.start <= boundary < p.end)
    assert cue_part is not quote_part  # the cue ends one part, the quote starts the next

    whole = next(analyze_many([text]))
    in_parts = next(analyze_many([text], part_chars=boundary))
    _check_contract(in_parts)

    def quote_source(record):
        claim = next(c for c in record.claims if c.text.startswith('"We will rebuild'))
        return record.source(claim.source).name if claim.source else None
    assert quote_source(whole) == quote_source(in_parts) == "John Smith"
    assert [(c.text, c.status) for c in in_parts.claims] == [(c.text, c.status) for c in whole.claims]


def test_parts_cover_the_text_on_paragraph_starts_and_cut_a_huge_line():
    paragraphs = [f"Paragraph {k} says something about item {k} in plain words." for k in range(400)]
    text = "\n".join(paragraphs)
    parts = split_parts(text, part_chars=2_000)
    assert parts[0].start == 0 and parts[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(parts, parts[1:]))
    assert all(text[p.start - 1] == "\n" for p in parts[1:])
    assert all(p.context_start < p.start and p.context_end > p.end for p in parts[1:-1])
    line = "x" * 300_000  # one 300 kB line without a space: still cut into parts
    cut = split_parts(line, part_chars=20_000)
    assert len(cut) > 10 and all(p.end - p.start <= 25_000 for p in cut[:-1])
    assert sum(p.end - p.start for p in cut) == len(line)
