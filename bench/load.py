"""The load client of the benchmarks: signed-in HTTP clients on keep-alive connections,
requests per second from several threads at once, and interleaved rounds with medians.
Reached through ``bench.harness``, which documents the API."""

import http.client
import json
import re
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie


@dataclass
class Server:
    host: str
    port: int

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"


def say(message):
    print(message, flush=True)


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Client:
    """One browser: its own connection (kept alive when the server allows) and cookies.

    Sends what the reverse proxy adds (``X-Forwarded-Proto: https``) and, on POST, the
    Origin header and CSRF token a browser would. Not thread-safe: one client per thread.
    """

    server: Server
    cookies: dict = field(default_factory=dict)

    def __post_init__(self):
        self.connection = http.client.HTTPConnection(self.server.host, self.server.port, timeout=60)

    def request(self, method, path, body=None, headers=None):
        sent = {
            "Host": f"{self.server.host}:{self.server.port}",
            "X-Forwarded-Proto": "https",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=sent)
                raw = self.connection.getresponse()
                response = Response(raw.status, {}, raw.read())
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed a kept-alive connection between requests: reconnect.
                self.connection.close()
                if attempt == 2:
                    raise
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
            else:
                response.headers[name.lower()] = value
        if raw.will_close:
            self.connection.close()
        return response

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, data, headers=None):
        """POST a form (a dict or a list of pairs) with this client's CSRF token."""
        pairs = list(data.items()) if isinstance(data, dict) else list(data)
        pairs.append(("csrfmiddlewaretoken", self.cookies.get("csrftoken", "")))
        return self.request(
            "POST",
            path,
            body=urllib.parse.urlencode(pairs),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{self.server.host}:{self.server.port}",
                **(headers or {}),
            },
        )


def signed_in(server, email, password=None):
    """A client signed in through the sign-in form, as a person would (by default with the
    password ``seed_national`` gives every seeded person)."""
    if password is None:
        from demo.seed.people import PASSWORD as password
    client = Client(server)
    page = client.get("/sign-in/")
    if page.status != 200:
        raise RuntimeError(f"The sign-in page answered {page.status}")
    response = client.post("/sign-in/", {"username": email, "password": password})
    if response.status != 302:
        raise RuntimeError(f"Could not sign in as {email} (status {response.status})")
    return client


def expect(response, status=200):
    if response.status != status:
        text = response.body[:300].decode(errors="replace")
        raise RuntimeError(f"Expected {status}, got {response.status}: {text}")
    return response


def get_floor(client):
    """One request for the floor page (for ``throughput``)."""
    expect(client.get("/bench/floor/"))


def form_fields(html):
    """The named fields of the first form on a page whose action is not sign-out, as pairs:
    checked radios, textareas, hidden and text inputs (enough to re-post a theme page)."""
    text = html.decode() if isinstance(html, bytes) else html
    pairs = []
    for tag in re.findall(r"<input\b[^>]*>", text):
        name = re.search(r'\bname="([^"]*)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        kind = (re.search(r'\btype="([^"]*)"', tag) or [None, "text"])[1]
        value = re.search(r'\bvalue="([^"]*)"', tag)
        if kind in {"radio", "checkbox"} and not re.search(r"\bchecked\b", tag):
            continue
        if kind in {"submit", "button"}:
            continue
        pairs.append((name.group(1), value.group(1) if value else ""))
    for name, value in re.findall(
        r'<textarea\b[^>]*\bname="([^"]*)"[^>]*>(.*?)</textarea>', text, re.S
    ):
        pairs.append((name, value.strip()))
    return pairs


def throughput(clients, one_request, duration=3.0):
    """Requests per second: each client in its own thread calls ``one_request(client)`` as
    fast as it can for ``duration`` seconds; only the requests finished in that time count."""
    counts = [0] * len(clients)
    errors = []
    stop_at = time.perf_counter() + duration

    def drive(index, client):
        try:
            while time.perf_counter() < stop_at:
                one_request(client)
                counts[index] += 1
        except Exception as error:  # noqa: BLE001 - reported once all threads stop
            errors.append(error)

    started = time.perf_counter()
    threads = [
        threading.Thread(target=drive, args=(i, c), daemon=True) for i, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return sum(counts) / elapsed


def timed(fn):
    """Seconds one call of ``fn()`` takes (for ``interleaved`` on durations)."""
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def interleaved(rounds, measures, warmup=1):
    """Run each measure in turn, round after round (A B A B ...), and return the median of
    each: ``{name: median}``. ``measures`` maps a name to a function returning one figure.
    The first ``warmup`` rounds are run and thrown away (caches, connections, imports)."""
    figures = {name: [] for name in measures}
    for round_number in range(warmup + rounds):
        line = []
        for name, measure in measures.items():
            value = measure()
            if round_number >= warmup:
                figures[name].append(value)
            line.append(f"{name} {value:,.3g}")
        label = "warm-up" if round_number < warmup else f"round {round_number - warmup + 1}"
        say(f"  {label}: " + ", ".join(line))
    return {name: statistics.median(values) for name, values in figures.items()}
