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


# --- variants (issue 8 audit): other sources, hedges, denial verbs and readings of "claims" --

VARIANTS = {
    "quake_toll": ("Quake kills at least 14 in mountain villages",
                   "At least 14 people have died after an earthquake struck mountain villages on Monday, "
                   "officials said.\n\nRescuers were searching for survivors."),
    "officials_could": ("Officials: new dam could fail within a decade",
                        "The new dam could fail within ten years, officials warned on Tuesday."),
    "police_say_may": ("Police say suspect may have fled abroad",
                       "The suspect may have fled the country, police said on Friday."),
    "report_prefix": ("Report: bank plans 3,000 job cuts",
                      "The bank is planning to cut 3,000 jobs, according to a report in a financial newspaper."),
    "rejects": ("Minister rejects bribery claims",
                "The minister has rejected claims that he accepted bribes from a developer."),
    "dismisses": ("Club dismisses takeover reports",
                  "The club dismissed reports that it was about to be sold to an American investor."),
    "firm_over_could": ("Dam will fail within a decade",
                        "The dam could fail within ten years, engineers warned."),
    "best_match_firm": ("Storm kills 12",
                        "The storm killed 12 people, police said.\n\n"
                        "Officials said the toll could rise to 20 if more bodies were found."),
    "claims_lives": ("Fire claims three lives",
                     "Three people died in a house fire in the town overnight, the fire service said."),
    "claims_noun": ("Minister quits over bribery claims",
                    "The minister resigned on Monday after claims that he had accepted bribes."),
    "claims_verb": ("Rival claims the election was rigged",
                    "The opposition leader claimed that the election had been rigged."),
    "rejects_report": ("Mayor rejects report she misused funds",      # parsed "Mayor rejects" + verb "report"
                       "The mayor has rejected a report that she misused public funds."),
    "rejects_claims_he": ("Minister rejects claims he lied",
                          "The minister rejected claims that he had lied to parliament."),
}


@pytest.fixture(scope="module")
def variant_heads():
    return {name: claimledger.analyze(body, title=title, published="2025-05-05").headline
            for name, (title, body) in VARIANTS.items()}


@pytest.mark.parametrize("name, status", [
    ("quake_toll", "asserted"), ("officials_could", "speculated"), ("police_say_may", "speculated"),
    ("report_prefix", "reported"), ("rejects", "denied"), ("dismisses", "denied"),
    ("best_match_firm", "asserted"), ("claims_lives", "asserted"), ("claims_noun", "asserted"),
    ("claims_verb", "alleged"), ("rejects_report", "denied"), ("rejects_claims_he", "denied"),
])
def test_variant_headlines_in_line_with_their_body(variant_heads, name, status):
    h = variant_heads[name]
    assert (h.status, h.overstated) == (status, False), h.reason


def test_a_firm_future_over_a_could_is_overstated(variant_heads):
    h = variant_heads["firm_over_could"]
    assert h.overstated is True and "could" in h.reason


def test_a_verb_in_quote_marks_makes_the_headline_reported():
    body = "The presenter is said to be planning to leave the show, a source told the paper."
    h = claimledger.analyze(body, title="Star 'to quit show'", published="2025-05-05").headline
    assert (h.status, h.overstated) == ("reported", False)
    h = claimledger.analyze("The council ignored repeated flood warnings, an inquiry found.",
                            title="Council \u2018ignored flood warnings\u2019", published="2025-05-05").headline
    assert h.status == "reported" and h.overstated is False
    # scare quotes on a noun phrase attribute nothing
    h = claimledger.analyze("Police are searching for a man they describe as armed and dangerous.",
                            title="Police hunt 'armed and dangerous' man", published="2025-05-05").headline
    assert h.status == "asserted"


def test_a_tie_goes_to_the_claim_sharing_the_rarer_words():
    # "storm" is in two claims, "toll" (folded with "death") only in the last: it is the match
    body = ("It was claimed that the storm surge reached four metres in places.\n\n"
            "The storm brought down trees across the region.\n\n"
            "The death toll could rise further, the regional governor said.")
    h = claimledger.analyze(body, title="Storm toll rises", published="2026-01-06").headline
    assert h.overstated is True
    assert "The death toll could rise further" in h.reason and "could" in h.reason


def test_an_impersonal_is_said_to_headline_is_reported():
    body = ("The national carrier will order staff to seat unrelated men and women apart, "
            "according to a news website.\n\nThe airline did not respond to requests for comment.")
    h = claimledger.analyze(body, title="Airline is said to be planning to seat men and women apart",
                            published="2025-05-05").headline
    assert h.status == "reported" and h.overstated is False
    # a headline verb of saying with no source and no hedge stays the outlet's own claim
    h = claimledger.analyze("The minister announced a new tax on sugary drinks on Monday.",
                            title="Minister announces new tax on sugar", published="2025-05-05").headline
    assert h.overstated is False
