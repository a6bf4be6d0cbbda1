"""Is this an English news article?  Two checks before the analysis spends time on a text.

* **Language**: py3langid 0.4.0 (langid.py's naive Bayes model over byte n-grams, Lui &
  Baldwin 2012, 97 languages, the model inside the package) on the first
  ``LANGUAGE_SAMPLE`` characters.  A text is refused only when it holds at least
  ``MIN_LETTERS`` letters and the model gives another language a normalised probability of
  at least ``MIN_CONFIDENCE``: short texts, headlines and mixed pages are given the benefit
  of the doubt (measured: no English FNC-1 body is refused, see BENCHMARKS/README).
* **No article body**: a page of links or menu items (many lines, few of them prose: less
  than ``MIN_PROSE_SHARE`` of the words stand in lines of ``PROSE_LINE_WORDS`` words or
  more) or a short login/subscription/error wall (one of the phrases of
  ``data/lexicons/not_an_article.txt`` in a text of under ``WALL_MAX_WORDS`` words).

:func:`refusal_kind` gives (reason, message) or None; ``analyze`` on the command line
refuses with exit 2, ``ingest`` skips the record under the reason.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

LANGUAGE_SAMPLE = 5000
MIN_LETTERS = 120
MIN_CONFIDENCE = 0.99
MIN_LINES_FOR_LINK_LIST = 6
PROSE_LINE_WORDS = 10
MIN_PROSE_SHARE = 0.2
MIN_PROSE_WORDS = 40
WALL_MAX_WORDS = 120

_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier():
    """py3langid's identifier with normalised probabilities (loads in about 1 s, once)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[Optional[str], float]:
    """(language code, probability) of the text's start, or (None, 0.0) when too short to tell."""
    sample = text[:LANGUAGE_SAMPLE]
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return None, 0.0
    language, probability = _identifier().classify(sample)
    return language, float(probability)


@lru_cache(maxsize=1)
def _wall_phrases() -> tuple[str, ...]:
    from claimledger.lexicons import rows
    return tuple(r[0].lower() for r in rows("not_an_article.txt"))


def no_body_reason(text: str) -> Optional[str]:
    """Why the text is not an article body (a link list, a login wall), or None."""
    words = text.split()
    if len(words) < WALL_MAX_WORDS:
        low = " ".join(words).lower()
        phrase = next((p for p in _wall_phrases() if p in low), None)
        if phrase:
            return f"no article body: a login, subscription or error page ({phrase!r})"
    lines = [line.split() for line in text.split("\n") if line.strip()]
    if len(lines) >= MIN_LINES_FOR_LINK_LIST and words:
        prose = sum(len(line) for line in lines if len(line) >= PROSE_LINE_WORDS)
        if prose < MIN_PROSE_WORDS and prose / len(words) < MIN_PROSE_SHARE:
            return (f"no article body: {len(lines)} short lines (a list of links or a menu), "
                    f"{prose} of {len(words)} words in sentences")
    return None


def refusal_kind(text: str) -> Optional[tuple[str, str]]:
    """("language", message) or ("no article body", message) for a text claimledger does
    not analyse, else None."""
    language, probability = detect_language(text)
    if language and language != "en" and probability >= MIN_CONFIDENCE:
        return "language", (f"language {language} detected (p={probability:.2f}); "
                            "claimledger analyses English news")
    reason = no_body_reason(text)
    if reason:
        return "no article body", reason
    return None


def refusal(text: str) -> Optional[str]:
    """The message of :func:`refusal_kind`, or None."""
    kind = refusal_kind(text)
    return kind[1] if kind else None
