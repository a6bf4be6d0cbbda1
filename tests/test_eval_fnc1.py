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


# -- the stance of a body, from its claims (made-up sentences) -----------------------------

def _stance(headline: str, body: str) -> str:
    from claimledger.evaluate.fnc1 import _units_of, headline_claim, stance
    from claimledger.pipeline import analyze
    head, record = analyze(headline), analyze(body)
    text, status = headline_claim(head, headline)
    return stance(text, status, record.claims, _units_of(record), record.article.text, headline)


HEADLINE = "Farmer digs up potato shaped like a duck"


def test_a_body_that_states_the_claim_in_its_own_voice_agrees():
    assert _stance(HEADLINE, "A farmer in Devon dug up a giant potato shaped like a duck on Tuesday. "
                             "The farmer, John Mills, found the potato in his field near Exeter.") == "agree"


def test_a_body_that_relays_the_claim_and_states_it_once_itself_discusses_it():
    body = ("A farmer in Devon says he dug up a giant potato shaped like a duck, the local newspaper reported. "
            "\"I could not believe my eyes when I dug up the potato,\" John Mills told the paper. "
            "He said the potato looked just like a duck. The potato was dug up on Tuesday.")
    assert _stance(HEADLINE, body) == "discuss"


def test_a_hedged_headline_is_still_the_proposition_a_plain_body_agrees_with():
    assert _stance("Farmer reportedly digs up potato shaped like a duck",
                   "A farmer in Devon dug up a giant potato shaped like a duck on Tuesday. "
                   "The farmer, John Mills, found the potato in his field near Exeter.") == "agree"


def test_a_body_calling_the_story_fake_in_its_own_voice_disagrees():
    body = ("A photo of a giant potato shaped like a duck has been shared thousands of times online. "
            "The photo is fake.")
    assert _stance(HEADLINE, body) == "disagree"


def test_a_debunking_word_governing_a_relayed_claim_disputes_it():
    body = ("A satirical website claimed that a farmer in Devon dug up a giant potato shaped like a duck. "
            "The post spread quickly on social media.")
    assert _stance(HEADLINE, body) == "disagree"
    # a source's verdict, relayed plainly, with a curly apostrophe
    body = ("A farmer in Devon dug up a giant potato shaped like a duck, the local paper reported. "
            "But the story isn\u2019t true, the farmer\u2019s wife told the BBC.")
    assert _stance(HEADLINE, body) == "disagree"


def test_a_debunking_word_in_a_question_a_condition_or_under_negation_takes_no_position():
    assert _stance(HEADLINE, "Nobody knows whether the photo of the giant potato shaped like a duck is fake. "
                             "The farmer said he dug it up in his field.") == "discuss"
    assert _stance(HEADLINE, "A farmer in Devon dug up a giant potato shaped like a duck. "
                             "Is the photo real or fake? Experts are divided.") == "agree"
    assert _stance(HEADLINE, "A farmer in Devon dug up a giant potato shaped like a duck. "
                             "The potato is not a hoax, the farmer said.") == "agree"


def test_disputes_in_reads_negation_alternatives_and_conditions():
    from claimledger.evaluate.fnc1 import disputes_in
    assert disputes_in("The video is fake.")
    assert disputes_in("Police said there was no evidence the shark swam on the highway.")
    assert disputes_in("That report isn't true.") and disputes_in("That report isn\u2019t true.")
    assert not disputes_in("The video is not fake.")
    assert not disputes_in("It isn't a hoax, the mayor said.")
    assert not disputes_in("Experts could not say if the video was fake.")
    assert not disputes_in("Is it real or fake, readers asked.")
    assert not disputes_in("The team is made up of eleven players.")  # "made up of" is not a verdict


def test_a_body_calling_the_claim_unconfirmed_or_a_rumour_discusses_it():
    body = ("Rumours that a farmer in Devon dug up a giant potato shaped like a duck spread on Twitter on Tuesday. "
            "The farmer dug up the potato in his field, the posts said.")
    assert _stance(HEADLINE, body) == "discuss"
    body = ("A farmer in Devon dug up a giant potato shaped like a duck on Tuesday. "
            "The account could not be independently verified.")
    assert _stance(HEADLINE, body) == "discuss"
    # a source confirming the rumour confirms it
    assert _stance(HEADLINE, "Police confirmed the rumours that a farmer in Devon dug up a giant potato "
                             "shaped like a duck.") == "agree"


def test_a_headline_that_calls_the_claim_a_hoax_is_agreed_with_by_a_debunking_body():
    headline = "Viral photo of giant duck-shaped potato is a hoax"
    assert _stance(headline, "A photo of a giant potato shaped like a duck has been shared online. "
                             "The photo is fake, experts said.") == "agree"
    assert _stance(headline, "A farmer in Devon dug up a giant potato shaped like a duck on Tuesday. "
                             "The farmer found the duck-shaped potato in his field, and the photo shows it.") == "disagree"


def test_the_stance_of_a_body_explains_itself_with_the_weights_behind_it():
    from claimledger.evaluate.fnc1 import _units_of, body_stance
    from claimledger.pipeline import analyze
    record = analyze("A photo of a giant potato shaped like a duck has been shared thousands of times online. "
                     "The photo is fake.")
    position, weights = body_stance("farmer digs up potato shaped like a duck", record.claims,
                                    _units_of(record), record.article.text)
    assert position == "denies" and weights["disputes"] > 0 and weights["confirms"] > 0
