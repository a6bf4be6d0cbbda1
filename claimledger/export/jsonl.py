"""JSON Lines: one ``claimledger/1`` record per line, exactly the contract's JSON."""
from __future__ import annotations

import json
from typing import IO, Iterable

from claimledger.record import Record


def record_line(record: Record) -> str:
    """One record as a single JSON line (no trailing newline)."""
    return json.dumps(record.to_dict(), ensure_ascii=False)


def write_jsonl(records: Iterable[Record], out: IO[str]) -> int:
    """Write records one per line; returns how many."""
    n = 0
    for record in records:
        out.write(record_line(record) + "\n")
        n += 1
    return n


def read_jsonl(lines: Iterable[str]) -> list[Record]:
    """Records back from JSON Lines (blank lines ignored)."""
    return [Record.from_json(line) for line in lines if line.strip()]
