"""Every list endpoint costs the same number of queries for a page of 1 and a page of 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from claims.models import Claim
from tests.factories import ClaimFactory, MeasureFactory, QuantityFactory, QuoteFactory, ReviewFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

# Queries per list request, as pinned. Every request counts itself against its rate (one statement,
# claims.api.throttling). Anonymous clients run no permission queries, but one for the private names to
# black out (claims.privacy); an editor's request loads the user's permissions (two queries, once
# per request) and skips the names. Claims are two queries: the page's ids, then PostgreSQL writes
# each row's JSON, quantities and appearances included (claims.api.claim_json).
EXPECTED = {"speakers": 3, "sources": 3, "quotes": 3, "claims": 4, "quantities": 3, "measures": 3, "reviews": 4}
EDITOR_EXPECTED = {"speakers": 4, "sources": 4, "quotes": 4, "claims": 5, "quantities": 4, "measures": 4, "reviews": 5}


@pytest.fixture
def sixty_of_everything():
    organization = SpeakerFactory(kind="organization")
    measure = MeasureFactory()
    for n in range(60):
        quote = QuoteFactory(speaker=SpeakerFactory(organization=organization))
        claim = ClaimFactory(claimant=quote.speaker)
        claim.appearances.add(quote)
        QuantityFactory(claim=claim, measure=measure)
        QuantityFactory(claim=claim, qualifier="over", value=n)
        ReviewFactory(claim=claim, status="published", published_at=timezone.now())
        MeasureFactory()


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize("resource", sorted(EXPECTED))
def test_list_query_count_does_not_grow_with_page_size(api_client, sixty_of_everything, resource):
    small = queries_for(api_client, f"/api/{resource}/?page_size=1")
    large = queries_for(api_client, f"/api/{resource}/?page_size=50")
    assert len(api_client.get(f"/api/{resource}/?page_size=50").json()["results"]) == 50
    assert small == large == EXPECTED[resource]


@pytest.mark.parametrize("resource", sorted(EXPECTED))
def test_editor_list_query_count_does_not_grow_with_page_size(editor, sixty_of_everything, resource):
    def queries_as_editor(url):
        client = APIClient()
        client.force_authenticate(type(editor).objects.get(pk=editor.pk))  # no permission cache carried over
        return queries_for(client, url)

    small = queries_as_editor(f"/api/{resource}/?page_size=1")
    large = queries_as_editor(f"/api/{resource}/?page_size=50")
    assert small == large == EDITOR_EXPECTED[resource]


def test_claim_detail_is_one_query_besides_the_names(api_client, sixty_of_everything):
    claim = ClaimFactory(status="published")
    QuantityFactory(claim=claim)
    with CaptureQueriesContext(connection) as context:
        response = api_client.get(f"/api/claims/{claim.id}/")
    assert response.status_code == 200 and response["ETag"] == f'"{claim.version}"'
    assert len(response.json()["quantities"]) == 1
    # The rate count (claims.api.throttling), the private names (claims.privacy), then the claim's JSON
    # with its version if this reader may see it.
    assert len(context) == 3


def test_public_search_can_walk_the_covering_index(api_client, sixty_of_everything):
    """The search page query keeps the shape claim_published_search serves (published, newest first)."""
    Claim.objects.update(status="published")
    with CaptureQueriesContext(connection) as context:
        assert api_client.get("/api/claims/?q=ballots").status_code == 200
    [page_query] = [q["sql"] for q in context.captured_queries if "websearch_to_tsquery" in (q["sql"] or "")]
    with connection.cursor() as cursor:
        # The test table is too small for the planner to prefer an index on its own.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN {page_query}")
        plan = "\n".join(row for (row,) in cursor.fetchall())
    assert "Index Only Scan using claim_published_search" in plan, plan


def test_a_search_reads_the_private_names_once_for_its_words(api_client, sixty_of_everything):
    """The filter, the rank and the snippet share one reading of the search words against the private
    names; the redaction of the answer is the one other reading."""
    SpeakerFactory(name="Jane Private", is_private=True)
    with CaptureQueriesContext(connection) as context:
        assert api_client.get("/api/claims/?q=ballots").status_code == 200
    statements = [q["sql"] or "" for q in context.captured_queries]
    assert sum("WHERE is_private" in sql for sql in statements) == 2
    assert sum("tsvector_to_array" in sql for sql in statements) == 1
