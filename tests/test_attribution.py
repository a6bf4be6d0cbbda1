"""Attribution on real news constructions: quotes, reported speech, 'according to',
passives, nominal cues, sources and intermediaries."""
import pytest

from claimledger.attribution import find_quotes
from claimledger.nlp import parse


def atts(text):
    doc = parse(text)
    out = []
    for a in doc._.attributions:
        out.append({
            "source": text[a.source[0]:a.source[1]] if a.source else None,
            "cue": text[a.cue[0]:a.cue[1]] if a.cue else None,
            "content": [text[s:e] for s, e in a.content],
            "kind": a.kind, "class": a.cue_class, "negated": a.negated,
            "via": [text[s:e] for s, e in a.via], "method": a.method,
        })
    return out


def one(text, cue):
    found = [a for a in atts(text) if a["cue"] and cue in a["cue"]]
    assert len(found) == 1, atts(text)
    return found[0]


def test_indirect_speech_with_that_clause():
    a = one("Ukrainian President Volodymyr Zelensky has said that North Korean officers had been "
            "identified across occupied territories.", "said")
    assert a["source"] == "Ukrainian President Volodymyr Zelensky"
    assert a["content"] == ["that North Korean officers had been identified across occupied territories"]
    assert a["kind"] == "indirect" and a["class"] == "report"


def test_content_object_of_a_denial():
    a = one("Moscow and Pyongyang have denied the presence of North Korean troops in the region.", "denied")
    assert a["source"] == "Moscow and Pyongyang"
    assert a["content"] == ["the presence of North Korean troops in the region"]
    assert a["class"] == "deny"


def test_dismissed_claims_that_keeps_the_inner_clause():
    a = one("Aleksandr Lukashenko, Belarus' president, last week dismissed claims that foreign troops "
            "had been sent into the region.", "dismissed")
    assert a["cue"] == "dismissed claims"
    assert a["content"] == ["that foreign troops had been sent into the region"]
    assert a["source"].startswith("Aleksandr Lukashenko")


def test_colon_quote_with_intermediary_and_multi_paragraph_continuation():
    text = ("A senior fellow at the institute told the Financial Times: \u201cThese are not ordinary soldiers, "
            "most of whom are never given adequate training.\n"
            "\u201cThese are well-equipped, highly trained mobile light infantry.\u201d")
    a = one(text, "told")
    assert a["kind"] == "direct"
    assert a["via"] == ["the Financial Times"]
    assert a["content"][0].startswith("\u201cThese are not ordinary")
    assert a["content"][0].endswith("light infantry.\u201d")


def test_quote_then_said_and_same_paragraph_continuation():
    text = ("\u201cOur manifest shows household goods and car parts,\u201d a spokeswoman for the company told "
            "Reuters. \u201cWe are cooperating fully with the authorities.\u201d")
    found = atts(text)
    first = next(a for a in found if a["method"] != "continuation")
    assert first["source"] == "a spokeswoman for the company"
    assert first["via"] == ["Reuters"]
    assert first["content"] == ["\u201cOur manifest shows household goods and car parts,\u201d"]
    cont = next(a for a in found if a["method"] == "continuation")
    assert cont["content"] == ["\u201cWe are cooperating fully with the authorities.\u201d"]
    assert cont["source"] == first["source"]


def test_according_to():
    a = one("According to Dutch broadcaster NOS, as many as 60 containers could have gone overboard.",
            "According to")
    assert a["source"] == "Dutch broadcaster NOS"
    assert a["content"] == ["as many as 60 containers could have gone overboard"]


def test_expletive_passive_has_no_source():
    a = one("It was further speculated that the troops could be present along the frontline as well.",
            "speculated")
    assert a["source"] is None
    assert a["content"] == ["that the troops could be present along the frontline as well"]
    assert a["class"] == "speculate"


def test_raised_passive_subject_is_content_around_the_cue():
    text = "The birth of the child is expected to coincide with the party conventions in July."
    a = one(text, "expected")
    assert a["cue"] == "is expected"
    assert a["source"] is None
    assert a["content"] == ["The birth of the child", "to coincide with the party conventions in July"]


def test_nominal_cue_with_that_clause():
    a = one("Russia's denial that its jets had entered Turkish airspace came hours after the crash.", "denial")
    assert a["source"] == "Russia"
    assert a["content"] == ["that its jets had entered Turkish airspace"]
    assert a["class"] == "deny"


def test_passive_denial_of_reports():
    a = one("Reports that fighters in Mosul have contracted Ebola have been refuted by the country's "
            "health ministry.", "refuted")
    assert a["content"] == ["that fighters in Mosul have contracted Ebola"]
    assert a["source"] == "the country's health ministry"
    assert a["class"] == "deny"


def test_inverted_and_misattached_speakers():
    a = one("\u201cKim Jong Un is in total control,\u201d added the source, who has close ties to Pyongyang.", "added")
    assert a["source"].startswith("the source")
    b = one("The leader has hurt his leg, a source with access to the leadership said.", "said")
    assert b["source"] == "a source with access to the leadership"
    assert b["content"] == ["The leader has hurt his leg"]


def test_negated_cue():
    a = one("The ministry did not confirm that the ship had sunk.", "confirm")
    assert a["negated"] is True
    b = one("The spokesman refused to deny that talks had taken place.", "deny")
    assert b["negated"] is True


def test_no_attribution_invented_inside_a_quote():
    text = ("\u201cThey said we would be paid, and officials told us the money had arrived,\u201d "
            "the farmer said.")
    found = atts(text)
    assert len(found) == 1
    assert found[0]["source"] == "the farmer"
    assert found[0]["kind"] == "direct"


def test_two_speakers_in_one_paragraph():
    text = ("The mayor said the bridge would reopen on Monday, but the contractor insisted that "
            "repairs would take another month.")
    found = atts(text)
    by_cue = {a["cue"]: a for a in found}
    assert by_cue["said"]["source"] == "The mayor"
    assert by_cue["insisted"]["source"] == "the contractor"
    assert by_cue["insisted"]["content"] == ["that repairs would take another month"]


def test_conjoined_cue_inherits_the_subject():
    a = one("The minister arrived in Kyiv on Tuesday and warned that more attacks were likely.", "warned")
    assert a["source"] == "The minister"


def test_evidential_without_speaker_is_still_found():
    a = one("Footage shared online appears to show soldiers unloading crates.", "show")
    assert a["content"] == ["soldiers unloading crates"]


def test_quote_pairing_handles_unbalanced_marks_per_paragraph():
    text = ("He said: \u201cFirst part of the quote.\n"
            "\u201cSecond part, still quoted.\u201d\n"
            "A new paragraph with a \u201cscare quote\u201d inside.\n"
            "An unclosed \u201cquote that never ends\n"
            "Plain paragraph.")
    quotes = [(q.start, q.end) for q in find_quotes(text)]
    assert text[quotes[0][0]:quotes[0][1]].startswith("\u201cFirst part")
    assert text[quotes[0][0]:quotes[0][1]].endswith("still quoted.\u201d")
    assert text[quotes[1][0]:quotes[1][1]] == "\u201cscare quote\u201d"
    assert text[quotes[2][0]:quotes[2][1]] == "\u201cquote that never ends"
    assert len(quotes) == 3


@pytest.mark.parametrize("text", ["", "\n\n", "Breaking."])
def test_degenerate_texts(text):
    assert atts(text) == []


def test_cue_inside_its_content():
    text = "The golf industry, she said, is doing much better than it has since 2009."
    a = one(text, "said")
    assert a["source"] == "she"
    assert a["content"] == ["The golf industry", "is doing much better than it has since 2009"]


def test_cue_split_off_after_a_quote_and_yes_no_answers():
    text = "\u201cWe will not give up the fight for every single vote in this state.\u201d She said. The crowd cheered."
    a = one(text, "said")
    assert a["content"] == ["\u201cWe will not give up the fight for every single vote in this state.\u201d"]
    assert a["source"] == "She"
    b = one("Asked whether the mayor should resign, 60 percent of voters said yes.", "said")
    assert b["content"] == ["yes"] and b["source"] == "60 percent of voters"


# -- attribution scope and chains (issue 8, item 3), on the record of analyze() ---------

def record_claim(text, words):
    from claimledger import analyze
    rec = analyze(text)
    claim = min((c for c in rec.claims if words in c.text), key=lambda c: len(c.text))
    name = lambda sid: rec.source(sid).name if sid else None  # noqa: E731
    numbers = [q.text for q in rec.quantities if q.claim == claim.id]
    return claim, name(claim.source), [name(v) for v in claim.via], numbers


def test_sentence_final_according_to_scopes_over_the_whole_clause():
    claim, source, _, numbers = record_claim(
        "Three bodies were found near the dam where the flood struck on Friday, according to local officials.",
        "Three bodies")
    assert source == "local officials" and claim.status == "reported"
    assert claim.text == "Three bodies were found near the dam where the flood struck on Friday"
    assert numbers == ["Three bodies"]


def test_quoted_by_a_paper_as_saying():
    claim, source, via, _ = record_claim(
        "The mayor is quoted by a regional newspaper as saying that the bridge had been inspected last year.",
        "inspected")
    assert source == "mayor" and via == ["regional newspaper"]
    assert claim.text == "that the bridge had been inspected last year"


def test_a_paper_put_the_number_at_sixty():
    claim, source, _, numbers = record_claim("A regional newspaper put the number of missing at 60.", "missing")
    assert source == "regional newspaper" and claim.status == "estimated"
    # the figure statement from the verb on: "put ... at" is what makes it an estimate
    assert claim.text == "put the number of missing at 60" and numbers == ["60"]
    assert claim.cue == "put the number"


def test_figure_verbs_give_the_subject_an_estimate():
    claim, source, _, numbers = record_claim(
        "The Red Cross on Sunday raised the death toll from the landslides to more than 300 as rescuers "
        "searched for survivors.", "death toll")
    assert source == "Red Cross" and claim.status == "estimated" and claim.kind == "indirect"
    assert claim.text == "raised the death toll from the landslides to more than 300"
    assert claim.cue == "raised the death toll"
    # two figures in one sentence, each with its own source; the second toll's "with" figure joins it
    text = ("The aid agency set the number of dead from the week's storms at 412 while the interior ministry "
            "put the figure at 380 with 45 still missing.")
    claim, source, _, _ = record_claim(text, "412")
    assert source == "aid agency" and claim.cue == "set the number"
    claim, source, _, numbers = record_claim(text, "380")
    assert source == "interior ministry" and claim.text == "put the figure at 380 with 45 still missing"
    assert claim.cue == "put the figure at" and claim.status == "estimated"
    claim, source, _, _ = record_claim("The central bank lowered its growth forecast to 1.5 percent on Thursday.",
                                       "growth forecast")
    assert source == "central bank" and claim.status == "estimated"


@pytest.mark.parametrize("text", [
    "She set the table at noon before the guests arrived.",
    "He raised the issue with 30 colleagues at the meeting.",
    "The toll was raised to 40 on Monday.",
])
def test_figure_verbs_without_a_figure_noun_or_a_giver_are_no_estimate(text):
    assert not [a for a in atts(text) if a["method"] == "figure"]


def test_possessed_report_that_names_its_source():
    claim, source, _, _ = record_claim(
        "The ministry's report that the river had burst its banks was confirmed on Monday.", "burst its banks")
    assert source == "ministry" and claim.text == "that the river had burst its banks"


def test_if_the_rumours_are_to_be_believed_is_reported_by_the_rumours():
    claim, source, _, _ = record_claim(
        "The club has lined up a new offer for the striker, if the rumours are to be believed.", "new offer")
    assert source == "rumours" and claim.status == "reported"
    assert claim.text == "The club has lined up a new offer for the striker"


def test_citing_keeps_the_chain():
    claim, source, via, numbers = record_claim(
        "The agency said 40 homes had been destroyed, citing local officials.", "homes")
    assert source == "local officials" and via == ["agency"]
    assert claim.text == "40 homes had been destroyed" and numbers == ["40 homes"]
    claim, source, via, _ = record_claim(
        "A government spokesman told Reuters, citing the interior ministry, that 12 people had been arrested.",
        "arrested")
    assert source == "interior ministry" and via == ["government spokesman", "Reuters"]
    assert claim.text == "that 12 people had been arrested"
    claim, source, via, _ = record_claim("Police said, citing witnesses, that the driver had fled on foot.", "fled")
    assert (source, via, claim.cue) == ("witnesses", ["Police"], "said")


def test_a_short_answer_or_question_quoted_after_a_colon_is_a_claim():
    from claimledger import analyze
    rec = analyze("The minister was asked about the leak on the radio.\n"
                  "Hinds replied: \u201cNo, of course not.\u201d\n"
                  "Nick Ferrari said: \u201cSo the chancellor is lying?\u201d")
    by_text = {c.text: c for c in rec.claims}
    for text, name in (("\u201cNo, of course not.\u201d", "Hinds"), ("\u201cSo the chancellor is lying?\u201d", "Nick Ferrari")):
        claim = by_text[text]
        assert claim.kind == "direct" and rec.source(claim.source).name == name
    # an answer word without a quote stays a stance ("said yes" is no proposition of its own)
    assert not [a for a in atts("Most members said yes.") if a["content"] == ["yes"] and a["method"] == "verb"
                and a["kind"] == "direct"]


def test_put_it_to_someone_that_is_reported_speech_not_an_estimate():
    a = one("On breakfast television, Richard Madeley also put it to the minister that \u201cwe just don\u2019t know "
            "who to believe\u201d in this row.", "put")
    assert a["cue"] == "put it to" and a["class"] == "report" and a["source"] == "Richard Madeley"
    assert a["content"] == ["that \u201cwe just don\u2019t know who to believe\u201d in this row"]
    assert not [a for a in atts("The presenter put it bluntly that the deal was dead.") if a["cue"] == "put"]


def test_a_that_clause_hung_on_the_medium_is_the_cue_content():
    a = one("The businessman had alleged in a video that the minister requested a bribe of $5,000.", "alleged")
    assert a["source"] == "The businessman" and a["class"] == "allege"
    assert a["content"] == ["that the minister requested a bribe of $5,000"]
    a = one("The carrier said in a statement on Monday that all flights would resume.", "said")
    assert a["source"] == "The carrier" and a["content"] == ["that all flights would resume"]


def test_describing_claims_as_false_is_the_speakers_proposition():
    from claimledger import analyze
    rec = analyze("The minister denied the allegations on Monday.\nHe describes the claims as \"false and evil\".")
    claim = next(c for c in rec.claims if "false and evil" in c.text)
    assert claim.text == 'the claims as "false and evil"' and claim.cue == "describes"
    assert rec.source(claim.source).name == "minister"
    # a description of a person is a stance, no claim of its own
    rec = analyze("She described him as a friend.")
    assert [(c.text, c.source) for c in rec.claims] == [("She described him as a friend", None)]


def test_a_second_that_clause_and_careful_to_say():
    a = one("The researchers have always said that more trials are needed, and that the early data "
            "were not the final answer.", "said")
    assert a["source"] == "The researchers"
    assert a["content"] == ["that more trials are needed", "that the early data were not the final answer"]
    a = one("But the lab's scientists were careful to say that the signal was only \"consistent with the "
            "theory\", and that it could be something else.", "say")
    assert a["source"] == "the lab's scientists"
    assert a["content"][-1] == "that it could be something else"
    # a main clause after "and" stays the article's own
    a = one("The ministry said that the road was closed, and the police opened a detour.", "said")
    assert a["content"] == ["that the road was closed"]


def test_accused_of_carries_the_charge():
    for text, charge in (("Making fresh allegations, the activist today accused multinational Acme Bank of "
                          "indulging in money laundering and tax evasion.",
                          "of indulging in money laundering and tax evasion"),
                         ("Making fresh allegations, the activist on Monday accused a large bank of helping "
                          "clients hide money abroad.", "of helping clients hide money abroad")):
        a = one(text, "accused")
        assert a["source"] == "the activist" and a["class"] == "allege"
        assert " ".join(a["content"]).endswith(charge)


def test_a_dateline_is_no_speaker():
    found = atts("Nairobi: The ministry on Friday dismissed the report on the outbreak.")
    assert [a["source"] for a in found] == ["The ministry"]
    assert all(a["method"] != "colon" for a in found)


def test_an_imperative_or_a_markup_tag_is_no_report():
    # no subject anywhere above an active verb: an instruction to the reader, no speaker
    assert atts("Read the rest of the story at the Gazette.") == []
    assert atts("See photos from the rally below.") == []
    found = atts('Officials praised the rescue crews.\n\n<tweet author="cityhall">Thanks to everyone who helped</tweet>')
    assert [a["cue"] for a in found] == ["praised"]
    # a passive keeps its unnamed source
    a = one("The minister is expected to resign before the summit.", "expected")
    assert a["source"] is None


def test_generic_you_outside_quotes_is_no_speaker():
    assert atts("You know that prices rise every winter in this town.") == []
    a = one('"You know that prices rise every winter," the mayor said.', "said")
    assert a["source"] == "the mayor"


def test_a_name_and_a_colon_opening_a_line_is_the_speaker():
    text = ("Harlow: The Bridge Will Reopen Before the Winter\n\n"
            "HOLDEN: Do you think the plan will pass the Senate this year?\n\n"
            "MARSH: Well, I think the votes are there and we will see it pass.")
    found = [a for a in atts(text) if a["method"] == "colon"]
    assert [a["source"] for a in found] == ["Harlow", "HOLDEN", "MARSH"]
    assert found[1]["content"] == ["Do you think the plan will pass the Senate this year"]
    assert found[2]["content"][0].startswith("Well, I think the votes")


def test_a_page_label_before_a_colon_is_no_speaker():
    for text in ("Update: The story was corrected on Monday to fix the name of the mayor.",
                 "Editor's Note: The following is the second part of a series on the port.",
                 "WATCH: Senator loses his temper at a town hall meeting in Ohio",
                 "The Latest: Storm knocks out power to thousands in the county"):
        assert all(a["method"] != "colon" for a in atts(text)), text


def test_an_indirect_question_after_ask_is_the_content():
    a = one("Asked if he would seek a second term, the mayor said he had not decided.", "Asked")
    assert a["content"] == ["if he would seek a second term"] and a["source"] is None
    a = one("The reporter asked the minister whether the port would reopen in May.", "asked")
    assert a["content"] == ["whether the port would reopen in May"] and a["source"] == "The reporter"


def test_make_the_case_and_make_it_clear_are_reporting():
    a = one("The governor made it clear that she would veto the budget.", "made")
    assert a["cue"] == "made it clear" and a["source"] == "The governor"
    assert a["content"] == ["that she would veto the budget"]
    a = one("The union will make the case that the plant can stay open.", "make")
    assert a["cue"] == "make the case" and a["content"] == ["that the plant can stay open"]
    a = one("In his speech the senator made no mention of the tax plan.", "made")
    assert a["cue"] == "made no mention of" and a["content"] == ["the tax plan"] and a["negated"]
    # "make" with any other object reports nothing
    assert atts("The bakery made a profit of $3 million last year.") == []


def test_want_takes_its_infinitive_as_a_stance():
    a = one("The council wants to close the library on Sundays.", "wants")
    assert a["source"] == "The council" and a["content"] == ["to close the library on Sundays"]
    assert a["class"] == "intend"


def test_an_extraposed_it_or_a_relative_that_holds_no_stance():
    # "it's easy to criticize": the infinitive has no one doing it
    assert atts("It is easy to criticize the mayor for the delays.") == []
    # a thing that "reads" or "threatens" holds no stance; a report's finding stays reported
    assert atts("She wore a shirt that read Free the Whales.") == []
    a = one("They cited a report that found the river was polluted.", "found")
    assert a["content"] == ["the river was polluted"]


def test_a_misread_cue_lemma_is_repaired():
    # the small model lemmatises "hopes" as "hop"; the cue lexicon restores "hope"
    a = one("The senator hopes to win the nomination in March.", "hopes")
    assert a["source"] == "The senator" and a["content"] == ["to win the nomination in March"]


def test_a_poll_is_the_source_of_its_finding():
    a = one("In the latest Gallup poll, the mayor trails her rival by six points.", "In")
    assert a["source"] == "the latest Gallup poll" and a["method"] == "poll"
    assert a["content"] == ["the mayor trails her rival by six points"]


def test_a_pronoun_stands_for_the_words_said():
    a = one("The minister denied it on Friday.", "denied")
    assert a["source"] == "The minister" and a["content"] == ["it"]
    a = one("The crowd had already left by the time the mayor said that.", "said")
    assert a["source"] == "the mayor" and a["content"] == ["that"]


def test_colon_speaker_with_a_speaker_noun_but_no_interview_labels():
    a = one("Clinton camp: the new tariffs will hurt farmers in every state.", ":")
    assert a["source"] == "Clinton camp"
    # "Q:" and "A:" name no one (PolNeAR train: 16 of 63 annotated)
    text = "Q: Did anyone from the agency call you back?\n\nA: No, no one called and no one wrote."
    assert not [f for f in atts(text) if f["source"] in ("Q", "A")]


def test_a_quote_signed_with_a_dash_names_its_speaker():
    a = one("\u201cWe will not go back to the old rules, not now and not ever.\u201d -- Jane Smith, director "
            "of the clinic", "--")
    assert a["source"] == "Jane Smith, director of the clinic" and a["method"] == "signature"
    text = "\u201cThe harbour will be rebuilt within the year.\u201d\n\n- Mark Ellis.\n\nThe council met on Monday."
    a = one(text, "-")
    assert a["source"] == "Mark Ellis" and a["content"] == ["\u201cThe harbour will be rebuilt within the year.\u201d"]


def test_a_passive_with_a_by_agent_is_the_agents_stance():
    a = one("The meeting was first reported by Politico.", "reported")
    assert a["source"] == "Politico" and a["content"] == ["The meeting"]
    a = one("The immigration bill, opposed by House Republicans, never became law.", "opposed")
    assert a["source"] == "House Republicans" and a["content"] == ["The immigration bill"]


def test_clause_only_cues_and_dates_are_no_content():
    # "found ways", "proved difficult": no report without a complement clause
    assert atts("The senator found ways to press his agenda.") == []
    assert atts("The post has traditionally proved difficult.") == []
    a = one("Researchers found that the drug cut deaths by a third.", "found")
    assert a["content"] == ["that the drug cut deaths by a third"]
    # "spoke on Tuesday" says when, not what about
    assert atts("The governor spoke on Tuesday at the convention.") == []


def test_a_named_possessors_commitment_is_a_stance():
    a = one("Other Republicans joined Pence's call for a special prosecutor.", "call")
    assert a["source"] == "Pence" and a["content"] == ["a special prosecutor"]


def test_a_title_case_headline_is_read_in_sentence_case():
    text = "Conservative Icon Morton Blackwell Endorses Ted Cruz.\n\nThe endorsement came on Monday."
    a = one(text, "Endorses")
    assert a["source"] == "Conservative Icon Morton Blackwell" and a["content"] == ["Ted Cruz"]


def test_copular_stance_with_the_clause_on_the_copula():
    a = one("She is certain that the vote was rigged.", "certain")
    assert a["source"] == "She" and a["content"] == ["that the vote was rigged"]
    # a raising adjective predicts; it is not its subject's belief
    assert atts("The candidates are certain to be pressed on the issue.") == []
    assert atts("That said, a loss in the state would hurt her.") == []


def test_manner_of_speaking_verbs_are_cues():
    a = one("\u201cAll the way to the convention!\u201d the organiser shouted.", "shouted")
    assert a["source"] == "the organiser"


def test_an_opening_mark_typed_for_a_closing_one_closes():
    text = "\u201cIt is unusual,\u201c said Larry Noble, a lawyer. \u201cIt is a hard thing to do.\u201d"
    assert [text[q.start:q.end] for q in find_quotes(text)] == [
        "\u201cIt is unusual,\u201c", "\u201cIt is a hard thing to do.\u201d"]


def test_a_contrast_reporting_another_party_leaves_the_content():
    a = one("The company said revenue rose 5 percent, while analysts had expected a fall.", "said")
    assert a["content"] == ["revenue rose 5 percent"]
    a = one("Analysts had expected a fall.", "expected")
    # a parallel "while" stays the speaker's
    a = one("The website is reporting that the steel model may start at $500, while the gold models "
            "could start at $4,000.", "reporting")
    assert a["content"][0].endswith("could start at $4,000")


def _doc_atts(text):
    doc = parse(text)
    return [(a, text) for a in doc._.attributions]


def test_deciding_and_deliberating_put_forward_no_claim():
    doc = parse("The board will decide whether the merger goes ahead.")
    assert [a.propositional for a in doc._.attributions] == [False]
    doc = parse("The court decided that the law was unconstitutional.")
    assert [a.propositional for a in doc._.attributions] == [False]
    doc = parse("Officials are considering whether to close the port.")
    assert all(not a.propositional for a in doc._.attributions)
    assert all(not a.propositional for a in parse("She will think about whether to run.")._.attributions)
    doc = parse("The minister thinks the port will close.")
    assert [a.propositional for a in doc._.attributions] == [True]


def test_a_dateline_is_never_a_source_nor_content():
    a = one("LAGOS, Nigeria (AP) \u2014 Gunmen kidnapped 20 students, police said Sunday.", "said")
    assert a["source"] == "police" and a["content"] == ["Gunmen kidnapped 20 students"]
    a = one("WASHINGTON - Senator Ann Ruiz said the bill would pass.", "said")
    assert a["source"] == "Senator Ann Ruiz"
    a = one("Some headline here.\n\nLONDON (Reuters) - Donald Trump said he was unlikely to get on with the "
            "prime minister.", "said")
    assert a["source"] == "Donald Trump"
    a = one("LONDON, Oct 3 (Reuters) - Britain's economy shrank in the third quarter, figures showed.", "showed")
    assert a["content"] == ["Britain's economy shrank in the third quarter"]


def test_a_cue_on_nothing_or_no_one_is_no_attribution():
    assert atts("Nothing that anyone said at the meeting changed the outcome.") == []
    assert atts("There was nothing she said that surprised the board.") == []


def test_an_outlet_quoting_a_source_as_saying():
    a = one("The Daily Mail quoted a source as saying the deal was off.", "saying")
    assert a["source"] == "a source" and a["via"] == ["The Daily Mail"]
    assert a["content"] == ["the deal was off"]


def test_british_single_quotes_continue_across_paragraphs():
    text = ("Kellett told the paper, \u2018I found out not long ago that there is a base under the sea.\n\n"
            "\u2018That is why we see them \u2013 they are coming in and out of the water.\u2019\n\n"
            "Residents were not convinced.")
    a = one(text, "told")
    assert a["source"] == "Kellett"
    assert a["content"][-1].endswith("in and out of the water.\u2019")
    # an apostrophe is no quote, a short scare quote is no quotation of its own
    text = "The firm\u2019s boss said the \u2018lost\u2019 containers were empty."
    a = one(text, "said")
    assert a["content"] == ["the \u2018lost\u2019 containers were empty"]


def test_double_prime_marks_quote():
    text = "\u2033Clearly this is a serious situation with the rising price of gas,\u2033 the minister said."
    a = one(text, "said")
    assert a["source"] == "the minister" and a["kind"] == "direct"
    assert [text[q.start:q.end] for q in find_quotes(text)] == [text[:text.index(" the minister")]]


def test_a_speaker_is_never_inside_the_quoted_words():
    a = one("\u201cBy the way, if she gets to pick her judges, nothing you can do, folks,\u201d Trump told a "
            "rally in Wilmington.", "told")
    assert a["source"] == "Trump"
    a = one("''They were professionals, but also competitors,'' William M. Daley, a former chief of staff, "
            "said of their time.", "said")
    assert a["source"] == "William M. Daley, a former chief of staff"
    a = one("\u201cI am more skilled with my hands than with my brain,\u201d said Robin Maynard, half joking.", "said")
    assert a["source"] == "Robin Maynard"


def test_a_support_verb_with_a_communication_noun():
    a = one("The senator offered the crowd an emotional evaluation of the state of politics.", "offered")
    assert a["source"] == "The senator" and a["method"] == "support-noun"
    assert a["content"] == ["an emotional evaluation of the state of politics"]
    a = one("The mayor took aim at the council's tax plan on Monday.", "took")
    assert a["cue"] == "took aim at" and a["content"] == ["the council's tax plan"]
    assert atts("The company offered a reward of 5,000 dollars.") == []


def test_compare_to_is_a_stance_and_compared_with_a_statistic_is_not():
    a = one("In another column, she compared the tax to a fine on success.", "compared")
    assert a["source"] == "she"
    assert not [f for f in atts("Support rose to 40 percent, compared with 35 percent in March.")
                if f["cue"] and f["cue"].startswith("compared")]


def test_said_with_a_gerund_subject_clause():
    a = one("He said legalizing the drug could put thousands of people to work.", "said")
    assert a["content"] == ["legalizing the drug could put thousands of people to work"]


def test_told_with_its_hearer_after_a_quote_or_closing_a_clause():
    a = one("\u201cGet your hammers ready because we have a ceiling to break!\u201d he told the cheering crowd.", "told")
    assert a["source"] == "he" and a["kind"] == "direct"
    a = one("Ships were sunk in the strait, the admiral told the panel.", "told")
    assert a["source"] == "the admiral" and a["content"] == ["Ships were sunk in the strait"]
    # a colon after the hearer opens the quotation, the clause before is no content
    a = one("On the eve of the opener, the captain told reporters: \u201cVery unfortunate incident with him. "
            "He has been working really hard.\u201d", "told")
    assert a["content"][0].startswith("\u201cVery unfortunate")


def test_a_colon_headline_with_a_quotation():
    text = "Darrell Scott: \u2018You Find Me an Aberration Because I Support the Plan!\u2019\n\nThe pastor spoke on Monday."
    a = one(text, ":")
    assert a["source"] == "Darrell Scott" and a["content"][0].startswith("\u2018You Find Me")


def test_an_inverted_speaker_after_a_clause():
    a = one("The rejection of the treaty signals the beginning of the end for the union, said Geert Wilders, "
            "founder of the party.", "said")
    assert a["source"].startswith("Geert Wilders")
    a = one("Phil Smith, a spokesman for the miners' union, said the mine would reopen.", "said")
    assert a["source"] == "Phil Smith, a spokesman for the miners' union"


def test_hearers_and_spans_of_time_do_not_speak():
    a = one("The senator is making a pitch to rural voters saying the new law is hurting farms.", "saying")
    assert a["source"] == "The senator"
    a = one("Otter, an early endorser, spent more time talking about the needs of Western states.", "talking")
    assert a["source"].startswith("Otter")
    a = one("The mayor fired back a response saying she would not support the plan.", "saying")
    assert a["source"] == "The mayor"


def test_a_fronted_poll_over_a_misparsed_root():
    a = one("In the most recent YouGov survey, 71 percent of union members approved of the deal.", "In")
    assert a["source"] == "the most recent YouGov survey"
    assert a["content"][0].startswith("71 percent of union members")


def test_a_quote_closed_by_a_bare_name():
    a = one("\u201cWe will not go back to the old ways,\u201d Smith.", "Smith")
    assert a["source"] == "Smith" and a["content"] == ["\u201cWe will not go back to the old ways,\u201d"]


def test_a_text_that_says_speaks_for_its_issuer():
    a = one("The Washington Post recently ran a piece that noted the health plan would benefit rich households.",
            "noted")
    assert a["source"] == "The Washington Post"
    # citing is no issuing: the report found it; a bare "that" on anything else speaks for no one
    a = one("They cited a report that found the river was polluted.", "found")
    assert a["source"] == "that"
    a = one("Speculation was fuelled by a TV report late last month that said he was ill.", "said")
    assert a["source"] == "that"
    assert not [f for f in atts("He spoke with a passion that suggested the question was out of line.")
                if f["cue"] == "suggested"]


def cues_of(text):
    return [a["cue"] for a in atts(text)]


@pytest.mark.parametrize("text", [
    "The virus has claimed 40 lives in the province.",
    "The storm claimed three lives on Tuesday.",
    "The flooding has claimed dozens of victims across the region.",
    "The champion claimed her third title in Paris.",
])
def test_claim_that_takes_a_life_or_a_prize_is_no_cue(text):
    assert not any(c and c.startswith("claim") for c in cues_of(text)), atts(text)


def test_claim_with_a_clause_stays_an_allegation():
    a = one("The group claimed that the army had shelled the town.", "claimed")
    assert a["class"] == "allege" and a["source"] == "The group"


@pytest.mark.parametrize("text", [
    "The retailer posted sales of $4 million in the quarter.",
    "The company posted shipments of 4,000 units last year.",
    "The bank posted a loss of $300 million.",
    "The airline posted record profits in the summer.",
])
def test_posted_results_are_no_cue(text):
    assert not any(c and c.startswith("post") for c in cues_of(text)), atts(text)


@pytest.mark.parametrize("text, prep", [
    ("The minister resigned after claims that he misused public funds.", "claims"),
    ("The company collapsed amid reports that its accounts had been falsified.", "reports"),
    ("The coach was sacked following allegations that he bullied players.", "allegations"),
    ("The chairman stepped down over reports that the club had broken spending rules.", "reports"),
])
def test_a_circumstance_noun_cue_has_no_source_in_the_subject(text, prep):
    a = one(text, prep)
    assert a["source"] is None


def test_a_noun_cue_object_keeps_its_subject_as_source():
    a = one("The ministry repeated its claim that the border was closed.", "claim")
    assert a["source"] is not None


@pytest.mark.parametrize("text, content", [
    ("The club disputes having broken the rules.", "having broken the rules"),
    ("The firm disputed having misled investors.", "having misled investors"),
    ("He denied having taken the money.", "having taken the money"),
])
def test_a_perfect_gerund_is_what_is_denied(text, content):
    found = [a for a in atts(text) if a["class"] == "deny"]
    assert len(found) == 1, atts(text)
    assert found[0]["content"] == [content]
    assert found[0]["source"] in {"The club", "The firm", "He"}


@pytest.mark.parametrize("text, source", [
    ("The BBC understands the club could sell its stadium next year.", "The BBC"),
    ("Sky News understands that the minister will resign on Monday.", "Sky News"),
    ("We understand the deal was signed last week.", "We"),
    ("The newspaper understands the chief executive has been suspended.", "The newspaper"),
])
def test_an_outlet_that_understands_reports(text, source):
    a = one(text, "understand")
    assert a["source"] == source and a["class"] == "report"


@pytest.mark.parametrize("text", [
    "I understand your concern about the plan.",
    "The manager understands the pressure on his players.",
    "Officials understand that the dam is unsafe.",
])
def test_understanding_by_anyone_else_is_no_report(text):
    assert not any(c and "understand" in c for c in cues_of(text)), atts(text)


def test_evidence_with_a_clause_stays_a_cue():
    a = one("The survey showed that rents rose sharply in the capital.", "showed")
    assert a["content"] == ["that rents rose sharply in the capital"]


@pytest.mark.parametrize("text", [
    "There was talk of the mayor rejecting the plan.",
    "There were fears of the council denying the permit.",
    "The prospect of the board rejecting the bid worried investors.",
])
def test_a_gerund_after_of_describes_an_event_not_a_denial(text):
    assert not any(c and c.endswith("ing") for c in cues_of(text)), atts(text)


@pytest.mark.parametrize("text", [
    "The officer pointed his gun at the suspect and told him to drop the knife.",
    "Witnesses saw him pointing the knife out of the window.",
])
def test_pointing_a_weapon_is_no_cue(text):
    assert not any(c and c.startswith("point") for c in cues_of(text)), atts(text)


@pytest.mark.parametrize("text, content", [
    ("The report pointed out that the bridge was unsafe.", "that the bridge was unsafe"),
    ("The minister pointed to a fall in crime in the capital.", "a fall in crime"),
])
def test_pointing_out_or_to_stays_a_cue(text, content):
    a = one(text, "point")
    assert content in " ".join(a["content"])


def test_a_verb_tag_in_a_subject_noun_phrase_is_no_cue():
    text = "Megan, who found fame in reality show Ex On The Beach in 2015, has been trying to keep quiet."
    assert not any(c and c.startswith("show") for c in cues_of(text)), atts(text)


@pytest.mark.parametrize("text", [
    "The officer heard the man shouting and saw him pointing the knife out of the window.",
    "Neighbours saw smoke rising from the roof.",
    "A witness saw the driver run a red light.",
])
def test_a_perceived_event_is_no_belief(text):
    assert not any(c and c.startswith("saw") for c in cues_of(text)), atts(text)


def test_seeing_that_stays_a_belief():
    a = one("The minister saw that the plan would fail.", "saw")
    assert a["content"] == ["that the plan would fail"]


def test_showing_ones_face_is_no_cue():
    text = "He is so keen to stay hidden that he has never shown his face on social media."
    assert not any(c and c.startswith("shown") for c in cues_of(text)), atts(text)


@pytest.mark.parametrize("text, aside", [
    ("That was too much even for my, I hope well-developed, patience.", "hope"),
    ("He went to the, I believe, wrong station.", "believe"),
])
def test_a_comment_clause_inside_a_phrase_is_no_cue(text, aside):
    # the aside qualifies the modifier after it; the sentence stays the writer's assertion
    assert not any(c and c.startswith(aside) for c in cues_of(text)), atts(text)
    import claimledger
    claims = claimledger.analyze(text).claims
    assert len(claims) == 1 and claims[0].status == "asserted"
    assert claims[0].text == text.rstrip(".")


@pytest.mark.parametrize("text, content", [
    ("Prices rose, I think, because of the war.", "Prices rose"),
    ("He left because, I think, he was tired.", "he was tired"),
])
def test_a_comment_clause_between_clauses_stays_a_hedge(text, content):
    a = one(text, "think")
    assert content in " ".join(a["content"])


@pytest.mark.parametrize("text, content", [
    ("The company expects revenue of $40 million this year.", "revenue of $40 million"),
    ("The retailer is expecting a loss of about 3 million euros.", "a loss of about 3 million euros"),
])
def test_an_expected_figure_is_the_subjects_estimate(text, content):
    # company guidance: the figure expected is a proposition the company puts forward
    a = one(text, "expect")
    assert a["content"] == [content] and a["source"] in {"The company", "The retailer"}
    import claimledger
    claim = next(c for c in claimledger.analyze(text).claims if c.text == content)
    assert claim.status != "asserted"


@pytest.mark.parametrize("text", [
    "She is expecting twins.",
    "We expect a visit from the minister in 2025.",
])
def test_expecting_no_figure_reports_nothing(text):
    import claimledger
    claims = claimledger.analyze(text).claims
    assert [(c.text, c.status) for c in claims] == [(text.rstrip("."), "asserted")]


@pytest.mark.parametrize("text", [
    "The fact that profits will fall is not disputed by any analyst.",
    "Not a single analyst disputes that profits will fall.",
])
def test_negation_with_any_names_no_speaker(text):
    # "not disputed by any analyst" = no analyst disputes it: no one speaks, the outlet asserts
    assert not any(c and c.startswith("disput") for c in cues_of(text)), atts(text)


def test_a_negated_cue_with_a_named_speaker_stays():
    a = one("The ministry has not denied that troops crossed the border.", "denied")
    assert a["source"] == "The ministry" and a["negated"]


def test_a_zero_that_clause_after_the_hearer_is_the_content():
    # the parser hangs "his officials had let him down" on the hearer as a relative clause
    a = one("The former premier complained to a fellow minister his officials had let him down.", "complained")
    assert a["content"] == ["his officials had let him down"] and a["source"] == "The former premier"


@pytest.mark.parametrize("text", [
    "He complained to the woman he had married.",
    "She complained to the minister her officials had talked to.",
])
def test_a_true_relative_clause_on_the_hearer_is_no_content(text):
    assert not any(a["cue"] and a["cue"].startswith("complained") for a in atts(text)), atts(text)


def test_a_phrase_quoted_in_a_stance_does_not_break_the_quoted_speakers_run():
    text = ('"We do not bargain over security," the minister said. Nobody laughed. He kept telling us to '
            '"take security seriously". He means that we should take him seriously.\n\n'
            '"I regret that other parties do not see the need to act."')
    cont = [a for a in atts(text) if a["method"] == "continuation"]
    assert len(cont) == 1 and cont[0]["source"] == "the minister", atts(text)
    assert cont[0]["content"][0].startswith('"I regret')


@pytest.mark.parametrize("text", [
    "Like most parties in power, they didn't think about losing.",
    "Unlike his rivals, he never thought about the cost.",
])
def test_a_fronted_phrase_is_no_content_of_a_closing_cue(text):
    # a clause-final cue ("..., the minister said") reports a clause; a fronted phrase is none
    assert not any(a["cue"] and a["cue"].startswith("th") for a in atts(text)), atts(text)


def test_a_closing_cue_after_a_clause_still_reports_it():
    a = one("Ship lost 60 containers, coastguard says.", "says")
    assert a["content"] == ["Ship lost 60 containers"]


def test_as_x_put_it_owns_the_clause_of_the_quoted_wording_before_it():
    # PolNeAR's span: the clause holding the quotation, from its subject to the closing mark
    text = ("Most applicants must meet work requirements, but the main requirement for the visa is a "
            "\u201clawful source of income,\u201d as a Treasury memo put it.")
    a = one(text, "put it")
    assert a["source"] == "a Treasury memo"
    assert a["content"] == ["the main requirement for the visa is a \u201clawful source of income,\u201d"]


def test_as_x_put_it_before_a_quotation_owns_the_quotation():
    text = "Nothing has spared him from being seen, as a magazine put it in a long profile, \u201cthe operator.\u201d"
    a = one(text, "put it")
    assert a["source"] == "a magazine" and a["content"] == ["\u201cthe operator.\u201d"]


def test_as_x_put_it_without_quotes_owns_the_clause():
    a = one("The council has been cooking the books, as opposition leader Jane Moss put it.", "put it")
    assert a["content"] == ["The council has been cooking the books"]


def test_putting_it_somewhere_is_no_cue():
    assert not any(c and c.startswith("put") for c in cues_of("He put it on the table.")), atts("He put it on the table.")


def test_a_named_speaker_beats_the_writers_we_on_one_content():
    text = "First, we learn the council has been \u201ccooking the books,\u201d as opposition leader Jane Moss put it."
    found = [a for a in atts(text) if "cooking the books" in " ".join(a["content"])]
    assert len(found) == 1 and found[0]["source"] == "opposition leader Jane Moss", atts(text)


def test_the_writers_we_alone_stays_a_frame():
    a = one("Now we learn the debt will sit with state companies.", "learn")
    assert a["source"] == "we"


def test_accused_with_no_accuser_is_a_sourceless_allegation():
    a = one("The minister is accused of knowingly breaking the law.", "accused")
    assert a["source"] is None and a["class"] == "allege"
    assert "knowingly breaking the law" in " ".join(a["content"])
    import claimledger
    claim = next(c for c in claimledger.analyze("The minister is accused of knowingly breaking the law.").claims
                 if "breaking the law" in c.text)
    assert claim.status == "alleged" and claim.source is None


def test_charged_with_a_crime_stays_no_relation():
    assert not any(c and c.startswith("charged") for c in cues_of("The driver was charged with dangerous driving.")), \
        atts("The driver was charged with dangerous driving.")


def test_a_headline_clause_before_a_final_cue_is_reported_even_without_a_parsed_subject():
    import claimledger
    # the fronted-phrase rule ("Like most parties, they ...") must not take headlinese clauses
    rec = claimledger.analyze("The coastguard said on Wednesday that the ship had lost 60 containers.",
                              title="Cargo ship 'lost' up to 60 containers in storm, coastguard confirms")
    assert rec.headline.status == "confirmed"


def test_as_clause_cue_with_a_present_tense_verb_gives_the_main_clause_its_source():
    # the small model tags "notes" a plural noun here, or joins "Billboard notes" into one
    # noun phrase; either way the main clause is Billboard's / the minister's report
    a = one("As the minister notes, shares fell sharply on Monday.", "notes")
    assert a["source"] == "the minister" and a["content"] == ["shares fell sharply on Monday"]
    text = ("Staff from the label have already moved to other teams, according to the report. As Billboard "
            "notes, label chief Anna Berg was put in charge of the radio unit in June and has been dividing "
            "her time between the two since then.")
    a = one(text, "notes")
    assert a["source"] == "Billboard"
    assert a["content"][0].startswith("label chief Anna Berg was put in charge")
    # "put in charge" is no cue closing the sentence: the "As ..." clause is not its content
    assert not [x for x in atts(text) if x["cue"] and x["cue"].startswith("put")]


def test_a_sentence_closing_inverted_cue_names_its_speaker():
    # '..., reported Mail Online.': the name after the cue speaks, the clause before is
    # what it reported (the small model even reads "rang" as a noun subject of the cue)
    a = one("Luckily he was saved from the attack when his phone rang, reported Mail Online.", "reported")
    assert a["source"] == "Mail Online"
    assert a["content"] == ["Luckily he was saved from the attack when his phone rang"]
    a = one("Shares fell 3 per cent in early trading, reported Reuters.", "reported")
    assert a["source"] == "Reuters" and a["content"] == ["Shares fell 3 per cent in early trading"]
    a = one("The talks collapsed on Friday, said the ministry.", "said")
    assert a["source"] == "the ministry" and a["content"] == ["The talks collapsed on Friday"]


def test_a_quote_nested_in_a_british_quote_does_not_end_it():
    text = ("The coach told Sky News: \u2018Reading it brought tears to my eyes. When I thanked him he "
            "repeated something his dad had said, \u2018It\u2019s just life\u2019. Then he went back to his "
            "football.\u2019")
    q = find_quotes(text)
    from claimledger.attribution import find_single_quotes
    singles = find_single_quotes(text, q)
    assert [text[s.start:s.end] for s in singles] == [text[text.index("\u2018"):]]


def test_words_quoted_after_told_outlet_colon_are_what_was_said():
    # the parser hangs the quotation as an infinitive of "told"; after a colon it is speech
    from claimledger import analyze
    rec = analyze("A boy moved his coach to tears.\n\n"
                  "The coach told Sky News: \u201cReading it brought tears to my eyes. Then he went back to "
                  "his football.\u201d")
    claim = next(c for c in rec.claims if "Reading it brought tears" in c.text)
    assert rec.source(claim.source).name == "coach"
    assert [rec.source(v).name for v in claim.via] == ["Sky News"]
    assert claim.status == "reported" and claim.text.endswith("football.\u201d")


def test_a_final_cue_given_two_subjects_by_the_parser_takes_the_one_next_to_it():
    # the parser hangs the long subject of "have been found" on "reported" as well
    a = one("Three Afghan soldiers who went missing after a military exercise have been found, "
            "US media have reported.", "reported")
    assert a["source"] == "US media"
    assert a["content"] == ["Three Afghan soldiers who went missing after a military exercise have been found"]


def test_a_sentence_final_according_to_scopes_over_a_belief_the_parser_hung_it_in():
    # "according to" hangs inside the "thought" clause, and the "thought" cue sits inside
    # the according-to content: the sentence-final attribution stays, over the whole clause
    from claimledger import analyze
    rec = analyze("Ellis Brown thought he had said his final goodbyes to his dog Rex when he buried him in "
                  "his backyard shortly after he was knocked down by a van, according to FOX 13.")
    claim = next(c for c in rec.claims if "final goodbyes" in c.text)
    assert rec.source(claim.source).name == "FOX 13"
    assert claim.text.startswith("Ellis Brown thought") and "according to" not in claim.text


def test_she_after_a_possessive_description_is_that_person():
    # "the freelancer's mother" is a person introduced by a relation, with no name
    from claimledger import analyze
    rec = analyze("Last week, the 31-year-old freelancer's mother released a video plea to the group to spare "
                  "her son.\n\n\u201cAs a mother, I ask you to be merciful,\u201d she said.")
    claim = next(c for c in rec.claims if "merciful" in c.text)
    assert claim.source is not None and rec.source(claim.source).name == "mother"


def test_as_reported_by_an_outlet_gives_the_main_clause_its_source():
    a = one("As first reported by Reuters, the company is weighing a sale of its shipping arm.", "reported")
    assert a["source"] == "Reuters" and a["content"] == ["the company is weighing a sale of its shipping arm"]
    # "as expected by analysts" is a stance on what happened, not a report of it
    assert atts("As expected by analysts, the bank raised rates on Thursday.") == []


def test_it_that_shows_is_a_thing_not_the_last_organisation():
    from claimledger import analyze
    rec = analyze("The State Department said it was studying the footage.\n\n"
                  "The video begins with a speech by the president. It goes on to show the hostage being "
                  "led to a truck by armed men.")
    claim = next(c for c in rec.claims if "hostage being" in c.text)
    assert claim.source is None


def test_a_quote_signed_with_a_horizontal_bar_and_no_break_space():
    text = ("Readers wrote in.\n\n\u201cYou are not a leader, you are a dictator.\u201d \u2015\u00a0Christina Ruiz\n"
            "\u201cNo one wants a man like that in office.\u201d \u2015\u00a0Jack Ashley\n")
    found = {a["source"]: a["content"] for a in atts(text)}
    assert found == {"Christina Ruiz": ["\u201cYou are not a leader, you are a dictator.\u201d"],
                     "Jack Ashley": ["\u201cNo one wants a man like that in office.\u201d"]}


def test_a_title_case_section_heading_before_a_colon_is_no_speaker():
    text = ("Refugees.\n\nLittle Relief for Refugees: The refugee crisis is the sort of issue the body was "
            "created to handle.\n\nGraham: Trump's rhetoric is destroying the party.")
    assert [a["source"] for a in atts(text) if a["method"] == "colon"] == ["Graham"]


def test_a_name_alone_before_a_colon_introduces_the_next_paragraph():
    # the blog excerpt convention; a name may open with a digit
    text = ("Apple Stores to Keep Gold Watches in Safes\n\n9to5Mac:\n\n"
            "The safes will be used overnight to store the demo units from the show floor.\n\n"
            "In addition, Apple is said to be working on new bands.")
    found = [a for a in atts(text) if a["method"] == "colon"]
    assert [(a["source"], a["content"]) for a in found] == [
        ("9to5Mac", ["The safes will be used overnight to store the demo units from the show floor"])]
    # a label is still no speaker
    assert not [a for a in atts("Update:\n\nThe road has reopened to traffic after the crash.")
                if a["method"] == "colon"]


def test_citing_a_reason_names_no_source_and_an_according_to_source_drops_its_relative_clause():
    from claimledger import analyze
    rec = analyze("Principal Jane Greer declined to comment on the suspension, citing confidentiality policies, "
                  "according to the Odessa American, who first reported the story on Friday.")
    claim = next(c for c in rec.claims if "declined to comment" in c.text)
    assert rec.source(claim.source).name == "Odessa American" and claim.via == []
    # a party cited is still the first link of the chain
    rec = analyze("The ministry said the death toll had risen to 40, citing local officials.")
    claim = next(c for c in rec.claims if "death toll" in c.text)
    assert rec.source(claim.source).name == "local officials"
    assert [rec.source(v).name for v in claim.via] == ["ministry"]


def test_a_quoted_title_is_not_linked_to_rule_as_reign():
    text = ("The family had just watched \u201cThe Hobbit: The Battle of Five Armies\u201d days earlier, leading "
            "him to proclaim that he had the one ring to rule them all.")
    assert not [a for a in atts(text) if a["cue"] == "rule"]


def test_claim_with_an_infinitive_is_what_the_subject_claims():
    a = one("Islamic State militants claim to have captured a supply bundle near the town.", "claim")
    assert a["source"] == "Islamic State militants" and a["class"] == "allege"
    assert a["content"] == ["to have captured a supply bundle near the town"]


def test_quotations_in_straight_single_marks_are_quotes_and_apostrophes_are_not():
    from claimledger.attribution import find_straight_single_quotes
    text = ("Jane Tridell, 21, spent $20,000 on the surgery, she told a radio station. 'To me it just feels "
            "like another arm,' she says. 'The only difference is the hand, that doesn't feel like the "
            "other ones.'\n\nThe students' union said it wasn't told.")
    found = [text[q.start:q.end] for q in find_straight_single_quotes(text, [])]
    assert found == ["'To me it just feels like another arm,'",
                     "'The only difference is the hand, that doesn't feel like the other ones.'"]
    speakers = {a["source"] for a in atts(text) if a["content"] and a["content"][0].startswith("'")}
    assert speakers == {"she"}


def test_assuming_as_a_condition_is_no_belief_of_the_subject():
    text = ("Tim Cook and crew aren't likely to make a big deal of the feature at the March event, "
            "assuming it shows up.")
    assert not [a for a in atts(text) if a["cue"] == "assuming"]
    a = one("Analysts are assuming that rates will rise in June.", "assuming")
    assert a["source"] == "Analysts"


def test_a_clause_final_outlet_cue_the_model_reads_as_a_noun_phrase():
    # "the Independent reports" parsed as a noun phrase, or the outlet as a modifier of the verb
    a = one("The company is weighing a sale of its shipping arm, the Times reports.", "reports")
    assert a["source"] == "the Times" and a["content"] == ["The company is weighing a sale of its shipping arm"]
    text = ("Christina Fernandez, the president of Argentina, got a new addition to her family last week when "
            "she adopted a 13-year-old boy named Yair Tawil as her godson, the Independent reports.")
    a = one(text, "reports")
    assert a["source"] == "Independent" and a["content"][0].startswith("Christina Fernandez")


def test_the_outlet_spoken_to_is_the_via_for_more_cue_verbs():
    assert one("A spokesman confirmed to the BBC that the plant would close.", "confirmed")["via"] == ["the BBC"]
    assert one("She admitted to the Guardian that she had lied.", "admitted")["via"] == ["the Guardian"]
    # an outlet needs a name: "confirmed to reporters" has no via
    assert one("A spokesman confirmed to reporters that the plant would close.", "confirmed")["via"] == []
