"""The local engine: worker processes on this machine, no Ray.

A ``spawn`` ``ProcessPoolExecutor`` whose initializer loads spaCy once per worker (on one
thread, ``worker.load_models``); jobs go to the workers in chunks of ``CHUNK`` (parsed as
one spaCy batch, ``worker.analyse_jobs``), a bounded window of chunks in flight, results
handed back in input order.  A worker that dies (killed, out of memory, a crash in native
code) costs the job it held, reported as that job's error: the pool is rebuilt, the jobs of
the broken chunk are submitted again one by one (the one that kills a worker again is the
error) and the chunks in flight are submitted again.
"""
from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from claimledger.batch import worker

# Jobs a worker analyses in one call: spaCy's cost per article at a batch of 8 is close to
# that at 32 and about a fifth under that at 1 (BENCHMARKS.md "Scale"); small enough that
# the last chunks still spread over the workers.
CHUNK = 8


def _init_worker() -> None:
    # Ctrl-C goes to the parent, which stops the pool and keeps what is written
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    worker.load_models()


class LocalEngine:
    """``map(jobs)`` over ``workers`` processes, in input order."""

    name = "local"

    def __init__(self, workers: int = 1, chunk: int = CHUNK):
        self.workers = max(1, workers)
        self.chunk = max(1, chunk)
        self._pool = None
        self._pids: set[int] = set()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker)

    def map(self, jobs: Iterable[dict]) -> Iterator[dict]:
        window: deque = deque()  # (chunk of jobs, future of their results)
        limit = 2 * self.workers
        self._pool = self._new_pool()
        jobs = iter(jobs)
        try:
            while chunk := list(islice(jobs, self.chunk)):
                window.append((chunk, self._pool.submit(worker.analyse_jobs, chunk)))
                while len(window) >= limit:
                    yield from self._next(window)
            while window:
                yield from self._next(window)
        except BaseException:
            self.close()  # Ctrl-C or the consumer gone: nothing more to wait for
            raise

    def _next(self, window: deque) -> list[dict]:
        chunk, future = window.popleft()
        try:
            results = future.result()
        except BrokenProcessPool as error:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            if len(chunk) > 1:  # which job killed the worker is not known: each alone, first
                window.extendleft(([job], None) for job in reversed(chunk))
            for i, (pending, _) in enumerate(window):
                window[i] = (pending, self._pool.submit(worker.analyse_jobs, pending))
            if len(chunk) > 1:
                return []
            job = chunk[0]
            return [{"origin": job["origin"], "raw_hash": job["raw_hash"], "words": 0,
                     "error": f"analysis worker died ({error})"}]
        self._pids.update(getattr(self._pool, "_processes", {}) or {})
        return results

    def worker_peak_rss_mb(self) -> list[float]:
        """Peak resident memory (VmHWM) of each live worker, in MB (Linux /proc)."""
        out = []
        for pid in sorted(getattr(self._pool, "_processes", {}) or {}):
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        out.append(int(line.split()[1]) / 1024)
            except OSError:
                continue
        return out

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
