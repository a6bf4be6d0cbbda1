"""Time expressions on news-style sentences, resolved against a publication date:
weekdays, months, parts of months, relative weeks, open ranges, decades, "ago",
future tense, no publication date, and the durations that are not times."""
import datetime as dt

import pytest

from claimledger.nlp import parse
from claimledger.timex import TimeMention, find_times, resolve

PUBLISHED = dt.date(2024, 10, 24)       # a Thursday


def times(text, published=PUBLISHED):
    return find_times(parse(text), published)


def only(text, published=PUBLISHED):
    found = times(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, expected_text, start, end, granularity", [
    ("While US Defence Secretary Lloyd Austin confirmed on Wednesday that troops had arrived, others doubted it.",
     "on Wednesday", "2024-10-23", "2024-10-23", "day"),
    ("Back in June, the two nations signed a mutual defence agreement.",
     "Back in June", "2024-06-01", "2024-06-30", "month"),
    ("Kirby estimated that 3,000 soldiers had been sent into eastern Russia during the first half of October.",
     "during the first half of October", "2024-10-01", "2024-10-15", "half"),
    ("Lukashenko last week dismissed claims that troops had been sent into the region.",
     "last week", "2024-10-14", "2024-10-20", "week"),
    ("North Korea is reportedly looking to deploy up to 10,000 troops by the end of 2024.",
     "by the end of 2024", None, "2024-12-31", "range"),
    ("The war has displaced millions since February 2022, the agency said.",
     "since February 2022", "2022-02-01", "2024-10-24", "range"),
    ("It would be the first such deployment since the war began in February 2022.",
     "in February 2022", "2022-02-01", "2022-02-28", "month"),
    ("The factory was closed in December after a fire.",
     "in December", "2023-12-01", "2023-12-31", "month"),
    ("The ministry said yesterday that talks had stalled.",
     "yesterday", "2024-10-23", "2024-10-23", "day"),
    ("The bridge reopened two days ago after repairs.",
     "two days ago", "2024-10-22", "2024-10-22", "day"),
    ("Prices fell sharply last month, the statistics office said.",
     "last month", "2024-09-01", "2024-09-30", "month"),
    ("Exports rose by a fifth last year.",
     "last year", "2023-01-01", "2023-12-31", "year"),
    ("The company reported the breach on October 23, 2024, in a filing.",
     "on October 23, 2024", "2024-10-23", "2024-10-23", "day"),
    ("The band formed in the 1990s in Manchester.",
     "in the 1990s", "1990-01-01", "1999-12-31", "decade"),
    ("Protests began in late September and spread quickly.",
     "in late September", "2024-09-21", "2024-09-30", "range"),
    ("Fighting intensified in the second half of July, residents said.",
     "in the second half of July", "2024-07-16", "2024-07-31", "half"),
    ("The minister met his counterpart earlier this week.",
     "earlier this week", "2024-10-21", "2024-10-24", "range"),
])
def test_past_tense_news(text, expected_text, start, end, granularity):
    t = only(text)
    assert t.text == expected_text
    assert (t.date_start, t.date_end, t.granularity) == (start, end, granularity)


def test_offsets_point_into_the_text():
    text = "Back in June, the two nations signed a mutual defence agreement."
    t = only(text)
    assert isinstance(t, TimeMention)
    assert (t.start, t.end) == (0, 12)
    assert text[t.start:t.end] == t.text


def test_over_n_years_ago_keeps_only_an_end():
    text = ("The last time regular troops fought was during the Korean War over 70 years ago, "
            "intelligence officials said.")
    t = only(text)
    assert t.text == "over 70 years ago"
    assert (t.date_start, t.date_end, t.granularity) == (None, "1954-12-31", "range")


def test_future_tense_looks_forward():
    found = times("The envoys will meet again on Monday and the treaty will be signed in March.")
    assert [(t.text, t.date_start, t.date_end) for t in found] == [
        ("on Monday", "2024-10-28", "2024-10-28"),
        ("in March", "2025-03-01", "2025-03-31"),
    ]


def test_an_infinitive_under_a_present_frame_looks_forward():
    found = times("The striker was scheduled to have a scan on Tuesday and is unlikely to play on Sunday.")
    assert [(t.text, t.date_start) for t in found] == [("on Tuesday", "2024-10-22"), ("on Sunday", "2024-10-27")]
    assert only("The senators are expected to vote on Monday.").date_start == "2024-10-28"
    assert only("She plans to fly to Paris on Monday.").date_start == "2024-10-28"
    assert only("He is said to have played on Sunday.").date_start == "2024-10-20"
    assert only("The minister was due to speak on Monday.").date_start == "2024-10-21"


def test_without_a_publication_date_relative_times_keep_their_text():
    found = times("Officials said on Wednesday that the deal, signed in June 2024, had collapsed last week.",
                  published=None)
    got = [(t.text, t.date_start, t.date_end, t.granularity) for t in found]
    assert got == [
        ("on Wednesday", None, None, "day"),
        ("in June 2024", "2024-06-01", "2024-06-30", "month"),
        ("last week", None, None, "week"),
    ]


@pytest.mark.parametrize("text", [
    "A British man, 71, dies in hospital after a year's worth of rain falls in just one day in Spain.",
    "The 31-year-old was detained for three years without trial.",
    "The ferry runs every week during the summer season's peak, and the annual festival draws crowds.",
    "He died a year later, the same day his brother was released.",
])
def test_durations_ages_and_story_anchored_times_are_not_times(text):
    assert times(text) == []


@pytest.mark.parametrize("expression, start, end, granularity", [
    ("Wednesday", "2024-10-23", "2024-10-23", "day"),
    ("Thursday", "2024-10-24", "2024-10-24", "day"),     # the publication day itself
    ("last Thursday", "2024-10-17", "2024-10-17", "day"),
    ("this week", "2024-10-21", "2024-10-27", "week"),
    ("the past week", "2024-10-17", "2024-10-24", "range"),
    ("the weekend", "2024-10-19", "2024-10-20", "range"),
    ("early October", "2024-10-01", "2024-10-10", "range"),
    ("mid-October", "2024-10-11", "2024-10-20", "range"),
    ("late October", "2024-10-21", "2024-10-31", "range"),
    ("early 2015", "2015-01-01", "2015-04-30", "range"),
    ("the first quarter", "2024-01-01", "2024-03-31", "quarter"),
    ("Q3 2023", "2023-07-01", "2023-09-30", "quarter"),
    ("23 Oct", "2024-10-23", "2024-10-23", "day"),
    ("Nov. 5", "2024-11-05", "2024-11-05", "day"),           # 12 days ahead: the coming one
    ("on October 21, 2024 morning", "2024-10-21", "2024-10-21", "day"),
    ("Dec. 5", "2023-12-05", "2023-12-05", "day"),           # six weeks ahead: last year's
    ("Wednesday, Oct. 22, 2014", "2014-10-22", "2014-10-22", "day"),
    ("2024-10-01", "2024-10-01", "2024-10-01", "day"),
    ("2024", "2024-01-01", "2024-12-31", "year"),
    ("the late '70s", "1977-01-01", "1979-12-31", "range"),
    ("about 10 years ago", "2014-01-01", "2014-12-31", "year"),
    ("the past two years", "2022-10-24", "2024-10-24", "range"),
    ("later this year", "2024-10-24", "2024-12-31", "range"),
    ("last summer", "2024-06-01", "2024-08-31", "range"),
    ("Christmas Day", "2023-12-25", "2023-12-25", "day"),
    ("before June 2024", None, "2024-05-31", "range"),
    ("recent weeks", None, None, "unknown"),
    ("three days", None, None, "duration"),
])
def test_resolve(expression, start, end, granularity):
    assert resolve(expression, PUBLISHED) == (start, end, granularity)


def test_resolve_without_publication_date():
    assert resolve("June 2024", None) == ("2024-06-01", "2024-06-30", "month")
    assert resolve("2024", None) == ("2024-01-01", "2024-12-31", "year")
    assert resolve("June", None) == (None, None, "month")
    assert resolve("two days ago", None) == (None, None, "day")


def test_resolve_accepts_a_datetime_and_the_future_flag():
    published = dt.datetime(2024, 10, 24, 18, 30)
    assert resolve("on Monday", published) == ("2024-10-21", "2024-10-21", "day")
    assert resolve("on Monday", published, future=True) == ("2024-10-28", "2024-10-28", "day")


def test_written_dates_fall_back_to_dateparser():
    assert resolve("10/23/2024", PUBLISHED) == ("2024-10-23", "2024-10-23", "day")


def test_seed_article(shared):
    path = next((shared / "seed").glob("*.txt"))
    found = times(path.read_text(encoding="utf-8"))
    by_text = {t.text: (t.date_start, t.date_end) for t in found}
    assert by_text["on Wednesday"] == ("2024-10-23", "2024-10-23")
    assert by_text["Back in June"] == ("2024-06-01", "2024-06-30")
    assert by_text["during the first half of October"] == ("2024-10-01", "2024-10-15")
    assert by_text["last week"] == ("2024-10-14", "2024-10-20")
    assert by_text["by the end of 2024"] == (None, "2024-12-31")
    assert not any("day" == t.text.split()[-1] and "one" in t.text for t in found)   # "just one day"


def test_a_month_left_out_of_the_entity_is_taken_back():
    text = "Europe Bankrolls Qaeda Terror NOV. 23, 2014 Junko Ishido, the mother of the journalist, said."
    t = only(text)
    assert t.text == "NOV. 23, 2014"
    assert (t.date_start, t.date_end, t.granularity) == ("2014-11-23", "2014-11-23", "day")


@pytest.mark.parametrize("expression, start, end", [
    ("Jan-Mar", "2024-01-01", "2024-03-31"),             # a quarter named by its months
    ("April-June 2023", "2023-04-01", "2023-06-30"),
    ("Nov-Feb", "2023-11-01", "2024-02-29"),             # a range across the new year
    ("8 March this year", "2024-03-08", "2024-03-08"),   # a day of a month with a relative year
    ("Oct. 3 last year", "2023-10-03", "2023-10-03"),
])
def test_month_ranges_and_relative_years(expression, start, end):
    assert resolve(expression, dt.date(2024, 4, 10))[:2] == (start, end)


def test_a_month_range_ner_misses_is_found():
    t = only("In Jan-Mar, the net profit of the listed firms is likely to have risen by 8%.",
             dt.date(2023, 4, 10))
    assert (t.text, t.date_start, t.date_end) == ("Jan-Mar", "2023-01-01", "2023-03-31")


def test_a_day_left_out_of_the_entity_is_taken_back():
    t = only("The thefts allegedly took place in the weeks leading up to 8 March this year.",
             dt.date(2018, 4, 12))
    assert (t.text, t.date_start, t.date_end) == ("8 March this year", "2018-03-08", "2018-03-08")


def test_a_coordinated_clause_shares_the_time_of_its_first_conjunct():
    import claimledger
    record = claimledger.analyze(
        "In Chile on Monday, at least 12 people were killed and 10 others were missing after "
        "heavy rain hit the south of the country.", published="2009-08-12")
    missing = next(c for c in record.claims if c.text.startswith("10 others"))
    assert missing.time is not None and missing.time.start == "2009-08-10"


def test_a_cue_in_a_when_clause_takes_the_time_of_its_main_clause():
    import claimledger
    record = claimledger.analyze(
        "The row began on Monday when the minister said the plan was dead.", published="2018-12-14")
    plan = next(c for c in record.claims if "plan was dead" in c.text)
    assert plan.time is not None and plan.time.start == "2018-12-10"


@pytest.mark.parametrize("text, expected", [
    # a month or season word written as a surname is the person, not a time
    ("Former prime minister Theresa May said the plan had failed. May told MPs it was doomed.", []),
    ("The photographer Dennis Winter was on the beach. Winter explained that he saw it move.", []),
    # the same article still dates with the month where a preposition governs it
    ("Theresa May resigned in May after the vote.",
     [("in May", "2024-05-01", "2024-05-31")]),
])
def test_a_month_or_season_word_that_is_a_surname_is_no_time(text, expected):
    assert [(m.text, m.date_start, m.date_end) for m in times(text)] == expected


@pytest.mark.parametrize("text, start", [
    # a simple past governs the date: it has happened, so a day a few days ahead is last year's
    ("On November 2, a gunman opened fire at the crowded market.", "2023-11-02"),
    ("The commander was wounded in an air strike on Nov. 3, the newspaper reported.", "2023-11-03"),
    # a scheduling verb or a future keeps the coming date
    ("Unions announced a strike on November 2.", "2024-11-02"),
    ("The final will be played on November 2.", "2024-11-02"),
])
def test_a_date_under_a_simple_past_verb_looks_back(text, start):
    assert only(text).date_start == start


@pytest.mark.parametrize("text, expected", [
    # a name ending in a number that NER took for a date is no year
    ("The passenger was waiting to board Delta Flight 1140 to Atlanta.", []),
    # a holiday in a greeting is a wish, not a date
    ("The gate agent wished every passenger a merry Christmas.", []),
    ("Staff will work on Christmas Day, the airline said.", [("on Christmas Day", "2024-12-25")]),
    ("The airport opened in 2013.", [("in 2013", "2013-01-01")]),
])
def test_flight_numbers_and_greetings_are_no_times(text, expected):
    assert [(m.text, m.date_start) for m in times(text)] == expected


@pytest.mark.parametrize("text, start", [
    # a modal with a plain infinitive looks forward
    ("The carmaker may announce its results in December.", "2024-12-01"),
    ("Analysts say shoppers should expect to see the handset in stores in March.", "2025-03-01"),
    # a perfect or a negated "could" looks back
    ("The striker may have been injured in March.", "2024-03-01"),
    ("He could not attend the hearing in March.", "2024-03-01"),
    ("In a statement on Saturday, the ministry could neither confirm nor deny the reports.", "2024-10-19"),
])
def test_a_modal_with_a_plain_infinitive_looks_forward(text, start):
    assert only(text).date_start == start


@pytest.mark.parametrize("text, start", [
    # a future frame carries over to the verb it takes ("will begin shipping in March")
    ("The carmaker will begin shipping the new model in March.", "2025-03-01"),
    ("The firm will try to launch the handset in March.", "2025-03-01"),
    ("He said he stopped drinking in March.", "2024-03-01"),
])
def test_a_future_frame_carries_to_the_verb_it_takes(text, start):
    assert only(text).date_start == start


@pytest.mark.parametrize("text, start", [
    # the time hangs on the subject of "is likely to": the frame looks forward
    ("Handset shipments for the first quarter are likely to exceed 60 million units.", "2025-01-01"),
    ("Sales in March were likely to have risen.", "2024-03-01"),
])
def test_a_time_on_the_subject_of_is_likely_to_looks_forward(text, start):
    assert only(text).date_start == start
