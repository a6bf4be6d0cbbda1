"""Quantities: the numbers an article states, with their bounds and the thing counted.

Method (DESIGN.md "Quantities"): a left-to-right scan over the tokens of a parsed
``Doc`` (or ``Span``) reads *number phrases* from their surface ("3,000", "1.5 million",
"$2.5bn", "two dozen", "hundreds of thousands"), then looks around each phrase:

* before it, bound and approximation modifiers from ``quantity_modifiers.txt``
  ("up to" -> high bound, "at least" -> low bound, "approximately" -> approximate);
* after it, ranges ("2 to 5", "2-5", "between 2 and 5") and alternatives ("1,500 or
  12,000": two mentions that list each other in ``alternatives``);
* the counted thing: a currency sign or word, "percent", the noun the number modifies
  (the ``nummod`` head as written, "troops"), or the noun after "of" ("thousands of
  people"); a bare number coordinated with a counted one inherits its unit.

spaCy's entities filter rather than find: a number inside a ``DATE``, ``TIME`` or
``ORDINAL`` entity, or inside a name (``ORG``, ``PRODUCT``, ``FAC`` ...), is not a quantity.
Other exclusions, each a small rule below: four-digit years 1800-2100 with no plural
counted noun ("the 2022 invasion"; "2000 people" counts), day numbers beside a month
name, ages ("a British man, 71,", "aged 71", "71-year-old"), phone numbers, labels and
ranks ("iPhone 6", "No. 1", "F-35"), scores and votes (a falling "2-1"), list markers,
a bare "one" (usually an article or a pronoun: "one official said", "one of the";
"at least one" and "only one" count), small spelled-out numbers (up to two) right after
"the"/"these"/"those" ("the two nations" refers to a known group, it does not count),
and numbers in ``excluded`` ranges.

Conventions: vague plurals ("dozens", "hundreds", "thousands of people", "several
hundred") are approximate lower bounds of one unit of their scale ("hundreds" -> low
100, high None; "tens of thousands" -> low 10,000); "nearly" and "almost" say the value
stays below the number: high bounds, not approximations ("almost €8 billion" -> high 8e9);
"a couple of" is about two, approximate ("a couple of thousand dollars" -> 2,000; not "a
couple from Leeds");
a modifier may stand before "a" ("up to a 40 percent drop"); "from X to Y" after a change
verb ("rose from 5 to 10%") is two values, elsewhere a range, and so is a percent change
with the level it reached ("fell 0.9 per cent to $307.75"), and so is an amount right after
a change verb ("rose $1.20 to $84.50"); "crore" and "lakh" are scales (1e7, 1e5); "12m" is 12 million with a
currency or before a plural noun ("£12m", "12m people") and 12 metres otherwise.
Durations count ("48 hours", "six weeks": NER calls them dates; "two days ago" and
"the first five weeks of" do not), ranges of them too ("between five and 15 days"), and
a bounded single unit ("almost a month" -> high 1, "more than a year" -> low 1); "N-page", "N-match" compounds count what they name;
"a quarter of a mile", "three-quarters of a mile" and "half a mile" are fractions of one
unit and "a quarter of a million" a fraction of a scale (250,000), while a share of a group
("three quarters of voters", "a third of the population", "seven out of 10 women", "one
in five adults") is no count; "just shy of" is a
high bound; "USD12.75"/"EUR1.2bn" glue the code to the amount, "6.5pc", "61.3 pc" and "41.3
per-cent" are percent, "a magnitude-4.8 tremor" glues the scale's name; "4 1/2 years",
"4½ years" and a scraped "41/2 years" are 4.5 before a noun; a number read on a
named scale has that scale as its unit ("a magnitude 5.9 earthquake", "5.9 on the
Richter scale" -> magnitude); "the three" names a known group; an emergency number
dialled ("999 calls", "called 119") is no count; "$US1.6 billion" and "USD 12.75" are dollars;
"75p" is 75 pence in a sentence about money (not "720p video"); a name ending in a
number is a label even before a plural noun when "the" opens it ("the FTSE 100
companies") or the article uses it as a label elsewhere ("the Nifty 200 pack").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from spacy.tokens import Doc, Span, Token

from claimledger.nlp import text_of

LEXICON_DIR = Path(__file__).parent / "data" / "lexicons"


def read_lexicon(name: str) -> list[list[str]]:
    """Rows of a tab-separated lexicon file; a line starting with "#" and no tab after
    it is a comment (so "#" itself can be an entry: "#<TAB>rank")."""
    rows = []
    for line in (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or (line.startswith("#") and not line.startswith("#\t")):
            continue
        rows.append(line.split("\t"))
    return rows


@dataclass
class QuantityMention:
    start: int
    end: int
    text: str
    low: Optional[float]
    high: Optional[float]
    approximate: bool
    unit: Optional[str]
    number_start: int
    number_end: int
    alternatives: Optional[list[tuple[float, float]]] = None


@dataclass
class _Number:
    """A number phrase read from tokens ``start`` .. ``end`` (exclusive)."""
    start: int
    end: int
    value: float
    vague: bool = False          # "hundreds", "tens of thousands": a lower bound
    scaled: bool = False         # carries a scale word or suffix ("million", "bn")
    scale: float = 1.0           # the last scale applied (1e6 for "million")
    spelled: bool = False        # written in words ("two", "a dozen")
    currency: Optional[str] = None
    currency_start: Optional[int] = None   # token index of a currency sign before it
    after_end: Optional[int] = None        # token end once a trailing currency/percent is read
    percent: bool = False
    measure: Optional[str] = None          # a unit glued or written right after: "12m" -> "m"
    glued_high: Optional[float] = None     # "120-$360" kept as one token: the high end
    glued_m: bool = False                  # "12m" in one token: million or metres, decided later
    fraction: bool = False                 # "a quarter (of a mile)", "half (a mile)"
    loose: bool = False                    # "a couple of": about two, approximate
    article_one: bool = False              # "(more than) a month": "a" as one time unit


# ---------------------------------------------------------------- lexicons

@lru_cache(maxsize=1)
def _number_words() -> dict[str, tuple[float, str]]:
    return {row[0]: (float(row[1]), row[2]) for row in read_lexicon("quantity_number_words.txt")}


@lru_cache(maxsize=1)
def _modifiers() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Modifier phrases by position, as token tuples, longest first."""
    by_position: dict[str, list[tuple[tuple[str, ...], str]]] = {"before": [], "after": []}
    for phrase, kind, position in read_lexicon("quantity_modifiers.txt"):
        by_position[position].append((tuple(phrase.lower().split()), kind))
    for entries in by_position.values():
        entries.sort(key=lambda e: -len(e[0]))
    return by_position


@lru_cache(maxsize=1)
def _currencies() -> dict[str, str]:
    return {row[0]: row[1] for row in read_lexicon("quantity_currencies.txt")}


@lru_cache(maxsize=1)
def _context() -> dict[str, frozenset[str]]:
    classes: dict[str, set[str]] = {}
    for word, cls in read_lexicon("quantity_context.txt"):
        classes.setdefault(cls, set()).add(word)
    return {cls: frozenset(words) for cls, words in classes.items()}


def _in_class(word: str, cls: str) -> bool:
    return word in _context().get(cls, frozenset())


# ---------------------------------------------------------------- reading numbers

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGITS_SUFFIX = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([a-zA-Z]{1,3})$")
_GLUED_RANGE = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)-[$£€]?((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$")
_CODE_AMOUNT = re.compile(r"^([A-Z]{3}|[A-Z]{1,2}\$)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[a-z]{1,2})?)$")   # "USD12.75", "EUR1.2bn"
_VULGAR = re.compile("^(\\d{0,3})(\u00bd|\u00bc|\u00be|\u2153|\u2154|1/2|1/4|3/4|1/3|2/3)$")   # "4\u00bd", "41/2" (a scraped "4\u00bd")
_VULGAR_VALUES = {"\u00bd": 0.5, "\u00bc": 0.25, "\u00be": 0.75, "\u2153": 1 / 3, "\u2154": 2 / 3,
                  "1/2": 0.5, "1/4": 0.25, "3/4": 0.75, "1/3": 1 / 3, "2/3": 2 / 3}
_SCALE_GLUED = re.compile(r"^([A-Za-z]+)-((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$")              # "magnitude-4.8"
_COUNTRY_DOLLAR = re.compile(r"^(?:US|A|C|NZ|HK|S)((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)$")
_NOT_NUMERIC_ENTS = {"DATE", "TIME", "ORDINAL"}
_NAME_ENTS = {"ORG", "PRODUCT", "FAC", "WORK_OF_ART", "LAW", "EVENT", "PERSON", "GPE", "LOC", "NORP"}


def _digit_value(text: str) -> Optional[float]:
    """The value of "3,000", "2.5" or "2.5bn"/"10k" (suffix scales from the lexicon)."""
    if _DIGITS.match(text):
        return float(text.replace(",", ""))
    match = _DIGITS_SUFFIX.match(text)
    if match:
        word = _number_words().get(match.group(2).lower())
        if word and word[1] == "suffix":
            return float(match.group(1).replace(",", "")) * word[0]
    return None


def _word(tok: Token) -> Optional[tuple[float, str]]:
    """(value, kind) of a number word token, "twenty-one" included."""
    text = tok.lower_
    if "-" in text:
        parts = [_number_words().get(p) for p in text.split("-")]
        if all(p and p[1] == "unit" for p in parts):
            return sum(p[0] for p in parts), "unit"
        return None
    return _number_words().get(text)


def _read_number(tokens: Sequence[Token], i: int) -> Optional[_Number]:
    """Read the longest number phrase starting at ``tokens[i]`` (method: a small
    word-number grammar: units add, scale words multiply, "a"/"half a" before a
    scale, "and a half", "-" inside "twenty-one", vague plurals joined by "of")."""
    n = len(tokens)
    tok = tokens[i]
    if not any(ch.isdigit() for ch in tok.text) and tok.lower_ not in ("a", "an", "half") \
            and _word(tok) is None:
        return None  # most tokens: no digit and no number word, so none of the readings below applies
    total, current = 0.0, 0.0
    vague = scaled = spelled = False
    j = i
    scale = 1.0
    glued = _GLUED_RANGE.match(tok.text)
    if glued:       # the tokenizer sometimes keeps "120-$360" whole
        return _Number(start=i, end=i + 1, value=float(glued.group(1).replace(",", "")),
                       glued_high=float(glued.group(2).replace(",", "")))
    digit = _digit_value(tok.text)
    if digit is None and tok.text.endswith(".") and _DIGITS_SUFFIX.match(tok.text[:-1]) and _ends_a_sentence(tok):
        digit = _digit_value(tok.text[:-1])     # "valued at $5K.": the sentence's full stop glued on
        if digit is not None:
            return _Number(start=i, end=i + 1, value=digit, scaled=True,
                           scale=_number_words()[_DIGITS_SUFFIX.match(tok.text[:-1]).group(2).lower()][0])
    country = _COUNTRY_DOLLAR.match(tok.text)
    if digit is None and country and i >= 1 and tokens[i - 1].text == "$":
        digit = _digit_value(country.group(1))      # "$US1.6 billion": "$" "US1.6" "billion"
    vulgar = _VULGAR.match(tok.text)
    if digit is None and vulgar and i + 1 < n and tokens[i + 1].pos_ == "NOUN":
        # "4\u00bd years", "41/2 years" (the "\u00bd" glyph lost in scraping): a whole and a fraction
        return _Number(start=i, end=i + 1, value=float(vulgar.group(1) or 0) + _VULGAR_VALUES[vulgar.group(2)],
                       fraction=True)
    if digit is not None and _DIGITS.match(tok.text) and "." not in tok.text and i + 2 < n and tok.whitespace_ \
            and tokens[i + 1].text in _VULGAR_VALUES and tokens[i + 2].pos_ == "NOUN":
        # "4 1/2 years": a whole number, then its fraction
        return _Number(start=i, end=i + 2, value=digit + _VULGAR_VALUES[tokens[i + 1].text], fraction=True)
    coded = _CODE_AMOUNT.match(tok.text)
    if digit is None and coded and coded.group(1) in _currencies() and _digit_value(coded.group(2)) is not None:
        # "USD12.75", "EUR1.2bn": an ISO code written against the amount
        suffix = _DIGITS_SUFFIX.match(coded.group(2))
        scale = _number_words()[suffix.group(2).lower()][0] if suffix else 1.0
        return _Number(start=i, end=i + 1, value=_digit_value(coded.group(2)), currency=_currencies()[coded.group(1)],
                       scaled=suffix is not None, scale=scale)
    scaled_word = _SCALE_GLUED.match(tok.text)
    if digit is None and scaled_word and _in_class(scaled_word.group(1).lower(), "scale_before"):
        # "a magnitude-4.8 tremor": the scale's name hyphenated to the reading, one token
        return _Number(start=i, end=i + 1, value=float(scaled_word.group(2).replace(",", "")),
                       measure=scaled_word.group(1).lower())
    glued_unit = _DIGITS_SUFFIX.match(tok.text)
    karat = _DIGITS_SUFFIX.match(tok.text)
    if karat and karat.group(2) in KARAT and karat.group(1).isdigit() \
            and 8 <= int(karat.group(1)) <= 24 and any(t.lower_ == "gold" for t in tokens[i + 1:i + 3]):
        # "18k gold", "24ct gold": the fineness of gold in karats, not 18,000
        return _Number(start=i, end=i + 1, value=float(karat.group(1)), measure=karat.group(2))
    if tok.text.isdigit() and 8 <= int(tok.text) <= 24 and i + 1 < n and tokens[i + 1].text in KARAT \
            and not tok.whitespace_ and any(t.lower_ == "gold" for t in tokens[i + 2:i + 4]):
        return _Number(start=i, end=i + 2, value=float(tok.text), measure=tokens[i + 1].text)   # "18K" split
    if digit is None and glued_unit and glued_unit.group(2) == "pc":
        # "6.5pc": per cent in British press shorthand, glued to the digits
        return _Number(start=i, end=i + 1, value=float(glued_unit.group(1).replace(",", "")), percent=True)
    if digit is None and glued_unit and glued_unit.group(2) == "p" and _pence_context(tok):
        # "75p", "a 75p-a-share bid": British pence written against the digits
        return _Number(start=i, end=i + 1, value=float(glued_unit.group(1).replace(",", "")), currency="pence")
    if digit is None and glued_unit and _in_class(glued_unit.group(2).lower(), "measure"):
        # "300mAh", "5ft", "128GB": a measure glued to the digits
        return _Number(start=i, end=i + 1, value=float(glued_unit.group(1).replace(",", "")),
                       measure=glued_unit.group(2))
    if digit is not None:
        current = digit
        scaled = not _DIGITS.match(country.group(1) if country else tok.text)
        if scaled:
            scale = _number_words()[_DIGITS_SUFFIX.match(tok.text).group(2).lower()][0]
        if tok.text[-1:] in ("m", "M") and scaled and scale == 1e6 and tok.text[-2:-1].isdigit():
            return _Number(start=i, end=i + 1, value=current, scaled=True, scale=scale, glued_m=True)
        j = i + 1
    else:
        word = _word(tok)
        lower = tok.lower_
        if lower in ("a", "an") and i + 1 < n and (_word(tokens[i + 1]) or (0, ""))[1] == "scale":
            current, j, spelled = 1.0, i + 1, True
        elif lower in ("a", "an") and i + 1 < n and tokens[i + 1].tag_ == "NN" \
                and tokens[i + 1].lower_ in _time_units() and tokens[i + 1].lower_ != "quarter" \
                and (_match_before(tokens, i, 0) or (0, ""))[1] in ("low", "high", "approx") \
                and not _about_a_topic(tokens, i):
            # "more than a month", "almost a year", "in under an hour", "about an hour late":
            # one unit, bounded or approximate
            return _Number(start=i, end=i + 1, value=1.0, spelled=True, article_one=True)
        elif lower == "a" and _couple_end(tokens, i) is not None:
            # "a couple of paramedics", "a couple of thousand dollars", "a couple hundred":
            # about two (of the scale after it), approximate
            j, value, scale = _couple_end(tokens, i), 2.0, 1.0
            while j < n and (_word(tokens[j]) or (0, ""))[1] == "scale":
                scale = _word(tokens[j])[0]
                value, j = value * scale, j + 1
            return _Number(start=i, end=j, value=value, spelled=True, scaled=scale > 1, scale=scale, loose=True)
        elif lower == "half" and i + 2 < n and tokens[i + 1].lower_ == "a" \
                and (_word(tokens[i + 2]) or (0, ""))[1] == "scale":
            current, j, spelled = 0.5, i + 2, True
        elif _fraction(tokens, i) is not None:
            return _fraction(tokens, i)
        elif lower == "half" and i + 2 < n and tokens[i + 1].lower_ in ("a", "an") \
                and tokens[i + 2].pos_ == "NOUN" and _in_class(tokens[i + 2].lower_, "measure"):
            return _Number(start=i, end=i + 2, value=0.5, spelled=True, fraction=True)   # "half a mile"
        elif word and word[1] == "unit":
            if _group_fraction(tokens, i):
                return None
            current, j, spelled = word[0], i + 1, True
        elif word and word[1] == "scale" and i >= 1 and tokens[i - 1].lower_ in ("several", "few", "some") \
                and word[0] >= 12:
            # "several hundred", "a few thousand": vague, like "hundreds"; "some dozen": about 12
            current, j, spelled = word[0], i + 1, True
            vague = tokens[i - 1].lower_ != "some"
        elif word and word[1] == "vague":
            # "tens"/"scores" only count with "of" after ("tens of thousands", "scores of people")
            if lower in ("tens", "scores") and not (i + 1 < n and tokens[i + 1].lower_ == "of"):
                return None
            current, j, vague, spelled = word[0], i + 1, True, True
        else:
            return None
    # continuation: more number words, scales, "and a half", "-", vague "of" scales
    while j < n:
        nxt = tokens[j]
        word = _word(nxt)
        if word and word[1] == "scale":
            if word[0] == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * word[0]
                current = 0.0
            scaled, scale, j = True, word[0], j + 1
            continue
        if word and word[1] == "unit" and spelled and not vague and current and current % 100 == 0 \
                and word[0] < 100:
            current += word[0]          # "two hundred fifty"
            j += 1
            continue
        if nxt.text == "-" and j + 1 < n and spelled and not nxt.whitespace_ \
                and (_word(tokens[j + 1]) or (0, ""))[1] == "unit" and current % 10 == 0:
            current += _word(tokens[j + 1])[0]      # "twenty - one" split by the tokenizer
            j += 2
            continue
        if nxt.text == "-" and j + 1 < n and not nxt.whitespace_ and not vague \
                and (_word(tokens[j + 1]) or (0, ""))[1] == "scale":
            j += 1                                  # "three-thousand": the scale is read next
            continue
        if nxt.lower_ == "and" and j + 1 < n:
            after = _word(tokens[j + 1])
            if after and after[1] == "unit" and spelled and current and current % 100 == 0:
                current += after[0]     # "two hundred and fifty"
                j += 2
                continue
            if tokens[j + 1].lower_ == "a" and j + 2 < n and tokens[j + 2].lower_ == "half":
                current += 0.5          # "two and a half (million)"
                j += 3
                continue
        if vague and nxt.lower_ == "of" and j + 1 < n and (_word(tokens[j + 1]) or (0, ""))[1] == "vague":
            current *= _word(tokens[j + 1])[0]      # "hundreds of thousands"
            j += 2
            continue
        if not spelled and not scaled and nxt.lower_ in ("bn", "mn", "mln", "tn", "trn", "k"):
            scale = _number_words()[nxt.lower_][0]
            current *= scale            # "2.5 bn" written apart
            scaled, j = True, j + 1
            continue
        break
    return _Number(start=i, end=j, value=total + current, vague=vague, scaled=scaled, scale=scale,
                   spelled=spelled)


def _about_a_topic(tokens: Sequence[Token], i: int) -> bool:
    """"talked about a year of work": "about" after a topic verb is a preposition, not an
    approximation of what follows at ``tokens[i]``."""
    m = _match_before(tokens, i, 0)
    return bool(m and tokens[m[0]].lower_ == "about" and m[0] >= 1
                and _in_class(tokens[m[0] - 1].lemma_.lower(), "about_topic"))


def _couple_end(tokens: Sequence[Token], i: int) -> Optional[int]:
    """After "a couple of" / "a couple" at ``tokens[i]``: the index of what it counts, a
    plural noun or a scale word ("a couple of hundred", "a couple thousand"); None for a
    pair of people ("a couple from Leeds", "a couple of newlyweds" counts newlyweds)."""
    n = len(tokens)
    if not (i + 1 < n and tokens[i + 1].lower_ == "couple"):
        return None
    k = i + 2
    if k < n and tokens[k].lower_ == "of":
        k += 1
        if k < n and (_word(tokens[k]) or (0, ""))[1] == "scale":
            return k
        m = k
        while m < n and m < k + 3 and tokens[m].pos_ in ("ADJ", "NOUN", "PROPN") and tokens[m].tag_ != "NNS":
            m += 1          # "a couple of extra days", "a couple of Afghan soldiers"
        return k if m < n and tokens[m].tag_ in ("NNS", "NNPS") else None
    if k < n and (_word(tokens[k]) or (0, ""))[1] == "scale" and tokens[k].lower_ in ("hundred", "thousand", "dozen"):
        return k            # "a couple hundred": American usage, no "of"
    return None


def _fraction(tokens: Sequence[Token], i: int) -> Optional[_Number]:
    """A fraction of one unit at ``tokens[i]`` (method: "a|an|one" or a number word, an
    optional "-", a fraction word, then "of a|an"): "a quarter of a mile" (0.25, the unit
    read after), "three-quarters of a mile" (0.75), "two thirds of a mile"; before a scale
    word it multiplies it ("a quarter of a million" -> 250,000).  A share of a group ("a
    third of the population", "three quarters of voters") is not a count: None."""
    n = len(tokens)
    lower = tokens[i].lower_
    word = _word(tokens[i])
    if lower in ("a", "an", "one"):
        count, k = 1.0, i + 1
    elif word and word[1] == "unit":
        count, k = word[0], i + 1
        if k < n and tokens[k].text == "-" and not tokens[i].whitespace_:
            k += 1
    else:
        return None
    part = _word(tokens[k]) if k < n else None
    if not part or part[1] != "fraction" or not (k + 2 < n and tokens[k + 1].lower_ == "of"
                                                 and tokens[k + 2].lower_ in ("a", "an")):
        return None
    value = count * part[0]
    scale = _word(tokens[k + 3]) if k + 3 < n else None
    if scale and scale[1] == "scale":
        return _Number(start=i, end=k + 4, value=value * scale[0], scaled=True, scale=scale[0], spelled=True,
                       fraction=True)
    if _of_a_unit(tokens, k + 1):
        return _Number(start=i, end=k + 1, value=value, spelled=True, fraction=True)
    return None


def _group_fraction(tokens: Sequence[Token], i: int) -> bool:
    """"three quarters of voters", "two-thirds of members": a number word before a plural
    fraction word is a share of a group, not a count of quarters."""
    k = i + 1
    if k < len(tokens) and tokens[k].text == "-" and not tokens[i].whitespace_:
        k += 1
    part = _word(tokens[k]) if k < len(tokens) else None
    return bool(part and part[1] == "fraction")


KARAT = ("k", "K", "ct", "kt", "Kt", "carat", "karat")     # the fineness of gold, glued to the digits

PENCE_CONTEXT = {"share", "shares", "price", "prices", "bid", "offer", "stock", "pence", "penny", "pay", "paid",
                 "cost", "costs", "fare", "fares", "dividend", "litre", "pint", "per", "each"}


def _pence_context(tok: Token) -> bool:
    """A glued "p" is pence in a sentence about money ("a 75p-a-share bid", "shares fell
    12p to 340p", "a litre of petrol at 150p"), not a video resolution ("720p")."""
    return any(t.text == "\u00a3" or t.lower_ in PENCE_CONTEXT or t.lower_.endswith("-share")
               or _DIGITS_SUFFIX.match(t.text) and t.text.endswith("p") and t.i != tok.i and "-" in t.text
               for t in tok.sent) and float(_DIGITS_SUFFIX.match(tok.text).group(1).replace(",", "")) < 10000


def _of_a_unit(tokens: Sequence[Token], k: int) -> bool:
    """"of a mile" / "of an hour" at token ``k``: a fraction of one unit follows."""
    return k + 2 < len(tokens) and tokens[k].lower_ == "of" and tokens[k + 1].lower_ in ("a", "an") \
        and tokens[k + 2].pos_ == "NOUN"


# ---------------------------------------------------------------- context readers

def _match_before(tokens: Sequence[Token], end: int, lo: int) -> Optional[tuple[int, str]]:
    """The longest "before" modifier ending just before token ``end``: (its start, kind)."""
    for phrase, kind in _modifiers()["before"]:
        start = end - len(phrase)
        if start < lo:
            continue
        if tuple(t.lower_ for t in tokens[start:end]) == phrase:
            return start, kind
    return None


def _match_after(tokens: Sequence[Token], begin: int) -> Optional[tuple[int, str]]:
    """The longest "after" modifier starting at token ``begin``."""
    for phrase, kind in _modifiers()["after"]:
        end = begin + len(phrase)
        if end <= len(tokens) and tuple(t.lower_ for t in tokens[begin:end]) == phrase:
            return end, kind
    return None


def _read_trailing_unit(tokens: Sequence[Token], num: _Number) -> None:
    """Percent signs and words, currency codes and the "m" million/metre suffix after
    the number (method: surface look-ahead of one or two tokens)."""
    n = len(tokens)
    j = num.end
    if num.glued_m:
        # "12m": million with a currency or before a plural noun ("£12m", "12m people"), else metres
        if not (num.currency or (j < n and tokens[j].tag_ == "NNS")):
            num.value /= 1e6
            num.scaled, num.scale, num.measure = False, 1.0, "m"
    if j < n and tokens[j].lower_ in ("m", "m.") and not num.spelled and not num.scaled:
        # "12m": million with a currency or before a plural noun ("12m people"), else metres
        plural_next = j + 1 < n and tokens[j + 1].tag_ == "NNS"
        if num.currency or plural_next:
            num.value *= 1e6
            num.scaled, num.scale = True, 1e6
            num.end = j + 1
        else:
            num.measure = tokens[j].text
        j += 1
    if j < n and tokens[j].text == "in" and not tokens[j - 1].whitespace_ and not num.spelled and not num.scaled \
            and not num.currency and tokens[j - 1].text[-1:].isdigit():
        num.measure, j = "in", j + 1    # "a 12in screen": inches, which the tokenizer splits off the digits
    if j < n and tokens[j].text == "%":
        num.percent, j = True, j + 1
    elif j < n and tokens[j].lower_ in ("percent", "pct"):
        num.percent, j = True, j + 1
    elif j < n and tokens[j].text == "pc":
        num.percent, j = True, j + 1    # "61.3 pc": British press shorthand (lower case; "PC" is a computer)
    elif j + 1 < n and tokens[j].lower_ == "per" and tokens[j + 1].lower_ == "cent":
        num.percent, j = True, j + 2
    elif j + 2 < n and tokens[j].lower_ == "per" and tokens[j + 1].text == "-" and tokens[j + 2].lower_ == "cent" \
            and not tokens[j].whitespace_ and not tokens[j + 1].whitespace_:
        num.percent, j = True, j + 3    # "41.3 per-cent"
    elif j + 2 < n and tokens[j].text == "-" and not tokens[j - 1].whitespace_ \
            and tokens[j + 1].lower_ == "per" and tokens[j + 2].lower_ == "cent":
        num.percent, j = True, j + 3    # "41.3-per cent"
    elif j + 1 < n and tokens[j].text == "-" and not tokens[j - 1].whitespace_ \
            and tokens[j + 1].lower_ in ("percent", "pct"):
        num.percent, j = True, j + 2    # "41.3-percent"
    elif j < n and num.currency is None and tokens[j].text.isupper() and tokens[j].text in _currencies():
        # a currency code after the amount ("300 USD"); words such as "dollars" stay the
        # counted noun, as written
        num.currency, j = _currencies()[tokens[j].text], j + 1
    num.after_end = j


def _read_currency_before(tokens: Sequence[Token], num: _Number, lo: int) -> None:
    """A currency sign or code just before the number ("$", "US$", "£", "USD")."""
    i = num.start - 1
    if i >= lo:
        unit = _currencies().get(tokens[i].text)
        if unit and (not tokens[i].text.isalpha() or tokens[i].text.isupper() or tokens[i].text in ("Rs",)):
            num.currency, num.currency_start = unit, i
        elif tokens[i].text == "." and i - 1 >= lo and _currencies().get(tokens[i - 1].text + "."):
            num.currency, num.currency_start = _currencies()[tokens[i - 1].text + "."], i - 1   # "Rs. 217"


# ---------------------------------------------------------------- exclusions

def _is_year(num: _Number, tokens: Sequence[Token], unit_tok: Optional[Token]) -> bool:
    """A four-digit integer between 1800 and 2100, written without a comma, with no
    currency, percent or plural counted noun ("2000 people" counts; "2022 invasion" is a year)."""
    text = tokens[num.start].text
    if num.end - num.start != 1 or not re.fullmatch(r"\d{4}", text):
        return False
    if not 1800 <= int(text) <= 2100 or num.currency or num.percent:
        return False
    return unit_tok is None or unit_tok.tag_ != "NNS"


def _is_age(num: _Number, tokens: Sequence[Token], lo: int, hi: int) -> bool:
    """Ages: "Clinton, 35, said" / "a British man, 71, dies" / "Smith (35)" /
    "aged 71" / "71-year-old" / "71 years old"."""
    i, j = num.start, num.end
    value = num.value
    if not (float(value).is_integer() and 0 < value < 125):
        return False
    before = tokens[i - 1] if i - 1 >= lo else None
    after = tokens[j] if j < hi else None
    if before is not None and _in_class(before.lower_, "age"):
        return True
    if before is not None and before.text in (",", "(") and i - 2 >= lo \
            and tokens[i - 2].pos_ in ("PROPN", "NOUN") \
            and (after is None or after.text in (",", ")", ".", ";")):
        return True
    tail = " ".join(t.lower_ for t in tokens[j:min(j + 4, hi)])
    return bool(re.match(r"^(- )?(years?|months?|weeks?|days?)( - | )old\b", tail))


def _is_label(num: _Number, tokens: Sequence[Token], lo: int, unit_tok: Optional[Token]) -> bool:
    """Labels and ranks: "iPhone 6", "Flight 370", "No. 1", "#1", "F-35"
    (method: a number glued by "-" to a word, or right after a capitalised noun or
    a rank word, with no comma in it)."""
    first = tokens[num.start]
    i = num.start - 1
    if i < lo:
        return False
    prev = tokens[i]
    if _in_class(prev.text, "rank") or _in_class(prev.lower_, "rank"):
        return True
    if prev.text == "." and i - 1 >= lo and _in_class(tokens[i - 1].text, "rank"):
        return True         # "No. 1" tokenized as "No" "." "1"
    if prev.text == "-" and not prev.whitespace_ and i - 1 >= lo and not tokens[i - 1].whitespace_ \
            and tokens[i - 1].text.isalpha():
        return True
    if num.spelled and first.text[:1].isupper() and prev.text[:1].isupper() and first.i != first.sent.start:
        return True         # "Zero Dark Thirty", "Ocean's Eleven"
    if num.currency or num.percent or "," in first.text or num.spelled:
        return False
    nxt = tokens[num.end] if num.end < len(tokens) else None
    if nxt is not None and nxt.tag_ not in ("NNPS", "NNS") and nxt.text[:1].isupper() and nxt.is_alpha \
            and not nxt.is_sent_start and (unit_tok is None or unit_tok.i == nxt.i) \
            and not _in_class(nxt.lower_, "measure") and not _word(nxt):
        return True         # "the 6 Plus", "the 5 Series": a singular name after the number is a model
    if unit_tok is None and prev.is_lower and prev.is_alpha and prev.pos_ in ("NOUN", "ADJ", "PROPN") \
            and i - 1 >= lo and tokens[i - 1].pos_ == "PROPN" and any(c.isupper() for c in tokens[i - 1].text) \
            and tokens[i - 1].i != tokens[i - 1].sent.start and re.fullmatch(r"\d{1,2}", first.text):
        return True         # "the iPad mini 3", "the Galaxy note 4": a model name in lower case, then its number
    if unit_tok is None and first.dep_ == "conj" and first.head.pos_ == "PROPN" and prev.lower_ in ("and", "or", ",") \
            and any(c.dep_ == "nummod" and c.like_num and c.i < first.i for c in first.head.children):
        return True         # "the iPhone 6 and 6 Plus": the second model of a list of labels
    if unit_tok is not None and unit_tok.tag_ == "NNS":
        # "In Syria 200 people died" counts; "the Nifty 200 companies", "the FTSE 100 firms"
        # name an index: "the" opens a name that ends in the number
        j = i
        while j >= lo and tokens[j].pos_ == "PROPN" and tokens[j].ent_type_ not in ("GPE", "LOC"):
            j -= 1
        return j < i and (j >= lo and tokens[j].lower_ == "the" or _label_elsewhere(prev, first))
    return prev.pos_ in ("PROPN", "NOUN") and any(c.isupper() for c in prev.text) and prev.i != prev.sent.start \
        and prev.ent_type_ not in ("DATE",)


def _label_elsewhere(prev: Token, first: Token) -> bool:
    """The same name and number stand elsewhere in the article before a word they do not
    count ("the Nifty 200 pack", "the FTSE 100 index"): a name, wherever it stands."""
    doc = first.doc
    for t in doc:
        if t.i != first.i and t.i > 0 and t.text == first.text and doc[t.i - 1].text == prev.text \
                and (t.i + 1 >= len(doc) or doc[t.i + 1].tag_ not in ("NNS", "NNPS")):
            return True
    return False


def _is_bare_one(num: _Number, has_modifier: bool) -> bool:
    """"one" with no bound or approximation ("one official said", "no one", "one of
    the gunmen", "one day") stands in for the indefinite article or a pronoun far more
    often than it counts; "at least one" still counts."""
    return num.end - num.start == 1 and num.value == 1 and num.spelled and not has_modifier


def _is_the_only_one(num: _Number, tokens: Sequence[Token], item: "_Found") -> bool:
    """"he was not the only one causing trouble", "the only one who knew": "the only one"
    singles out a referent, it does not count ("only one soldier remains" counts)."""
    i = num.start
    return num.spelled and num.value == 1 and num.end - num.start == 1 and item.second is None \
        and i >= 2 and tokens[i - 1].lower_ == "only" and tokens[i - 2].lower_ == "the"


def _is_street_block(num: _Number, tokens: Sequence[Token], item: "_Found") -> bool:
    """"the 10000 block of Halls Ferry", "the 400 block": a US street address in police
    style, not a count of blocks."""
    return item.unit_tok is not None and item.unit_tok.lower_ == "block" and not num.spelled \
        and num.start >= 1 and tokens[num.start - 1].lower_ == "the" and item.second is None


def _is_calendar_number(num: _Number, tokens: Sequence[Token], lo: int, hi: int) -> bool:
    """Day numbers beside a month name ("JULY 29, 2014", "24 October", "Nov. 23") that
    NER missed, years with an era ("198 AD"), and list markers ("2. The pair ...")."""
    if num.end - num.start != 1 or not tokens[num.start].text.isdigit():
        return False
    value = int(tokens[num.start].text)
    nxt = tokens[num.end] if num.end < hi else None
    if nxt is not None and _in_class(nxt.text, "era"):
        return True
    first = tokens[num.start]
    if first.i == first.sent.start and nxt is not None and nxt.text in (".", ")"):
        return True
    if not 1 <= value <= 31:
        return False
    k = num.start - 1
    if k >= lo and tokens[k].text == "." and k - 1 >= lo:
        k -= 1
    if k >= lo and _is_month_word(tokens[k]):
        return True
    return nxt is not None and _is_month_word(nxt)


def _is_month_word(tok: Token) -> bool:
    """A month name or abbreviation with a capital letter ("May", "OCT", "Sept")."""
    return tok.text[:1].isupper() and tok.lower_.rstrip(".") in _months()


@lru_cache(maxsize=1)
def _months() -> frozenset[str]:
    return frozenset(row[0].rstrip(".") for row in read_lexicon("time_months.txt"))


def _is_definite_small(num: _Number, tokens: Sequence[Token], lo: int, unit: Optional[str] = None) -> bool:
    """"the two nations", "the three were arrested": a spelled-out number right after a
    definite determiner names a known group rather than claiming a count (up to 2 with
    a noun after it, any number standing alone as the noun); a vague plural is not one
    ("already in the thousands", "the death toll is in the hundreds": at least 1,000 / 100)."""
    if not num.spelled or num.vague or num.end - num.start != 1 or (num.value > 2 and unit is not None):
        return False        # a vague plural after "the" is an order of size: "in the thousands"
    i = num.start - 1
    return i >= lo and _in_class(tokens[i].lower_, "definite")


def _overlaps(start: int, end: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(start < r_end and r_start < end for r_start, r_end in ranges)


# ---------------------------------------------------------------- the counted thing

def _noun_after_of(tokens: Sequence[Token], j: int, hi: int) -> Optional[Token]:
    """The head noun of the "of" phrase at token ``j`` ("thousands of (Syrian) people")."""
    if j >= hi or tokens[j].lower_ != "of":
        return None
    for child in tokens[j].children:
        if child.dep_ == "pobj" and child.pos_ in ("NOUN", "PROPN"):
            return child
    for k in range(j + 1, min(j + 6, hi)):     # parse slips: first noun not in a compound
        if tokens[k].pos_ == "NOUN" and not (k + 1 < hi and tokens[k + 1].pos_ == "NOUN"):
            return tokens[k]
        if tokens[k].pos_ not in ("DET", "ADJ", "PROPN", "NOUN", "NUM"):
            break
    return None


def _counted_noun(tokens: Sequence[Token], num: _Number, hi: int) -> Optional[Token]:
    """The noun the number counts (method: the "of" complement of a vague or scale
    phrase or a partitive "two of the victims", else the ``nummod``/``compound``
    head of the phrase, else the first noun right after it)."""
    j = num.after_end if num.after_end is not None else num.end
    if j < hi and _in_class(tokens[j].lower_, "measure") and tokens[j].pos_ in ("NOUN", "PROPN"):
        return tokens[j]        # "42 mm sizes": the measure, not the noun it sizes
    if j < hi and tokens[j].lower_ == "of":
        noun = _noun_after_of(tokens, j, hi)
        if noun is not None and noun.pos_ == "NOUN":
            return noun
        return None
    phrase = range(num.start, num.end)
    for k in phrase:
        tok = tokens[k]
        head = tok.head
        if head.i - tokens[0].i in phrase:
            continue
        head_at = head.i - tokens[0].i
        if tok.dep_ in ("nummod", "compound", "quantmod", "amod", "advmod", "npadvmod") \
                and head.pos_ in ("NOUN", "PROPN") and head.i > tok.i and head_at - j <= 5 \
                and head_at < hi and not _word(head) and head.text != "%" \
                and not any(t.is_punct and t.text != "-" for t in tokens[j:head_at]):
            while head.dep_ == "compound" and head.head.pos_ == "NOUN" and head.head.i == head.i + 1 \
                    and not (head.tag_ == "NNS" and head.head.tag_ == "NN" and head.head.lower_.endswith("ing")):
                # "8 menu items": the compound's head; but "two soldiers training at ...": a
                # participle the tagger read as a noun does not take the plural as modifier
                head = head.head
            after = head.nbor(1) if head.i + 1 < len(head.doc) else None
            if head.pos_ == "PROPN" and after is not None and after.is_lower and after.i - tokens[0].i < hi and (
                    after.tag_ == "NNS" or after.tag_ == "VBZ" and head.ent_type_ in ("ORG", "EVENT")):
                return after            # "31 PGA Tour starts": a name used as a modifier, the plural after it
            return head
    # linear fallback: adjectives / nationality words, then a noun
    k = j
    while k < hi and k < j + 3 and (tokens[k].pos_ == "ADJ" or tokens[k].ent_type_ == "NORP"):
        k += 1
    if k < hi and k > j and tokens[k].ent_type_ in ("DATE", "TIME"):
        return None             # "400 earlier today": a time after a word, not the thing counted
    if k < hi and tokens[k].pos_ == "NOUN" and not _word(tokens[k]) and tokens[k].text != "%":
        while k + 1 < hi and tokens[k + 1].pos_ == "NOUN" and tokens[k].dep_ == "compound":
            k += 1
        return tokens[k]
    return None


def _hyphen_compound(tokens: Sequence[Token], num: _Number, hi: int) -> Optional[tuple[Optional[str], int]]:
    """"N-word" compound adjectives (method: the words joined by "-" after the number,
    classed by the lexicon). Returns None when no hyphen follows or when it does not
    matter (money: "$99-a-year"); (unit, end token) for a measure ("12-inch" -> inch,
    "19,000-square-foot" -> square foot), a dimension ("12m-wide" keeps "m") or a
    count of what follows ("10,000-strong force" -> force); (None, -1) for compounds
    that are not quantities ("one-off", "two-way", "18-year-old")."""
    j = num.after_end if num.after_end is not None else num.end
    if not (j + 1 < hi and tokens[j].text == "-" and not tokens[j - 1].whitespace_):
        return None
    if num.currency or num.percent:
        return None
    words, k = [], j
    while k + 1 < hi and tokens[k].text == "-" and _in_class(tokens[k + 1].lower_, "measure"):
        words.append(tokens[k + 1].text)
        k += 2
    if words:
        return " ".join(words), k
    word = tokens[j + 1]
    if num.measure and _in_class(word.lower_, "dimension"):
        return num.measure, j + 2
    if _in_class(word.lower_, "count_compound"):
        if j + 2 < hi and tokens[j + 2].pos_ == "NOUN":
            return tokens[j + 2].text, j + 3
        return None, j + 2
    return None, -1


# ---------------------------------------------------------------- the scan

@dataclass
class _Found:
    """A quantity being built: numbers (one, or two for a range), bounds, unit."""
    first: _Number
    second: Optional[_Number] = None
    low_kind: Optional[str] = None    # None | "high" | "low" | "range"
    approximate: bool = False
    exact: bool = False               # "only one", "just 2": stressed, no bound
    start_tok: int = 0
    end_tok: int = 0
    unit: Optional[str] = None
    unit_tok: Optional[Token] = None
    partner: Optional["_Found"] = None   # the other of "X or Y" (alternatives)
    sibling: Optional["_Found"] = None   # the other of "X or Y" or "from X to Y" (unit sharing)


def find_quantities(doc_or_span: Union[Doc, Span], *, excluded: Sequence[tuple[int, int]] = ()) -> list[QuantityMention]:
    """Every quantity stated in ``doc_or_span`` (method: see module docstring), as
    ``QuantityMention``s with character offsets into the doc's text, in text order."""
    tokens = list(doc_or_span)
    found: list[_Found] = []
    i, hi = 0, len(tokens)
    while i < hi:
        num = _read_number(tokens, i)
        if num is None:
            i += 1
            continue
        item, i_next = _build(tokens, num, hi)
        i = max(i_next, i + 1)
        if item is not None:
            found.extend(item)
    _inherit_units(found, tokens)
    return [m for m in (_to_mention(f, tokens) for f in found) if not _overlaps(m.number_start, m.number_end, excluded)]


@lru_cache(maxsize=1)
def _time_units() -> frozenset[str]:
    return frozenset(row[0] for row in read_lexicon("time_words.txt") if len(row) > 1 and row[1] == "unit")


def _is_duration(num: _Number, tokens: Sequence[Token]) -> bool:
    """"48 hours", "ten days", "the past 24 hours": a length of time counts (NER calls it
    a DATE); "two days ago", "71 years old", "days later" point at a time or an age."""
    j = num.end
    if j >= len(tokens) or tokens[j].lower_ not in _time_units() or tokens[j].lower_ in ("quarter", "quarters"):
        return False
    if num.spelled and num.value == 1 and not num.article_one \
            and (_match_before(tokens, num.start, 0) or (0, ""))[1] not in ("low", "high", "approx"):
        return False        # "one day he ..."; "approximately one hour", "more than one year" count
    if num.start >= 1 and tokens[num.start - 1].lower_ == "first":
        return False        # "the first five weeks of this year": a period, not a length
    nxt = tokens[j + 1].lower_ if j + 1 < len(tokens) else ""
    return nxt not in ("ago", "old", "later", "earlier", "before", "after", "from", "-")


def _not_a_date_part(num: _Number, tokens: Sequence[Token]) -> bool:
    """NER slips: "up from more than 400 earlier today" tagged TIME, "the number of dead was
    11, with" tagged DATE.  A number of digits counts when nothing around it makes it part
    of a date or a time: no month or weekday name beside it, no time unit or clock word
    after it, not a plausible year, and either above 31 or a DATE right after "was"."""
    tok = tokens[num.start]
    if num.end - num.start != 1 or not _DIGITS.match(tok.text) or tok.ent_type_ == "ORDINAL":
        return False
    value = num.value
    if re.fullmatch(r"\d{4}", tok.text) and 1000 <= value <= 2100:
        return False        # a year, "placed in 1795" included: it is tagged DATE
    near = [tokens[k] for k in (num.start - 2, num.start - 1, num.end, num.end + 1) if 0 <= k < len(tokens)]
    if any(_is_month_word(t) or t.lower_.rstrip(".") in _weekdays() for t in near):
        return False
    after = tokens[num.end].lower_ if num.end < len(tokens) else ""
    if after in _time_units() or after in ("ago", "am", "pm", "a.m.", "p.m.", "o'clock", "hrs", "gmt", "bst"):
        return False
    return value > 31 or (tok.ent_type_ == "DATE" and num.start >= 1 and tokens[num.start - 1].lemma_ == "be")


@lru_cache(maxsize=1)
def _weekdays() -> frozenset[str]:
    return frozenset(row[0].rstrip(".").lower() for row in read_lexicon("time_weekdays.txt"))


def _skippable(num: _Number, tokens: Sequence[Token], last: Optional[_Number] = None) -> bool:
    """Numbers that are parts of dates, times, ordinals, names, phones or leading-zero codes.
    ``last`` is the far end of a range the number opens: a duration is read from it, so
    "one to two minutes" and "between five and 15 days" count like "two minutes"."""
    duration = _is_duration(num, tokens) or (last is not None and last is not num and _is_duration(last, tokens)
                                             and not (num.start >= 1 and tokens[num.start - 1].lower_ == "first"))
    for tok in tokens[num.start:num.end]:
        if tok.ent_type_ in _NAME_ENTS and not num.currency:
            return True     # NER takes "USD 12.75" for an organisation now and then
        if tok.ent_type_ in _NOT_NUMERIC_ENTS and not (_DIGITS_SUFFIX.match(tok.text) or num.currency
                                                       or num.fraction or duration
                                                       or _figure_unit(tok) is not None
                                                       or _not_a_date_part(num, tokens)):
            return True     # NER calls "10k runners" a DATE now and then: a scale suffix is no date
        if ("/" in tok.text and not num.fraction) or ":" in tok.text:
            return True
    first = tokens[num.start].text
    return bool(re.fullmatch(r"0\d+", first))


def _proportion_end(tokens: Sequence[Token], num: _Number, hi: int) -> Optional[int]:
    """"seven out of 10 women", "one in five adults", "nine out of ten dentists": a
    proportion of a group, a share like "three quarters of voters", not two counts.
    Returns the token index after the second number, or None."""
    j = num.end
    if j + 1 < hi and tokens[j].lower_ == "out" and tokens[j + 1].lower_ == "of":
        k = j + 2
    elif j < hi and tokens[j].lower_ == "in":
        k = j + 1
    else:
        return None
    if k >= hi or num.currency or num.percent:
        return None
    whole = _read_number(tokens, k)
    if whole is None or whole.vague or whole.value <= num.value or whole.currency:
        return None
    if re.fullmatch(r"\d{4}", tokens[k].text) and 1800 <= whole.value <= 2100:
        return None         # "two in 2014": a year
    if tokens[j].lower_ == "in" and whole.end < hi and tokens[whole.end].lower_ in _time_units():
        return None         # "arrested 5 in 10 minutes": a count, then a duration
    return whole.end


def _build(tokens: Sequence[Token], num: _Number, hi: int) -> tuple[Optional[list[_Found]], int]:
    """Read bounds, ranges, alternatives and the unit around ``num``; returns the
    quantities found (or None) and the token index to resume the scan at."""
    if _is_phone_chain(tokens, num, hi):
        return None, _phone_chain_end(tokens, num, hi)
    proportion_end = _proportion_end(tokens, num, hi)
    if proportion_end is not None:
        return None, proportion_end     # "seven out of 10 women", "one in five adults": a share
    _read_currency_before(tokens, num, 0)
    _read_trailing_unit(tokens, num)
    item = _Found(first=num, start_tok=num.currency_start if num.currency_start is not None else num.start)
    _read_modifiers_before(tokens, item)
    resume = num.after_end
    # range or alternative after the number
    if num.glued_high is not None:
        second = _Number(start=num.start, end=num.end, value=num.glued_high, currency=num.currency,
                         percent=num.percent, after_end=num.after_end)
        link = "range" if num.value < num.glued_high else "score"
        end_after = num.after_end
    else:
        second, link, end_after = _read_second(tokens, item, resume, hi)
    if second is not None and link == "range":
        if not _valid_range(num, second):
            return None, end_after
        item.second = second
        item.low_kind = "range"
        resume = end_after
    elif second is not None and link in ("or", "change", "level"):
        # two values: alternatives ("1,500 or 12,000") or a change ("rose from 5 to 10%")
        first_items, _ = _finish(tokens, item, resume, hi)
        other = _Found(first=second, start_tok=second.currency_start if second.currency_start is not None else second.start)
        other_items, end_other = _finish(tokens, other, second.after_end, hi)
        if first_items and other_items:
            if first_items[0].end_tok > second.start:
                first_items[0].end_tok = num.after_end     # "1,500 or 12,000 troops": "1,500"
            if link != "level":     # a change in percent and the level reached share no unit
                first_items[0].sibling, other_items[0].sibling = other_items[0], first_items[0]
            if link == "or":
                first_items[0].partner, other_items[0].partner = other_items[0], first_items[0]
        return (first_items or []) + (other_items or []), end_other
    elif second is not None and link == "score":
        return None, end_after
    return _finish(tokens, item, resume, hi)


def _finish(tokens: Sequence[Token], item: _Found, resume: int, hi: int) -> tuple[Optional[list[_Found]], int]:
    """Trailing modifiers, the counted noun, then the exclusion rules."""
    num = item.first
    last = item.second or num
    if item.low_kind == "between":      # "between" with no second number
        item.low_kind = None
    after = _match_after(tokens, resume)
    if after is not None:
        end, kind = after
        if kind == "approx":
            item.approximate = True
        elif item.low_kind is None:
            item.low_kind = kind
        resume = end
    item.end_tok = resume
    if _skippable(num, tokens, last) or (item.second is not None and _skippable(item.second, tokens)):
        return None, resume
    compound = _hyphen_compound(tokens, last, hi)
    compound_unit = None
    if compound is not None:
        compound_unit, end = compound
        if end < 0:
            return None, last.end + 2     # "one-off", "two-way", "71-year-old"
        item.end_tok = max(item.end_tok, end)
    currency = last.currency or num.currency
    if currency:
        item.unit = currency
    elif last.percent or num.percent:
        item.unit = "percent"
    elif last.measure:
        item.unit = last.measure
    elif compound_unit:
        item.unit = compound_unit
    else:
        unit_tok = _counted_noun(tokens, last, hi)
        if unit_tok is not None:
            item.unit = unit_tok.text
            item.unit_tok = unit_tok
            if unit_tok.i - tokens[0].i >= item.end_tok and unit_tok.i - tokens[0].i - item.end_tok <= 5:
                item.end_tok = unit_tok.i - tokens[0].i + 1
    if item.unit is None:
        item.unit = _figure_unit(tokens[last.start]) or _quake_reading(tokens[last.start])
    _read_scale_word(tokens, item, hi)
    has_modifier = item.low_kind is not None or item.approximate or item.exact
    lo = 0
    if _is_year(num, tokens, item.unit_tok) and item.second is None:
        return None, resume
    if item.second is not None and _is_year(item.second, tokens, item.unit_tok) and _is_year(num, tokens, item.unit_tok):
        return None, resume
    if not has_modifier and _is_age(num, tokens, lo, hi):
        return None, resume
    if _is_label(num, tokens, lo, item.unit_tok) and not has_modifier:
        return None, resume
    if item.unit_tok is not None and item.unit_tok.pos_ == "PROPN" and item.unit_tok.text.isupper() \
            and len(item.unit_tok.text) > 1 and not num.spelled and not _in_class(item.unit_tok.lower_, "measure"):
        return None, resume     # "730 WVFN": a number in a name (a radio station, a model)
    if item.unit_tok is not None and _in_class(tokens[num.start].text, "emergency") \
            and _in_class(item.unit_tok.lemma_.lower(), "emergency_noun"):
        return None, resume     # "999 calls", "a 911 call": the number dialled, not a count
    if item.unit is None and num.start >= 1 \
            and (_in_class(tokens[num.start].text, "emergency") or _in_class(tokens[num.start].text, "dialled")) \
            and item.second is None and not has_modifier \
            and _in_class(tokens[num.start - 1].lemma_.lower(), "emergency_verb"):
        return None, resume     # "called 119", "dialled 999": the line called
    if _is_bare_one(num, has_modifier) and item.second is None:
        return None, resume
    if _is_the_only_one(num, tokens, item) or _is_street_block(num, tokens, item):
        return None, resume
    if _is_calendar_number(num, tokens, lo, hi) and item.second is None:
        return None, resume
    if not has_modifier and _is_definite_small(num, tokens, lo, item.unit) and item.second is None:
        return None, resume
    if num.vague or num.loose:
        item.approximate = True
    return [item], resume


@lru_cache(maxsize=1)
def _figure_words() -> tuple[frozenset[str], frozenset[str]]:
    """(figure verbs, figure nouns): "put the number of missing at 60" (figure_verbs.txt,
    figure_nouns.txt, shared with attribution)."""
    return (frozenset(r[0].lower() for r in read_lexicon("figure_verbs.txt")),
            frozenset(r[0].lower() for r in read_lexicon("figure_nouns.txt")))


def _figure_unit(tok: Token) -> Optional[str]:
    """The thing a reported figure counts (method: the number is the object of "at"/"to"
    after a figure verb whose object is a figure noun, or of "up/down from" beside it, or
    of "of" after a toll: "a death toll of 15" -> death toll):
    "put the number of missing at 60" -> missing, "raised the number of confirmed cases to
    120" -> cases, "put the death toll at 45, up from 30" -> death toll."""
    prep = tok.head
    if tok.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() == "toll":
        # "the high death toll of 15": what the toll counts, named by the toll itself
        toll = prep.head
        return " ".join([c.text for c in toll.children if c.dep_ == "compound"] + [toll.text])
    if tok.dep_ != "pobj" or prep.lower_ not in ("at", "to", "from"):
        return None
    verb = prep.head
    if prep.lower_ == "from":
        if verb.lower_ not in ("up", "down"):
            return None
        verb = verb.head            # "up from 30": beside the figure
    verbs, nouns = _figure_words()
    if verb.lemma_.lower() not in verbs:
        return None
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.lemma_.lower() in nouns), None)
    if obj is None:
        return None
    of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    counted = next((c for c in of.children if c.dep_ in ("pobj", "pcomp")), None) if of is not None else None
    if counted is not None:
        return counted.text
    return " ".join([c.text for c in obj.children if c.dep_ == "compound"] + [obj.text])


def _quake_reading(tok: Token) -> Optional[str]:
    """"The earthquake, measuring 6.1, ...", "the tremor measured 4.2": a reading of what a
    quake measured is a magnitude (quake nouns: quantity_context.txt)."""
    if tok.head.lemma_.lower() != "measure" or tok.dep_ not in ("dobj", "attr", "npadvmod"):
        return None
    return "magnitude" if any(_in_class(t.lemma_.lower(), "quake") for t in tok.sent) else None


def _read_scale_word(tokens: Sequence[Token], item: _Found, hi: int) -> None:
    """The scale a number is read on, named before it ("a magnitude 5.9 earthquake") or
    after it ("5.9 on the Richter scale"): that scale is the unit, not the noun after."""
    i = item.start_tok - 1
    if i >= 0 and _in_class(tokens[i].lower_, "scale_before"):
        item.unit, item.unit_tok = tokens[i].lower_, None
        item.start_tok = i
        item.end_tok = min(item.end_tok, (item.second or item.first).after_end or item.end_tok)
        return
    last = (item.second or item.first).end
    for k in range(last, min(last + 4, hi)):
        if _in_class(tokens[k].lower_, "scale_after"):
            item.unit, item.unit_tok = "magnitude", None
            return


def _read_modifiers_before(tokens: Sequence[Token], item: _Found) -> None:
    """Bound and approximation modifiers right before the number, several in a row
    allowed ("up to an estimated 3,000"), an article between them allowed ("up to a
    40 percent drop"); "about" after a topic verb is a preposition."""
    pos = item.start_tok
    for step in range(3):
        match = _match_before(tokens, pos, 0)
        if match is None and step == 0 and pos >= 1 and tokens[pos - 1].lower_ in ("a", "an"):
            match = _match_before(tokens, pos - 1, 0)
        if match is None:
            return
        start, kind = match
        if tokens[start].lower_ == "about" and start >= 1 and _in_class(tokens[start - 1].lemma_.lower(), "about_topic"):
            return
        if kind == "approx":
            item.approximate = True
        elif kind == "exact":
            item.exact = True
        elif kind == "range":
            item.low_kind = item.low_kind or "between"
        elif item.low_kind is None:
            item.low_kind = kind
        pos = start
        item.start_tok = start


def _read_second(tokens: Sequence[Token], item: _Found, j: int, hi: int) -> tuple[Optional[_Number], Optional[str], int]:
    """The other number of "X-Y", "X to Y", "between X and Y" (link "range"), of
    "X or Y" (link "or"), or of a score "won 2-1" (link "score")."""
    if j >= hi:
        return None, None, j
    link_tok = tokens[j]
    link = link_tok.lower_
    between = item.low_kind == "between"
    if link not in ("-", "to", "and", "or") or (link == "and" and not between):
        return None, None, j
    k = j + 1
    if k < hi and link == "or" and tokens[k].lower_ in ("so", "more", "fewer", "less", "above"):
        return None, None, j
    if k < hi and _currencies().get(tokens[k].text) and not tokens[k].text.isalpha():
        k += 1
    if k >= hi:
        return None, None, j
    second = _read_number(tokens, k)
    if second is None:
        return None, None, j
    _read_currency_before(tokens, second, 0)
    _read_trailing_unit(tokens, second)
    if link == "or":
        return second, "or", second.after_end
    if link == "to" and not between and _unit_changes(item.first, second):
        return second, "level", second.after_end
    if link == "to" and not between and _is_change(tokens, item):
        return second, "change", second.after_end
    if link == "to" and not between and _after_change_verb(tokens, item) and item.first.currency:
        return second, "level", second.after_end    # "Oil rose $1.20 to $84.50": a change, then the level
    if link == "-" and not between:
        first = item.first
        if first.value >= second.value and not second.scaled:
            return second, "score", second.after_end
    if item.low_kind == "between":
        item.low_kind = None
    return second, "range", second.after_end


def _unit_changes(first: _Number, second: _Number) -> bool:
    """"fell 0.9 per cent to $307.75", "rose 2 per cent to 7430.9": a change and the level
    it reached are two values, not a range (a range keeps its unit: "10 to 15 per cent")."""
    return first.percent and not second.percent


def _is_change(tokens: Sequence[Token], item: _Found) -> bool:
    """"rose from 5 to 10": "from" before a change verb makes "X to Y" two values."""
    i = item.start_tok - 1
    if i < 0 or tokens[i].lower_ != "from":
        return False
    head = tokens[i].head
    return _in_class(head.lemma_.lower(), "change_verb")


def _after_change_verb(tokens: Sequence[Token], item: _Found) -> bool:
    """The amount follows a change verb directly ("rose $1.20", "fell 40p"): what it
    changed by, so "to" after it gives the level reached, not the top of a range."""
    i = item.start_tok - 1
    return i >= 0 and tokens[i].pos_ in ("VERB", "AUX") and _in_class(tokens[i].lemma_.lower(), "change_verb")


def _valid_range(first: _Number, second: _Number) -> bool:
    """Carry a scale, a percent sign or a currency across a range ("2-5 million",
    "10-15%") and check that it rises (a falling "2-1" is a score or a vote)."""
    if second.scale > 1 and first.scale == 1 and first.value * second.scale <= second.value:
        first.value *= second.scale
        first.scaled, first.scale = True, second.scale
    if second.percent:
        first.percent = True
    if second.currency and not first.currency:
        first.currency = second.currency
    return first.value < second.value


def _is_phone_chain(tokens: Sequence[Token], num: _Number, hi: int) -> bool:
    """Phone numbers and codes: three or more digit groups joined by "-" or ".", or a
    bare digit group right next to another one ("(020) 7946 0958")."""
    if _phone_chain_end(tokens, num, hi) - num.start >= 5:
        return True
    if num.end - num.start != 1 or not tokens[num.start].text.isdigit():
        return False
    nxt = tokens[num.start + 1] if num.start + 1 < hi else None
    prev = tokens[num.start - 1] if num.start >= 1 else None
    if nxt is not None and nxt.text.isdigit():
        return True
    if prev is not None and prev.text.isdigit():
        return True
    return prev is not None and prev.text == ")" and num.start >= 2 and tokens[num.start - 2].text.isdigit()


def _phone_chain_end(tokens: Sequence[Token], num: _Number, hi: int) -> int:
    """Token index after a chain of digit groups joined by "-" or "."."""
    j = num.start
    while j + 2 < hi and tokens[j + 1].text in ("-", ".") and tokens[j + 2].text.isdigit() \
            and tokens[j].text.replace(",", "").isdigit():
        j += 2
    return j + 1


def _inherit_units(found: list[_Found], tokens: Sequence[Token]) -> None:
    """A bare number takes the unit of its alternative ("1,500 or 12,000 troops") or of
    a quantity it is coordinated with in the parse ("12 people ... and 30"), when that
    is the only such neighbour."""
    for item in found:
        if item.unit is not None:
            continue
        if item.sibling is not None and item.sibling.unit is not None:
            item.unit = item.sibling.unit
            continue
        core = tokens[item.first.start]
        linked = [other for other in found if other is not item and other.unit is not None
                  and _coordinated(core, tokens[other.first.start])]
        units = {other.unit for other in linked}
        if len(units) == 1:
            item.unit = units.pop()


def _coordinated(a: Token, b: Token) -> bool:
    """``a`` and ``b`` are conjuncts of each other, or of the same head's number, in one sentence."""
    if a.sent.start != b.sent.start:
        return False
    return (a.dep_ == "conj" and a.head.i == b.i) or (b.dep_ == "conj" and b.head.i == a.i)


def _to_mention(item: _Found, tokens: Sequence[Token]) -> QuantityMention:
    """Offsets and values of a built quantity."""
    first, second = item.first, item.second
    start_tok = tokens[item.start_tok]
    end_tok = tokens[max(item.end_tok, (second or first).end) - 1]
    start, end = start_tok.idx, end_tok.idx + len(end_tok.text)
    unit = item.unit
    if re.fullmatch(r"\d[\d,.]*[A-Za-z]{1,3}\.", end_tok.text) and _ends_a_sentence(end_tok):
        end -= 1        # "valued at $5K.": the full stop is not part of the amount
    if unit and re.fullmatch(r"[A-Za-z]{1,3}\.", end_tok.text) and unit == end_tok.text and _ends_a_sentence(end_tok):
        # "weighs 112g.", "is 300m.": the sentence's full stop glued to a unit abbreviation
        unit, end = unit[:-1], end - 1
    last_num = second or first
    number_start = tokens[first.start].idx
    number_end = tokens[last_num.end - 1].idx + len(tokens[last_num.end - 1].text)
    doc_text = text_of(start_tok.doc)
    if second is not None:
        low, high = first.value, second.value
    elif item.low_kind == "high":
        low, high = None, first.value
    elif item.low_kind == "low" or first.vague:
        low, high = first.value, None
    else:
        low = high = first.value
    alternatives = None
    if item.partner is not None:
        pair = sorted([item, item.partner], key=lambda f: f.first.start)
        alternatives = [(_plain(p.first.value), _plain(p.first.value)) for p in pair]
    return QuantityMention(start=start, end=end, text=doc_text[start:end], low=_plain(low), high=_plain(high),
                           approximate=item.approximate, unit=unit,
                           number_start=number_start, number_end=number_end,
                           alternatives=alternatives)


def _ends_a_sentence(tok: Token) -> bool:
    """Nothing, a line break, a new sentence or a capital follows ``tok``: a full stop
    glued to it ("$5K.", "112g.") is the sentence's, not an abbreviation's."""
    doc = tok.doc
    if tok.i + 1 >= len(doc):
        return True
    nxt = doc[tok.i + 1]
    return nxt.is_space or nxt.is_sent_start or nxt.text[:1].isupper()


def _plain(value: Optional[float]) -> Optional[float]:
    """Whole values as ``int`` (10000, not 10000.0, in the JSON record)."""
    if value is not None and float(value).is_integer() and abs(value) < 1e18:
        return int(value)
    return value
