"""Cleaning: cut web boilerplate out of an article body, line by line.

Method.  The body is split into lines; a line is a paragraph, surrounding white space is
dropped and blank lines collapse.  Each line is judged on its own by a few signals, combined
rather than one regex:

* lexicon phrases (``data/lexicons/boilerplate.txt``): block headers (``LATEST DEVELOPMENTS:``,
  ``Related articles``, ``READ MORE``), navigation and widget labels, promo/newsletter lines,
  credit lines (``(Reporting by ...; Editing by ...)``, ``[With Reuters]``), ad labels and
  ad-network strings;
* glued headlines: tokens with an inner lower-to-upper case change where both halves are
  plausible words (``againBritish``, ``SpainGerman``), scored so that known camel-case words
  (``YouTube``, ``McDonald``; ``data/lexicons/boilerplate_camelcase.txt``) and one odd token in
  a normal sentence do not count;
* script and page-code lines, separator lines, bylines, menus, one-word lines in another script,
  and lines in another language (few English function words, ``english_function_words.txt``,
  and py3langid naming another language: an embedded tweet in Spanish);
* picture captions: a line ending in a photo credit ("... (PA)", "... (Image credit: Getty
  Images)", "... REUTERS/Jane Doe"; ``data/lexicons/boilerplate_credits.txt``), a caption note
  closing a paragraph ("Image used for representational purposes.", cut off the paragraph);
* publication timestamps ("Updated: Mar 3, 2024, 10:15 AM EST"; every word a month, a
  weekday, a label or a time zone of ``data/lexicons/boilerplate_timestamps.txt``); bylines
  in capitals ("JANE DOE, THE DAILY STAR", "STAFF REPORTER"), user handles ("jane_doe"), a
  line that is only an outlet's name (``media.txt``) and the authors' names under it.

A block header then takes the following headline-like lines with it (short, no sentence-final
full stop, no reporting structure), up to a small cap.  When unsure, a line is kept: any line
that ends like a sentence and carries a reporting word (``said``, ``told``, ``according to``;
``data/lexicons/boilerplate_keep.txt``) is never cut, except for page code and ad-network strings.

Across lines: a line that is not a sentence and comes twice (a caption printed twice), or
repeats a caption already cut, is a caption in every copy; the headline printed again in the
body is cut ("headline"), and so is a standfirst printed again as (the start of) a later
paragraph ("standfirst"), and the line that leads into a promo naming the same brand to
the reader ("There's more to Crikey than you think."); after a copyright notice the rest of the page is footer, until a
line that reads as a report.  Numeric character references that lost their ``&#``
("8220;" for a curly quote, as some scrapers leave them) are decoded first.

Kept lines are the input lines (stripped of surrounding white space, with those references
decoded) joined by ``"\\n"``; every cut line goes to ``removed`` with its reason.  Pure
Python, no spaCy.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional

from claimledger.record import Removed

__all__ = ["CleanArticle", "clean", "headline_like"]

MAX_BLOCK_LINES = 8          # a header takes at most this many following lines
HEADLINE_MAX_WORDS = 25      # a headline (or one glued segment) is at most this long
DEFAULT_MAX_WORDS = 30       # default word limit for ^ $ ~ lexicon matches
EXACT_MAX_WORDS = 40         # "=" phrases are only tried on lines this short


@dataclass
class CleanArticle:
    text: str
    removed: list[Removed] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)


@dataclass(frozen=True)
class _Verdict:
    reason: str
    block: bool = False          # a header that takes the following headline-like lines
    keep: Optional[str] = None   # the part of the line that stays (a paragraph before page code)


# ---------------------------------------------------------------------------------------
# Lexicons
# ---------------------------------------------------------------------------------------

@dataclass
class _Section:
    reason: str
    block: bool = False
    max_words: int = DEFAULT_MAX_WORDS
    min_words: int = 1
    bracketed: bool = False
    anylength: bool = False
    nosentence: bool = False
    exact: list[str] = field(default_factory=list)
    prefix: list[str] = field(default_factory=list)
    suffix: list[str] = field(default_factory=list)
    contains: list[str] = field(default_factory=list)
    regexes: dict[str, Optional[re.Pattern]] = field(default_factory=dict)


def _lexicon_lines(name: str) -> list[str]:
    """Non-comment, non-blank lines of a lexicon file shipped in claimledger/data/lexicons."""
    text = resources.files("claimledger").joinpath("data", "lexicons", name).read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


def _phrase_regex(phrase: str) -> str:
    """A lexicon phrase as a regex body: '*' is any text, '#' a number, the rest literal."""
    parts = []
    for ch in phrase:
        if ch == "*":
            parts.append(".*?")
        elif ch == "#":
            parts.append(r"\d+(?:[.,]\d+)*(?!\d)")   # one reading only: no backtracking
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def _alternation(phrases: list[str], left_edge: bool = False, right_edge: bool = False) -> str:
    """Phrases as one regex alternation, longest first; a phrase edge that is a word character
    gets a word boundary when asked for (so "more" does not match "moreover")."""
    alts = []
    for p in sorted(phrases, key=len, reverse=True):
        body = _phrase_regex(p)
        if left_edge and (p[0].isalnum() or p[0] == "#"):
            body = r"(?<!\w)" + body
        if right_edge and (p[-1].isalnum() or p[-1] == "#"):
            body += r"(?!\w)"
        alts.append(body)
    return "|".join(alts)


def _compile_section(sec: _Section) -> None:
    """Compile one regex per match kind (exact, prefix, suffix, contains)."""
    if sec.exact:
        sec.regexes["exact"] = re.compile(r"(?:(?:%s)\W*)+" % _alternation(sec.exact))
        literal = [p for p in sec.exact if "*" not in p]
        if literal:
            sec.regexes["exact_literal"] = re.compile(r"(?:(?:%s)\W*)+" % _alternation(literal))
    if sec.prefix:
        sec.regexes["prefix"] = re.compile(r"(?:%s)" % _alternation(sec.prefix, right_edge=True))
    if sec.suffix:
        sec.regexes["suffix"] = re.compile(r"(?:%s)$" % _alternation(sec.suffix, left_edge=True))
    if sec.contains:
        sec.regexes["contains"] = re.compile(
            r"(?:%s)" % _alternation(sec.contains, left_edge=True, right_edge=True))


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[_Section, ...]:
    """Parse boilerplate.txt into sections (see the file's header for the syntax)."""
    sections: list[_Section] = []
    for line in _lexicon_lines("boilerplate.txt"):
        if line.startswith("["):
            words = line.strip("[]").split()
            sec = _Section(reason=words[0])
            for flag in words[1:]:
                if flag == "block":
                    sec.block = True
                elif flag == "bracketed":
                    sec.bracketed = True
                elif flag == "anylength":
                    sec.anylength = True
                elif flag == "nosentence":
                    sec.nosentence = True
                elif flag.startswith("max="):
                    sec.max_words = int(flag[4:])
                elif flag.startswith("min="):
                    sec.min_words = int(flag[4:])
                else:
                    raise ValueError(f"boilerplate.txt: unknown flag {flag!r} in {line!r}")
            sections.append(sec)
            continue
        kind, _, phrase = line.partition(" ")
        phrase = _fold(phrase.strip()).lower()
        target = {"=": sections[-1].exact, "^": sections[-1].prefix,
                  "$": sections[-1].suffix, "~": sections[-1].contains}.get(kind)
        if target is None or not phrase:
            raise ValueError(f"boilerplate.txt: bad entry {line!r}")
        target.append(phrase)
    for sec in sections:
        _compile_section(sec)
    return tuple(sections)


@lru_cache(maxsize=1)
def _camelcase() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(known camel-case words, name particles lower-cased, headline-opening words)."""
    groups: dict[str, set[str]] = {"known": set(), "particles": set(), "starts": set()}
    current = None
    for line in _lexicon_lines("boilerplate_camelcase.txt"):
        if line.startswith("["):
            current = groups[line.strip("[]")]
        elif current is not None:
            current.add(line)
    return (frozenset(groups["known"]), frozenset(w.lower() for w in groups["particles"]),
            frozenset(groups["starts"]))


@lru_cache(maxsize=1)
def _report_regex() -> re.Pattern:
    """Whole-word regex of the reporting words in boilerplate_keep.txt."""
    words = sorted(_lexicon_lines("boilerplate_keep.txt"), key=len, reverse=True)
    return re.compile(r"\b(?:%s)\b" % "|".join(re.escape(w) for w in words), re.IGNORECASE)


# ---------------------------------------------------------------------------------------
# Line signals
# ---------------------------------------------------------------------------------------

_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                       "\u00a0": " ", "\u2013": "-", "\u2014": "-"})
_LEAD_JUNK = " \t-\u2013\u2014\u2022\u00b7*>\u00bb|~+:=_([{"
_TRAIL_JUNK = " \t:.\u2026!\u00bb>|-\u2013\u2014_)]}"
_SENTENCE_END = re.compile(r"""[.!?][\"'\u201d\u2019)\]]*$""")
_ELLIPSIS_END = re.compile(r"""(?:\.\.\.|\u2026)[\"'\u201d\u2019)\]]*$""")
_QUOTE_START = "\"'\u201c\u2018"


def _fold(s: str) -> str:
    """Curly quotes, dashes and no-break spaces folded to ASCII (for matching only)."""
    return s.translate(_FOLD)


def _norm(line: str) -> str:
    """Lower-cased, folded line with leading bullets/arrows and trailing punctuation stripped."""
    return _fold(line).lower().lstrip(_LEAD_JUNK).rstrip(_TRAIL_JUNK).strip()


def _ends_sentence(line: str) -> bool:
    """Ends with . ! or ? (optionally inside closing quotes/brackets), not with an ellipsis."""
    return bool(_SENTENCE_END.search(line)) and not _ELLIPSIS_END.search(line)


def _reads_as_report(line: str) -> bool:
    """A real reported paragraph: ends like a sentence, 8+ words, carries a reporting word."""
    return (_ends_sentence(line) and len(line.split()) >= 8
            and bool(_report_regex().search(line)))


def headline_like(line: str) -> bool:
    """Reads as a headline or link text rather than a paragraph.

    Short (each glued segment at most 25 words), no final full stop, not ending in
    ":" "," ";", not opening with a quote mark, no reporting structure; a final "?" or "!"
    is allowed on short lines.
    """
    line = line.strip()
    words = line.split()
    if not words or _reads_as_report(line) or line[0] in _QUOTE_START:
        return False
    if line.endswith((":", ",", ";")):
        return False
    if _ends_sentence(line):
        if line.rstrip("\"'\u201d\u2019)]").endswith(".") or len(words) > 15:
            return False
    return max(len(seg.split()) for seg in _glued_segments(line)[0]) <= HEADLINE_MAX_WORDS


# --- glued headlines -------------------------------------------------------------------

_VOWELS = set("aeiouyAEIOUY")
_CAMEL = re.compile(r"[^\W\d_A-Z][^\W\d_a-z]")     # a lower-case letter, then an upper-case one
_SKIP_TOKEN = re.compile(r"[@#/\\_=]|https?:|www\.|\.com|\d", re.IGNORECASE)
_INNER_SENTENCE_END = re.compile(r"[a-z]{3}[.!?][\"'\u201d\u2019]? +[A-Z\"'\u201c\u2018]")


def _join_strength(run: str, k: int, bounds: list[int]) -> float:
    """Evidence (0, 0.5 weak, 1 strong) that run[k] starts a glued-on headline.

    ``bounds`` are all join positions in the letter run.  Known camel-case words spanning the
    join, name particles (Mc, De, al), one-letter halves (iPhone) and halves without a vowel
    (random ids) count 0; a lower-case left half (``againBritish``) or a right half that opens
    a headline (``AustraliaWhat``) is strong; two capitalised halves (``SpainGerman``) are weak.
    """
    known, particles, starts = _camelcase()
    cuts = [0] + bounds + [len(run)]
    i = cuts.index(k)
    left, right = run[cuts[i - 1]:k], run[k:cuts[i + 1]]
    for a in range(i):                      # a known word spanning this join
        for b in range(i + 1, len(cuts)):
            word = run[cuts[a]:cuts[b]]
            if word in known or (word.endswith("s") and word[:-1] in known):
                return 0.0
    if right in starts and len(left) >= 2:
        return 1.0
    if len(left) < 2 or len(right) < 2:
        return 0.0
    if cuts[i - 1] == 0 and left.lower() in particles:
        return 0.0
    if not (_VOWELS & set(left)) or not (_VOWELS & set(right)):
        return 0.0
    if not right[1:].islower():             # "amfAR", "LeaderSEPT": acronyms, not headlines
        return 0.0
    return 1.0 if left.islower() else 0.5


def _glued_segments(line: str) -> tuple[list[str], float, float]:
    """Split a line at glue points; return (segments, total score, strong-join count).

    A glue point is a lower-to-upper change inside a token whose halves are plausible words.
    A camel-case word seen twice in the line is a name ("TayTay"), counted once.
    """
    if not _CAMEL.search(line):
        return [line], 0.0, 0.0
    cut_points: list[int] = []
    score = strong = 0.0
    seen: set[str] = set()
    for tok in re.finditer(r"\S+", line):
        if not _CAMEL.search(tok.group()) or _SKIP_TOKEN.search(tok.group()):
            continue
        for run in re.finditer(r"[^\W\d_]+", tok.group()):
            text = run.group()
            bounds = [k for k in range(1, len(text)) if text[k - 1].islower() and text[k].isupper()]
            for k in bounds:
                strength = _join_strength(text, k, bounds)
                if strength:
                    cut_points.append(tok.start() + run.start() + k)
                    if text not in seen:
                        score += strength
                        strong += strength == 1.0
            seen.add(text)
    if not cut_points:
        return [line], 0.0, 0.0
    edges = [0] + cut_points + [len(line)]
    return [line[a:b] for a, b in zip(edges, edges[1:])], score, strong


def _glued_verdict(line: str) -> Optional[_Verdict]:
    """Glued headlines, or a header glued to its first headline ("RelatedIsis ...")."""
    segments, score, strong = _glued_segments(line)
    if len(segments) < 2:
        return None
    if any(len(seg.split()) > HEADLINE_MAX_WORDS + 5 for seg in segments):
        return None                         # a real paragraph with one odd token
    head = _exact_verdict(segments[0])
    if head is not None and (head.block or len(segments[0].split()) >= 2):
        return _Verdict(head.reason)         # single-word widget labels glue into brands
    if any(_INNER_SENTENCE_END.search(seg) for seg in segments):
        return None                         # prose with a typo ("andBong"), not headlines
    if score >= 1.5 and strong >= 1:
        return _Verdict("glued-headlines")
    if strong >= 1 and not _ends_sentence(line) and all(len(s.split()) >= 3 for s in segments):
        return _Verdict("glued-headlines")
    return None


# --- other signals ---------------------------------------------------------------------

_CODE = re.compile(
    r"<!\[CDATA\[|function\s*\(|\bvar\s+\w+\s*=|\b(?:document|window)\.\w+|getElementsBy|getElementById"
    r"|<!--|-->|@media\b|^[\w.$]+\([^()]*\)\s*;?\s*$|\{[^{}]*:[^{}]*;\s*\}")
_MARKUP = re.compile(r"</?(?:a|div|span|script|iframe|img|p|br|style|noscript|em|strong|b|i)\b[^>]*>",
                     re.IGNORECASE)
_CODE_CHARS = set("{}();=<>$[]")
_BYLINE = re.compile(r"^by\s+(.*)$", re.IGNORECASE)
_BYLINE_FILLER = {"and", "&", "|", ",", "-", "of", "the", "in", "for", "at", "de", "van", "von"}
_EMAIL_ONLY = re.compile(r"^(?:e-?mail:?\s*)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+$", re.IGNORECASE)
_MENU_SPLIT = re.compile(r"\s*[|\u2022\u00b7\u00bb]\s*|\s+>\s+")   # " > ": a breadcrumb trail


def _code_verdict(line: str) -> Optional[_Verdict]:
    """Script, style or markup left in the text (the method is in the module docstring).

    From the token holding the first code pattern to the end of the line is code.  When a real
    paragraph (a sentence of 8+ words) comes before it, the paragraph stays and only the code
    goes; otherwise the whole line goes if the code starts it, or the line is short or
    symbol-dense.
    """
    m = _CODE.search(line)
    if not m:
        # HTML tags alone: page debris when little text is left, else prose with stray tags
        if _MARKUP.search(line) and len(_MARKUP.sub(" ", line).split()) < 8:
            return _Verdict("code")
        return None
    start = line.rfind(" ", 0, m.start()) + 1
    prefix = line[:start].rstrip()
    if len(prefix.split()) >= 8 and _ends_sentence(prefix):
        return _Verdict("code", keep=prefix)
    dense = sum(ch in _CODE_CHARS for ch in line) / max(len(line), 1) >= 0.03
    if not prefix or dense or len(line.split()) <= 40:
        return _Verdict("code")
    return None


def _is_byline(line: str) -> bool:
    """'By Jane Smith', 'BY EDDIE SCARRY | 01/12/15 12:35 PM': capitalised names, no sentence."""
    m = _BYLINE.match(line.strip())
    if not m or _ends_sentence(line) and not re.search(r"\b[A-Z]\.$", line):
        return False
    words = [w.strip(",;|") for w in m.group(1).split()]
    words = [w for w in words if w and w.lower() not in _BYLINE_FILLER]
    return 0 < len(words) <= 8 and all(w[0].isupper() or w[0].isdigit() for w in words)


def _is_foreign_script(line: str) -> bool:
    """One to three words whose letters are all outside the Latin script (a language switcher)."""
    if len(line.split()) > 3:
        return False
    letters = [ch for ch in line if ch.isalpha()]
    if not letters:
        return False
    return not any(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)


FOREIGN_MIN_WORDS = 6             # shorter lines are names, labels, headlines: too short to tell
FOREIGN_MAX_FUNCTION_SHARE = 0.08  # English prose has far more of its function words
FOREIGN_MIN_PROBABILITY = 0.7     # py3langid's normalised probability of the other language


@lru_cache(maxsize=1)
def _english_function_words() -> frozenset[str]:
    return frozenset(w.lower() for w in _lexicon_lines("english_function_words.txt"))


def _is_foreign_language(line: str) -> bool:
    """A line in another language inside an English article (an embedded tweet in Spanish,
    an untranslated quote): six words or more, almost none of them English function words
    (english_function_words.txt), and py3langid (the model of ``claimledger.language``)
    gives another language a probability of at least 0.7.  The function-word test runs
    first, so the model is asked about very few lines (measured: 44 of 29,292 FNC-1 body
    lines are cut, all in another language or a bibliography line)."""
    words = re.findall(r"[^\W\d_]+", line.lower())
    if len(words) < FOREIGN_MIN_WORDS:
        return False
    function = _english_function_words()
    if sum(w in function for w in words) / len(words) >= FOREIGN_MAX_FUNCTION_SHARE:
        return False
    from claimledger.language import _identifier
    language, probability = _identifier().classify(line)
    return language != "en" and probability >= FOREIGN_MIN_PROBABILITY


def _is_menu(line: str) -> bool:
    """Three or more short items separated by | • · » (a menu or share bar)."""
    items = [it for it in _MENU_SPLIT.split(line.strip()) if it]
    if len(items) < 3:
        return False
    return all(len(it.split()) <= 4 and not _ends_sentence(it) for it in items)


def _is_bracketed(line: str) -> bool:
    s = line.strip()
    return len(s) > 2 and ((s[0] == "[" and s[-1] == "]") or (s[0] == "(" and s[-1] == ")"))


def _exact_match(sec: _Section, line: str, norm: str, n_words: int) -> bool:
    """The normalised line is a run of the section's '=' phrases.

    Phrases with a wildcard ("more from *") do not match a line that reads as a sentence
    (5+ words ending in . ! ?): "Elsewhere on the grounds are six golf tee boxes."
    """
    if "exact" not in sec.regexes or n_words > EXACT_MAX_WORDS or n_words < sec.min_words:
        return False
    literal = sec.regexes.get("exact_literal")
    if literal is not None and literal.fullmatch(norm):
        return True
    if n_words >= 5 and _ends_sentence(line):
        return False
    return bool(sec.regexes["exact"].fullmatch(norm))


def _exact_verdict(line: str) -> Optional[_Verdict]:
    """The line is one of the lexicon's '=' phrases (or a run of one section's phrases)."""
    norm = _norm(line)
    if not norm:
        return None
    n_words = len(line.split())
    for sec in _boilerplate():
        if (not sec.bracketed or _is_bracketed(line)) and _exact_match(sec, line, norm, n_words):
            return _Verdict(sec.reason, block=sec.block)
    return None


def _lexicon_verdict(line: str, n_words: int, protected: bool) -> Optional[_Verdict]:
    """First lexicon section whose =, ^, $ or ~ phrases match the line within its limits."""
    norm = _norm(line)
    if not norm:
        return None
    for sec in _boilerplate():
        if protected and not sec.anylength:
            continue
        if sec.bracketed and not _is_bracketed(line):
            continue
        if _exact_match(sec, line, norm, n_words):
            return _Verdict(sec.reason, block=sec.block)
        if not sec.anylength and n_words > sec.max_words or n_words < sec.min_words:
            continue
        if sec.nosentence and ((n_words >= 8 and _ends_sentence(line)) or line.endswith(":")):
            continue
        if (("prefix" in sec.regexes and sec.regexes["prefix"].match(norm))
                or ("suffix" in sec.regexes and sec.regexes["suffix"].search(norm, max(0, len(norm) - 200)))
                or ("contains" in sec.regexes and sec.regexes["contains"].search(norm))):
            return _Verdict(sec.reason)
    return None


def _judge_line(line: str) -> Optional[_Verdict]:
    """Why this line alone is boilerplate, or None to keep it (see the module docstring)."""
    if not any(ch.isalnum() for ch in line):
        return _Verdict("separator")
    verdict = _code_verdict(line)
    if verdict is not None:
        return verdict
    n_words = len(line.split())
    protected = _reads_as_report(line)
    verdict = _lexicon_verdict(line, n_words, protected)
    if verdict is not None or protected:
        return verdict
    verdict = _glued_verdict(line)
    if verdict is not None:
        return verdict
    if _is_byline(line) or _EMAIL_ONLY.match(line) or _is_caps_byline(line) or _is_name_role_byline(line) \
            or _HANDLE.match(line) \
            or _is_outlet_line(line):
        return _Verdict("credit")
    if _is_timestamp(line):
        return _Verdict("timestamp")
    if _is_credit_bar(line):
        return _Verdict("credit")
    if _CSS_CLASS.match(line):
        return _Verdict("code")
    if n_words <= 10 and not _ends_sentence(line) and _is_credit_text(line):
        return _Verdict("credit")      # "Getty Images/iStockphoto", "Photograph: Anna Gordon/The Guardian"
    if _ends_in_credit(line) or _has_position_marker(line, n_words):
        return _Verdict("caption")
    if _EMBED.search(line) or _TWEET_SIGNATURE.match(line):
        return _Verdict("embed")
    if _CAPTION_START.match(line) or (n_words <= 30 and _GLUED_CREDIT.search(line)):
        return _Verdict("caption")
    if _is_foreign_script(line):
        return _Verdict("foreign-script")
    if _is_foreign_language(line):
        return _Verdict("foreign-language")
    if _is_menu(line):
        return _Verdict("navigation")
    return None


# ---------------------------------------------------------------------------------------
# The article
# ---------------------------------------------------------------------------------------

def _take_blocks(lines: list[str], verdicts: list[Optional[_Verdict]]) -> None:
    """Extend every block header over the headline-like lines that follow it (in place)."""
    for i, verdict in enumerate(verdicts):
        if verdict is None or not verdict.block:
            continue
        for j in range(i + 1, min(i + 1 + MAX_BLOCK_LINES, len(lines))):
            if verdicts[j] is not None and verdicts[j].keep is not None:
                break                        # a real paragraph (with page code cut off)
            if verdicts[j] is not None:
                continue                     # already cut for its own reason
            if not headline_like(lines[j]):
                break
            verdicts[j] = _Verdict(verdict.reason)


# Embedded social posts and captions: a tweet's text carries its pic.twitter.com link, its
# signature line "— Name (@handle) Month D, YYYY"; a caption opens with "PHOTO:" or "[+]
# Enlarge", or ends in a credit glued to its last full stop ("... in 2007.The Daily Courier").
_EMBED = re.compile(r"pic\.twitter\.com/\w+", re.IGNORECASE)
_TWEET_SIGNATURE = re.compile(r"^[\u2014\u2013-]\s*[^()]{1,80}\(@\w{1,30}\)\s+\w+ \d{1,2}, \d{4}$")
_CAPTION_START = re.compile(r"^(?:\[\+\]\s*Enlarge|(?:PHOTO|PHOTOS|IMAGE|VIDEO|WATCH)\s*:)", re.IGNORECASE)
_GLUED_CREDIT = re.compile(r"[a-z0-9]\.[A-Z][A-Za-z]+(?: [A-Z][A-Za-z.]+){0,3}$")


# --- captions, credits, timestamps, bylines (issue 8) ---------------------------------

_TEMPLATE_TOKEN = re.compile(r"\{[a-z_]{2,20}\}")                     # "{adslot}": a template's ad token
_TRAILING_SIGNATURE = re.compile(r"\s*[\u2014\u2013-]\s*[^()\u2014\u2013]{1,80}\(@\w{1,30}\)\s+\w+ \d{1,2}, \d{4}$")
_HANDLE = re.compile(r"^@?[a-z][a-z0-9]*(?:_[a-z0-9]+)+$")              # "jane_doe": a user handle
_CSS_CLASS = re.compile(r"^[a-z]+(?:-[a-z0-9]+){2,}$")                  # "body-container-line-1"
# a final credit in parentheses, "(PA)", or in square brackets, "[CEN]" (UK tabloid style)
_FINAL_PARENS = re.compile(r"[(\[]([^()\[\]]{1,80})[)\]]\W{0,2}$")
_SLASH_CREDIT = re.compile(r"(?:^|\s)([A-Z][A-Z .-]{1,20})/[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}\.?$")
_CHAR_REFERENCE = re.compile(r"(?<![&#\d])(8[12]\d\d);")               # "8220;" = &#8220;
_REFERENCE_RANGE = range(8192, 8304)                                    # General Punctuation


@lru_cache(maxsize=1)
def _credit_words() -> dict[str, frozenset[str]]:
    """The sections of boilerplate_credits.txt: agency, label, trailing."""
    groups: dict[str, set[str]] = {}
    current: Optional[set[str]] = None
    for line in _lexicon_lines("boilerplate_credits.txt"):
        if line.startswith("["):
            current = groups.setdefault(line.strip("[]"), set())
        elif current is not None:
            current.add(line.lower())
    return {k: frozenset(v) for k, v in groups.items()}


@lru_cache(maxsize=1)
def _timestamp_words() -> frozenset[str]:
    """Labels and zones (boilerplate_timestamps.txt), month and weekday names (time_*.txt)."""
    words = set(_lexicon_lines("boilerplate_timestamps.txt"))
    for name in ("time_months.txt", "time_weekdays.txt"):
        words |= {ln.split("\t")[0].rstrip(".") for ln in _lexicon_lines(name)}
    return frozenset(w.lower() for w in words)


def _is_credit_text(text: str) -> bool:
    """"Getty", "PA Wire", "Image credit: Getty Images", "Photo: Jane Doe": a picture credit."""
    t = _fold(text).lower().strip(" .:;,")
    words = _credit_words()
    if t in words.get("agency", ()):
        return True
    head = re.split(r"\s*[:/]\s*", t, maxsplit=1)
    if len(head) == 2 and (head[0] in words.get("label", ()) or head[0] in words.get("agency", ())):
        return True
    return False


def _ends_in_credit(line: str) -> bool:
    """A picture caption: a line (not a report) ending in a credit in parentheses ("(PA)",
    "(Image credit: Getty Images)"), in "AGENCY/Name" ("REUTERS/Jane Doe") or in a picture
    label and its credit after the caption's last sentence ("... at the gala. Photo: Getty")."""
    if len(line.split()) > 60:
        return False
    m = _FINAL_PARENS.search(line)
    if m and _is_credit_text(m.group(1)) and len(line[:m.start()].split()) >= 2 \
            and not (line[m.start()] == "[" and line[:m.start()].rstrip()[-1:] in {".", "!", "?"}):
        # "[CEN]" closes a caption; "... doesn't suck. [Bloomberg]" tags a blog paragraph's source
        return True
    m = _SLASH_CREDIT.search(line)
    if m and m.group(1).strip().lower() in _credit_words().get("agency", ()):
        return True
    m = _FINAL_PICTURE_CREDIT.search(line)
    if not (m and len(line[:m.start()].split()) >= 2 and len(m.group(1).split()) <= 8 and _is_credit_text(m.group(1))):
        return False
    credit = m.group(1).split(":", 1)[1].split()
    return all(w[:1].isupper() or w.lower() in _CREDIT_JOINERS or "/" in w for w in credit)   # names, not a description


_CREDIT_JOINERS = {"and", "&", "of", "for", "via", "de", "van", "von", "/"}


# "... at the gala. Photo: Getty": a picture label and its credit closing the caption
_FINAL_PICTURE_CREDIT = re.compile(
    r"(?<=[.!?\"\u201d\u2019])\s+((?:Photo|Photos|Photograph|Picture|Pictures|Image|Images|Photo credit|Image credit)"
    r"\s*:\s*[^.:!?]{1,60})\.?$")


def _has_position_marker(line: str, n_words: int) -> bool:
    """A picture caption that points into its picture: "(above)", "(left)", "(pictured)"
    (boilerplate_credits.txt [position]) in a line of 4 to 60 words that does not end like
    a sentence ("Mittens (above) will be the first cat to ..."); body text that names
    "(pictured)" ends with a full stop and stays."""
    if not 4 <= n_words <= 60 or _ends_sentence(line):
        return False
    positions = _credit_words().get("position", ())
    return any(m.group(1).lower().strip() in positions for m in _PARENS.finditer(line))


_PARENS = re.compile(r"\(([^()]{1,30})\)")


def _trailing_caption(line: str) -> Optional[str]:
    """The paragraph before a caption note that closes it ("... on Monday. Image used for
    representational purposes."), or None."""
    notes = _credit_words().get("trailing", ())
    for m in re.finditer(r"(?<=[.!?\u201d\"])\s+", line):
        tail = _fold(line[m.end():]).lower().strip(" .()")
        if tail in notes:
            return line[:m.start()]
    return None


_GLUED_HEADER_START = re.compile(r"(?<=[.!?\"\u201d\u2019])\s+(?=[A-Z][a-z]+(?: [a-z]+)?[A-Z])")


def _trailing_glued_block(line: str) -> Optional[tuple[str, str]]:
    """A paragraph that ends in a block header glued to its first headline ("... for
    charging.  RelatedApple Watch battery will last ..."; a scraper ran the related-links
    box into the text): (the paragraph before it, the reason), or None.  The tail must
    open with a block header of the lexicon and be judged glued headlines on its own."""
    for m in _GLUED_HEADER_START.finditer(line):
        head, tail = line[:m.start()], line[m.end():]
        if len(head.split()) < 8:
            continue
        segments = _glued_segments(tail)[0]
        header = _exact_verdict(segments[0]) if len(segments) >= 2 else None
        if header is None or not header.block:
            continue
        verdict = _glued_verdict(tail)
        if verdict is not None:
            return head, verdict.reason
    return None


def _is_timestamp(line: str) -> bool:
    """A publication timestamp line: digits, and otherwise only month and weekday names,
    timestamp labels and time zones ("Updated: Mar 3, 2024, 10:15 AM EST")."""
    if not re.search(r"\d", line) or len(line.split()) > 16 or line.rstrip().endswith("."):
        return False
    allowed = _timestamp_words()
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", line)]
    if not all(w in allowed for w in words):
        return False
    return bool(re.search(r"\d{1,2}:\d\d", line)) or any(w not in ("on", "at", "date", "time") for w in words)


@lru_cache(maxsize=1)
def _staff_roles() -> frozenset[str]:
    return frozenset(r.split("\t")[0].lower() for r in _lexicon_lines("boilerplate_bylines.txt"))


def _is_caps_byline(line: str) -> bool:
    """A byline in capitals: "JANE DOE, THE DAILY STAR", "STAFF REPORTER" (two to seven
    words, no lower-case letter, not a sentence; a comma or a staff role in it)."""
    words = line.split()
    if not 2 <= len(words) <= 7 or _ends_sentence(line):
        return False
    letters = [ch for ch in line if ch.isalpha()]
    if len(letters) < 6 or any(ch.islower() for ch in letters):
        return False
    norm = _norm(line)
    if "," in line and re.fullmatch(r"[a-z .'\-]+,[a-z .'\-&]+", norm):
        return True
    return any(norm == role or norm.endswith(" " + role) for role in _staff_roles())


def _is_name_role_byline(line: str) -> bool:
    """A byline of a name and a desk role ("Jane Doe | Senior Reporter", "Jane Doe, Political
    Editor"): two to four capitalised words, "|" or ",", then at most four words ending in a
    staff role (boilerplate_bylines.txt); not a sentence."""
    parts = re.split(r"\s*[|,]\s*", line.strip(), maxsplit=1)
    if len(parts) != 2 or _ends_sentence(line):
        return False
    name, role = parts
    names = name.split()
    if not 2 <= len(names) <= 4 or not all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha()
                                           for w in names):
        return False
    role_norm = _norm(role)
    return 1 <= len(role_norm.split()) <= 4 and (any(
        role_norm == r or role_norm.endswith(" " + r) for r in _staff_roles()) or role_norm in _outlets())


def _is_credit_bar(line: str) -> bool:
    """A byline bar of parts split by "|", each a credit, an outlet, a name or a timestamp
    ("ANI | Updated: Jan 5, 2025 10:02 IST", "Jane Doe | Jan 5, 2025")."""
    parts = [p.strip() for p in line.split("|")]
    if len(parts) < 2 or not all(parts) or len(line.split()) > 16:
        return False
    return all(_is_credit_text(p) or _norm(p) in _outlets() or _is_timestamp(p) or _names_only(p)
               or _is_byline(p) for p in parts)


@lru_cache(maxsize=1)
def _outlets() -> frozenset[str]:
    """News outlets by name (media.txt, the sources' list of outlets), lower case."""
    return frozenset(ln.lower() for ln in _lexicon_lines("media.txt"))


def _is_outlet_line(line: str) -> bool:
    """A line that is only an outlet's name, perhaps with "Online" or "staff" ("The Daily
    Star Online"): the credit of a byline block."""
    norm = _norm(line)
    for tail in (" online", " staff", " digital", " newsroom", " news desk"):
        if norm.endswith(tail):
            norm = norm[: -len(tail)]
            break
    return norm in _outlets()


def _names_only(line: str) -> bool:
    """Two to four capitalised names joined by "&", "and" or commas, nothing else."""
    parts = [p for p in re.split(r"\s*(?:&|\band\b|,)\s*", line.strip()) if p]
    return 1 <= len(parts) <= 4 and all(
        1 <= len(p.split()) <= 3 and all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha()
                                         for w in p.split()) for p in parts) and len(line.split()) >= 2


def decode_references(text: str) -> str:
    """Numeric character references that lost their "&#" ("8220;We ...") decoded to their
    characters (punctuation only: curly quotes, dashes, ellipsis)."""
    return _CHAR_REFERENCE.sub(
        lambda m: chr(int(m.group(1))) if int(m.group(1)) in _REFERENCE_RANGE else m.group(0), text)


def _dup_key(line: str) -> str:
    return re.sub(r"\W+", " ", _fold(line).lower()).strip()


def _take_captions_and_headline(lines: list[str], verdicts: list[Optional[_Verdict]],
                                title: Optional[str]) -> None:
    """Captions printed twice, copies of a cut caption, and the headline printed again in
    the body (in place; see the module docstring).  A copy that ends like a sentence is
    the paragraph a caption or pull quote was taken from and stays, and so does any line
    that reads as a report."""
    keys = [_dup_key(ln) for ln in lines]
    words = [len(k.split()) for k in keys]
    title_key = _dup_key(title) if title else None
    captions = {j for j, v in enumerate(verdicts) if v is not None and v.reason in ("caption", "credit")}
    # lines by key, so that finding a line printed twice is a lookup, not a scan of every
    # line for every line (quadratic: 54 s of cleaning for a 1 MB text)
    copies: dict[str, int] = {}
    for j, key in enumerate(keys):
        if words[j] >= 4:
            copies[key] = copies.get(key, 0) + 1
    for i, line in enumerate(lines):
        if verdicts[i] is not None or _reads_as_report(line):
            continue
        if title_key and keys[i] == title_key:
            verdicts[i] = _Verdict("headline")
            continue
        if words[i] < 4:
            continue
        if copies.get(keys[i], 0) > 1 and not _ends_sentence(line):
            verdicts[i] = _Verdict("caption")              # printed twice, not a sentence
            continue
        for j in range(max(0, i - 2), min(len(lines), i + 3)):
            if j == i or j not in captions or words[j] < 4:
                continue
            short, long_ = sorted((keys[i], keys[j]), key=len)
            if len(short.split()) >= 8 and long_.startswith(short):
                verdicts[i] = _Verdict("caption")          # the same caption beside its credited copy
                break


STANDFIRST_LINES = 3         # a standfirst is among the first kept lines of the body
STANDFIRST_MIN_WORDS = 6


def _take_standfirst(lines: list[str], verdicts: list[Optional[_Verdict]]) -> None:
    """A standfirst (the summary under the headline) printed again in the body: one of the
    first kept lines whose words are those of a later paragraph, or open it ("Plans for 12
    miles of lanes were approved." / "Plans for 12 miles of lanes were approved, despite
    ..."), is cut as "standfirst" (in place).  The body copy stays, in its context, so no
    statement is lost; only the earlier copy goes."""
    kept = [k for k, v in enumerate(verdicts) if v is None]
    keys = {k: _dup_key(lines[k]) for k in kept}
    for k in kept[:STANDFIRST_LINES]:
        key = keys[k]
        if len(key.split()) < STANDFIRST_MIN_WORDS:
            continue
        for j in kept:
            if j > k and (keys[j] == key or keys[j].startswith(key + " ")):
                verdicts[k] = _Verdict("standfirst")
                break


PROMO_LEAD_MAX_WORDS = 12


def _take_promo_leads(lines: list[str], verdicts: list[Optional[_Verdict]]) -> None:
    """The line that leads into a promo, addressing the reader and naming the same brand
    ("There's more to Crikey than you think." / "Get more Crikey for just $99."): short,
    "you" or "your" in it, a capitalised word (not its first) shared with the promo line
    right after it, and no reporting structure (in place)."""
    for k in range(len(lines) - 1):
        nxt = verdicts[k + 1]
        if verdicts[k] is not None or nxt is None or nxt.reason != "promo":
            continue
        line = lines[k]
        words = re.findall(r"[\w'\u2019]+", line)
        if len(words) > PROMO_LEAD_MAX_WORDS or _reads_as_report(line) or not any(
                w.lower() in ("you", "your", "you're", "you\u2019re") for w in words):
            continue
        names = {w for w in words[1:] if w[:1].isupper() and len(w) >= 3}
        if names & set(re.findall(r"[\w'\u2019]+", lines[k + 1])):
            verdicts[k] = _Verdict("promo")


def _take_footer(lines: list[str], verdicts: list[Optional[_Verdict]]) -> None:
    """After a copyright notice, the rest of the page (promos, other stories) is footer,
    up to a line that reads as a report (in place)."""
    for i, line in enumerate(lines):
        # a notice has a year or reserves rights; "\u00a9 Agency/Name" alone is a photo credit
        if i > 0 and re.match(r"^(?:\u00a9|\(c\)|copyright\b)", line.strip(), re.IGNORECASE) \
                and len(line.split()) <= 25 and re.search(r"\b(?:19|20)\d\d\b|rights reserved", line, re.I):
            for k in range(i + 1, len(lines)):
                if _reads_as_report(lines[k]) or (len(lines[k].split()) >= 25 and len(
                        re.findall(r"[a-z][.!?][\"'\u201d\u2019]?(?:\s|$)", lines[k])) >= 2):
                    break                       # a report, or a paragraph of two long sentences
                if verdicts[k] is None:
                    verdicts[k] = _Verdict("footer")
            return


def _title_case(line: str) -> bool:
    """Most words of four letters or more are capitalised, as in headlines."""
    long_words = [w for w in re.findall(r"[A-Za-z][\w'\u2019-]*", line) if len(w) >= 4]
    return len(long_words) >= 2 and sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words)


def _take_headline_runs(lines: list[str], verdicts: list[Optional[_Verdict]]) -> None:
    """Two or more title-case, headline-like lines in a row inside the body are a list of
    links to other stories (in place); a short title-case line right after a caption is
    its credit ("Mueller Family"), and one right above a picture credit its title."""
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and verdicts[j] is None and headline_like(lines[j]) and _title_case(lines[j]):
            j += 1
        if j - i >= 2 and i > 0:
            for k in range(i, j):
                verdicts[k] = _Verdict("related-headlines")
        i = max(j, i + 1)
    for k in range(1, len(lines)):
        if verdicts[k] is None and verdicts[k - 1] is not None and verdicts[k - 1].reason == "caption" \
                and len(lines[k].split()) <= 4 and _title_case(lines[k] + " Xxxx") and not _ends_sentence(lines[k]):
            verdicts[k] = _Verdict("credit")
        # a short title-case line right above a picture credit is the picture's title
        # ("Letter to Gay Teacher" / "Courtesy: PinkNews")
        if verdicts[k - 1] is None and verdicts[k] is not None and verdicts[k].reason == "credit" \
                and _is_credit_text(lines[k]) and len(lines[k - 1].split()) <= 6 \
                and _title_case(lines[k - 1]) and not _ends_sentence(lines[k - 1]) and not lines[k - 1].endswith(":"):
            verdicts[k - 1] = _Verdict("caption")
        # authors' names under an outlet's credit line ("Jane Roe & John Doe")
        if verdicts[k] is None and verdicts[k - 1] is not None and verdicts[k - 1].reason == "credit" \
                and _is_outlet_line(lines[k - 1]) and _names_only(lines[k]):
            verdicts[k] = _Verdict("credit")


def clean(text: str, title: Optional[str] = None) -> CleanArticle:
    """Cut boilerplate from an article body; see the module docstring for the method.
    ``title``, when given, is the headline: printed again in the body, it is cut there."""
    raw = decode_references(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [ln.strip() for ln in raw if ln.strip()]
    inline: dict[int, list[Removed]] = {}
    for k, line in enumerate(lines):
        tokens = _TEMPLATE_TOKEN.findall(line)
        if tokens and _TEMPLATE_TOKEN.sub("", line).strip():
            inline[k] = [Removed(text=t, reason="ad") for t in tokens]
            lines[k] = re.sub(r"\s{2,}", " ", _TEMPLATE_TOKEN.sub("", line)).strip()
    lines = [ln for ln in lines if ln]
    verdicts = [_judge_line(ln) for ln in lines]
    for k, line in enumerate(lines):
        if verdicts[k] is None:
            kept = _trailing_caption(line)
            if kept is not None:
                verdicts[k] = _Verdict("caption", keep=kept)
                continue
            glued = _trailing_glued_block(line)
            if glued is not None:
                verdicts[k] = _Verdict(glued[1], keep=glued[0])
                continue
            m = _TRAILING_SIGNATURE.search(line)
            if m and len(line[:m.start()].split()) >= 3:
                verdicts[k] = _Verdict("embed", keep=line[:m.start()].rstrip())
    _take_blocks(lines, verdicts)
    _take_headline_runs(lines, verdicts)
    _take_captions_and_headline(lines, verdicts, title)
    _take_standfirst(lines, verdicts)
    _take_promo_leads(lines, verdicts)
    _take_footer(lines, verdicts)
    kept: list[str] = []
    paragraphs: list[tuple[int, int]] = []
    removed: list[Removed] = []
    offset = 0
    for k, (line, verdict) in enumerate(zip(lines, verdicts)):
        removed += inline.get(k, [])
        if verdict is not None:
            if verdict.keep is None:
                removed.append(Removed(text=line, reason=verdict.reason))
                continue
            removed.append(Removed(text=line[len(verdict.keep):].strip(), reason=verdict.reason))
            line = verdict.keep
        if kept:
            offset += 1                      # the "\n" between paragraphs
        paragraphs.append((offset, offset + len(line)))
        offset += len(line)
        kept.append(line)
    return CleanArticle(text="\n".join(kept), removed=removed, paragraphs=paragraphs)
