"""A real Celery worker, on the configured broker, delivering to a real SMTP server."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from accounts.enums import EmailState
from accounts.models import OutboundEmail
from accounts.services.outbox import queue_email
from accounts.tasks import send_outbound_email
from config.celery import app as celery_app
from config.health import check_broker
from tests.conftest import REQUIRE_REAL_SERVICES
from tests.factories import OutboundEmailFactory

pytestmark = [pytest.mark.real_worker, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60


def database_url_for_worker():
    """The URL of the test database, so the worker reads and writes what the test sees."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = f"{credentials}@" if credentials else ""
    return f"postgres://{host}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def celery_worker_process(transactional_db, smtp_server):
    try:
        check_broker()
    except Exception as error:  # noqa: BLE001 - any failure means unreachable
        message = (
            f"Celery broker {settings.CELERY_BROKER_URL.split('://')[0]} unreachable: {error!r}"
        )
        if REQUIRE_REAL_SERVICES:
            pytest.fail(message)
        pytest.skip(message)
    # Messages left by an earlier run name rows of an earlier database: drop them.
    celery_app.control.purge()
    log_path = settings.VAR_DIR / "test-worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url_for_worker(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--concurrency",
                "2",
                "--loglevel",
                "info",
                "--hostname",
                "test-worker@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    yield worker
    worker.terminate()
    try:
        worker.wait(30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def wait_until(condition, worker):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        if worker.poll() is not None:
            log = (settings.VAR_DIR / "test-worker.log").read_text()
            pytest.fail(f"The Celery worker exited early:\n{log[-3000:]}")
        time.sleep(0.1)
    log = (settings.VAR_DIR / "test-worker.log").read_text()
    pytest.fail(f"Timed out after {WAIT_SECONDS}s. Worker log:\n{log[-3000:]}")


def state_of(email):
    return OutboundEmail.objects.values_list("state", flat=True).get(pk=email.pk)


def test_real_worker_delivers_a_queued_email_to_the_smtp_server(smtp_server, celery_worker_process):
    email, _ = queue_email(
        key="integration:delivery",
        to="approver@ccg.example.nhs.uk",
        template="service_check",
        context={"requested_by": "the integration test"},
    )

    wait_until(lambda: state_of(email) == EmailState.SENT, celery_worker_process)

    [message] = smtp_server.messages
    assert message["To"] == "approver@ccg.example.nhs.uk"
    assert message["Subject"] == email.subject


def test_real_worker_sends_a_row_once_however_often_it_is_enqueued(
    smtp_server, celery_worker_process
):
    email = OutboundEmailFactory(to="lead@ccg.example.nhs.uk")
    marker = OutboundEmailFactory(to="marker@ccg.example.nhs.uk")

    for _ in range(5):
        send_outbound_email.delay(email.pk)
    send_outbound_email.delay(marker.pk)
    wait_until(lambda: state_of(marker) == EmailState.SENT, celery_worker_process)
    wait_until(
        lambda: not OutboundEmail.objects.filter(state=EmailState.SENDING).exists(),
        celery_worker_process,
    )
    time.sleep(1)  # let any duplicate still in the worker's hands finish

    recipients = sorted(message["To"] for message in smtp_server.messages)
    assert recipients == ["lead@ccg.example.nhs.uk", "marker@ccg.example.nhs.uk"]
    assert state_of(email) == EmailState.SENT
