"""The ingest job: inputs -> analysis in worker processes -> one transaction per article.

Idempotent by construction:
- an article's id is the sha256 of its cleaned text (``record.article.id``): an article
  already in the ledger is counted *unchanged* and stored once;
- every input processed is remembered in ``inputs`` as (origin, sha256 of the raw
  input) -> article id, in the same transaction as the article, so a re-run (after a
  crash, SIGKILL or Ctrl-C) skips the analysis of everything already stored and
  finishes the rest;
- a bad record (unreadable, empty, analysis error) is reported with its origin (file
  and line or offset) and skipped; the run goes on.

A folder written by ``claimledger batch`` is read from its manifest: its records are
stored as they are (``Analysed``), never analysed again; spaCy is not loaded for them,
only the embedding model when stories are on.

Workers (``--workers N``, a ``spawn`` pool) each load spaCy and the embedding model
once, in the pool initializer, and return the record JSON plus the claim embeddings;
the parent alone writes, so SQLite sees a single writer and stories are clustered in
input order (the same input gives the same ledger).
"""
from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import import_module
from itertools import chain
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Optional, Union

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimledger.batch.manifest import is_batch_dir, iter_records, raw_hash
from claimledger.ingest import InputError, RawArticle
from claimledger.language import refusal_kind
from claimledger.ledger.embeddings import available as embeddings_available
from claimledger.ledger.sources import link_article_sources
from claimledger.ledger.stories import StoryIndex, story_text
from claimledger.ledger.store import (
    ArticleRow, ClaimRow, InputRow, QuantityRow, RemovedRow, Store, lock_exclusive,
)
from claimledger.record import Record

DEFAULT_ANALYZER = "claimledger.pipeline:analyze"
ARTICLE_VECTOR = "article"  # the key of the headline + lede embedding in Result.vectors
# One short text an article: torch's intra-op threads buy nothing and, on a busy 2-core
# machine, spin against the other process (measured 38 ms an article on 1 thread, 475 ms on 2).
EMBED_THREADS = 1
MAX_ORIGIN = 512
EXAMPLES_PER_REASON = 5

Analyzer = Callable[..., Record]


@dataclass
class Summary:
    """What a run did: counts, and why inputs were skipped (with where)."""
    ingested: int = 0
    unchanged: int = 0
    skipped: int = 0
    claims: int = 0
    reasons: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    interrupted: bool = False
    aborted: Optional[str] = None  # why the run stopped early (the ledger failed), see RunAborted
    seconds: float = 0.0

    def skip(self, reason: str, detail: str) -> None:
        self.skipped += 1
        self.reasons[reason] += 1
        shown = self.examples.setdefault(reason, [])
        if len(shown) < EXAMPLES_PER_REASON:
            shown.append(detail)

    @property
    def processed(self) -> int:
        return self.ingested + self.unchanged + self.skipped

    def rate(self) -> float:
        return self.processed / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"ingested": self.ingested, "unchanged": self.unchanged, "skipped": self.skipped,
                "claims": self.claims, "skipped_by_reason": dict(self.reasons),
                "examples": self.examples, "interrupted": self.interrupted, "aborted": self.aborted,
                "seconds": round(self.seconds, 3), "articles_per_second": round(self.rate(), 3)}

    def lines(self) -> list[str]:
        """The closing summary, for people."""
        head = "interrupted" if self.interrupted else "stopped" if self.aborted else "done"
        out = [f"{head}: {self.ingested} ingested ({self.claims} claims), {self.unchanged} unchanged, "
               f"{self.skipped} skipped in {self.seconds:.1f} s ({self.rate():.2f} articles/s)"]
        for reason, n in self.reasons.most_common():
            out.append(f"  skipped {n}: {reason}")
            out.extend(f"    {example}" for example in self.examples.get(reason, []))
        return out


@dataclass
class Job:
    """One input to analyse, with the keys that make re-runs cheap."""
    origin: str
    raw_hash: str
    raw: RawArticle


@dataclass
class Result:
    origin: str
    raw_hash: str
    record_json: Optional[str] = None
    claim_ids: list[str] = field(default_factory=list)  # claims that have a vector, in order
    vectors: Optional[bytes] = None  # float32, len(claim_ids) x 384
    error: Optional[str] = None


@dataclass
class Analysed:
    """A record analysed earlier by ``claimledger batch``: stored without re-analysis."""
    origin: str
    raw_hash: str
    record_json: str


def _short_origin(origin: str) -> str:
    """Origins are keys: keep the tail (file name and line) when a path is very long."""
    return origin if len(origin) <= MAX_ORIGIN else "..." + origin[-(MAX_ORIGIN - 3):]


# -- inputs -------------------------------------------------------------------------

def iter_inputs(paths: Iterable[Union[str, Path]], fmt: Optional[str] = None,
                text_column: Optional[str] = None, id_column: Optional[str] = None
                ) -> Iterator[Union[RawArticle, InputError]]:
    """Every record of every path, through ``claimledger.ingest.read_path`` (files, folders
    walked recursively, ``-`` for standard input); an input that cannot be read at all is
    yielded as its ``InputError``, and the walk goes on."""
    from claimledger.ingest import read_path
    for path in paths:
        if is_batch_dir(path):
            yield from _batch_output(path)
            continue
        try:
            for item in read_path(path, fmt=fmt, text_column=text_column, id_column=id_column):
                if isinstance(item, RawArticle) and not item.origin:
                    item.origin = str(path)
                yield item
        except InputError as error:
            yield error
        except OSError as error:
            yield InputError(f"{path}: {error.strerror or error}")


def _batch_output(folder) -> Iterator[Union[Analysed, InputError]]:
    """The records of a ``claimledger batch`` folder, as its manifest lists them."""
    try:
        for entry, record_json in iter_records(folder):
            yield Analysed(entry.origin, entry.raw_hash, record_json)
    except (OSError, ValueError, IndexError) as error:
        yield InputError(f"{folder}: batch output unreadable ({type(error).__name__}: {error})")


# -- the worker side ----------------------------------------------------------------

_analyzer: Optional[Analyzer] = None
_embed_claims = True


def load_analyzer(spec: Union[str, Analyzer, None]) -> Analyzer:
    """A callable from ``module:function`` (picklable across processes), or the callable itself."""
    if spec is None:
        spec = DEFAULT_ANALYZER
    if callable(spec):
        return spec
    module, _, name = spec.partition(":")
    return getattr(import_module(module), name)


def init_worker(analyzer_spec: Union[str, Analyzer, None], embed_claims: bool, threads: int) -> None:
    """Pool initializer: load spaCy and the embedding model once for this worker.

    SIGINT is ignored here so that Ctrl-C reaches only the parent, which stops the pool."""
    global _analyzer, _embed_claims
    if multiprocessing.parent_process() is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _exit_with_parent()
    _analyzer = load_analyzer(analyzer_spec)
    _embed_claims = embed_claims
    if analyzer_spec is None or analyzer_spec == DEFAULT_ANALYZER:
        # Load the model before the first article, not inside it; another analyser
        # (a test's stand-in, a user's own) may not need spaCy at all.
        from claimledger.nlp import get_nlp
        get_nlp()
    if embed_claims:
        from claimledger.ledger.embeddings import get_model
        get_model(threads=threads)


def _exit_with_parent() -> None:
    """A worker ends when its parent does: a parent killed with SIGKILL cannot stop its
    pool, and orphaned workers would hold their models in memory for ever."""
    parent = multiprocessing.parent_process()

    def watch() -> None:
        parent.join()  # returns when the parent's sentinel closes, i.e. the parent has gone
        os._exit(1)
    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def analyze_job(job: Job) -> Result:
    """Analyse one input and embed its claims; errors come back as text, never raised."""
    raw = job.raw
    try:
        record = _analyzer(raw.text, title=raw.title, published=raw.published, url=raw.url)
        result = Result(job.origin, job.raw_hash, record_json=json.dumps(record.to_dict(), ensure_ascii=False))
        if _embed_claims:
            # one embedding an article (headline + lede) links it to its story; claims are
            # clustered inside the story by their words, without a model
            from claimledger.ledger.embeddings import embed
            result.claim_ids = [ARTICLE_VECTOR]
            result.vectors = embed([story_text(record.article.title, record.article.text)]).tobytes()
        return result
    except Exception as error:  # a bad article must not stop the run
        return Result(job.origin, job.raw_hash, error=f"{type(error).__name__}: {error}")


# -- the writer side ----------------------------------------------------------------

def store_record(session: Session, record: Record, origin: Optional[str], seq: int,
                 vectors: Optional[dict[str, np.ndarray]] = None,
                 stories: Optional[StoryIndex] = None) -> ArticleRow:
    """Write one record (not yet in the ledger) into the session: the article with its full
    JSON, removed spans, sources merged into ledger sources, claims, quantities, and, with
    ``stories`` and vectors, each claim's story."""
    article = record.article
    row = ArticleRow(id=article.id, title=article.title, published=article.published, url=article.url,
                     origin=origin, text=article.text,
                     record_json=json.dumps(record.to_dict(), ensure_ascii=False),
                     ingested_at=datetime.now(timezone.utc).isoformat(timespec="seconds"), seq=seq)
    session.add(row)
    session.flush()
    session.add_all(RemovedRow(article_id=article.id, text=r.text, reason=r.reason) for r in record.removed)
    ledger_source = link_article_sources(session, article.id, record.sources)
    claim_rows = {}
    for claim in record.claims:
        time_ref = claim.time
        claim_rows[claim.id] = ClaimRow(
            article_id=article.id, local_id=claim.id, text=claim.text, start=claim.start, end=claim.end,
            article_source=claim.source, source_id=ledger_source.get(claim.source), cue=claim.cue,
            kind=claim.kind, status=claim.status, certainty=claim.certainty,
            hedges_json=json.dumps(claim.hedges, ensure_ascii=False),
            time_text=time_ref.text if time_ref else None, time_start=time_ref.start if time_ref else None,
            time_end=time_ref.end if time_ref else None, published=article.published)
    session.add_all(claim_rows.values())
    session.flush()
    session.add_all(
        QuantityRow(article_id=article.id, local_id=q.id,
                    claim_id=claim_rows[q.claim].id if q.claim in claim_rows else None,
                    text=q.text, low=q.low, high=q.high, approximate=bool(q.approximate), unit=q.unit)
        for q in record.quantities)
    if stories is not None and vectors:
        _assign_stories(session, record, claim_rows, vectors, stories)
    return row


def _assign_stories(session: Session, record: Record, claim_rows: dict[str, ClaimRow],
                    vectors: dict[str, np.ndarray], stories: StoryIndex) -> None:
    """The article's story and its claims' clusters (see ``stories.py``)."""
    if ARTICLE_VECTOR in vectors:
        article_row = session.get(ArticleRow, record.article.id)
        stories.assign_record(session, record, article_row, claim_rows, vectors[ARTICLE_VECTOR])


def load_record(session: Session, article_id: str) -> Optional[Record]:
    """The stored record of one article, exactly as it went in."""
    record_json = session.scalar(select(ArticleRow.record_json).where(ArticleRow.id == article_id))
    return Record.from_json(record_json) if record_json is not None else None


class IngestRun:
    """One ``claimledger ingest`` run against an open store."""

    def __init__(self, store: Store, workers: int = 1, stories: bool = True,
                 analyzer: Union[str, Analyzer, None] = None, progress: bool = True,
                 report: Callable[[str], None] = lambda line: print(line, file=sys.stderr)):
        self.store = store
        self.workers = max(1, workers)
        self.with_stories = stories
        self.analyzer = analyzer
        self.progress = progress
        self.report = report
        self.summary = Summary()
        self.session = store.session()
        self.index: Optional[StoryIndex] = None
        self.seq = 0

    # -- the run --------------------------------------------------------------------
    def run(self, items: Iterable[Union[RawArticle, InputError]]) -> Summary:
        """Ingest every item; Ctrl-C stops cleanly after the last committed article."""
        started = time.perf_counter()
        if self.with_stories and not embeddings_available():
            self.report("stories off: the embedding model is not installed "
                        "(pip install 'claimledger[stories]'); claims are stored without a story")
            self.with_stories = False
        self.seq = self.session.scalar(select(func.max(ArticleRow.seq))) or 0
        self.index = StoryIndex.load(self.session) if self.with_stories else None
        self.session.commit()
        bar = self._bar()
        try:
            jobs = self._jobs(items, bar)
            first = next(jobs, None)
            # Models load only when there is something to analyse: a re-run over stored
            # inputs costs a hash and a lookup per input.
            if first is not None and self.workers > 1:
                self._run_pool(chain([first], jobs), bar)
            elif first is not None:
                init_worker(self.analyzer, self.with_stories, threads=EMBED_THREADS)
                for job in chain([first], jobs):
                    self._handle(analyze_job(job), bar)
        except KeyboardInterrupt:
            self.summary.interrupted = True
        except RunAborted as aborted:
            self.summary.aborted = str(aborted)
        finally:
            if bar is not None:
                bar.close()
            if self.index is not None:
                self.index.close()
            self.session.close()
            self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _run_pool(self, jobs: Iterator[Job], bar) -> None:
        """Keep a bounded window of jobs in flight and store results in input order."""
        window: deque = deque()
        limit = 4 * self.workers
        executor = self._executor()
        try:
            for job in jobs:
                window.append((job, executor.submit(analyze_job, job)))
                while len(window) >= limit:
                    executor = self._collect(window, executor, bar)
            while window:
                executor = self._collect(window, executor, bar)
        finally:
            executor.shutdown(wait=False, cancel_futures=True)

    def _collect(self, window: deque, executor, bar):
        """Store the oldest result.  When a worker died (killed, out of memory, a crash in
        native code) the pool is broken: the oldest article in flight is skipped (a re-run
        tries it again), a new pool starts and the others are submitted to it."""
        from concurrent.futures.process import BrokenProcessPool
        job, future = window.popleft()
        try:
            result = future.result()
        except BrokenProcessPool as error:
            self._skip("analysis worker died", f"{job.origin}: {error}", bar)
            executor.shutdown(wait=False, cancel_futures=True)
            executor = self._executor()
            for i, (pending, _) in enumerate(window):
                window[i] = (pending, executor.submit(analyze_job, pending))
            return executor
        self._handle(result, bar)
        return executor

    def _executor(self):
        """A pool of ``workers`` spawned processes, each loading its models once."""
        from concurrent.futures import ProcessPoolExecutor
        threads = EMBED_THREADS
        context = multiprocessing.get_context("spawn")  # torch and forked threads do not mix
        analyzer = self.analyzer if isinstance(self.analyzer, str) or self.analyzer is None \
            else f"{self.analyzer.__module__}:{self.analyzer.__qualname__}"
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=init_worker,
                                   initargs=(analyzer, self.with_stories, threads))

    def _bar(self):
        if not self.progress:
            return None
        from tqdm import tqdm
        return tqdm(unit=" articles", desc="ingest", file=sys.stderr, dynamic_ncols=True)

    def _tick(self, bar) -> None:
        if bar is not None:
            bar.update(1)
            bar.set_postfix(new=self.summary.ingested, same=self.summary.unchanged,
                            skipped=self.summary.skipped, refresh=False)

    def _say(self, line: str, bar) -> None:
        if bar is not None:
            bar.write(line, file=sys.stderr)
        else:
            self.report(line)

    # -- before analysis ------------------------------------------------------------
    def _jobs(self, items, bar) -> Iterator[Job]:
        """Jobs for the inputs not yet in the ledger; bad and known inputs are counted here."""
        for item in items:
            if isinstance(item, InputError):
                self._skip("unreadable input", str(item), bar)
                continue
            if isinstance(item, Analysed):
                self._store_analysed(item, bar)
                continue
            origin = _short_origin(item.origin or "<input>")
            if not (item.text or "").strip():
                self._skip("empty text", origin, bar)
                continue
            for warning in item.warnings:
                self._say(f"warning: {warning}", bar)
            refused = refusal_kind(item.text)
            if refused:
                self._skip(refused[0], f"{origin}: {refused[1]}", bar)
                continue
            job = Job(origin, raw_hash(item), item)
            if self._known(job):
                self.summary.unchanged += 1
                self._tick(bar)
                continue
            yield job

    def _known(self, job: Job) -> bool:
        """True when this raw input (from any origin) is already stored; remembers the origin."""
        from sqlalchemy.exc import IntegrityError
        waited, pause = 0.0, 0.5
        while True:
            try:
                with self.session.begin():
                    article_id = self.session.scalar(
                        select(InputRow.article_id).where(InputRow.raw_hash == job.raw_hash).limit(1))
                    if article_id is None:
                        return False
                    if self.session.get(InputRow, (job.origin, job.raw_hash)) is None:
                        self.session.add(InputRow(origin=job.origin, raw_hash=job.raw_hash, article_id=article_id))
                return True
            except IntegrityError:  # a concurrent ingest remembered this origin first
                self.session.rollback()
                return True
            except Exception as error:  # a lost connection is waited for, as in _handle
                failure = ledger_failure(error)
                self.session.rollback()
                if failure == "connection" and waited < retry_seconds():
                    self.report(f"database unreachable ({_first_line(error)}); retrying in {pause:.1f} s")
                    time.sleep(pause)
                    waited += pause
                    pause = min(pause * 2, 8.0)
                    continue
                if failure is not None:
                    raise RunAborted(error, job.origin) from error
                raise

    def _reload_index(self) -> None:
        """The story index again after a lost connection (it may have moved meanwhile)."""
        if self.index is None:
            return
        try:
            self.index = StoryIndex.load(self.session)
            self.session.commit()
        except Exception:  # still unreachable: the next attempt will say so
            self.session.rollback()

    def _store_analysed(self, item: Analysed, bar) -> None:
        """A batch record: stored as it is (with its claims embedded when stories are on)."""
        if self._known(Job(_short_origin(item.origin), item.raw_hash, None)):
            self.summary.unchanged += 1
            self._tick(bar)
            return
        result = Result(_short_origin(item.origin), item.raw_hash, record_json=item.record_json)
        if self.with_stories:  # the same article embedding analyze_job makes
            from claimledger.ledger.embeddings import embed
            article = Record.from_json(item.record_json).article
            result.claim_ids = [ARTICLE_VECTOR]
            result.vectors = embed([story_text(article.title, article.text)]).tobytes()
        self._handle(result, bar)

    def _skip(self, reason: str, detail: str, bar) -> None:
        self.summary.skip(reason, detail)
        self._say(f"skipped ({reason}): {detail}", bar)
        self._tick(bar)

    # -- after analysis -------------------------------------------------------------
    def _handle(self, result: Result, bar) -> None:
        """Store one analysed input in its own transaction.

        The transaction starts with the ledger's writer lock (``store.lock_exclusive``), so
        concurrent ingests into one ledger write one article at a time: ``seq`` is read
        inside the lock and stays unique.  A lost database connection is retried for up to
        ``CLAIMLEDGER_DB_RETRY_SECONDS`` (default 60); a full disk, a read-only ledger or a
        connection that stays lost stops the run (:class:`RunAborted`) with what was
        committed kept, and a re-run resumes."""
        if result.error:
            self._skip("analysis failed", f"{result.origin}: {result.error}", bar)
            return
        record = Record.from_json(result.record_json)
        if not record.article.text.strip():
            self._skip("nothing left after cleaning", result.origin, bar)
            return
        vectors = _vectors(result)
        waited, pause = 0.0, 0.5
        while True:
            try:
                with self.session.begin():
                    lock_exclusive(self.session)
                    if self.index is not None and vectors:
                        self.index.lock(self.session)  # before any write: see vector_index.WriterLock
                    new = self.session.get(ArticleRow, record.article.id) is None
                    if new:
                        self.seq = (self.session.scalar(select(func.max(ArticleRow.seq))) or 0) + 1
                        store_record(self.session, record, result.origin, self.seq, vectors, self.index)
                    if self.session.get(InputRow, (result.origin, result.raw_hash)) is None:
                        self.session.add(InputRow(origin=result.origin, raw_hash=result.raw_hash,
                                                  article_id=record.article.id))
                break
            except Exception as error:  # the article is rolled back; the story index must follow
                failure = ledger_failure(error)
                if failure is not None:
                    self.session.rollback()
                    if self.index is not None:
                        self.index.writer_lock.release()
                    if failure == "connection" and waited < retry_seconds():
                        self._say(f"database unreachable ({_first_line(error)}); retrying in {pause:.1f} s", bar)
                        time.sleep(pause)
                        waited += pause
                        pause = min(pause * 2, 8.0)
                        self._reload_index()
                        continue
                    raise RunAborted(error, result.origin) from error
                if self.index is not None:
                    self.index.writer_lock.release()
                    self.index = StoryIndex.load(self.session)
                    self.session.commit()
                self._skip("store failed", f"{result.origin}: {type(error).__name__}: {error}", bar)
                return
        if new:
            self.summary.ingested += 1
            self.summary.claims += len(record.claims)
        else:
            self.summary.unchanged += 1
        self._tick(bar)


# -- the ledger failing under a run -------------------------------------------------

class RunAborted(Exception):
    """The ledger itself failed (full disk, lost connection, read-only): the run stops;
    everything committed before stays, and running the same command again resumes."""

    def __init__(self, error: BaseException, origin: str):
        from claimledger.errors import describe
        described = describe(error)
        reason = described[0] if described else f"{type(error).__name__}: {_first_line(error)}"
        super().__init__(f"{reason} (while storing {origin}); run the same command again to resume")


def retry_seconds() -> float:
    """How long a lost database connection is waited for ($CLAIMLEDGER_DB_RETRY_SECONDS)."""
    try:
        return max(0.0, float(os.environ.get("CLAIMLEDGER_DB_RETRY_SECONDS", "60")))
    except ValueError:
        return 60.0


def ledger_failure(error: BaseException) -> Optional[str]:
    """"connection" when the database went away, "fatal" when the ledger cannot take writes
    (disk full, read-only, locked for too long), None for a failure of this one article."""
    import errno
    from sqlalchemy.exc import DBAPIError
    if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS):
        return "fatal"
    if not isinstance(error, DBAPIError):
        return None
    low = str(getattr(error, "orig", error)).lower()
    if error.connection_invalidated or any(
            sign in low for sign in ("connection", "server closed", "terminating", "could not receive",
                                     "could not send", "consuming input failed", "ssl syscall")):
        return "connection"
    if any(sign in low for sign in ("disk is full", "no space", "disk i/o", "readonly", "read-only",
                                    "database is locked", "unable to open")):
        return "fatal"
    return None


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _vectors(result: Result) -> dict[str, np.ndarray]:
    if not result.vectors or not result.claim_ids:
        return {}
    matrix = np.frombuffer(result.vectors, dtype=np.float32).reshape(len(result.claim_ids), -1)
    return dict(zip(result.claim_ids, matrix))


def ingest_paths(store: Store, paths: Iterable[Union[str, Path]], fmt: Optional[str] = None,
                 text_column: Optional[str] = None, id_column: Optional[str] = None, **options) -> Summary:
    """Ingest files and folders into ``store`` (options as for :class:`IngestRun`)."""
    return IngestRun(store, **options).run(iter_inputs(paths, fmt, text_column, id_column))
