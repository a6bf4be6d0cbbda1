"""Word lists kept as data files under ``claimledger/data/lexicons/``, each naming its source.

Loaded once; every list is a plain TSV: ``phrase<TAB>field<TAB>...``, ``#`` comments.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


def rows(name: str) -> list[list[str]]:
    """The rows of lexicon ``name`` (file name under data/lexicons), comments dropped."""
    text = resources.files("claimledger").joinpath("data", "lexicons", name).read_text("utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        out.append([f.strip() for f in line.split("\t")])
    return out


@lru_cache(maxsize=None)
def cue_classes(pos: str) -> dict[str, str]:
    """Cue lemma -> class, for one part of speech (verb, noun, phrase)."""
    return {r[0]: r[2] for r in rows("cues.tsv") if r[1] == pos}


@lru_cache(maxsize=None)
def hedges() -> dict[str, tuple[str, float]]:
    """Hedge lemma -> (status, certainty)."""
    return {r[0]: (r[1], float(r[2])) for r in rows("hedges.tsv")}


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """A one-column list as a set of lowercase entries."""
    return frozenset(r[0].lower() for r in rows(name))


@lru_cache(maxsize=None)
def mapping(name: str) -> dict[str, str]:
    """A two-column list as a dict of lowercase key -> value."""
    return {r[0].lower(): r[1] for r in rows(name)}
