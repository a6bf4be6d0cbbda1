"""Size limits on what the readers take in, each configurable by an environment variable.

==============================  =======  ===========================================================
variable                        default  bounds
==============================  =======  ===========================================================
``CLAIMLEDGER_MAX_FILE_MB``     50       one input file (checked with stat before it is opened)
``CLAIMLEDGER_MAX_STDIN_MB``    50       standard input (read up to the limit, then refused)
``CLAIMLEDGER_MAX_RECORD_MB``   10       one record: an article's text, a JSON line, a CSV field,
                                         an HTML page or WARC payload (after ``data:`` URIs are
                                         dropped), and what a WARC.gz record may inflate to
==============================  =======  ===========================================================

A refusal is an :class:`~claimledger.ingest.InputError` naming where it happened
(``crawl.warc.gz@40960: HTML payload over the 10 MB record limit``); the other records of
the input still come.  Values are megabytes (10**6 bytes); fractions are allowed.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

MB = 1_000_000
DEFAULTS_MB = {"file": 50.0, "stdin": 50.0, "record": 10.0}


def _env_mb(name: str, default: float) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return int(default * MB)
    try:
        value = float(raw)
    except ValueError:
        from claimledger.errors import UsageError
        raise UsageError(f"${name} must be a number of megabytes, got {raw!r}") from None
    if value <= 0:
        from claimledger.errors import UsageError
        raise UsageError(f"${name} must be more than 0, got {raw!r}")
    return int(value * MB)


@dataclass(frozen=True)
class Limits:
    file: int
    stdin: int
    record: int

    @classmethod
    def from_env(cls) -> "Limits":
        """The limits in force: the environment variables, else the defaults (read on each call,
        so a test or a long-running server may change them)."""
        return cls(file=_env_mb("CLAIMLEDGER_MAX_FILE_MB", DEFAULTS_MB["file"]),
                   stdin=_env_mb("CLAIMLEDGER_MAX_STDIN_MB", DEFAULTS_MB["stdin"]),
                   record=_env_mb("CLAIMLEDGER_MAX_RECORD_MB", DEFAULTS_MB["record"]))


def megabytes(size: int) -> str:
    """A limit as people write it: "10 MB", "0.5 MB"."""
    value = size / MB
    return f"{value:g} MB"
