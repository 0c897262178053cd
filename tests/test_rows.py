"""Claims built as JSON by PostgreSQL (claims.api.claim_json) equal ClaimSerializer's output, field for field."""

import csv
import datetime
import io
import json

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIRequestFactory, force_authenticate

from claims.api.claim_json import claims_json
from claims.api.serializers import ClaimSerializer
from claims.models import Claim
from tests.factories import ClaimFactory, MeasureFactory, QuantityFactory, QuoteFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied_claims():
    measure = MeasureFactory(slug="ballots-counted")
    private = SpeakerFactory(slug="a-neighbour", is_private=True)
    first, second = SourceFactory(), SourceFactory()
    full = ClaimFactory(status="published", claimant=SpeakerFactory(), topics=["elections", "ballots"],
                        stated_on=datetime.date(2024, 3, 5), context="a rally", checkworthiness=0.35,
                        appearance_urls=["https://example.org/a"])  # fmt: skip
    full.appearances.add(QuoteFactory(source=second), QuoteFactory(source=first),
                         QuoteFactory(source=first, review_status="suggested"))  # fmt: skip
    QuantityFactory(claim=full, qualifier="almost", value=700, measure=measure, as_of=datetime.date(2019, 8, 7))
    QuantityFactory(claim=full, qualifier="over", value=300)
    QuantityFactory(claim=full, qualifier="between", value="-2.5", value_to="12.125")
    QuantityFactory(claim=full, qualifier="about", value="0.3333")
    QuantityFactory(claim=full, qualifier="under", value=-40)
    ClaimFactory(status="published", claimant=private, checkworthiness=None)
    bare = ClaimFactory(status="published", claimant=None)
    Claim.objects.filter(pk=bare.pk).update(created_at=datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.UTC))
    ClaimFactory(status="draft")
    return full


def expected(claim_id, user=None):
    request = APIRequestFactory().get("/api/claims/")
    if user is not None:
        force_authenticate(request, user)
    from rest_framework.request import Request

    drf_request = Request(request)
    if user is not None:
        drf_request.user = user
    claim = Claim.objects.get(pk=claim_id)
    data = ClaimSerializer(claim, context={"request": drf_request}).data
    quotes = claim.appearances.order_by("source_id", "start", "id")
    if user is None:  # anonymous readers see confirmed quotes only
        quotes = quotes.confirmed()
    data["appearances"] = list(quotes.values_list("id", flat=True))
    return json.loads(JSONRenderer().render(data))


def test_the_list_equals_the_serializer_for_anonymous_readers(api_client, varied_claims):
    response = api_client.get("/api/claims/")
    assert b'{"id":' in response.content and b'" : ' not in response.content  # compact, as DRF writes
    rows = response.json()["results"]
    assert len(rows) == 3  # the draft is not public
    for row in rows:
        assert row == expected(row["id"])
    private = next(row for row in rows if row["checkworthiness"] is None)
    assert private["claimant"] is None


def test_the_list_and_detail_equal_the_serializer_for_editors(editor_client, editor, varied_claims):
    rows = editor_client.get("/api/claims/").json()["results"]
    assert len(rows) == 4
    for row in rows:
        assert row == expected(row["id"], editor)
        detail = editor_client.get(f"/api/claims/{row['id']}/")
        assert detail.json() == row and detail["ETag"] == f'"{Claim.objects.get(pk=row["id"]).version}"'


def test_a_claim_is_written_byte_for_byte_as_drf_writes_it(editor_client, editor, varied_claims):
    for claim in Claim.objects.all():
        written = editor_client.get(f"/api/claims/{claim.pk}/").content
        assert written == JSONRenderer().render(expected(claim.pk, editor))


def test_numbers_and_instants_are_written_as_the_serializer_writes_them(api_client, varied_claims):
    row = api_client.get(f"/api/claims/{varied_claims.id}/").json()
    by_qualifier = {quantity["qualifier"]: quantity for quantity in row["quantities"]}
    assert by_qualifier["almost"]["value"] == "700.0000" and by_qualifier["almost"]["measure"] == "ballots-counted"
    assert by_qualifier["over"]["upper"] is None and by_qualifier["over"]["lower_inclusive"] is False
    assert by_qualifier["between"]["value_to"] == "12.1250" and by_qualifier["between"]["lower"] == "-2.5"
    assert len(row["appearances"]) == 2  # the suggested quote is not public
    bare = api_client.get("/api/claims/?ordering=created_at").json()["results"][0]
    assert bare["created_at"] == "2020-01-02T03:04:05Z"


@pytest.mark.parametrize("query", ["ballots", '"a rally" OR ballots -nothing', "  "])
def test_search_snippets_equal_the_serializers(api_client, varied_claims, query):
    rows = api_client.get("/api/claims/", {"q": query}).json()["results"]
    written = csv.DictReader(
        io.StringIO(api_client.get("/api/claims/", {"q": query, "format": "csv"}).content.decode())
    )
    by_serializer = {int(row["id"]): row["snippet"] or None for row in written}
    assert rows and {row["id"]: row["snippet"] for row in rows} == by_serializer
    assert (
        all("<mark>" in row["snippet"] for row in rows)
        if query.strip()
        else all(row["snippet"] is None for row in rows)
    )


def test_csv_and_the_browsable_api_still_use_the_serializer(api_client, varied_claims):
    assert api_client.get("/api/claims/?format=csv").content.decode().startswith("id,uid,text,claimant")
    assert api_client.get(f"/api/claims/{varied_claims.id}/?format=api").status_code == 200
    assert api_client.get("/api/claims/999999/").status_code == 404


@pytest.mark.parametrize("status", ["draft", "in_review", "archived"])
def test_a_claim_read_by_id_is_shown_only_to_those_who_may_see_it(api_client, editor_client, status):
    claim = ClaimFactory(status=status)
    assert api_client.get(f"/api/claims/{claim.id}/").status_code == 404
    answer = editor_client.get(f"/api/claims/{claim.id}/")
    assert answer.status_code == 200 and answer.json()["status"] == status


@pytest.mark.parametrize("raw", ["abc", "1e3", "-1", "0", str(2**63), "9" * 30, "%20"])
def test_ids_that_name_no_claim_are_not_found(api_client, editor_client, raw):
    for client in (api_client, editor_client):
        answer = client.get(f"/api/claims/{raw}/")
        assert answer.status_code == 404 and answer.json()["detail"]


def test_the_json_statement_is_prepared_once_and_the_page_query_never(api_client, varied_claims):
    from django.db import connection

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [statement for (statement,) in cursor.fetchall()]

    for query in ["", "?q=ballots", "?speaker=a-neighbour", "?value_min=1&value_max=800"]:
        assert api_client.get(f"/api/claims/{query}").status_code == 200
    assert api_client.get(f"/api/claims/{varied_claims.id}/").status_code == 200
    statements = prepared()
    # One statement writes every page, whatever found it; the queries finding pages are planned each time.
    assert any("row_to_json" in s and "unnest($" in s for s in statements)
    page_finding = ['"search" @@', "&& '[", '"claims_speaker"."slug" =', "LIMIT"]
    assert not [s for s in statements if any(marker in s for marker in page_finding)]


@pytest.fixture
def json_statement_ids(monkeypatch):
    """The ids sent for every statement writing claims' JSON, a list's or a detail's."""
    from claims.api import claim_json, views

    sent = []

    def recording(ids, **kwargs):
        sent.append(list(ids))
        return claims_json(ids, **kwargs)

    for module in (views, claim_json):
        monkeypatch.setattr(module, "claims_json", recording)
    return sent


def test_a_page_of_claims_writes_json_for_exactly_its_claims(api_client, json_statement_ids):
    ClaimFactory.create_batch(55, status="published")
    first = api_client.get("/api/claims/").json()
    assert len(first["results"]) == 50 and first["next"]
    last = api_client.get("/api/claims/?page=2").json()
    assert len(last["results"]) == 5 and last["next"] is None
    assert [len(ids) for ids in json_statement_ids] == [50, 5]
    assert json_statement_ids[0] == [row["id"] for row in first["results"]]


def test_only_the_projects_json_renderer_takes_the_sql_built_path(api_client, varied_claims, json_statement_ids):
    from rest_framework import renderers
    from rest_framework.test import APIRequestFactory

    from claims.api.views import ClaimViewSet

    built = api_client.get("/api/claims/").json()
    detail = api_client.get(f"/api/claims/{varied_claims.id}/").json()
    assert len(json_statement_ids) == 2
    drf_json = {"renderer_classes": [renderers.JSONRenderer]}  # cannot splice rows PostgreSQL wrote
    listed = ClaimViewSet.as_view({"get": "list"}, **drf_json)(APIRequestFactory().get("/api/claims/")).render()
    read = ClaimViewSet.as_view({"get": "retrieve"}, **drf_json)(APIRequestFactory().get("/"), pk=varied_claims.id)
    assert len(json_statement_ids) == 2  # the serializer wrote these
    assert json.loads(listed.content) == built and json.loads(read.render().content) == detail
