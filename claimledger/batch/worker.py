"""What a worker does, whatever the engine: load spaCy once, then analyse jobs.

A job is a plain dict (``origin``, ``raw_hash``, ``text``, ``title``, ``published``,
``url``) so that it pickles cheaply to a process or a Ray actor; a result carries the
record's JSON or the error's text, never an exception: one bad article must not stop
a batch.  The call is exactly the one ``claimledger analyze`` makes, so the output is
the same.
"""
from __future__ import annotations

import json
import resource
import sys

from claimledger.ingest import RawArticle
from claimledger.batch.manifest import raw_hash


def job_for(raw: RawArticle, origin: str) -> dict:
    return {"origin": origin, "raw_hash": raw_hash(raw), "text": raw.text, "title": raw.title,
            "published": raw.published, "url": raw.url}


def load_models() -> None:
    """Load the spaCy pipeline (and the lexicons it reads) once in this process."""
    from claimledger.pipeline import analyze
    analyze("Officials said the bridge was closed.")


def analyse_job(job: dict) -> dict:
    """The record of one job, or its error."""
    from claimledger.pipeline import analyze
    out = {"origin": job["origin"], "raw_hash": job["raw_hash"], "words": len(job["text"].split())}
    try:
        record = analyze(job["text"], title=job["title"] or None, published=job["published"], url=job["url"])
        out["record_json"] = json.dumps(record.to_dict(), ensure_ascii=False)
    except Exception as error:  # reported in errors.jsonl, the batch goes on
        out["error"] = f"{type(error).__name__}: {error}"
    return out


def analyse_jobs(jobs: list[dict]) -> list[dict]:
    return [analyse_job(j) for j in jobs]


def peak_rss_mb() -> float:
    """Peak resident memory of this process, in MB (ru_maxrss is kB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024
