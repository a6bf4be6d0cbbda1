"""What a worker does, whatever the engine: load spaCy once, then analyse jobs.

A job is a plain dict (``origin``, ``raw_hash``, ``text``, ``title``, ``published``,
``url``) so that it pickles cheaply to a process or a Ray actor; a result carries the
record's JSON or the error's text, never an exception: one bad article must not stop
a batch.  The call is exactly the one ``claimledger analyze`` makes, so the output is
the same.
"""
from __future__ import annotations

import gc
import json
import os
import resource
import sys
import time

from claimledger.ingest import RawArticle
from claimledger.batch.manifest import raw_hash


def job_for(raw: RawArticle, origin: str) -> dict:
    return {"origin": origin, "raw_hash": raw_hash(raw), "text": raw.text, "title": raw.title,
            "published": raw.published, "url": raw.url}


# Native thread pools a worker must not start: OpenBLAS (numpy) and OpenMP (torch, which
# thinc imports) default to one thread per core, so N workers on N cores would run N*N
# threads that spin against each other.  A worker is one core's worth of work.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def one_thread() -> None:
    """Native pools of this process to one thread: by environment for libraries not yet
    loaded, by threadpoolctl (and torch) for those already loaded (a Ray actor's)."""
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    try:
        from threadpoolctl import threadpool_limits
        threadpool_limits(limits=1)
    except ImportError:
        pass
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)


def load_models() -> None:
    """Load the spaCy pipeline (and the lexicons it reads) once in this process, on one
    thread; then freeze what is loaded out of the garbage collector's reach, so that its
    full collections no longer walk the model's and lexicons' objects for every batch of
    records (``gc.freeze``)."""
    one_thread()  # before numpy and torch load
    from claimledger.pipeline import analyze
    analyze("Officials said the bridge was closed.")
    one_thread()  # torch's pool, once loaded
    gc.freeze()


def analyse_job(job: dict) -> dict:
    """The record of one job, or its error."""
    from claimledger.pipeline import analyze
    started = time.process_time()
    out = {"origin": job["origin"], "raw_hash": job["raw_hash"], "words": len(job["text"].split())}
    try:
        record = analyze(job["text"], title=job["title"] or None, published=job["published"], url=job["url"])
        out["record_json"] = json.dumps(record.to_dict(), ensure_ascii=False)
    except Exception as error:  # reported in errors.jsonl, the batch goes on
        out["error"] = f"{type(error).__name__}: {error}"
    out["cpu_seconds"] = time.process_time() - started  # this worker's CPU for the job (benchmarks)
    return out


def analyse_jobs(jobs: list[dict]) -> list[dict]:
    """The results of several jobs, parsed together: one ``analyze_many`` call gives spaCy a
    batch, cheaper per article than one ``nlp.pipe`` call each (batch of 1: about a fifth
    more CPU, BENCHMARKS.md "Scale"); records are those ``analyze`` gives one at a time.
    If the chunk fails, each job is analysed alone, so only the bad one is an error."""
    from claimledger.pipeline import analyze_many
    if len(jobs) == 1:
        return [analyse_job(jobs[0])]
    started = time.process_time()
    try:
        records = list(analyze_many([j["text"] for j in jobs], titles=[j["title"] or None for j in jobs],
                                    published=[j["published"] for j in jobs], urls=[j["url"] for j in jobs]))
    except Exception:
        return [analyse_job(j) for j in jobs]
    out = []
    for job, record in zip(jobs, records):
        result = {"origin": job["origin"], "raw_hash": job["raw_hash"], "words": len(job["text"].split())}
        try:
            result["record_json"] = json.dumps(record.to_dict(), ensure_ascii=False)
        except Exception as error:
            result["error"] = f"{type(error).__name__}: {error}"
        out.append(result)
    cpu = time.process_time() - started
    for result in out:  # the chunk's CPU, shared by words
        result["cpu_seconds"] = cpu * result["words"] / max(1, sum(r["words"] for r in out))
    return out


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB (ru_maxrss is kB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
