"""``claimledger eval fnc1`` on a small slice of FNC-1's competition test set (the full run
is a benchmark, BENCHMARKS.md), and the scores against hand-worked examples."""
from __future__ import annotations

import csv
import json

import pytest

from claimledger.cli import main
from claimledger.evaluate.fnc1 import LABELS, fnc_score, scores


def test_fnc_score_and_macro_f1_by_hand():
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated"]
    assert fnc_score(gold, gold) == 1.0
    # perfect relatedness, "discuss" for every related pair: 3 x 0.25 + 0.75 + 2 x 0.25 of 3 + 0.5
    all_discuss = ["discuss", "discuss", "discuss", "unrelated", "unrelated"]
    assert fnc_score(gold, all_discuss) == pytest.approx(2.0 / 3.5)
    result = scores(gold, all_discuss)
    assert result["per_class_f1"] == {"agree": 0.0, "disagree": 0.0, "discuss": 0.5, "unrelated": 1.0}
    assert result["macro_f1"] == 0.375 and result["related_unrelated_accuracy"] == 1.0


@pytest.fixture(scope="module")
def fnc1_slice(shared, tmp_path_factory):
    """Three bodies of the competition test set with every headline paired with them (a
    slice: the bodies are read from ../shared, never copied into the repository)."""
    csv.field_size_limit(10 ** 9)
    folder = tmp_path_factory.mktemp("fnc1")
    with open(shared / "data/fnc1/competition_test_stances.csv", encoding="utf-8") as fh:
        stances = list(csv.DictReader(fh))
    with open(shared / "data/fnc1/competition_test_bodies.csv", encoding="utf-8") as fh:
        bodies = list(csv.DictReader(fh))
    related = [b["Body ID"] for b in bodies if any(s["Body ID"] == b["Body ID"] and s["Stance"] != "unrelated"
                                                   for s in stances)][:3]
    rows = [s for s in stances if s["Body ID"] in related]
    for name, fields, items in (("bodies.csv", ["Body ID", "articleBody"], [b for b in bodies if b["Body ID"] in related]),
                                ("stances.csv", ["Headline", "Body ID", "Stance"], rows)):
        with open(folder / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            writer.writerows(items)
    return folder, rows


def test_eval_fnc1_writes_submission_rows_and_scores(fnc1_slice, capsys):
    folder, rows = fnc1_slice
    out = folder / "preds.csv"
    assert main(["eval", "fnc1", str(folder / "bodies.csv"), str(folder / "stances.csv"), "--out", str(out),
                 "--cache", str(folder / "cache.jsonl")]) == 0
    result = json.loads(capsys.readouterr().out)
    with open(out, encoding="utf-8") as fh:
        predicted = list(csv.DictReader(fh))
    assert list(predicted[0]) == ["Headline", "Body ID", "Stance"]
    assert [(p["Headline"], p["Body ID"]) for p in predicted] == [(r["Headline"], r["Body ID"]) for r in rows]
    assert {p["Stance"] for p in predicted} <= set(LABELS)
    assert result["pairs"] == len(rows) and set(result["per_class_f1"]) == set(LABELS)
    # most headlines paired with these bodies are about something else: telling them apart
    # is the part story linking is calibrated for
    assert result["related_unrelated_accuracy"] >= 0.85
    # the cache makes a second run analyse nothing
    lines = (folder / "cache.jsonl").read_text().count("\n")
    assert main(["eval", "fnc1", str(folder / "bodies.csv"), str(folder / "stances.csv"),
                 "--cache", str(folder / "cache.jsonl")]) == 0
    assert json.loads(capsys.readouterr().out)["fnc_score"] == result["fnc_score"]
    assert (folder / "cache.jsonl").read_text().count("\n") == lines


def test_eval_fnc1_refuses_a_body_missing_from_the_bodies_file(fnc1_slice, tmp_path, capsys):
    folder, rows = fnc1_slice
    bad = tmp_path / "stances.csv"
    bad.write_text("Headline,Body ID\nSome headline,999999\n", encoding="utf-8")
    assert main(["eval", "fnc1", str(folder / "bodies.csv"), str(bad)]) == 2
    assert capsys.readouterr().err.startswith("claimledger: eval fnc1: 1 body ids")
