"""Queueing many emails at once (``queue_emails``) and sending several over one connection
(``deliver_emails``): the same rules as one at a time."""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from accounts.enums import EmailState
from accounts.models import OutboundEmail
from accounts.services import outbox_batches
from accounts.services.outbox import deliveries_held, queue_email, sweep_outbox
from accounts.services.outbox_batches import EmailToQueue, deliver_emails, queue_emails
from accounts.tasks import send_outbound_emails
from tests.factories import OutboundEmailFactory


def check_email(key, to="lead@ccg.example.nhs.uk"):
    return EmailToQueue(
        key=key, to=to, template="service_check", context={"requested_by": "a test"}
    )


def sent_to(smtp_server):
    return sorted(message["To"] for message in smtp_server.messages)


@pytest.mark.django_db
def test_queueing_many_twice_with_the_same_keys_sends_each_email_once(
    smtp_server, django_capture_on_commit_callbacks
):
    emails = [check_email(f"check:{n}", to=f"person{n}@ccg.example.nhs.uk") for n in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        first = queue_emails(emails)
    with django_capture_on_commit_callbacks(execute=True):
        second = queue_emails(emails)

    assert (first, second) == ({"check:0", "check:1", "check:2"}, set())
    assert OutboundEmail.objects.count() == 3
    assert sent_to(smtp_server) == [f"person{n}@ccg.example.nhs.uk" for n in range(3)]
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {EmailState.SENT}


@pytest.mark.django_db
def test_bulk_emails_hold_what_queueing_one_at_a_time_would_hold():
    single, _created = queue_email(
        key="one",
        to="a@ccg.example.nhs.uk",
        template="service_check",
        context={"requested_by": "<A> & B"},
    )
    queue_emails(
        [
            EmailToQueue(
                key="many",
                to="a@ccg.example.nhs.uk",
                template="service_check",
                context={"requested_by": "<A> & B"},
            )
        ]
    )

    many = OutboundEmail.objects.get(idempotency_key="many")
    assert (many.subject, many.body_text, many.body_html, many.state) == (
        single.subject,
        single.body_text,
        single.body_html,
        EmailState.PENDING,
    )


@pytest.mark.django_db
def test_a_key_already_queued_is_skipped_and_not_sent_again(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(key="old", to="old@ccg.example.nhs.uk", template="service_check", context={})
    with django_capture_on_commit_callbacks(execute=True):
        alone = queue_emails([check_email("old", to="someone.else@ccg.example.nhs.uk")])
    with django_capture_on_commit_callbacks(execute=True):
        mixed = queue_emails(
            [check_email("old", to="someone.else@ccg.example.nhs.uk"), check_email("new")]
        )

    assert (alone, mixed) == (set(), {"new"})
    assert OutboundEmail.objects.get(idempotency_key="old").to == "old@ccg.example.nhs.uk"
    assert sent_to(smtp_server) == ["lead@ccg.example.nhs.uk", "old@ccg.example.nhs.uk"]


@pytest.mark.django_db
def test_bulk_delivery_is_enqueued_after_commit_in_chunks(
    smtp_server, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(outbox_batches, "DELIVERY_CHUNK_SIZE", 2)
    monkeypatch.setattr(outbox_batches, "QUEUE_BATCH_SIZE", 3)
    chunks = []
    monkeypatch.setattr(send_outbound_emails, "delay", lambda ids: chunks.append(ids))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queued = queue_emails([check_email(f"check:{n}") for n in range(5)])

    assert smtp_server.messages == [] and chunks == []
    assert len(queued) == 5
    callbacks[0]()
    ids = sorted(OutboundEmail.objects.values_list("pk", flat=True))
    assert chunks == [ids[0:2], ids[2:4], ids[4:5]]


@pytest.mark.django_db(transaction=True)
def test_two_callers_racing_with_overlapping_keys_queue_and_send_each_key_once(smtp_server):
    start = threading.Barrier(2)
    results = []

    def caller(numbers):
        try:
            start.wait()
            results.append(queue_emails([check_email(f"race:{n}") for n in numbers]))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=caller, args=(range(0, 20),)),
        threading.Thread(target=caller, args=(range(10, 30),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    first, second = results
    assert first | second == {f"race:{n}" for n in range(30)}
    assert first & second == set()
    assert OutboundEmail.objects.count() == 30
    assert len(smtp_server.messages) == 30
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {EmailState.SENT}


@pytest.mark.django_db
def test_one_refused_email_in_a_chunk_leaves_the_others_sent(smtp_server):
    emails = [OutboundEmailFactory(to=f"p{n}@ccg.example.nhs.uk") for n in range(3)]
    smtp_server.refuse_next("550 5.1.1 No such mailbox")

    results = deliver_emails(email_ids=[email.pk for email in emails])

    assert [result.state for _id, result in results] == [
        EmailState.FAILED,
        EmailState.SENT,
        EmailState.SENT,
    ]
    assert sent_to(smtp_server) == ["p1@ccg.example.nhs.uk", "p2@ccg.example.nhs.uk"]


@pytest.mark.django_db
def test_a_4xx_in_a_chunk_is_retried_alone_until_sent(smtp_server):
    emails = [OutboundEmailFactory(to=f"p{n}@ccg.example.nhs.uk") for n in range(2)]
    smtp_server.refuse_next("451 4.3.0 Try later")

    send_outbound_emails.delay([email.pk for email in emails])

    for email in emails:
        email.refresh_from_db()
    assert [(e.state, e.attempts) for e in emails] == [(EmailState.SENT, 2), (EmailState.SENT, 1)]
    assert sent_to(smtp_server) == ["p0@ccg.example.nhs.uk", "p1@ccg.example.nhs.uk"]


@pytest.mark.django_db
def test_a_row_already_claimed_is_not_sent_by_a_chunk(smtp_server):
    claimed = OutboundEmailFactory(state=EmailState.SENT, sent_at="2016-01-01T00:00Z")
    pending = OutboundEmailFactory(to="p@ccg.example.nhs.uk")

    results = deliver_emails(email_ids=[claimed.pk, pending.pk])

    assert [result.state for _id, result in results] == ["not_claimed", EmailState.SENT]
    assert sent_to(smtp_server) == ["p@ccg.example.nhs.uk"]


@pytest.mark.django_db
def test_emails_queued_while_deliveries_are_held_stay_pending_for_the_sweeper(
    django_capture_on_commit_callbacks, settings
):
    settings.OUTBOX_PENDING_GRACE = timedelta(0)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with deliveries_held():
            queue_email(key="held:one", to="lead@ccg.example.nhs.uk", template="service_check",
                        context={"requested_by": "the seed"})  # fmt: skip
            queue_emails([check_email("held:two"), check_email("held:three")])
        queue_email(key="after:one", to="lead@ccg.example.nhs.uk", template="service_check",
                    context={"requested_by": "a person"})  # fmt: skip

    # Only the email queued after the block is handed to the broker on commit.
    assert len(callbacks) == 1
    held = OutboundEmail.objects.filter(idempotency_key__startswith="held:")
    assert set(held.values_list("state", flat=True)) == {EmailState.PENDING}
    # The sweeper picks the held rows up once a worker runs.
    assert sweep_outbox().enqueued == 4
