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


def stem(word: str) -> str:
    """A crude suffix stripper (enough to match "capsized"/"capsizing", "troops"/"troop")."""
    word = americanise(word)
    for suffix, keep in (("ies", 4), ("ing", 5), ("ed", 4), ("es", 4), ("s", 3)):
        if word.endswith(suffix) and len(word) >= keep + len(suffix) - 1 and not word.endswith(("ss", "us")):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def content_words(text: str) -> list[str]:
    """Lowercased, accent-folded, stemmed words of ``text``, stop words and numbers out."""
    stop = _stop_words()
    out = []
    for word in re.findall(r"[A-Za-z][A-Za-z'-]*[A-Za-z]", fold_accents(text)):
        word = re.sub(r"'s$", "", word).lower()
        if len(word) > 2 and word not in stop:
            out.append(stem(word))
    return out


def entity_keys(text: str) -> frozenset[str]:
    """Capitalised words of a text (not stop words), lowercased, accents folded, American spelling."""
    stop = _stop_words()
    keys = set()
    for word in re.findall(r"[A-Z][\w'-]+", fold_accents(text)):
        word = re.sub(r"'s$", "", word).lower()
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

    def lock(self, session: Session) -> None:
        """Take the writers' lock for this transaction, then catch up with other writers."""
        self.writer_lock.acquire(session)
        key = id(session)
        if key not in self._hooked:
            from sqlalchemy import event
            event.listen(session, "after_commit", lambda s: self._after_transaction(True))
            event.listen(session, "after_rollback", lambda s: self._after_transaction(False))
            self._hooked.add(key)
        self.refresh(session)

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
    def _idf(self, session: Session, terms: Iterable[str]):
        wanted = list(set(terms) | {""})
        df = {}
        for i in range(0, len(wanted), 500):
            df.update(session.execute(select(StoryTermRow.term, StoryTermRow.df)
                                      .where(StoryTermRow.term.in_(wanted[i:i + 500]))).all())
        n = df.get("", 0)
        return lambda t: math.log((n + 1) / (df.get(t, 0) + 1)) + 1.0

    def best_story(self, session: Session, features: ArticleFeatures, idf=None) -> tuple[Optional[int], float]:
        """The best story for an article and its score (None when no story is close enough)."""
        idf = idf or self._idf(session, features.terms)
        candidates = self.vectors.search(features.vector, CANDIDATES)
        if not candidates:
            return None, 0.0
        rows = session.execute(select(StoryRow.id, StoryRow.centroid, StoryRow.keys_json, StoryRow.first_seen,
                                      StoryRow.last_seen).where(StoryRow.id.in_([k for k, _ in candidates]))).all()
        best, best_score = None, -1.0
        for story_id, centroid, keys_json, first_seen, last_seen in rows:
            if not within_window(features.published, first_seen, last_seen):
                continue
            semantic = float(_normalise(np.frombuffer(centroid, dtype=np.float32)) @ features.vector)
            lexical = tfidf_cosine(features.terms, _decode(keys_json), idf)
            score = LEXICAL_WEIGHT * lexical + (1.0 - LEXICAL_WEIGHT) * semantic
            if score > best_score or (score == best_score and story_id < best):
                best, best_score = story_id, score
        return (best, best_score) if best_score >= JOIN_SCORE else (None, best_score)

    def assign_article(self, session: Session, features: ArticleFeatures, n_claims: int) -> tuple[StoryRow, bool, float]:
        """Put one article into a story (joined or new) and update centroid, terms, counts."""
        idf = self._idf(session, features.terms)
        story_id, score = self.best_story(session, features, idf)
        seq = (session.scalar(select(func.max(StoryRow.updated_seq))) or 0) + 1
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
        self.vectors.upsert([story.id], _normalise(np.frombuffer(story.centroid, dtype=np.float32))[None, :])
        self.vectors.covered_seq = seq
        self.since_save += 1
        return story, created, score

    def _count_terms(self, session: Session, terms: Iterable[str]) -> None:
        """Document frequencies + 1 for the article's distinct terms (and the article count)."""
        rows = [{"term": t[:64], "df": 1} for t in set(terms) | {""}]
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        statement = insert(StoryTermRow)
        session.execute(statement.on_conflict_do_update(index_elements=["term"],
                                                        set_={"df": StoryTermRow.df + 1}), rows)

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
                                         [(c.id, c.text, units_of.get(c.id, [])) for c in record.claims])
        for claim in record.claims:
            row = claim_rows.get(claim.id)
            if row is not None:
                row.story_id = story.id
                row.cluster_id = clusters.get(claim.id)
        return StoryAssignment(story.id, created, score, clusters)


def assign_claim_clusters(session: Session, story_id: int, published: Optional[str],
                          claims: Sequence[tuple[str, str, list]]) -> dict[str, Optional[int]]:
    """Claim local id -> claim cluster id, for one article's claims in its story: each joins
    the best cluster of the story by :func:`soft_dice` (``CLAIM_JOIN`` or better), else starts one."""
    clusters = list(session.scalars(select(ClaimClusterRow).where(ClaimClusterRow.story_id == story_id)
                                    .order_by(ClaimClusterRow.id)).all())
    state = [_decode(c.signature_json) for c in clusters]  # parallel to ``clusters``
    bodies = [Counter({w: n for w, n in sig.items() if w}) for sig in state]
    touched: set[int] = set()
    chosen: dict[str, Optional[int]] = {}  # claim -> position in ``clusters``
    for local_id, text, units in claims:
        if not clusterable(text):
            chosen[local_id] = None
            continue
        words = claim_signature(text, units)
        best, best_score = None, 0.0
        for position, cluster in enumerate(clusters):
            n = cluster.n_claims
            score = soft_dice(words, bodies[position], n, state[position].get("", 0) / n if n else 0.0)
            if score > best_score:
                best, best_score = position, score
        if best is not None and best_score >= CLAIM_JOIN:
            cluster = clusters[best]
            cluster.n_claims += 1
            if best not in touched:
                cluster.n_articles += 1
            if published:
                cluster.first_seen = min(filter(None, [cluster.first_seen, published]))
                cluster.last_seen = max(filter(None, [cluster.last_seen, published]))
            state[best].update(words)
            state[best][""] += len(words)  # total member words, for the average length
            bodies[best].update(words)
            cluster.signature_json = _encode(state[best], 4 * MAX_CLAIM_WORDS)
        else:
            signature = Counter(words)
            signature[""] = len(words)
            cluster = ClaimClusterRow(story_id=story_id, label=text[:1000],
                                      signature_json=_encode(signature, 4 * MAX_CLAIM_WORDS),
                                      n_claims=1, n_articles=1, first_seen=published, last_seen=published)
            session.add(cluster)
            clusters.append(cluster)
            state.append(signature)
            bodies.append(Counter(words))
            best = len(clusters) - 1
        touched.add(best)
        chosen[local_id] = best
    session.flush()  # one flush gives the new clusters their ids
    return {local_id: None if position is None else clusters[position].id for local_id, position in chosen.items()}


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
