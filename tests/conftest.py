import asyncio
import email
import importlib
import logging
import os
import socket
from collections import deque
from email import policy

import pytest
from aiosmtpd.controller import Controller
from pytest_django.plugin import blocking_manager_key

from config.celery import app as celery_app

# Set by .ci/run: a service that cannot be reached fails the run instead of skipping tests.
REQUIRE_REAL_SERVICES = os.environ.get("REQUIRE_REAL_SERVICES") == "1"

# aiosmtpd logs every SMTP command at INFO; keep failing tests' output readable.
logging.getLogger("mail.log").setLevel(logging.WARNING)


class ScriptedSMTPHandler:
    """An SMTP server's behaviour: accept every message unless told to refuse the next ones."""

    def __init__(self):
        self.messages = []
        self.data_replies = deque()
        self.seconds_per_message = 0

    def refuse_next(self, *replies):
        """Answer the next DATA commands with these replies, e.g. "451 4.3.0 Try later"."""
        self.data_replies.extend(replies)

    def slow_down(self, seconds):
        """Take this long over each message before answering, as a busy server does."""
        self.seconds_per_message = seconds

    async def handle_DATA(self, server, session, envelope):
        if self.seconds_per_message:
            # A client that goes away meanwhile still has its message accepted, as it would be
            # by a real server that had already taken it.
            await asyncio.sleep(self.seconds_per_message)
        if self.data_replies:
            return self.data_replies.popleft()
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=policy.default)
        )
        return "250 Message accepted for delivery"


def free_port():
    # aiosmtpd's Controller(port=0) cannot probe its own readiness, so pick a port first.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 that Django's SMTP backend delivers to."""
    handler = ScriptedSMTPHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_TIMEOUT = 10
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture(autouse=True)
def celery_eager(request):
    """Run tasks in-process unless a test asks for a real worker.

    Flipped on the Celery app itself: once the app is configured, Django settings no longer
    reach it.
    """
    if request.node.get_closest_marker("real_worker"):
        yield
        return
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates)
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = previous


_browser_seconds = {"total": 0.0, "tests": set()}


def pytest_runtest_logreport(report):
    if report.nodeid.startswith("tests/browser/"):
        _browser_seconds["total"] += report.duration
        _browser_seconds["tests"].add(report.nodeid)


def pytest_terminal_summary(terminalreporter):
    if _browser_seconds["tests"]:
        terminalreporter.write_line(
            f"Browser suite: {len(_browser_seconds['tests'])} tests in "
            f"{_browser_seconds['total']:.1f} s"
        )


IMMUTABLE_VERSIONS = importlib.import_module(
    "roadmaps.migrations.0004_roadmap_versions_are_immutable"
)


def _empties_the_database_after(item):
    marker = item.get_closest_marker("django_db")
    return (
        "transactional_db" in item.fixturenames
        or "live_server" in item.fixturenames
        or bool(marker and marker.kwargs.get("transaction"))
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    """On SQLite, Django empties the database after a transactional test with a DELETE of
    every table in no fixed order; the trigger that keeps submitted roadmap versions would
    refuse it whenever versions come before their roadmaps. So the versions go first, with
    the trigger lifted for that one statement."""
    from django.db import connection

    if connection.vendor == "sqlite" and _empties_the_database_after(item):
        # Reviews and published roadmaps point at versions: the flush that follows empties
        # those tables too, so their references are checked only after it.
        with item.config.stash[blocking_manager_key].unblock(), connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_keys = OFF;")
            cursor.execute("DROP TRIGGER IF EXISTS roadmaps_version_no_delete;")
            cursor.execute("DELETE FROM roadmaps_roadmapversion;")
            cursor.execute(IMMUTABLE_VERSIONS.SQLITE[1])
            cursor.execute("PRAGMA foreign_keys = ON;")
    yield
