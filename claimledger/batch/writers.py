"""Part files of a batch folder.

* ``parquet``: ``articles/part-NNNNN.parquet``, one row an article (origin, input hash,
  article id, title, published, url, claim count, the whole record as JSON), and
  ``claims/part-NNNNN.parquet``, one row a claim (article id, claim id, text, offsets,
  source id, name and kind, cue, kind, status, certainty, hedges, time, quantities) for
  querying with any Parquet reader without parsing JSON.
* ``jsonl``: ``records/part-NNNNN.jsonl``, one record a line, exactly what
  ``claimledger analyze --jsonl`` prints.

A part is written to a temporary name and renamed, so a part file is always whole.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from claimledger.batch.manifest import Entry

ARTICLE_COLUMNS = ("origin", "raw_hash", "article_id", "title", "published", "url", "claims", "record_json")


def write_part(folder: Path, fmt: str, number: int, results: list[dict]) -> list[Entry]:
    """Write analysed results as part ``number``; returns their manifest entries."""
    records = [json.loads(r["record_json"]) for r in results]
    if fmt == "jsonl":
        rel = f"records/part-{number:05d}.jsonl"
        _atomic_write(folder / rel, "".join(r["record_json"] + "\n" for r in results).encode("utf-8"))
    else:
        rel = f"articles/part-{number:05d}.parquet"
        _write_parquet(folder, number, results, records)
    return [Entry(origin=r["origin"], raw_hash=r["raw_hash"], article_id=rec["article"]["id"], part=rel, row=k)
            for k, (r, rec) in enumerate(zip(results, records))]


def _write_parquet(folder: Path, number: int, results: list[dict], records: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    articles = {name: [] for name in ARTICLE_COLUMNS}
    for r, rec in zip(results, records):
        a = rec["article"]
        for name, value in (("origin", r["origin"]), ("raw_hash", r["raw_hash"]), ("article_id", a["id"]),
                            ("title", a.get("title")), ("published", a.get("published")), ("url", a.get("url")),
                            ("claims", len(rec["claims"])), ("record_json", r["record_json"])):
            articles[name].append(value)
    claims = _claims_table(records)
    # claims first: the articles part is what the manifest points to, written last
    _atomic_parquet(pa.table(claims, schema=claims_schema(pa)), folder / f"claims/part-{number:05d}.parquet", pq)
    _atomic_parquet(pa.table(articles, schema=articles_schema(pa)), folder / f"articles/part-{number:05d}.parquet", pq)


def articles_schema(pa):
    return pa.schema([("origin", pa.string()), ("raw_hash", pa.string()), ("article_id", pa.string()),
                      ("title", pa.string()), ("published", pa.string()), ("url", pa.string()),
                      ("claims", pa.int32()), ("record_json", pa.string())])


def claims_schema(pa):
    return pa.schema([("article_id", pa.string()), ("claim_id", pa.string()), ("text", pa.string()),
                      ("start", pa.int64()), ("end", pa.int64()), ("source_id", pa.string()),
                      ("source_name", pa.string()), ("source_kind", pa.string()), ("cue", pa.string()),
                      ("kind", pa.string()), ("status", pa.string()), ("certainty", pa.float64()),
                      ("hedges", pa.list_(pa.string())), ("time_text", pa.string()),
                      ("time_start", pa.string()), ("time_end", pa.string()),
                      ("quantities", pa.list_(pa.string()))])


def _claims_table(records: list[dict]) -> dict[str, list]:
    cols = {name: [] for name in ("article_id", "claim_id", "text", "start", "end", "source_id", "source_name",
                                  "source_kind", "cue", "kind", "status", "certainty", "hedges", "time_text",
                                  "time_start", "time_end", "quantities")}
    for rec in records:
        sources = {s["id"]: s for s in rec["sources"]}
        for c in rec["claims"]:
            src = sources.get(c.get("source")) or {}
            time = c.get("time") or {}
            row = {"article_id": rec["article"]["id"], "claim_id": c["id"], "text": c["text"],
                   "start": c["start"], "end": c["end"], "source_id": c.get("source"),
                   "source_name": src.get("name"), "source_kind": src.get("kind"), "cue": c.get("cue"),
                   "kind": c["kind"], "status": c["status"], "certainty": float(c["certainty"]),
                   "hedges": c.get("hedges", []), "time_text": time.get("text"), "time_start": time.get("start"),
                   "time_end": time.get("end"), "quantities": c.get("quantities", [])}
            for name, value in row.items():
                cols[name].append(value)
    return cols


def _atomic_parquet(table, path: Path, pq) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
