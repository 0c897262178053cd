import os
import shutil
import sys

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from claims.seeding import load_seeds
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    # Production serves hashed files collected by collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    # Request rates are counted in the cache: each test starts with none spent.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def seeded(db):
    """The real seeds/ folder, loaded as operators load it."""
    return load_seeds()


@pytest.fixture
def roles(db, tmp_path, settings):
    """Only the editor and reviewer groups, from the real seeds/fixtures/groups.json."""
    (tmp_path / "fixtures").mkdir()
    shutil.copy(settings.SEEDS_DIR / "fixtures" / "groups.json", tmp_path / "fixtures")
    return load_seeds(tmp_path)


@pytest.fixture
def api_client():
    return APIClient()


def _member_of(group_name: str):
    user = UserFactory()
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(roles):
    return _member_of("editor")


@pytest.fixture
def reviewer(roles):
    return _member_of("reviewer")


@pytest.fixture
def editor_client(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture
def reviewer_client(reviewer):
    client = APIClient()
    client.force_authenticate(reviewer)
    return client


# --- browser tests (Playwright driving the machine's Chromium) ---------------------------------
# Playwright runs an event loop in the test thread; Django's ORM is used synchronously beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def pytest_terminal_summary(terminalreporter):
    """How many cases schemathesis generated, per role: the figure the fuzzing is judged by."""
    module = sys.modules.get("tests.test_schemathesis")
    cases = getattr(module, "CASES", None)
    if not cases:
        return
    for role in sorted({role for role, _ in cases}):
        counts = sorted(count for (who, _), count in cases.items() if who == role)
        terminalreporter.write_line(
            f"schemathesis ({role}): {sum(counts)} cases over {len(counts)} operations; "
            f"per operation min {counts[0]}, median {counts[len(counts) // 2]}, max {counts[-1]}"
        )
