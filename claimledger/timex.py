"""Time expressions: when a claim says something happened, resolved to calendar dates.

Method (DESIGN.md "Time"): spaCy ``DATE`` entities (and ``TIME`` entities that name a
day: "last night", "Friday morning") are the candidates, never raw sentences. Each
one's text is widened to its governing preposition ("on Wednesday", "Back in June",
"by the end of 2024") and to an approximator of an "ago" phrase ("over 70 years
ago"), then resolved against the publication date:

1. our own patterns first (fast, and they keep the granularity): weekdays, months,
   days of a month, years, decades, quarters, seasons, holidays, "last/this/next
   week|month|year", "N units ago", "the past N units", parts of a period ("early",
   "mid", "late", "the first half of", "the end of"), and prepositions that open a
   range ("since February 2022" keeps the start, "by the end of 2024" the end);
   month ranges ("Jan-Mar", also found in the tokens when NER misses them) and a day of
   a month with a relative year ("8 March this year");
2. dateparser 1.5.0 (``DateDataParser`` with ``RELATIVE_BASE`` = publication,
   ``PREFER_DATES_FROM`` past or future, ``RETURN_TIME_AS_PERIOD``) for other written
   dates, its ``period`` turned into a whole day, week, month or year.

Conventions, each a decision:

* past-tense news looks back: a weekday is the most recent one on or before
  publication (a wire story says "on Wednesday" for the day it is filed on), a month
  after the publication month is last year's, a day of a month without a year the
  most recent one (one up to three weeks ahead is the coming one, unless a simple-past
  verb governs it: "On October 5, she blew herself up"); a governing verb with "will"/"shall"/"going to"
  or a modal with a plain infinitive ("may announce in November") looks forward, and so
  does a plain infinitive under a present-tense frame ("is unlikely to play Sunday",
  "are expected to vote on Friday", "plans to fly on Monday");
* a month is its whole range, a year, quarter, half, decade and season too; "early /
  mid / late" a month are days 1-10 / 11-20 / 21-end, of a year Jan-Apr / May-Aug /
  Sep-Dec; "first half of October" is 1-15, the second half 16-end;
* "last week" is the previous Monday to Sunday; "the past week" the seven days
  before publication; "this week" the Monday to Sunday around publication;
* "N units ago" is the unit's period N units back ("70 years ago" -> that whole year);
  "over / more than N years ago" keeps only the end, "less than" only the start;
* "since X" runs from X's start to publication (end None without a publication date);
  "by / until X" has no start and X's end; "before X" ends the day before X, "after
  X" starts the day after;
* seasons are meteorological, northern hemisphere (summer = June-August);
* with no publication date, relative expressions keep their text and granularity
  with null dates, absolute ones ("June 2024", "2024") still resolve;
* not times, skipped by ``find_times`` (``resolve`` gives granularity "duration"):
  durations ("for three years", "just one day", "a year's worth"), frequencies
  ("every week", "annual"), ages ("31-year-old") and times anchored in the story
  rather than the publication ("the same day", "a year later", "the next day");
  vague ones ("recent weeks", "years ago", "the past few days") are kept with
  granularity "unknown" and null dates;
* a month or season word that is a surname ("Theresa May", "Quinton Winter", and a later
  bare "May told MPs" in the same article) is the person, not a time.

Granularities: day | week | month | quarter | half | year | decade | range | unknown
(a weekend, a season, a third of a period, a century or an open range is "range").
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Optional, Union

from spacy.tokens import Doc, Span, Token

from claimledger.quantities import read_lexicon
from claimledger.nlp import text_of


@dataclass
class TimeMention:
    start: int
    end: int
    text: str
    date_start: Optional[str]
    date_end: Optional[str]
    granularity: str


@dataclass(frozen=True)
class _Period:
    """A resolved time: first and last day (either may be open) and its granularity."""
    start: Optional[dt.date]
    end: Optional[dt.date]
    granularity: str


_DURATION = _Period(None, None, "duration")


# ---------------------------------------------------------------- lexicons

@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    return {row[0]: int(row[1]) for row in read_lexicon("time_months.txt")}


@lru_cache(maxsize=1)
def _weekdays() -> dict[str, int]:
    return {row[0]: int(row[1]) for row in read_lexicon("time_weekdays.txt")}


@lru_cache(maxsize=1)
def _holidays() -> dict[str, str]:
    return {row[0]: row[1] for row in read_lexicon("time_holidays.txt")}


@lru_cache(maxsize=1)
def _time_words() -> dict[str, dict[str, str]]:
    """class -> {word: value} from time_words.txt."""
    classes: dict[str, dict[str, str]] = {}
    for word, cls, value in read_lexicon("time_words.txt"):
        classes.setdefault(cls, {})[word] = value
    return classes


@lru_cache(maxsize=1)
def _small_numbers() -> dict[str, float]:
    """Spelled-out numbers up to ninety, from the quantities lexicon."""
    words = {row[0]: float(row[1]) for row in read_lexicon("quantity_number_words.txt") if row[2] == "unit"}
    words.update({"a": 1.0, "an": 1.0, "one": 1.0, "a couple of": 2.0, "couple of": 2.0})
    return words


def _alternation(words) -> str:
    """A regex alternation, longest first, dots escaped."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, str]:
    """Regex pieces built from the lexicons."""
    units = _time_words()["unit"]
    return {
        "month": _alternation(_months()),
        "weekday": _alternation(_weekdays()),
        "season": _alternation(_time_words()["season"]),
        "holiday": _alternation(_holidays()),
        "unit": _alternation(units),
        "number": r"\d+|" + _alternation(_small_numbers()) + r"|[a-z]+-[a-z]+",
    }


# ---------------------------------------------------------------- calendar helpers

def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_period(year: int, month: int) -> _Period:
    return _Period(dt.date(year, month, 1), _month_end(year, month), "month")


def _year_period(year: int) -> _Period:
    return _Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def _week_period(day: dt.date) -> _Period:
    """The Monday-to-Sunday week that holds ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return _Period(monday, monday + dt.timedelta(days=6), "week")


def _day_period(day: dt.date) -> _Period:
    return _Period(day, day, "day")


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _shift(day: dt.date, unit: str, n: int) -> dt.date:
    """``day`` moved by ``n`` calendar units (negative: back)."""
    if unit == "day":
        return day + dt.timedelta(days=n)
    if unit in ("week", "weekend"):
        return day + dt.timedelta(weeks=n)
    if unit == "fortnight":
        return day + dt.timedelta(weeks=2 * n)
    if unit == "month":
        return _add_months(day, n)
    if unit == "quarter":
        return _add_months(day, 3 * n)
    if unit == "year":
        return _add_months(day, 12 * n)
    if unit == "decade":
        return _add_months(day, 120 * n)
    if unit == "century":
        return _add_months(day, 1200 * n)
    raise ValueError(unit)


def _unit_period(day: dt.date, unit: str) -> _Period:
    """The calendar unit (week, month, quarter, year, decade) that holds ``day``."""
    if unit == "day":
        return _day_period(day)
    if unit in ("week", "fortnight"):
        return _week_period(day)
    if unit == "month":
        return _month_period(day.year, day.month)
    if unit == "quarter":
        return _quarter_period(day.year, (day.month - 1) // 3 + 1)
    if unit == "year":
        return _year_period(day.year)
    if unit == "decade":
        return _decade_period(day.year - day.year % 10)
    if unit == "century":
        first = day.year - day.year % 100
        return _Period(dt.date(first, 1, 1), dt.date(first + 99, 12, 31), "range")
    if unit == "weekend":
        return _weekend_of_week(day)
    raise ValueError(unit)


def _quarter_period(year: int, quarter: int) -> _Period:
    first = 3 * (quarter - 1) + 1
    return _Period(dt.date(year, first, 1), _month_end(year, first + 2), "quarter")


def _decade_period(first_year: int) -> _Period:
    return _Period(dt.date(first_year, 1, 1), dt.date(first_year + 9, 12, 31), "decade")


def _weekend_of_week(day: dt.date) -> _Period:
    """Saturday and Sunday of the Monday-to-Sunday week that holds ``day``."""
    saturday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=5)
    return _Period(saturday, saturday + dt.timedelta(days=1), "range")


def _unit_name(word: str) -> Optional[str]:
    """"weeks" -> "week" (granularity of a unit word), None if not a unit."""
    return _time_words()["unit"].get(word)


def _number_value(word: str) -> Optional[float]:
    """"3", "three", "a", "twenty-one" -> value."""
    if word.isdigit():
        return float(word)
    if word in _small_numbers():
        return _small_numbers()[word]
    if "-" in word:
        parts = [_small_numbers().get(p) for p in word.split("-")]
        if all(p is not None for p in parts):
            return float(sum(parts))
    return None


# ---------------------------------------------------------------- context

@dataclass(frozen=True)
class _Context:
    published: Optional[dt.date]
    future: bool = False
    past: bool = False          # a simple-past verb governs it: no near-future reading


# ---------------------------------------------------------------- normalisation

_TRAILING = re.compile(r"(?:[\s,;:]+|\s+(?:or|and|to)\s*|'s?)$")


def _normalise(text: str) -> str:
    """Lower case, ASCII quotes and dashes, single spaces, no trailing punctuation or
    dangling "or"/"and" (NER slips such as "late november or")."""
    text = text.translate(str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"}))
    text = re.sub(r"\s+", " ", text.strip().lower())
    previous = None
    while previous != text:
        previous, text = text, _TRAILING.sub("", text)
    return text.strip()


def _split_preposition(text: str) -> tuple[str, str]:
    """("by", "the end of 2024") from "by the end of 2024"; ("", text) without one."""
    for prep in sorted(_time_words()["prep"], key=len, reverse=True):
        if prep in _time_words()["approx"] and text.endswith(" ago"):
            continue            # "over 70 years ago": an approximator, not a preposition
        if text.startswith(prep + " "):
            return prep, text[len(prep) + 1:]
    return "", text


# ---------------------------------------------------------------- resolution

def resolve(text: str, published: Optional[dt.date], *, future: bool = False,
            past: bool = False) -> tuple[Optional[str], Optional[str], str]:
    """Resolve a time expression to (ISO start, ISO end, granularity) against the
    publication date (method: see module docstring). Not-a-time expressions give
    granularity "duration", unreadable ones "unknown", both with null dates.  ``past``:
    a simple-past verb governs it, so a day of a month a few days ahead is last year's."""
    period = _resolve_cached(_normalise(text), _as_date(published), future, past and not future)
    if period is None:
        return None, None, "unknown"
    return _iso(period.start), _iso(period.end), period.granularity


def _as_date(value: Optional[Union[dt.date, dt.datetime]]) -> Optional[dt.date]:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _iso(day: Optional[dt.date]) -> Optional[str]:
    return day.isoformat() if day else None


@lru_cache(maxsize=8192)
def _resolve_cached(text: str, published: Optional[dt.date], future: bool, past: bool = False) -> Optional[_Period]:
    """Cached by (normalised text, publication date, tense)."""
    return _resolve_with_preposition(text, _Context(published, future, past))


def _resolve_with_preposition(text: str, ctx: _Context) -> Optional[_Period]:
    """A leading preposition that opens a range wraps the inner resolution."""
    span = _match_between(text, ctx)
    if span is not None:
        return span
    prep, rest = _split_preposition(text)
    if not prep:
        return _resolve_expression(text, ctx)
    inner = _resolve_expression(rest, ctx)
    if inner is None or inner.granularity in ("duration", "unknown"):
        return inner
    mode = _time_words()["prep"][prep]
    if mode == "point":
        return inner
    if prep == "before":
        end = inner.start - dt.timedelta(days=1) if inner.start else None
        return _Period(None, end, "range")
    if prep == "after":
        start = inner.end + dt.timedelta(days=1) if inner.end else None
        return _Period(start, None, "range")
    if mode == "until":
        return _Period(None, inner.end, "range")
    # since / from: open to publication
    end = ctx.published if prep == "since" and ctx.published and inner.start and inner.start <= ctx.published else None
    return _Period(inner.start, end, "range")


def _match_between(text: str, ctx: _Context) -> Optional[_Period]:
    """"between Feb. 9 and 16", "from 2011 to 2013", "between 1652 and 1855": the start
    of the first to the end of the second; a bare day number borrows the first's month."""
    m = re.fullmatch(r"(?:between|from) (.+?) (?:and|to|until|through|-) (.+)", text)
    if not m:
        return None
    first = _resolve_expression(m.group(1), ctx)
    if first is None or first.granularity in ("duration", "unknown"):
        return None
    if first.start is None:
        return _Period(None, None, "range")     # relative, and no publication date
    second_text = m.group(2)
    day = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", second_text)
    if day and first.granularity == "day":
        second = _safe_day(first.start.year, first.start.month, int(day.group(1)))
    else:
        second = _resolve_expression(second_text, ctx)
    if second is None or second.end is None or second.end < first.start:
        return None
    return _Period(first.start, second.end, "range")


def _resolve_expression(text: str, ctx: _Context) -> Optional[_Period]:
    """Our patterns, in order, then dateparser; a duration when ``text`` names no point
    in time; None when it is not a time at all."""
    text = _strip_approximator(text.strip())
    had_the = text.startswith("the ")
    core = text[4:] if had_the else text
    for matcher in _MATCHERS:
        result = matcher(core, had_the, ctx)
        if result is not None:
            return result
    if _is_not_a_time(core):
        return _DURATION
    return _dateparser_fallback(core, ctx)


def _strip_approximator(text: str) -> str:
    """"around February 9th" and "just last year" name the date itself; "ago" phrases
    keep their approximator (it changes the range)."""
    if text.endswith(" ago"):
        return text
    for word in sorted(_time_words()["approx"], key=len, reverse=True):
        if _time_words()["approx"][word] == "approx" and text.startswith(word + " "):
            return text[len(word) + 1:]
    return text


def _is_not_a_time(text: str) -> bool:
    """Frequencies, ages, durations and story-anchored times (lexicon class not_a_time),
    hyphenated adjectives ("six-month"), and bare counts of units ("three days")."""
    words = re.findall(r"[a-z']+", text)
    not_a_time = _time_words()["not_a_time"]
    if any(w in not_a_time for w in words):
        return True
    if re.search(r"\w-(?:%s)\b" % _patterns()["unit"], text):
        return True
    quantifier = r"(?:(?:about|around|nearly|almost|roughly|some|just|only|over|more than|less than|under|at least|at most|up to) )?"
    count = r"(?:%s|several|a few|few|many|some|the|these|a couple of)" % _patterns()["number"]
    return bool(re.fullmatch(r"%s(?:%s )?(?:%s)(?: and a half)?" % (quantifier, count, _patterns()["unit"]), text))


# -- structural matchers: they resolve an inner expression recursively

def _match_part(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """"early October", "mid-2023", "late last month", "the first half of October",
    "the end of 2024", "the beginning of next year"."""
    m = re.fullmatch(r"(early|mid|late)[- ](.+)", text) \
        or re.fullmatch(r"(beginning|start|middle|end|first half|second half) of (.+)", text)
    if not m:
        return None
    word, inner_text = m.group(1), m.group(2)
    inner = _resolve_inner(inner_text, ctx)
    if inner is None or inner.granularity in ("duration", "unknown"):
        return inner
    if inner.granularity == "day":
        return inner            # "late Friday" is Friday
    if inner.start is None or inner.end is None:
        return _Period(None, None, "half" if "half" in word else "range")
    lo, hi = (_fraction(x) for x in _time_words()["part"][word].split("-"))
    return _part_of(inner, lo, hi, "half" if "half" in word else "range")


def _resolve_inner(text: str, ctx: _Context) -> Optional[_Period]:
    """An inner period; "the year" / "the month" / "the week" mean the current one."""
    m = re.fullmatch(r"(?:the |this )?(year|month|week)", text)
    if m:
        if ctx.published is None:
            return _Period(None, None, m.group(1))
        return _unit_period(ctx.published, m.group(1))
    return _resolve_expression(text, ctx)


def _fraction(text: str) -> float:
    if "/" in text:
        num, den = text.split("/")
        return int(num) / int(den)
    return float(text)


def _part_of(period: _Period, lo: float, hi: float, granularity: str) -> _Period:
    """A part of a period: by days for a month (1-10 / 11-20 / 21-end; halves 1-15 /
    16-end), by whole months for longer periods, by years for decades."""
    start, end = period.start, period.end
    if period.granularity == "month":
        last = end.day
        first_day = {0.0: 1, 1 / 3: 11, 0.5: 16, 2 / 3: 21}.get(lo, 1)
        last_day = {1 / 3: 10, 0.5: 15, 2 / 3: 20, 1.0: last}.get(hi, last)
        return _Period(start.replace(day=first_day), start.replace(day=last_day), granularity)
    if period.granularity == "decade" or (end.year - start.year) >= 9:
        years = end.year - start.year + 1
        first, last = round(years * lo), round(years * hi) - 1
        return _Period(dt.date(start.year + first, 1, 1), dt.date(start.year + last, 12, 31), granularity)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months >= 2:
        first, last = round(months * lo), round(months * hi) - 1
        first_day = _add_months(start.replace(day=1), first)
        last_month = _add_months(start.replace(day=1), last)
        return _Period(first_day, _month_end(last_month.year, last_month.month), granularity)
    days = (end - start).days + 1
    first, last = round(days * lo), round(days * hi) - 1
    return _Period(start + dt.timedelta(days=first), start + dt.timedelta(days=max(first, last)), granularity)


def _match_earlier_later(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """"earlier this week" (week start to publication), "later this year" (publication
    to year end), "earlier in the month"."""
    m = re.fullmatch(r"(earlier|later) (?:this|in the) (week|month|year)", text)
    if not m:
        return None
    if ctx.published is None:
        return _Period(None, None, "range")
    whole = _unit_period(ctx.published, m.group(2))
    if m.group(1) == "earlier":
        return _Period(whole.start, ctx.published, "range")
    return _Period(ctx.published, whole.end, "range")


def _match_quarter(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """"the first quarter", "the third quarter of 2024", "Q3 2024", "2024 Q3"."""
    ordinals = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
                "final": 4, "last": 4}
    m = re.fullmatch(r"(first|1st|second|2nd|third|3rd|fourth|4th|final) quarter(?: of (?:the year|(\d{4}))|,? (\d{4}))?", text)
    if m:
        quarter, year = ordinals[m.group(1)], m.group(2) or m.group(3)
    else:
        m = re.fullmatch(r"q([1-4])(?:,? (\d{4}))?", text) or re.fullmatch(r"(\d{4}) q([1-4])", text)
        if not m:
            return None
        if text.startswith("q"):
            quarter, year = int(m.group(1)), m.group(2)
        else:
            year, quarter = m.group(1), int(m.group(2))
    if year:
        return _quarter_period(int(year), quarter)
    if ctx.published is None:
        return _Period(None, None, "quarter")
    current = (ctx.published.month - 1) // 3 + 1
    year_now = ctx.published.year
    if ctx.future:
        return _quarter_period(year_now if quarter >= current else year_now + 1, quarter)
    return _quarter_period(year_now if quarter <= current else year_now - 1, quarter)


# -- simple matchers

def _match_today(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """today / tonight / this morning / yesterday / last night / tomorrow."""
    m = re.fullmatch(r"(today|tonight|now|this (?:morning|afternoon|evening)|(yesterday|last night)"
                     r"(?: (?:morning|afternoon|evening))?|(tomorrow)(?: (?:morning|afternoon|evening|night))?)", text)
    if not m:
        return None
    if ctx.published is None:
        return _Period(None, None, "day")
    offset = -1 if m.group(2) else (1 if m.group(3) else 0)
    return _day_period(ctx.published + dt.timedelta(days=offset))


def _match_weekday(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """"Wednesday", "late Friday", "last Thursday", "next Tuesday", "Friday night"."""
    p = _patterns()
    m = re.fullmatch(r"(?:(early|late|later|last|this|next|this past|this coming|past|coming) )?(%s),?"
                     r"(?: (?:morning|afternoon|evening|night))?" % p["weekday"], text)
    if not m:
        return None
    if ctx.published is None:
        return _Period(None, None, "day")
    target = _weekdays()[m.group(2)]
    base = ctx.published
    modifier = m.group(1) or ""
    back = (base.weekday() - target) % 7
    ahead = (target - base.weekday()) % 7
    if modifier in ("last", "this past", "past"):
        return _day_period(base - dt.timedelta(days=back or 7))
    if modifier in ("next", "this coming", "coming"):
        return _day_period(base + dt.timedelta(days=ahead or 7))
    if modifier == "this":
        return _day_period(base - dt.timedelta(days=base.weekday()) + dt.timedelta(days=target))
    if ctx.future:
        return _day_period(base + dt.timedelta(days=ahead or 7))
    return _day_period(base - dt.timedelta(days=back))


def _match_relative_unit(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """"last week", "this month", "next year", "last weekend", "the weekend", and the
    rolling "the past week" / "the last year" (the span before publication)."""
    m = re.fullmatch(r"(?:(this|last|next|past|coming|this past|this coming) )?"
                     r"(week|month|year|weekend|quarter|decade|century|fortnight)", text)
    if not m or (m.group(1) is None and not (had_the and m.group(2) == "weekend")):
        return None
    modifier, unit = m.group(1), m.group(2)
    if had_the and modifier == "next":
        return None             # "the next year": counted from the story, not from publication
    rolling = modifier == "past" or (had_the and modifier == "last")
    granularity = "range" if rolling or unit in ("weekend", "century", "fortnight") else unit
    if ctx.published is None:
        return _Period(None, None, granularity)
    base = ctx.published
    if rolling:
        return _Period(_shift(base, unit if unit != "weekend" else "week", -1), base, "range")
    if unit == "weekend":
        return _weekend(modifier, base, ctx.future)
    step = {"last": -1, "this past": -1, "next": 1, "coming": 1, "this coming": 1}.get(modifier, 0)
    return _unit_period(_shift(base, unit, step), unit)


def _weekend(modifier: Optional[str], base: dt.date, future: bool) -> _Period:
    """The weekend meant: "this weekend" is the current week's, "last weekend" the latest
    finished one, "next weekend" next week's, "the weekend" the latest (or the coming one
    in future-tense text)."""
    current = _weekend_of_week(base)
    if modifier == "this":
        return current
    if modifier in ("next", "coming", "this coming"):
        return _weekend_of_week(base + dt.timedelta(weeks=1))
    if modifier in ("last", "this past"):
        return current if current.end < base else _weekend_of_week(base - dt.timedelta(weeks=1))
    if future:
        return current if current.end >= base else _weekend_of_week(base + dt.timedelta(weeks=1))
    return current if current.start <= base else _weekend_of_week(base - dt.timedelta(weeks=1))


def _match_ago(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """"two days ago", "70 years ago", "over 70 years ago", "a year ago"; "years ago"
    and "a few weeks ago" are vague (unknown)."""
    p = _patterns()
    m = re.fullmatch(r"(?:(%s) )?(?:(%s|a few|several|many|a couple of|some) )?(%s) ago"
                     % (_alternation(_time_words()["approx"]), p["number"], p["unit"]), text)
    if not m:
        return None
    approx, count, unit_word = m.group(1), m.group(2), m.group(3)
    unit = _unit_name(unit_word)
    value = _number_value(count) if count else None
    if value is None or not float(value).is_integer() or unit in ("hour", "minute", "night", "season"):
        return _Period(None, None, "unknown")
    granularity = {"fortnight": "week", "century": "range", "weekend": "range"}.get(unit, unit)
    mode = _time_words()["approx"].get(approx or "", "approx")
    if ctx.published is None:
        return _Period(None, None, granularity if mode == "approx" else "range")
    then = _unit_period(_shift(ctx.published, unit, -int(value)), unit)
    if mode == "before":
        return _Period(None, then.end, "range")
    if mode == "after":
        return _Period(then.start, ctx.published, "range")
    return _Period(then.start, then.end, granularity)


def _match_rolling_count(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """"the past two weeks", "the last 3 days", "the next three years" (from or to
    publication); "the past few days", "recent weeks", "the coming months" are vague."""
    p = _patterns()
    m = re.fullmatch(r"(past|last|next|coming|recent|previous) (?:(%s|few|several|many|couple of) )?(%s)"
                     % (p["number"], p["unit"]), text)
    if not m or m.group(1) == "previous":
        return None
    direction, count, unit_word = m.group(1), m.group(2), m.group(3)
    unit = _unit_name(unit_word)
    if direction in ("last", "next") and count is None:
        return None             # "last week", "next year": calendar units, elsewhere
    value = _number_value(count) if count else None
    if value is None or direction == "recent" or unit in ("hour", "minute", "night", "season", "weekend"):
        return _Period(None, None, "unknown")
    if ctx.published is None:
        return _Period(None, None, "range")
    sign = 1 if direction in ("next", "coming") else -1
    other = _shift(ctx.published, unit, sign * int(value))
    return _Period(min(other, ctx.published), max(other, ctx.published), "range")


def _match_decade(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """"the 1990s", "the '90s", "the 90s", "the 1600s" (a century), "the 20th century"."""
    m = re.fullmatch(r"(\d{2})(\d)0s", text)
    if m:
        first = int(m.group(1) + m.group(2) + "0")
        if first % 100 == 0 and int(m.group(1)) < 19:
            return _Period(dt.date(first, 1, 1), dt.date(first + 99, 12, 31), "range")
        return _decade_period(first)
    m = re.fullmatch(r"'?(\d)0s", text)
    if m:
        reference = (ctx.published or dt.date.today()).year
        first = 2000 + int(m.group(1)) * 10
        return _decade_period(first if first <= reference else first - 100)
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th) century", text)
    if m:
        first = (int(m.group(1)) - 1) * 100
        return _Period(dt.date(max(first, 1), 1, 1), dt.date(first + 99, 12, 31), "range")
    return None


def _match_year(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """"2024", "the year 2014", "198 AD", "2011-12" (a season across two years)."""
    m = re.fullmatch(r"(?:year )?(\d{4})", text)
    if m and 1000 <= int(m.group(1)) <= 2199:
        return _year_period(int(m.group(1)))
    m = re.fullmatch(r"(\d{1,4}) (?:ad|ce)", text)
    if m and int(m.group(1)) >= 1:
        return _year_period(int(m.group(1)))
    m = re.fullmatch(r"(\d{4}) ?- ?(\d{4})", text)
    if m and 1000 <= int(m.group(1)) < int(m.group(2)) <= 2199:
        return _Period(dt.date(int(m.group(1)), 1, 1), dt.date(int(m.group(2)), 12, 31), "range")
    m = re.fullmatch(r"(\d{4})[-/](\d{2})(?: season)?", text)
    if m:
        first, second = int(m.group(1)), int(m.group(2))
        if second == (first + 1) % 100:
            return _Period(dt.date(first, 1, 1), dt.date(first + 1, 12, 31), "range")
    return None


def _match_month(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """"June", "June 2024", "june, 2014", "december of 2013", "last September",
    "this June", "next March"."""
    p = _patterns()
    m = re.fullmatch(r"(?:(last|this|next|this past|this coming) )?(%s)(?:,? (?:of )?(\d{4}))?" % p["month"], text)
    relative_year = re.fullmatch(r"(%s),? (?:of )?(last|this|next) year" % p["month"], text)
    if relative_year:
        if ctx.published is None:
            return _Period(None, None, "month")
        step = {"last": -1, "this": 0, "next": 1}[relative_year.group(2)]
        return _month_period(ctx.published.year + step, _months()[relative_year.group(1)])
    if not m:
        return None
    modifier, month, year = m.group(1), _months()[m.group(2)], m.group(3)
    if year:
        return _month_period(int(year), month)
    if ctx.published is None:
        return _Period(None, None, "month")
    now = ctx.published
    if modifier in ("last", "this past"):
        return _month_period(now.year if month < now.month else now.year - 1, month)
    if modifier in ("next", "this coming"):
        return _month_period(now.year if month > now.month else now.year + 1, month)
    if modifier == "this":
        return _month_period(now.year, month)
    if ctx.future:
        return _month_period(now.year if month >= now.month else now.year + 1, month)
    return _month_period(now.year if month <= now.month else now.year - 1, month)


def _match_month_range(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """"Jan-Mar", "April-June 2023", "October–December": the start of the first month to
    the end of the second (business prose names quarters this way); the pair is read as one
    month expression, so the year follows the second month's conventions."""
    p = _patterns()
    m = re.fullmatch(r"(%s)\.? ?[-–/] ?(%s)\.?(,? (?:of )?\d{4})?" % (p["month"], p["month"]), text)
    if not m:
        return None
    second = _match_month(m.group(2) + (m.group(3) or ""), False, ctx)
    if second is None or second.start is None:
        return second
    first_month = _months()[m.group(1)]
    year = second.start.year if first_month <= second.start.month else second.start.year - 1
    return _Period(dt.date(year, first_month, 1), second.end, "range")


def _match_day_of_month(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """"October 23, 2024", "Wednesday, Oct. 22, 2014", "23 October", "the 23rd of
    October", "Oct. 20" (most recent in past-tense text), ISO "2024-10-23"."""
    p = _patterns()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return _safe_day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    modifier = re.match(r"(last|this|next) ", text)
    if modifier:
        text = text[len(modifier.group(0)):]
        ctx = _Context(ctx.published, future=modifier.group(1) == "next" or (ctx.future and modifier.group(1) == "this"))
    weekday = r"(?:(?:%s),? )?" % p["weekday"]
    text = re.sub(r" (?:morning|afternoon|evening|night)$", "", text)    # "February 19, 2024 morning"
    relative_year = re.search(r",? (?:of )?(last|this|next) year$", text)   # "8 March this year"
    if relative_year:
        if ctx.published is None:
            return _Period(None, None, "day") if _match_day_of_month(text[:relative_year.start()], had_the, ctx) else None
        text = text[:relative_year.start()] + " %d" % (
            ctx.published.year + {"last": -1, "this": 0, "next": 1}[relative_year.group(1)])
    m = re.fullmatch(r"%s(%s) (\d{1,2})(?:st|nd|rd|th)?(?:,? (\d{4}))?" % (weekday, p["month"]), text)
    if m:
        month, day, year = _months()[m.group(1)], int(m.group(2)), m.group(3)
    else:
        m = re.fullmatch(r"%s(\d{1,2})(?:st|nd|rd|th)? (?:of )?(%s),?(?: (\d{4}))?" % (weekday, p["month"]), text)
        if not m:
            return None
        day, month, year = int(m.group(1)), _months()[m.group(2)], m.group(3)
    if year:
        return _safe_day(int(year), month, day)
    if ctx.published is None or day > 31:
        return _Period(None, None, "day")
    now = ctx.published
    this_year = _safe_day(now.year, month, day)
    if this_year is None or this_year.start is None:
        return this_year
    if ctx.future:
        return this_year if this_year.start >= now else _safe_day(now.year + 1, month, day)
    # a date a few weeks ahead with no year is an upcoming one ("unlikely to play on
    # November 20" in a piece of 5 November), not a date eleven months ago
    if not ctx.past and now < this_year.start <= now + dt.timedelta(days=NEAR_FUTURE_DAYS):
        return this_year
    return this_year if this_year.start <= now else _safe_day(now.year - 1, month, day)


NEAR_FUTURE_DAYS = 21


def _safe_day(year: int, month: int, day: int) -> Optional[_Period]:
    try:
        return _day_period(dt.date(year, month, day))
    except ValueError:
        return None


def _match_season(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """"summer", "last summer", "this coming spring", "summer 2014", "the summer of 2014"
    (meteorological seasons, northern hemisphere)."""
    p = _patterns()
    m = re.fullmatch(r"(?:(last|this|next|this past|this coming|coming|past) )?(%s)(?:(?: of)? (\d{4}))?" % p["season"], text)
    if not m:
        return None
    modifier, name, year = m.group(1), m.group(2), m.group(3)
    first, last = (int(x) for x in _time_words()["season"][name].split("-"))
    if year:
        return _season(int(year), first, last)
    if ctx.published is None:
        return _Period(None, None, "range")
    now = ctx.published
    candidates = [_season(y, first, last) for y in (now.year - 2, now.year - 1, now.year, now.year + 1)]
    if modifier in ("last", "this past", "past"):
        return [c for c in candidates if c.end < now][-1]
    if modifier in ("next", "this coming", "coming") or (ctx.future and modifier is None):
        upcoming = [c for c in candidates if c.start > now or (modifier is None and c.end >= now)]
        return upcoming[0]
    if modifier == "this":
        return [c for c in candidates if c.start.year == now.year][0]
    return [c for c in candidates if c.start <= now][-1]


def _season(year: int, first: int, last: int) -> _Period:
    """The season starting in ``year`` (winter runs into the next year)."""
    end_year = year + 1 if last < first else year
    return _Period(dt.date(year, first, 1), _month_end(end_year, last), "range")


def _match_holiday(text: str, had_the: bool, ctx: _Context) -> Optional[_Period]:
    """"Christmas", "Christmas Day 2014", "last Thanksgiving"."""
    p = _patterns()
    m = re.fullmatch(r"(?:(last|this|next) )?(%s)(?:,? (\d{4}))?" % p["holiday"], text)
    if not m:
        return None
    modifier, name, year = m.group(1), m.group(2), m.group(3)
    rule = _holidays()[name]
    if year:
        return _day_period(_holiday_date(rule, int(year)))
    if ctx.published is None:
        return _Period(None, None, "day")
    now = ctx.published
    dates = [_holiday_date(rule, y) for y in (now.year - 1, now.year, now.year + 1)]
    if modifier == "last":
        return _day_period([d for d in dates if d < now][-1])
    if modifier == "next" or ctx.future:
        return _day_period([d for d in dates if d > now or (modifier is None and d == now)][0])
    if modifier == "this":
        return _day_period(dates[1])
    return _day_period([d for d in dates if d <= now][-1])


def _holiday_date(rule: str, year: int) -> dt.date:
    """A holiday rule ("12-25", "4 3 11" = fourth Thursday of November, "-1 0 05" =
    last Monday of May) in a given year."""
    if "-" in rule and " " not in rule:
        month, day = rule.split("-")
        return dt.date(year, int(month), int(day))
    nth, weekday, month = (int(x) for x in rule.split())
    days = [dt.date(year, month, d) for d in range(1, calendar.monthrange(year, month)[1] + 1)
            if dt.date(year, month, d).weekday() == weekday]
    return days[nth - 1] if nth > 0 else days[nth]


# ---------------------------------------------------------------- dateparser

_FALLBACK_TRIGGER = re.compile(r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b")


def _dateparser_fallback(text: str, ctx: _Context) -> Optional[_Period]:
    """dateparser for written dates our patterns do not know; only tried when the text
    names a month or a weekday, or looks like 10/23/2024 (dateparser reads almost
    anything as a date otherwise: "3, 2013" becomes March)."""
    words = set(re.findall(r"[a-z]+\.?", text))
    if not (_FALLBACK_TRIGGER.search(text) or words & set(_months()) or words & set(_weekdays())):
        return None
    if ctx.published is None and not re.search(r"\b\d{4}\b", text):
        return _Period(None, None, "unknown")
    parser = _date_parser(ctx.published or dt.date(2000, 1, 1), ctx.future)
    try:
        data = parser.get_date_data(text)
    except (ValueError, OverflowError, TypeError):
        return None
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    period = data.period
    if period == "day":
        return _day_period(day)
    if period == "week":
        return _week_period(day)
    if period == "month":
        return _month_period(day.year, day.month)
    if period == "year":
        return _year_period(day.year)
    return None


@lru_cache(maxsize=64)
def _date_parser(base: dt.date, future: bool):
    """One DateDataParser per (publication date, tense): English only, UTC."""
    from dateparser.date import DateDataParser      # slow import: only when needed
    settings = {
        "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
        "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_TIME_AS_PERIOD": True,
        "TIMEZONE": "UTC",
        "TO_TIMEZONE": "UTC",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return DateDataParser(languages=["en"], settings=settings)


# Every matcher is a full match of a closed pattern, so they all run before the
# not-a-time check (which would read "the weekend" or "later this year" as a count or
# an anaphor).
_MATCHERS: list[Callable[[str, bool, _Context], Optional[_Period]]] = [
    _match_part, _match_earlier_later, _match_quarter, _match_relative_unit,
    _match_today, _match_weekday, _match_ago, _match_rolling_count,
    _match_decade, _match_year, _match_month, _match_month_range, _match_day_of_month,
    _match_season, _match_holiday,
]


# ---------------------------------------------------------------- finding times in a parse

_DAY_WORDS = re.compile(r"\b(?:today|tonight|yesterday|tomorrow|last night|this (?:morning|afternoon|evening))\b", re.I)


def find_times(doc_or_span: Union[Doc, Span], published: Optional[dt.date]) -> list[TimeMention]:
    """Every time expression in ``doc_or_span`` that points at a date or a period,
    resolved against ``published`` (method: see module docstring), in text order."""
    published = _as_date(published)
    mentions = []
    surnames = _calendar_surnames(doc_or_span)
    for ent in doc_or_span.ents:
        if not _is_candidate(ent) or _is_calendar_name(ent, surnames) or _is_greeting(ent):
            continue
        mention = _mention_for(ent, published)
        if mention is not None:
            mentions.append(mention)
    return _with_month_ranges(doc_or_span, mentions, published)


def _calendar_word(tok: Token) -> bool:
    """A capitalised month or season word standing alone ("May", "Winter"), which is
    also a surname ("Theresa May", "Quinton Winter")."""
    word = tok.lower_
    return tok.text[:1].isupper() and tok.text.isalpha() and (word in _months() or word in _time_words()["season"])


def _after_a_given_name(tok: Token) -> bool:
    """The word right before ``tok`` is a capitalised proper noun that is no time word
    ("Theresa May", "Prime Minister May", "Quinton Winter"; not "Friday May", "Easter")."""
    if tok.i == 0 or tok.i == tok.sent.start:
        return False
    prev = tok.doc[tok.i - 1]
    word = prev.lower_.rstrip(".")
    return prev.pos_ == "PROPN" and prev.text[:1].isupper() and prev.text.isalpha() and prev.whitespace_ != "" \
        and word not in _months() and word not in _weekdays() and word not in _time_words()["season"] \
        and word not in _holidays() and not any(word in h.split() for h in _holidays())


@lru_cache(maxsize=1)
def _calendar_word_regex() -> re.Pattern:
    """Capitalised month and season words in running text (a cheap first pass: most
    articles name none, and reading every token costs more than the rest of the stage)."""
    words = list(_months()) + list(_time_words()["season"])
    return re.compile(r"\b(?:" + "|".join(re.escape(w.capitalize()) + "|" + re.escape(w.upper())
                                          for w in sorted(words, key=len, reverse=True)) + r")\b")


@lru_cache(maxsize=1)
def _month_range_regex() -> re.Pattern:
    """"Jan-Mar", "January \u2013 March": two month words around a dash (a first pass)."""
    month = _alternation(_months())
    return re.compile(r"(?i)\b(?:" + month + r")\.?\s?[-\u2013]\s?(?:" + month + r")\b")


def _calendar_surnames(doc_or_span: Union[Doc, Span]) -> frozenset[str]:
    """Month and season words the article writes as a surname, after a given name or a
    title ("Theresa May", "Quinton Winter"): a later bare "May" or "Winter" is the person."""
    doc = doc_or_span if isinstance(doc_or_span, Doc) else doc_or_span.doc
    offset = 0 if isinstance(doc_or_span, Doc) else doc_or_span.start_char
    found = set()
    for m in _calendar_word_regex().finditer(doc_or_span.text):
        span = doc.char_span(offset + m.start(), offset + m.end())
        if span is not None and len(span) == 1 and _calendar_word(span[0]) and _after_a_given_name(span[0]):
            found.add(span[0].text)
    return frozenset(found)


def _is_calendar_name(ent: Span, surnames: frozenset[str]) -> bool:
    """A one-word month or season entity that is a person's name (method: the word
    follows a given name or title here, or the article uses it as a surname and here
    no preposition, determiner or modifier governs it: "May told reporters", "Winter
    explained"; "in May", "last winter", "early May" stay times)."""
    words = [t for t in ent if not (t.is_punct or t.is_space)]
    if len(words) != 1 or not _calendar_word(words[0]):
        return False
    tok = words[0]
    if _after_a_given_name(tok):
        return True
    if tok.text not in surnames:
        return False
    prev = tok.doc[tok.i - 1] if tok.i > 0 and tok.i != tok.sent.start else None
    return prev is None or prev.pos_ not in ("ADP", "DET", "ADJ", "ADV", "NUM", "PROPN") \
        and prev.lower_ not in _time_words().get("prep", {})


def _with_month_ranges(doc_or_span: Union[Doc, Span], mentions: list[TimeMention],
                       published: Optional[dt.date]) -> list[TimeMention]:
    """Month ranges NER does not tag ("In Jan-Mar, profit rose"): month, dash, month
    tokens, resolved by ``_match_month_range``; they replace a mention they overlap
    (NER's "-Mar")."""
    months = _months()
    if not _month_range_regex().search(doc_or_span.text):
        return mentions  # no "Month-Month" anywhere: no token to walk
    tokens = list(doc_or_span)
    for k in range(len(tokens) - 2):
        first, dash, second = tokens[k], tokens[k + 1], tokens[k + 2]
        if dash.text not in ("-", "\u2013") or first.lower_.rstrip(".") not in months \
                or second.lower_.rstrip(".") not in months or not first.text[:1].isupper():
            continue
        start, end = first.idx, second.idx + len(second.text)
        text = text_of(first.doc)[start:end]
        date_start, date_end, granularity = resolve(text, published)
        if granularity != "range":
            continue
        mentions = [m for m in mentions if m.end <= start or m.start >= end]
        mentions.append(TimeMention(start=start, end=end, text=text, date_start=date_start,
                                    date_end=date_end, granularity=granularity))
    return sorted(mentions, key=lambda m: m.start)


def _is_candidate(ent: Span) -> bool:
    """DATE entities, and TIME entities that name a day ("last night", "Friday morning")."""
    if ent.label_ == "DATE":
        return True
    if ent.label_ == "TIME":
        weekdays = _weekdays()
        return bool(_DAY_WORDS.search(ent.text)) or any(t.lower_ in weekdays for t in ent)
    return False


def _mention_for(ent: Span, published: Optional[dt.date]) -> Optional[TimeMention]:
    """Widen the entity to its preposition and approximator, resolve it, and keep it
    if it is a time."""
    doc = ent.doc
    first, last = _trimmed_bounds(ent)
    if first is None:
        return None
    core_text = text_of(doc)[doc[first].idx:doc[last].idx + len(doc[last].text)]
    start_tok = _widen_left(doc, first, core_text)
    start, end = doc[start_tok].idx, doc[last].idx + len(doc[last].text)
    text = text_of(doc)[start:end]
    future = _is_future(ent)
    past = not future and _is_simple_past(ent)
    date_start, date_end, granularity = resolve(text, published, future=future, past=past)
    if granularity == "duration" or (granularity == "unknown" and not _is_vague_time(core_text)):
        suffix = _resolvable_suffix(doc, first, last, published, future)
        if suffix is None:
            return None
        start, text, (date_start, date_end, granularity) = suffix
        end = start + len(text)
    return TimeMention(start=start, end=end, text=text, date_start=date_start, date_end=date_end,
                       granularity=granularity)


def _resolvable_suffix(doc: Doc, first: int, last: int, published: Optional[dt.date], future: bool):
    """NER sometimes glues words before a time ("a fifth last year"): the longest
    resolvable tail, unless the words cut off make it something else ("a century ago
    this summer", "the first day of spring")."""
    not_a_time = _time_words()["not_a_time"]
    for cut in range(first + 1, last + 1):
        dropped = doc[cut - 1].lower_
        if dropped in not_a_time or dropped in ("ago", "the") or _unit_name(dropped):
            return None         # "the next year" is anaphoric, "next year" is not
        if cut == last and re.fullmatch(r"\d+", doc[last].text) and _is_name_word(doc[cut - 1]):
            return None         # "Flight 1140", "Windows 2000": a name ending in a number
        start = doc[cut].idx
        text = text_of(doc)[start:doc[last].idx + len(doc[last].text)]
        resolved = resolve(text, published, future=future)
        if resolved[2] not in ("duration", "unknown"):
            return start, text, resolved
    return None


def _is_name_word(tok: Token) -> bool:
    """A capitalised word that is no calendar word (month, weekday, season, holiday):
    before a bare number it makes a name or a label ("Flight 1140"), not a date."""
    word = tok.lower_.rstrip(".")
    return tok.text[:1].isupper() and tok.text.rstrip(".").isalpha() and word not in _months() \
        and word not in _weekdays() and word not in _time_words()["season"] \
        and not any(word in h.split() for h in _holidays())


def _is_greeting(ent: Span) -> bool:
    """A holiday in a greeting ("wished him a merry Christmas", "Happy Easter"): a
    wish, not a date (time_words.txt "greeting")."""
    words = [t for t in ent if not (t.is_punct or t.is_space)]
    if not words:
        return False
    first = words[0]
    if first.lower_ in _time_words().get("greeting", {}):
        return True
    k = first.i - 1
    while k >= 0 and first.doc[k].is_punct and first.doc[k].text in ("\u201c", "\"", "'", "\u2018"):
        k -= 1
    return k >= 0 and first.doc[k].lower_ in _time_words().get("greeting", {})


def _trimmed_bounds(ent: Span) -> tuple[Optional[int], Optional[int]]:
    """First and last token of the entity without spaces, punctuation and a dangling
    "or"/"and" at either end."""
    first, last = ent.start, ent.end - 1
    while first <= last and (ent.doc[first].is_space or ent.doc[first].is_punct):
        first += 1
    while last >= first and (ent.doc[last].is_space or ent.doc[last].is_punct
                             or ent.doc[last].lower_ in ("or", "and", "to")):
        if ent.doc[last].text == "." and last > first and ent.doc[last - 1].lower_ in _months():
            break
        last -= 1
    if first > last:
        return None, None
    return first, last


def _widen_left(doc: Doc, first: int, core_text: str) -> int:
    """Take in an approximator before an "ago" phrase ("over 70 years ago") and a
    governing preposition ("on", "by", "during", "back in")."""
    i = first
    lowered = core_text.lower()
    i = _take_month_before(doc, i)
    if lowered.endswith(" ago"):
        for phrase in sorted(_time_words()["approx"], key=len, reverse=True):
            words = phrase.split()
            if i - len(words) >= 0 and [t.lower_ for t in doc[i - len(words):i]] == words \
                    and not lowered.startswith(tuple(w + " " for w in _time_words()["approx"])):
                i -= len(words)
                break
    for phrase in sorted(_time_words()["prep"], key=len, reverse=True):
        words = phrase.split()
        if i - len(words) >= 0 and [t.lower_ for t in doc[i - len(words):i]] == words:
            if words[0] == "over" and lowered.endswith(" ago"):
                continue
            if doc[i - 1].sent.start != doc[i].sent.start:
                continue
            return i - len(words)
    return i


def _take_month_before(doc: Doc, i: int) -> int:
    """NER sometimes leaves the month out ("NOV. [17, 2014]", "NOV. 23, [2014]"): take
    it back in."""
    if i >= 3 and re.fullmatch(r"\d{4}", doc[i].text) and doc[i - 1].text == "," \
            and re.fullmatch(r"\d{1,2}", doc[i - 2].text) and not doc[i - 2].ent_type_:
        widened = _take_month_before(doc, i - 2)
        if widened != i - 2:
            return widened
    if i >= 1 and doc[i].lower_.rstrip(".") in _months() and re.fullmatch(r"\d{1,2}", doc[i - 1].text) \
            and not doc[i - 1].ent_type_:
        return i - 1        # "8 [March this year]": NER left the day out
    if i >= 2 and doc[i].text in ("-", "–") and doc[i - 1].lower_.rstrip(".") in _months() \
            and not doc[i - 1].ent_type_:
        return i - 1        # "Jan[-Mar]": the first month of a range
    if i >= 1 and doc[i].text[:1].isdigit():
        k = i - 1
        if doc[k].text == "." and k >= 1:
            k -= 1
        if doc[k].lower_.rstrip(".") in _months() and doc[k].text[:1].isupper() \
                and not doc[k].ent_type_:
            return k
    return i


def _is_vague_time(text: str) -> bool:
    """Vague but real times kept with null dates: "recent weeks", "years ago",
    "the past few days", "the coming months"."""
    lowered = text.lower()
    return bool(re.search(r"\b(?:recent|ago|past few|last few|past several|coming)\b", lowered))


def _is_simple_past(ent: Span) -> bool:
    """The entity hangs straight on a verb in the simple past, active or passive ("On
    October 5, she blew herself up", "was injured on Nov. 8", "had left on May 3"):
    what it dates has happened.  Scheduling verbs ("announced a strike on October 5",
    time_words.txt "prospective") keep the near-future reading."""
    root = ent.root
    verb = root.head
    if root.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif root.dep_ not in ("npadvmod", "nmod", "tmod"):
        return False
    if verb.pos_ == "NOUN" and verb.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass"):
        # "injured in a raid on Oct. 8", "a raid on Oct. 8 killed ...": the event noun's verb
        verb = verb.head.head if verb.dep_ == "pobj" and verb.head.dep_ == "prep" else verb.head
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() in _time_words().get("prospective", {}):
        return False
    if verb.tag_ == "VBD":
        return True
    if verb.tag_ == "VBN":
        return any(c.dep_ == "auxpass" and c.tag_ == "VBD" or c.dep_ == "aux" and c.lower_ == "had"
                   for c in verb.children)
    return False


def _is_future(ent: Span) -> bool:
    """The entity's governing verb is future ("will", "shall", "'ll", "going to") or
    the text says "next" / "coming" / "tomorrow"."""
    lowered = ent.text.lower()
    if re.search(r"\b(?:next|coming|tomorrow|upcoming)\b", lowered):
        return True
    verb = _governing_verb(ent.root)
    if verb is None:
        return False
    for child in verb.children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in ("will", "'ll", "shall", "wo"):
            return True
    if verb.dep_ == "xcomp" and verb.tag_ in ("VB", "VBG") and any(
            c.dep_ in ("aux", "auxpass") and c.lower_ in ("will", "'ll", "shall", "wo") for c in verb.head.children):
        return True     # "will begin shipping in March", "will try to launch in May": the frame's future
    if _modal_prospect(verb) or (verb.dep_ == "xcomp" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
                                 and _modal_prospect(verb.head)):
        return True
    if any(c.dep_ == "acomp" and any(g.dep_ == "xcomp" and _prospective_infinitive(g) for g in c.children)
           for c in verb.children):
        return True     # "The shipment for the first quarter is likely to be ...": the frame looks forward
    head = verb.head
    if verb.dep_ == "xcomp" and head.lower_ == "going" and any(c.lower_ in ("is", "are", "am", "'s", "'re")
                                                               for c in head.children):
        return True
    return _prospective_infinitive(verb)


PRESENT = {"VBZ", "VBP"}
PROSPECT_MODALS = ("may", "might", "should", "must")


def _modal_prospect(verb: Token) -> bool:
    """A modal with a plain infinitive looks forward ("may announce results in November",
    "should expect to see it in April"); not a perfect ("may have been injured in March").
    "could" is left out: as often the past of "can" ("In a statement Saturday, the
    Foreign Office could neither confirm nor deny ...")."""
    if verb.tag_ != "VB":
        return False
    return any(c.dep_ == "aux" and c.lower_ in PROSPECT_MODALS for c in verb.children)


def _prospective_infinitive(verb: Token) -> bool:
    """A plain infinitive under a present-tense frame looks forward: "is unlikely to play
    Sunday", "are expected to vote on Friday", "plans to fly on Monday". Not a perfect
    infinitive ("is said to have played Sunday") nor a past frame ("was scheduled to have
    an MRI Thursday")."""
    if verb.tag_ != "VB" or verb.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    frame = verb.head
    if frame.tag_ in PRESENT:
        return True                     # "plans to fly"
    if frame.tag_ in {"JJ", "VBN"}:
        # "is unlikely to", "are expected to": the copula or passive auxiliary is present
        auxes = [c for c in frame.children if c.dep_ in {"aux", "auxpass", "cop"}]
        if frame.dep_ == "acomp":
            auxes.append(frame.head)
        return any(a.tag_ in PRESENT for a in auxes)
    return False


def _governing_verb(token: Token) -> Optional[Token]:
    """The nearest verb or auxiliary above ``token`` in the parse."""
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head is current:
            return None
        current = current.head
    return None
