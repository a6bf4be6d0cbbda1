"""``claimledger batch``: many articles analysed on worker processes or a Ray cluster,
records written to a folder (Parquet or JSON Lines) for later ``claimledger ingest DIR``.

``run_batch(inputs, out, engine="local"|"ray", ...)`` reads every input with
``claimledger.ingest.read_path`` (JSON Lines, CSV, WARC, feeds, HTML, text, folders),
skips inputs already in ``out`` (by the hash of what the analysis reads, from
``manifest.jsonl``), analyses the rest on the engine in input order, writes records in
parts (``writers``), and reports progress on stderr (done, rate, errors).  An input that
cannot be read or analysed is counted and written to ``out/errors.jsonl`` with its origin
and reason; it never stops the batch.
"""
from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from claimledger.batch import manifest, writers
from claimledger.batch.manifest import is_batch_dir, iter_records, raw_hash  # noqa: F401  (API)
from claimledger.batch.worker import job_for

ENGINES = ("local", "ray")
PART_SIZE = 500         # records per part file
PART_SECONDS = 60.0     # ... or a part at least this often, so a crash loses little
PROGRESS_SECONDS = 5.0


class BatchError(ValueError):
    """A batch that cannot start (bad output folder, engine unavailable): one line for the user."""


@dataclass
class BatchSummary:
    written: int = 0
    already: int = 0          # in ``out`` from an earlier run
    duplicates: int = 0       # the same input twice in this run
    errors: int = 0
    words: int = 0
    reasons: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    startup_seconds: Optional[float] = None  # start to first result: reading, engine and model load
    interrupted: bool = False
    worker_peak_rss_mb: list[float] = field(default_factory=list)
    worker_cpu_seconds: float = 0.0  # the workers' CPU time on the articles (start-up excluded)

    def rate(self) -> float:
        return self.written / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        head = "interrupted" if self.interrupted else "done"
        return (f"{head}: {self.written} written, {self.already} already in the folder, "
                f"{self.duplicates} duplicates, {self.errors} errors in {self.seconds:.1f} s "
                f"({self.rate():.2f} articles/s, {self.words / self.seconds if self.seconds else 0:,.0f} words/s)")

    def to_dict(self) -> dict:
        return {"written": self.written, "already": self.already, "duplicates": self.duplicates,
                "errors": self.errors, "errors_by_reason": dict(self.reasons), "words": self.words,
                "seconds": round(self.seconds, 3), "articles_per_second": round(self.rate(), 3),
                "startup_seconds": round(self.startup_seconds, 3) if self.startup_seconds is not None else None,
                "interrupted": self.interrupted, "worker_peak_rss_mb": [round(x, 1) for x in self.worker_peak_rss_mb],
                "worker_cpu_seconds": round(self.worker_cpu_seconds, 3)}


def make_engine(engine: str, workers: int, address: Optional[str] = None):
    """The engine by name; BatchError when it cannot start."""
    if engine == "local":
        if address:
            raise BatchError("--address needs --engine ray")
        from claimledger.batch.local import LocalEngine
        return LocalEngine(workers)
    if engine == "ray":
        try:
            from claimledger.batch.ray_engine import RayEngine
            return RayEngine(workers, address)
        except ImportError as error:
            raise BatchError(f"--engine ray needs Ray (pip install 'claimledger[scale]'): {error}") from None
        except (ConnectionError, RuntimeError) as error:
            raise BatchError(f"cannot start or reach Ray{' at ' + address if address else ''}: "
                             f"{str(error).splitlines()[0] if str(error) else type(error).__name__}") from None
    raise BatchError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")


def run_batch(inputs: Iterable[Union[str, Path]], out: Union[str, Path], *, engine: str = "local",
              workers: int = 1, address: Optional[str] = None, fmt: str = "parquet",
              input_format: Optional[str] = None, text_column: Optional[str] = None,
              id_column: Optional[str] = None, part_size: int = PART_SIZE,
              report: Optional[Callable[[str], None]] = None) -> BatchSummary:
    """Analyse ``inputs`` into the folder ``out`` (module docstring); returns the summary."""
    report = report or (lambda line: print(line, file=sys.stderr, flush=True))
    if fmt not in manifest.FORMATS:
        raise BatchError(f"unknown output format {fmt!r} (known: {', '.join(manifest.FORMATS)})")
    if engine not in ENGINES:
        raise BatchError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    if address and engine != "ray":
        raise BatchError("--address needs --engine ray")
    if workers < 1:
        raise BatchError(f"--workers must be 1 or more, got {workers}")
    folder = _open_folder(Path(out), fmt)
    done = {e.raw_hash for e in manifest.read_manifest(folder)}
    number = _remove_orphans(folder, fmt) + 1
    summary = BatchSummary()
    errors: list[dict] = []
    started = time.perf_counter()
    progress = _Progress(summary, started, report)
    seen: set[str] = set()

    def jobs() -> Iterator[dict]:
        for item in _read(inputs, input_format, text_column, id_column):
            if isinstance(item, dict):          # could not be read
                _error(summary, errors, item["origin"], item["reason"], "unreadable input")
            elif not (item.text or "").strip():
                _error(summary, errors, item.origin or "<input>", "empty text", "empty text")
            else:
                job = job_for(item, item.origin or "<input>")
                if job["raw_hash"] in done:
                    summary.already += 1
                elif job["raw_hash"] in seen:
                    summary.duplicates += 1
                else:
                    seen.add(job["raw_hash"])
                    yield job
                    continue
            progress.tick(1)

    pending = jobs()
    first = next(pending, None)
    buffer: list[dict] = []
    last_part = time.perf_counter()
    runner = None
    try:
        if first is not None:  # engines (and Ray) start only when there is work
            runner = make_engine(engine, workers, address)
            for result in runner.map(_chain(first, pending)):
                summary.worker_cpu_seconds += result.get("cpu_seconds", 0.0)
                if summary.startup_seconds is None:
                    summary.startup_seconds = time.perf_counter() - started
                    last_part = time.perf_counter()  # parts are timed from the first result
                if "error" in result:
                    _error(summary, errors, result["origin"], result["error"], "analysis failed")
                else:
                    buffer.append(result)
                    summary.words += result.get("words", 0)
                if len(buffer) >= part_size or (buffer and time.perf_counter() - last_part > PART_SECONDS):
                    number = _flush(folder, fmt, number, buffer, summary)
                    last_part = time.perf_counter()
                progress.tick(1)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        if buffer:
            _flush(folder, fmt, number, buffer, summary)
        if runner is not None:
            try:
                summary.worker_peak_rss_mb = runner.worker_peak_rss_mb()
            except Exception:  # measuring must not lose a finished batch
                pass
            runner.close()
        _write_errors(folder, errors)
        summary.seconds = time.perf_counter() - started
        progress.tick(force=True)
    return summary


def _chain(first, rest):
    yield first
    yield from rest


def _open_folder(folder: Path, fmt: str) -> Path:
    """Create the output folder, or reopen one written by an earlier batch (same format)."""
    if folder.exists() and not folder.is_dir():
        raise BatchError(f"--out {folder}: exists and is not a folder")
    try:
        info = manifest.read_info(folder)
    except (ValueError, OSError) as error:
        raise BatchError(str(error)) from None
    if info is None:
        if folder.is_dir() and any(folder.iterdir()):
            raise BatchError(f"--out {folder}: a folder that is not empty and not a batch output; "
                             "give a new or empty folder")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            from claimledger import __version__
            (folder / manifest.INFO).write_text(json.dumps(
                {"schema": manifest.SCHEMA, "format": fmt, "claimledger": __version__}, indent=1) + "\n")
            (folder / manifest.MANIFEST).touch()
        except OSError as error:
            raise BatchError(f"--out {folder}: cannot write ({error.strerror or error})") from None
    elif info.get("format") != fmt:
        raise BatchError(f"--out {folder}: holds {info.get('format')} output; re-run with "
                         f"--format {info.get('format')} or give another folder")
    return folder


def _remove_orphans(folder: Path, fmt: str) -> int:
    """Delete part files no manifest line points to (a run killed between writing a part
    and recording it); returns the highest part number in use."""
    entries = manifest.read_manifest(folder)
    used = {e.part for e in entries}
    used_numbers = {_part_number(p) for p in used}
    highest = max(used_numbers, default=0)
    for path in manifest.part_files(folder, fmt) + sorted(folder.glob("*/part-*.tmp")):
        if _part_number(path.name) not in used_numbers:
            path.unlink(missing_ok=True)
    return highest


def _part_number(name: str) -> int:
    m = re.search(r"part-(\d+)", str(name))
    return int(m.group(1)) if m else 0


def _flush(folder: Path, fmt: str, number: int, buffer: list[dict], summary: BatchSummary) -> int:
    entries = writers.write_part(folder, fmt, number, buffer)
    manifest.append_manifest(folder, entries)
    summary.written += len(buffer)
    buffer.clear()
    return number + 1


def _error(summary: BatchSummary, errors: list[dict], origin: str, reason: str, kind: str) -> None:
    summary.errors += 1
    summary.reasons[kind] += 1
    errors.append({"origin": origin, "reason": reason})


def _write_errors(folder: Path, errors: list[dict]) -> None:
    """errors.jsonl: what this run could not read or analyse (a re-run tries them again)."""
    path = folder / manifest.ERRORS
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in errors), encoding="utf-8")
    tmp.replace(path)


def _read(inputs, fmt, text_column, id_column) -> Iterator:
    """Articles from every input; what cannot be read comes as {origin, reason}."""
    from claimledger.ingest import InputError, read_path
    for path in inputs:
        try:
            for item in read_path(path, fmt=fmt, text_column=text_column, id_column=id_column):
                if isinstance(item, InputError):
                    yield _unreadable(str(path), str(item))
                else:
                    if not item.origin:
                        item.origin = str(path)
                    yield item
        except InputError as error:
            yield _unreadable(str(path), str(error))
        except OSError as error:
            yield {"origin": str(path), "reason": error.strerror or str(error)}


def _unreadable(path: str, message: str) -> dict:
    """Split 'origin: reason' where the reader's message names its record."""
    head, sep, rest = message.partition(": ")
    if sep and head.startswith(path):
        return {"origin": head, "reason": rest}
    return {"origin": path, "reason": message}


class _Progress:
    """A line on stderr every few seconds: done, rate, errors."""

    def __init__(self, summary: BatchSummary, started: float, report: Callable[[str], None]):
        self.summary, self.started, self.report = summary, started, report
        self.last = started
        self.done = 0

    def tick(self, done: int = 0, force: bool = False) -> None:
        self.done += done
        now = time.perf_counter()
        if not force and now - self.last < PROGRESS_SECONDS:
            return
        self.last = now
        s = self.summary
        if force:
            self.report(s.line())
            return
        elapsed = max(now - self.started, 1e-9)
        self.report(f"batch: {self.done} done ({s.already} already there), {s.errors} errors, "
                    f"{self.done / elapsed:.2f} inputs/s, {s.words / elapsed:,.0f} words/s")
