"""The public site in a real browser, as an anonymous reader goes through it: home -> claim -> speaker
-> measure -> search, by clicking links and typing into the search box, at 1280x800 and on a phone
(390x844). Every page passes axe-core with no serious or critical violation. Screenshots of each page
go to docs/ (UPDATE_SCREENSHOTS=1 make test)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.test_browser import SHOTS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

VIEWPORTS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}
AXE = Axe()


def serious_violations(page) -> list[str]:
    results = AXE.run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]  # fmt: skip


def check(page, name: str, width: str) -> None:
    """The page as the reader sees it: no serious accessibility fault, no horizontal scrolling, a screenshot."""
    assert serious_violations(page) == [], name
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
    page.screenshot(path=str(SHOTS / f"site-{name}-{width}.png"))


@pytest.mark.parametrize("width", VIEWPORTS)
def test_a_reader_goes_home_claim_speaker_measure_search(seeded_site, browser, width):
    context = browser.new_context(viewport=VIEWPORTS[width])
    page = context.new_page()
    page.goto(f"{seeded_site.url}/")
    assert page.locator("h1").inner_text() == "Latest fact checks"
    assert page.locator(".card").count() == 4
    check(page, "home", width)

    page.get_by_role("link", name="Over 300 of the detained immigrants were released by Thursday.").click()
    page.wait_for_selector(".verdict-box")
    assert page.locator(".verdict-line .verdict").inner_text() == "Accurate"
    assert "303" in page.locator(".explanation").inner_text()
    assert page.locator(".appearance mark").inner_text().startswith("Over 300 of the detained immigrants")
    check(page, "claim", width)

    page.get_by_role("link", name="A spokesperson for ICE").first.click()
    page.wait_for_selector(".scorecard")
    assert page.locator("h1").inner_text() == "A spokesperson for ICE"
    assert "Accurate" in page.locator(".scorecard").inner_text()
    check(page, "speaker", width)

    page.go_back()
    page.get_by_role("link", name="2019 Mississippi raids: detainees released").click()
    page.wait_for_selector("svg.chart")
    assert page.locator(".figures-table tbody tr").count() == 1
    assert "at most" in page.locator("main").inner_text()  # released <= detained
    check(page, "measure", width)

    page.get_by_label("Search claims").fill("released OR detained")
    page.get_by_label("Search claims").press("Enter")
    page.wait_for_selector(".cards")
    found = page.locator(".card-title").all_inner_texts()
    assert len(found) == 2 and all(("released" in t or "detained" in t) for t in found), found
    assert page.locator(".card-title mark").count() >= 2
    check(page, "search", width)
    context.close()
