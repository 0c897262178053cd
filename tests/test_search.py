"""Full-text search: web-search syntax, snippets, rank, and agreement with plain SQL."""

import pytest
from django.db import connection

from tests.factories import ClaimFactory, QuantityFactory, QuoteFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def texts(client, url, key="text"):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [row[key] for row in response.json()["results"]]


@pytest.fixture
def claims():
    trump = SpeakerFactory(slug="donald-trump")
    made = {
        "raids": ClaimFactory(text="Almost 700 immigrants were detained in the Mississippi raids.", claimant=trump),
        "released": ClaimFactory(text="Over 300 detained immigrants were released by Thursday."),
        "wall": ClaimFactory(text="The border wall is being built right now.", claimant=trump),
        "draft": ClaimFactory(text="Immigrants detained in secret raids.", status="draft"),
    }
    QuantityFactory(claim=made["raids"], qualifier="almost", value=700)
    return made


def test_words_match_their_stems(api_client, claims):
    assert set(texts(api_client, "/api/claims/?q=detain")) == {claims["raids"].text, claims["released"].text}


def test_exact_phrase_exclusion_and_or(api_client, claims):
    assert texts(api_client, '/api/claims/?q="detained immigrants"') == [claims["released"].text]
    assert texts(api_client, "/api/claims/?q=immigrants -released") == [claims["raids"].text]
    assert set(texts(api_client, "/api/claims/?q=wall or raids")) == {claims["wall"].text, claims["raids"].text}


def test_search_combines_with_other_filters(api_client, claims):
    assert texts(api_client, "/api/claims/?q=immigrants&speaker=donald-trump") == [claims["raids"].text]
    assert texts(api_client, "/api/claims/?q=immigrants&value_min=680&value_max=680") == [claims["raids"].text]


def test_drafts_stay_hidden_from_anonymous_search(api_client, editor_client, claims):
    assert claims["draft"].text not in texts(api_client, "/api/claims/?q=secret")
    assert texts(editor_client, "/api/claims/?q=secret") == [claims["draft"].text]


def test_results_carry_a_highlighted_snippet(api_client, claims):
    [row] = api_client.get("/api/claims/?q=wall").json()["results"]
    assert "<mark>wall</mark>" in row["snippet"]
    assert api_client.get("/api/claims/").json()["results"][0]["snippet"] is None


def test_newest_first_by_default_and_by_rank_on_request(api_client):
    old = ClaimFactory(text="Raids raids raids: the raids were large.")
    new = ClaimFactory(text="Officials described the raids.")
    assert texts(api_client, "/api/claims/?q=raids") == [new.text, old.text]
    assert texts(api_client, "/api/claims/?q=raids&ordering=-rank") == [old.text, new.text]
    assert len(texts(api_client, "/api/claims/?ordering=-rank")) == 2  # no search: rank is ignored


def test_quote_and_source_search(api_client):
    source = SourceFactory(title="Ballots story")
    QuoteFactory(source=source, speaker=SpeakerFactory(slug="mayor"))
    assert texts(api_client, "/api/quotes/?q=ballots&speaker=mayor") == ["we counted almost 700 ballots"]
    [row] = api_client.get("/api/sources/?q=ballots").json()["results"]
    assert row["slug"] == source.slug and "<mark>" in row["snippet"]


@pytest.mark.parametrize("query", ["immigrants", '"border wall"', "raids -secret", "wall or released", "x:* & !",
                                   "(((", "'", "-", '"', "or or"])  # fmt: skip
def test_search_returns_exactly_what_sql_returns(api_client, claims, query):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT text FROM claims_claim WHERE status = 'published' AND "
            "search @@ websearch_to_tsquery('english', %s)", [query])  # fmt: skip
        expected = {row[0] for row in cursor.fetchall()}
    response = api_client.get("/api/claims/", {"q": query, "page_size": 100})
    assert response.status_code == 200
    assert {row["text"] for row in response.json()["results"]} == expected


def test_a_very_long_search_is_a_400(api_client):
    assert api_client.get("/api/claims/", {"q": "jobs " * 100}).status_code == 400


def test_sorted_pages_never_repeat_or_drop_rows(api_client):
    for n in range(23):
        ClaimFactory(text=f"Tax claim {n}.", checkworthiness=0.5)
    seen, url = [], "/api/claims/?ordering=checkworthiness&page_size=5&q=tax"
    while url:
        page = api_client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 23
