"""The email outbox: how the service sends every email.

Every email the service sends is a row first (``queue_email``), then a worker
claims the row (pending -> sending) and sends it (``deliver_email``), then the row says how it
went (sent, failed, or pending again with a later attempt time). ``sweep_outbox`` runs on a
schedule so that a lost broker message or a dead worker never loses an email.
"""

import logging
import smtplib
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import EmailState
from accounts.errors import ActionRefused
from accounts.models import OutboundEmail
from accounts.services.audit import record_event

logger = logging.getLogger(__name__)

SWEEP_BATCH_SIZE = 1000

# While set, queued emails are not handed to the broker (see ``deliveries_held``).
_deliveries_held = ContextVar("deliveries_held", default=False)


@contextmanager
def deliveries_held():
    """Queue emails inside the block without handing them to the broker: the rows stay
    pending, and the sweeper enqueues them once a worker and beat run. For loading data in
    bulk (``seed_national``), when nothing should be sent there and then."""
    token = _deliveries_held.set(True)
    try:
        yield
    finally:
        _deliveries_held.reset(token)


def hand_to_broker_after_commit(enqueue, *, what):
    """Run ``enqueue`` once the transaction commits, unless deliveries are held.

    By then the rows are saved and the person's action has succeeded, so a broker that
    refuses or does not answer in time must not turn it into an error page (a person who
    tried again would get a second email): the failure is logged, never raised, and the
    sweeper hands the rows to the broker once it is back. ``what`` names the rows in the log.
    """
    if _deliveries_held.get():
        return

    def enqueue_or_log():
        try:
            enqueue()
        except Exception:  # noqa: BLE001 - whatever the broker did, the row waits for the sweep
            logger.exception(
                "Could not hand %s to the broker; the outbox sweeper will send it.", what
            )

    transaction.on_commit(enqueue_or_log)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body_text: str
    body_html: str


@dataclass(frozen=True)
class DeliveryResult:
    state: str
    # Set when a transient error means the worker should try again after this delay.
    retry_in: timedelta | None = None


@dataclass(frozen=True)
class SweepResult:
    enqueued: int
    marked_unknown: int


def render_email(*, template, context):
    """Render ``templates/emails/<template>/`` (subject.txt, body.txt, body.html)."""
    full_context = {
        "site_url": settings.SITE_URL,
        "service_name": settings.SERVICE_NAME,
        **context,
    }
    subject = render_to_string(f"emails/{template}/subject.txt", full_context)
    return RenderedEmail(
        # Header injection is impossible when the subject is one line.
        subject=" ".join(subject.split()),
        body_text=render_to_string(f"emails/{template}/body.txt", full_context).strip() + "\n",
        body_html=render_to_string(f"emails/{template}/body.html", full_context),
    )


PRIVATE_LINK_REMOVED = "[Not kept: this email held a private link.]"


def queue_email(*, key, to, template, context=None, contains_secret=False):
    """Queue one email, at most once per ``key``.

    Renders the template now (so the row holds exactly what will be sent), inserts the row
    unless one with this key exists, and enqueues delivery after the surrounding transaction
    commits. A second call with the same key changes nothing and sends nothing. With
    ``contains_secret`` the body and context are erased once the email is sent or has failed.
    Returns ``(email, created)``.
    """
    context = context or {}
    rendered = render_email(template=template, context=context)
    email, created = OutboundEmail.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "template": template,
            "to": to,
            "context": context,
            "subject": rendered.subject,
            "body_text": rendered.body_text,
            "body_html": rendered.body_html,
            "contains_secret": contains_secret,
        },
    )
    if created:
        email_id = email.pk
        hand_to_broker_after_commit(lambda: _enqueue_delivery(email_id), what=f"email {email_id}")
    return email, created


def _enqueue_delivery(email_id):
    from accounts.tasks import send_outbound_email

    send_outbound_email.delay(email_id)


def deliver_email(*, email_id, connection=None):
    """Send one queued email if, and only if, this caller wins the claim on its row.

    The claim is a single conditional UPDATE (pending -> sending), so of any number of
    workers handed the same row exactly one sends it. Transient SMTP trouble (4xx replies,
    dropped or refused connections) puts the row back to pending with a capped exponential
    backoff; a permanent refusal (5xx) or too many attempts marks it failed with the error.
    ``connection`` is an open mail connection to send over (``deliver_emails``); without
    one, the email gets its own.
    """
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(pk=email_id, state=EmailState.PENDING).update(
        state=EmailState.SENDING, attempts=F("attempts") + 1, claimed_at=now
    )
    if not claimed:
        return DeliveryResult(state="not_claimed")
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        connection=connection,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as error:  # noqa: BLE001 - every failure is recorded on the row
        return _record_failure(email, error)
    OutboundEmail.objects.filter(pk=email.pk).update(
        state=EmailState.SENT, sent_at=timezone.now(), last_error="", **_erased(email)
    )
    return DeliveryResult(state=EmailState.SENT)


RETRYABLE_STATES = (EmailState.FAILED, EmailState.UNKNOWN)


@transaction.atomic
def retry_failed(*, email, retried_by):
    """Queue a failed or unknown email again, at a person's request.

    Only a failed or unknown row moves (back to queued, due now, with a fresh count of
    attempts); any other state is refused with ``ActionRefused``. The row is locked while it
    changes, one audit event records who asked, and delivery is enqueued after commit. A row
    whose private link was erased cannot be sent again, so it is refused too.
    """
    locked = OutboundEmail.objects.select_for_update().filter(pk=email.pk).first()
    if locked is None:
        raise ActionRefused(_("That email no longer exists."))
    if locked.state not in RETRYABLE_STATES:
        raise ActionRefused(
            _(
                "Only a failed email, or one whose sending is unknown, can be sent again. "
                "This one is %(state)s."
            )
            % {"state": locked.get_state_display().lower()}
        )
    if locked.contains_secret and locked.body_text == PRIVATE_LINK_REMOVED:
        raise ActionRefused(
            _(
                "This email held a private link that has been erased, so it cannot be sent "
                "again. Ask the person to request a new one."
            )
        )
    before = {"state": locked.state, "attempts": locked.attempts, "error": locked.last_error}
    OutboundEmail.objects.filter(pk=locked.pk).update(
        state=EmailState.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_at=None
    )
    record_event(
        actor=retried_by,
        verb="email.retried",
        target=locked,
        before=before,
        after={"state": EmailState.PENDING},
    )
    email_id = locked.pk
    hand_to_broker_after_commit(lambda: _enqueue_delivery(email_id), what=f"email {email_id}")
    locked.refresh_from_db()
    return locked


def _erased(email):
    """Field values that drop a private link from a row that will not be sent again."""
    if not email.contains_secret:
        return {}
    return {"body_text": PRIVATE_LINK_REMOVED, "body_html": "", "context": {}}


def _record_failure(email, error):
    description = describe_error(error)
    if is_transient(error) and email.attempts < settings.OUTBOX_MAX_ATTEMPTS:
        delay = retry_delay(email.attempts)
        OutboundEmail.objects.filter(pk=email.pk).update(
            state=EmailState.PENDING,
            next_attempt_at=timezone.now() + delay,
            last_error=description,
        )
        logger.warning("Email %s will be retried in %s: %s", email.pk, delay, description)
        return DeliveryResult(state=EmailState.PENDING, retry_in=delay)
    if is_transient(error):
        description = f"Gave up after {email.attempts} attempts. {description}"
    OutboundEmail.objects.filter(pk=email.pk).update(
        state=EmailState.FAILED, last_error=description, **_erased(email)
    )
    logger.error("Email %s failed: %s", email.pk, description)
    return DeliveryResult(state=EmailState.FAILED)


def is_transient(error):
    """Whether trying again later may succeed: 4xx replies and network trouble."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return not 500 <= error.smtp_code < 600
    return isinstance(error, (smtplib.SMTPServerDisconnected, OSError))


def describe_error(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = "; ".join(
            f"{recipient}: {code} {_decode(message)}"
            for recipient, (code, message) in error.recipients.items()
        )
        return f"Recipient refused: {replies}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"SMTP {error.smtp_code}: {_decode(error.smtp_error)}"
    return f"{type(error).__name__}: {error}"


def _decode(message):
    return message.decode(errors="replace") if isinstance(message, bytes) else str(message)


def retry_delay(attempts):
    """Exponential backoff from the base delay, capped."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_CAP_SECONDS))


def sweep_outbox():
    """Heal the outbox from database state alone; safe to run any number of times at once.

    Rows claimed for longer than the sending timeout become unknown (they may have been sent;
    a person decides). Pending rows that are due and older than a short grace period are
    enqueued again: their message was lost, or their retry is due. A duplicate message is
    harmless because only one worker can claim a row.
    """
    now = timezone.now()
    marked_unknown = OutboundEmail.objects.filter(
        state=EmailState.SENDING, claimed_at__lt=now - settings.OUTBOX_SENDING_TIMEOUT
    ).update(
        state=EmailState.UNKNOWN,
        last_error=(
            "The worker did not report back in time, so this email may or may not have "
            "been sent. Check with the recipient before sending it again."
        ),
    )
    due_ids = list(
        OutboundEmail.objects.filter(
            state=EmailState.PENDING, next_attempt_at__lte=now - settings.OUTBOX_PENDING_GRACE
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH_SIZE]
    )
    for email_id in due_ids:
        _enqueue_delivery(email_id)
    if marked_unknown or due_ids:
        logger.info("Outbox sweep: %s re-enqueued, %s unknown", len(due_ids), marked_unknown)
    return SweepResult(enqueued=len(due_ids), marked_unknown=marked_unknown)
