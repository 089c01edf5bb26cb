"""What a person sees when the broker refuses connections or hangs: the action succeeds as
usual, the email waits in the outbox, and the sweeper hands it to the broker once it is back.

These tests commit for real (transactional), so the outbox hands rows to the broker exactly
as it does in a request, rather than in captured on-commit callbacks.
"""

import logging
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse

from accounts.enums import EmailState, Role
from accounts.models import OutboundEmail
from accounts.services.outbox import sweep_outbox
from maturity.tasks import compute_assessment_scores
from tests.broker_faults import celery_broker, closed_port, hung_broker_port, within
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# A person who waits longer than this for a page thinks the service is broken.
A_FEW_SECONDS = 5
BROKERS = {
    "redis": "redis://127.0.0.1:{port}/0",
    "rabbitmq": "amqp://guest:guest@127.0.0.1:{port}//",
}


def request_reset(client, email):
    return client.post(reverse("password_reset"), {"email": email})


def outbox_rows():
    return list(OutboundEmail.objects.order_by("pk").values_list("template", "to", "state"))


@pytest.mark.parametrize("broker", BROKERS)
def test_a_password_reset_while_the_broker_refuses_connections_answers_as_usual(
    client, monkeypatch, caplog, broker
):
    user = UserFactory(email="asha.patel@ccg.example.nhs.uk")
    url = BROKERS[broker].format(port=closed_port())

    with celery_broker(monkeypatch, url), caplog.at_level(logging.ERROR):
        answer = within(A_FEW_SECONDS, lambda: request_reset(client, user.email))

    assert (answer.value.status_code, answer.value["Location"]) == (
        302,
        reverse("password_reset_done"),
    )
    assert outbox_rows() == [("password_reset", user.email, EmailState.PENDING)]
    email = OutboundEmail.objects.get()
    assert [record.getMessage() for record in caplog.records] == [
        f"Could not hand email {email.pk} to the broker; the outbox sweeper will send it."
    ]


def test_an_email_the_broker_refused_is_sent_once_by_the_sweeper_when_it_is_back(
    client, monkeypatch, smtp_server, settings
):
    user = UserFactory(email="asha.patel@ccg.example.nhs.uk")
    with celery_broker(monkeypatch, BROKERS["redis"].format(port=closed_port())):
        request_reset(client, user.email)
    settings.OUTBOX_PENDING_GRACE = timedelta(0)

    # Back on the eager test broker: the sweep finds the row and delivers it.
    sweep_outbox()
    sweep_outbox()

    assert [message["To"] for message in smtp_server.messages] == [user.email]
    assert outbox_rows() == [("password_reset", user.email, EmailState.SENT)]


@pytest.mark.parametrize("broker", BROKERS)
def test_a_password_reset_while_the_broker_hangs_answers_within_a_few_seconds(
    client, monkeypatch, broker
):
    user = UserFactory(email="asha.patel@ccg.example.nhs.uk")

    with hung_broker_port() as port, celery_broker(monkeypatch, BROKERS[broker].format(port=port)):
        answer = within(A_FEW_SECONDS * 3, lambda: request_reset(client, user.email))

    assert answer.seconds < A_FEW_SECONDS
    assert (answer.value.status_code, answer.value["Location"]) == (
        302,
        reverse("password_reset_done"),
    )
    assert outbox_rows() == [("password_reset", user.email, EmailState.PENDING)]


def test_an_invitation_while_the_broker_hangs_is_sent_as_usual(client, monkeypatch):
    approver = MembershipFactory(role=Role.APPROVER)
    organisation = approver.organisation
    client.force_login(approver.user)

    def invite():
        return client.post(
            reverse("invite", args=[organisation.ods_code]),
            {"email": "new.person@ccg.example.nhs.uk", "role": Role.EDITOR},
            follow=True,
        )

    with hung_broker_port() as port, celery_broker(monkeypatch, BROKERS["redis"].format(port=port)):
        answer = within(A_FEW_SECONDS * 3, invite)

    assert answer.seconds < A_FEW_SECONDS
    assert answer.value.redirect_chain == [
        (reverse("organisation_members", args=[organisation.ods_code]), 302)
    ]
    assert "Invitation sent to new.person@ccg.example.nhs.uk." in answer.value.content.decode()
    assert outbox_rows() == [("invitation", "new.person@ccg.example.nhs.uk", EmailState.PENDING)]


def test_a_task_queued_after_commit_while_the_broker_refuses_is_logged_not_raised(
    monkeypatch, caplog
):
    """Other background work queued by an action (scores, figures) follows the same rule:
    its periodic sweep heals a lost message, so the person never sees the broker's error."""
    with (
        celery_broker(monkeypatch, BROKERS["redis"].format(port=closed_port())),
        caplog.at_level(logging.ERROR),
    ):
        with transaction.atomic():
            compute_assessment_scores.delay_on_commit(123)

    assert [record.getMessage() for record in caplog.records] == [
        "Could not hand task maturity.compute_assessment_scores to the broker after commit; "
        "its periodic sweep will catch up."
    ]
