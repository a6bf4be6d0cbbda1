"""Sources: names and roles, kinds, and one source per referent within an article."""
from claimledger import analyze


def source_of(record, words):
    claim = min((c for c in record.claims if words in c.text), key=lambda c: len(c.text))
    return record.source(claim.source)


ARTICLE = (
    "Aleksandr Lukashenko, Belarus' Putin-supporting President, last week dismissed claims that foreign "
    "troops had been sent into the region.\n"
    "However, Lukashenko admitted that the deployment would be a step towards escalation.\n"
    "South Korean intelligence has suggested that the new troops came from an elite unit.\n"
    "The same intelligence has warned that the soldiers' families are being isolated.\n"
    "US Defence Secretary Lloyd Austin said on Wednesday that the troops were in Russia.\n"
    "He added that their mission was unclear to Washington officials.\n"
    "The ship's operator, Baltic Line Shipping, denied that the vessel carried chemicals.\n"
    "A spokeswoman for the company told Reuters that the crew was safe.\n"
)


def test_name_and_role_from_apposition_and_premodifier():
    rec = analyze(ARTICLE)
    luk = source_of(rec, "foreign troops had been sent")
    assert luk.name == "Aleksandr Lukashenko"
    assert luk.role == "Belarus' Putin-supporting President"
    assert luk.kind == "person"
    austin = source_of(rec, "the troops were in Russia")
    assert austin.name == "Lloyd Austin" and austin.role == "US Defence Secretary"


def test_surname_merges_with_full_name():
    rec = analyze(ARTICLE)
    a = source_of(rec, "foreign troops had been sent")
    b = source_of(rec, "step towards escalation")
    assert a.id == b.id
    assert "Lukashenko" in a.mentions


def test_nominal_anaphora_the_same_intelligence():
    rec = analyze(ARTICLE)
    a = source_of(rec, "elite unit")
    b = source_of(rec, "families are being isolated")
    assert a.id == b.id
    assert a.name == "South Korean intelligence"
    assert a.kind == "government"


def test_pronoun_resolves_to_the_previous_person():
    rec = analyze(ARTICLE)
    assert source_of(rec, "mission was unclear").name == "Lloyd Austin"


def test_organisation_named_in_apposition_and_media_intermediary():
    rec = analyze(ARTICLE)
    op = source_of(rec, "vessel carried chemicals")
    assert op.name == "Baltic Line Shipping" and op.kind == "organization"
    claim = next(c for c in rec.claims if "crew was safe" in c.text)
    assert [rec.source(v).name for v in claim.via] == ["Reuters"]
    assert rec.source(claim.via[0]).kind == "media"


def test_one_source_per_referent():
    rec = analyze(ARTICLE)
    names = [s.name for s in rec.sources]
    assert len(names) == len(set(names)), names


def test_evidence_without_speaker_is_the_articles_own_claim():
    rec = analyze("Other videos show soldiers taking pictures in Moscow.")
    claim = next(c for c in rec.claims if "taking pictures" in c.text)
    assert claim.source is None and claim.kind == "unattributed"


def test_outlets_by_name_and_a_definite_description_back_to_the_last_one():
    rec = analyze("The New York Daily News reported that a boy was suspended. The Des Moines Register said the "
                  "school had apologized. The newspaper added that the boy was fine.")
    first = source_of(rec, "boy was suspended")
    second = source_of(rec, "school had apologized")
    third = source_of(rec, "boy was fine")
    assert first.kind == "media" and second.kind == "media"
    assert first.id != second.id
    assert third.id == second.id


def test_a_description_with_other_modifiers_is_not_the_last_speaker_of_that_head():
    rec = analyze("A senior police official said on Monday that nine people had died in the crash.\n"
                  "Regional Railway Manager John Porter said that six people had died.\n"
                  "\u201cThere was confusion at first,\u201d the railway official said.\n"
                  "The police official added that the line would reopen on Friday.")
    assert source_of(rec, "confusion at first").name == "John Porter"
    assert source_of(rec, "line would reopen").name == "senior police official"
    assert source_of(rec, "nine people").name == "senior police official"


def test_an_acronym_refers_back_to_the_capitalised_name_it_abbreviates():
    rec = analyze("The Superintendent of Police said the officers had been suspended pending an inquiry.\n"
                  "The SP said that no written complaint had been received from the family.\n"
                  "A spokesman for the National Disaster Agency said 40 homes were destroyed.\n"
                  "The NDA added that roads to the valley remained closed.\n")
    sp = source_of(rec, "no written complaint had been received")
    assert sp.id == source_of(rec, "the officers had been suspended").id
    nda = source_of(rec, "roads to the valley remained closed")
    assert nda.id == source_of(rec, "40 homes were destroyed").id
    assert nda.id != sp.id


def test_we_all_in_a_column_is_the_writer_not_a_source():
    rec = analyze("We all know the treasurer is an economic lightweight.\n"
                  "All of us know the budget will not add up.\n"
                  "All the analysts know the deficit will grow.\n")
    for words in ("economic lightweight", "budget will not add up"):
        claim = min((c for c in rec.claims if words in c.text), key=lambda c: len(c.text))
        assert claim.source is None and claim.kind == "unattributed", words
    assert source_of(rec, "deficit will grow").name == "All the analysts"


def test_ordinary_people_are_persons():
    rec = analyze("Floods hit valley\n\nA farmer said the river had flooded his fields.\n"
                  "A senior midwife said the unit was short of staff.\n"
                  "The manager said the team had trained well.\n")
    for words in ("flooded his fields", "short of staff", "trained well"):
        assert source_of(rec, words).kind == "person", words


def test_a_kinship_or_gendered_noun_with_no_name_is_a_person():
    rec = analyze("His son told another boy his magic ring could make the boy disappear.\n"
                  "The girl said she had been frightened by the story.\n"
                  "The massage therapist told a radio station that she had the surgery last year.\n"
                  "The lender said the loan had been repaid.\n")
    assert source_of(rec, "magic ring").kind == "person"
    assert source_of(rec, "frightened").kind == "person"
    assert source_of(rec, "had the surgery").kind == "person"
    assert source_of(rec, "loan had been repaid").kind == "organization"


def test_the_person_named_is_the_one_holding_the_head_not_a_rank_word_ner_tagged():
    rec = analyze("According to Pentagon Press Secretary Rear Adm. John Kirby, most supplies were delivered.\n"
                  "However, Kirby said that one package may have been lost.\n")
    src = source_of(rec, "supplies were delivered")
    assert src.name == "John Kirby" and src.kind == "person"
    assert source_of(rec, "package may have been lost").id == src.id


def test_a_text_someone_wrote_is_a_source_of_what_it_reveals_footage_is_not():
    rec = analyze("A community post reveals that customers are complaining about the new phones.\n"
                  "Footage shows that the phone bends under light pressure.\n")
    assert source_of(rec, "customers are complaining").name == "community post"
    claim = next(c for c in rec.claims if "phone bends" in c.text)
    assert claim.source is None


def test_two_outlets_ending_in_news_are_two_sources_and_a_split_hearer_name_is_one_via():
    rec = analyze("\u201cPeople are really ugly,\u201d he told the Galveston Daily News.\n"
                  "Mark Oberholtzer told CBS News that he had hired a lawyer.\n"
                  "A spokesman for AutoNation told KHOU 11 News that the truck went to auction.\n")
    lawyer = next(c for c in rec.claims if "hired a lawyer" in c.text)
    assert [rec.source(v).name for v in lawyer.via] == ["CBS News"]
    auction = next(c for c in rec.claims if "went to auction" in c.text)
    assert [rec.source(v).name for v in auction.via] == ["KHOU 11 News"]


def test_a_relative_clause_describes_the_speaker_and_a_dateline_head_is_not_the_speaker():
    rec = analyze("PROVO, Utah, Dec. 23 (UPI) -- A Utah man who drank a quart of eggnog in 12 seconds to win a "
                  "gift card said he was also awarded a three-day stay in the hospital.\n")
    src = source_of(rec, "three-day stay")
    assert (src.name, src.kind) == ("Utah man", "person")


def test_a_surname_ner_tagged_as_an_organisation_is_the_named_person():
    rec = analyze("SYDNEY - An Australian man had a spider removed from his stomach.\n\n"
                  "Dylan Maxwell was on holiday on the island of Bali when the creature burrowed into a scar.\n\n"
                  "Lifting his shirt, Maxwell told an Australian television network \"that's where it went in\".\n\n"
                  "\"Haven't felt so violated in my life before!\" he said.\n")
    a, b = source_of(rec, "where it went in"), source_of(rec, "so violated")
    assert (a.name, a.kind) == ("Dylan Maxwell", "person") and a.id == b.id


def test_the_given_name_alone_is_the_one_person_who_has_it():
    rec = analyze("Georgy Myakinkin, 31, said he had finished his shift when he remembered his keys.\n\n"
                  "Georgy has filed a complaint against police. He said: \u201cI will have the last laugh.\u201d\n")
    a, b = source_of(rec, "finished his shift"), source_of(rec, "last laugh")
    assert a.id == b.id and a.name == "Georgy Myakinkin"
    assert len(rec.sources) == 1


def test_a_name_ner_missed_after_a_kinship_role_noun_is_a_person_with_that_role():
    rec = analyze("Horrified mum Cai Tuan, 27, said: \u201cI had popped out to see a neighbour when I heard him "
                  "scream.\u201d\n")
    src = source_of(rec, "popped out")
    assert (src.name, src.kind, src.role) == ("Cai Tuan", "person", "Horrified mum")
