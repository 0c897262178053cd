"""Claim and review workflow by role: transitions recorded, publication rules, visible corrections."""

import html
import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Claim, ClaimStatusChange, Rating, Review
from tests.factories import ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def move(client, claim, status, tag="*"):
    return client.post(f"/api/claims/{claim.id}/transition/", {"status": status}, format="json", HTTP_IF_MATCH=tag)


def test_editor_sends_to_review_reviewer_publishes(editor_client, reviewer_client, editor, reviewer):
    claim = ClaimFactory(status="draft")
    assert move(editor_client, claim, "in_review").status_code == 200
    assert move(editor_client, claim, "published").status_code == 403
    response = move(reviewer_client, claim, "published")
    assert response.status_code == 200 and response.json()["status"] == "published"
    changes = list(ClaimStatusChange.objects.filter(claim=claim).values_list("from_status", "to_status", "changed_by"))
    assert changes == [("draft", "in_review", editor.pk), ("in_review", "published", reviewer.pk)]


def test_transitions_follow_the_workflow(reviewer_client):
    claim = ClaimFactory(status="draft")
    response = move(reviewer_client, claim, "archived")
    assert response.status_code == 409 and "can go to: in_review" in str(response.json())
    assert move(reviewer_client, claim, "sideways").status_code == 400


def test_transitions_need_if_match_and_a_current_one(editor_client):
    claim = ClaimFactory(status="draft")
    assert editor_client.post(f"/api/claims/{claim.id}/transition/", {"status": "in_review"},
                              format="json").status_code == 428  # fmt: skip
    Claim.objects.get(pk=claim.pk).save()
    assert move(editor_client, claim, "in_review", tag='"1"').status_code == 412
    assert Claim.objects.get(pk=claim.pk).status == "draft"


def test_status_cannot_be_set_by_a_plain_write(editor_client):
    claim = ClaimFactory(status="draft")
    response = editor_client.patch(f"/api/claims/{claim.id}/", {"status": "published"}, format="json",
                                   HTTP_IF_MATCH="*")  # fmt: skip
    assert response.status_code == 200
    assert Claim.objects.get(pk=claim.pk).status == "draft"
    created = editor_client.post("/api/claims/", {"text": "New.", "status": "published"}, format="json")
    assert created.json()["status"] == "draft"


def test_anonymous_clients_never_see_drafts_in_review_or_archived(api_client):
    shown = ClaimFactory(status="published")
    hidden = [ClaimFactory(status=s) for s in ("draft", "in_review", "archived")]
    assert [c["id"] for c in api_client.get("/api/claims/").json()["results"]] == [shown.id]
    for claim in hidden:
        assert api_client.get(f"/api/claims/{claim.id}/").status_code == 404
        assert api_client.get(f"/api/claims/{claim.id}/similar/").status_code == 404
        assert api_client.get(f"/api/claims/?q={claim.text.split()[0]}&format=csv").content.count(
            claim.text.encode()) == 0  # fmt: skip


@pytest.fixture
def draft_review(seeded, reviewer):
    rating = Rating.objects.get(scale__slug="truth-six-level", slug="half-true")
    return ReviewFactory(claim=ClaimFactory(status="published"), rating=rating, explanation="Partly right.")


def test_only_reviewers_publish_reviews(draft_review, editor_client, reviewer_client, reviewer):
    assert editor_client.post(f"/api/reviews/{draft_review.id}/publish/", HTTP_IF_MATCH="*").status_code == 403
    response = reviewer_client.post(f"/api/reviews/{draft_review.id}/publish/", HTTP_IF_MATCH="*")
    assert response.status_code == 200
    draft_review.refresh_from_db()
    assert draft_review.status == "published" and draft_review.published_at and draft_review.reviewer == reviewer


def test_changing_a_published_verdict_keeps_a_visible_correction(draft_review, reviewer_client, api_client):
    reviewer_client.post(f"/api/reviews/{draft_review.id}/publish/", HTTP_IF_MATCH="*")
    url = f"/api/reviews/{draft_review.id}/"
    tag = reviewer_client.get(url)["ETag"]
    change = {"rating": "truth-six-level/mostly-false"}
    refused = reviewer_client.patch(url, change, format="json", HTTP_IF_MATCH=tag)
    assert refused.status_code == 400 and "correction_note" in refused.json()
    change["correction_note"] = "A later count showed fewer people were released."
    assert reviewer_client.patch(url, change, format="json", HTTP_IF_MATCH=tag).status_code == 200
    [correction] = api_client.get(url).json()["corrections"]
    assert correction["old_rating"] == "truth-six-level/half-true"
    assert correction["new_rating"] == "truth-six-level/mostly-false"
    assert correction["note"].startswith("A later count") and correction["corrected_at"]
    rating = api_client.get(f"/api/claims/{draft_review.claim_id}/claimreview/").json()["reviewRating"]
    assert rating["alternateName"] == "Mostly False"


def test_admin_actions_move_claims_by_role(admin_client):
    claim = ClaimFactory(status="draft")
    url = reverse("admin:claims_claim_changelist")
    admin_client.post(url, {"action": "send_to_review", "_selected_action": [claim.pk]})
    admin_client.post(url, {"action": "publish", "_selected_action": [claim.pk]})
    claim.refresh_from_db()
    assert claim.status == "published" and claim.status_changes.count() == 2
    page = admin_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "Workflow history" in page


def test_admin_asks_for_a_correction_note(admin_client, draft_review, admin_user):
    from claims.services import review_publish

    review_publish(review=draft_review, user=admin_user)
    url = reverse("admin:claims_review_change", args=[draft_review.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    data.update({"explanation": "Rewritten.", "evidence": "[]", "corrections-TOTAL_FORMS": "0",
                 "corrections-INITIAL_FORMS": "0"})  # fmt: skip
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "what you corrected and why" in response.content.decode()
    data["correction_note"] = "Clarified the source of the count."
    data["edited_version"] = Review.objects.get(pk=draft_review.pk).version
    assert admin_client.post(url, data).status_code == 302
    assert draft_review.corrections.get().note == "Clarified the source of the count."


def test_suggestions_are_confirmed_or_rejected_in_bulk(admin_client):
    from claims.models import Quote
    from tests.factories import QuoteFactory

    suggested = [QuoteFactory(review_status="suggested", extracted_by="rule:1") for _ in range(3)]
    confirmed_already = QuoteFactory(review_status="rejected")
    url = reverse("admin:claims_quote_changelist")
    admin_client.post(url, {"action": "confirm_suggestions", "_selected_action": [q.pk for q in suggested[:2]]})
    admin_client.post(url, {"action": "reject_suggestions",
                            "_selected_action": [suggested[2].pk, confirmed_already.pk]})  # fmt: skip
    statuses = {q.pk: Quote.objects.get(pk=q.pk).review_status for q in [*suggested, confirmed_already]}
    assert list(statuses.values()) == ["confirmed", "confirmed", "rejected", "rejected"]
    assert Quote.objects.get(pk=suggested[0].pk).extracted_by == "rule:1, confirmed by admin"


def test_a_suggestion_without_a_speaker_is_not_confirmed_in_bulk(admin_client):
    from claims.models import Quote
    from tests.factories import QuoteFactory

    unattributed = QuoteFactory(review_status="suggested", extracted_by="rule:1", speaker=None)
    attributed = QuoteFactory(review_status="suggested", extracted_by="rule:1")
    url = reverse("admin:claims_quote_changelist")
    selected = [unattributed.pk, attributed.pk]
    page = admin_client.post(url, {"action": "confirm_suggestions", "_selected_action": selected}, follow=True)
    page = page.content.decode()
    assert "1 quote(s) confirmed" in page and "choose who said them first" in page
    assert Quote.objects.get(pk=unattributed.pk).review_status == "suggested"
    assert Quote.objects.get(pk=attributed.pk).review_status == "confirmed"


def test_claims_flagged_for_attention_are_filterable(admin_client):
    ClaimFactory(text="Flagged claim.", needs_attention="A quote changed.")
    ClaimFactory(text="Quiet claim.")
    page = admin_client.get(reverse("admin:claims_claim_changelist"), {"attention": "yes"}).content.decode()
    assert "Flagged claim." in page and "Quiet claim." not in page


@pytest.fixture
def published_review(draft_review, reviewer):
    from claims.services import review_publish

    return review_publish(review=draft_review, user=reviewer)


REWORDINGS = {
    "same": lambda text: text,
    "spacing": lambda text: "  " + text.replace(" ", "  ") + "\n",
    "new words": lambda text: text.replace("number", "figure"),
    "appended": lambda text: text + " (as stated)",
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    role=st.sampled_from(["editor", "reviewer"]),
    rewording=st.sampled_from(sorted(REWORDINGS)),
    note=st.sampled_from(["", "  ", "Clarified who made the claim."]),
    other=st.sampled_from([{}, {"topics": ["ballots"]}, {"context": "a town hall"}]),
)
def test_a_verdict_keeps_the_wording_it_rated(published_review, editor_client, reviewer_client, api_client,
                                               role, rewording, note, other):  # fmt: skip
    """Only a reviewer rewords a rated claim, with a note; the public ClaimReview pairs each verdict
    with the wording it rated, and every rewording of it is a correction readers see."""
    client = {"editor": editor_client, "reviewer": reviewer_client}[role]
    wording = "Claim number 1 about ballots."  # each example starts from the claim as rated
    Claim.objects.filter(pk=published_review.claim_id).update(text=wording)
    Review.objects.filter(pk=published_review.pk).update(claim_reviewed=wording)
    published_review.corrections.all().delete()
    claim = Claim.objects.get(pk=published_review.claim_id)
    text = REWORDINGS[rewording](claim.text)
    payload = {"text": text, **other} | ({"correction_note": note} if note else {})
    response = client.patch(f"/api/claims/{claim.pk}/", payload, format="json", HTTP_IF_MATCH="*")
    reworded = " ".join(text.split()) != " ".join(claim.text.split())
    if not reworded:
        assert response.status_code == 200, response.content
    elif role == "editor":
        assert response.status_code == 403, response.content
    elif not note.strip():
        assert response.status_code == 400 and "correction_note" in response.json(), response.content
    else:
        assert response.status_code == 200, response.content
    review = Review.objects.get(pk=published_review.pk)
    claim.refresh_from_db()
    document = api_client.get(f"/api/claims/{claim.pk}/claimreview/").json()
    assert document["claimReviewed"] == review.claim_reviewed
    assert " ".join(review.claim_reviewed.split()) == " ".join(claim.text.split())
    corrections = list(review.corrections.order_by("id"))
    assert all(c.note.strip() and c.old_claim_reviewed != review.claim_reviewed for c in corrections)
    if response.status_code == 200 and reworded:
        assert corrections[-1].old_claim_reviewed and corrections[-1].note == note
        public = api_client.get(f"/api/reviews/{review.pk}/").json()["corrections"]
        assert public[-1]["old_claim_reviewed"] == corrections[-1].old_claim_reviewed


def test_a_published_review_stays_with_its_claim(published_review, reviewer_client):
    other = ClaimFactory(status="published")
    response = reviewer_client.patch(f"/api/reviews/{published_review.pk}/", {"claim": other.pk}, format="json",
                                     HTTP_IF_MATCH="*")  # fmt: skip
    assert response.status_code == 400 and "claim" in response.json()
    assert Review.objects.get(pk=published_review.pk).claim_id == published_review.claim_id


def test_a_claim_with_only_a_draft_review_is_reworded_freely_and_published_as_it_reads(
    draft_review, editor_client, reviewer_client
):
    url = f"/api/claims/{draft_review.claim_id}/"
    assert editor_client.patch(url, {"text": "Reworded."}, format="json", HTTP_IF_MATCH="*").status_code == 200
    reviewer_client.post(f"/api/reviews/{draft_review.pk}/publish/", HTTP_IF_MATCH="*")
    assert Review.objects.get(pk=draft_review.pk).claim_reviewed == "Reworded."


def test_admin_rewording_of_a_rated_claim_is_a_correction(admin_client, published_review):
    url = reverse("admin:claims_claim_change", args=[published_review.claim_id])
    form = admin_client.get(url).context["adminform"].form
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    data.update({"text": "A reworded claim.", "topics": "", "checkworthiness": ""})
    for inline in ("appearance_links", "quantities", "status_changes"):
        data.update({f"{inline}-TOTAL_FORMS": "0", f"{inline}-INITIAL_FORMS": "0"})
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "rewording it is a correction" in response.content.decode()
    assert Review.objects.get(pk=published_review.pk).claim_reviewed != "A reworded claim."
    data["correction_note"] = "Quoted the claim in full."
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    review = Review.objects.get(pk=published_review.pk)
    assert review.claim_reviewed == "A reworded claim." and review.corrections.get().note == "Quoted the claim in full."


def _admin_actions(client, url) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["action_form"]  # None when no action is offered
    return {value for value, _label in form.fields["action"].choices if value} if form else set()


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_admin_offers_only_the_actions_the_role_can_take(request, role, client):
    user = request.getfixturevalue(role)
    user.is_staff = True
    user.save()
    client.force_login(user)
    ClaimFactory(status="draft")
    claim_actions = _admin_actions(client, reverse("admin:claims_claim_changelist"))
    moves = {"send_to_review", "return_to_draft", "publish", "unpublish", "archive"}
    if role == "editor":
        assert claim_actions & moves == {"send_to_review", "return_to_draft"}
    else:
        assert claim_actions & moves == moves
    review_actions = _admin_actions(client, reverse("admin:claims_review_changelist"))
    assert ("publish_reviews" in review_actions) is (role == "reviewer")


def _review_form_data(client, url, **changes):
    form = client.get(url).context["adminform"].form
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    data.pop("evidence")
    data.update({"corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0", **changes})
    return data


def test_review_form_takes_only_the_chosen_scales_ratings_and_evidence_rows(admin_client, draft_review):
    url = reverse("admin:claims_review_change", args=[draft_review.pk])
    other_scale = Rating.objects.get(scale__slug="accuracy-five-point", slug="accurate")
    refused = admin_client.post(url, _review_form_data(admin_client, url, rating=other_scale.pk))
    assert refused.status_code == 200 and "is not a rating of Six-level truth scale" in refused.content.decode()
    no_link = _review_form_data(admin_client, url, **{"evidence-0-title": "A report with no link"})
    assert "Evidence row 1 needs a link." in admin_client.post(url, no_link).content.decode()
    bad_date = _review_form_data(admin_client, url, **{"evidence-0-url": "https://example.org/a",
                                                         "evidence-0-accessed_on": "last week"})  # fmt: skip
    assert "give the date as YYYY-MM-DD" in admin_client.post(url, bad_date).content.decode()
    assert Review.objects.get(pk=draft_review.pk).evidence == []  # nothing of the refused saves was kept
    rows = {"evidence-0-url": "https://example.org/a", "evidence-0-title": "A", "evidence-1-url": "",
            "evidence-2-url": "https://example.org/c", "evidence-2-accessed_on": "2019-08-09"}  # fmt: skip
    assert admin_client.post(url, _review_form_data(admin_client, url, **rows)).status_code == 302
    assert Review.objects.get(pk=draft_review.pk).evidence == [
        {"url": "https://example.org/a", "title": "A"},
        {"url": "https://example.org/c", "accessed_on": "2019-08-09"},
    ]
    page = admin_client.get(url).content.decode()  # stored rows come back as rows, with blank ones after
    assert 'name="evidence-1-url" value="https://example.org/c"' in page and 'name="evidence-4-url" value=""' in page


def test_review_publisher_is_an_organisation(admin_client, draft_review):
    from claims.models import Speaker

    form = admin_client.get(reverse("admin:claims_review_add")).context["adminform"].form
    offered = set(form.fields["publisher"].queryset)
    assert offered == set(Speaker.objects.filter(kind="organization"))
    assert not Speaker.objects.filter(kind__in=["person", "outlet"], pk__in=[s.pk for s in offered]).exists()


def test_review_queue_lists_claims_in_review_longest_waiting_first(admin_client, admin_user):
    from claims.services import claim_transition

    first, second, draft = ClaimFactory(status="draft"), ClaimFactory(status="draft"), ClaimFactory(status="draft")
    claim_transition(claim=first, to_status="in_review", user=admin_user)
    claim_transition(claim=second, to_status="in_review", user=admin_user)
    response = admin_client.get(reverse("admin:claims_claiminreview_changelist"))
    listed = list(response.context["cl"].result_list)
    assert listed == [first, second] and draft not in listed  # by when they were sent, not the newest first
    page = response.content.decode()
    assert "Review queue" in page and admin_user.username in page
    assert reverse("admin:claims_claim_change", args=[second.pk]) in page


def test_review_form_keeps_evidence_keys_it_does_not_show_and_stores_dates_as_iso(admin_client, draft_review):
    draft_review.evidence = [{"url": "https://example.org/a", "title": "A", "publisher": "ICE", "rank": 1}]
    draft_review.save()
    url = reverse("admin:claims_review_change", args=[draft_review.pk])
    data = _review_form_data(admin_client, url)
    page = admin_client.get(url).content.decode()
    more = re.search(r'name="evidence-0-more" value="([^"]*)"', page).group(1)
    data.update({"evidence-0-url": "https://example.org/a", "evidence-0-title": "A, retitled",
                 "evidence-0-more": html.unescape(more), "evidence-0-accessed_on": "08/09/2019"})  # fmt: skip
    assert admin_client.post(url, data).status_code == 302
    assert Review.objects.get(pk=draft_review.pk).evidence == [
        {
            "url": "https://example.org/a",
            "title": "A, retitled",
            "publisher": "ICE",
            "rank": 1,
            "accessed_on": "2019-08-09",
        }
    ]
