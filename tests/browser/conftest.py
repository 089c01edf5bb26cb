"""Journeys in a real browser: Playwright drives Debian's Chromium against ``live_server``.

Playwright never downloads a browser here: it launches the Chromium at ``CHROMIUM_PATH``
(``/usr/bin/chromium`` unless told otherwise). Without it, without axe-core from npm, or
without Java for the Nu HTML checker (vnu-jar from npm), these tests are skipped, or fail
under ``REQUIRE_REAL_SERVICES=1``.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from playwright.sync_api import expect

from tests.browser.journey import Journey
from tests.browser.markup import NuChecker, PagesOpened, checker_unavailable
from tests.conftest import REQUIRE_REAL_SERVICES
from tests.security.conftest import world  # noqa: F401 - the walk's people, for test_every_page

BROWSER_TESTS = Path(__file__).resolve().parent
REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_PATH = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE_PATH = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "browser"
# The HTML checker launched for this session, and what it cost.
LAUNCHED = []
CHECKER_SUMMARY = []


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser tests last, after pytest-django has put them among the transactional
    tests: from the first of them until the session ends, Playwright's event loop runs in the
    main thread, and nothing else should have to share it (see ``allow_django_in_an_event_loop``).
    """
    browser = [item for item in items if BROWSER_TESTS in item.path.parents]
    items[:] = [item for item in items if BROWSER_TESTS not in item.path.parents] + browser
    # Java takes seconds to start the HTML checker: let it start while other tests run.
    if browser and not config.option.collectonly and checker_unavailable() is None:
        LAUNCHED.append(NuChecker())


@pytest.fixture(scope="session", autouse=True)
def allow_django_in_an_event_loop():
    """Let Django use the database in the main thread while Playwright's event loop runs there.

    Playwright's sync API keeps an event loop running in the main thread from its start to the
    end of the session; without this, Django refuses the database calls of the live_server and
    db fixtures (SynchronousOnlyOperation). Set here rather than when this file is imported, so
    that tests run before the browser tests (``manage.py check --deploy`` in a subprocess, say)
    never inherit it.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


def missing(reason):
    """Skip the test, or fail it when the run must use every real service."""
    if REQUIRE_REAL_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_REAL_SERVICES=1)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, pointed at the system Chromium."""
    if not CHROMIUM_PATH.is_file():
        missing(f"Chromium not found at {CHROMIUM_PATH}: install it with apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM_PATH)}


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_PATH.is_file():
        missing(f"axe-core not found at {AXE_PATH}: install it with npm ci")
    return AXE_PATH.read_text()


@pytest.fixture(scope="session")
def html_checker():
    """The Nu HTML checker, started once for the session (a Java start-up takes seconds)."""
    reason = checker_unavailable()
    if reason:
        missing(reason)
    if not LAUNCHED:
        LAUNCHED.append(NuChecker())
    checker = LAUNCHED[0]
    checker.wait_until_ready()
    yield checker
    CHECKER_SUMMARY.append(checker.summary())


def pytest_sessionfinish():
    for checker in LAUNCHED:
        checker.stop()


def pytest_terminal_summary(terminalreporter):
    for line in CHECKER_SUMMARY:
        terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def links_in_emails_point_at_the_live_server(settings, live_server):
    settings.SITE_URL = live_server.url


@pytest.fixture(autouse=True)
def every_page_opened_is_valid_html(request):
    """A page that a test opens without a journey has its HTML checked when the test ends (a
    journey checks each page as it arrives), so every page the browser suite visits is."""
    if "page" not in request.fixturenames or "journey" in request.fixturenames:
        yield
        return
    opened = PagesOpened(request.getfixturevalue("page"))
    checker = request.getfixturevalue("html_checker")
    yield
    opened.assert_valid(checker)


@pytest.fixture(params=["mouse", "keyboard"])
def journey(request, page, live_server, axe_source, html_checker):
    """A person using the service with the mouse, or with the keyboard alone."""
    # Every page answers in milliseconds: fail in seconds rather than Playwright's 30.
    page.set_default_timeout(5_000)
    expect.set_options(timeout=5_000)
    return Journey(
        page,
        base_url=live_server.url,
        axe_source=axe_source,
        html_checker=html_checker,
        by=request.param,
    )


@pytest.fixture
def sign_in(page, live_server):
    """Start a journey already signed in as ``user`` (signing in has journeys of its own)."""

    def sign_in(user):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return sign_in


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    # The test's fixtures are still open while the call's report is made: the page shows
    # what the test saw when it failed.
    page = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and page is not None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', item.name).strip('-')}.png"
        try:
            page.screenshot(path=path, full_page=True)
        except Exception as error:  # noqa: BLE001 - the test's own failure matters more
            report.sections.append(("screenshot", f"No screenshot: {error}"))
        else:
            report.sections.append(("screenshot", str(path.relative_to(REPO_ROOT))))
