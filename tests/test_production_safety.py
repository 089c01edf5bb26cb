"""Production safety: headers on every page, a plain error page, and a clean bandit report.

The pages are fetched with the settings of ``config.settings_production`` laid over the test
settings (all but the database, static storage, hosts and secrets), over HTTPS as the
reverse proxy reports it.
"""

import importlib
import json
import re
import subprocess
import sys
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import path

from accounts.enums import Role
from tests.factories import InvitationFactory, MembershipFactory, NHSEnglandFactory

BASE_DIR = Path(__file__).resolve().parents[1]
KEPT_FROM_TESTS = {
    "ROOT_URLCONF",
    "DATABASES",
    "STORAGES",
    "ALLOWED_HOSTS",
    "SECRET_KEY",
    "LOGGING",
    "EMAIL_BACKEND",
    "PASSWORD_HASHERS",
}
MAX_PAGES_PER_PERSON = 40


@pytest.fixture
def production_settings(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "p" * 30 + "-production-settings-under-test-0123456789")
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    production = importlib.import_module("config.settings_production")
    changes = {
        name: getattr(production, name)
        for name in dir(production)
        if name.isupper()
        and name not in KEPT_FROM_TESTS
        and getattr(production, name) != getattr(settings, name, object())
    }
    with override_settings(**changes):
        yield changes


def crawl(client, start="/"):
    """Every same-site page reachable by links from ``start``, with its response."""
    seen, queue, pages = set(), deque([start]), []
    while queue and len(pages) < MAX_PAGES_PER_PERSON:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, secure=True)
        pages.append((url, response))
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for href in re.findall(r'href="([^"#]+)', response.content.decode()):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or parts.path.startswith("/static/"):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def header_problems(url, response, *, signed_in):
    problems = []
    hsts = response.get("Strict-Transport-Security", "")
    match = re.search(r"max-age=(\d+)", hsts)
    if not match or int(match.group(1)) < 365 * 24 * 3600:
        problems.append(f"HSTS is {hsts!r}")
    csp = response.get("Content-Security-Policy", "")
    script_src = re.search(r"script-src ([^;]*)", csp) or re.search(r"default-src ([^;]*)", csp)
    if not script_src or "'unsafe-inline'" in script_src.group(1):
        problems.append(f"CSP script policy is {csp!r}")
    if "frame-ancestors 'none'" not in csp or response.get("X-Frame-Options") != "DENY":
        problems.append("framing is not forbidden")
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if not response.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    if signed_in and "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control is {response.get('Cache-Control')!r}")
    return [f"{url} ({response.status_code}): {problem}" for problem in problems]


@pytest.mark.django_db
def test_every_page_carries_the_security_headers_under_production_settings(production_settings):
    approver = MembershipFactory(role=Role.APPROVER)
    InvitationFactory(organisation=approver.organisation)
    nhse_admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user
    problems, visited = [], 0
    for person in (None, approver.user, nhse_admin):
        client = Client()
        if person:
            client.force_login(person)
        start_pages = ["/", "/sign-in/", "/password-reset/", "/health/", "/no-such-page/"]
        for url, response in [page for start in start_pages for page in crawl(client, start)]:
            visited += 1
            problems += header_problems(url, response, signed_in=person is not None)

    assert visited > 30
    assert problems == []


@pytest.mark.django_db
def test_http_is_redirected_to_https_under_production_settings(production_settings, client):
    response = client.get("/sign-in/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/sign-in/"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_under_production_settings(production_settings, client):
    client.get("/sign-in/", secure=True)
    response = client.post(
        "/sign-in/", {"username": "nobody@example.org", "password": "x" * 12}, secure=True
    )

    assert response.cookies["csrftoken"]["secure"] is True
    assert production_settings["SESSION_COOKIE_SECURE"] is True


def fail_loudly(request):
    raise RuntimeError(f"database password is {settings.SECRET_KEY}")


urlpatterns = [path("fail/", fail_loudly)]


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_an_error_shows_a_plain_page_without_traceback_or_settings(production_settings):
    client = Client(raise_request_exception=False)

    response = client.get("/fail/", secure=True)

    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in html
    for leak in ("Traceback", "RuntimeError", "SECRET_KEY", settings.SECRET_KEY, "settings"):
        assert leak not in html


def test_bandit_finds_nothing_of_medium_or_higher_severity():
    result = subprocess.run(
        [
            sys.executable, "-m", "bandit", "--quiet", "--recursive", "--format", "json",
            "--severity-level", "medium", "accounts", "config", "maturity", "roadmaps",
        ],
        cwd=BASE_DIR, capture_output=True, text=True, timeout=300,
    )  # fmt: skip

    report = json.loads(result.stdout)
    findings = [
        f"{item['filename']}:{item['line_number']}: {item['test_id']} {item['issue_text']}"
        for item in report["results"]
    ]
    assert findings == []
    assert report["metrics"]["_totals"]["loc"] > 1000  # it really read the project
