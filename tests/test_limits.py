"""Limits hold against gunicorn with 3 workers, as the Dockerfile runs it, and against clients that
name themselves anew in forwarded headers.

Every worker counts the same requests (claims/throttling.py), so no client gets more than the
rate plus the number of workers (requests in flight at once may each miss the others' count).
"""

import random
import re
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest
import requests

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

WORKERS = 3
ANON, LOGIN = 10, 5  # per minute, as the server below is configured
PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="module")
def server(gunicorn):
    return gunicorn(workers=WORKERS, DJANGO_THROTTLE_ANON=f"{ANON}/minute", DJANGO_THROTTLE_LOGIN=f"{LOGIN}/minute")


def forged_headers(rng: random.Random) -> dict[str, str]:
    """A client claiming to be someone else: random addresses in the headers proxies add."""

    def address():
        if rng.random() < 0.3:
            return f"2001:db8::{rng.randrange(1, 0xFFFF):x}"
        return ".".join(str(rng.randrange(1, 255)) for _ in range(4))

    chain = ", ".join(address() for _ in range(rng.randrange(1, 4)))
    headers = rng.sample([
        ("X-Forwarded-For", chain),
        ("X-Real-IP", address()),
        ("Forwarded", f"for={address()}"),
        ("Client-IP", address()),
        ("True-Client-IP", address()),
        ("X-Cluster-Client-IP", address()),
    ], k=rng.randrange(1, 4))  # fmt: skip
    return dict(headers)


def fan_out(calls, threads: int = 8):
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda call: call(), calls))


@pytest.mark.parametrize("seed", range(3))
def test_anonymous_reads_past_the_rate_are_refused_by_every_worker(server, seed):
    rng = random.Random(seed)
    paths = ["/api/claims/", "/api/speakers/", "/api/sources/", "/api/quotes/", "/api/measures/"]
    calls = [partial(requests.get, server + rng.choice(paths), headers=forged_headers(rng), timeout=30)
             for _ in range(4 * ANON)]  # fmt: skip
    answers = fan_out(calls)
    codes = [answer.status_code for answer in answers]
    assert set(codes) <= {200, 429}
    assert ANON <= codes.count(200) <= ANON + WORKERS, codes
    refused = next(answer for answer in answers if answer.status_code == 429)
    assert 0 < int(refused.headers["Retry-After"]) <= 60


def test_token_logins_with_forged_addresses_are_refused_then_even_the_right_password(server):
    user = UserFactory()
    rng = random.Random(7)
    url = f"{server}/api/auth/token/"
    calls = [partial(requests.post, url, json={"username": user.username, "password": f"x{n}"},
                     headers=forged_headers(rng), timeout=30) for n in range(8 * LOGIN)]  # fmt: skip
    codes = [answer.status_code for answer in fan_out(calls)]
    assert set(codes) <= {400, 429} and codes.count(400) <= LOGIN + WORKERS, codes
    right = requests.post(url, json={"username": user.username, "password": PASSWORD},
                          headers=forged_headers(rng), timeout=30)  # fmt: skip
    assert right.status_code == 429 and "token" not in right.text


def test_admin_logins_locked_out_across_workers(server):
    user = UserFactory(is_staff=True, is_superuser=True)
    rng = random.Random(11)

    def attempt(password: str) -> int:
        session = requests.Session()
        page = session.get(f"{server}/admin/login/", timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        answer = session.post(f"{server}/admin/login/", headers={**forged_headers(rng), "Referer": server + "/"},
                              data={"username": user.username, "password": password,
                                    "csrfmiddlewaretoken": token}, timeout=30, allow_redirects=False)  # fmt: skip
        return answer.status_code

    codes = fan_out([lambda n=n: attempt(f"wrong-{n}") for n in range(25)], threads=6)
    assert set(codes) <= {200, 429} and codes.count(200) <= 10 + WORKERS, codes
    assert attempt(PASSWORD) == 429


@pytest.mark.django_db
def test_request_counts_are_kept_out_of_the_write_ahead_log():
    """Every API request writes a count: an unlogged table, so no request waits for a disk flush."""
    from django.db import connection

    from claims.models import RequestCount

    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [RequestCount._meta.db_table])
        assert cursor.fetchone() == ("u",)
