"""The raw-SQL baseline: the SQL the API runs for a request, replayed through psycopg in one process.

For every request path the app is called in-process (Django's test client, production settings)
and the statements it sends are captured verbatim (Django binds parameters client-side, so the
captured text is exactly what PostgreSQL received). Then the same statements are replayed on a
plain psycopg connection, fetching every row, and timed per request. The in-process Django time
of the same request (no HTTP, no gunicorn) is reported alongside.

Run by run.py in a subprocess whose environment points DATABASE_URL at the bench database:
    rawsql.py PATHS.json [--passes 3]          -> JSON on stdout: {kind: {sql_p50_ms, django_p50_ms, ...}}
    rawsql.py PATHS.json --profile speaker     -> where the list view's time goes, step by step + cProfile
"""

import argparse
import cProfile
import io
import itertools
import json
import os
import pstats
import statistics
import sys
import time

import django
import psycopg
from db import ROOT

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

CLIENT = Client(HTTP_HOST="127.0.0.1")


def call(path: str) -> None:
    response = CLIENT.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}: {response.content[:300]!r}")


def capture(path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        call(path)
    return [query["sql"] for query in queries.captured_queries]


def replay(conn: psycopg.Connection, statements: list[str]) -> float:
    started = time.perf_counter()
    with conn.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
    return time.perf_counter() - started


def django_time(path: str) -> float:
    started = time.perf_counter()
    call(path)
    return time.perf_counter() - started


def measure(paths: dict[str, list[str]], passes: int, budget: float) -> dict:
    settings = connection.settings_dict
    conninfo = psycopg.conninfo.make_conninfo(
        host=settings["HOST"], port=settings["PORT"], user=settings["USER"], password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
    )  # fmt: skip
    results = {}
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for kind, kind_paths in paths.items():
            statements = {path: capture(path) for path in kind_paths}
            sql, dj = [], []
            deadline = time.monotonic() + budget
            for n in range(passes + 1):  # pass 0 warms caches and plans
                for path in kind_paths:
                    sql_s, dj_s = replay(conn, statements[path]), django_time(path)
                    if n:
                        sql.append(sql_s)
                        dj.append(dj_s)
                    if len(sql) >= 3 and time.monotonic() > deadline:  # second-long queries: a few samples do
                        break
            results[kind] = {
                "sql_p50_ms": statistics.median(sql) * 1000,
                "django_inproc_p50_ms": statistics.median(dj) * 1000,
                "queries_per_request": statistics.median(len(s) for s in statements.values()),
                "example_sql": next(iter(statements.values())),
            }
    return results


def steps(paths: list[str], repeat: int) -> dict:
    """The list view taken apart (median ms per request): filter, page query, serializer, renderer."""
    from rest_framework.renderers import JSONRenderer
    from rest_framework.test import APIRequestFactory

    from claims.views import ClaimViewSet

    factory, timings = APIRequestFactory(), {}
    for n in range(repeat + 20):
        view = ClaimViewSet(action_map={"get": "list"}, action="list", format_kwarg=None, args=(), kwargs={})
        view.request = view.initialize_request(factory.get(paths[n % len(paths)], HTTP_HOST="127.0.0.1"))
        view.headers = {}
        marks = [("start", time.perf_counter())]
        view.initial(view.request)
        marks.append(("auth, permissions, throttles", time.perf_counter()))
        queryset = view.filter_queryset(view.get_queryset())
        marks.append(("filters (build the query)", time.perf_counter()))
        page = view.paginate_queryset(queryset)
        marks.append(("page: SQL + model instances + prefetches", time.perf_counter()))
        data = view.get_serializer(page, many=True).data
        marks.append(("serializer", time.perf_counter()))
        JSONRenderer().render(view.get_paginated_response(data).data)
        marks.append(("JSON renderer", time.perf_counter()))
        if n >= 20:  # the first requests warm caches
            for (_, before), (label, after) in itertools.pairwise(marks):
                timings.setdefault(label, []).append((after - before) * 1000)
    return {label: statistics.median(values) for label, values in timings.items()}


def profile(paths: list[str], repeat: int) -> str:
    for path in paths[:20]:
        call(path)  # warm
    profiler = cProfile.Profile()
    profiler.enable()
    for n in range(repeat):
        call(paths[n % len(paths)])
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", help="JSON file: {kind: [API paths]}")
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--budget", type=float, default=15, help="Seconds per kind, once 3 samples are in.")
    parser.add_argument("--profile", metavar="KIND")
    parser.add_argument("--repeat", type=int, default=300)
    args = parser.parse_args()
    with open(args.paths) as handle:
        paths = json.load(handle)
    if args.profile:
        breakdown = steps(paths[args.profile], args.repeat)
        print("\n".join(f"{ms:8.2f} ms  {label}" for label, ms in breakdown.items()))
        print(f"{sum(breakdown.values()):8.2f} ms  total\n\nTop functions by own time (cProfile):")
        print(profile(paths[args.profile], args.repeat))
    else:
        print(json.dumps(measure(paths, args.passes, args.budget)))


if __name__ == "__main__":
    main()
