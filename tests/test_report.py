"""The readable report (claimledger/report.py): whole names and claims, who speaks,
the via column and the hedge footer, on records from ``claimledger.analyze()``."""
import re

import pytest

import claimledger
from claimledger.report import ARTICLE_VOICE, SPEAKER_UNKNOWN, WIDTH, render_report

TEXT = (
    "The bridge will reopen in March, the Regional Transport and Infrastructure Authority of "
    "North Westphalia said on Monday.\n\n"
    "It was speculated that the repairs could cost more than planned.\n\n"
    "The council denied that it had ignored warnings from engineers.\n\n"
    "Engineers may have underestimated the damage, Professor Maria Fernanda Gonzalez-Villanueva "
    "told the Evening Chronicle.\n\n"
    "The old bridge, which was closed after inspectors found that water had seeped into the "
    "concrete of its central pillars over several winters, carried about 40,000 vehicles a day "
    "before the closure and was the only crossing of the river for more than twenty kilometres "
    "in either direction.\n\n"
    "The bridge was built in 1962.")


@pytest.fixture(scope="module")
def record():
    return claimledger.analyze(TEXT, title="Bridge to reopen in March", published="2025-01-06")


@pytest.fixture(scope="module")
def report(record):
    return render_report(record)


def _squeeze(s: str) -> str:
    return " ".join(s.split())


def test_every_line_fits_the_width(report):
    assert max(len(line) for line in report.splitlines()) <= WIDTH


def test_long_names_are_whole_not_cut(record, report):
    long_names = [s.name for s in record.sources if len(s.name) > 22]
    assert long_names, "the text names a source longer than the old 22-character column"
    table = _table_text(report)
    for name in long_names:
        # wrapped inside its column: every word of the name is there, in order
        assert all(w in table for w in name.split()), name
    assert "…" not in table


def test_claims_are_shown_whole(record, report):
    table = _squeeze(_claim_column(report))
    for c in record.claims:
        assert _squeeze(c.text) in table, c.text


def test_outlet_voice_and_unknown_speaker_are_told_apart(record, report):
    rows = _rows(report)
    own = [c for c in record.claims if c.source is None and c.cue is None]
    unresolved = [c for c in record.claims if c.source is None and c.cue is not None]
    assert own and unresolved
    for c in own:
        assert ARTICLE_VOICE in rows[c.id]
    for c in unresolved:
        assert SPEAKER_UNKNOWN in rows[c.id]
        assert ARTICLE_VOICE not in rows[c.id]


def test_via_column_names_the_intermediary(record, report):
    header = report.splitlines()[[i for i, l in enumerate(report.splitlines()) if l.strip().startswith("#")][0]]
    assert re.search(r"\bvia\b", header)
    relayed = [c for c in record.claims if c.via]
    assert relayed
    for c in relayed:
        for sid in c.via:
            assert record.source(sid).name.split()[0] in rows_text(report, c.id)


def test_hedged_footer_lists_only_hedges_found_in_the_text(record, report):
    footer = next(l for l in report.splitlines() if "* hedged:" in l)
    assert "denied" not in footer
    listed = re.findall(r"(c\d+) ([^;]+)", footer.split("* hedged:")[1])
    assert listed
    by_id = {c.id: c for c in record.claims}
    text = record.article.text.lower()
    for cid, words in listed:
        assert by_id[cid].status not in ("denied", "asserted", "confirmed")
        for w in words.split(", "):
            assert w.strip().lower() in text
    denied = [c for c in record.claims if c.status == "denied"]
    assert denied and all(not re.search(rf"\b{c.id} ", footer) for c in denied)


def test_numbers_and_time_under_their_claim(record, report):
    with_numbers = [c for c in record.claims if c.quantities]
    assert with_numbers
    block = rows_text(report, with_numbers[0].id)
    assert "numbers" in block and "40,000" in block


# -- helpers: read the table back ------------------------------------------------------

def _table_lines(report):
    lines = report.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("---"))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].strip())
    return lines[start - 1], lines[start + 1:end]


def _table_text(report):
    return "\n".join(_table_lines(report)[1])


def _claim_column(report):
    header, lines = _table_lines(report)
    a, b = header.index("claim"), header.index("source")
    return "\n".join(l[a:b] for l in lines if not l[a:].startswith(("when ", "numbers ")))


def _rows(report):
    """claim id -> the text of its block in the table."""
    header, lines = _table_lines(report)
    out, current = {}, None
    for l in lines:
        m = re.match(r"\s*(c\d+)\s", l)
        if m:
            current = m.group(1)
            out[current] = ""
        out[current] += l + "\n"
    return out


def rows_text(report, cid):
    return _rows(report)[cid]


def test_fractions_and_decimals_read_in_the_numbers_line():
    rec = claimledger.analyze("The queue stretched for about a third of a mile, organisers said.\n\n"
                              "Shareholders will receive 0.3125 shares for each share they own.")
    out = render_report(rec)
    assert "~0.3333 mile" in out and "0.3333333" not in out
    assert "0.3125 shares" in out


def test_a_name_longer_than_its_column_breaks_at_its_hyphens():
    name = "Ministry-of-Emergency-Situations-and-Civil-Defence-Coordination"
    rec = claimledger.analyze(f"Officials at the {name} said the warning had been issued on time.")
    header, lines = _table_lines(render_report(rec))
    a, b = header.index("source"), header.index("via")
    cell = [l[a:b].strip() for l in lines if l[a:b].strip()]
    assert "".join(cell) == "Officials at the " + name, cell
    assert all(part.endswith("-") for part in cell[:-1]), cell      # broken at hyphens, no word cut mid-way
