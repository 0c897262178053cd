"""Published reviews at depth: the ClaimReview feed and /api/reviews/, first page and page 1,000.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/deep_pages.py --reviews 110000

Builds (once) a database `bench_reviews` on the server DATABASE_URL names, with N published claims
each with one published review, then times each request in-process (Django's test client, best of
five) three ways in the same run: as served (the newest-first index, and deep pages reading their
keys first); with deep pages read in one query (`DEEP_OFFSET` out of reach); and the baseline,
without the index either. It prints milliseconds and the ratios to the baseline.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
URLS = ["/api/claimreviews/", "/api/claimreviews/?page=1000", "/api/reviews/", "/api/reviews/?page=1000"]
INDEX = "review_published_newest"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=110_000)
    args = parser.parse_args()
    server = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))
    os.environ["DATABASE_URL"] = urlunsplit(server._replace(path="/bench_reviews"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import psycopg

    with psycopg.connect(urlunsplit(server._replace(path="/postgres")), autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = 'bench_reviews'").fetchone():
            admin.execute("CREATE DATABASE bench_reviews")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from rest_framework.throttling import SimpleRateThrottle

    from claims.api import pagination

    call_command("migrate", verbosity=0)
    fill(connection, args.reviews)
    SimpleRateThrottle.THROTTLE_RATES.update(anon=None, user=None)
    client = Client()
    served = timings(client)
    deep_offset, pagination.DEEP_OFFSET = pagination.DEEP_OFFSET, 10**12
    one_query = timings(client)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_indexdef(%s::regclass)", [INDEX])
        (definition,) = cursor.fetchone()
        cursor.execute(f"DROP INDEX {INDEX}")
        baseline = timings(client)
        cursor.execute(definition)
    pagination.DEEP_OFFSET = deep_offset
    print(f"{args.reviews} published reviews; milliseconds, best of 5")
    print(f"{'request':32} {'served':>8} {'one query':>10} {'baseline':>9} {'served/baseline':>16}")
    for url in URLS:
        print(f"{url:32} {served[url]:8.1f} {one_query[url]:10.1f} {baseline[url]:9.1f} "
              f"{served[url] / baseline[url]:16.2f}")  # fmt: skip


def fill(connection, reviews: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM claims_review")
        (have,) = cursor.fetchone()
        if have >= reviews:
            return
        cursor.execute(
            "INSERT INTO claims_ratingscale (slug, name, description, best_value, worst_value)"
            " VALUES ('bench', 'Bench', '', 1, 0) ON CONFLICT DO NOTHING"
        )
        cursor.execute(
            "INSERT INTO claims_rating (scale_id, slug, label, value, description)"
            " SELECT id, 'bad', 'Bad', 0, '' FROM claims_ratingscale WHERE slug = 'bench'"
            " AND NOT EXISTS (SELECT 1 FROM claims_rating WHERE slug = 'bad')"
        )
        cursor.execute(
            "INSERT INTO claims_claim (version, uid, created_at, updated_at, status, needs_attention, text, topics,"
            " context, appearance_urls) SELECT 1, gen_random_uuid(), now(), now(), 'published', '',"
            " 'Generated claim number ' || g || ' about wages.', '{}', '', '{}' FROM generate_series(1, %s) g",
            [reviews - have],
        )
        cursor.execute(
            "INSERT INTO claims_review (version, uid, evidence, created_at, updated_at, claim_id, status, explanation,"
            " claim_reviewed, url, rating_id, published_at) SELECT 1, gen_random_uuid(), '[]', now(), now(), c.id,"
            " 'published', 'Because.', c.text, 'https://checks.example.org/r/' || c.id,"
            " (SELECT min(id) FROM claims_rating), now() - random() * interval '3000 days'"
            " FROM claims_claim c WHERE NOT EXISTS (SELECT 1 FROM claims_review r WHERE r.claim_id = c.id)"
        )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE claims_review")
        cursor.execute("VACUUM ANALYZE claims_claim")


def timings(client) -> dict[str, float]:
    found = {}
    for url in URLS:
        client.get(url)
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            response = client.get(url)
            best = min(best, time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
        found[url] = best * 1000
    return found


if __name__ == "__main__":
    main()
