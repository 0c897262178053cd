import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from claims.ingest.seeding import load_seeds
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    # Production serves hashed files collected by collectstatic; tests render templates without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
def unthrottled(monkeypatch):
    """No rate limit for anonymous clients: tests that send hundreds of requests (tests/test_limits.py
    tests the limits)."""
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", None)


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


@pytest.fixture
def seeded_site(request):
    """A live server with the real seeds loaded."""
    # The live server answers each request in a thread of its own: close its connections after
    # every request, so none outlives the test database.
    kept = connections.settings["default"]["CONN_MAX_AGE"]
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    live_server = request.getfixturevalue("live_server")
    load_seeds()
    yield live_server
    connections.settings["default"]["CONN_MAX_AGE"] = kept


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


ROOT = Path(__file__).resolve().parent.parent


# --- the app as the Dockerfile runs it: gunicorn, 3 workers, production settings ------------------
@pytest.fixture(scope="module")
def gunicorn(django_db_setup, tmp_path_factory):
    """Start gunicorn on the test database with the given environment; answers its base URL.

    Data the test writes must be committed (django_db(transaction=True)) for the workers to see it.
    """
    started = []
    tmp_path = tmp_path_factory.mktemp("gunicorn")
    production = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "t" * 60, "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                  "DJANGO_STATIC_ROOT": str(tmp_path / "static")}  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env={**os.environ, **production},
                   cwd=ROOT, check=True)  # fmt: skip

    def start(workers: int = 3, **env) -> str:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        environment = {**os.environ, **production, "DATABASE_URL": url, **env}
        gunicorn_bin = Path(sys.executable).with_name("gunicorn")
        log_path = tmp_path / f"gunicorn-{port}.log"
        log = open(log_path, "w")  # noqa: SIM115 (closed with the server)
        process = subprocess.Popen(
            [str(gunicorn_bin), "factcheck.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
            env=environment, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
        )  # fmt: skip
        started.append((process, log))
        for _ in range(150):
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {log_path.read_text()[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    return f"http://127.0.0.1:{port}"
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start in 15 s")

    yield start
    for process, log in started:
        process.terminate()
        process.wait(timeout=20)
        log.close()
