"""A real broker that stops, or hangs, while people use the service.

The test starts its own Redis server, so it can stop it (SIGTERM: connections refused) and
pause it (SIGSTOP: connections accepted, nothing answered) without touching the shared one.
While it is down, actions that queue email answer as usual within a few seconds and
/health/ answers 503 within about 3 s. Once it is back, the real sweeper and a real worker
deliver every queued row exactly once: one claim per row, one message per row at the SMTP
server.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.enums import EmailState, Role
from accounts.models import OutboundEmail
from tests.broker_faults import celery_broker, within
from tests.factories import MembershipFactory, UserFactory
from tests.integration.processes import CeleryProcesses
from tests.integration.redis_server import RedisServer

pytestmark = [pytest.mark.real_worker, pytest.mark.django_db(transaction=True)]

A_FEW_SECONDS = 5
ABOUT_3_SECONDS = 3.5
# The sweeper every second, and rows swept as soon as they are queued.
QUICK_SWEEPS = {"OUTBOX_SWEEP_EVERY_SECONDS": "1", "OUTBOX_PENDING_GRACE_SECONDS": "0"}
SWEEPS_AFTER_DELIVERY = 3
SWEEP_RAN = r"Task accounts\.sweep_outbox\[[^\]]+\] succeeded"


@pytest.fixture
def private_redis(monkeypatch, settings):
    """A Redis server of this test's own; this process and the workers use it as broker."""
    server = RedisServer.start_new(settings.VAR_DIR)
    try:
        # Workers started from here inherit CELERY_BROKER_URL from this process.
        with celery_broker(monkeypatch, server.url):
            yield server
    finally:
        server.close()


@pytest.fixture
def celery_on_private_redis(private_redis, transactional_db, smtp_server):
    processes = CeleryProcesses(smtp_port=smtp_server.port)
    yield processes
    processes.stop_all()


@pytest.fixture
def people(transactional_db):
    approver = MembershipFactory(role=Role.APPROVER, user__email="tom.okafor@ccg.example.nhs.uk")
    return {
        "before": UserFactory(email="asha.patel@ccg.example.nhs.uk"),
        "during": UserFactory(email="ben.adeyemi@ccg.example.nhs.uk"),
        "approver": approver.user,
        "organisation": approver.organisation,
    }


def request_reset(email):
    return Client().post(reverse("password_reset"), {"email": email})


def use_the_service_while_the_broker_is_down(people):
    """A password reset and an invitation answer as usual, and /health/ answers 503, each
    within its time; returns how long each took."""
    reset = within(A_FEW_SECONDS * 3, lambda: request_reset(people["during"].email))
    assert (reset.value.status_code, reset.value["Location"]) == (
        302,
        reverse("password_reset_done"),
    )

    approver = Client()
    approver.force_login(people["approver"])
    members_page = reverse("organisation_members", args=[people["organisation"].ods_code])
    invitation = within(
        A_FEW_SECONDS * 3,
        lambda: approver.post(
            reverse("invite", args=[people["organisation"].ods_code]),
            {"email": "new.person@ccg.example.nhs.uk", "role": Role.EDITOR},
            follow=True,
        ),
    )
    assert invitation.value.redirect_chain == [(members_page, 302)]
    assert "Invitation sent to new.person@ccg.example.nhs.uk." in (
        invitation.value.content.decode()
    )

    health = within(A_FEW_SECONDS * 3, lambda: Client().get("/health/"))
    assert health.value.status_code == 503
    assert health.value.json()["broker"]["reachable"] is False

    seconds = {"reset": reset.seconds, "invitation": invitation.seconds, "health": health.seconds}
    assert seconds["reset"] < A_FEW_SECONDS, seconds
    assert seconds["invitation"] < A_FEW_SECONDS, seconds
    assert seconds["health"] < ABOUT_3_SECONDS, seconds
    print("Seconds to answer while the broker was down:", seconds)  # shown with -rP
    return seconds


def deliver_with_the_real_sweeper_and_worker(processes):
    """A worker and a beat sweeping every second, until every row is sent and a few more
    sweeps have run over the sent rows; then both are stopped."""
    worker = processes.start_worker("worker", env=QUICK_SWEEPS)
    beat = processes.start_beat("sweeper", env=QUICK_SWEEPS)
    processes.wait_until(
        lambda: not OutboundEmail.objects.exclude(state=EmailState.SENT).exists(),
        what="every queued email to be sent",
    )
    sweeps_so_far = len(re.findall(SWEEP_RAN, worker.log()))
    processes.wait_until(
        lambda: len(re.findall(SWEEP_RAN, worker.log())) >= sweeps_so_far + SWEEPS_AFTER_DELIVERY,
        what=f"{SWEEPS_AFTER_DELIVERY} more sweeps",
    )
    # Stopped, the worker finishes whatever it holds: nothing can be sent late.
    processes.stop(beat, worker)


def assert_each_row_sent_once(smtp_server, processes, people):
    recipients = sorted(message["To"] for message in smtp_server.messages)
    assert recipients == [
        people["before"].email,
        people["during"].email,
        "new.person@ccg.example.nhs.uk",
    ], processes.logs()
    # One claim each: no row was taken twice, however many messages named it.
    assert sorted(OutboundEmail.objects.values_list("to", "state", "attempts")) == [
        (people["before"].email, EmailState.SENT, 1),
        (people["during"].email, EmailState.SENT, 1),
        ("new.person@ccg.example.nhs.uk", EmailState.SENT, 1),
    ]
    assert sorted(message["Subject"] for message in smtp_server.messages) == sorted(
        OutboundEmail.objects.values_list("subject", flat=True)
    )


def test_a_stopped_broker_delays_email_but_loses_and_doubles_none(
    people, private_redis, celery_on_private_redis, smtp_server
):
    # Just before the outage: handed to the broker, which loses it when it stops.
    assert request_reset(people["before"].email).status_code == 302
    private_redis.stop()

    use_the_service_while_the_broker_is_down(people)
    assert OutboundEmail.objects.filter(state=EmailState.PENDING).count() == 3

    private_redis.start()
    deliver_with_the_real_sweeper_and_worker(celery_on_private_redis)

    assert_each_row_sent_once(smtp_server, celery_on_private_redis, people)


def test_a_paused_broker_delays_email_but_loses_and_doubles_none(
    people, private_redis, celery_on_private_redis, smtp_server
):
    # Just before the outage: on the broker, and also found by the sweeper later.
    assert request_reset(people["before"].email).status_code == 302
    private_redis.pause()

    use_the_service_while_the_broker_is_down(people)
    assert OutboundEmail.objects.filter(state=EmailState.PENDING).count() == 3

    private_redis.resume()
    deliver_with_the_real_sweeper_and_worker(celery_on_private_redis)

    assert_each_row_sent_once(smtp_server, celery_on_private_redis, people)
