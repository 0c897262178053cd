"""The admin in a real browser: annotate from a selection, confirm suggestions, meet a conflict,
publish a review. Screenshots of the Source and Claim pages go to docs/."""

import os
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connections

from claims.ingest.seeding import load_seeds
from claims.models import Claim, Quote, Rating, Review, Source
from tests.factories import QuoteFactory, ReviewFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
# The README's screenshots are rewritten only on request (UPDATE_SCREENSHOTS=1 make test).
DOCS = Path(__file__).resolve().parent.parent / "docs"
SHOTS = DOCS if os.environ.get("UPDATE_SCREENSHOTS") else Path(tempfile.gettempdir())
PASSWORD = "correct-horse-battery"


@pytest.fixture
def seeded_site(request):
    # The live server answers each request in a thread of its own: close its connections after
    # every request, so none outlives the test database.
    kept = connections.settings["default"]["CONN_MAX_AGE"]
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    live_server = request.getfixturevalue("live_server")
    load_seeds()
    yield live_server
    connections.settings["default"]["CONN_MAX_AGE"] = kept


def staff(role: str):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


SELECT = """(target) => {
  const body = document.querySelector('.source-body');
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(target);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + target.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    }
  }
  return false;
}"""


def test_editor_creates_a_quote_from_a_selection(seeded_site, page):
    source = Source.objects.get(slug="ice-workplace-raids-2019")
    log_in(page, seeded_site, staff("editor"))
    page.goto(f"{seeded_site.url}/admin/claims/source/{source.pk}/change/")
    page.screenshot(path=str(SHOTS / "source-page.png"), full_page=True)
    target = "The conversation was confirmed by a senior immigration official"
    assert page.evaluate(SELECT, target)
    page.click("text=Quote the selection")
    page.wait_for_url("**/quote/add/**")
    assert page.input_value("#id_text") == target
    page.click("input[name=_save]")
    page.wait_for_selector("text=was added successfully")
    quote = Quote.objects.get(text=target)
    assert (quote.start, quote.end) == (source.body.index(target), source.body.index(target) + len(target))
    assert quote.prefix == source.body[quote.start - 32 : quote.start]


def test_editor_confirms_a_suggestion(seeded_site, page):
    suggestion = QuoteFactory(review_status="suggested", extracted_by="rule:1")
    log_in(page, seeded_site, staff("editor"))
    page.goto(f"{seeded_site.url}/admin/claims/quote/?review_status__exact=suggested")
    page.check(f"input[name=_selected_action][value='{suggestion.pk}']")
    page.select_option("select[name=action]", "confirm_suggestions")
    page.click("button[name=index]")
    page.wait_for_selector("text=1 quote(s) confirmed")
    assert Quote.objects.get(pk=suggestion.pk).review_status == "confirmed"


def test_second_editor_gets_a_conflict_and_overwrites_nothing(seeded_site, browser):
    claim = Claim.objects.get(text__startswith="Almost 700")
    url = f"{seeded_site.url}/admin/claims/claim/{claim.pk}/change/"
    pages = []
    for role in ("editor", "editor"):
        context = browser.new_context()
        page = context.new_page()
        log_in(page, seeded_site, staff(role))
        page.goto(url)
        pages.append(page)
    first, second = pages
    first.screenshot(path=str(SHOTS / "claim-page.png"), full_page=True)
    first.fill("#id_text", "Almost 700 people were detained, the official said.")
    first.click("input[name=_save]")
    first.wait_for_selector("text=was changed successfully")
    second.fill("#id_text", "A competing edit.")
    second.click("input[name=_save]")
    second.wait_for_selector("text=changed since you opened it")
    claim.refresh_from_db()
    assert claim.text == "Almost 700 people were detained, the official said."


def test_reviewer_publishes_a_review(seeded_site, page):
    claim = Claim.objects.get(text__startswith="Over 300")
    rating = Rating.objects.get(scale__slug="accuracy-five-point", slug="accurate")
    review = ReviewFactory(claim=claim, rating=rating, explanation="ICE's own figures agree.")
    log_in(page, seeded_site, staff("reviewer"))
    page.goto(f"{seeded_site.url}/admin/claims/review/")
    page.check(f"input[name=_selected_action][value='{review.pk}']")
    page.select_option("select[name=action]", "publish_reviews")
    page.click("button[name=index]")
    page.wait_for_selector("text=Published the review")
    assert Review.objects.get(pk=review.pk).status == "published"


# Every page an editor or reviewer works in, at the width of a laptop: nothing scrolls sideways,
# neither the page nor a box inside it (Django's lists scroll inside their own box when too wide).
WIDE = """() => [document.documentElement, ...document.querySelectorAll('body *')]
  .filter(e => e === document.documentElement
    ? e.scrollWidth > e.clientWidth + 1
    : e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
  .map(e => `${e.tagName.toLowerCase()}.${e.className} ${e.scrollWidth}px in ${e.clientWidth}px`)"""


def test_admin_lists_and_pages_fit_1280_px_without_scrolling_sideways(seeded_site, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, seeded_site, staff("reviewer"))
    source, claim = Source.objects.get(slug="ice-workplace-raids-2019"), Claim.objects.get(text__startswith="Over 300")
    quote = Quote.objects.filter(source=source, kind="direct").first()
    ReviewFactory(claim=claim, rating=Rating.objects.get(scale__slug="accuracy-five-point", slug="accurate"))
    paths = ["/admin/", *(f"/admin/claims/{model}/" for model in
                          ["source", "quote", "claim", "quantity", "review", "speaker", "measure", "rating"]),
             f"/admin/claims/source/{source.pk}/change/", f"/admin/claims/quote/{quote.pk}/change/",
             f"/admin/claims/claim/{claim.pk}/change/", f"/admin/claims/review/{claim.reviews.get().pk}/change/",
             "/admin/claims/quote/add/", "/admin/claims/claim/add/"]  # fmt: skip
    too_wide = {}
    for path in paths:
        page.goto(seeded_site.url + path)
        assert page.locator("#content").count() == 1, path
        if wide := page.evaluate(WIDE):
            too_wide[path] = wide
    assert too_wide == {}
