"""The local engine: worker processes on this machine, no Ray.

A ``spawn`` ``ProcessPoolExecutor`` whose initializer loads spaCy once per worker; a bounded
window of jobs in flight, results handed back in input order.  A worker that dies (killed,
out of memory, a crash in native code) costs the job it held, reported as that job's error:
the pool is rebuilt and the jobs in flight are submitted again.
"""
from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Iterable, Iterator

from claimledger.batch import worker


def _init_worker() -> None:
    # Ctrl-C goes to the parent, which stops the pool and keeps what is written
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    worker.load_models()


class LocalEngine:
    """``map(jobs)`` over ``workers`` processes, in input order."""

    name = "local"

    def __init__(self, workers: int = 1):
        self.workers = max(1, workers)
        self._pool = None
        self._pids: set[int] = set()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker)

    def map(self, jobs: Iterable[dict]) -> Iterator[dict]:
        window: deque = deque()
        limit = 4 * self.workers
        self._pool = self._new_pool()
        try:
            for job in jobs:
                window.append((job, self._pool.submit(worker.analyse_job, job)))
                while len(window) >= limit:
                    yield self._next(window)
            while window:
                yield self._next(window)
        except BaseException:
            self.close()  # Ctrl-C or the consumer gone: nothing more to wait for
            raise

    def _next(self, window: deque) -> dict:
        job, future = window.popleft()
        try:
            result = future.result()
        except BrokenProcessPool as error:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            for i, (pending, _) in enumerate(window):
                window[i] = (pending, self._pool.submit(worker.analyse_job, pending))
            return {"origin": job["origin"], "raw_hash": job["raw_hash"], "words": 0,
                    "error": f"analysis worker died ({error})"}
        self._pids.update(getattr(self._pool, "_processes", {}) or {})
        return result

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
