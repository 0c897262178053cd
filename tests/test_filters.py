"""Every filter of every FilterSet, exercised through its list endpoint."""

import datetime
import re

import pytest
from django.utils import timezone

from claims.api import filters
from tests.factories import (
    ClaimFactory,
    MeasureFactory,
    QuantityFactory,
    QuoteFactory,
    RatingFactory,
    ReviewFactory,
    SourceFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def ids(client, url, key="id"):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return {row[key] for row in response.json()["results"]}


def test_speaker_filters(editor_client):
    ice = SpeakerFactory(slug="ice", name="Immigration and Customs Enforcement", kind="organization")
    spokesperson = SpeakerFactory(slug="ice-spokesperson", kind="anonymous", organization=ice)
    private = SpeakerFactory(slug="neighbour", is_private=True)
    assert ids(editor_client, "/api/speakers/?kind=anonymous", "slug") == {"ice-spokesperson"}
    assert ids(editor_client, "/api/speakers/?organization=ice", "slug") == {spokesperson.slug}
    assert ids(editor_client, "/api/speakers/?name=customs", "slug") == {"ice"}
    assert ids(editor_client, "/api/speakers/?is_private=true", "slug") == {private.slug}


def test_source_filters(editor_client):
    outlet = SpeakerFactory(slug="daily", kind="outlet")
    old = SourceFactory(
        slug="old",
        title="Old raid story",
        outlet=outlet,
        published_at=timezone.make_aware(datetime.datetime(2019, 8, 9)),
    )
    new = SourceFactory(
        slug="new", kind="transcript", language="es", published_at=timezone.make_aware(datetime.datetime(2024, 1, 1))
    )
    assert ids(editor_client, "/api/sources/?kind=transcript", "slug") == {new.slug}
    assert ids(editor_client, "/api/sources/?outlet=daily", "slug") == {old.slug}
    assert ids(editor_client, "/api/sources/?language=es", "slug") == {new.slug}
    assert ids(editor_client, "/api/sources/?published_after=2020-01-01T00:00:00Z", "slug") == {new.slug}
    assert ids(editor_client, "/api/sources/?published_before=2020-01-01T00:00:00Z", "slug") == {old.slug}
    assert ids(editor_client, "/api/sources/?title=raid", "slug") == {old.slug}
    assert ids(editor_client, "/api/sources/?q=raid", "slug") == {old.slug}


def test_quote_filters(editor_client):
    trump = SpeakerFactory(slug="donald-trump")
    source = SourceFactory(slug="raids")
    direct = QuoteFactory(speaker=trump, source=source, stated_on=datetime.date(2019, 8, 9), cue="told reporters")
    start = source.body.index("over 300")
    indirect = QuoteFactory(
        speaker=trump,
        source=source,
        kind="indirect",
        text="over 300 were late",
        start=start,
        end=start + 18,
        review_status="suggested",
    )
    other = QuoteFactory()
    assert ids(editor_client, "/api/quotes/?speaker=donald-trump&source=raids&kind=direct") == {direct.id}
    assert ids(editor_client, "/api/quotes/?speaker=donald-trump") == {direct.id, indirect.id}
    assert ids(editor_client, "/api/quotes/?source=raids&kind=indirect") == {indirect.id}
    assert ids(editor_client, "/api/quotes/?review_status=suggested") == {indirect.id}
    assert ids(editor_client, "/api/quotes/?cue=Told%20Reporters") == {direct.id}
    assert ids(editor_client, "/api/quotes/?q=late&speaker=donald-trump") == {indirect.id}
    assert ids(editor_client, "/api/quotes/?stated_after=2019-08-09") == {direct.id}
    assert ids(editor_client, "/api/quotes/?stated_before=2019-08-08") == set()
    assert other.id in ids(editor_client, "/api/quotes/")


def test_claim_filters(editor_client):
    trump = SpeakerFactory(slug="donald-trump")
    measure = MeasureFactory(slug="detained")
    quote = QuoteFactory(source=SourceFactory(slug="raids"))
    detained = ClaimFactory(claimant=trump, status="published", topics=["immigration"])
    detained.appearances.add(quote)
    QuantityFactory(claim=detained, qualifier="almost", value=700, measure=measure)
    draft = ClaimFactory(claimant=trump, status="draft", topics=["economy"])
    QuantityFactory(claim=draft, qualifier="over", value=5000)
    assert ids(editor_client, "/api/claims/?speaker=donald-trump&status=published") == {detained.id}
    assert ids(editor_client, "/api/claims/?status=draft") == {draft.id}
    assert ids(editor_client, "/api/claims/?topic=economy") == {draft.id}
    assert ids(editor_client, "/api/claims/?source=raids") == {detained.id}
    assert ids(editor_client, "/api/claims/?measure=detained") == {detained.id}
    assert ids(editor_client, "/api/claims/?qualifier=over") == {draft.id}
    assert ids(editor_client, "/api/claims/?unit=BALLOTS&measured=counted") == {detained.id, draft.id}
    assert ids(editor_client, "/api/claims/?qualifier=almost&value_min=5000") == set()  # one quantity, both
    assert ids(editor_client, "/api/claims/?q=ballots") == {detained.id, draft.id}
    assert ids(editor_client, "/api/claims/?value_min=680&value_max=680") == {detained.id}
    assert ids(editor_client, "/api/claims/?value_min=701") == {draft.id}
    assert ids(editor_client, "/api/claims/?value_max=5000") == {detained.id}
    assert ids(editor_client, "/api/claims/?created_after=2000-01-01T00:00:00Z") == {detained.id, draft.id}
    assert ids(editor_client, "/api/claims/?created_before=2000-01-01T00:00:00Z") == set()


def test_quantity_filters(editor_client):
    measure = MeasureFactory(slug="detained")
    trump = SpeakerFactory(slug="donald-trump")
    almost = QuantityFactory(
        qualifier="almost",
        value=700,
        unit="people",
        measured="immigrants detained",
        measure=measure,
        claim=ClaimFactory(claimant=trump),
    )
    over = QuantityFactory(qualifier="over", value=300, unit="people", measured="immigrants released")
    two = QuantityFactory(qualifier="at_least", value=2, unit="locations", measured="targets")
    assert ids(editor_client, "/api/quantities/?qualifier=over") == {over.id}
    assert ids(editor_client, "/api/quantities/?unit=People") == {almost.id, over.id}
    assert ids(editor_client, "/api/quantities/?measured=released") == {over.id}
    assert ids(editor_client, "/api/quantities/?measure=detained") == {almost.id}
    assert ids(editor_client, f"/api/quantities/?claim={two.claim_id}") == {two.id}
    assert ids(editor_client, "/api/quantities/?speaker=donald-trump") == {almost.id}
    assert ids(editor_client, "/api/quantities/?value_min=600&value_max=1000") == {almost.id, over.id, two.id}
    assert ids(editor_client, "/api/quantities/?value_max=1") == set()
    assert ids(editor_client, "/api/quantities/?value_min=1000&value_max=600") == set()  # an empty range
    assert ids(editor_client, "/api/claims/?value_min=1000&value_max=600") == set()


def test_measure_filters(editor_client):
    MeasureFactory(slug="detained", name="Raids: detained", counted="people detained", unit="people")
    MeasureFactory(slug="spent", name="Budget", counted="dollars spent", unit="USD")
    assert ids(editor_client, "/api/measures/?name=raids", "slug") == {"detained"}
    assert ids(editor_client, "/api/measures/?counted=dollars", "slug") == {"spent"}
    assert ids(editor_client, "/api/measures/?unit=USD", "slug") == {"spent"}


def test_review_filters(editor_client):
    rating = RatingFactory(slug="half-true")
    trump = SpeakerFactory(slug="donald-trump")
    published = ReviewFactory(
        rating=rating, status="published", published_at=timezone.now(), claim=ClaimFactory(claimant=trump)
    )
    draft = ReviewFactory()
    assert ids(editor_client, f"/api/reviews/?claim={draft.claim_id}") == {draft.id}
    assert ids(editor_client, f"/api/reviews/?scale={rating.scale.slug}") == {published.id}
    assert ids(editor_client, "/api/reviews/?rating=half-true") == {published.id}
    assert ids(editor_client, "/api/reviews/?status=draft") == {draft.id}
    assert ids(editor_client, "/api/reviews/?speaker=donald-trump") == {published.id}
    assert ids(editor_client, "/api/reviews/?published_after=2000-01-01T00:00:00Z") == {published.id}
    assert ids(editor_client, "/api/reviews/?published_before=2000-01-01T00:00:00Z") == set()


def test_claim_relation_filters(editor_client):
    from claims.models import ClaimRelation

    first, second = ClaimFactory(), ClaimFactory()
    relation = ClaimRelation.objects.create(subject=first, object=second, kind="updates")
    assert ids(editor_client, f"/api/claim-relations/?claim={second.id}&kind=updates") == {relation.id}
    assert ids(editor_client, f"/api/claim-relations/?claim={first.id}&kind=contradicts") == set()


@pytest.mark.parametrize(
    "query",
    [
        "/api/quantities/?value_min=abc",
        "/api/quantities/?value_min=NaN",
        "/api/quantities/?value_max=Infinity",
        "/api/quantities/?qualifier=roughly",
        "/api/claims/?status=secret",
        "/api/quotes/?kind=shouted",
        "/api/quotes/?stated_after=yesterday",
        "/api/sources/?published_after=soon",
        "/api/claims/?created_after=2019-13-45",
        "/api/quotes/?page=0",
        "/api/quotes/?page=abc",
        "/api/claims/?value_min=1e999999",
    ],
)
def test_bad_filter_values_are_400_with_json(api_client, query):
    response = api_client.get(query)
    assert response.status_code == 400
    assert isinstance(response.json(), dict) and response.json()


@pytest.mark.parametrize(
    "query",
    ["/api/claims/?ordering=secret", "/api/claims/?ordering=-version", "/api/quotes/?ordering=start,nonsense",
     "/api/sources/?ordering=body", "/api/speakers/?ordering=-is_private", "/api/claims/?ordering=created_at,"],
)  # fmt: skip
def test_ordering_by_a_field_not_offered_is_a_400_naming_those_that_are(api_client, query):
    response = api_client.get(query)
    assert response.status_code == 400
    message = response.json()["ordering"][0]
    assert message.startswith("Order by one of:") and "created_at" in message


def test_ordering_by_offered_fields_still_orders(api_client):
    older, newer = ClaimFactory(status="published"), ClaimFactory(status="published")
    assert ids_in_order(api_client, "/api/claims/?ordering=created_at") == [older.id, newer.id]
    assert ids_in_order(api_client, "/api/claims/?ordering=-created_at") == [newer.id, older.id]


def ids_in_order(client, url):
    return [row["id"] for row in client.get(url).json()["results"]]


def test_every_declared_filter_is_exercised_through_its_endpoint():
    source = open(__file__).read()
    for resource, filterset in [("speakers", filters.SpeakerFilter), ("sources", filters.SourceFilter),
                                ("quotes", filters.QuoteFilter), ("claims", filters.ClaimFilter),
                                ("quantities", filters.QuantityFilter), ("measures", filters.MeasureFilter),
                                ("reviews", filters.ReviewFilter),
                                ("claim-relations", filters.ClaimRelationFilter)]:  # fmt: skip
        missing = {name for name in filterset.base_filters
                   if not re.search(rf"/api/{resource}/\?[^\"]*\b{name}=", source)}  # fmt: skip
        assert missing == set(), f"{resource}: no request uses {sorted(missing)}"


def test_filtersets_do_not_share_filters():
    """Each FilterSet takes its own copies of the filters: a method filter calls its own FilterSet."""
    economy = ClaimFactory(topics=["economy"])
    health = ClaimFactory(topics=["health"])
    first = filters.ClaimFilter({"topic": "economy"})
    second = filters.ClaimFilter({"topic": "health"})
    assert first.filters["topic"] is not second.filters["topic"]
    assert first.filters["topic"] is not filters.ClaimFilter.base_filters["topic"]
    assert first.filters["topic"].parent is first and second.filters["topic"].parent is second
    assert list(first.qs) == [economy] and list(second.qs) == [health]
    assert not hasattr(filters.ClaimFilter.base_filters["topic"], "parent")  # the class's filters are left alone


def test_filter_forms_do_not_share_fields():
    first, second = filters.ClaimFilter({"status": "published"}), filters.ClaimFilter({"status": "draft"})
    assert type(first.form) is type(second.form)  # the form class is built once
    assert first.form.fields["status"] is not second.form.fields["status"]
    first.form.fields["status"].required = True  # a change to one form's field stays in that form
    assert not second.form.fields["status"].required and not type(first.form).base_fields["status"].required
    assert first.is_valid() and second.is_valid()
    assert first.form.cleaned_data["status"] == "published" and second.form.cleaned_data["status"] == "draft"
