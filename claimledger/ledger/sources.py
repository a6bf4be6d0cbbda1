"""Sources across articles: one ledger source per speaker, whatever the outlet calls them.

Method: every article source gets a *key*.
- A person is keyed by surname and first name after titles are stripped: the name is
  the trailing run of capitalised words that are not title words
  (``data/lexicons/ledger_titles.txt``), so "US Defense Secretary Lloyd Austin" and
  "Lloyd Austin" are both ``person:austin|lloyd``; middle initials and suffixes (Jr,
  III) are dropped, accents folded.  A surname alone ("Austin") joins the one person
  of that surname already in the ledger, if there is exactly one.
- Organisations, governments, media and groups are keyed by their lowercased name
  with a leading "the", possessives and punctuation dropped and British spellings
  turned American (``data/lexicons/spelling_uk_us.tsv``): "the Ministry of Defence"
  and "Ministry of Defense" are one source.
- Unnamed sources ("officials", "a source familiar with ...") are never merged across
  articles: two outlets' anonymous officials are not known to be the same people.  The
  same holds for a source of any kind whose name only describes it ("police", "sources",
  "reports"): every word lowercase, a stop word or a generic source word
  (``data/lexicons/ledger_generic_sources.txt``).
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimledger.ledger.store import ArticleSourceRow, ClaimRow, SourceRow
from claimledger.record import Source

SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v"}
ORG_KINDS = {"organization", "government", "media", "group"}


def _lexicon_lines(name: str) -> list[str]:
    """Non-comment, non-blank lines of a lexicon file shipped in claimledger/data/lexicons."""
    text = resources.files("claimledger").joinpath("data", "lexicons", name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=None)
def title_words() -> frozenset[str]:
    return frozenset(_lexicon_lines("ledger_titles.txt"))


@lru_cache(maxsize=None)
def uk_to_us() -> dict[str, str]:
    pairs = (line.split("\t") for line in _lexicon_lines("spelling_uk_us.tsv"))
    return {uk.strip(): us.strip() for uk, us in pairs}


@lru_cache(maxsize=None)
def generic_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS
    return frozenset(_lexicon_lines("ledger_generic_sources.txt")) | frozenset(STOP_WORDS)


def is_descriptive(name: str) -> bool:
    """True when a name only describes its source: no capitalised word outside the generic
    source words and stop words ("the police", "Officials", "multiple media reports")."""
    return not any(w[:1].isupper() and w.lower() not in generic_words() for w in _words(name))


def fold_accents(text: str) -> str:
    """Strip diacritics (NFKD, combining marks dropped): "Zelenskyy" stays, "Łukasz" -> "Lukasz"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u0141", "L").replace("\u0142", "l"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def americanise(word: str) -> str:
    return uk_to_us().get(word, word)


def _words(name: str) -> list[str]:
    """Words of a name: possessives and punctuation other than inner hyphens/apostrophes dropped."""
    name = fold_accents(name).replace("\u2019", "'")
    name = re.sub(r"'s\b|s'(?=\s|$)", "", name)
    return [w.strip(".-'") for w in re.findall(r"[\w.'-]+", name) if w.strip(".-'")]


def _capitalised_runs(text: str) -> list[list[str]]:
    """Maximal runs of capitalised words that are not title words."""
    runs: list[list[str]] = [[]]
    for word in _words(text):
        if word[:1].isupper() and word.lower().replace(".", "") not in title_words():
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def person_name_words(name: str) -> list[str]:
    """The personal name inside a source name: a run of capitalised non-title words.

    The first comma-separated part that holds such a run is used ("Lloyd Austin, the US
    Defence Secretary"); "US Defense Secretary Lloyd Austin" -> ["Lloyd", "Austin"]."""
    best: list[str] = []
    for part in (p for p in name.split(",") if p.strip()):
        runs = _capitalised_runs(part)
        if runs:
            # The first run of two or more words is the name ("Senator John Smith of New York");
            # else the last single word ("Defence Secretary Austin").
            best = next((r for r in runs if len(r) > 1), runs[-1])
            break
    words = [w for w in best if w.lower().replace(".", "") not in SUFFIXES]
    # Middle initials ("Lloyd J. Austin") say nothing the first name does not.
    if len(words) > 2:
        words = [words[0]] + [w for w in words[1:-1] if len(w.replace(".", "")) > 1] + [words[-1]]
    return words


def person_key(name: str) -> Optional[str]:
    """``person:surname|first`` (first empty for a surname alone); None if no name is left."""
    words = person_name_words(name)
    if not words:
        return None
    surname = words[-1].lower()
    first = words[0].lower() if len(words) > 1 else ""
    return f"person:{surname}|{first}"


def org_key(name: str) -> Optional[str]:
    """``org:`` + lowercased name, "the" and punctuation dropped, American spelling."""
    words = [americanise(w.lower().replace(".", "")) for w in _words(name)]
    while words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return "org:" + " ".join(words) if words else None


def source_key(source: Source, article_id: str) -> str:
    """The ledger key of one article source (see the module docstring)."""
    if source.kind == "unnamed" or is_descriptive(source.name):
        return f"unnamed:{article_id}:{source.id}"
    if source.kind == "person":
        key = person_key(source.name)
        if key:
            return key
    if source.kind in ORG_KINDS or source.kind == "person":
        key = org_key(source.name)
        if key:
            return key
    return f"unnamed:{article_id}:{source.id}"


def display_name(source: Source) -> str:
    """A person's name without titles ("Lloyd Austin"); other sources as named."""
    if source.kind == "person":
        words = person_name_words(source.name)
        if words:
            return " ".join(words)
    return source.name


def _surname_candidates(session: Session, surname: str) -> list[SourceRow]:
    """Full-name persons of this surname already in the ledger."""
    prefix = f"person:{surname}|"
    rows = session.scalars(select(SourceRow).where(SourceRow.key.like(prefix + "%"))).all()
    return [r for r in rows if r.key != prefix]


def resolve_source(session: Session, source: Source, article_id: str) -> SourceRow:
    """The ledger source for an article source: found by key, merged, or created.

    Runs inside the article's transaction; the caller links the article to it."""
    key = source_key(source, article_id)
    name = display_name(source)
    row = session.scalar(select(SourceRow).where(SourceRow.key == key))
    if row is None and key.startswith("person:") and key.endswith("|"):
        # A surname alone: the one full-name person with it, if unambiguous.
        candidates = _surname_candidates(session, key[len("person:"):-1])
        if len(candidates) == 1:
            row = candidates[0]
    if row is None and key.startswith("person:") and not key.endswith("|"):
        # A full name: adopt an earlier surname-only source if it is the only one of that surname.
        surname = key[len("person:"):].split("|")[0]
        lone = session.scalar(select(SourceRow).where(SourceRow.key == f"person:{surname}|"))
        if lone is not None and not _surname_candidates(session, surname):
            lone.key, lone.name = key, name
            row = lone
    if row is None:
        row = SourceRow(key=key, name=name, role=source.role, kind=source.kind, n_articles=0)
        session.add(row)
        session.flush()
    else:
        if len(name) > len(row.name) and key.startswith("person:"):
            row.name = name  # the fullest name seen
        if row.role is None and source.role:
            row.role = source.role
    return row


def link_article_sources(session: Session, article_id: str, sources: list[Source]) -> dict[str, int]:
    """Resolve every source of one article; returns local id -> ledger source id."""
    mapping: dict[str, int] = {}
    counted: set[int] = set()
    for source in sources:
        row = resolve_source(session, source, article_id)
        if row.id not in counted:
            row.n_articles = (row.n_articles or 0) + 1
            counted.add(row.id)
        session.add(ArticleSourceRow(
            article_id=article_id, local_id=source.id, source_id=row.id, name=source.name,
            role=source.role, kind=source.kind, mentions_json=json.dumps(source.mentions, ensure_ascii=False),
        ))
        mapping[source.id] = row.id
    return mapping


def status_counts(session: Session, source_ids: Optional[list[int]] = None) -> dict[int, dict[str, int]]:
    """Claims by status for each ledger source: {source id: {status: count}}."""
    query = select(ClaimRow.source_id, ClaimRow.status, func.count()).where(ClaimRow.source_id.is_not(None))
    if source_ids is not None:
        query = query.where(ClaimRow.source_id.in_(source_ids))
    counts: dict[int, dict[str, int]] = {}
    for source_id, status, n in session.execute(query.group_by(ClaimRow.source_id, ClaimRow.status)):
        counts.setdefault(source_id, {})[status] = n
    return counts
