"""End to end in a real browser: the server on 127.0.0.1 (uvicorn in a thread, a free port)
and Debian's Chromium driven by playwright-python (never a downloaded browser).

One ledger for the module: the three ferry articles of tests/fixtures/story through
`claimledger ingest`, then (through the API, store=true) the seed article and a hostile one.
Screenshots go to $CLAIMLEDGER_SCREENSHOTS or a temporary folder printed in the output."""
from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from test_web_support import CHROMIUM, CHROMIUM_ARGS, LiveServer, screenshot_dir

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent (apt-get install chromium)"),
]

FIXTURES = Path(__file__).parent / "fixtures" / "story"
SEED = "seed/000_3a650b3a81bb68ae.txt"

HOSTILE_TITLE = "<script>window.__pwned='title'; alert('title')</script>Bridge <b>closed</b>"
HOSTILE_TEXT = (
    "Bridge closed after crack found\n"
    "City engineers confirmed on Monday that a crack had been found in the Elm Street bridge "
    "<script>window.__pwned = 'text'; alert('text')</script> and that it would stay closed.\n"
    "The mayor said <img src=x onerror=\"window.__pwned='img'; alert('img')\"> repairs could take "
    "three weeks, according to a statement.\n"
    "Residents can read <a href=\"javascript:window.__pwned='link'\">the notice</a> at the town hall.\n"
    "</script><script>window.__pwned='breakout'</script> The council denied that the bridge had been unsafe.\n"
    "The council denied that the bridge had been unsafe for years, and officials said it would reopen in May."
)


@pytest.fixture(scope="module")
def screens():
    folder = screenshot_dir()
    print(f"\nscreenshots in {folder}")
    return folder


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    from claimledger.cli import main
    from claimledger.web.app import create_app
    url = f"sqlite:///{tmp_path_factory.mktemp('web-browser') / 'ledger.db'}"
    assert main(["ingest", str(FIXTURES), "--db", url, "--workers", "1", "--no-progress"]) == 0
    with LiveServer(create_app(url)) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()


def store(live, **article) -> dict:
    response = httpx.post(f"{live.url}/api/analyze", params={"store": "true"}, json=article, timeout=300)
    assert response.status_code == 200, response.text
    return response.json()


def test_seed_article_page_and_a_claims_card(live, page, screens, shared):
    record = store(live, text=(shared / SEED).read_text(encoding="utf-8"), published="2024-10-24")
    claims = record["claims"]
    assert len(claims) >= 10
    page.goto(f"{live.url}/articles/{record['article']['id']}")
    assert page.locator("h1").inner_text() == record["article"]["title"]
    # every claim is highlighted, focusable once, and labelled with its status in words
    assert page.locator("mark.claim[tabindex='0']").count() == len(claims)
    for claim in claims[:5]:
        mark = page.locator(f"mark#{claim['id']}")
        assert claim["status"] in mark.locator(".tag").inner_text().lower()
        assert f"st-{claim['status']}" in mark.get_attribute("class")
    assert page.locator(".legend li").count() == len({c["status"] for c in claims})
    # keyboard: Tab moves from link to claim; the first claim reached opens its card
    page.locator("a:has-text('record (JSON)')").focus()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "MARK":
            break
    focused = page.evaluate("document.activeElement.id")
    assert focused in {c["id"] for c in claims}
    assert page.locator(f"#card-{focused}").is_visible()
    attributed = next(c for c in claims if c["source"])
    source = next(s for s in record["sources"] if s["id"] == attributed["source"])
    page.locator(f"mark#{attributed['id']}").focus()
    card = page.locator(f"#card-{attributed['id']}")
    assert card.is_visible()
    assert source["name"] in card.inner_text()
    assert attributed["status"] in card.inner_text().lower()
    page.screenshot(path=str(screens / "ui-article.png"))
    # hovering another claim opens its card instead
    other = claims[-1]
    page.locator(f"mark#{other['id']}").hover()
    assert page.locator(f"#card-{other['id']}").is_visible()
    assert not card.is_visible()
    page.keyboard.press("Escape")
    assert not page.locator(f"#card-{other['id']}").is_visible()


def test_story_page_draws_the_estimates_chart(live, page, screens):
    stories = httpx.get(f"{live.url}/api/stories").json()["items"]
    ferry = next(s for s in stories if len(s["articles"]) == 3)
    page.goto(f"{live.url}/stories/{ferry['id']}")
    assert page.locator(".timeline li").count() == 3
    charts = page.locator("svg.estimates-chart")
    assert charts.count() >= 1
    # the death toll's chart: its points are the three days' tolls, from several sources
    toll = charts.first
    points = toll.locator("circle")
    assert points.count() >= 3
    values = {float(points.nth(i).get_attribute("data-value")) for i in range(points.count())}
    assert {14.0, 30.0, 17.0} <= values
    denied = {float(points.nth(i).get_attribute("data-value")) for i in range(points.count())
              if points.nth(i).get_attribute("data-status") == "denied"}
    assert denied == {30.0}  # the governor denies the fishermen's toll: drawn hollow
    dates = {points.nth(i).get_attribute("data-date") for i in range(points.count())}
    assert dates == {"2026-03-02", "2026-03-03", "2026-03-04"}
    assert page.locator("figure.chart").first.locator(".chart-legend li").count() >= 2  # a colour per source
    assert page.locator("h4.stance-denies").count() >= 1  # the governor's denial
    page.screenshot(path=str(screens / "ui-story.png"), full_page=True)
    detail = httpx.get(f"{live.url}/api/stories/{ferry['id']}").json()
    positions = [p for c in detail["clusters"] for p in c["positions"]]
    assert {"confirms", "denies"} <= {p["stance"] for p in positions}
    # a source's page: what it said, by status, with its chart over time
    page.click("h4.stance-denies + ul a[href^='/sources/']")
    assert page.locator("h1").inner_text() == "Elena Marquez"
    assert page.locator("svg.status-chart rect").count() >= 1
    assert "denied" in page.locator(".bystatus").inner_text().lower()


def test_paste_an_article_on_the_analyze_page(live, page, screens):
    page.goto(f"{live.url}/analyze")
    page.fill("#text", "Dam repairs to cost more than planned\n"
                       "The regional water board confirmed on Tuesday that repairs to the Holm dam would "
                       "cost about 40 million euros.\nLocal farmers said the work could flood their fields.")
    page.fill("#published", "2025-06-03")
    page.click("button[type=submit]:has-text('Analyze')")
    page.wait_for_selector("mark.claim")
    assert page.locator("h1").inner_text() == "Dam repairs to cost more than planned"
    assert "not stored" in page.locator(".notice").inner_text()
    assert page.locator("mark.claim[tabindex='0']").count() >= 2
    assert page.locator("mark.claim.st-confirmed").count() >= 1
    page.screenshot(path=str(screens / "ui-analyze.png"), full_page=True)
    # a saved web page, uploaded
    page.goto(f"{live.url}/analyze")
    saved = ("<html><head><title>Levee breach floods village</title></head><body><article>"
             "<h1>Levee breach floods village</h1><p>The county emergency office confirmed on Sunday that a "
             "levee had failed north of Millbrook and that about 200 homes were flooded.</p>"
             "<p>Residents said the water rose within an hour.</p></article></body></html>")
    page.set_input_files("#file", files=[{"name": "levee.html", "mimeType": "text/html", "buffer": saved.encode()}])
    page.click("button[type=submit]:has-text('Analyze')")
    page.wait_for_selector("mark.claim")
    assert page.locator("h1").inner_text() == "Levee breach floods village"
    assert "200 homes" in page.locator(".cards").text_content()


def test_hostile_article_renders_inert(live, page, screens):
    record = store(live, text=HOSTILE_TEXT, title=HOSTILE_TITLE, url="javascript:window.__pwned='url'")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    response = page.goto(f"{live.url}/articles/{record['article']['id']}")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    page.wait_for_load_state("load")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    # the markup is shown as text, not run
    assert "<script>" in page.locator("h1").inner_text()
    page.click("details.removed summary")  # the removed lines, collapsed until asked for
    assert "onerror=" in page.locator("details.removed").inner_text()
    assert page.locator("main script:not([type='application/json'])").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("main img").count() == 0
    # the same markup pasted as HTML on the analyze page is inert too
    page.goto(f"{live.url}/analyze")
    page.fill("#text", f"<html><head><title>{HOSTILE_TITLE}</title></head><body><p>{HOSTILE_TEXT}</p></body></html>")
    page.click("button[type=submit]:has-text('Analyze')")
    page.wait_for_selector("h1")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert dialogs == []
    page.screenshot(path=str(screens / "ui-hostile.png"), full_page=True)


def test_pages_reflow_on_a_phone(live, browser, screens):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    phone = context.new_page()
    try:
        article = httpx.get(f"{live.url}/api/articles").json()["items"][0]["id"]
        story = httpx.get(f"{live.url}/api/stories").json()["items"][0]["id"]
        for path in ("/", "/stories", f"/stories/{story}", f"/articles/{article}", "/search?q=ferry", "/analyze", "/alerts"):
            phone.goto(f"{live.url}{path}")
            overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
        phone.screenshot(path=str(screens / "ui-phone-search.png"), full_page=True)
    finally:
        context.close()
