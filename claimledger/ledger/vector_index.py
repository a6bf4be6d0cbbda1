"""A persisted nearest-neighbour index of story vectors (usearch HNSW), and the writers' lock.

Method: approximate nearest-neighbour search in a hierarchical navigable small-world graph
(Malkov & Yashunin, TPAMI 2018) as implemented by usearch (Vardanian, unum-cloud/usearch),
cosine metric, vectors stored as i8 (a quarter of the memory of float32; the exact cosine of the
few candidates is recomputed from the float32 centroids in the database).  Memory grows
with the number of stories, about 0.5 KB each (the i8 vector and its graph links: some
500 MB at a million, against 1.5 GB of float32); the cost of one query grows far slower
than n, if faster than log n once the graph outgrows the CPU caches (figures and recall:
bench/bench_story_index.py, BENCHMARKS.md "Story index, synthetic").

The index is a *cache*: the truth is ``stories.centroid`` in the database.  Beside the
index file a small JSON file records ``covered_seq``, the highest ``stories.updated_seq``
the file holds; a writer that opens it re-reads from the database only the stories changed
since (:meth:`VectorIndex.refresh`).  So a stale, missing or deleted file only costs a
rebuild, several writers on several machines may each keep their own copy, and a crash
between a commit and a save loses nothing.

Where the file lives (:func:`index_path`): for a SQLite ledger, beside the ``.db`` file
(``ledger.db.stories.usearch``); for PostgreSQL, ``$CLAIMLEDGER_INDEX`` when set, else a
per-user cache file named after the database URL (``~/.cache/claimledger/``).  Not inside
PostgreSQL: a bytea blob would be rewritten whole on every save and read whole by every
reader, where a local file is memory-mapped (``view``) and paged in on demand.

Writers serialise the assignment of an article and the index update
(:class:`WriterLock`): PostgreSQL by a transaction-scoped advisory lock, SQLite by an
exclusive ``flock`` on ``<db>.stories.lock`` taken before the transaction writes anything
(taking it later could deadlock against SQLite's own write lock).
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path
from typing import Iterable, Optional

import numpy as np

DTYPE = "i8"
CONNECTIVITY = 16
EXPANSION_ADD = 32
EXPANSION_SEARCH = 64
ENV_INDEX = "CLAIMLEDGER_INDEX"
ADVISORY_KEY = 0x636C7374  # "clst": the PostgreSQL advisory lock of story assignment


def index_path(url: str) -> Optional[Path]:
    """Where the story index of the ledger at ``url`` is persisted (None: memory only)."""
    if os.environ.get(ENV_INDEX):
        return Path(os.environ[ENV_INDEX])
    if url.startswith("sqlite"):
        database = url.split(":///", 1)[1] if ":///" in url else ""
        if not database or database == ":memory:":
            return None
        return Path(database + ".stories.usearch")
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claimledger"
    return cache / f"stories-{digest}.usearch"


class VectorIndex:
    """Story id -> unit vector, searchable by cosine; optionally persisted at ``path``.

    ``view=True`` memory-maps the saved file read-only (readers: nothing is copied into
    memory until a page is touched)."""

    def __init__(self, ndim: int, path: Optional[Path] = None, view: bool = False):
        from usearch.index import Index
        self.ndim = ndim
        self.path = Path(path) if path else None
        self.covered_seq = 0
        self.read_only = False
        self._index = Index(ndim=ndim, metric="cos", dtype=DTYPE, connectivity=CONNECTIVITY,
                            expansion_add=EXPANSION_ADD, expansion_search=EXPANSION_SEARCH)
        if self.path and self.path.exists() and self._meta_path.exists():
            try:
                meta = json.loads(self._meta_path.read_text(encoding="utf-8"))
                if meta.get("ndim") == ndim:
                    if view:
                        self._index.view(str(self.path))
                        self.read_only = True
                    else:
                        self._index.load(str(self.path))
                    self.covered_seq = int(meta.get("covered_seq", 0))
            except (OSError, ValueError, RuntimeError):  # a damaged cache is rebuilt from the database
                self._index.reset()
                self.covered_seq = 0
                self.read_only = False

    @property
    def _meta_path(self) -> Path:
        return self.path.with_name(self.path.name + ".json")

    def __len__(self) -> int:
        return len(self._index)

    def upsert(self, keys: Iterable[int], vectors: np.ndarray) -> None:
        """Add or replace the vectors of ``keys`` (rows of ``vectors``)."""
        keys = np.asarray(list(keys), dtype=np.uint64)
        if not len(keys):
            return
        present = keys[np.asarray(self._index.contains(keys), dtype=bool).reshape(len(keys))]
        if len(present):
            self._index.remove(present)
        self._index.add(keys, np.asarray(vectors, dtype=np.float32).reshape(len(keys), self.ndim))

    def remove(self, keys: Iterable[int]) -> None:
        for key in keys:
            if self._index.contains(int(key)):
                self._index.remove(int(key))

    def search(self, vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The ``k`` nearest keys with their (approximate) cosine similarity, best first."""
        if not len(self._index):
            return []
        # one query: one thread (spinning up a pool costs more than the search)
        found = self._index.search(np.asarray(vector, dtype=np.float32), min(k, len(self._index)), threads=1)
        return [(int(key), 1.0 - float(distance)) for key, distance in zip(found.keys, found.distances)]

    def save(self) -> None:
        """Write the index and its ``covered_seq`` atomically (under a file lock, so two
        writers on one machine never interleave their files)."""
        if not self.path or self.read_only:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            tmp = self.path.with_name(self.path.name + f".tmp{os.getpid()}")
            self._index.save(str(tmp))
            os.replace(tmp, self.path)
            meta_tmp = self._meta_path.with_name(self._meta_path.name + f".tmp{os.getpid()}")
            meta_tmp.write_text(json.dumps({"covered_seq": self.covered_seq, "ndim": self.ndim,
                                            "dtype": DTYPE}), encoding="utf-8")
            os.replace(meta_tmp, self._meta_path)

    def memory_bytes(self) -> int:
        return int(self._index.memory_usage)

    def delete_files(self) -> None:
        if self.path:
            for path in (self.path, self._meta_path):
                path.unlink(missing_ok=True)


class WriterLock:
    """Serialises story assignment among writers of one ledger (see the module docstring)."""

    def __init__(self, dialect: str, db_path: Optional[Path]):
        self.dialect = dialect
        self.lock_path = Path(str(db_path) + ".lock") if db_path and dialect == "sqlite" else None
        self._handle = None

    def acquire(self, session) -> None:
        """Take the lock for the session's current transaction (idempotent)."""
        if self.dialect == "postgresql":
            from sqlalchemy import text
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_KEY})
            return
        if self.lock_path is None or self._handle is not None:
            return
        self._handle = open(self.lock_path, "a+")
        fcntl.flock(self._handle, fcntl.LOCK_EX)

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None
