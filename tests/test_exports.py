import csv
import io

import pytest
from django.utils import timezone

from claims.models import Claim, Quote, Rating
from tests.factories import ReviewFactory

pytestmark = pytest.mark.django_db

GOOGLE_REQUIRED = {"@context", "@type", "url", "claimReviewed", "reviewRating"}


@pytest.fixture
def reviewed(seeded):
    claim = Claim.objects.get(text__startswith="Almost 700")
    rating = Rating.objects.get(scale__slug="accuracy-five-point", slug="mostly-accurate")
    return ReviewFactory(claim=claim, rating=rating, status="published", published_at=timezone.now(),
                         explanation="ICE reported 680 arrests, consistent with almost 700.")  # fmt: skip


def test_claimreview_document_carries_googles_fields(api_client, reviewed):
    response = api_client.get(f"/api/claims/{reviewed.claim_id}/claimreview/")
    assert response.status_code == 200
    doc = response.json()
    assert GOOGLE_REQUIRED <= set(doc)
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "ClaimReview"
    assert doc["url"].startswith("http") and doc["claimReviewed"].startswith("Almost 700")
    rating = doc["reviewRating"]
    assert rating["alternateName"] == "Mostly accurate"
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert rating["ratingExplanation"].startswith("ICE reported")
    item = doc["itemReviewed"]
    assert item["@type"] == "Claim" and item["author"]["name"] == "A senior immigration official"
    assert item["firstAppearance"]["headline"].startswith("White House Instructs ICE")
    assert doc["author"] == {"@type": "Organization", "name": "Factcheck", "url": "http://127.0.0.1:8000/"}


def test_unreviewed_or_unpublished_claims_have_no_claimreview(api_client, reviewed):
    other = Claim.objects.filter(reviews__isnull=True).first()
    assert api_client.get(f"/api/claims/{other.id}/claimreview/").status_code == 404
    reviewed.claim.reviews.update(status="draft")  # this one and the seeded one
    assert api_client.get(f"/api/claims/{reviewed.claim_id}/claimreview/").status_code == 404


def test_feed_lists_every_published_review(api_client, reviewed):
    ReviewFactory(claim=reviewed.claim, status="draft")
    results = api_client.get("/api/claimreviews/").json()["results"]
    assert len(results) == 5 and {doc["@type"] for doc in results} == {"ClaimReview"}  # the 4 seeded and this one
    assert results[0]["reviewRating"]["ratingExplanation"] == reviewed.explanation  # newest first


def test_exported_documents_import_back(api_client, reviewed, tmp_path):
    from django.core.management import call_command

    reviewed.url = "https://factcheck.example.org/reviews/almost-700"
    reviewed.save()
    doc = api_client.get(f"/api/claims/{reviewed.claim_id}/claimreview/").json()
    assert doc["url"] == reviewed.url
    path = tmp_path / "export.json"
    path.write_text(__import__("json").dumps(doc))
    call_command("import_claimreview", str(path), stdout=io.StringIO())
    from claims.models import Review

    imported = Review.objects.get(url=doc["url"])  # the same review, recognised by its URL
    assert imported.pk == reviewed.pk and imported.claim_id == reviewed.claim_id
    assert imported.rating.label == "Mostly accurate"


def test_quote_as_web_annotation(api_client, seeded):
    quote = Quote.objects.get(cue="called")
    annotation = api_client.get(f"/api/quotes/{quote.id}/annotation/").json()
    assert annotation["type"] == "Annotation" and annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
    text_quote, position = annotation["target"]["selector"]
    assert text_quote == {"type": "TextQuoteSelector", "exact": quote.text, "prefix": quote.prefix,
                          "suffix": quote.suffix}  # fmt: skip
    assert position == {"type": "TextPositionSelector", "start": quote.start, "end": quote.end}
    assert annotation["target"]["source"].endswith("/api/sources/ice-workplace-raids-2019/")
    assert "Mike Hurst" in annotation["body"]["value"]


def test_every_list_answers_csv_with_the_same_filters(api_client, seeded):
    response = api_client.get("/api/quotes/?format=csv&speaker=donald-trump&kind=direct")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    json_rows = api_client.get("/api/quotes/?speaker=donald-trump&kind=direct").json()["results"]
    assert [r["text"] for r in rows] == [r["text"] for r in json_rows] and len(rows) == 3
    for resource in ["sources", "speakers", "claims", "quantities", "measures", "reviews", "claimreviews"]:
        assert api_client.get(f"/api/{resource}/?format=csv").status_code == 200


def test_csv_neutralises_spreadsheet_formulas(editor_client):
    from tests.factories import SpeakerFactory

    SpeakerFactory(name="=HYPERLINK(1)")
    content = editor_client.get("/api/speakers/?format=csv").content.decode()
    assert "'=HYPERLINK(1)" in content


def test_speaker_profile_counts_and_scorecard(api_client, reviewed):
    ReviewFactory(claim=Claim.objects.get(text__startswith="Over 300"), rating=reviewed.rating,
                  status="published", published_at=timezone.now())  # fmt: skip
    trump = api_client.get("/api/speakers/donald-trump/").json()
    assert (trump["quote_count"], trump["claim_count"]) == (6, 2)
    assert trump["scorecard"] == [{"scale_slug": "truth-six-level", "rating_slug": "true", "label": "True", "count": 1}]
    official = api_client.get("/api/speakers/senior-immigration-official/").json()
    assert official["scorecard"] == [  # best first within each scale
        {"scale_slug": "accuracy-five-point", "rating_slug": "accurate", "label": "Accurate", "count": 1},
        {"scale_slug": "accuracy-five-point", "rating_slug": "mostly-accurate", "label": "Mostly accurate", "count": 1},
        {"scale_slug": "truth-six-level", "rating_slug": "mostly-true", "label": "Mostly True", "count": 1},
    ]


def test_an_empty_csv_still_has_its_header(api_client):
    content = api_client.get("/api/quotes/?format=csv&speaker=nobody").content.decode()
    assert content.splitlines()[0].startswith("id,uid,source,speaker,text")
