"""Stories and claim clusters, assigned incrementally as articles arrive.

Two levels:

* A **story** is an event: a set of articles.  Each new article is compared with the
  stories already in the ledger and joins the best one when the match is good enough, else
  starts a story of its own (single-pass leader clustering, as in online topic detection and
  tracking: Allan et al., "Topic Detection and Tracking Pilot Study", 1998).  Nothing is
  re-clustered.  The match blends two similarities of the article's own text with the
  story's centroid, the usual pair of a news-clustering system (e.g. Miranda et al.,
  "Multilingual Clustering of Streaming News", EMNLP 2018):
  - lexical: TF-IDF cosine over the article's content words, its capitalised names
    (counted twice), the things its numbers count and the dates its claims resolve to,
    headline words counted twice; document frequencies are kept incrementally in the ledger
    (``story_terms``), as an online system must;
  - semantic: cosine of the all-MiniLM-L6-v2 embedding of headline + lede (one embedding
    an article, the only model call of story assignment);
  and a time window: when both have dates, an article more than ``WINDOW_DAYS`` after the
  story's last article (or before its first) does not join it.  Candidates come from the
  story vector index (:mod:`claimledger.ledger.vector_index`), so the cost of one article
  does not grow with the ledger.

* A **claim cluster** is one proposition inside a story: a claim is compared only with the
  clusters of its own story, by a soft Dice overlap of content words and counted things
  (numbers themselves are left out: "14 people died" and "as many as 30 people died" are
  one estimate told twice, to be set side by side).  No embedding is needed.

Calibration (bench/bench_stories.py, the first 300 related FNC-1 competition bodies only)
chose ``LEXICAL_WEIGHT`` and ``JOIN_SCORE``; the results are in BENCHMARKS.md.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date
from typing import Iterable, Optional, Sequence

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from claimledger.ledger.embeddings import DIMENSIONS
from claimledger.ledger.sources import americanise, fold_accents
from claimledger.ledger.store import ArticleRow, ClaimClusterRow, ClaimRow, StoryRow, StoryTermRow

# story linking (calibrated: bench/bench_stories.py)
LEXICAL_WEIGHT = 0.7
JOIN_SCORE = 0.35
WINDOW_DAYS = 21  # a chosen bound, not calibrated: FNC-1 bodies carry no dates
CANDIDATES = 48  # nearest stories by embedding, then scored exactly
LEDE_WORDS = 60
MAX_TERMS = 300  # terms remembered per story
# claim clusters
MIN_WORDS = 4  # shorter claims ("he said so") carry no proposition worth clustering
CLAIM_JOIN = 0.5
MAX_CLAIM_WORDS = 64
SAVE_EVERY = 200  # articles between saves of the vector index (it is a cache: see vector_index)
CLUSTER_CACHE = 8192  # claim clusters whose decoded signatures a writer keeps
STORY_CACHE = 512  # stories whose decoded terms a writer keeps (the candidates of recent articles)

# The stance of an article's claim towards the proposition of its cluster (issue: stories).
STANCE_OF_STATUS = {
    "asserted": "confirms", "confirmed": "confirms", "denied": "denies",
    "reported": "reports", "alleged": "reports", "speculated": "reports", "estimated": "reports",
    "hypothetical": "reports", "uncertain": "reports",
}


def stance_of(status: str) -> str:
    return STANCE_OF_STATUS.get(status, "reports")


# -- words --------------------------------------------------------------------------

_STOP: Optional[frozenset[str]] = None


def _stop_words() -> frozenset[str]:
    global _STOP
    if _STOP is None:
        from spacy.lang.en.stop_words import STOP_WORDS
        _STOP = frozenset(STOP_WORDS) | {"said", "says", "told", "according", "mr", "ms", "mrs"}
    return _STOP


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude suffix stripper (enough to match "capsized"/"capsizing", "troops"/"troop")."""
    word = americanise(word)
    for suffix, keep in (("ies", 4), ("ing", 5), ("ed", 4), ("es", 4), ("s", 3)):
        if word.endswith(suffix) and len(word) >= keep + len(suffix) - 1 and not word.endswith(("ss", "us")):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")
_NAME = re.compile(r"[A-Z][\w'-]+")
_FOLD: dict[int, str] = {}  # code point -> fold_accents of it, for the non-ASCII ones met so far


def _folded(text: str) -> str:
    """``fold_accents(text)``, one table lookup a character: NFKD decomposes each character
    on its own and only reorders the combining marks that the fold then drops, so folding
    character by character gives the same text."""
    if text.isascii():
        return text
    for ch in set(text):
        if ord(ch) > 127 and ord(ch) not in _FOLD:
            _FOLD[ord(ch)] = fold_accents(ch)
    return text.translate(_FOLD)


def _strip_possessive(word: str) -> str:
    return word[:-2] if word.endswith("'s") else word


def content_words(text: str) -> list[str]:
    """Lowercased, accent-folded, stemmed words of ``text``, stop words and numbers out."""
    stop = _stop_words()
    out = []
    for word in _WORD.findall(_folded(text)):
        word = _strip_possessive(word).lower()
        if len(word) > 2 and word not in stop:
            out.append(stem(word))
    return out


def entity_keys(text: str) -> frozenset[str]:
    """Capitalised words of a text (not stop words), lowercased, accents folded, American spelling."""
    stop = _stop_words()
    keys = set()
    for word in _NAME.findall(_folded(text)):
        word = _strip_possessive(word).lower()
        if len(word) > 2 and word not in stop:
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


# -- what an article brings ------------------------------------------------------------

def lede(text: str, words: int = LEDE_WORDS) -> str:
    return " ".join(text.split()[:words])


def story_text(title: Optional[str], text: str) -> str:
    """What is embedded for story linking: the headline and the lede."""
    return ((title.strip() + ". ") if title and title.strip() else "") + lede(text)


@dataclass
class ArticleFeatures:
    """What story linking needs of one article."""
    label: str
    published: Optional[str]
    terms: Counter  # term -> weight before IDF
    vector: np.ndarray  # unit embedding of headline + lede


def article_terms(title: Optional[str], text: str, units: Iterable[Optional[str]] = (),
                  dates: Iterable[Optional[str]] = ()) -> Counter:
    """Term counts of an article: content words (headline words twice), capitalised names
    once more, counted things as ``#unit`` and resolved dates as ``@YYYY-MM``."""
    terms = Counter(content_words(text))
    if title:
        terms.update(content_words(title) * 2)
    terms.update({stem(k): 1 for k in entity_keys(((title or "") + " " + text))})
    terms.update(f"#{u}" for u in map(unit_key, units) if u)
    terms.update(f"@{d[:7]}" for d in dates if d)
    return terms


def record_features(record, vector: np.ndarray) -> ArticleFeatures:
    """The features of a ``claimledger/1`` record plus its headline+lede embedding."""
    article = record.article
    units = [q.unit for q in record.quantities]
    dates = [c.time.start for c in record.claims if c.time is not None and c.time.start]
    label = (article.title or "").strip() or lede(article.text, 16)
    return ArticleFeatures(label=label, published=article.published,
                           terms=article_terms(article.title, article.text, units, dates),
                           vector=_normalise(np.asarray(vector, dtype=np.float32)))


def claim_signature(text: str, units: Iterable[Optional[str]] = ()) -> Counter:
    words = Counter(dict.fromkeys(content_words(text)[:MAX_CLAIM_WORDS], 1))
    words.update({f"#{u}": 1 for u in map(unit_key, units) if u})
    return words


# -- similarity ---------------------------------------------------------------------

def tfidf_cosine(a: Counter, b: Counter, idf) -> float:
    """Cosine of two term-count vectors weighted (1 + log tf) * idf."""
    def weights(counts: Counter) -> dict[str, float]:
        return {t: (1.0 + math.log(c)) * idf(t) for t, c in counts.items() if c > 0}
    wa, wb = weights(a), weights(b)
    if len(wa) > len(wb):
        wa, wb = wb, wa
    dot = sum(w * wb[t] for t, w in wa.items() if t in wb)
    if not dot:
        return 0.0
    na = math.sqrt(sum(w * w for w in wa.values()))
    nb = math.sqrt(sum(w * w for w in wb.values()))
    return dot / (na * nb)


def _cosine_of_weights(wa: dict[str, float], na: float, wb: dict[str, float], nb: float) -> float:
    """:func:`tfidf_cosine` from weights and norms already computed (the same arithmetic)."""
    if len(wa) > len(wb):
        wa, wb, na, nb = wb, wa, nb, na
    dot = sum(w * wb[t] for t, w in wa.items() if t in wb)
    if not dot:
        return 0.0
    return dot / (na * nb)


def _norm(weights: dict[str, float]) -> float:
    return math.sqrt(sum(w * w for w in weights.values()))


def soft_dice(words: Counter, cluster: Counter, n_members: int, member_words: float) -> float:
    """Dice overlap of a claim's words with a cluster, each cluster word weighted by the share
    of members holding it (exactly Dice for a one-claim cluster)."""
    if not words or not n_members:
        return 0.0
    shared = sum(min(1.0, cluster.get(w, 0) / n_members) for w in words)
    return 2.0 * shared / (len(words) + member_words)


def days_apart(a: Optional[str], b: Optional[str]) -> Optional[int]:
    try:
        return abs((date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days)
    except (TypeError, ValueError):
        return None


def within_window(published: Optional[str], first_seen: Optional[str], last_seen: Optional[str]) -> bool:
    """True unless both sides are dated and the article falls more than ``WINDOW_DAYS`` outside
    the story's span."""
    if not published or not (first_seen or last_seen):
        return True
    if last_seen and published > last_seen:
        gap = days_apart(published, last_seen)
    elif first_seen and published < first_seen:
        gap = days_apart(published, first_seen)
    else:
        return True
    return gap is None or gap <= WINDOW_DAYS


# -- the story model over a ledger ------------------------------------------------------

@dataclass
class StoryAssignment:
    story_id: int
    created: bool
    score: float
    clusters: dict[str, Optional[int]] = field(default_factory=dict)  # claim local id -> cluster id


def _encode(counts: Counter, limit: int) -> str:
    return json.dumps(dict(counts.most_common(limit)), sort_keys=True)


def _decode(text: Optional[str]) -> Counter:
    try:
        data = json.loads(text or "{}")
    except ValueError:
        return Counter()
    return Counter(data) if isinstance(data, dict) and all(isinstance(v, (int, float)) for v in data.values()) \
        else Counter()


class StoryIndex:
    """Story assignment against one ledger: the vector index of story centroids (persisted
    beside the ledger, refreshed from the database under the writers' lock) plus the term
    statistics in the database.

    ``load(session)`` opens it; :meth:`lock` must be called at the start of every writing
    transaction that assigns, :meth:`assign_record` assigns one article, :meth:`close`
    saves the index."""

    def __init__(self, session: Session, path=None, view: bool = False):
        from claimledger.ledger.vector_index import VectorIndex, WriterLock, index_path
        bind = session.get_bind()
        url = bind.url.render_as_string(hide_password=False)
        self.dialect = bind.dialect.name
        self.path = path if path is not None else index_path(url)
        self.vectors = VectorIndex(DIMENSIONS, self.path, view=view)
        db_file = str(self.path)[: -len(".usearch")] if self.path and self.dialect == "sqlite" else None
        self.writer_lock = WriterLock(self.dialect, db_file)
        self.since_save = 0
        self._hooked: set[int] = set()
        # Caches of what the database holds, so that an article costs a few statements and
        # no re-decoding (issue 9, ingest speed).  Document frequencies are valid while the
        # ledger's highest ``stories.updated_seq`` is the one they were read or written at:
        # every assignment (by any writer) raises it, and a rollback clears them.  A story's
        # decoded terms and unit centroid are reused only while its stored text and bytes
        # are unchanged, so they can never be stale.
        self._df: dict[str, int] = {}
        self._df_seq: Optional[int] = None
        self._stories: dict[int, tuple] = {}  # id -> (keys_json, [(term, 1 + log tf)], centroid, unit)
        self._clusters: dict[int, tuple] = {}  # claim cluster id -> (signature_json, signature, body)

    @classmethod
    def load(cls, session: Session, path=None) -> "StoryIndex":
        index = cls(session, path)
        index.refresh(session)
        return index

    @classmethod
    def reader(cls, session: Session) -> "StoryIndex":
        """For queries: the saved file memory-mapped when it is up to date, else a fresh copy."""
        index = cls(session, view=True)
        latest = session.scalar(select(func.max(StoryRow.updated_seq))) or 0
        if index.vectors.covered_seq < latest:
            index = cls(session, path=index.path)
            index.refresh(session)
        return index

    def __len__(self) -> int:
        return len(self.vectors)

    # -- keeping the vector index in step ------------------------------------------
    def refresh(self, session: Session) -> None:
        """Upsert the stories changed since the index was saved (and drop deleted ones)."""
        rows = session.execute(
            select(StoryRow.id, StoryRow.centroid, StoryRow.updated_seq)
            .where(StoryRow.updated_seq > self.vectors.covered_seq)).all()
        if rows:
            self.vectors.upsert([r[0] for r in rows],
                                np.stack([_normalise(np.frombuffer(r[1], dtype=np.float32)) for r in rows]))
            self.vectors.covered_seq = max(r[2] for r in rows)
        if len(self.vectors) > (session.scalar(select(func.count()).select_from(StoryRow)) or 0):
            stored = set(session.scalars(select(StoryRow.id)))
            self.vectors.remove(k for k in self.vectors._index.keys if int(k) not in stored)
            self._forget_df()

    def lock(self, session: Session) -> None:
        """Take the writers' lock for this transaction, then catch up with other writers."""
        self.writer_lock.acquire(session)
        self._hook(session)
        self.refresh(session)

    def _hook(self, session: Session) -> None:
        key = id(session)
        if key not in self._hooked:
            from sqlalchemy import event
            event.listen(session, "after_commit", lambda s: self._after_transaction(True))
            event.listen(session, "after_rollback", lambda s: self._after_transaction(False))
            event.listen(session, "after_soft_rollback", lambda s, t: self._forget_df())
            self._hooked.add(key)

    def _forget_df(self) -> None:
        self._df.clear()
        self._df_seq = None

    def _after_transaction(self, committed: bool) -> None:
        if committed and self.since_save >= SAVE_EVERY:
            self.save()
        self.writer_lock.release()

    def save(self) -> None:
        self.vectors.save()
        self.since_save = 0

    def close(self) -> None:
        self.save()
        self.writer_lock.release()

    # -- assignment ------------------------------------------------------------------
    @staticmethod
    def _current_seq(session: Session) -> int:
        return session.scalar(select(func.max(StoryRow.updated_seq))) or 0

    def _idf(self, session: Session, terms: Iterable[str], current: Optional[int] = None):
        """idf(term) from the document frequencies of ``terms`` (and the article count); a
        term not among them counts as never seen.  Frequencies come from the cache when the
        ledger has not moved since they were read (``current``: its highest updated_seq)."""
        if current is None:
            current = self._current_seq(session)
        if current != self._df_seq:
            self._forget_df()
        wanted = set(terms) | {""}
        missing = [t for t in wanted if t not in self._df]
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            found = dict(session.execute(select(StoryTermRow.term, StoryTermRow.df)
                                         .where(StoryTermRow.term.in_(chunk))).all())
            self._df.update({t: found.get(t, 0) for t in chunk})
        self._df_seq = current
        df = {t: self._df[t] for t in wanted}
        n = df[""]
        return lambda t: math.log((n + 1) / (df.get(t, 0) + 1)) + 1.0

    def _story_terms(self, story_id: int, keys_json: Optional[str], centroid: bytes):
        """(term, 1 + log tf) of a story's stored terms and its unit centroid, decoded once
        for each stored value."""
        cached = self._stories.get(story_id)
        if cached is not None and cached[0] == keys_json and cached[2] == centroid:
            return cached[1], cached[3]
        logs = [(t, 1.0 + math.log(c)) for t, c in _decode(keys_json).items() if c > 0]
        unit = _normalise(np.frombuffer(centroid, dtype=np.float32))
        if len(self._stories) >= STORY_CACHE:
            self._stories.pop(next(iter(self._stories)))
        self._stories[story_id] = (keys_json, logs, centroid, unit)
        return logs, unit

    def best_story(self, session: Session, features: ArticleFeatures, idf=None) -> tuple[Optional[int], float]:
        """The best story for an article and its score (None when no story is close enough)."""
        idf = idf or self._idf(session, features.terms)
        candidates = self.vectors.search(features.vector, CANDIDATES)
        if not candidates:
            return None, 0.0
        rows = session.execute(select(StoryRow.id, StoryRow.centroid, StoryRow.keys_json, StoryRow.first_seen,
                                      StoryRow.last_seen).where(StoryRow.id.in_([k for k, _ in candidates]))).all()
        # the article's side of the TF-IDF cosine once; a story term the article lacks has
        # the idf of an unseen term (as tfidf_cosine with this idf gives)
        idf_of = {t: idf(t) for t in features.terms}
        article = {t: (1.0 + math.log(c)) * idf_of[t] for t, c in features.terms.items() if c > 0}
        article_norm = _norm(article)
        unseen = idf("\x00")  # no term has this text: the idf of a term never counted
        best, best_score = None, -1.0
        for story_id, centroid, keys_json, first_seen, last_seen in rows:
            if not within_window(features.published, first_seen, last_seen):
                continue
            logs, unit = self._story_terms(story_id, keys_json, centroid)
            semantic = float(unit @ features.vector)
            story = {t: w * idf_of.get(t, unseen) for t, w in logs}
            lexical = _cosine_of_weights(article, article_norm, story, _norm(story))
            score = LEXICAL_WEIGHT * lexical + (1.0 - LEXICAL_WEIGHT) * semantic
            if score > best_score or (score == best_score and story_id < best):
                best, best_score = story_id, score
        return (best, best_score) if best_score >= JOIN_SCORE else (None, best_score)

    def assign_article(self, session: Session, features: ArticleFeatures, n_claims: int) -> tuple[StoryRow, bool, float]:
        """Put one article into a story (joined or new) and update centroid, terms, counts."""
        self._hook(session)
        current = self._current_seq(session)
        idf = self._idf(session, features.terms, current)
        story_id, score = self.best_story(session, features, idf)
        seq = current + 1
        if story_id is None:
            story = StoryRow(label=features.label[:500], centroid=features.vector.tobytes(),
                             keys_json=_encode(features.terms, MAX_TERMS), n_claims=n_claims, n_articles=1,
                             first_seen=features.published, last_seen=features.published, updated_seq=seq)
            session.add(story)
            session.flush()
            created = True
        else:
            story = session.get(StoryRow, story_id)
            story.centroid = (np.frombuffer(story.centroid, dtype=np.float32) + features.vector).astype(np.float32).tobytes()
            story.keys_json = _encode(_decode(story.keys_json) + features.terms, MAX_TERMS)
            story.n_claims += n_claims
            story.n_articles += 1
            if features.published:
                story.first_seen = min(filter(None, [story.first_seen, features.published]))
                story.last_seen = max(filter(None, [story.last_seen, features.published]))
            story.updated_seq = seq
            created = False
        self._count_terms(session, features.terms)
        self._df_seq = seq
        self.vectors.upsert([story.id], _normalise(np.frombuffer(story.centroid, dtype=np.float32))[None, :])
        self.vectors.covered_seq = seq
        self.since_save += 1
        return story, created, score

    def _count_terms(self, session: Session, terms: Iterable[str]) -> None:
        """Document frequencies + 1 for the article's distinct terms (and the article count),
        in one statement; the cached frequencies follow."""
        keys = [t[:64] for t in set(terms) | {""}]
        # the driver's executemany straight: the ORM's per-row parameter handling cost
        # five times the statement itself (measured on SQLite, 250 terms an article)
        connection = session.connection()
        mark = {"qmark": "?", "numeric": ":1", "named": ":term"}.get(connection.dialect.paramstyle, "%s")
        table = StoryTermRow.__table__.name
        connection.exec_driver_sql(
            f"INSERT INTO {table} (term, df) VALUES ({mark}, 1) "
            f"ON CONFLICT (term) DO UPDATE SET df = {table}.df + 1",
            [{"term": k} for k in keys] if mark == ":term" else [(k,) for k in keys])
        for key in keys:
            if key in self._df:
                self._df[key] += 1

    def assign_record(self, session: Session, record, article_row: ArticleRow, claim_rows: dict[str, ClaimRow],
                      vector: np.ndarray) -> StoryAssignment:
        """Assign a stored article to a story and each of its clusterable claims to a claim
        cluster of that story."""
        features = record_features(record, vector)
        story, created, score = self.assign_article(session, features, len(record.claims))
        article_row.story_id = story.id
        article_row.story_vector = features.vector.tobytes()
        units_of: dict[str, list] = {}
        for q in record.quantities:
            if q.claim:
                units_of.setdefault(q.claim, []).append(q.unit)
        clusters = assign_claim_clusters(session, story.id, record.article.published,
                                         [(c.id, c.text, units_of.get(c.id, [])) for c in record.claims],
                                         self._clusters)
        for claim in record.claims:
            row = claim_rows.get(claim.id)
            if row is not None:
                row.story_id = story.id
                row.cluster_id = clusters.get(claim.id)
        return StoryAssignment(story.id, created, score, clusters)


def assign_claim_clusters(session: Session, story_id: int, published: Optional[str],
                          claims: Sequence[tuple[str, str, list]], cache: Optional[dict] = None
                          ) -> dict[str, Optional[int]]:
    """Claim local id -> claim cluster id, for one article's claims in its story: each joins
    the best cluster of the story by :func:`soft_dice` (``CLAIM_JOIN`` or better), else starts one.

    Only clusters sharing a word with a claim are scored (the others score 0 and never
    join); the story's clusters are read as plain rows, their signatures decoded once per
    stored text when a ``cache`` dict is given, and only the clusters that change are
    loaded as objects and written."""
    rows = session.execute(select(ClaimClusterRow.id, ClaimClusterRow.n_claims, ClaimClusterRow.signature_json)
                           .where(ClaimClusterRow.story_id == story_id).order_by(ClaimClusterRow.id)).all()
    ids: list[Optional[int]] = []  # cluster id, None for a cluster started by this article
    n_of: list[int] = []
    state: list[Counter] = []  # signature: word counts, "" -> total member words
    bodies: list[Counter] = []  # the signature without ""
    postings: dict[str, list[int]] = {}  # word -> positions of the clusters holding it
    for cluster_id, n_claims, signature_json in rows:
        signature, body = _cluster_signature(cache, cluster_id, signature_json)
        position = len(ids)
        ids.append(cluster_id)
        n_of.append(n_claims)
        state.append(signature)
        bodies.append(body)
        for word in body:
            postings.setdefault(word, []).append(position)
    copied: set[int] = set()  # positions whose counters are this call's own (not the cache's)
    touched: set[int] = set()
    new: dict[int, str] = {}  # position -> label of a cluster this article starts
    chosen: dict[str, Optional[int]] = {}  # claim -> position
    for local_id, text, units in claims:
        if not clusterable(text):
            chosen[local_id] = None
            continue
        words = claim_signature(text, units)
        candidates = sorted({p for w in words for p in postings.get(w, ())})
        best, best_score = None, 0.0
        for position in candidates:
            n = n_of[position]
            score = soft_dice(words, bodies[position], n, state[position].get("", 0) / n if n else 0.0)
            if score > best_score:
                best, best_score = position, score
        if best is not None and best_score >= CLAIM_JOIN:
            n_of[best] += 1
            if best not in copied:
                state[best], bodies[best] = Counter(state[best]), Counter(bodies[best])
                copied.add(best)
            state[best].update(words)
            state[best][""] += len(words)  # total member words, for the average length
            bodies[best].update(words)
        else:
            signature = Counter(words)
            signature[""] = len(words)
            best = len(ids)
            ids.append(None)
            n_of.append(1)
            state.append(signature)
            bodies.append(Counter(words))
            copied.add(best)
            new[best] = text[:1000]
        for word in words:
            holders = postings.setdefault(word, [])
            if best not in holders:
                holders.append(best)
        touched.add(best)
        chosen[local_id] = best
    changed = sorted(p for p in touched if ids[p] is not None)
    if changed:
        objects = {c.id: c for c in session.scalars(select(ClaimClusterRow)
                                                    .where(ClaimClusterRow.id.in_([ids[p] for p in changed])))}
        for position in changed:
            cluster = objects[ids[position]]
            cluster.n_claims = n_of[position]
            cluster.n_articles += 1
            if published:
                cluster.first_seen = min(filter(None, [cluster.first_seen, published]))
                cluster.last_seen = max(filter(None, [cluster.last_seen, published]))
            cluster.signature_json = _encode(state[position], 4 * MAX_CLAIM_WORDS)
    created = {}
    for position, label in new.items():  # in the order they were started (their ids follow it)
        created[position] = ClaimClusterRow(story_id=story_id, label=label,
                                            signature_json=_encode(state[position], 4 * MAX_CLAIM_WORDS),
                                            n_claims=n_of[position], n_articles=1,
                                            first_seen=published, last_seen=published)
        session.add(created[position])
    session.flush()  # one flush gives the new clusters their ids
    for position, cluster in created.items():
        ids[position] = cluster.id
    return {local_id: None if position is None else ids[position] for local_id, position in chosen.items()}


def _cluster_signature(cache: Optional[dict], cluster_id: int, signature_json: Optional[str]) -> tuple[Counter, Counter]:
    """A stored cluster signature decoded, and its body (without ""); cached by stored text."""
    if cache is not None:
        hit = cache.get(cluster_id)
        if hit is not None and hit[0] == signature_json:
            return hit[1], hit[2]
    signature = _decode(signature_json)
    body = Counter({w: n for w, n in signature.items() if w})
    if cache is not None:
        if len(cache) >= CLUSTER_CACHE:
            cache.pop(next(iter(cache)))
        cache[cluster_id] = (signature_json, signature, body)
    return signature, body


def clear_stories(session: Session) -> None:
    """Forget every story and claim cluster (the records and claims stay)."""
    session.execute(update(ClaimRow).values(story_id=None, cluster_id=None))
    session.execute(update(ArticleRow).values(story_id=None))
    session.query(ClaimClusterRow).delete()
    session.query(StoryRow).delete()
    session.query(StoryTermRow).delete()


def _normalise(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return (vector / norm).astype(np.float32) if norm > 0 else vector.astype(np.float32)


def restory(session: Session, report=None, batch: int = 100) -> dict:
    """Rebuild every story and claim cluster from the stored records, in ingest order, without
    re-analysing: the headline+lede embedding stored with each article is reused (embedded
    once when missing, e.g. in a ledger upgraded from before 0003_stories).  Commits every
    ``batch`` articles; ``report(done, total)`` is called after each commit."""
    from claimledger.record import Record
    index = StoryIndex(session)
    index.vectors.delete_files()
    index = StoryIndex(session)
    with session.begin():
        index.lock(session)
        clear_stories(session)
    ids = session.scalars(select(ArticleRow.id).order_by(ArticleRow.seq, ArticleRow.id)).all()
    session.commit()
    done = 0
    for start in range(0, len(ids), batch):
        with session.begin():
            index.lock(session)
            rows = session.scalars(select(ArticleRow).where(ArticleRow.id.in_(ids[start:start + batch]))).all()
            rows.sort(key=lambda r: (r.seq, r.id))
            records = {r.id: Record.from_json(r.record_json) for r in rows}
            missing = [r for r in rows if not r.story_vector]
            if missing:
                from claimledger.ledger.embeddings import embed
                vectors = embed([story_text(records[r.id].article.title, records[r.id].article.text) for r in missing])
                for row, vector in zip(missing, vectors):
                    row.story_vector = vector.tobytes()
            for row in rows:
                claim_rows = {c.local_id: c for c in session.scalars(select(ClaimRow).where(ClaimRow.article_id == row.id))}
                index.assign_record(session, records[row.id], row, claim_rows,
                                    np.frombuffer(row.story_vector, dtype=np.float32))
                session.flush()
        done += len(rows)
        if report:
            report(done, len(ids))
    index.close()
    return {"articles": done, "stories": session.scalar(select(func.count()).select_from(StoryRow)) or 0,
            "claim_clusters": session.scalar(select(func.count()).select_from(ClaimClusterRow)) or 0}
