"""A real Celery worker, on the configured broker, delivering to a real SMTP server."""

import time

import pytest

from accounts.enums import EmailState
from accounts.models import OutboundEmail
from accounts.services.outbox import queue_email
from accounts.tasks import send_outbound_email
from tests.factories import OutboundEmailFactory

pytestmark = [pytest.mark.real_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def one_worker(celery_processes):
    """One real worker running; wait on it with ``one_worker.wait_until(...)``."""
    celery_processes.start_worker("worker", concurrency=2)
    return celery_processes


def state_of(email):
    return OutboundEmail.objects.values_list("state", flat=True).get(pk=email.pk)


def test_real_worker_delivers_a_queued_email_to_the_smtp_server(smtp_server, one_worker):
    email, _ = queue_email(
        key="integration:delivery",
        to="approver@ccg.example.nhs.uk",
        template="service_check",
        context={"requested_by": "the integration test"},
    )

    one_worker.wait_until(lambda: state_of(email) == EmailState.SENT)

    [message] = smtp_server.messages
    assert message["To"] == "approver@ccg.example.nhs.uk"
    assert message["Subject"] == email.subject


def test_real_worker_sends_a_row_once_however_often_it_is_enqueued(smtp_server, one_worker):
    email = OutboundEmailFactory(to="lead@ccg.example.nhs.uk")
    marker = OutboundEmailFactory(to="marker@ccg.example.nhs.uk")

    for _ in range(5):
        send_outbound_email.delay(email.pk)
    send_outbound_email.delay(marker.pk)
    one_worker.wait_until(lambda: state_of(marker) == EmailState.SENT)
    one_worker.wait_until(
        lambda: not OutboundEmail.objects.filter(state=EmailState.SENDING).exists()
    )
    time.sleep(1)  # let any duplicate still in the worker's hands finish

    recipients = sorted(message["To"] for message in smtp_server.messages)
    assert recipients == ["lead@ccg.example.nhs.uk", "marker@ccg.example.nhs.uk"]
    assert state_of(email) == EmailState.SENT
