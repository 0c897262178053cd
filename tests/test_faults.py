"""Faults: database connections killed between requests, and the readiness endpoint."""

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.test import RequestFactory


def kill_backend(pid: int) -> None:
    settings = connection.settings_dict
    with psycopg.connect(dbname="postgres", user=settings["USER"] or "postgres", host=settings["HOST"] or None,
                         port=settings["PORT"] or None, password=settings["PASSWORD"] or None,
                         autocommit=True) as admin:  # fmt: skip
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def wsgi_get(path: str) -> int:
    """A request through Django's real WSGI handler (the test client switches its connection checks off)."""
    environ = RequestFactory().get(path).environ
    status = []
    body = WSGIHandler()(environ, lambda code, headers: status.append(code))
    b"".join(body)
    return int(status[0].split()[0])


@pytest.mark.django_db(transaction=True)
def test_killed_connections_between_requests_fail_no_request():
    failures = 0
    for _ in range(5):
        failures += wsgi_get("/api/claims/") != 200
        kill_backend(connection.connection.info.backend_pid)  # as when PostgreSQL restarts between requests
    assert failures == 0
    assert wsgi_get("/api/health/") == 200


@pytest.mark.django_db
def test_readiness_reports_the_database(api_client):
    response = api_client.get("/api/health/")
    assert response.status_code == 200 and response.json() == {"database": "ok"}


def test_readiness_answers_a_token_holder_while_the_database_is_down(editor, monkeypatch):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    token = Token.objects.create(user=editor)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    def unavailable(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", unavailable)
        response = client.get("/api/health/")
    assert response.status_code == 503 and response.json() == {"database": "unavailable"}


@pytest.mark.django_db(transaction=True)
def test_a_write_that_fails_halfway_leaves_nothing(roles):
    """The speaker row and its history commit together: a failure after the row is written undoes it."""
    from django.contrib.auth.models import Group
    from rest_framework.test import APIClient
    from simple_history.models import HistoricalRecords

    from claims.models import Speaker
    from tests.factories import UserFactory

    user = UserFactory()
    user.groups.add(Group.objects.get(name="editor"))
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)

    def history_lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    original = HistoricalRecords.create_historical_record
    HistoricalRecords.create_historical_record = history_lost
    try:
        response = client.post("/api/speakers/", {"slug": "half-written", "name": "Half Written"}, format="json")
    finally:
        HistoricalRecords.create_historical_record = original
    assert response.status_code == 500
    assert not Speaker.objects.filter(slug="half-written").exists()
