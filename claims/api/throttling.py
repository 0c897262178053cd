"""Request rates counted in PostgreSQL, so that every gunicorn worker and process shares one count.

DRF's throttles keep each client's recent requests in the cache: with a cache per process (the
local-memory default) each of N workers lets the full rate through, and even with a shared cache
two requests read the same history at once and one of them is lost. Here each allowed request is a
row (`RequestCount`), counted and added by one statement, which takes no lock: concurrent requests
of one client may each miss the others' rows not yet committed, so the count can run over by at
most the requests in flight at once, that is the number of workers.

Whose request it is: the user, or the client address as DRF's `get_ident` reads it. Forwarded
headers (X-Forwarded-For) count only from as many proxies as `NUM_PROXIES` (DJANGO_NUM_PROXIES)
says are in front of the app; by default none, so a client cannot name itself anew per request.
"""

import random

from django.db import connection
from rest_framework import throttling

from claims.models import RequestCount

TABLE = RequestCount._meta.db_table
LONGEST_WINDOW = 86_400  # DRF rates go up to a day; older rows count for nothing
SWEEP_ONE_IN = 500  # requests, on average, between sweeps of every client's expired rows

# Count the client's requests still in the window; add this one if it is under the limit. Answers
# the count before this request and the oldest counted one (for Retry-After).
COUNT_AND_ADD = f"""
WITH counted AS (
    SELECT count(*) AS n, min(at) AS oldest FROM {TABLE} WHERE key = %(key)s AND at > %(since)s
), added AS (
    INSERT INTO {TABLE} (key, at) SELECT %(key)s, %(now)s FROM counted WHERE counted.n < %(limit)s
)
SELECT n, oldest FROM counted
"""


def count_request(key: str, *, now: float, limit: int, window: int) -> tuple[bool, int, float | None]:
    """Whether this request is within `limit` per `window` seconds, the count before it, and the
    time of the oldest request counted."""
    with connection.cursor() as cursor:
        cursor.execute(COUNT_AND_ADD, {"key": key, "since": now - window, "now": now, "limit": limit})
        count, oldest = cursor.fetchone()
        if not connection.in_atomic_block and random.randrange(SWEEP_ONE_IN) == 0:
            # Outside a write's transaction, so the rows deleted are not locked until it commits.
            cursor.execute(f"DELETE FROM {TABLE} WHERE at < %s", [now - LONGEST_WINDOW])
    return count < limit, count, oldest


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or the one NUM_PROXIES trusted proxies forwarded."""
    return throttling.BaseThrottle().get_ident(request)


class SharedCountMixin:
    """A DRF SimpleRateThrottle that counts in PostgreSQL instead of the cache."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        allowed, count, oldest = count_request(self.key, now=self.now, limit=self.num_requests, window=self.duration)
        # What SimpleRateThrottle.wait() reads: the requests in the window, newest first.
        # (Concurrent requests may have taken the count past the limit; wait() reads at most the limit.)
        self.history = [self.now] * (min(count, self.num_requests) - 1) + [oldest] if count else []
        return allowed


class AnonRateThrottle(SharedCountMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(SharedCountMixin, throttling.UserRateThrottle):
    """Logged-in users' rate; anonymous clients have theirs (DRF's would count them twice)."""

    def get_cache_key(self, request, view):
        return super().get_cache_key(request, view) if request.user and request.user.is_authenticated else None


class ScopedRateThrottle(SharedCountMixin, throttling.ScopedRateThrottle):
    def allow_request(self, request, view):
        # What ScopedRateThrottle.allow_request does first: the rate of the view's scope.
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
