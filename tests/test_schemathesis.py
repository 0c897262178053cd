"""Schema-driven fuzzing: schemathesis generates requests from the API's own OpenAPI schema.

Every operation gets at least SCHEMATHESIS_EXAMPLES generated cases (valid and invalid), sent
in-process through the WSGI application, once anonymously and once as an editor, with every
check schemathesis has: no 5xx, only documented statuses, content types and headers, bodies that
match the response schemas, invalid input refused and valid input accepted.
"""

import collections
import itertools
import os
from unittest import mock

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle

from claims.choices import RelationKind
from claims.models import Claim, Measure, Quote, Rating, Source, Speaker
from factcheck.wsgi import application
from tests.factories import UserFactory

SERIAL = itertools.count()
CASES = collections.Counter()  # (role, operation) -> cases sent; printed after the run (tests/conftest.py)
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "100"))

EDITOR_TOKEN = "5c4e3a1f0b9d8e7c6a5b4d3c2e1f0a9b8c7d6e5f"  # created by the editor_token fixture


def load_schema(**options):
    # Besides schemathesis' defaults: a schema-valid write may still name a stale version (412, the
    # state of the data, like 404 and 409); 412 also refuses invalid data (nothing is changed); a
    # write missing If-Match is answered 428 (RFC 6585). NUL characters are not generated: the
    # schema cannot say that form field names may not hold them (tests/test_bad_input.py sends them).
    config = schemathesis.Config.from_dict({
        **options,
        "generation": {"allow-x00": False},
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "412", "429"]},
            "negative_data_rejection": {"expected-statuses": ["400", "401", "403", "404", "405", "406", "409",
                                                              "412", "415", "422", "428", "429"]},
            "missing_required_header": {"expected-statuses": ["400", "401", "403", "428"]},
        },
    })  # fmt: skip
    # Read at collection, before there is a test database to count requests in: unthrottled.
    with mock.patch.dict(SimpleRateThrottle.THROTTLE_RATES, anon=None, user=None):
        return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, config=config)


anonymous = load_schema()
editor = load_schema()


@editor.auth(retry_on=[])
class EditorToken:
    """The editor's token on every request (schemathesis' auth checks then send it wrong or not at all)."""

    def get(self, case, context):
        return EDITOR_TOKEN

    def set(self, case, token, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {token}"}


def with_existing_records(case):
    """Positive cases name records that exist, as a client's valid request would.

    The schema cannot say that a claim id must exist, that a slug is unused, that a quote's text
    is the body at its offsets or that a confirmed direct quote names its speaker; positive cases
    get those from the seeded database, so that "schema-valid request rejected" means the API
    refused a request it should have taken.
    """
    meta = case.meta
    if meta is not None and meta.generation.mode.is_positive and isinstance(case.body, dict):
        case.body = realistic(case.operation.path, dict(case.body))
    return case


def realistic(path: str, body: dict) -> dict:
    serial = next(SERIAL)
    speakers = list(Speaker.objects.order_by("pk").values_list("slug", flat=True))
    claims = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    for name in ("claimant", "speaker", "organization"):
        if body.get(name) is not None:
            body[name] = speakers[serial % len(speakers)]
    if body.get("outlet") is not None:
        body["outlet"] = Speaker.objects.filter(kind=Speaker.Kind.OUTLET).order_by("pk").first().slug
    if "slug" in body:
        body["slug"] = f"{body['slug'][:100]}-{serial}"
    if path == "/api/sources/" and body.get("url"):
        body["url"] = f"https://example.org/{serial}"  # a source's URL is unique
    if body.get("measure") is not None:
        body["measure"] = Measure.objects.order_by("pk").first().slug
    if "appearances" in body:
        quotes = Quote.objects.order_by("pk").values_list("pk", flat=True)
        body["appearances"] = list(quotes[: len(body["appearances"])])
    if "rating" in body and body["rating"] is not None:
        rating = Rating.objects.select_related("scale").order_by("pk").first()
        body["rating"] = f"{rating.scale.slug}/{rating.slug}"
    if path.startswith("/api/claim-relations/"):
        pairs = [(a, b) for a in claims for b in claims if a != b]
        body["subject"], body["object"] = pairs[serial % len(pairs)]
        body["kind"] = RelationKind.values[serial // len(pairs) % len(RelationKind.values)]
    elif "claim" in body:
        body["claim"] = claims[serial % len(claims)]
    if path.startswith("/api/quotes/") and "source" in body:
        source = Source.objects.order_by("pk").first()
        body["source"] = source.slug
        start = body.get("start", 0) % (len(source.body) - 1)
        body["start"], body["end"] = start, min(len(source.body), start + max(1, len(body.get("text", "")) or 1))
        body["text"] = source.body[body["start"] : body["end"]]
    if path.startswith("/api/quotes/") and body.get("review_status") == "confirmed" and body.get("speaker") is None:
        body["speaker"] = speakers[serial % len(speakers)]  # a confirmed direct or partial quote names its speaker
    if "qualifier" in body or "value_to" in body:
        if body.get("qualifier") == "between":
            body["value"], body["value_to"] = "1", "2"
        else:
            body["value_to"] = None
        if body.get("qualifier") == "order_of_magnitude" and "value" in body:
            body["value"] = "100"  # "hundreds": an order of magnitude must be positive
    return body


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
    database=None,
)


@pytest.fixture(autouse=True)
def keep_test_connection():
    # Like Django's test client: the WSGI handler must not close the connection that holds the
    # test's transaction at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(seeded):
    user = UserFactory()
    user.groups.add(Group.objects.get(name="editor"))
    return Token.objects.create(user=user, key=EDITOR_TOKEN).key


@anonymous.parametrize()
@FUZZ
@pytest.mark.django_db
def test_anonymous(case, seeded):
    CASES["anonymous", case.operation.label] += 1
    with_existing_records(case).call_and_validate()


@editor.parametrize()
@FUZZ
@pytest.mark.django_db
def test_editor(case, editor_token):
    CASES["editor", case.operation.label] += 1
    with_existing_records(case).call_and_validate()
