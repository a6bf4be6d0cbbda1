"""Claim units (claimledger/claims.py): which clauses become the article's own claims and how
much of the sentence each keeps. Made-up sentences in the style of news copy."""
from claimledger import analyze


def texts(record):
    return [c.text for c in record.claims]


def claim_with(record, words):
    found = [c for c in record.claims if words in c.text]
    assert found, (words, texts(record))
    return min(found, key=lambda c: len(c.text))


def test_statement_before_a_tag_question_is_a_claim():
    rec = analyze("As a minister, you will want to stay on the right side of the law, right?\n\n"
                  "The new vaccine was approved by regulators last month... wasn't it?\n\n"
                  "Is the scheme really worth the money?")
    law = claim_with(rec, "you will want to stay on the right side of the law")
    assert law.source is None and law.kind == "unattributed"
    assert not law.text.endswith("right")
    assert claim_with(rec, "was approved by regulators last month").text.endswith("last month")
    assert not any("worth the money" in t for t in texts(rec))


def test_a_whole_three_word_sentence_is_a_claim_but_a_short_clause_is_not():
    rec = analyze("The minister promised to end the strike by Friday. Nobody believed him. "
                  "The union walked out, and pay fell.")
    assert "Nobody believed him" in texts(rec)
    assert "pay fell" not in texts(rec)


def test_a_participle_tagged_root_with_an_object_is_a_past_tense_claim():
    # the parser tags both roots VBN (participle) with no auxiliary
    rec = analyze("Tom, owner of a London restaurant group, wooed Megan with swanky dinners out, after "
                  "they met at a party.\n\n"
                  "The Hang Seng index fell 0.2 per cent to 19430.9; the Shanghai Composite advanced by "
                  "the same margin to 3228.6.", title="Singer finds love")
    wooed = claim_with(rec, "wooed Megan with swanky dinners out")
    assert wooed.source is None and wooed.status == "asserted"
    both = claim_with(rec, "fell 0.2 per cent to 19430.9")
    assert "advanced by the same margin to 3228.6" in both.text


def test_a_percent_sign_stays_with_its_number():
    rec = analyze("In patients on oxygen, the drug cut the risk of death by 20%, while patients who "
                  "needed no help saw no benefit.\n\n"
                  "Sales are estimated to have risen 11%, according to an average of analysts' forecasts.")
    assert claim_with(rec, "cut the risk of death").text.endswith("by 20%")
    assert claim_with(rec, "estimated to have risen").text.endswith("11%")


def test_a_cue_in_an_open_complement_keeps_its_frame_in_the_own_claim():
    rec = analyze("The president's spokeswoman on Thursday sought to explain his false claim that the "
                  "bill failed because a senator was in hospital.")
    own = claim_with(rec, "sought to explain his false claim")
    assert own.source is None and own.kind == "unattributed"
    assert "the bill failed" not in own.text
    reported = claim_with(rec, "the bill failed because a senator was in hospital")
    assert reported.source is not None


def test_a_relative_clause_on_the_source_is_the_articles_own_statement():
    rec = analyze("The officer, who stands accused of assaulting two colleagues at the station, has "
                  "denied the charges.")
    own = claim_with(rec, "stands accused of assaulting two colleagues")
    assert own.source is None and own.kind == "unattributed"


def test_a_clause_around_a_nominal_cue_keeps_its_subject_and_the_noun():
    rec = analyze("The minister resigned on Monday after claims that he had accepted bribes.\n\n"
                  "The company collapsed amid reports that its founder had fled the country.\n\n"
                  "Shares fell sharply after rumours that the bank needed a bailout.")
    for own in ("The minister resigned on Monday after claims", "The company collapsed amid reports",
                "Shares fell sharply after rumours"):
        c = claim_with(rec, own)
        assert c.text == own and c.source is None and c.kind == "unattributed"
    assert claim_with(rec, "that its founder had fled the country").cue == "reports"


def test_a_cue_after_an_adjective_keeps_its_frame_in_the_own_claim():
    rec = analyze("But the scientists were also careful to say that the particle was only consistent "
                  "with the theory.\n\nThe minister was quick to deny that the talks had failed.")
    assert claim_with(rec, "were also careful to say").text == "the scientists were also careful to say"
    assert claim_with(rec, "was quick to deny").text == "The minister was quick to deny"
    assert claim_with(rec, "that the talks had failed").status == "denied"


def test_a_restrictive_relative_clause_is_no_claim_of_its_own():
    rec = analyze("Most of the dead were from the port cities, which were built around river systems that "
                  "overflowed when a month's rain fell in a day.\n\n"
                  "The area is normally bypassed by typhoons that strike other parts of the country every year.\n\n"
                  "But it is actually another player who could turn the club down.")
    assert claim_with(rec, "which were built around river systems").text.startswith("which were built")
    assert not any(t.startswith("that overflowed") for t in texts(rec))
    assert not any(t.startswith("that strike other parts") for t in texts(rec))
    assert claim_with(rec, "is normally bypassed by typhoons").text.endswith("every year")
    assert any(t.startswith("who could turn the club down") for t in texts(rec))   # after a predicate noun


def test_a_that_clause_hung_on_a_noun_is_still_a_claim():
    rec = analyze("The owner's son told the Galveston Daily News that the company sold the truck to a dealer "
                  "in October 2013.")
    assert claim_with(rec, "the company sold the truck to a dealer").source is not None


def test_a_zero_relative_clause_is_no_claim_of_its_own():
    rec = analyze("It could be a way for the company to make up for the declines they have seen in profits.")
    assert not any(t.startswith("they have seen") for t in texts(rec))
    assert any("the declines they have seen in profits" in t for t in texts(rec))


def test_a_restrictive_relative_clause_on_the_subject_stays_a_claim():
    rec = analyze("The man who was arrested at the airport on Monday has been charged with fraud.")
    assert any(t.startswith("who was arrested at the airport on Monday") for t in texts(rec))


def test_a_main_clause_hung_under_a_concession_is_still_a_claim():
    # the small model hangs the main clause as an unmarked adverbial clause of the concession
    rec = analyze("Even though there are mixed views on the scale of the drag profits would have come under in "
                  "the quarter, the fact that they would be far from robust is not disputed by any analyst.")
    main = claim_with(rec, "is not disputed by any analyst")
    assert main.source is None and main.kind == "unattributed" and main.status == "asserted"


def test_a_predicate_conjoined_to_a_cue_is_an_own_claim_with_its_numbers():
    # "forecast" is a cue (its object is Acme's estimate); the predicate conjoined to it
    # shares the subject but has no "nsubj" of its own, and was lost with its number
    rec = analyze("Acme Corp forecast a profit of $5 million for the quarter and posted record shipments "
                  "of 40,000 units.")
    profit = claim_with(rec, "a profit of $5 million")
    assert profit.source is not None and profit.cue == "forecast"
    shipped = claim_with(rec, "posted record shipments of 40,000 units")
    assert shipped.text == "posted record shipments of 40,000 units"
    assert shipped.source is None and shipped.status == "asserted"
    assert [q.text for q in rec.quantities if q.claim == shipped.id] == ["40,000 units"]
    # a restrictive relative clause on the source is still no claim of its own
    rec = analyze("The company that posted record shipments forecast a profit of $5 million.")
    assert not any(t.startswith("that posted") or t.startswith("posted") for t in texts(rec))
