"""The load bench/restart.py sends: reads, health probes and acknowledged writes, each call recorded."""

import http.client
import json
import random
import threading
import time
from dataclasses import dataclass

HTTP_TIMEOUT = 10.0  # seconds; a request that takes longer counts as a hang


READ_PATHS = ["/api/speakers/", "/api/claims/", "/api/quotes/", "/api/sources/", "/api/speakers/donald-trump/"]


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
