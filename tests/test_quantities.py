"""Quantities on news-style sentences: bounds, approximation, ranges, alternatives,
counted nouns, money and percentages, and the numbers that are not quantities."""
import pytest

from claimledger.nlp import parse
from claimledger.quantities import QuantityMention, find_quantities


def quantities(text, **kwargs):
    return find_quantities(parse(text), **kwargs)


def only(text, **kwargs):
    found = quantities(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


def test_up_to_is_a_high_bound_with_the_counted_noun():
    text = "North Korea is reportedly looking to deploy up to 10,000 troops by the end of 2024."
    q = only(text)
    assert (q.start, q.end) == (44, 63)
    assert q.text == "up to 10,000 troops"
    assert (q.low, q.high, q.approximate, q.unit) == (None, 10000, False, "troops")
    assert text[q.number_start:q.number_end] == "10,000"


def test_approximately_is_approximate_and_keeps_both_ends():
    text = "John Kirby estimated that approximately 3,000 soldiers had already been sent into eastern Russia."
    q = only(text)
    assert q.text == "approximately 3,000 soldiers"
    assert (q.low, q.high, q.approximate, q.unit) == (3000, 3000, True, "soldiers")
    assert (q.number_start, q.number_end) == (40, 45)


@pytest.mark.parametrize("text, low, high, approximate", [
    ("Officials said at least 67 people were killed in the attack.", 67, None, False),
    ("The coalition has mounted more than 130 air strikes around the town.", 130, None, False),
    ("As many as seven students became pregnant on the trip, the school said.", None, 7, False),
    ("The ministry said fewer than 50 families had returned to the village.", None, 50, False),
    ("The fire destroyed nearly 400 homes before it was contained.", None, 400, False),
    ("Police arrested some 50,000 people a year on minor charges.", 50000, 50000, True),
    ("The video has received just under 200,000 views since June.", None, 200000, False),
    ("Rescuers pulled 50 or more survivors from the rubble overnight.", 50, None, False),
])
def test_bound_and_approximation_modifiers(text, low, high, approximate):
    q = only(text)
    assert (q.low, q.high, q.approximate) == (low, high, approximate)


def test_talking_about_is_a_preposition_and_x_or_y_gives_two_alternatives():
    text = ("German Defence Minister Boris Pistorius added: \"We don't even know whether we are "
            "talking about 1,500 or 12,000, or which kind of soldiers are coming to Russia.")
    first, second = quantities(text)
    assert (first.text, second.text) == ("1,500", "12,000")
    assert (first.low, first.high, second.low, second.high) == (1500, 1500, 12000, 12000)
    assert not first.approximate and not second.approximate
    assert first.unit is None and second.unit is None
    assert first.alternatives == second.alternatives == [(1500, 1500), (12000, 12000)]


def test_an_alternative_inherits_the_unit_of_its_partner():
    first, second = quantities("Estimates put the force at 1,500 or 12,000 troops.")
    assert (first.text, first.unit) == ("1,500", "troops")
    assert (second.text, second.unit) == ("12,000 troops", "troops")


@pytest.mark.parametrize("text, expected_text, low, high, unit", [
    ("Witnesses said between 12 and 25 people were at the table.", "between 12 and 25 people", 12, 25, "people"),
    ("The straps are expected to cost $29 to $35 each.", "$29 to $35", 29, 35, "dollars"),
    ("Aid workers said 20-24 families fled the fighting.", "20-24 families", 20, 24, "families"),
    ("The bonds could be worth 2-5 million euros.", "2-5 million euros", 2_000_000, 5_000_000, "euros"),
    ("Turnout rose by 10-15% in the northern districts.", "10-15%", 10, 15, "percent"),
])
def test_ranges(text, expected_text, low, high, unit):
    q = only(text)
    assert (q.text, q.low, q.high, q.unit) == (expected_text, low, high, unit)


def test_a_change_from_x_to_y_is_two_values_sharing_the_unit():
    old, new = quantities("Unemployment rose from 5 to 10 percent over the year.")
    assert (old.text, old.low, old.unit) == ("5", 5, "percent")
    assert (new.text, new.low, new.unit) == ("10 percent", 10, "percent")
    assert old.alternatives is None


def test_a_falling_pair_is_a_score_not_a_range():
    assert quantities("The home side won 2-1 after extra time.") == []


@pytest.mark.parametrize("text, expected_text, value, unit", [
    ("The deal is worth $2.5bn, according to people familiar with it.", "$2.5bn", 2.5e9, "dollars"),
    ("The club paid £1.2bn for the stadium.", "£1.2bn", 1.2e9, "pounds"),
    ("The US offered a US$300 million reward.", "US$300 million", 3e8, "dollars"),
    ("The charity raised €1.5m in a week.", "€1.5m", 1.5e6, "euros"),
    ("Organisers expect 10k runners on Sunday.", "10k runners", 1e4, "runners"),
    ("The government said 1.5 million people had been displaced.", "1.5 million people", 1.5e6, "people"),
    ("Munster expects the Sport model to make up 55% of sales.", "55%", 55, "percent"),
    ("Inflation stood at 3 per cent in September.", "3 per cent", 3, "percent"),
    ("The dome has a 12m-wide opening at the top.", "12m-wide", 12, "m"),
    ("It plans to phase out 8 menu items next year.", "8 menu items", 8, "items"),
])
def test_money_percent_and_scales(text, expected_text, value, unit):
    q = only(text)
    assert (q.text, q.low, q.high, q.unit) == (expected_text, value, value, unit)


@pytest.mark.parametrize("text, expected_text, low, high, approximate, unit", [
    ("Three soldiers were wounded in the blast.", "Three soldiers", 3, 3, False, "soldiers"),
    ("Police detained two dozen protesters outside the embassy.", "two dozen protesters", 24, 24, False, "protesters"),
    ("A dozen cars were set alight.", "A dozen cars", 12, 12, False, "cars"),
    ("Twenty-one people were rescued from the roof.", "Twenty-one people", 21, 21, False, "people"),
    ("Hundreds of people gathered in the square.", "Hundreds of people", 100, None, True, "people"),
    ("Tens of thousands of people marched in the capital.", "Tens of thousands of people", 10000, None, True, "people"),
    ("Dozens of homes were damaged by the floods.", "Dozens of homes", 12, None, True, "homes"),
])
def test_spelled_out_and_vague_numbers(text, expected_text, low, high, approximate, unit):
    q = only(text)
    assert (q.text, q.low, q.high, q.approximate, q.unit) == (expected_text, low, high, approximate, unit)


@pytest.mark.parametrize("text", [
    "A British man, 71, dies in hospital after floods in Spain.",
    "Clinton, 35, said she would run again.",
    "The suspect, aged 29, was arrested at the airport.",
    "The war began in February 2022 and has not stopped.",
    "The invasion on 24 October surprised analysts.",
    "Back in June, the two nations signed a mutual defence agreement.",
    "Sales of the iPhone 6 slowed in China.",
    "Call the hotline on 555-123-4567 for details.",
    "One of the gunmen fled on foot.",
    "The 2022 invasion changed everything.",
    "He was treated at Guangzhou No. 8 People's Hospital.",
    "It was the first time a third party had joined the war.",
])
def test_numbers_that_are_not_quantities(text):
    assert quantities(text) == []


def test_a_definite_small_number_is_skipped_but_a_count_is_kept():
    found = quantities("The two nations agreed to send three envoys.")
    assert [q.text for q in found] == ["three envoys"]


def test_excluded_ranges_drop_their_numbers():
    text = "Officials said 40 people died. Related: 5 things to know."
    cut = text.index("Related")
    found = quantities(text, excluded=[(cut, len(text))])
    assert [q.text for q in found] == ["40 people"]


def test_a_span_gives_offsets_into_the_doc():
    doc = parse("The storm hit on Monday. It destroyed at least 300 homes in the east.")
    second = list(doc.sents)[1]
    q, = find_quantities(second)
    assert isinstance(q, QuantityMention)
    assert doc.text[q.start:q.end] == q.text == "at least 300 homes"
    assert (q.low, q.high) == (300, None)


def test_seed_article(shared):
    path = next((shared / "seed").glob("*.txt"))
    text = path.read_text(encoding="utf-8")
    found = quantities(text)
    by_text = {q.text: q for q in found}
    troops = by_text["up to 10,000 troops"]
    assert (troops.low, troops.high, troops.unit) == (None, 10000, "troops")
    soldiers = by_text["approximately 3,000 soldiers"]
    assert (soldiers.low, soldiers.high, soldiers.approximate, soldiers.unit) == (3000, 3000, True, "soldiers")
    assert {"1,500", "12,000"} <= set(by_text)
    values = {v for q in found for v in (q.low, q.high) if v is not None}
    assert not values & {71, 2022, 2024, 70}


# --- numbers across genres (issue 8), read from the record of claimledger.analyze() ------

import claimledger  # noqa: E402

GENRE_NUMBERS = (
    "Walking every day could bring up to a 40 percent drop in the risk of dementia, the study found.\n\n"
    "The takeover values the retailer at almost €8 billion.\n\n"
    "The buyer offered USD 12.75 a share in cash.\n\n"
    "Turnout reached 41.3-per cent in the capital.\n\n"
    "Shareholders will receive 0.3125 shares of the new company for each share they own.\n\n"
    "Prosecutors unsealed a 22-page indictment on Thursday.\n\n"
    "The fire spread about a quarter of a mile before crews contained it.\n\n"
    "The three were arrested on Friday.\n\n"
    "A magnitude 5.9 earthquake struck the coast at dawn.\n\n"
    "Police said they had received 999 calls about the blaze.\n\n"
    "Shares fell 0.9 per cent to $12.40.\n\n"
    "The striker will be out for six weeks, the club said.\n\n"
    "Nine people were killed when the bridge gave way during the parade, according to the fire service.")


@pytest.fixture(scope="module")
def genre_record():
    return claimledger.analyze(GENRE_NUMBERS, published="2025-05-05")


def _by_number(record, needle):
    found = [q for q in record.quantities if needle in q.text]
    assert len(found) == 1, [q.text for q in record.quantities]
    return found[0]


@pytest.mark.parametrize("needle, low, high, approximate, unit", [
    ("40 percent", None, 40, False, "percent"),          # "up to" reaches past the article "a"
    ("8 billion", None, 8_000_000_000, False, "euros"),   # "almost" stays below: a high bound
    ("12.75", 12.75, 12.75, False, "dollars"),           # a currency code NER took for a name
    ("41.3", 41.3, 41.3, False, "percent"),
    ("0.3125", 0.3125, 0.3125, False, "shares"),
    ("22-page", 22, 22, False, "page"),
    ("quarter of a mile", 0.25, 0.25, True, "mile"),
    ("5.9", 5.9, 5.9, False, "magnitude"),               # the scale, not "earthquake"
    ("0.9 per cent", 0.9, 0.9, False, "percent"),        # a change and the level reached: two values
    ("$12.40", 12.4, 12.4, False, "dollars"),
    ("six weeks", 6, 6, False, "weeks"),                 # a duration counts; a date would not
])
def test_genre_number_forms(genre_record, needle, low, high, approximate, unit):
    q = _by_number(genre_record, needle)
    assert (q.low, q.high, q.approximate, q.unit) == (low, high, approximate, unit)


def test_not_counts(genre_record):
    texts = [q.text for q in genre_record.quantities]
    assert not any(t.lower().startswith("three") for t in texts)      # "the three": a known group
    assert not any("999" in t for t in texts)                         # the number dialled


def test_a_number_is_attached_to_the_claim_that_states_it(genre_record):
    claims = {c.id: c for c in genre_record.claims}
    toll = _by_number(genre_record, "Nine people")
    owner = claims[toll.claim]
    assert "Nine people were killed" in owner.text and owner.cue == "according to"
    assert toll.id in owner.quantities
    weeks = _by_number(genre_record, "six weeks")
    assert claims[weeks.claim].cue == "said" and "six weeks" in claims[weeks.claim].text


def test_numbers_ner_took_for_dates_still_count():
    text = ("Some 120 were stranded, up from more than 400 earlier today. "
            "The number of confirmed dead in the province was 11, with 40 badly hurt. "
            "The bridge was opened in 1795.")
    doc = parse(text)
    assert {e.label_ for e in doc.ents if "400" in e.text or e.text == "11"} == {"TIME", "DATE"}   # the slips
    found = {q.text: (q.low, q.high) for q in find_quantities(doc)}
    assert found.get("more than 400") == (400, None)
    assert any(v == (11, 11) for v in found.values())
    assert not any("1795" in t for t in found)          # a year stays a time


def test_pence_glued_to_the_digits_in_a_sentence_about_money():
    q = only("A big shareholder of the retailer wants a 65p-a-share bid at a minimum.")
    assert (q.low, q.high, q.unit) == (65, 65, "pence")
    assert quantities("The new phone records 720p video at night.") == []


def test_a_number_ending_an_index_name_after_the_is_no_count():
    found = quantities("Sequentially, the Sensex 30 companies are likely to have posted a 12% rise in profit. "
                       "In Kenya 300 people were evacuated.")
    assert [(q.low, q.unit) for q in found] == [(12, "percent"), (300, "people")]
    found = quantities("Most firms in the Sensex 30 pack had a weak quarter. Profit of Sensex 30 companies fell 4%.")
    assert [(q.low, q.unit) for q in found] == [(4, "percent")]


# --- variants of the issue-8 number forms (audit): other currencies, codes glued to the
# amount, British percent shorthand, bounds, fractions of a unit and of a scale ------------

@pytest.mark.parametrize("text, expected_text, low, high, approximate, unit", [
    ("The fund is worth almost A$3 billion.", "almost A$3 billion", None, 3e9, False, "Australian dollars"),
    ("Just shy of 2,000 people signed the petition.", "Just shy of 2,000 people", None, 2000, False, "people"),
    ("The offer is worth USD12.75 per share.", "USD12.75", 12.75, 12.75, False, "dollars"),
    ("The club's debt stands at EUR1.2bn.", "EUR1.2bn", 1.2e9, 1.2e9, False, "euros"),
    ("The bid was priced at EUR 41.50 per share.", "EUR 41.50", 41.5, 41.5, False, "euros"),
    ("The yield rose 41.3 per-cent in a year.", "41.3 per-cent", 41.3, 41.3, False, "percent"),
    ("Turnout was 61.3 pc in the north.", "61.3 pc", 61.3, 61.3, False, "percent"),
    ("House prices jumped 6.5pc last year.", "6.5pc", 6.5, 6.5, False, "percent"),
    ("A magnitude-4.8 tremor was felt across the city.", "magnitude-4.8", 4.8, 4.8, False, "magnitude"),
    ("The fire burned three-quarters of a mile of forest.", "three-quarters of a mile", 0.75, 0.75, False, "mile"),
    ("A quarter of a million people fled the fighting.", "A quarter of a million people", 250000, 250000, False,
     "people"),
    ("About a quarter of a million people attended.", "About a quarter of a million people", 250000, 250000, True,
     "people"),
    ("He faces a maximum of 4 1/2 years in prison.", "a maximum of 4 1/2 years", None, 4.5, False, "years"),
    ("He faces a maximum of 4\u00bd years in prison.", "a maximum of 4\u00bd years", None, 4.5, False, "years"),
    ("If convicted, he faces up to 41/2 years in prison.", "up to 41/2 years", None, 4.5, False, "years"),
])
def test_number_form_variants(text, expected_text, low, high, approximate, unit):
    q = only(text)
    assert (q.text, q.low, q.high, q.approximate, q.unit) == (expected_text, low, high, approximate, unit)


@pytest.mark.parametrize("text", [
    "Nearly three quarters of voters backed the plan.",      # a share of a group, not 3 "quarters"
    "Two-thirds of members backed the strike.",
    "The new phone ships with 16 GB and a PC app.",
    "The vote was 2/3 in favour.",
])
def test_shares_of_a_group_are_not_counts(text):
    assert all(q.unit not in ("quarters", "thirds", "pc") for q in quantities(text))
    assert not any(q.low == 3 or q.low == 2 for q in quantities(text))


@pytest.mark.parametrize("text, value, unit", [
    ("A regional newspaper put the number of missing at 60.", 60, "missing"),
    ("Officials raised the number of confirmed cases to 120 on Monday.", 120, "cases"),
    ("The agency put the death toll at 45.", 45, "death toll"),
    ("The earthquake, measuring 6.1, toppled buildings.", 6.1, "magnitude"),
    ("The tremor measured 4.2, the geological survey said.", 4.2, "magnitude"),
])
def test_a_reported_figure_counts_what_its_frame_names(text, value, unit):
    q = only(text)
    assert (q.low, q.high, q.unit) == (value, value, unit)


def test_the_figure_it_rose_from_counts_the_same_thing():
    found = quantities("The agency put the death toll at 45, up from 30 a day earlier.")
    assert [(q.low, q.unit) for q in found] == [(45, "death toll"), (30, "death toll")]
    assert quantities("The parcel measured 40 centimetres across.")[0].unit != "magnitude"


@pytest.mark.parametrize("text, expected", [
    ("It was one of only eight cuts he made in 31 PGA Tour starts that season.",
     [("only eight cuts", 8, "cuts"), ("31 PGA Tour starts", 31, "starts")]),     # a name as a modifier
    ("Olsen tied for 12th in 2004, one of only eight cuts that he made in 31 PGA Tour starts that season.",
     [("only eight cuts", 8, "cuts"), ("31 PGA Tour starts", 31, "starts")]),     # 'starts' parsed as a verb
    ("The band considered a further 45-night tour across five venues.",
     [("45-night", 45, "night"), ("five venues", 5, "venues")]),
    ("Reviewers compared the dimensions of the iPhone 6 and 6 Plus.", []),          # a list of model labels
    ("He scored 14 goals in 20 Premier League games.", [("14 goals", 14, "goals"),
                                                        ("20 Premier League games", 20, "games")]),
])
def test_names_beside_numbers(text, expected):
    assert [(q.text, q.low, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("The company raised Rs 500 crore in the share sale.", [("Rs 500 crore", 5e9, 5e9, "rupees")]),
    ("The project will cost \u20b91,200 crore.", [("\u20b91,200 crore", 1.2e10, 1.2e10, "rupees")]),
    ("The deal is worth R$3bn, the company said.", [("R$3bn", 3e9, 3e9, "Brazilian reais")]),
    ("Oil rose $1.20 to $84.50 a barrel.", [("$1.20", 1.2, 1.2, "dollars"), ("$84.50", 84.5, 84.5, "dollars")]),
    ("Tickets cost $29 to $35 each.", [("$29 to $35", 29, 35, "dollars")]),      # no change verb: a range
    ("All three were later released.", []),                                        # a known group
])
def test_more_currencies_changes_and_groups(text, expected):
    assert [(q.text, q.low, q.high, q.unit) for q in quantities(text)] == expected


def test_a_plural_before_a_participle_read_as_a_noun_is_what_is_counted():
    # the tagger reads "training" as a noun with "soldiers" its compound
    q = only("Two Afghan soldiers training at the base in Virginia were unaccounted for, officials said.")
    assert q.unit == "soldiers" and q.low == q.high == 2
    assert only("The firm sold 8 menu items at the fair.").unit == "items"


@pytest.mark.parametrize("text, expected", [
    # NER takes a duration range for a DATE or TIME; the range counts like "two days"
    ("Flare-ups of the condition usually last between four and 10 days, doctors say.",
     [("between four and 10 days", 4, 10, "days")]),
    ("Boarding was held up by 5 to 10 minutes at the gate.", [("5 to 10 minutes", 5, 10, "minutes")]),
    ("The fever tends to last two to three weeks in adults.", [("two to three weeks", 2, 3, "weeks")]),
    ("The flooding began two to three days ago.", []),                  # a time, not a length
    ("Sales were flat in the first two to three weeks of the year.", []),   # a period of the year
])
def test_a_range_of_time_units_is_a_duration(text, expected):
    assert [(q.text, q.low, q.high, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # "a couple of" is about two, of the scale after it too: approximate, both ends kept
    ("The premium models will cost a couple of thousand dollars each.",
     [("a couple of thousand dollars", 2000, 2000, True, "dollars")]),
    ("A couple of paramedics freed the woman within minutes.",
     [("A couple of paramedics", 2, 2, True, "paramedics")]),
    ("Police kept the crowd a couple hundred yards from the gate.",
     [("a couple hundred yards", 200, 200, True, "yards")]),
    ("A couple from Leeds won the jackpot.", []),                       # a pair of people
    ("The shops reopened a couple of weeks ago.", []),                  # a time, not a length
])
def test_a_couple_of_is_about_two(text, expected):
    assert [(q.text, q.low, q.high, q.approximate, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # an emergency number after a dialling verb is the line called, not a count
    ("The frightened man called 119 from his kitchen in Busan.", []),
    ("A passer-by dialled 999 and tried to help.", []),
    ("The charity called 100 volunteers to the site.", [("100 volunteers", 100, "volunteers")]),
    ("The fire station logged 110 calls over the holiday.", [("110 calls", 110, "calls")]),
])
def test_an_emergency_number_dialled_is_no_count(text, expected):
    assert [(q.text, q.low, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # "12in" split by the tokenizer into "12" "in": inches
    ("The upcoming 12in laptop could make its debut in the spring.", [("12in", 12, "in")]),
    ("Turnout was 12 in the morning session.", []),
    # the sentence's full stop glued to a unit abbreviation is not part of the unit
    ("The new handset weighs 112g. It is also thinner.", [("112g", 112, "g")]),
    ("The new tower is 300m.", [("300m", 300, "m")]),
])
def test_unit_abbreviations_glued_to_the_digits(text, expected):
    assert [(q.text, q.low, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a US street address in police style is no count of blocks
    ("Officers were called to a shop in the 4500 block of Elm Avenue late Friday.", []),
    ("The estate has 12 blocks of flats.", [("12 blocks", 12, "blocks")]),
    # "the only one" singles a referent out; "only one" with a noun still counts
    ("Police said he was not the only one firing at the crowd.", []),
    ("Only one passenger survived the crash.", [("Only one passenger", 1, "passenger")]),
])
def test_street_blocks_and_the_only_one_are_no_counts(text, expected):
    assert [(q.text, q.low, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a bound before "a"/"an" and a time unit: one unit, bounded, a duration
    ("The minister has not been seen in public for almost a month.", [("almost a month", None, 1, "month")]),
    ("The siege of the town has lasted more than a year.", [("more than a year", 1, None, "year")]),
    ("Firefighters reached the farm in under an hour.", [("under an hour", None, 1, "hour")]),
    ("The bridge was built more than a century ago.", []),             # a time, not a length
    ("The talks lasted a month.", []),                                  # no bound: an article
])
def test_a_bounded_single_time_unit_is_a_duration(text, expected):
    assert [(q.text, q.low, q.high, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a vague plural after "the" gives an order of size, not a known group
    ("The number of volunteers, already in the thousands, keeps growing.", [("thousands", 1000, None, True)]),
    ("Officials fear the death toll will run into the hundreds.", [("hundreds", 100, None, True)]),
    ("The three were later released.", []),                             # a known group
])
def test_a_vague_plural_after_the_is_an_order_of_size(text, expected):
    assert [(q.text, q.low, q.high, q.approximate) for q in quantities(text)] == expected


def test_a_toll_of_n_counts_what_the_toll_counts():
    q = only("The blunder is thought to have added to the high death toll of 23.")
    assert (q.low, q.high, q.unit) == (23, 23, "death toll")


@pytest.mark.parametrize("text, expected", [
    # a product name with a lower-case model word, then its number, is a label
    ("The new tablet dwarfs the 7.9-inch iPad mini 3.", [("7.9-inch", 7.9, "inch")]),
    ("Sales of the iPad mini 3 were weak over the holidays.", []),
    ("Police arrested Smith and 3 others.", [("3 others", 3, "others")]),
])
def test_a_model_number_after_a_lower_case_model_word_is_a_label(text, expected):
    assert [(q.text, q.low, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # one time unit with an approximation or a bound counts as a duration, however written
    ("The jet sat on the tarmac in Cancun for approximately one hour.", [("approximately one hour", 1, 1, True, "hour")]),
    ("The ferry finally left at 9:15 p.m., about an hour late.", [("about an hour", 1, 1, True, "hour")]),
    ("One day he simply walked out of the office.", []),
    ("She talked about a year of hard work on the farm.", []),           # "about" a topic
])
def test_an_approximate_single_time_unit_is_a_duration(text, expected):
    assert [(q.text, q.low, q.high, q.approximate, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a scale suffix with the sentence's full stop glued on ("5K.") is still read
    ("She told officers the bracelet was valued at $5K. It was never found.", [("$5K", 5000, "dollars")]),
    ("The festival raised $20K.", [("$20K", 20000, "dollars")]),
])
def test_a_scale_suffix_with_a_glued_full_stop(text, expected):
    assert [(q.text, q.low, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a singular proper noun right after the number names a model, not what is counted
    ("The larger handset is outselling the 6 Plus in Asia.", []),
    ("The ceremony drew 300 Britons and 20 Americans.", [("300 Britons", 300, "Britons"),
                                                         ("20 Americans", 20, "Americans")]),
    ("The bank hired 40 Wall Street analysts.", [("40 Wall Street analysts", 40, "analysts")]),
])
def test_a_singular_name_after_a_number_is_a_model(text, expected):
    assert [(q.text, q.low, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # "18k gold" is the fineness of the gold in karats, not 18,000
    ("The jeweller keeps its 18k gold watches in a safe overnight.", [("18k", 18, "k")]),
    ("She wore an 18K white gold ring to the hearing.", [("18K", 18, "K")]),
    ("The half marathon drew 18k runners.", [("18k runners", 18000, "runners")]),
])
def test_karats_of_gold_are_not_thousands(text, expected):
    assert [(q.text, q.low, q.unit) for q in quantities(text)] == expected


@pytest.mark.parametrize("text, expected", [
    # a proportion of a group is a share, like "three quarters of voters": no count
    ("Seven out of 10 women in the city say they have been harassed.", []),
    ("One in five adults in the region still smokes.", []),
    ("Police arrested 5 in 10 minutes.", [("5", 5, None), ("10 minutes", 10, "minutes")]),
])
def test_a_proportion_of_a_group_is_no_count(text, expected):
    assert [(q.text, q.low, q.unit) for q in quantities(text)] == expected
