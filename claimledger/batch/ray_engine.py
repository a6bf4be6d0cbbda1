"""The Ray engine: an actor pool on a Ray cluster, or on this machine in local mode.

Each actor loads spaCy once (in its constructor, on one native thread) and analyses the
jobs sent to it in chunks of ``local.CHUNK`` (one spaCy batch, ``worker.analyse_jobs``); a
bounded window of chunks is in flight and results come back in input order
(``ActorPool``'s ``get_next``).  ``address`` joins an existing cluster (``ray.init(address=...)``: every
node needs claimledger and the spaCy model installed, same versions); without it Ray
starts on this machine with ``workers`` CPUs and no dashboard.  An actor that dies is
restarted by Ray; the jobs of the chunk it held are reported as errors (a re-run of the batch
tries them again).
"""
from __future__ import annotations

from typing import Iterable, Iterator, Optional

from claimledger.batch import worker


class _Analyser:
    """One Ray actor: spaCy loaded once, then jobs."""

    def __init__(self):
        worker.load_models()

    def ready(self) -> bool:
        return True

    def analyse(self, jobs: list[dict]) -> list[dict]:
        return worker.analyse_jobs(jobs)

    def peak_rss_mb(self) -> float:
        return worker.peak_rss_mb()


class RayEngine:
    """``map(jobs)`` over ``workers`` Ray actors, in input order."""

    name = "ray"

    def __init__(self, workers: int = 1, address: Optional[str] = None):
        import ray
        from ray.util import ActorPool
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            options = dict(include_dashboard=False, log_to_driver=False, logging_level="ERROR")
            if address:
                ray.init(address=address, **options)
            else:
                ray.init(num_cpus=max(1, workers), **options)
            self._started = True
        self.workers = max(1, workers)
        actor = ray.remote(num_cpus=1, max_restarts=2)(_Analyser)
        self.actors = [actor.remote() for _ in range(self.workers)]
        ray.get([a.ready.remote() for a in self.actors])  # models loaded before the clock runs
        self.pool = ActorPool(self.actors)

    def map(self, jobs: Iterable[dict]) -> Iterator[dict]:
        from itertools import islice
        from ray.exceptions import RayError
        from claimledger.batch.local import CHUNK
        jobs = iter(jobs)
        in_flight: list[list[dict]] = []
        limit = 2 * self.workers
        try:
            while chunk := list(islice(jobs, CHUNK)):
                self.pool.submit(lambda a, c: a.analyse.remote(c), chunk)
                in_flight.append(chunk)
                if len(in_flight) >= limit:
                    yield from self._next(in_flight, RayError)
            while in_flight:
                yield from self._next(in_flight, RayError)
        except BaseException:
            self.close()
            raise

    def _next(self, in_flight: list[list[dict]], errors) -> list[dict]:
        chunk = in_flight.pop(0)
        try:
            return self.pool.get_next()
        except errors as error:
            return [{"origin": job["origin"], "raw_hash": job["raw_hash"], "words": 0,
                     "error": f"analysis actor failed ({type(error).__name__}: {str(error)[:200]})"}
                    for job in chunk]

    def worker_peak_rss_mb(self) -> list[float]:
        return self._ray.get([a.peak_rss_mb.remote() for a in self.actors])

    def close(self) -> None:
        if self.actors:
            for a in self.actors:
                self._ray.kill(a)
            self.actors = []
        if self._started and self._ray.is_initialized():
            self._ray.shutdown()
            self._started = False
