"""`make bench [SIZE=10k|100k|1m]`: generate (once), serve, measure side by side, print, save JSON.

Order of a run: tune and start the bench PostgreSQL; make sure the dataset exists (and the next
smaller one when the size has one, for the scale ratio); wait for autovacuum to go idle; start
gunicorn (the app, production settings) and PostgREST on the same database; check that every
request answers 200 and that both return the same rows; then `rounds` interleaved rounds of
wrk runs (the target order alternates) followed by the raw-SQL baseline; then ingestion. Every
ratio is computed within a round, and the median over rounds is reported.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import http_bench as hb
from db import BENCH, RESULTS, ROOT, Server, django_env
from generate import VERSION as DATA_VERSION
from generate import ensure, migrate

SMALLER = {"1m": "100k", "100k": "10k"}
DURATION = {"10k": 3, "100k": 4, "1m": 5}
RAWSQL_PATHS = 30
GOALS = {
    "throughput_vs_postgrest": ">= 1.0",
    "latency_vs_raw_sql": "<= 3",
    "latency_scale": "<= 1.3",
    "search_p50_ms_at_1m": "<= 10",
    "ingestion_vs_copy": ">= 0.8",
    "page_within_api_lists": "<= 1.0",  # the public claim page's p50 against the slowest API list's
}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(a, b):
    return a / b if a is not None and b else None


def subprocess_json(args: list[str], env: dict) -> dict:
    done = subprocess.run([sys.executable, *args], cwd=BENCH, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def http_rounds(server: Server, size: str, rounds: int, seconds: float, log_dir: Path) -> dict:
    dbname, generated = ensure(server, size)
    small = SMALLER.get(size)
    small_db, small_generated = ensure(server, small) if small else (None, None)
    server.wait_for_autovacuum()
    params = hb.request_params(server, dbname)
    api = hb.start_gunicorn(server, dbname, "api", log_dir)
    targets = [api]
    try:
        postgrest = hb.start_postgrest(server, dbname, log_dir)
        targets.append(postgrest)
        scaled = None
        if small:
            scaled = hb.start_gunicorn(server, small_db, f"api_{small}", log_dir)
            targets.append(scaled)
            small_params = hb.request_params(server, small_db)
            hb.check([scaled], small_params, sample=5)
        fairness = hb.check([api, postgrest], params)
        folder = Path(tempfile.mkdtemp(prefix="bench-paths-"))
        paths = {(t.name, kind): hb.write_paths(t, kind, (small_params if t is scaled else params)[kind], folder)
                 for t in targets for kind in hb.KINDS}  # fmt: skip
        sql_paths = folder / "rawsql.json"
        sql_paths.write_text(json.dumps({k: [hb.api_path(k, p) for p in params[k][:RAWSQL_PATHS]] for k in hb.KINDS}))
        results = []
        for n in range(rounds):
            order = [api, postgrest] if n % 2 == 0 else [postgrest, api]
            measured = {}
            for kind in hb.KINDS:
                for target in order:
                    print(f"  round {n + 1}/{rounds}: {kind:8} {target.name}", flush=True)
                    measured[target.name, kind] = hb.measure(target, kind, paths[target.name, kind], seconds, server)
                if scaled:
                    measured[scaled.name, kind] = hb.measure(scaled, kind, paths[scaled.name, kind], seconds, server,
                                                             saturate=False)  # fmt: skip
            print(f"  round {n + 1}/{rounds}: raw SQL", flush=True)
            # The in-process app renders pages too: the static files gunicorn's "api" collected.
            env = django_env(server, dbname, DJANGO_STATIC_ROOT=str(log_dir / "static-api"))
            sql = subprocess_json(["rawsql.py", str(sql_paths), "--passes", "2"], env)
            results.append({"http": {f"{name}/{kind}": m for (name, kind), m in measured.items()}, "sql": sql})
    finally:
        for target in targets:
            target.stop()
    return {"database": dbname, "generated": generated, "smaller": small, "smaller_generated": small_generated,
            "fairness": fairness, "rounds": results}  # fmt: skip


def summarise(size: str, run: dict) -> dict:
    """Per request kind: medians over rounds of each figure and of each per-round ratio."""
    rounds, small = run["rounds"], run["smaller"]
    summary = {}
    for kind in hb.KINDS:
        api = [r["http"][f"api/{kind}"] for r in rounds]
        pgr = [r["http"][f"postgrest/{kind}"] for r in rounds]
        sql = [r["sql"][kind] for r in rounds]
        row = {name: median(m[key] for m in rows) for name, rows, key in (
            *((f"api_{key}", api, key) for key in ("c1_p50_ms", "c1_p99_ms", "c8_rps", "app_cpu_ms", "pg_cpu_ms")),
            *((f"postgrest_{key}", pgr, key) for key in ("c1_p50_ms", "c8_rps", "app_cpu_ms", "pg_cpu_ms")),
            ("sql_p50_ms", sql, "sql_p50_ms"), ("django_inproc_p50_ms", sql, "django_inproc_p50_ms"),
            ("api_bytes", api, "bytes_per_response"), ("postgrest_bytes", pgr, "bytes_per_response"),
        )}  # fmt: skip
        row |= {
            "queries_per_request": sql[0]["queries_per_request"],
            "throughput_vs_postgrest": median(ratio(a["c8_rps"], p["c8_rps"]) for a, p in zip(api, pgr, strict=True)),
            "latency_vs_raw_sql": median(ratio(a["c1_p50_ms"], s["sql_p50_ms"]) for a, s in zip(api, sql, strict=True)),
            "timeouts": sum(m["c1_timeouts"] + m["c8_timeouts"] for m in api + pgr),
        }  # fmt: skip
        if small:
            scaled = [r["http"][f"api_{small}/{kind}"] for r in rounds]
            row["smaller_api_c1_p50_ms"] = median(m["c1_p50_ms"] for m in scaled)
            pairs = zip(api, scaled, strict=True)
            row["latency_scale"] = median(ratio(a["c1_p50_ms"], s["c1_p50_ms"]) for a, s in pairs)
        summary[kind] = row
    return summary


def verdicts(size: str, summary: dict, ingestion: dict | None) -> list[dict]:
    out = []

    def add(goal, subject, value, ok):
        out.append({"goal": goal, "target": GOALS[goal], "subject": subject, "value": value,
                    "met": None if value is None else ok(value)})  # fmt: skip

    for kind in hb.KINDS:
        if kind not in ("detail", "page"):
            add("throughput_vs_postgrest", kind, summary[kind]["throughput_vs_postgrest"], lambda v: v >= 1.0)
    for kind in hb.KINDS:
        add("latency_vs_raw_sql", kind, summary[kind]["latency_vs_raw_sql"], lambda v: v <= 3)
    for kind in hb.KINDS:
        if size == "1m":
            add("latency_scale", f"{kind} (1m / 100k)", summary[kind].get("latency_scale"), lambda v: v <= 1.3)
    lists = [summary[kind]["api_c1_p50_ms"] for kind in ("speaker", "range", "search")]
    slowest = max((v for v in lists if v is not None), default=None)
    add("page_within_api_lists", "page", ratio(summary["page"]["api_c1_p50_ms"], slowest), lambda v: v <= 1.0)
    if size == "1m":
        add("search_p50_ms_at_1m", "search", summary["search"]["api_c1_p50_ms"], lambda v: v <= 10)
    for name, figures in (ingestion or {}).items():
        if "ratio" in figures:
            add("ingestion_vs_copy", name, figures["ratio"], lambda v: v >= 0.8)
    return out


def fmt(value, digits=1):
    return "-" if value is None else f"{value:,.{digits}f}"


def report(size: str, summary: dict, checks: list[dict], ingestion: dict | None, fairness: dict, small) -> str:
    lines = [f"\nHTTP, {size} claims (median of rounds; p50 at 1 connection, req/s at 8; CPU ms per request at 8)"]
    head = ("request", "API p50", "PgREST p50", "SQL p50", "in-proc", "API r/s", "PgREST r/s", "API/PgR", "p50/SQL",
            "app CPU", "PG CPU", "PgR CPU", "PgR PG", "kB API/PgR", ">10s")  # fmt: skip
    if small:
        head += (f"p50@{small}", "scale")
    lines.append(" | ".join(head))
    for kind, r in summary.items():
        cells = [kind, fmt(r["api_c1_p50_ms"], 2), fmt(r["postgrest_c1_p50_ms"], 2), fmt(r["sql_p50_ms"], 2),
                 fmt(r["django_inproc_p50_ms"], 2), fmt(r["api_c8_rps"], 0), fmt(r["postgrest_c8_rps"], 0),
                 fmt(r["throughput_vs_postgrest"], 2), fmt(r["latency_vs_raw_sql"], 1), fmt(r["api_app_cpu_ms"], 2),
                 fmt(r["api_pg_cpu_ms"], 2), fmt(r["postgrest_app_cpu_ms"], 2), fmt(r["postgrest_pg_cpu_ms"], 2),
                 f"{r['api_bytes'] / 1000:.1f}/{r['postgrest_bytes'] / 1000:.1f}", str(r["timeouts"])]  # fmt: skip
        if small:
            cells += [fmt(r.get("smaller_api_c1_p50_ms"), 2), fmt(r.get("latency_scale"), 2)]
        lines.append(" | ".join(cells))
    odd = [k for k, f in fairness.items() if f["different_rows"]]
    lines.append("Same rows from both servers on the sampled requests: " + (f"NO for {odd}" if odd else "yes"))
    if ingestion:
        lines.append("\nIngestion (median of rounds; rows = every row written, history and bookkeeping included)")
        lines.append("path | records | rows | loader records/s | loader rows/s | COPY rows/s | loader/COPY")
        for name, f in ingestion.items():
            if "ratio" in f:
                rates = [fmt(f["loader_records_per_s"]), fmt(f["loader_rows_per_s"], 0), fmt(f["copy_rows_per_s"], 0)]
                cells = [name, f"{f['records']} {f['unit']}", str(f["rows"]), *rates, f"{f['ratio']:.3f}"]
                lines.append(" | ".join(cells))
        pure = ingestion["extract_only"]
        speed = f"{pure['documents_per_s']:.0f} documents/s, {pure['characters_per_s'] / 1e6:.2f} M characters/s"
        lines.append(f"extract() alone: {speed} (corpus documents, no database)")
    lines.append("\nGoals")
    for c in checks:
        state = {True: "met", False: "MISSED", None: "n/a"}[c["met"]]
        lines.append(f"{state:6} {c['goal']} {c['target']:7} {c['subject']:22} {fmt(c['value'], 2)}")
    return "\n".join(lines)


def ingestion_run(server: Server, rounds: int) -> dict:
    template = server.name("bench_ingest_template")
    marker = "migrations=" + ",".join(sorted(p.name for p in (ROOT / "claims" / "migrations").glob("0*.py")))
    if server.comment(template) != marker:
        server.recreate(template)
        migrate(server, template)
        server.set_comment(template, marker)
    env = django_env(server, server.name("bench_ingest"))
    server.recreate(server.name("bench_ingest"))
    return subprocess_json(["ingest.py", "--template", template, "--rounds", str(rounds)], env)


def versions(server: Server) -> dict:
    def out(command):
        try:
            return subprocess.run(command, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return None

    with server.connect() as conn:
        postgres = conn.execute("SELECT version()").fetchone()[0]
    pip = subprocess.run([sys.executable, "-m", "pip", "freeze"], capture_output=True, text=True).stdout.split()
    wanted = ("django=", "djangorestframework=", "django-filter=", "psycopg=", "gunicorn=")
    return {"postgres": postgres, "postgrest": out([str(hb.POSTGREST), "--version"]), "wrk": out([hb.WRK, "-v"]),
            "python": sys.version.split()[0], "packages": [p for p in pip if p.lower().startswith(wanted)]}  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="10k", choices=["10k", "100k", "1m"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, help="Length of each wrk run (default: 3, 4 or 5 by size).")
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()
    started = time.monotonic()
    server = Server()
    restarted = server.tune()
    log_dir = Path(tempfile.mkdtemp(prefix="bench-logs-"))
    print(f"bench: size {args.size}, {args.rounds} rounds; server logs in {log_dir}", flush=True)
    run = http_rounds(server, args.size, args.rounds, args.seconds or DURATION[args.size], log_dir)
    print("  ingestion", flush=True)
    ingestion = None if args.skip_ingest else ingestion_run(server, args.rounds)
    summary = summarise(args.size, run)
    checks = verdicts(args.size, summary, ingestion)
    print(report(args.size, summary, checks, ingestion, run["fairness"], run["smaller"]))
    print("\nNotes: gunicorn -w 2 sync (closes each connection; PostgREST keeps them alive), DEBUG off, "
          "CONN_MAX_AGE=600; DRF throttling on but its rates raised to 1e8/s so it never answers 429.")  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"{stamp}-{args.size}.json"
    out.write_text(json.dumps({
        "size": args.size, "data_version": DATA_VERSION, "rounds": args.rounds, "started": stamp,
        "elapsed_s": round(time.monotonic() - started, 1), "settings_restarted": restarted,
        "versions": versions(server), "goals": checks, "summary": summary, "ingestion": ingestion, "raw": run,
    }, indent=1, default=str))  # fmt: skip
    print(f"\nWrote {out.relative_to(ROOT)} ({time.monotonic() - started:.0f} s)")
    if any(c["met"] is False for c in checks):
        print("Some goals are missed (see above); the benchmark itself succeeded.")


if __name__ == "__main__":
    main()
