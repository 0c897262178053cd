"""Each editorial rule lives in one function, and every path goes through it.

For each rule, the function is replaced (under every name the project's modules hold it by) by
one that refuses, or hides, everything; then the API, the admin, the importers and the exports
must refuse or hide too. A path with its own copy of the rule carries on as before and fails
here. Each test also runs the path with the real rule, so the replacement is what changed.
"""

import json
import sys
from contextlib import ExitStack, contextmanager
from unittest import mock

import pytest
from django.core.management.base import CommandError
from django.db.models import Value
from django.urls import reverse

import claims.admin  # noqa: F401  (every module that may hold a rule is imported before it is replaced)
import claims.api.urls  # noqa: F401
import claims.ingest.claimreview_import  # noqa: F401
import claims.ingest.liar_import  # noqa: F401
from claims import querysets, services
from claims.api import claim_json
from claims.models import Claim, Quote, Rating, Review
from claims.querysets import VisibleQuerySet
from claims.services import WorkflowError, review_publish
from tests.factories import ClaimFactory, QuoteFactory, ReviewFactory, SpeakerFactory
from tests.test_importers import claimreview, liar_line, run, write_liar

pytestmark = pytest.mark.django_db
REFUSAL = "Refused by the one rule."


@contextmanager
def replaced(function, by):
    """`function` replaced by `by` in every module of the project that names it (pages of SQL-built
    JSON compiled before are cleared by the caller)."""
    with ExitStack() as stack:
        for module in list(sys.modules.values()):
            named = getattr(module, function.__name__, None) is function
            if named and getattr(module, "__name__", "").startswith("claims"):
                stack.enter_context(mock.patch.object(module, function.__name__, by))
        yield


def refuse(*args, **kwargs):
    return WorkflowError(REFUSAL, field="correction_note")


def form_data(admin_client, url, **changes) -> dict:
    form = admin_client.get(url).context["adminform"].form
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    return data | changes


@pytest.fixture
def published_review(seeded, reviewer):
    rating = Rating.objects.get(scale__slug="truth-six-level", slug="half-true")
    review = ReviewFactory(claim=ClaimFactory(status="published"), rating=rating, explanation="Partly right.")
    return review_publish(review=review, user=reviewer)


# --- a published verdict changes only as a correction: services.review_change_refusal ---------------
def test_the_api_changes_a_verdict_through_the_rule(published_review, reviewer_client):
    url = f"/api/reviews/{published_review.pk}/"
    change = {"rating": "truth-six-level/mostly-false", "correction_note": "A later count was lower."}
    with replaced(services.review_change_refusal, refuse):
        refused = reviewer_client.patch(url, change, format="json", HTTP_IF_MATCH="*")
    assert refused.status_code == 400 and REFUSAL in json.dumps(refused.json())
    assert not published_review.corrections.exists()
    assert reviewer_client.patch(url, change, format="json", HTTP_IF_MATCH="*").status_code == 200
    assert published_review.corrections.count() == 1


def test_the_admin_changes_a_verdict_through_the_rule(published_review, admin_client):
    url = reverse("admin:claims_review_change", args=[published_review.pk])
    data = form_data(admin_client, url, explanation="Rewritten.", evidence="[]", correction_note="Clarified.")
    data |= {"corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0"}
    with replaced(services.review_change_refusal, refuse):
        refused = admin_client.post(url, data)
    assert refused.status_code == 200 and REFUSAL in refused.content.decode()
    assert Review.objects.get(pk=published_review.pk).explanation == "Partly right."
    assert admin_client.post(url, data).status_code == 302
    assert Review.objects.get(pk=published_review.pk).corrections.get().note == "Clarified."


def test_the_importers_change_a_verdict_through_the_rule(seeded, tmp_path):
    path = tmp_path / "reviews.jsonl"
    path.write_text(json.dumps(claimreview(1)))
    run("import_claimreview", str(path))
    changed = claimreview(1)
    changed["reviewRating"] = {**changed["reviewRating"], "ratingValue": 4, "alternateName": "Mostly true"}
    path.write_text(json.dumps(changed))
    liar = write_liar(tmp_path, [liar_line(701, "Taxes doubled.", label="false")])
    run("import_liar", str(liar))
    relabelled = write_liar(tmp_path, [liar_line(701, "Taxes doubled.", label="true")], name="relabelled.tsv")
    with replaced(services.review_change_refusal, refuse):
        with pytest.raises(CommandError, match=f"reviews.jsonl: document: {REFUSAL}"):
            run("import_claimreview", str(path))
        with pytest.raises(CommandError, match=f"relabelled.tsv line 1: {REFUSAL}"):
            run("import_liar", str(relabelled))
    assert Review.objects.get(url=changed["url"]).rating.label == "Mostly false"
    assert not Review.objects.filter(corrections__isnull=False).exists()
    assert "1 updated" in run("import_claimreview", str(path)) and "1 updated" in run("import_liar", str(relabelled))
    assert Review.objects.filter(corrections__isnull=False).count() == 2


# --- a rated claim is reworded only as a correction: services.rewording_refusal ----------------------
def test_the_api_rewords_a_rated_claim_through_the_rule(published_review, reviewer_client):
    url = f"/api/claims/{published_review.claim_id}/"
    change = {"text": "A reworded claim.", "correction_note": "Quoted in full."}
    with replaced(services.rewording_refusal, refuse):
        refused = reviewer_client.patch(url, change, format="json", HTTP_IF_MATCH="*")
    assert refused.status_code == 400 and REFUSAL in json.dumps(refused.json())
    assert Claim.objects.get(pk=published_review.claim_id).text != "A reworded claim."
    assert reviewer_client.patch(url, change, format="json", HTTP_IF_MATCH="*").status_code == 200


def test_the_admin_rewords_a_rated_claim_through_the_rule(published_review, admin_client):
    url = reverse("admin:claims_claim_change", args=[published_review.claim_id])
    data = form_data(admin_client, url, text="A reworded claim.", topics="", checkworthiness="",
                     correction_note="Quoted in full.")  # fmt: skip
    for inline in ("appearance_links", "quantities", "status_changes"):
        data |= {f"{inline}-TOTAL_FORMS": "0", f"{inline}-INITIAL_FORMS": "0"}
    with replaced(services.rewording_refusal, refuse):
        refused = admin_client.post(url, data)
    assert refused.status_code == 200 and REFUSAL in refused.content.decode()
    assert admin_client.post(url, data).status_code == 302
    assert Claim.objects.get(pk=published_review.claim_id).text == "A reworded claim."


# --- who may read a speaker's name: querysets.named_to -----------------------------------------------
def test_every_way_out_names_a_speaker_through_the_rule(published_review, api_client):
    speaker = SpeakerFactory(name="Jane Roe", slug="jane-roe", is_private=False)
    claim = published_review.claim
    Claim.objects.filter(pk=claim.pk).update(claimant=speaker)
    quote = QuoteFactory(speaker=speaker, speaker_mention="Jane Roe", review_status=Quote.ReviewStatus.CONFIRMED)

    def read() -> list:
        return [
            api_client.get(f"/api/claims/{claim.pk}/").json()["claimant"],
            api_client.get(f"/api/claims/{claim.pk}/", HTTP_ACCEPT="text/csv").content.decode().count("jane-roe"),
            api_client.get(f"/api/quotes/{quote.pk}/").json()["speaker"],
            api_client.get(f"/api/quotes/{quote.pk}/").json()["speaker_mention"],
            api_client.get(f"/api/claims/{claim.pk}/claimreview/").json()["itemReviewed"].get("author", {}).get("name"),
            "Jane Roe" in json.dumps(api_client.get(f"/api/quotes/{quote.pk}/annotation/").json()),
        ]

    assert read() == ["jane-roe", 1, "jane-roe", "Jane Roe", "Jane Roe", True]
    with (
        replaced(querysets.named_to, lambda speaker, user: False),
        replaced(querysets.named_to_sql, lambda relation, field, user: Value(None)),
        mock.patch.dict(claim_json._row_sql_by_staff, clear=True),  # the claims' SQL, built again
    ):
        assert read() == [None, 0, None, "", None, False]


# --- who may see unpublished records: VisibleQuerySet.visible_to -------------------------------------
def test_every_read_goes_through_the_visibility_rule(published_review, reviewer_client):
    QuoteFactory(review_status=Quote.ReviewStatus.CONFIRMED)
    paths = ["/api/claims/", "/api/claims/?format=csv", "/api/quotes/", "/api/reviews/", "/api/speakers/",
             f"/api/claims/{published_review.claim_id}/"]  # fmt: skip

    def read() -> list:
        return [reviewer_client.get(path) for path in paths]

    shown = read()
    assert all(response.status_code == 200 for response in shown)
    hide_all = mock.patch.object(VisibleQuerySet, "visible_to", lambda self, user: self.filter(id__lt=0))
    with hide_all, mock.patch.dict(claim_json._row_sql_by_staff, clear=True):
        hidden = read()
    *lists, detail = hidden
    assert detail.status_code == 404
    assert [_count(response) for response in lists] == [0] * len(lists)
    assert all(_count(response) > 0 for response in shown[:-1])


def _count(response) -> int:
    if response["Content-Type"].startswith("text/csv"):
        return len(response.content.decode().splitlines()) - 1  # the header
    return len(response.json()["results"])
