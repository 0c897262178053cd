import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.api import pagination
from claims.models import Claim, Quote, Speaker
from tests.factories import (
    ClaimFactory,
    QuantityFactory,
    QuoteFactory,
    RatingFactory,
    ReviewFactory,
    SourceFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_lists_are_paginated_without_counting(api_client, seeded):
    page = api_client.get("/api/quotes/?page_size=2").json()
    assert set(page) == {"next", "previous", "results"}
    assert len(page["results"]) == 2 and page["previous"] is None and "page=2" in page["next"]
    second = api_client.get(page["next"]).json()
    assert second["previous"] is not None and second["results"][0] != page["results"][0]


def test_page_size_is_capped_at_100(api_client):
    source = SourceFactory()
    QuoteFactory.create_batch(101, source=source, speaker=None)
    page = api_client.get("/api/quotes/?page_size=1000000").json()
    assert len(page["results"]) == 100 and page["next"] is not None


def test_detail_urls_use_slugs(api_client, seeded):
    assert api_client.get("/api/speakers/donald-trump/").json()["name"] == "Donald Trump"
    assert api_client.get("/api/sources/ice-workplace-raids-2019/").json()["kind"] == "article"
    assert api_client.get("/api/measures/2019-mississippi-raids-detained/").json()["unit"] == "people"


def test_quote_representation(api_client, seeded):
    quote = results(api_client.get("/api/quotes/?speaker=mike-hurst"))[0]
    assert quote["speaker"] == "mike-hurst" and quote["source"] == "ice-workplace-raids-2019"
    assert quote["kind"] == "partial" and quote["cue"] == "called"
    assert quote["text"].startswith("the largest single-state")
    body = api_client.get("/api/sources/ice-workplace-raids-2019/").json()["body"]
    assert body[quote["start"] : quote["end"]] == quote["text"]


def test_quantity_representation_keeps_the_hedge(api_client, seeded):
    [almost] = results(api_client.get("/api/quantities/?value_min=680&value_max=680&qualifier=almost"))
    assert almost["surface"] == "almost 700" and almost["value"] == "700.0000"
    assert (almost["lower"], almost["upper"]) == ("630", "700")
    assert almost["lower_inclusive"] is True and almost["upper_inclusive"] is False
    assert almost["unit"] == "people" and almost["measured"] == "undocumented immigrants detained"
    assert almost["measure"] == "2019-mississippi-raids-detained"
    assert Claim.objects.get(pk=almost["claim"]).text.startswith("Almost 700")


def test_value_range_finds_almost_700_at_680_but_not_above_700(api_client, seeded):
    surfaces = lambda query: {q["surface"] for q in results(api_client.get(f"/api/quantities/?{query}"))}  # noqa: E731
    assert "almost 700" in surfaces("value_min=680&value_max=680")
    assert "almost 700" not in surfaces("value_min=701")
    assert surfaces("value_min=300&value_max=300") == {"at least two"}  # "over 300" excludes 300
    assert surfaces("value_min=303&value_max=303") == {"Over 300", "at least two"}
    assert "millions" in surfaces("value_min=2000000&value_max=2000000")
    assert surfaces("value_min=600&value_max=1000") == {"almost 700", "Over 300", "at least two"}


def test_anonymous_clients_see_published_claims_only(api_client):
    published = ClaimFactory(status="published")
    draft = ClaimFactory(status="draft")
    QuantityFactory(claim=draft)
    ids = {c["id"] for c in results(api_client.get("/api/claims/"))}
    assert published.id in ids and draft.id not in ids
    assert api_client.get(f"/api/claims/{draft.id}/").status_code == 404
    assert results(api_client.get("/api/quantities/")) == []


def test_anonymous_clients_see_confirmed_quotes_only(api_client):
    confirmed = QuoteFactory(review_status="confirmed")
    suggested = QuoteFactory(review_status="suggested")
    assert [q["id"] for q in results(api_client.get("/api/quotes/"))] == [confirmed.id]
    assert api_client.get(f"/api/quotes/{suggested.id}/").status_code == 404


def test_anonymous_clients_see_published_reviews_only(api_client):
    from django.utils import timezone

    shown = ReviewFactory(status="published", published_at=timezone.now())
    ReviewFactory(status="draft")
    ReviewFactory(status="published", published_at=timezone.now(), claim=ClaimFactory(status="draft"))
    assert [r["id"] for r in results(api_client.get("/api/reviews/"))] == [shown.id]


def test_editors_see_drafts(editor_client):
    draft = ClaimFactory(status="draft")
    assert editor_client.get(f"/api/claims/{draft.id}/").status_code == 200


def test_anonymous_writes_are_refused(api_client, seeded):
    response = api_client.post("/api/speakers/", {"slug": "x", "name": "X"}, format="json")
    assert response.status_code in (401, 403)
    assert api_client.delete("/api/speakers/donald-trump/").status_code in (401, 403)
    claim = Claim.objects.published().first()
    assert api_client.patch(f"/api/claims/{claim.id}/", {"status": "draft"}, format="json").status_code in (401, 403)
    claim.refresh_from_db()
    assert claim.status == "published" and Speaker.objects.filter(slug="donald-trump").exists()


def test_editor_annotates_a_quote(editor_client, seeded):
    source = SourceFactory()
    start = source.body.index("we counted")
    response = editor_client.post(
        "/api/quotes/",
        {
            "source": source.slug,
            "speaker": "donald-trump",
            "text": "we counted almost 700 ballots",
            "kind": "direct",
            "cue": "said",
            "start": start,
            "end": start + 29,
            "review_status": "confirmed",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["prefix"] == source.body[:start][-32:]
    assert Quote.objects.get(pk=response.json()["id"]).speaker.slug == "donald-trump"


@pytest.mark.parametrize("kind", ["direct", "partial"])
def test_a_confirmed_verbatim_quote_without_a_speaker_is_a_400_and_a_suggestion_may_wait_for_one(editor_client, kind):
    source = SourceFactory()
    start = source.body.index("we counted")
    quote = {"source": source.slug, "text": "we counted almost 700 ballots", "kind": kind, "start": start,
             "end": start + 29}  # fmt: skip
    refused = editor_client.post("/api/quotes/", {**quote, "review_status": "confirmed"}, format="json")
    assert refused.status_code == 400 and "needs a speaker" in refused.json()["speaker"][0]
    assert not Quote.objects.filter(source=source).exists()
    waiting = editor_client.post("/api/quotes/", {**quote, "review_status": "suggested"}, format="json")
    assert waiting.status_code == 201, waiting.content
    confirm = editor_client.patch(f"/api/quotes/{waiting.json()['id']}/", {"review_status": "confirmed"},
                                  format="json", HTTP_IF_MATCH="*")  # fmt: skip
    assert confirm.status_code == 400 and "speaker" in confirm.json()
    indirect = editor_client.post("/api/quotes/", {**quote, "kind": "indirect", "review_status": "confirmed"},
                                  format="json")  # fmt: skip
    assert indirect.status_code == 201, indirect.content  # reported speech may stay unattributed


def test_quote_that_misquotes_the_body_is_a_400(editor_client):
    source = SourceFactory()
    response = editor_client.post(
        "/api/quotes/",
        {
            "source": source.slug,
            "text": "we counted 900 ballots",
            "kind": "direct",
            "start": 16,
            "end": 38,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "must equal the body" in response.json()["text"][0]
    offsets = editor_client.post(
        "/api/quotes/",
        {
            "source": source.slug,
            "text": "x",
            "kind": "indirect",
            "start": 5,
            "end": 99999,
        },
        format="json",
    )
    assert offsets.status_code == 400 and "end" in offsets.json()


def test_editor_cannot_write_reviews_but_reviewer_can(seeded, editor_client, reviewer_client):
    claim = ClaimFactory()
    payload = {"claim": claim.id, "rating": "truth-six-level/half-true", "explanation": "Partly right."}
    assert editor_client.post("/api/reviews/", payload, format="json").status_code == 403
    response = reviewer_client.post("/api/reviews/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["rating_label"] == "Half True" and response.json()["reviewer"]


def test_publishing_a_review_without_explanation_is_a_400(seeded, reviewer_client):
    claim = ClaimFactory()
    created = reviewer_client.post("/api/reviews/", {"claim": claim.id, "rating": "truth-six-level/false",
                                                      "status": "published"}, format="json")  # fmt: skip
    assert created.status_code == 201 and created.json()["status"] == "draft"  # status is not writable
    review_id = created.json()["id"]
    response = reviewer_client.post(f"/api/reviews/{review_id}/publish/", HTTP_IF_MATCH="*")
    assert response.status_code == 400 and "explanation" in str(response.json())
    assert (
        reviewer_client.post("/api/reviews/", {"claim": claim.id, "rating": "nope"}, format="json").status_code == 400
    )


def test_quantity_with_a_bad_second_value_is_a_400(editor_client):
    claim = ClaimFactory()
    response = editor_client.post(
        "/api/quantities/",
        {"claim": claim.id, "surface": "between 9 and 3", "qualifier": "between", "value": "9", "value_to": "3"},
        format="json",
    )
    assert response.status_code == 400 and "value_to" in response.json()


def test_deleting_a_quoted_speaker_is_a_409(seeded, django_user_model):
    from rest_framework.test import APIClient

    admin = django_user_model.objects.create_superuser("root-user", password="correct-horse-battery")
    client = APIClient()
    client.force_authenticate(admin)
    response = client.delete("/api/speakers/donald-trump/", HTTP_IF_MATCH="*")
    assert response.status_code == 409 and "depend" in response.json()["detail"]


def test_deleting_a_quote_a_claim_rests_on_is_a_409(editor_client):
    quote = QuoteFactory()
    ClaimFactory().appearances.add(quote)
    response = editor_client.delete(f"/api/quotes/{quote.id}/", HTTP_IF_MATCH=f'"{quote.version}"')
    assert response.status_code == 409
    assert Quote.objects.filter(pk=quote.pk).exists()


def test_malformed_json_is_a_400(editor_client):
    response = editor_client.generic("POST", "/api/speakers/", '{"slug": ', content_type="application/json")
    assert response.status_code == 400 and "detail" in response.json()


def test_unknown_slug_in_a_body_is_a_400(editor_client):
    response = editor_client.post("/api/claims/", {"text": "A claim.", "claimant": "no-such-speaker"}, format="json")
    assert response.status_code == 400 and "claimant" in response.json()


def test_schema_and_offline_docs(api_client):
    schema = api_client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for resource in ["sources", "speakers", "quotes", "claims", "quantities", "measures", "reviews"]:
        assert f"/api/{resource}/" in paths
    docs = api_client.get("/api/docs/").content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs


def test_speaker_wikidata_id_is_validated(editor_client):
    response = editor_client.post(
        "/api/speakers/", {"slug": "jane", "name": "Jane", "wikidata_id": "42"}, format="json"
    )
    assert response.status_code == 400 and "wikidata_id" in response.json()
    assert SpeakerFactory(slug="ok").slug == "ok"


def test_openapi_schema_validates_without_warnings():
    from io import StringIO

    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", stdout=StringIO(), stderr=StringIO())


@pytest.fixture
def many_records(db):
    claims = [ClaimFactory(status=("published", "draft")[n % 5 == 4]) for n in range(60)]
    rating = RatingFactory()
    for n, claim in enumerate(claims):
        ReviewFactory(claim=claim, rating=rating, status=("published", "draft")[n % 3 == 2],
                      published_at=datetime.datetime(2020, 1, 1 + n % 20, tzinfo=datetime.UTC))  # fmt: skip
        QuantityFactory(claim=claim, value=n % 7)
    return claims


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    url=st.sampled_from(
        [
            "/api/reviews/",
            "/api/reviews/?ordering=published_at",
            "/api/claimreviews/",
            "/api/quantities/?ordering=value",
            "/api/claims/?ordering=-created_at",
            "/api/speakers/",
        ]
    ),
    page_size=st.integers(1, 12),
    page=st.integers(1, 30),
)
def test_deep_pages_are_the_pages_a_plain_read_gives(api_client, unthrottled, monkeypatch, many_records, url,
                                                      page_size, page):  # fmt: skip
    """Pages past DEEP_OFFSET read their keys first: the same rows, in the same order, as reading the page."""
    join = "&" if "?" in url else "?"
    target = f"{url}{join}page_size={page_size}&page={page}"
    monkeypatch.setattr(pagination, "DEEP_OFFSET", 10**9)
    plain = api_client.get(target)
    monkeypatch.setattr(pagination, "DEEP_OFFSET", 0)
    deep = api_client.get(target)
    assert plain.status_code == deep.status_code == 200
    assert plain.json() == deep.json()
