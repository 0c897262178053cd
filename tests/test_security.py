"""Security headers, throttling, and error pages that leak nothing."""

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_pages_carry_a_content_security_policy(client):
    for url in ["/api/", "/admin/login/", "/api/docs/"]:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert response["X-Content-Type-Options"] == "nosniff" and response["X-Frame-Options"] == "DENY"


def test_swagger_ui_needs_no_inline_script(client):
    page = client.get("/api/docs/").content.decode()
    assert "<script>" not in page and "drf_spectacular_sidecar/swagger-ui-dist" in page


def test_anonymous_clients_are_throttled_with_retry_after(api_client):
    codes = [api_client.get("/api/speakers/").status_code for _ in range(125)]
    assert codes[0] == 200 and codes[-1] == 429
    response = api_client.get("/api/speakers/")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_token_logins_are_throttled(api_client):
    user = UserFactory()
    ok = api_client.post("/api/auth/token/", {"username": user.username, "password": "correct-horse-battery"})
    assert ok.status_code == 200 and ok.json()["token"]
    codes = [api_client.post("/api/auth/token/", {"username": user.username, "password": "wrong"}).status_code
             for _ in range(12)]  # fmt: skip
    assert codes[0] == 400 and 429 in codes


def test_token_authenticates_writes(api_client, editor):
    token = api_client.post("/api/auth/token/", {"username": editor.username,
                                                 "password": "correct-horse-battery"}).json()["token"]  # fmt: skip
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.post("/api/speakers/", {"slug": "new", "name": "New"}, format="json").status_code == 201


def test_server_errors_leak_no_traceback(settings, monkeypatch):
    from claims.api import views

    def explode(*args, **kwargs):
        raise RuntimeError("SELECT secret FROM settings")

    monkeypatch.setattr(views.MeasureViewSet, "list", explode)
    client = Client(raise_request_exception=False)
    response = client.get("/api/measures/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "SELECT" not in body and "Traceback" not in body and "secret" not in body


def test_schema_documents_errors_and_public_reads():
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("spectacular", "--format", "openapi-json", stdout=out, stderr=StringIO())
    paths = json.loads(out.getvalue())["paths"]
    patch = paths["/api/claims/{id}/"]["patch"]
    assert {"400", "401", "403", "404", "406", "412", "415", "428", "429"} <= set(patch["responses"])
    assert "409" in paths["/api/speakers/{slug}/"]["delete"]["responses"]
    assert {} in paths["/api/claims/"]["get"]["security"]


def test_admin_logins_are_throttled(client):
    user = UserFactory(is_staff=True)
    codes = [client.post("/admin/login/", {"username": user.username, "password": "wrong"}).status_code
             for _ in range(12)]  # fmt: skip
    assert codes[0] == 200 and codes[-1] == 429
    response = client.post("/admin/login/", {"username": user.username, "password": "correct-horse-battery"})
    assert response.status_code == 429 and response["Retry-After"] == "60"


def test_private_names_appear_in_no_public_answer(api_client, editor_client):
    from django.utils import timezone

    from tests.factories import (
        ClaimFactory,
        QuantityFactory,
        QuoteFactory,
        ReviewFactory,
        SourceFactory,
        SpeakerFactory,
    )

    marker = "Zyxwv Marker-Person"
    private = SpeakerFactory(slug="zyxwv-marker-person", name=marker, is_private=True, aliases=["Zyxwv"])
    SpeakerFactory(name="O'Zyxwvson Qzy", is_private=True)  # found by its first word, "o"
    # The article itself names the private person, and so does a quote of it and a claim.
    body = f"{marker} said “ZYXWV   Marker-Person counted almost 700 ballots” Monday. Zyxwv left, O'ZYXWVSON qzy too."
    source = SourceFactory(slug="marker-source", body=body)
    quote = QuoteFactory(speaker=private, source=source, text="ZYXWV   Marker-Person counted almost 700 ballots",
                         speaker_mention=marker, role=f"neighbour of {marker}")  # fmt: skip
    claim = ClaimFactory(claimant=private, text=f"{marker} counted ballots twice.")
    claim.appearances.add(quote)
    QuantityFactory(claim=claim)
    ReviewFactory(claim=claim, status="published", published_at=timezone.now())
    urls = [
        "/api/speakers/", "/api/quotes/", f"/api/quotes/{quote.id}/", f"/api/quotes/{quote.id}/annotation/",
        "/api/claims/", f"/api/claims/{claim.id}/", f"/api/claims/{claim.id}/similar/",
        f"/api/claims/{claim.id}/claimreview/", "/api/claimreviews/", "/api/quantities/", "/api/reviews/",
        "/api/claims/?q=ballots", "/api/quotes/?q=ballots", "/api/quotes/?format=csv", "/api/claims/?format=csv",
        "/api/sources/", "/api/sources/?q=ballots", "/api/sources/?format=csv", "/api/sources/marker-source/",
        "/api/speakers/zyxwv-marker-person/", "/api/claims/?q=zyxwv", f"/api/claims/{claim.id}/?format=api",
        "/admin/claims/speaker/", f"/admin/claims/speaker/{private.pk}/history/",
    ]  # fmt: skip
    for url in urls:
        content = api_client.get(url).content.decode()
        assert "zyxwv" not in content.lower(), url

    # Blacked out character for character: the quote still sits at its offsets in the body.
    public_body = api_client.get("/api/sources/marker-source/").json()["body"]
    public_quote = api_client.get(f"/api/quotes/{quote.id}/").json()
    assert len(public_body) == len(body) and "█" in public_body
    assert public_body[public_quote["start"] : public_quote["end"]] == public_quote["text"]
    # The newsroom still reads what was written.
    assert editor_client.get("/api/sources/marker-source/").json()["body"] == body
