"""Stories: claims from different articles that state the same proposition, clustered
incrementally.

Method (single-pass leader clustering, as in online topic detection and tracking):
each new claim is compared with the centroids of the stories already in the ledger;
it joins the best one when the match is good enough, else it starts a story of its
own.  Ingesting one more article costs one matrix product against the story
centroids; nothing is recomputed over the corpus.

The match score is the cosine of the claim's all-MiniLM-L6-v2 embedding with the
story centroid, lifted by ``OVERLAP_LIFT`` when the claim and the story share both an
entity key (a capitalised word outside spaCy's stop list: "Aurora", "Calder") and a
counted thing (a quantity unit: "people"): "14 people died when the Lady Aurora
capsized" and "as many as 30 people died ..." are one estimate told twice.  A claim
joins when ``score >= JOIN_SCORE`` and the cosine alone is at least ``MIN_COSINE``.
Different numbers never split a story: the point is to put the estimates side by side.

Calibration (300 FNC-1 competition-test bodies, 5,800 claims; two bodies belong together
when FNC-1 pairs them with the same headline as related): cosine alone at 0.74 links
article pairs with precision 0.77 / recall 0.71; entity bonuses for any shared name
lowered precision (0.53-0.69 at recall 0.75-0.85: same-topic, different-proposition
claims merge); the lift for entity + unit overlap keeps 0.77 / 0.71 and joins the
differing figures of one count.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from claimledger.ledger.embeddings import DIMENSIONS
from claimledger.ledger.sources import americanise, fold_accents
from claimledger.ledger.store import StoryRow

MIN_COSINE = 0.68
JOIN_SCORE = 0.74
OVERLAP_LIFT = 0.06  # a shared entity key and a shared counted unit
CANDIDATES = 8
MIN_WORDS = 4  # shorter claims ("he said so") carry no proposition worth clustering
MAX_FEATURES = 64  # entity keys and units remembered per story


@dataclass
class ClaimFeatures:
    """What the clustering needs of one claim."""
    text: str
    vector: np.ndarray
    keys: frozenset[str]
    units: frozenset[str]


@dataclass
class Assignment:
    story_id: int
    created: bool
    score: float


def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS
    return frozenset(STOP_WORDS)


_STOP: Optional[frozenset[str]] = None


def entity_keys(text: str) -> frozenset[str]:
    """Capitalised words of a claim (not stop words), lowercased, accents folded, American spelling."""
    global _STOP
    if _STOP is None:
        _STOP = _stop_words()
    keys = set()
    for word in re.findall(r"[A-Z][\w'-]+", fold_accents(text)):
        word = re.sub(r"'s$", "", word).lower()
        if len(word) > 2 and word not in _STOP:
            keys.add(americanise(word))
    return frozenset(keys)


def unit_key(unit: Optional[str]) -> Optional[str]:
    """A counted thing, lowercased and crudely singularised: "passengers" -> "passenger",
    "bodies" -> "body"; "people" stays."""
    if not unit or not unit.strip():
        return None
    word = unit.lower().strip().split()[-1]
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        word = word[:-1]
    return word or None


def clusterable(text: str) -> bool:
    return len(text.split()) >= MIN_WORDS


def claim_features(text: str, vector: np.ndarray, units: Iterable[Optional[str]]) -> ClaimFeatures:
    return ClaimFeatures(text=text, vector=np.asarray(vector, dtype=np.float32),
                         keys=entity_keys(text), units=frozenset(u for u in map(unit_key, units) if u))


def _bonus(features: ClaimFeatures, story_keys: Counter, story_units: Counter) -> float:
    """Entity and number overlap: ``OVERLAP_LIFT`` when the claim names one of the story's
    entities and counts one of the things the story counts."""
    shared_key = any(k in story_keys for k in features.keys)
    shared_unit = any(u in story_units for u in features.units)
    return OVERLAP_LIFT if shared_key and shared_unit else 0.0


def _decode_features(keys_json: str) -> tuple[Counter, Counter]:
    data = json.loads(keys_json or "{}") if keys_json and keys_json.startswith("{") else {}
    return Counter(data.get("keys", {})), Counter(data.get("units", {}))


def _encode_features(keys: Counter, units: Counter) -> str:
    return json.dumps({"keys": dict(keys.most_common(MAX_FEATURES)),
                       "units": dict(units.most_common(MAX_FEATURES))}, sort_keys=True)


@dataclass
class StoryIndex:
    """The story centroids of a ledger, in memory, kept in step with the ``stories`` table.

    ``sums`` holds each story's sum of member vectors (what is stored); ``unit`` the
    same rows at unit length (what is searched)."""
    ids: list[int] = field(default_factory=list)
    sums: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float32))
    unit: np.ndarray = field(default_factory=lambda: np.zeros((0, DIMENSIONS), dtype=np.float32))
    keys: list[Counter] = field(default_factory=list)
    units: list[Counter] = field(default_factory=list)
    row_of: dict[int, int] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> "StoryIndex":
        """Read every story's centroid and features from the store."""
        index = cls()
        rows = session.execute(select(StoryRow.id, StoryRow.centroid, StoryRow.keys_json).order_by(StoryRow.id)).all()
        index._reserve(len(rows) + 1024)
        for story_id, centroid, keys_json in rows:
            keys, units = _decode_features(keys_json)
            index._append(story_id, np.frombuffer(centroid, dtype=np.float32), keys, units)
        return index

    def __len__(self) -> int:
        return len(self.ids)

    def _reserve(self, capacity: int) -> None:
        """Grow the matrices (doubling) so appends stay amortised O(1)."""
        if capacity <= self.sums.shape[0]:
            return
        capacity = max(capacity, 2 * self.sums.shape[0])
        for name in ("sums", "unit"):
            grown = np.zeros((capacity, DIMENSIONS), dtype=np.float32)
            grown[: len(self.ids)] = getattr(self, name)[: len(self.ids)]
            setattr(self, name, grown)

    def _append(self, story_id: int, vector_sum: np.ndarray, keys: Counter, units: Counter) -> None:
        self._reserve(len(self.ids) + 1)
        row = len(self.ids)
        self.ids.append(story_id)
        self.row_of[story_id] = row
        self.sums[row] = vector_sum
        self.unit[row] = _normalise(vector_sum)
        self.keys.append(keys)
        self.units.append(units)

    def _best(self, features: ClaimFeatures, sims: np.ndarray, touched: set[int]) -> tuple[Optional[int], float, float]:
        """The best story row for a claim: (row, score, cosine), or (None, 0, 0)."""
        n = len(self.ids)
        if n == 0:
            return None, 0.0, 0.0
        rows = set(touched)
        if sims.shape[0]:
            k = min(CANDIDATES, sims.shape[0])
            rows.update(np.argpartition(-sims, k - 1)[:k].tolist())
        best_row, best_score, best_cos = None, -1.0, 0.0
        for row in sorted(rows):
            cosine = float(self.unit[row] @ features.vector)
            if cosine < MIN_COSINE:
                continue
            score = cosine + _bonus(features, self.keys[row], self.units[row])
            if score > best_score:
                best_row, best_score, best_cos = row, score, cosine
        return best_row, best_score, best_cos

    def assign(self, session: Session, claims: Sequence[ClaimFeatures], published: Optional[str]) -> list[Assignment]:
        """Put each claim of one new article into a story (joined or new), in the session.

        Stories are compared as they stood before the article (one matrix product), and
        stories this article already touched are compared again as they are now."""
        n_before = len(self.ids)
        if claims and n_before:
            matrix = np.stack([c.vector for c in claims])
            sims_all = self.unit[:n_before] @ matrix.T
        else:
            sims_all = np.zeros((n_before, len(claims)), dtype=np.float32)
        touched: set[int] = set()
        assignments = []
        for j, features in enumerate(claims):
            row, score, _cos = self._best(features, sims_all[:, j], touched)
            if row is not None and score >= JOIN_SCORE:
                story = session.get(StoryRow, self.ids[row])
                self._join(story, row, features, published, first_in_article=row not in touched)
                assignments.append(Assignment(story.id, False, score))
            else:
                story = self._create(session, features, published)
                row = self.row_of[story.id]
                assignments.append(Assignment(story.id, True, 1.0))
            touched.add(row)
        return assignments

    def _join(self, story: StoryRow, row: int, features: ClaimFeatures, published: Optional[str],
              first_in_article: bool) -> None:
        self.sums[row] += features.vector
        self.unit[row] = _normalise(self.sums[row])
        self.keys[row].update(features.keys)
        self.units[row].update(features.units)
        story.centroid = self.sums[row].tobytes()
        story.keys_json = _encode_features(self.keys[row], self.units[row])
        story.n_claims += 1
        if first_in_article:
            story.n_articles += 1
        if published:
            story.first_seen = min(filter(None, [story.first_seen, published]))
            story.last_seen = max(filter(None, [story.last_seen, published]))

    def _create(self, session: Session, features: ClaimFeatures, published: Optional[str]) -> StoryRow:
        keys, units = Counter(features.keys), Counter(features.units)
        story = StoryRow(label=features.text, centroid=features.vector.tobytes(),
                         keys_json=_encode_features(keys, units), n_claims=1, n_articles=1,
                         first_seen=published, last_seen=published)
        session.add(story)
        session.flush()
        self._append(story.id, features.vector.copy(), keys, units)
        return story


def _normalise(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector
