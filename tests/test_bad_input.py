"""Hostile or malformed requests answer 400 with a JSON body and change nothing."""

import itertools
import json
import random

import pytest
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.models import Claim, Source, Speaker
from claims.validators import LONG_TEXT_LIMIT, SHORT_TEXT_LIMIT, SOURCE_TEXT_LIMIT, SURELY_INDEXABLE
from tests.factories import ClaimFactory, QuoteFactory, SourceFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def assert_400(response):
    assert response.status_code == 400, response.content
    assert isinstance(response.json(), dict) and response.json()


@pytest.mark.parametrize(
    "url",
    ["/api/speakers/x%00y/", "/api/sources/%00/", "/api/measures/a%00/", "/api/quotes/?speaker=%00",
     "/api/claims/?topic=a%00b", "/api/quantities/?measured=%00"],
)  # fmt: skip
def test_nul_in_url_is_a_400(api_client, url):
    assert_400(api_client.get(url))


@pytest.mark.parametrize(
    ("url", "payload"),
    [
        ("/api/speakers/", {"slug": "x", "name": "X", "organization": "\u0000"}),
        ("/api/quotes/", {"source": "\u0000", "text": "x", "start": 0, "end": 1}),
        ("/api/claims/", {"text": "A claim.", "claimant": "\u0000"}),
        ("/api/sources/", {"slug": "s", "title": "T", "body": "b", "outlet": "\u0000"}),
        ("/api/quantities/", {"claim": 1, "surface": "x", "value": "1", "measure": "\u0000"}),
        ("/api/claims/", {"text": "bad\u0000claim"}),
        ("/api/quantities/", '{"claim": 1e400, "surface": "x", "value": "1"}'),
        ("/api/claims/", '{"text": "A claim.", "appearances": [1e400]}'),
        ("/api/claims/", {"text": "A claim.", "appearances": [10**30]}),
        ("/api/quantities/", {"claim": 10**30, "surface": "x", "value": "1"}),
        ("/api/quotes/", {"source": "s", "text": "x", "start": 0, "end": 10**30}),
        ("/api/quantities/", {"claim": 1, "surface": "x", "value": "1e30"}),
    ],
)
def test_hostile_bodies_are_a_400(editor_client, url, payload):
    ClaimFactory()
    before = (Claim.objects.count(), Speaker.objects.count())
    if isinstance(payload, str):  # JSON the test client cannot encode itself
        assert_400(editor_client.generic("POST", url, payload, content_type="application/json"))
    else:
        assert_400(editor_client.post(url, payload, format="json"))
    assert (Claim.objects.count(), Speaker.objects.count()) == before


def test_nul_in_review_evidence_is_a_400(reviewer_client):
    claim = ClaimFactory()
    payload = {"claim": claim.id, "evidence": [{"url": "https://example.org", "title": "\u0000"}]}
    assert_400(reviewer_client.post("/api/reviews/", payload, format="json"))


def test_json_nan_is_a_400(editor_client):
    claim = ClaimFactory()
    body = f'{{"claim": {claim.id}, "surface": "x", "value": NaN}}'
    assert_400(editor_client.generic("POST", "/api/quantities/", body, content_type="application/json"))


@pytest.mark.parametrize(
    "query",
    ["value_min=-1e999999", "value_max=1e999999", "value_min=1" + "0" * 40, "page_size=abc", "page_size=-1",
     "page_size=0", "page=" + "9" * 5000, "page=٣", "format=xml"],
)  # fmt: skip
def test_out_of_range_query_values_are_a_400(api_client, query):
    assert_400(api_client.get(f"/api/quantities/?{query}"))
    assert_400(api_client.get(f"/api/claims/?{query}"))


@pytest.mark.parametrize("query", ["value_min=1e-20000", "value_max=1e-999999", "value_min=0.00000000001"])
def test_tiny_numbers_are_compared_not_refused(api_client, query):
    assert api_client.get(f"/api/quantities/?{query}").status_code == 200


def test_a_huge_page_size_is_capped(api_client):
    response = api_client.get("/api/quantities/?page_size=" + "9" * 5000)
    assert response.status_code == 200 and response.json()["results"] == []


@pytest.mark.parametrize("debug", [False, True])
def test_urls_no_route_matches_answer_json(api_client, settings, debug):
    settings.DEBUG = debug  # `make run` serves with DEBUG on, where Django's handler404 is not called
    for path in ["/api/no-such-resource/", "/api/claims/1/no-such-action/", "/api/no/such/depth"]:
        response = api_client.get(path)
        assert response.status_code == 404 and response.json() == {"detail": "Not found."}, path
    assert "text/html" in api_client.get("/no-such-page/")["Content-Type"]
    assert api_client.get("/api/claims").status_code == 301  # a missing slash is still added


def test_errors_answer_json_even_when_csv_was_asked(api_client):
    response = api_client.get("/api/claims/999/?format=csv")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_huge_ids_in_urls_are_a_404(api_client):
    assert api_client.get("/api/claims/" + "9" * 30 + "/").status_code == 404
    assert api_client.get("/api/quotes/99999999999999999999/").status_code == 404


def test_writing_a_quote_of_an_unknown_source_names_the_field(editor_client):
    response = editor_client.post("/api/quotes/", {"source": "nope", "text": "x", "start": 0, "end": 1}, format="json")
    assert_400(response)
    assert "source" in response.json()


def test_private_speakers_are_not_named_publicly(api_client, editor_client):
    private = SpeakerFactory(slug="jane-neighbour", name="Jane Neighbour", is_private=True)
    quote = QuoteFactory(speaker=private, source=SourceFactory())
    ClaimFactory(claimant=private, status="published").appearances.add(quote)
    assert api_client.get("/api/speakers/jane-neighbour/").status_code == 404
    assert "jane-neighbour" not in api_client.get("/api/speakers/").content.decode()
    assert api_client.get(f"/api/quotes/{quote.id}/").json()["speaker"] is None
    assert "jane-neighbour" not in api_client.get("/api/claims/").content.decode()
    assert editor_client.get("/api/speakers/jane-neighbour/").json()["name"] == "Jane Neighbour"
    assert editor_client.get(f"/api/quotes/{quote.id}/").json()["speaker"] == "jane-neighbour"


def test_anonymous_clients_see_only_confirmed_appearances(api_client):
    claim = ClaimFactory(status="published")
    confirmed, suggested = QuoteFactory(), QuoteFactory(review_status="suggested")
    claim.appearances.add(confirmed, suggested)
    assert api_client.get(f"/api/claims/{claim.id}/").json()["appearances"] == [confirmed.id]


@pytest.mark.parametrize("offset", ["%2B18:01", "%2B16:00", "-21:50"])
def test_extreme_time_zone_offsets_do_not_break_date_filters(api_client, offset):
    for url in ["/api/sources/?published_after=", "/api/reviews/?published_before=", "/api/claims/?created_after="]:
        assert api_client.get(f"{url}2020-01-01T00:00:00{offset}").status_code == 200


def test_nul_in_form_bodies_is_a_400(editor_client):
    response = editor_client.post("/api/claims/", "text=x&claimant=a%00b",
                                  content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert_400(response)
    response = editor_client.post("/api/speakers/", {"name": "x", "slug": "x", "organization": "a\x00b"})
    assert_400(response)


def test_csv_answers_errors_and_empty_responses_without_crashing(editor_client):
    claim = ClaimFactory(status="draft")
    error = editor_client.post(f"/api/claims/{claim.id}/transition/?format=csv", {"status": "archived"},
                               format="json", HTTP_IF_MATCH="*")  # fmt: skip
    assert error.status_code == 409 and b"can go to" in error.content
    quote = QuoteFactory()
    deleted = editor_client.delete(f"/api/quotes/{quote.id}/?format=csv", HTTP_IF_MATCH="*")
    assert deleted.status_code == 204


def test_json_nested_100000_deep_is_a_400(editor_client):
    deep = "[" * 100_000 + "]" * 100_000
    assert_400(editor_client.generic("POST", "/api/claims/", deep, content_type="application/json"))


def test_a_body_over_the_size_limit_is_a_400_with_json(editor_client):
    big = '{"text": "' + "x" * 6_000_000 + '"}'
    response = editor_client.generic("POST", "/api/claims/", big, content_type="application/json")
    assert response.status_code in (400, 413) and response.json()
    assert not Claim.objects.filter(text__startswith="xxx").exists()


def test_the_api_takes_json_only(editor_client):
    response = editor_client.post("/api/speakers/", "name=x&slug=x", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415 and "detail" in response.json()


def test_an_accept_header_nothing_can_serve_is_a_406_in_json(api_client):
    response = api_client.get("/api/claims/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406 and "detail" in response.json()


ALPHABETS = {
    "latin": "abcdefghijklmnopqrstuvwxyz",
    "cyrillic": "абвгдежзиклмнопрстуфхцчшщэюя",
    "cjk": "一丁七万丈三上下不与丐丑专且世丘丙业丛东丝丢两严丧个中丰串临丸丹为主丽举乃久么义之乌乎乏乐",
}
LONG_TEXTS = [  # (where, field, limit, other fields of a valid record)
    ("/api/sources/", "body", SOURCE_TEXT_LIMIT, {"slug": "long", "title": "A long source"}),
    ("/api/claims/", "text", SHORT_TEXT_LIMIT, {}),
    ("/api/claims/", "context", SHORT_TEXT_LIMIT, {"text": "A claim."}),
    ("/api/speakers/", "description", LONG_TEXT_LIMIT, {"slug": "long", "name": "Long"}),
]
SERIAL = itertools.count()
MODELS = {"/api/sources/": Source, "/api/claims/": Claim, "/api/speakers/": Speaker}


def distinct_words(rng: random.Random, alphabet: str, length: int) -> str:
    """`length` characters of words that repeat as little as possible: the most a search index must hold."""
    words, size = [], 0
    while size < length:
        word = "".join(rng.choices(alphabet, k=rng.randint(2, 9)))
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:length].rstrip() or alphabet[0]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.sampled_from(LONG_TEXTS),
    alphabet=st.sampled_from(sorted(ALPHABETS)),
    beyond=st.sampled_from([-SURELY_INDEXABLE // 2, -1, 0, 1, 2_300_000]),
    seed=st.integers(0, 2**32),
)
def test_long_texts_are_stored_or_refused_with_a_400(editor_client, where, alphabet, beyond, seed):
    """Texts of distinct words up to and past each limit, up to a 2.3 MB body: a 201 or a 400, never a 500."""
    url, field, limit, fields = where
    length = max(1, limit + beyond)
    text = distinct_words(random.Random(seed), ALPHABETS[alphabet], length)
    model = MODELS[url]
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    fields = {name: f"{value}-{next(SERIAL)}" if name == "slug" else value for name, value in fields.items()}
    response = editor_client.post(url, {**fields, field: text}, format="json")
    if len(text) > limit:
        assert_400(response)
    elif len(text) <= SURELY_INDEXABLE:
        assert response.status_code == 201, response.content[:300]
    else:  # long enough that a script of many-byte letters may pass the search index's 1 MB
        assert response.status_code in (201, 400), response.content[:300]
        if response.status_code == 400:
            assert "search index" in str(response.json()), response.json()
        elif alphabet == "latin":
            assert response.status_code == 201
    created = model.objects.filter(pk__gt=last)
    if response.status_code == 400:
        assert not created.exists()
    else:
        created.delete()


def list_query_parameters() -> list[tuple[str, str]]:
    """Every (list endpoint, query parameter) the OpenAPI schema documents."""
    schema = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    return [
        (path, parameter["name"])
        for path, operations in schema["paths"].items()
        if "{" not in path and "get" in operations
        for parameter in operations["get"].get("parameters", [])
        if parameter["in"] == "query"
    ]


QUERY_PARAMETERS = list_query_parameters()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.sampled_from(QUERY_PARAMETERS),
    value=st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=30),
    shape=st.sampled_from(["{}", "Zq{}", "{},{}", "2019-{}", "1{}", "{}/x"]),
)
def test_errors_never_repeat_a_query_value(api_client, unthrottled, where, value, shape):
    """A 400 names what is wrong, never the value sent: redacted, an echo would confirm a private name."""
    path, name = where
    sent = shape.format(value, value) + "Qxzv"
    response = api_client.get(path, {name: sent})
    assert response.status_code in (200, 400), (path, name, response.status_code)
    if response.status_code == 400:
        assert_400(response)
        body = response.content.decode()
        assert "Qxzv" not in body and json.dumps(sent)[1:-1] not in body, body
