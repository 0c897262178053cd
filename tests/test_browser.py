"""The admin in a real browser: annotate from a selection, confirm suggestions, meet a conflict,
publish a review. Screenshots of the Source and Claim pages go to docs/."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from claims.models import Claim, Quote, Rating, Review, Source, Speaker
from tests.factories import ClaimFactory, QuoteFactory, ReviewFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
# The README's screenshots are rewritten only on request (UPDATE_SCREENSHOTS=1 make test).
DOCS = Path(__file__).resolve().parent.parent / "docs"
SHOTS = DOCS if os.environ.get("UPDATE_SCREENSHOTS") else Path(tempfile.gettempdir())
PASSWORD = "correct-horse-battery"


def staff(role: str):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def type_into(page, selector: str, text: str) -> None:
    """Click into a field, select what it holds and type over it, as a person does."""
    page.click(selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/admin/login/")
    type_into(page, "#id_username", user.username)
    type_into(page, "#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


# Where the body's characters are on screen (read from the layout; the test then moves the mouse
# there as a person would: nothing is selected or filled in by script).
CHARACTER_BOX = """([from, to]) => {
  const body = document.querySelector('.source-body');
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  let seen = 0, range = document.createRange(), started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const chars = Array.from(node.data), units = (n) => chars.slice(0, n).join('').length;
    if (!started && from < seen + chars.length) { range.setStart(node, units(from - seen)); started = true; }
    if (started && to <= seen + chars.length) { range.setEnd(node, units(to - seen)); break; }
    seen += chars.length;
  }
  const box = range.getClientRects()[0];
  return {left: box.left, right: box.right, top: box.top, bottom: box.bottom};
}"""


def drag_over(page, body: str, text: str, *, trailing: str = " ") -> None:
    """Press at the first letter of `text` in the body, move, and release after its last letter
    and the `trailing` characters after it, as a hand does."""
    start = body.index(text + trailing)
    drag_between(page, start, start + len(text + trailing))


def drag_between(page, start: int, end: int) -> None:
    """Press at the body's character `start`, move, release after the character before `end` (the
    wheel first scrolls the words into view, as a hand does)."""
    first = page.evaluate(CHARACTER_BOX, [start, start + 1])
    height = page.viewport_size["height"]
    if first["top"] < 0 or page.evaluate(CHARACTER_BOX, [end - 1, end])["bottom"] > height:
        scrolled = page.evaluate("window.scrollY")
        page.mouse.move(page.viewport_size["width"] / 3, height / 2)
        page.mouse.wheel(0, first["top"] - height / 4)
        page.wait_for_function(f"() => window.scrollY !== {scrolled}")
        first = page.evaluate(CHARACTER_BOX, [start, start + 1])
    last = page.evaluate(CHARACTER_BOX, [end - 1, end])
    page.mouse.move(first["left"] + 1, (first["top"] + first["bottom"]) / 2)
    page.mouse.down()
    page.mouse.move(last["right"] - 1, (last["top"] + last["bottom"]) / 2, steps=12)
    page.mouse.up()


def pick_speaker(page, name: str) -> None:
    page.click(".field-speaker .select2-selection")
    page.keyboard.type(name.split()[-1])
    page.click(f".select2-results__option:has-text('{name}')")


def test_editor_quotes_a_sentence_inside_another_with_the_mouse(seeded_site, page):
    page.set_viewport_size({"width": 1400, "height": 1000})
    source = Source.objects.get(slug="ice-workplace-raids-2019")
    outer = Quote.objects.get(source=source, text__startswith="You have to go in")
    log_in(page, seeded_site, staff("editor"))
    page.goto(f"{seeded_site.url}/admin/claims/source/{source.pk}/change/")
    page.locator(".source-body").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "source-page.png"), full_page=True)
    body_top = page.locator(".source-body").bounding_box()["y"]
    target = "you can’t let anybody know."
    drag_over(page, source.body, target)  # the trailing space comes with the drag
    assert page.locator(".source-body").bounding_box()["y"] == body_top  # the toolbar moved nothing
    page.get_by_role("button", name="Quote the selection").click()
    page.wait_for_url("**/quote/add/**")
    assert page.input_value("#id_text") == target
    pick_speaker(page, "Donald Trump")
    page.click("input[name=_save]")
    page.wait_for_selector("text=was added successfully")
    quote = Quote.objects.get(text=target)
    assert (quote.start, quote.end) == (source.body.index(target), source.body.index(target) + len(target))
    assert quote.speaker.name == "Donald Trump" and quote.kind == "direct"
    page.goto(f"{seeded_site.url}/admin/claims/source/{source.pk}/change/")
    inner = page.locator(f"mark[data-quotes^='{quote.pk} ']")
    assert inner.inner_text() == target and inner.get_attribute("data-quotes") == f"{quote.pk} {outer.pk}"
    assert "quote-depth-2" in inner.get_attribute("class")
    inner.click()  # a click on a mark opens its quote
    page.wait_for_url(f"**/quote/{quote.pk}/change/")


def test_editor_annotates_the_seed_articles_quotations_from_an_empty_source_with_the_mouse(seeded_site, page):
    """The six quotations of the seed article (three direct, three partial), each with a drag, a
    click, a speaker when the guess is wrong, and Save: the same offsets, kinds and speakers as the
    curated annotation."""
    page.set_viewport_size({"width": 1280, "height": 800})
    seed = Source.objects.get(slug="ice-workplace-raids-2019")
    curated = list(seed.quotes.filter(kind__in=["direct", "partial"]).select_related("speaker").order_by("start"))
    assert len(curated) == 6
    empty = Source.objects.create(slug="ice-raids-unannotated", title=seed.title, body=seed.body)
    log_in(page, seeded_site, staff("editor"))
    page.goto(f"{seeded_site.url}/admin/claims/source/{empty.pk}/change/")
    page.click("text=Annotate")
    page.wait_for_selector(".annotation .source-body")
    actions_per_quote = []
    for quote in curated:
        # The hand runs past the last letter: over the closing quotation mark and the space after it.
        end = quote.end + len(re.match(r"[”\"]? ?", empty.body[quote.end :]).group())
        drag_between(page, quote.start, end)
        page.get_by_role("button", name="Quote the selection").click()
        page.wait_for_selector(".panel-form:not([hidden]) .selection-in-paragraph mark")
        actions = 2
        if page.inner_text(".field-speaker .select2-selection__rendered").strip("×\n ") != quote.speaker.name:
            pick_speaker(page, quote.speaker.name)
            actions += 2
        if page.input_value("#id_kind") != quote.kind:
            page.select_option("#id_kind", quote.kind)
            actions += 1
        page.click("text=Save the quote")
        page.wait_for_selector(".quote-saved")
        actions_per_quote.append(actions + 1)
        saved = empty.quotes.latest("created_at")
        assert page.locator(f"mark[data-quotes~='{saved.pk}']").count() >= 1  # highlighted, with no reload
    made = [(q.start, q.end, q.kind, q.speaker.slug) for q in empty.quotes.select_related("speaker").order_by("start")]
    assert made == [(q.start, q.end, q.kind, q.speaker.slug) for q in curated]
    assert max(actions_per_quote) <= 5, actions_per_quote
    page.mouse.wheel(0, -10_000)  # back to the top, and open the first quote beside the text
    page.wait_for_function("() => window.scrollY === 0")
    page.locator(f"mark[data-quotes~='{empty.quotes.order_by('start')[0].pk}']").first.click()
    page.wait_for_selector(".panel-quote:not([hidden]) blockquote")
    page.screenshot(path=str(SHOTS / "annotation-view.png"))


def test_a_quote_inside_another_is_made_and_opened_beside_the_text(seeded_site, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    source = Source.objects.get(slug="ice-workplace-raids-2019")
    outer = Quote.objects.get(source=source, text__startswith="You have to go in")
    log_in(page, seeded_site, staff("editor"))
    page.goto(f"{seeded_site.url}/admin/claims/source/{source.pk}/annotate/")
    target = "you can’t let anybody know."
    drag_over(page, source.body, target)
    page.get_by_role("button", name="Quote the selection").click()
    page.wait_for_selector(".panel-form:not([hidden]) .selection-in-paragraph mark")
    assert page.inner_text(".selection-in-paragraph mark") == target
    assert page.inner_text(".selection-in-paragraph").startswith("On Friday, he told reporters")  # its paragraph
    pick_speaker(page, "Donald Trump")  # the speaker chosen by hand, over the guess
    page.click("text=Save the quote")
    page.wait_for_selector(".quote-saved")
    quote = Quote.objects.get(source=source, text=target)
    inner = page.locator(f"mark[data-quotes^='{quote.pk} ']")
    assert inner.inner_text() == target and inner.get_attribute("data-quotes") == f"{quote.pk} {outer.pk}"
    assert "quote-depth-2" in inner.get_attribute("class")
    page.locator(f"mark[data-quotes='{outer.pk}']").first.click()  # the outer quote opens beside the text
    assert page.inner_text(".panel-quote blockquote").startswith("“You have to go in")
    assert page.url.endswith("/annotate/")


def test_a_claim_made_from_a_quote_carries_its_hedged_quantity(seeded_site, page):
    source = Source.objects.get(slug="ice-workplace-raids-2019")
    quote = Quote.objects.get(source=source, text__startswith="following the recent raid")
    log_in(page, seeded_site, staff("editor"))
    page.goto(f"{seeded_site.url}/admin/claims/source/{source.pk}/annotate/")
    page.locator(f"mark[data-quotes='{quote.pk}']").first.click()
    page.click(".panel-quote >> text=Make a claim")
    page.wait_for_selector("text=Draft claim made from the quote")
    claim = Claim.objects.latest("created_at")
    assert page.url.endswith(f"/claim/{claim.pk}/change/")
    assert (claim.claimant, list(claim.appearances.all()), claim.status) == (quote.speaker, [quote], "draft")
    almost = claim.quantities.get(surface="almost 700")
    assert (almost.qualifier, almost.interval.upper, almost.interval.upper_inc) == ("almost", 700, False)
    surface = page.locator("input[name$=-surface][value='almost 700']")  # on the Claim page, to check
    assert surface.count() == 1
    row = surface.locator("xpath=ancestor::tr")
    assert row.locator("select[name$=-qualifier]").input_value() == "almost" and "[630, 700)" in row.inner_text()


def test_the_review_queue_lists_claims_waiting_longest_first(seeded_site, page):
    from claims.services import claim_transition

    page.set_viewport_size({"width": 1280, "height": 800})
    editor = staff("editor")
    official, ice = (
        Speaker.objects.get(slug="senior-immigration-official"),
        Speaker.objects.get(slug="ice-spokesperson"),
    )
    waiting = [ClaimFactory(text="Almost 700 undocumented immigrants were detained in the Mississippi raid.",
                            claimant=official, status="draft"),
               ClaimFactory(text="Over 300 of the detained immigrants were released by Thursday.", claimant=ice,
                            status="draft")]  # fmt: skip
    for claim in waiting:
        claim_transition(claim=claim, to_status="in_review", user=editor, note="Figures to check against ICE's.")
    log_in(page, seeded_site, staff("reviewer"))
    page.goto(f"{seeded_site.url}/admin/claims/claiminreview/")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2 and editor.username in rows.first.inner_text()
    assert waiting[0].text[:30] in rows.first.inner_text()
    page.screenshot(path=str(SHOTS / "review-queue.png"))


def test_a_selection_is_trimmed_and_snapped_to_whole_words(seeded_site, page):
    source = Source.objects.get(slug="ice-workplace-raids-2019")
    log_in(page, seeded_site, staff("editor"))
    page.goto(f"{seeded_site.url}/admin/claims/source/{source.pk}/change/")
    page.locator(".source-body").scroll_into_view_if_needed()
    words = "conversation was confirmed by a senior immigration official"
    at = source.body.index(words)
    first = page.evaluate(CHARACTER_BOX, [at + 3, at + 4])  # press inside the first word: "con|versation"
    last = page.evaluate(CHARACTER_BOX, [at + len(words) - 4, at + len(words) - 3])  # release inside the last
    page.mouse.move(first["left"] + 1, (first["top"] + first["bottom"]) / 2)
    page.mouse.down()
    page.mouse.move(last["right"] - 1, (last["top"] + last["bottom"]) / 2, steps=12)
    page.mouse.up()
    page.get_by_role("button", name="Quote the selection").click()
    page.wait_for_url("**/quote/add/**")
    assert page.input_value("#id_text") == words
    assert page.input_value("#id_start") == str(at) and page.input_value("#id_end") == str(at + len(words))


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
    # Not the wording: this claim has a published verdict, which only a reviewer's correction rewords.
    type_into(first, "#id_checkworthiness", "0.95")
    first.click("input[name=_save]")
    first.wait_for_selector("text=was changed successfully")
    type_into(second, "#id_checkworthiness", "0.1")
    second.click("input[name=_save]")
    second.wait_for_selector("text=changed since you opened it")
    claim.refresh_from_db()
    assert claim.checkworthiness == 0.95


def test_reviewer_rates_on_one_scale_with_evidence_rows_and_the_claim_shows_the_verdict(seeded_site, page):
    page.set_viewport_size({"width": 1280, "height": 800})
    claim = Claim.objects.get(text__startswith="Over 300")
    claim.reviews.all().delete()  # the seeds' verdict: this claim is rated here from scratch
    log_in(page, seeded_site, staff("reviewer"))
    page.goto(f"{seeded_site.url}/admin/claims/claim/{claim.pk}/change/")
    assert page.locator(".verdict").inner_text() == "No published verdict yet."
    page.click("text=Add a review")
    page.select_option("#id_scale", label="Six-level truth scale")  # a click on the list and on the option
    offered = page.eval_on_selector_all("#id_rating option:not([hidden])", "os => os.map(o => o.textContent)")
    assert offered[1:] == [r.label for r in Rating.objects.filter(scale__slug="truth-six-level").order_by("value")]
    page.select_option("#id_rating", label="Mostly True")
    page.click("#id_explanation")
    page.keyboard.type("ICE said 303 of about 680 people arrested were released; the article says over 300.")
    evidence = [("https://www.ice.gov/news/2019-mississippi", "ICE statement", "303 were released", "2019-08-09"),
                ("https://www.cnn.com/2019/08/ice-raids", "CNN report", "more than 300", "2019-08-10")]  # fmt: skip
    for row, values in enumerate(evidence):
        for column, value in zip(["url", "title", "excerpt", "accessed_on"], values, strict=True):
            page.click(f"input[name=evidence-{row}-{column}]")
            page.keyboard.type(value)
    page.click("input[name=_save]")
    page.wait_for_selector("text=was added successfully")
    review = claim.reviews.get()
    assert [row["title"] for row in review.evidence] == ["ICE statement", "CNN report"]
    assert review.evidence[0] == dict(zip(["url", "title", "excerpt", "accessed_on"], evidence[0], strict=True))
    page.check(f"input[name=_selected_action][value='{review.pk}']")
    page.select_option("select[name=action]", "publish_reviews")
    page.click("button[name=index]")
    page.wait_for_selector("text=Published the review")
    page.goto(f"{seeded_site.url}/admin/claims/claim/{claim.pk}/change/")
    assert page.locator(".verdict").inner_text().startswith("Verdict: Mostly True on Six-level truth scale")
    page.screenshot(path=str(SHOTS / "claim-verdict.png"))  # 1280×800: the claim and its verdict in view


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
             f"/admin/claims/source/{source.pk}/change/", f"/admin/claims/source/{source.pk}/annotate/",
             f"/admin/claims/quote/{quote.pk}/change/", "/admin/claims/claiminreview/",
             f"/admin/claims/claim/{claim.pk}/change/", f"/admin/claims/review/{claim.reviews.latest('id').pk}/change/",
             "/admin/claims/quote/add/", "/admin/claims/claim/add/"]  # fmt: skip
    too_wide = {}
    for path in paths:
        page.goto(seeded_site.url + path)
        assert page.locator("#content").count() == 1, path
        if wide := page.evaluate(WIDE):
            too_wide[path] = wide
    assert too_wide == {}
