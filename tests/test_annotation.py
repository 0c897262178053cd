"""The annotation view's page, guess and save, through Django's test client against PostgreSQL
(tests/test_browser.py drives the same view with the mouse)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from claims.models import Claim, Quote, Source, Speaker
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def staff_client(*groups: str) -> Client:
    user = UserFactory(is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def empty_copy(seeded):
    """The seed article's body on a source with no quote yet."""
    seed = Source.objects.get(slug="ice-workplace-raids-2019")
    return Source.objects.create(slug="ice-raids-unannotated", title=seed.title, body=seed.body)


def urls(source):
    return {name: reverse(f"admin:claims_source_annotate{suffix}", args=[source.pk])
            for name, suffix in [("page", ""), ("guess", "_guess"), ("save", "_save")]}  # fmt: skip


def test_the_page_marks_every_quote_and_offers_the_form_to_editors(seeded):
    source = Source.objects.get(slug="ice-workplace-raids-2019")
    page = staff_client("editor").get(urls(source)["page"]).content.decode()
    assert page.count('class="quote quote-') >= source.quotes.count()
    assert 'class="panel-form"' in page and "Save the quote" in page and 'id="quote-data"' in page
    assert (
        urls(source)["page"]
        in staff_client("editor").get(reverse("admin:claims_source_change", args=[source.pk])).content.decode()
    )  # the Source page links to it


def test_readers_without_a_role_to_add_quotes_see_the_marks_but_no_form(seeded):
    source = Source.objects.get(slug="ice-workplace-raids-2019")
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_source", "view_quote"]))
    client = Client()
    client.force_login(viewer)
    page = client.get(urls(source)["page"])
    assert page.status_code == 200 and 'class="panel-form"' not in page.content.decode()
    refused = client.post(urls(source)["save"], {"start": 0, "end": 3, "text": "The", "kind": "indirect"})
    assert refused.status_code == 403 and not Quote.objects.filter(text="The").exists()
    assert Client().get(urls(source)["page"]).status_code == 302  # anonymous: to the login page


@pytest.mark.parametrize(
    ("words", "kind", "speaker", "cue"),
    [("very good deterrent", "partial", "Donald Trump", "said"),
     ("You have to go in, you can’t let anybody know. Otherwise, when you get there, nobody will be there,",
      "direct", "Donald Trump", "told reporters"),
     ("the largest single-state immigration enforcement operation in our nation’s history.", "partial", "Mike Hurst",
      "called")],
)  # fmt: skip
def test_a_selection_comes_with_its_paragraph_and_the_extractors_guess(empty_copy, words, kind, speaker, cue):
    start = empty_copy.body.index(words)
    guess = staff_client("editor").get(urls(empty_copy)["guess"], {"start": start, "end": start + len(words)}).json()
    assert (guess["kind"], guess["speaker"]["name"], guess["cue"]) == (kind, speaker, cue)
    assert guess["speaker"]["id"] == Speaker.objects.get(name=speaker).pk
    before, selected, after = guess["paragraph"]
    assert selected == words and empty_copy.body[:start].endswith(before.lstrip("…"))
    assert "\n" not in before + after  # its own paragraph, no other


def test_a_selection_nothing_attributes_is_guessed_as_unattributed(empty_copy):
    words = "business audits and raids"
    start = empty_copy.body.index(words)
    guess = staff_client("editor").get(urls(empty_copy)["guess"], {"start": start, "end": start + 5}).json()
    assert guess["speaker"] is None or guess["kind"] == "indirect"


@pytest.mark.parametrize(
    "offsets", [{}, {"start": "x", "end": "3"}, {"start": 5, "end": 5}, {"start": 0, "end": 10**6}]
)
def test_a_guess_for_offsets_outside_the_body_is_a_400(empty_copy, offsets):
    response = staff_client("editor").get(urls(empty_copy)["guess"], offsets)
    assert response.status_code == 400 and "within the body" in response.json()["detail"]


def test_saving_answers_the_body_marked_again_and_the_quote(empty_copy):
    words = "very good deterrent"
    start = empty_copy.body.index(words)
    trump = Speaker.objects.get(slug="donald-trump")
    response = staff_client("editor").post(urls(empty_copy)["save"], {
        "start": start, "end": start + len(words), "text": words, "kind": "partial", "speaker": trump.pk, "cue": "said",
    })  # fmt: skip
    assert response.status_code == 200, response.content
    quote = Quote.objects.get(source=empty_copy)
    assert (quote.start, quote.end, quote.kind, quote.speaker, quote.review_status) == (
        start, start + len(words), "partial", trump, "confirmed")  # fmt: skip
    answer = response.json()
    assert answer["id"] == quote.pk and f'data-quotes="{quote.pk}"' in answer["body"]
    assert answer["quotes"][str(quote.pk)]["speaker"] == "Donald Trump"
    assert quote.history.first().history_change_reason.startswith("annotated by")


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [({"speaker": ""}, "speaker", "needs a speaker"),
     ({"text": "very good deterrents"}, "text", "must equal the body"),
     ({"end": 10**6}, "end", "after the end of the source body")],
)  # fmt: skip
def test_a_quote_that_breaks_a_rule_is_a_400_naming_the_field_and_nothing_is_saved(empty_copy, change, field, message):
    words = "very good deterrent"
    start = empty_copy.body.index(words)
    trump = Speaker.objects.get(slug="donald-trump")
    data = {"start": start, "end": start + len(words), "text": words, "kind": "direct", "speaker": trump.pk} | change
    response = staff_client("editor").post(urls(empty_copy)["save"], data)
    assert response.status_code == 400 and message in " ".join(response.json()["errors"][field])
    assert not Quote.objects.filter(source=empty_copy).exists()


def test_make_a_claim_from_a_quote_carries_its_hedged_numbers(seeded):
    quote = Quote.objects.get(source__slug="ice-workplace-raids-2019", text__startswith="following the recent raid")
    client = staff_client("editor")
    assert client.get(reverse("admin:claims_quote_make_claim", args=[quote.pk])).status_code == 405
    response = client.post(reverse("admin:claims_quote_make_claim", args=[quote.pk]))
    claim = Claim.objects.latest("created_at")
    assert response.status_code == 302 and response.url == reverse("admin:claims_claim_change", args=[claim.pk])
    assert (claim.text, claim.claimant, claim.status) == (quote.text, quote.speaker, "draft")
    assert list(claim.appearances.all()) == [quote]
    figures = {q.surface: (q.qualifier, q.interval.lower, q.interval.upper) for q in claim.quantities.all()}
    assert figures["almost 700"][0] == "almost" and figures["almost 700"][2] == 700
    assert figures["at least two"][:2] == ("at_least", 2) and figures["at least two"][2] is None


def test_only_roles_that_make_claims_may_make_one_from_a_quote(seeded):
    quote = Quote.objects.filter(source__slug="ice-workplace-raids-2019").first()
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_quote", "change_quote"]))
    client = Client()
    client.force_login(viewer)
    before = Claim.objects.count()
    assert client.post(reverse("admin:claims_quote_make_claim", args=[quote.pk])).status_code == 403
    assert Claim.objects.count() == before
    page = client.get(reverse("admin:claims_quote_change", args=[quote.pk])).content.decode()
    assert "Make a claim" not in page
    editor_page = staff_client("editor").get(reverse("admin:claims_quote_change", args=[quote.pk]))
    assert "Make a claim" in editor_page.content.decode()
