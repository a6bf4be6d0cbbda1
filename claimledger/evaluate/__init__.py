"""Evaluation against external annotations: PolNeAR attributions, event factuality.

Each module runs the same stages the product runs and writes predictions in the
format of the matching scorer; when the scorer script is found (``--scorer``, or a
``tools/`` folder above the data, as in the project's shared data layout) its figures
are printed too.  The package never ships the data or the scorers.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterable, Optional


def find_scorer(data_path: str, name: str) -> Optional[Path]:
    """``tools/<name>`` in the nearest ancestor folder of ``data_path`` that has one."""
    here = Path(data_path).resolve()
    for folder in [here] + list(here.parents):
        cand = folder / "tools" / name
        if cand.is_file():
            return cand
    return None


def run_scorer(scorer: Optional[Path], args: list[str]) -> int:
    """Run a scorer script with this Python and pass its output through."""
    if scorer is None:
        print("claimledger: scorer not found; predictions written only", file=sys.stderr)
        return 0
    proc = subprocess.run([sys.executable, str(scorer), *args], capture_output=True, text=True)
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr)
    return 0 if proc.returncode == 0 else 1


def write_predictions(rows: Iterable[dict], out: Optional[str]) -> Path:
    """Write prediction rows as JSON Lines to ``out`` (a temporary file when None)."""
    target = Path(out) if out else Path(tempfile.mkstemp(suffix=".jsonl")[1])
    with open(target, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
    return target
