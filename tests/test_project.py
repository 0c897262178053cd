import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x7#production-like-secret-key-with-enough-entropy-9f2c4e1b7a3d5f60",
    "DJANGO_ALLOWED_HOSTS": "factcheck.example.org",
    "DJANGO_DEBUG": "0",
    "DJANGO_HTTPS": "1",
}


@pytest.mark.django_db
def test_migrations_are_in_step_with_the_models():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def test_deploy_checks_pass_with_production_settings():
    env = {**os.environ, **PRODUCTION_ENV}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_database_connections_are_persistent_and_health_checked():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


@pytest.mark.django_db
def test_ensure_admin_creates_one_superuser_once(monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_ADMIN_PASSWORD", "a-long-test-password-123")
    first, second = StringIO(), StringIO()
    call_command("ensure_admin", stdout=first)
    call_command("ensure_admin", stdout=second)
    assert "Created superuser 'admin'" in first.getvalue() and "a-long-test-password-123" not in first.getvalue()
    assert "already exists" in second.getvalue()
    assert django_user_model.objects.get(username="admin").check_password("a-long-test-password-123")
    assert "changepassword" in second.getvalue()  # how to reset it, where the newcomer looks


@pytest.mark.django_db
def test_database_command_says_which_postgresql_answers():
    out = StringIO()
    call_command("database", stdout=out)
    name = settings.DATABASES["default"]["NAME"]
    assert out.getvalue().startswith("PostgreSQL ") and f"database {name!r}" in out.getvalue()


@pytest.mark.django_db
def test_admin_names_the_product_and_view_site_leads_to_the_home_page(admin_client):
    page = admin_client.get("/admin/").content.decode()
    assert "<title>Sources, quotes, claims and reviews | Factcheck</title>" in page
    assert 'id="site-name"><a href="/admin/">Factcheck</a>' in page
    assert 'href="/">View site</a>' in page
    assert "Latest fact checks" in admin_client.get("/").content.decode()
