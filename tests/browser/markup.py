"""Checking a page's HTML with the Nu HTML checker (vnu.jar, the version pinned in package.json).

The checker runs once per test session as a local HTTP service, so each page costs one POST
rather than a Java start-up of several seconds; it is launched as soon as the browser tests
are collected, so it starts while the rest of the suite runs. The HTML checked is what the
server sent (the main document's response body), not the DOM after scripts have run.
"""

import hashlib
import http.client
import json
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
START_UP_SECONDS = 90

# Errors of the Django admin that come from Django's or django-celery-beat's own widgets,
# which we neither own nor override: each is ignored on the admin pages named, and only there.
# Anything else on an admin page (our base_site.html, our widgets) must still be valid.
NOT_OURS = (
    # django-celery-beat's task drop-down starts with an empty option that has no label.
    (
        "/admin/django_celery_beat/periodictask/",
        "Element “option” without attribute “label” must not be empty.",
    ),
    # Django renders a field's hidden initial value (the crontab's time zone, from
    # django-celery-beat) with the field's aria-describedby.
    (
        "/admin/django_celery_beat/crontabschedule/",
        "An “input” element with a “type” attribute whose value is “hidden” must not have "
        "any “aria-*” attributes.",
    ),
    # Django's read-only password widget is a div that keeps the field's disabled attribute.
    ("/admin/accounts/user/", "Attribute “disabled” not allowed on element “div” at this point."),
)


def checker_unavailable():
    """Why the checker cannot run here, or None when it can."""
    if shutil.which("java") is None:
        return "Java not found: install it with apt-get install default-jre-headless"
    if not VNU_JAR.is_file():
        return f"The Nu HTML checker not found at {VNU_JAR}: install it with npm ci"
    return None


class CheckerError(Exception):
    pass


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NuChecker:
    """The Nu HTML checker as a service on 127.0.0.1; ``errors(html)`` checks one document.

    Made, it starts Java and returns at once; ``wait_until_ready`` waits for it to answer, so
    the start-up can overlap with the tests that run before the browser suite."""

    def __init__(self):
        self.launched = time.monotonic()
        self.port = free_port()
        self.known = {}
        self.ready = False
        # What the checker costs the run, for the summary at its end.
        self.checks, self.checking_seconds, self.waiting_seconds = 0, 0.0, 0.0
        # Its log goes to a file: a pipe nobody reads would fill and stall the checker.
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(
            [
                "java",
                # The schemas' deep recursion needs a larger thread stack than the default.
                "-Xss4m",
                "-Xmx512m",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU_JAR),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self):
        started = time.monotonic()
        # Launched long before (while the other tests ran), it has had its time; even so,
        # the first check loads the schemas, which can take a while on a busy machine.
        deadline = max(self.launched, started - START_UP_SECONDS / 2) + START_UP_SECONDS
        while not self.ready:
            if self.process.poll() is not None:
                self.log.seek(0)
                output = self.log.read().decode(errors="replace")
                raise RuntimeError(f"The Nu HTML checker stopped on start-up:\n{output[-2000:]}")
            try:
                # The first check loads the schemas; done here, it is not charged to a test.
                self.check("<!DOCTYPE html><html lang=en><title>ready</title></html>")
            except (OSError, CheckerError):
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        f"The Nu HTML checker did not answer {START_UP_SECONDS} s after it "
                        "was started"
                    ) from None
                time.sleep(0.2)
            else:
                self.ready = True
        self.waiting_seconds += time.monotonic() - started

    @staticmethod
    def key(html):
        return hashlib.sha256(html.encode()).hexdigest()

    def has_checked(self, html):
        return self.key(html) in self.known

    def errors(self, html):
        """The checker's error messages for this document, as dicts (line, column, message,
        extract); the same document is checked once."""
        key = self.key(html)
        if key not in self.known:
            started = time.monotonic()
            self.known[key] = self.check(html)
            self.checks += 1
            self.checking_seconds += time.monotonic() - started
        return self.known[key]

    def check(self, html):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(
                "POST",
                "/?out=json&level=error",
                body=html.encode(),
                # The checker refuses a request without a User-Agent.
                headers={
                    "Content-Type": "text/html; charset=utf-8",
                    "User-Agent": "digital-roadmap-service tests",
                },
            )
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        if response.status != 200:
            raise CheckerError(f"The Nu HTML checker answered {response.status}: {body}")
        wrong = ("error", "non-document-error")
        return [message for message in json.loads(body)["messages"] if message["type"] in wrong]

    def summary(self):
        return (
            f"Nu HTML checker: {self.checks} documents in {self.checking_seconds:.1f} s; "
            f"the tests waited {self.waiting_seconds:.1f} s for it to start"
        )

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def not_ours(error, path):
    return any(
        path.startswith(where) and error["message"] == message for where, message in NOT_OURS
    )


def page_errors(checker, html, *, path):
    return [error for error in checker.errors(html) if not not_ours(error, path)]


def describe_errors(errors, *, url):
    lines = [f"{len(errors)} HTML error(s) from the Nu HTML checker on {url}:"]
    for error in errors:
        where = f"line {error['lastLine']}" if "lastLine" in error else "the document"
        lines.append(f"- {where}: {error['message']}")
        if error.get("extract"):
            lines.append(f"    {' '.join(error['extract'].split())}")
    return "\n".join(lines)


def assert_valid_html(checker, html, *, url):
    path = urlsplit(url).path
    errors = page_errors(checker, html, path=path)
    if errors:
        raise AssertionError(describe_errors(errors, url=url))


class PagesOpened:
    """Every HTML document a browser tab loads as its page (not a redirect, a frame or a
    download), read as it arrives: a test that opens pages without a journey (``page.goto``,
    a click) still has each one it did not check itself checked, with ``assert_valid``, when it
    ends."""

    def __init__(self, page):
        self.page = page
        self.documents = []
        page.on("response", self.remember)

    def remember(self, response):
        if (
            response.request.is_navigation_request()
            and response.frame == self.page.main_frame
            and not 300 <= response.status < 400
            and "text/html" in response.headers.get("content-type", "")
        ):
            try:
                self.documents.append((response.url, response.text()))
            except Exception:  # noqa: BLE001 - a page left before its body came: not shown
                return

    def assert_valid(self, checker):
        self.page.remove_listener("response", self.remember)
        problems = []
        for url, html in self.documents:
            if checker.has_checked(html):
                continue  # the test checked it itself, and said so if it was wrong
            errors = page_errors(checker, html, path=urlsplit(url).path)
            if errors:
                problems.append(describe_errors(errors, url=url))
        assert problems == [], "\n\n".join(problems)
