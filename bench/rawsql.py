"""The raw-SQL baseline: the SQL the API runs for a request, replayed through psycopg in one process.

For every request path the app is called in-process (Django's test client, production settings)
and the statements it sends are captured with their parameters. Then the same statements are
replayed on a plain psycopg connection as the app sends them (parameters bound on the client, or
on the server as a prepared statement for the claims JSON), fetching every row, and timed per
request. The in-process Django time
of the same request (no HTTP, no gunicorn) is reported alongside.

Run by run.py in a subprocess whose environment points DATABASE_URL at the bench database:
    rawsql.py PATHS.json [--passes 3]          -> JSON on stdout: {kind: {sql_p50_ms, django_p50_ms, ...}}
    rawsql.py PATHS.json --profile speaker     -> where the list view's time goes (cProfile)
"""

import argparse
import cProfile
import io
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

from claims.api.claim_json import PreparedCursor  # noqa: E402

CLIENT = Client(HTTP_HOST="127.0.0.1")


def call(path: str) -> None:
    response = CLIENT.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}: {response.content[:300]!r}")


def capture(path: str) -> list[tuple[str, tuple | dict, bool]]:
    """The statements a request runs: SQL, parameters, and whether it was sent as a prepared statement."""
    statements = []

    def record(execute, sql, params, many, context):
        params = params if isinstance(params, dict) else tuple(params or ())  # named (the rate limit) or positional
        statements.append((sql, params, isinstance(context["cursor"].cursor, PreparedCursor)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        call(path)
    return statements


def replay(conn: psycopg.Connection, statements: list[tuple[str, tuple | dict, bool]]) -> float:
    """Each statement as the app sends it: parameters bound on the client, or on the server and prepared."""
    started = time.perf_counter()
    with psycopg.ClientCursor(conn) as client, conn.cursor() as server:
        for sql, params, prepared in statements:
            cursor = server if prepared else client
            cursor.execute(sql, params, prepare=True if prepared else None)
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
                "example_sql": [sql for sql, _params, _prepared in next(iter(statements.values()))],
            }
    return results


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
        print("Top functions by own time (cProfile):")
        print(profile(paths[args.profile], args.repeat))
    else:
        print(json.dumps(measure(paths, args.passes, args.budget)))


if __name__ == "__main__":
    main()
