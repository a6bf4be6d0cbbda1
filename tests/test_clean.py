"""Cleaning: boilerplate cut line by line, real paragraphs kept byte for byte."""
import csv
import json
import re

from claimledger.clean import CleanArticle, clean, headline_like
from claimledger.record import Removed


def removed_reasons(result: CleanArticle) -> dict[str, str]:
    return {r.text: r.reason for r in result.removed}


# --- outlet styles ------------------------------------------------------------------------

REUTERS_STYLE = """\
LONDON (Reuters) - Britain's biggest water company will raise bills by 30% over five years, the regulator said on Thursday, after a review of its investment plans.

Ofwat said the increase would fund new sewage treatment works and reservoirs.

"Customers will see the money spent where it is needed," a spokesperson for the company told reporters.

(Reporting by Kate Holton; Additional reporting by Paul Sandle; Editing by Alex Richardson)
"""

DAILY_MAIL_STYLE = """\
A pensioner who spent three days trapped in her flooded cellar has been rescued by firefighters.
Scroll down for video
Margaret Jones, 84, was found on Monday morning after neighbours raised the alarm.
Advertisement
MORE: Man plays cruel Christmas prank on his wife
MORE: Dog walks 20 miles home after being left at kennels
Share this article
Her son said she was recovering in hospital and 'in good spirits'.
"""

EXPRESS_STYLE = """\
Rescue teams searched through the night for survivors after the landslide hit the village of Santa Rosa.
LATEST DEVELOPMENTS:
Storm Bert batters coast as thousands lose power againPrince William visits flood victims in WalesTeenager missing after boat capsizes off Cornish coast
Officials said at least 12 homes had been buried and the search would continue on Saturday.
"""

GUARDIAN_STYLE = """\
The government has delayed its decision on the new runway until next spring, ministers confirmed.

Related articles

Heathrow expansion: what happens next

Villagers fear for their homes as airport plans advance

Campaigners vow to fight third runway in court

The transport secretary told MPs that more time was needed to study the environmental impact.

Sign up for our morning briefing newsletter

Follow us on Twitter

[With Reuters]
"""

IBTIMES_STYLE = """\
Police in Manila arrested 14 people after a protest outside the presidential palace turned violent.
RelatedPhilippines: Typhoon Haiyan survivors still homeless a year onManila traffic chaos as jeepney drivers strikeDuterte vows crackdown on drug gangs
The protesters had demanded the release of three student leaders held since June.
"""


def test_reuters_credit_line_goes_and_paragraphs_stay():
    result = clean(REUTERS_STYLE)
    reasons = removed_reasons(result)
    assert reasons == {
        "(Reporting by Kate Holton; Additional reporting by Paul Sandle; Editing by Alex Richardson)": "credit"}
    assert result.text.startswith("LONDON (Reuters) - Britain's biggest water company")
    assert '"Customers will see the money spent where it is needed,"' in result.text
    assert len(result.paragraphs) == 3


def test_daily_mail_widgets_promo_and_more_links():
    result = clean(DAILY_MAIL_STYLE)
    reasons = removed_reasons(result)
    assert reasons["Scroll down for video"] == "navigation"
    assert reasons["Advertisement"] == "ad"
    assert reasons["MORE: Man plays cruel Christmas prank on his wife"] == "related-headlines"
    assert reasons["MORE: Dog walks 20 miles home after being left at kennels"] == "related-headlines"
    assert reasons["Share this article"] == "navigation"
    assert result.text.splitlines() == [
        "A pensioner who spent three days trapped in her flooded cellar has been rescued by firefighters.",
        "Margaret Jones, 84, was found on Monday morning after neighbours raised the alarm.",
        "Her son said she was recovering in hospital and 'in good spirits'.",
    ]


def test_latest_developments_block_takes_glued_headlines():
    result = clean(EXPRESS_STYLE)
    reasons = removed_reasons(result)
    assert reasons["LATEST DEVELOPMENTS:"] == "related-headlines"
    glued = [r for r in result.removed if r.text.startswith("Storm Bert")]
    assert glued and glued[0].reason == "glued-headlines"
    assert "Prince William" not in result.text
    assert result.text.splitlines()[-1].startswith("Officials said at least 12 homes")


def test_related_header_takes_headlines_and_stops_at_real_paragraph():
    result = clean(GUARDIAN_STYLE)
    reasons = removed_reasons(result)
    for line in ("Related articles", "Heathrow expansion: what happens next",
                 "Villagers fear for their homes as airport plans advance",
                 "Campaigners vow to fight third runway in court"):
        assert reasons[line] == "related-headlines"
    assert reasons["Sign up for our morning briefing newsletter"] == "promo"
    assert reasons["Follow us on Twitter"] == "promo"
    assert reasons["[With Reuters]"] == "credit"
    assert result.text.splitlines() == [
        "The government has delayed its decision on the new runway until next spring, ministers confirmed.",
        "The transport secretary told MPs that more time was needed to study the environmental impact.",
    ]


def test_related_glued_to_its_first_headline():
    result = clean(IBTIMES_STYLE)
    assert [r.reason for r in result.removed] == ["related-headlines"]
    assert result.removed[0].text.startswith("RelatedPhilippines")
    assert len(result.paragraphs) == 2


def test_header_does_not_swallow_a_reported_paragraph():
    text = ("Read more\n"
            "Officials at the ministry said the figures would be revised in March.\n"
            "The revision is expected to lower growth estimates for the third quarter.")
    result = clean(text)
    assert [r.text for r in result.removed] == ["Read more"]
    assert len(result.paragraphs) == 2


def test_header_stops_at_a_short_sentence():
    text = "Sponsored links\nIt's not true.\nThe rumour began on a satirical website in 2014."
    result = clean(text)
    assert removed_reasons(result) == {"Sponsored links": "ad"}
    assert result.text.startswith("It's not true.")


# --- camel case and other look-alikes -----------------------------------------------------

def test_camel_case_brands_are_not_glued_headlines():
    text = ("Apple's iPhone sales rose while YouTube and LinkedIn reported record advertising revenue\n"
            "McDonald's said its PlayStation promotion with JavaScript games was a success\n"
            "Analysts at BlackRock and SoftBank expect WeWork to list its shares next year")
    result = clean(text)
    assert result.removed == []
    assert result.text == text


def test_one_glued_typo_in_a_sentence_is_kept():
    text = ("They are offering Smashed Potatoes, Macaroni Munchies andBong Time Biscuits. "
            "All are made with their own butter, the owner told reporters.")
    assert clean(text).removed == []


def test_names_with_particles_are_kept():
    text = "Ron DeSantis met LeBron James and Leonardo DiCaprio at LaGuardia airport with Abu Bakr alBaghdadi's envoy"
    assert clean(text).removed == []


def test_headline_like():
    assert headline_like("Villagers fear for their homes as airport plans advance")
    assert headline_like("Is Pyongyang actually closed off?")
    assert not headline_like("The transport secretary told MPs that more time was needed.")
    assert not headline_like("“We have to study it more,” he said")
    assert not headline_like("The Telegraph's Richard Spencer reports:")


def test_sentences_starting_like_boilerplate_are_kept():
    text = ("More than 200 schoolgirls were kidnapped in April, sparking a global campaign.\n"
            "Sources close to the negotiations said a deal was near.\n"
            "Sign up rates for the vaccine programme have fallen sharply since January.\n"
            "Follow-up tests showed no trace of the virus.\n"
            "Elsewhere on the grounds are six golf tee boxes and a lake.")
    result = clean(text)
    assert result.removed == []


def test_credit_lines_of_several_kinds():
    lines = {
        "The Associated Press contributed to this report.": "credit",
        "CNN's Holly Yan and Catherine E. Shoichet contributed to this report.": "credit",
        "Additional reporting by Constanze Letsch": "credit",
        "[Image via Getty]": "credit",
        "Sam Greenwood/Getty Images": "credit",
        "By Sylvia Westall": "credit",
        "This article originally appeared on The Verge.": "credit",
    }
    body = "The ceasefire held through the night, residents said.\n" + "\n".join(lines)
    result = clean(body)
    assert removed_reasons(result) == lines
    assert result.text == "The ceasefire held through the night, residents said."


def test_page_code_and_separators_and_foreign_words():
    text = ("The museum reopened on Tuesday after a two-year renovation.\n"
            "(function(d, s, id) { var js = d.createElement(s); js.id = id; }(document, 'script'));\n"
            "*  *  *\n"
            "Русский\n"
            "Visitors queued for hours to see the restored ceiling, the director said.")
    result = clean(text)
    assert [r.reason for r in result.removed] == ["code", "separator", "foreign-script"]
    assert len(result.paragraphs) == 2


def test_code_tail_is_cut_from_a_real_paragraph():
    para = "Among the victims were British aid workers David Haines and Alan Henning."
    text = para + '     //<![CDATA[ var randomNumber=Math.floor(Math.random()*11); $LAB.queueScript("w.js")'
    result = clean(text)
    assert result.text == para
    assert result.removed == [Removed(text='//<![CDATA[ var randomNumber=Math.floor(Math.random()*11); '
                                           '$LAB.queueScript("w.js")', reason="code")]


# --- text shape -----------------------------------------------------------------------------

def test_paragraph_offsets_and_byte_identical_lines():
    text = "  First paragraph here.  \r\n\r\n\r\nAdvertisement\r\nSecond   paragraph, with  spaces.\n\n"
    result = clean(text)
    assert result.text == "First paragraph here.\nSecond   paragraph, with  spaces."
    assert [result.text[a:b] for a, b in result.paragraphs] == [
        "First paragraph here.", "Second   paragraph, with  spaces."]
    assert result.paragraphs == [(0, 21), (22, 55)]


def test_empty_text():
    result = clean("")
    assert result.text == "" and result.removed == [] and result.paragraphs == []


# --- real data ------------------------------------------------------------------------------

def test_seed_article_block_and_glued_line_go_real_paragraphs_stay(shared):
    seed = next((shared / "seed").glob("*.txt"))
    gold = json.loads((shared / "gold" / "seed.gold.json").read_text("utf-8"))
    body = seed.read_text("utf-8").split("\n", 1)[1]          # first line is the headline
    result = clean(body)
    for must in gold["removed_must_include"]:
        assert any(must in r.text for r in result.removed), must
    for keep in gold["text_must_keep"]:
        assert keep in result.text, keep
    assert not any(keep in r.text for r in result.removed for keep in gold["text_must_keep"])


REPORTING_CLAUSE = re.compile(r" (said|says|told)[ .,]")


def test_fnc1_bodies_removals_are_small_and_never_reported_paragraphs(shared):
    csv.field_size_limit(1 << 30)
    total = cut = n_removed = 0
    reasons = set()
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        with open(shared / "data" / "fnc1" / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                body = row["articleBody"]
                result = clean(body)
                total += len(body)
                for r in result.removed:
                    cut += len(r.text)
                    n_removed += 1
                    reasons.add(r.reason)
                    is_report = re.search(r"[.!?][\"'”’]?$", r.text) and REPORTING_CLAUSE.search(r.text)
                    assert not is_report, f"body {row['Body ID']}: cut a reported paragraph: {r.text!r}"
                for a, b in result.paragraphs:
                    assert "\n" not in result.text[a:b]
    assert cut / total < 0.03                       # measured: about 1.2%
    assert n_removed > 800                          # measured: about 1,300 lines over 2,587 bodies
    assert {"related-headlines", "navigation", "credit", "promo", "ad", "code"} <= reasons


def test_embedded_posts_captions_and_headline_lists_are_cut():
    from claimledger.clean import clean
    body = ("The militia has used the truck in several attacks, local activists said on Monday.\n"
            "Fighters parade a captured pickup truck in Aleppo pic.twitter.com/AbC123xYz\n"
            "\u2014 Jane Analyst (@janeanalyst) December 15, 2014\n"
            "The company said it had sold the vehicle at auction in 2013.\n"
            "PHOTO: The truck as it appeared in a video posted online.\n"
            "Smith Family\n"
            "Officials said the investigation was continuing.\n"
            "Rebels Seize Border Crossing After Week of Fighting\n"
            "Government Promises Inquiry Into Missing Aid Convoy\n"
            "The ministry did not respond to a request for comment.")
    c = clean(body)
    reasons = {r.text: r.reason for r in c.removed}
    assert reasons["\u2014 Jane Analyst (@janeanalyst) December 15, 2014"] == "embed"
    assert reasons["PHOTO: The truck as it appeared in a video posted online."] == "caption"
    assert reasons["Smith Family"] == "credit"
    assert reasons["Rebels Seize Border Crossing After Week of Fighting"] == "related-headlines"
    for kept in ("local activists said on Monday", "sold the vehicle at auction", "investigation was continuing",
                 "did not respond to a request"):
        assert kept in c.text


# --- page clutter outside wire copy (issue 8), on the record from claimledger.analyze() ------

import pytest  # noqa: E402

import claimledger  # noqa: E402

CLUTTERED_PAGE = """\
Home  >  News  >  World
Storm floods coastal towns
MARIA LOPEZ, THE COASTAL HERALD
maria_lopez
Updated: Mar 3, 2024, 10:15 AM EST
4 Min Read
Rescue boats in a flooded street in the harbour district (Image credit: Getty Images)
Rescue boats in a flooded street in the harbour district (Image credit: Getty Images)
Flooding forced hundreds of families from their homes on Sunday, the regional government said. Image used for representational purposes.
Advertisement 2
{adslot}Rescuers said the water had risen by more than a metre in an hour.
The mayor told reporters that 8220;nobody will be left behind8221; in the clean-up.
Volunteers fill sandbags outside the town hall (PA)
Sign up to our daily newsletter
STAFF REPORTER
"We lost everything in twenty minutes," one resident said.
© The Coastal Herald 2024
Another town braces for more rain this week
"""


@pytest.fixture(scope="module")
def cluttered():
    return claimledger.analyze(CLUTTERED_PAGE, title="Storm floods coastal towns", published="2024-03-04")


def test_clutter_is_cut_with_its_reason(cluttered):
    reasons = {r.text: r.reason for r in cluttered.removed}
    assert reasons["Home  >  News  >  World"] == "navigation"
    assert reasons["Storm floods coastal towns"] == "headline"
    assert reasons["MARIA LOPEZ, THE COASTAL HERALD"] == "credit"
    assert reasons["maria_lopez"] == "credit"
    assert reasons["STAFF REPORTER"] == "credit"
    assert reasons["Updated: Mar 3, 2024, 10:15 AM EST"] == "timestamp"
    assert reasons["4 Min Read"] == "navigation"
    assert reasons["Volunteers fill sandbags outside the town hall (PA)"] == "caption"
    assert reasons["Image used for representational purposes."] == "caption"
    assert reasons["Advertisement 2"] == "ad"
    assert reasons["{adslot}"] == "ad"
    assert reasons["Sign up to our daily newsletter"] == "promo"
    assert reasons["Another town braces for more rain this week"] == "footer"
    captions = [r for r in cluttered.removed if r.text.startswith("Rescue boats")]
    assert len(captions) == 2                                  # the caption printed twice, both copies


def test_clutter_leaves_no_trace_in_text_claims_or_numbers(cluttered):
    text = cluttered.article.text
    for r in cluttered.removed:
        assert r.text not in text
    assert "8220;" not in text and "\u201cnobody will be left behind\u201d" in text
    assert not any(q.text.startswith("4") for q in cluttered.quantities)        # "4 Min Read"
    assert all("Getty" not in c.text and "Herald" not in c.text for c in cluttered.claims)


def test_reported_speech_is_never_cut(cluttered):
    text = cluttered.article.text
    for said in ("Flooding forced hundreds of families from their homes on Sunday, the regional government said.",
                 "Rescuers said the water had risen by more than a metre in an hour.",
                 "The mayor told reporters that",
                 "\"We lost everything in twenty minutes,\" one resident said."):
        assert said in text
    sources = {s.name.lower() for s in cluttered.sources}
    assert any("government" in s for s in sources) and any("mayor" in s for s in sources)


def test_a_photo_credit_with_a_copyright_sign_is_no_page_footer():
    page = ("Firefighters at the scene of the blaze on Sunday.\n"
            "\u00a9 Agency Photos/ J. Smith\n"
            "Brief analysis\n"
            "Officials have not said what caused the fire, which destroyed three warehouses.\n")
    result = clean(page)
    assert "Brief analysis" in result.text and "destroyed three warehouses" in result.text


def test_a_caption_printed_twice_keeps_the_sentence_it_came_from():
    page = ("Crowds gather outside the court before the verdict\n"
            "The jury returned its verdict after two days.\n"
            "Crowds gather outside the court before the verdict.\n")
    result = clean(page)
    assert result.text.splitlines() == ["The jury returned its verdict after two days.",
                                        "Crowds gather outside the court before the verdict."]


def test_an_outlet_credit_and_its_authors_are_a_byline():
    page = ("Reuters\n"
            "Jane Roe & John Doe\n"
            "The minister said the plan would go ahead in June.\n")
    result = clean(page)
    assert {r.text: r.reason for r in result.removed} == {"Reuters": "credit", "Jane Roe & John Doe": "credit"}
    assert result.text == "The minister said the plan would go ahead in June."


def test_icon_names_and_subscription_prompts_are_cut_but_short_answers_stay():
    text = ("Storm closes schools\n\n"
            "menu search close chevron-down\n\n"
            "Get all your news in one place.\n\n"
            "250's of premium titles.\n\n"
            "One app.\n\n"
            "Start reading\n\n"
            "Share 3 articles with friends each month when you subscribe.\n\n"
            "Schools across the county were closed on Monday as the storm brought down power lines.\n\n"
            "Will the schools reopen on Tuesday?\n\n"
            "No.\n\n"
            "The council will start reading the damage reports next week.")
    result = clean(text)
    reasons = removed_reasons(result)
    assert reasons["menu search close chevron-down"] == "navigation"
    for line in ("Get all your news in one place.", "250's of premium titles.", "One app.", "Start reading",
                 "Share 3 articles with friends each month when you subscribe."):
        assert reasons[line] == "promo", line
    assert "\nNo.\n" in result.text
    assert "start reading the damage reports" in result.text


# --- clutter variants (issue 8 audit): caption markers, sign-up and tip prompts, standfirsts --

def test_caption_markers_cut_the_caption_whatever_follows():
    page = ("Image caption Firefighters worked through the night to contain the blaze\n"
            "Firefighters battled a blaze at a warehouse on Tuesday, the fire brigade said.\n"
            "Image caption, Crews said the roof had collapsed within minutes.\n"
            "Media caption Watch: smoke over the city\n"
            "Pictured: the warehouse after the fire was put out\n"
            "The owner said the building had passed a safety inspection in May.")
    result = clean(page)
    reasons = removed_reasons(result)
    assert reasons == {"Image caption Firefighters worked through the night to contain the blaze": "caption",
                       "Image caption, Crews said the roof had collapsed within minutes.": "caption",
                       "Media caption Watch: smoke over the city": "caption",
                       "Pictured: the warehouse after the fire was put out": "caption"}
    assert result.text.splitlines() == [
        "Firefighters battled a blaze at a warehouse on Tuesday, the fire brigade said.",
        "The owner said the building had passed a safety inspection in May."]


def test_sign_up_and_tip_line_prompts_in_other_wordings():
    prompts = ["Want the best stories in your inbox? Sign up here.",
               "Enter your email address",
               "Get the headlines delivered to your inbox every morning",
               "Do you have a story? Email us at news@example.com",
               "Got a story? Contact our newsdesk"]
    page = ("Residents were evacuated after the river burst its banks, officials said.\n"
            + "\n".join(prompts) + "\n"
            "The council said its email inbox had been flooded with complaints about the delay.")
    result = clean(page)
    assert removed_reasons(result) == {p: "promo" for p in prompts}
    assert "flooded with complaints" in result.text


def test_a_standfirst_printed_again_in_the_body_is_cut_once():
    page = ("Plans for 12 miles of new cycle lanes across the city have been approved by the council.\n"
            "By Peter Grant, Transport Correspondent\n"
            "Plans for 12 miles of new cycle lanes across the city have been approved by the council, "
            "despite objections from some shop owners.\n"
            "Councillor Ann Lee said the lanes would make streets safer.")
    result = clean(page)
    reasons = removed_reasons(result)
    assert reasons["Plans for 12 miles of new cycle lanes across the city have been approved by the council."] \
        == "standfirst"
    assert result.text.count("Plans for 12 miles") == 1
    assert "despite objections from some shop owners" in result.text
    exact = ("Two men were arrested after a jewellery shop was raided on Saturday.\n"
             "The raid took place in broad daylight.\n"
             "Two men were arrested after a jewellery shop was raided on Saturday.")
    result = clean(exact)
    assert [r.reason for r in result.removed] == ["standfirst"]
    assert result.text.splitlines() == ["The raid took place in broad daylight.",
                                        "Two men were arrested after a jewellery shop was raided on Saturday."]


def test_a_sentence_repeated_deep_in_the_body_is_no_standfirst():
    paras = [f"Paragraph {n} of the report describes the damage in district number {n} of the city."
             for n in range(1, 5)]
    page = "\n".join(paras + [paras[3]])
    assert clean(page).removed == []


@pytest.mark.parametrize("line, reason", [
    ("Getty Images/iStockphoto", "credit"),
    ("Photograph: Anna Gordon/The Guardian", "credit"),
    ("Staff and agencies", "credit"),
    ("JANE DOE | Senior Reporter", "credit"),
    ("Jane Doe, Political Editor", "credit"),
    ("Newsletter sign-up: get the morning briefing", "promo"),
    ("Follow our live coverage here", "promo"),
    ("This article was amended on 5 March 2025 to correct the spelling of a name.", "note"),
    ("Advertisement - scroll to continue", "ad"),
    ("Video caption: Footage of the flood", "caption"),
    ("Share on WhatsApp", "navigation"),
    ("Copy link", "navigation"),
    ("Embedded video", "navigation"),
    ("From our correspondent", "credit"),
    ("Our Foreign Staff", "credit"),
    ("Telegraph Reporters", "credit"),
    ("Express News Service", "credit"),
    ("Press Association", "credit"),
    ("Jane Doe, The Times", "credit"),
    ("ANI | Updated: Jan 5, 2025 10:02 IST", "credit"),
    ("Jane Doe | Jan 5, 2025", "credit"),
])
def test_clutter_line_variants(line, reason):
    result = clean("Rescuers reached the stranded villagers on Sunday, the fire service said.\n" + line + "\n"
                   "The river is expected to peak on Tuesday, forecasters said.")
    assert removed_reasons(result) == {line: reason}
    assert len(result.paragraphs) == 2


def test_look_alikes_of_the_new_clutter_forms_stay():
    text = ("Advertisements for the new drug were banned by the regulator last year.\n"
            "Jane Doe is a senior reporter at the Daily Courier.\n"
            "Share prices fell on Monday as investors took fright.\n"
            "Agencies working in the region warned of a food crisis.")
    assert clean(text).removed == []


def test_a_title_above_a_picture_credit_is_the_pictures_title():
    page = ("A couple of days later, he received this note from one of his pupils:\n"
            "Letter to My Teacher\n"
            "Courtesy: Local News\n"
            "Dear Sir, thank you for the lessons this year.")
    assert removed_reasons(clean(page)) == {"Letter to My Teacher": "caption", "Courtesy: Local News": "credit"}


def test_the_line_leading_into_a_promo_for_the_same_brand_goes_with_it():
    page = ("The minister said the costings would be published next week.\n"
            "There's more to The Ledger than you think.\n"
            "Get more Ledger for just $99 a year.\n"
            "Subscribe now\n"
            "Critics said the delay was a sign of trouble.")
    reasons = removed_reasons(clean(page))
    assert reasons == {"There's more to The Ledger than you think.": "promo",
                       "Get more Ledger for just $99 a year.": "promo", "Subscribe now": "promo"}
    # a report naming the same outlet stays
    page = ("The Ledger revealed last week that you could be paying twice, the regulator said.\n"
            "Get more Ledger for just $99 a year.")
    assert list(removed_reasons(clean(page)).values()) == ["promo"]


def test_a_related_box_glued_onto_the_end_of_a_paragraph_is_cut_off_it():
    body = ("The council said it would close two libraries next year to save money.  "
            "RelatedBus fares rise again in the cityWhy the bypass was never built")
    result = clean(body)
    assert result.text == "The council said it would close two libraries next year to save money."
    assert removed_reasons(result) == {
        "RelatedBus fares rise again in the cityWhy the bypass was never built": "related-headlines"}
    # a camel-case name after a sentence is no header: the paragraph stays whole
    prose = "The council said it would close two libraries next year. McDonald said it was a shame."
    assert clean(prose).text == prose and clean(prose).removed == []


def test_a_caption_closed_by_a_picture_label_and_credit_is_cut():
    body = ("The minister visited the flooded town on Monday.\n"
            "Residents clear debris from a street in the town centre. Photo: Reuters\n"
            "The minister at a briefing in London. Picture: Jane Smith/PA\n"
            "She promised new funds for flood defences, officials said.")
    result = clean(body)
    assert result.text == ("The minister visited the flooded town on Monday.\n"
                           "She promised new funds for flood defences, officials said.")
    assert set(removed_reasons(result).values()) == {"caption"}
    # a label followed by a description, or a word that merely opens with "Photo", stays
    kept = ("Officials said the tower collapsed. Photo: the scene after the blast\n"
            "The singer arrived late. Photo opportunities were few.")
    assert clean(kept).text == kept


def test_a_caption_pointing_into_its_picture_is_cut():
    body = ("The council opened the new bridge on Saturday after two years of work.\n"
            "Celebration: The mayor (left) greets residents at the opening of the new bridge\n"
            "Rex (above) will be the first dog to cross the bridge on a lead\n"
            "Councillor Jane Smith (pictured) said the bridge had come in under budget.")
    result = clean(body)
    assert result.text == ("The council opened the new bridge on Saturday after two years of work.\n"
                           "Councillor Jane Smith (pictured) said the bridge had come in under budget.")
    assert set(removed_reasons(result).values()) == {"caption"}


def test_a_sponsored_teaser_under_a_special_label_is_promo():
    body = ("Surgeons removed the growth in a six-hour operation, the hospital said.\n"
            "Special: Doctors Reversing Hair Loss With One Vitamin\n"
            "Special correspondent Jane Doe said the patient was recovering well.")
    result = clean(body)
    assert removed_reasons(result) == {"Special: Doctors Reversing Hair Loss With One Vitamin": "promo"}
    assert result.text.endswith("Special correspondent Jane Doe said the patient was recovering well.")


def test_a_share_link_footer_with_its_dash_is_cut():
    body = ("The council confirmed the closure of the library on Friday.\n"
            "- See more at: http://example.org/news/library-closure/#sthash.AbC123.dpuf")
    result = clean(body)
    assert result.text == "The council confirmed the closure of the library on Friday."
    assert len(result.removed) == 1


def test_an_embedded_line_in_another_language_is_cut():
    body = ("The president said on Monday that she had become the boy's godmother.\n"
            "Fue un honor recibir hoy la visita de la familia en la casa de gobierno. Gracias por venir.\n"
            "The custom dates back more than a century, officials said.\n"
            "Ricardo Gómez, Ana María López and José Luis Fernández attended.")
    result = clean(body)
    assert removed_reasons(result) == {
        "Fue un honor recibir hoy la visita de la familia en la casa de gobierno. Gracias por venir.": "foreign-language"}
    assert "Ricardo Gómez, Ana María López and José Luis Fernández attended." in result.text


def test_a_caption_closed_by_a_credit_in_square_brackets_goes():
    body = ("The man was taken to hospital where doctors said his condition was critical.\n"
            "DUMPED: The bag was left in the road [CEN]\n"
            "Police said the attackers had not been found [sic].\n")
    result = clean(body)
    assert removed_reasons(result) == {"DUMPED: The bag was left in the road [CEN]": "caption"}
    assert "[sic]" in result.text


def test_a_blog_paragraph_tagged_with_its_source_in_brackets_stays():
    body = ("The studio is planning a second film about the company's founder.\n"
            "One film about him isn't news. Another one that doesn't disappoint would be. [Bloomberg]\n")
    result = clean(body)
    assert "Another one that doesn't disappoint" in result.text
