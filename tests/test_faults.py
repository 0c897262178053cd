"""Faults: database connections killed between requests, and the readiness endpoint."""

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
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
