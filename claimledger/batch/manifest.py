"""A batch output folder: ``batch.json`` (what it is), ``manifest.jsonl`` (one line per
input written: origin, input hash, article id, and where its record lies), the part files
with the records, and ``errors.jsonl`` (what the last run could not analyse, and why).

The manifest is the truth: a part file is written whole first, then its lines are appended
to the manifest, so a run killed in between leaves a part that no manifest line points to;
the next run removes it and analyses those inputs again.  Nothing is lost or doubled.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from claimledger.ingest import RawArticle

SCHEMA = "claimledger-batch/1"
INFO = "batch.json"
MANIFEST = "manifest.jsonl"
ERRORS = "errors.jsonl"
FORMATS = ("parquet", "jsonl")
PART_DIRS = {"parquet": ("articles", "claims"), "jsonl": ("records",)}


def raw_hash(raw: RawArticle) -> str:
    """sha256 of what the analysis reads: text, title, date and URL (the same key the
    ledger's ``inputs`` table uses, so a batch and an ingest know the same inputs)."""
    payload = json.dumps([raw.text, raw.title, raw.published, raw.url], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class Entry:
    """One manifest line: an input whose record is in ``part`` at ``row``."""
    origin: str
    raw_hash: str
    article_id: str
    part: str
    row: int


def is_batch_dir(path) -> bool:
    """True when ``path`` is a folder written by ``claimledger batch``."""
    p = Path(path)
    return p.is_dir() and (p / INFO).is_file() and (p / MANIFEST).exists()


def read_info(folder: Path) -> Optional[dict]:
    try:
        info = json.loads((folder / INFO).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    if info.get("schema") != SCHEMA:
        raise ValueError(f"{folder / INFO}: not a {SCHEMA} folder (schema={info.get('schema')!r})")
    return info


def read_manifest(folder: Path) -> list[Entry]:
    """Every complete manifest line; a last line cut by a crash is ignored."""
    entries = []
    try:
        lines = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return entries
    for line in lines:
        try:
            entries.append(Entry(**json.loads(line)))
        except (ValueError, TypeError):
            continue
    return entries


def append_manifest(folder: Path, entries: list[Entry]) -> None:
    with open(folder / MANIFEST, "a", encoding="utf-8") as f:
        for e in entries:
            f.write(json.dumps(e.__dict__, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())


def part_files(folder: Path, fmt: str) -> list[Path]:
    return sorted(f for d in PART_DIRS[fmt] for f in (folder / d).glob("part-*.*"))


def iter_records(folder) -> Iterator[tuple[Entry, str]]:
    """(manifest entry, record JSON) for every input of a batch folder, in manifest order;
    each part file is read once."""
    folder = Path(folder)
    info = read_info(folder)
    if info is None:
        raise ValueError(f"{folder}: not a claimledger batch folder (no {INFO})")
    cache: dict[str, list[str]] = {}
    for entry in read_manifest(folder):
        if entry.part not in cache:
            cache.clear()
            cache[entry.part] = _read_part(folder / entry.part, info["format"])
        yield entry, cache[entry.part][entry.row]


def _read_part(path: Path, fmt: str) -> list[str]:
    if fmt == "jsonl":
        return path.read_text(encoding="utf-8").splitlines()
    import pyarrow.parquet as pq
    return pq.read_table(path, columns=["record_json"]).column("record_json").to_pylist()
