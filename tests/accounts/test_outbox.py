import smtplib
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from accounts.enums import EmailState
from accounts.models import OutboundEmail
from accounts.services import outbox
from accounts.services.outbox import deliver_email, queue_email, sweep_outbox
from tests.factories import OutboundEmailFactory


def queue_check_email(key="check:1", to="lead@ccg.example.nhs.uk"):
    email, _created = queue_email(
        key=key, to=to, template="service_check", context={"requested_by": "a test"}
    )
    return email


@pytest.mark.django_db
def test_queueing_twice_with_one_key_sends_one_email(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first, first_created = queue_email(
            key="invite:42", to="a@ccg.example.nhs.uk", template="service_check", context={}
        )
    with django_capture_on_commit_callbacks(execute=True):
        second, second_created = queue_email(
            key="invite:42", to="a@ccg.example.nhs.uk", template="service_check", context={}
        )

    assert (first_created, second_created) == (True, False)
    assert second.pk == first.pk
    assert OutboundEmail.objects.count() == 1
    assert len(smtp_server.messages) == 1
    first.refresh_from_db()
    assert first.state == EmailState.SENT


@pytest.mark.django_db
def test_queued_email_is_sent_only_after_the_transaction_commits(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = queue_check_email()

    assert smtp_server.messages == []
    email.refresh_from_db()
    assert email.state == EmailState.PENDING
    assert len(callbacks) == 1


@pytest.mark.django_db
def test_sent_email_has_action_first_subject_text_and_html_with_a_link(
    smtp_server, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://roadmaps.example.nhs.uk"

    with django_capture_on_commit_callbacks(execute=True):
        queue_check_email(to="editor@ccg.example.nhs.uk")

    [message] = smtp_server.messages
    assert message["Subject"] == "No action needed: test email from the digital roadmap service"
    assert message["To"] == "editor@ccg.example.nhs.uk"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "https://roadmaps.example.nhs.uk/health/" in text
    assert "Requested by: a test" in text
    assert 'href="https://roadmaps.example.nhs.uk/health/"' in html


@pytest.mark.django_db
def test_text_email_shows_names_unescaped_and_html_email_escapes_them(smtp_server):
    email, _ = queue_email(
        key="check:escape",
        to="x@ccg.example.nhs.uk",
        template="service_check",
        context={"requested_by": "O'Neil & <Partners>"},
    )

    assert "Requested by: O'Neil & <Partners>" in email.body_text
    assert "O&#x27;Neil &amp; &lt;Partners&gt;" in email.body_html


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_one_row_send_it_once(smtp_server):
    email = OutboundEmailFactory()
    start = threading.Barrier(2)
    results = []

    def worker():
        try:
            start.wait()
            results.append(deliver_email(email_id=email.pk).state)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["not_claimed", "sent"]
    assert len(smtp_server.messages) == 1
    email.refresh_from_db()
    assert (email.state, email.attempts) == (EmailState.SENT, 1)


@pytest.mark.django_db
def test_smtp_4xx_puts_the_email_back_for_a_later_attempt(smtp_server):
    smtp_server.refuse_next("451 4.3.0 Mail server busy, try again later")
    email = queue_check_email()

    with time_machine.travel("2016-06-29 10:00 +01:00", tick=False):
        result = deliver_email(email_id=email.pk)

    email.refresh_from_db()
    assert result.retry_in == timedelta(seconds=60)
    assert email.state == EmailState.PENDING
    assert email.attempts == 1
    assert email.last_error == "SMTP 451: 4.3.0 Mail server busy, try again later"
    assert email.next_attempt_at == datetime(2016, 6, 29, 9, 1, tzinfo=UTC)
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_smtp_4xx_is_retried_by_the_task_until_it_is_sent(
    smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refuse_next("451 4.3.0 Try again later", "421 4.7.0 Too many connections")

    with django_capture_on_commit_callbacks(execute=True):
        email = queue_check_email()

    email.refresh_from_db()
    assert (email.state, email.attempts, email.last_error) == (EmailState.SENT, 3, "")
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_smtp_5xx_marks_the_email_failed_with_the_error_and_does_not_retry(
    smtp_server, django_capture_on_commit_callbacks
):
    smtp_server.refuse_next("550 5.1.1 Mailbox does not exist")

    with django_capture_on_commit_callbacks(execute=True):
        email = queue_check_email()

    email.refresh_from_db()
    assert email.state == EmailState.FAILED
    assert email.attempts == 1
    assert email.last_error == "SMTP 550: 5.1.1 Mailbox does not exist"
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_unreachable_mail_server_is_a_transient_error(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens on port 1
    email = queue_check_email()

    result = deliver_email(email_id=email.pk)

    email.refresh_from_db()
    assert result.state == EmailState.PENDING
    assert email.last_error.startswith("ConnectionRefusedError")


@pytest.mark.django_db
def test_transient_errors_give_up_after_the_last_attempt(smtp_server, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_server.refuse_next("451 busy", "451 still busy")
    email = queue_check_email()

    first = deliver_email(email_id=email.pk)
    second = deliver_email(email_id=email.pk)

    email.refresh_from_db()
    assert (first.state, second.state) == (EmailState.PENDING, EmailState.FAILED)
    assert email.last_error == "Gave up after 2 attempts. SMTP 451: still busy"


def test_retry_delay_doubles_and_is_capped(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS, settings.OUTBOX_RETRY_CAP_SECONDS = 60, 3600

    delays = [outbox.retry_delay(attempt).total_seconds() for attempt in range(1, 9)]

    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_recipient_refused_with_5xx_is_permanent_and_4xx_transient():
    permanent = smtplib.SMTPRecipientsRefused({"a@x.example": (550, b"No such user")})
    transient = smtplib.SMTPRecipientsRefused({"a@x.example": (450, b"Mailbox busy")})

    assert (outbox.is_transient(permanent), outbox.is_transient(transient)) == (False, True)
    assert outbox.describe_error(permanent) == "Recipient refused: a@x.example: 550 No such user"


@pytest.mark.django_db
def test_sweep_sends_a_pending_email_whose_message_was_lost(smtp_server):
    with time_machine.travel("2015-10-30 09:00 +00:00", tick=False):
        email = queue_check_email()  # no commit callback runs: as if the message was lost

    with time_machine.travel("2015-10-30 09:05 +00:00", tick=False):
        result = sweep_outbox()

    email.refresh_from_db()
    assert result.enqueued == 1
    assert email.state == EmailState.SENT
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db
def test_sweep_leaves_a_just_queued_email_to_its_own_message(smtp_server):
    with time_machine.travel("2015-10-30 09:00:00 +00:00", tick=False):
        email = queue_check_email()
    with time_machine.travel("2015-10-30 09:00:30 +00:00", tick=False):
        result = sweep_outbox()

    email.refresh_from_db()
    assert (result.enqueued, email.state) == (0, EmailState.PENDING)
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_sweep_waits_for_the_backoff_before_retrying(smtp_server):
    smtp_server.refuse_next("451 busy")
    with time_machine.travel("2015-10-30 09:00 +00:00", tick=False):
        email = queue_check_email()
        deliver_email(email_id=email.pk)  # next attempt due at 09:01, swept from 09:02

    with time_machine.travel("2015-10-30 09:01:30 +00:00", tick=False):
        early = sweep_outbox()
    with time_machine.travel("2015-10-30 09:02:30 +00:00", tick=False):
        due = sweep_outbox()

    email.refresh_from_db()
    assert (early.enqueued, due.enqueued) == (0, 1)
    assert (email.state, email.attempts) == (EmailState.SENT, 2)


@pytest.mark.django_db
def test_sweep_marks_an_email_stuck_in_sending_unknown_and_never_resends_it(smtp_server):
    with time_machine.travel("2015-10-30 09:00 +00:00", tick=False):
        email = queue_check_email()
        # A worker claimed the row and died before it could say how the send went.
        OutboundEmail.objects.filter(pk=email.pk).update(
            state=EmailState.SENDING, claimed_at=timezone.now(), attempts=1
        )

    with time_machine.travel("2015-10-30 09:20 +00:00", tick=False):
        first = sweep_outbox()
    with time_machine.travel("2015-10-30 10:20 +00:00", tick=False):
        second = sweep_outbox()
        deliver_email(email_id=email.pk)

    email.refresh_from_db()
    assert (first.marked_unknown, second.marked_unknown, second.enqueued) == (1, 0, 0)
    assert email.state == EmailState.UNKNOWN
    assert "may or may not have been sent" in email.last_error
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_sweep_leaves_a_recent_sending_email_alone(smtp_server):
    with time_machine.travel("2015-10-30 09:00 +00:00", tick=False):
        email = queue_check_email()
        OutboundEmail.objects.filter(pk=email.pk).update(
            state=EmailState.SENDING, claimed_at=timezone.now()
        )
    with time_machine.travel("2015-10-30 09:05 +00:00", tick=False):
        result = sweep_outbox()

    email.refresh_from_db()
    assert (result.marked_unknown, email.state) == (0, EmailState.SENDING)


@pytest.mark.django_db
def test_unknown_template_is_refused_before_anything_is_queued():
    from django.template import TemplateDoesNotExist

    with pytest.raises(TemplateDoesNotExist):
        queue_email(key="bad", to="a@x.example", template="no_such_email", context={})

    assert OutboundEmail.objects.count() == 0


@pytest.mark.django_db
def test_a_private_link_is_erased_from_the_outbox_once_sent_but_reaches_the_person(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email, _ = queue_email(
            key="reset:1",
            to="a@ccg.example.nhs.uk",
            template="service_check",
            context={"requested_by": "secret-token-123"},
            contains_secret=True,
        )

    email.refresh_from_db()
    [message] = smtp_server.messages
    assert "secret-token-123" in message.get_body(preferencelist=("plain",)).get_content()
    assert (email.state, email.body_text, email.body_html, email.context) == (
        EmailState.SENT,
        "[Not kept: this email held a private link.]",
        "",
        {},
    )
    assert email.subject == "No action needed: test email from the digital roadmap service"


@pytest.mark.django_db
def test_a_private_link_is_kept_while_delivery_is_retried(smtp_server):
    smtp_server.refuse_next("451 busy")
    email, _ = queue_email(
        key="reset:2",
        to="a@ccg.example.nhs.uk",
        template="service_check",
        context={"requested_by": "secret-token-456"},
        contains_secret=True,
    )

    deliver_email(email_id=email.pk)

    email.refresh_from_db()
    assert email.state == EmailState.PENDING
    assert "secret-token-456" in email.body_text
