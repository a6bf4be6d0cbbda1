"""Headline verdicts on made-up articles of several genres, read from the record that
``claimledger.analyze()`` returns: headlinese attribution and hedges, matching by
content and by number value, and OVERSTATED only for a headline firmer than its claim."""
import pytest

import claimledger

CASES = {
    # name: (headline, body)
    "toll": ("Flood kills at least nine",
             "At least nine people have died after floods swept through the valley on Sunday.\n\n"
             "Rescue teams were still searching for two hikers on Monday."),
    "study": ("Study: daily walks may cut dementia risk",
              "Walking every day may lower the risk of dementia, according to a study published on Monday.\n\n"
              "The researchers followed 5,000 adults for ten years."),
    "reports": ("Reports: club lines up £40m offer",
                "The club is preparing a £40m offer for the striker, according to reports in Spain.\n\n"
                "The club declined to comment."),
    "denial": ("Council denies cover-up",
               "The council has denied that it covered up the flood report.\n\n"
               "A spokesman said the claims were false."),
    "firmer": ("Bridge collapse kills 12",
               "As many as 12 people may have died when the bridge collapsed on Friday, officials suggested.\n\n"
               "Divers were searching the river."),
    "denied_in_body": ("Council covered up flood report",
                       "The council denied that it had covered up the flood report.\n\n"
                       "Residents have called for an inquiry."),
    "dropped_attribution": ("Factory fire injures 30 workers",
                            "Thirty workers were injured in the factory fire, the fire service said.\n\n"
                            "The cause of the fire is not yet known."),
    "feared": ("Dozens feared dead in ferry sinking",
               "Dozens of passengers were missing after a ferry sank off the coast on Tuesday, the coastguard said."),
    "suffix": ("Striker to miss six weeks with knee injury: report",
               "The striker will miss six weeks with a knee injury, according to a report in a local newspaper."),
    "no_verb": ("Election latest",
                "Voters may face long queues on Thursday, officials warned."),
    "quoted": ("Coach: keeper will miss games 'until the end of the season'",
               "\"I don't know the date, but he will miss games until the end of the season,\" the coach said "
               "of the goalkeeper's shoulder injury."),
}


@pytest.fixture(scope="module")
def heads():
    return {name: claimledger.analyze(body, title=title, published="2025-05-05").headline
            for name, (title, body) in CASES.items()}


def test_a_number_in_words_supports_the_headline(heads):
    assert heads["toll"].status == "asserted"
    assert heads["toll"].overstated is False


def test_a_source_prefix_is_attribution_and_may_a_hedge(heads):
    assert heads["study"].status == "speculated"
    assert heads["study"].overstated is False
    assert heads["reports"].status == "reported"
    assert heads["reports"].overstated is False


def test_a_denial_headline_agrees_with_a_denied_claim(heads):
    assert heads["denial"].status == "denied"
    assert heads["denial"].overstated is False


def test_overstated_when_firmer_than_the_best_matching_claim(heads):
    h = heads["firmer"]
    assert h.overstated is True
    assert "may" in h.reason and "12" in h.reason
    assert heads["denied_in_body"].overstated is True
    assert "denied" in heads["denied_in_body"].reason


def test_dropping_a_plain_attribution_is_not_overstating(heads):
    assert heads["dropped_attribution"].status == "asserted"
    assert heads["dropped_attribution"].overstated is False


def test_headlinese_hedges_and_trailing_sources(heads):
    assert heads["feared"].status == "speculated"
    assert heads["feared"].overstated is False
    assert heads["suffix"].status == "reported"
    assert heads["suffix"].overstated is False


def test_a_headline_without_a_verb_states_no_claim(heads):
    assert heads["no_verb"].overstated is False
    assert heads["no_verb"].reason is None


def test_quoting_the_speaker_is_not_overstating(heads):
    assert heads["quoted"].status == "reported"             # "Coach:" is the source
    assert heads["quoted"].overstated is False
