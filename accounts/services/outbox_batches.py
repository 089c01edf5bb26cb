"""The outbox in batches: many emails queued in a few statements, and delivered over one
SMTP connection per chunk. Each row keeps the rules of ``accounts.services.outbox``: unique
key, claimed on its own before sending, retried, failed or swept exactly as one queued alone.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models.constants import OnConflict
from django.template.loader import get_template

from accounts.enums import EmailState
from accounts.models import OutboundEmail
from accounts.services.outbox import RenderedEmail, deliver_email, hand_to_broker_after_commit

logger = logging.getLogger(__name__)

# Rows inserted per statement by ``queue_emails``.
QUEUE_BATCH_SIZE = 500
# Rows per delivery message from ``queue_emails``: few messages to publish, yet enough of
# them for every worker process to take a share.
DELIVERY_CHUNK_SIZE = 25


@dataclass(frozen=True)
class EmailToQueue:
    """One email for ``queue_emails``: what ``queue_email`` takes as arguments."""

    key: str
    to: str
    template: str
    context: dict
    contains_secret: bool = False


def render_emails(*, template, contexts):
    """``render_email`` for many contexts of one template, loading its files once."""
    subject, text, html = (
        get_template(f"emails/{template}/{name}")
        for name in ("subject.txt", "body.txt", "body.html")
    )
    shared = {"site_url": settings.SITE_URL, "service_name": settings.SERVICE_NAME}
    rendered = []
    for context in contexts:
        full_context = {**shared, **context}
        rendered.append(
            RenderedEmail(
                subject=" ".join(subject.render(full_context).split()),
                body_text=text.render(full_context).strip() + "\n",
                body_html=html.render(full_context),
            )
        )
    return rendered


def queue_emails(emails):
    """Queue many emails, each at most once per key: ``queue_email`` for a batch.

    Renders every email, then inserts the rows ``QUEUE_BATCH_SIZE`` at a time, each batch
    one ``INSERT ... ON CONFLICT DO NOTHING RETURNING`` so the database itself says which
    rows this call inserted: a key that already exists, or that a concurrent caller inserts
    first, is skipped and not sent again. After the surrounding transaction commits,
    delivery of exactly the inserted rows is enqueued, ``DELIVERY_CHUNK_SIZE`` rows per
    message. Returns the set of keys inserted.
    """
    emails = list(emails)
    rendered = {}
    by_template = {}
    for email in emails:
        by_template.setdefault(email.template, []).append(email)
    for template, of_template in by_template.items():
        contexts = [email.context for email in of_template]
        for email, result in zip(
            of_template, render_emails(template=template, contexts=contexts), strict=True
        ):
            rendered[email.key] = result
    rows = [
        OutboundEmail(
            idempotency_key=email.key,
            template=email.template,
            to=email.to,
            context=email.context,
            subject=rendered[email.key].subject,
            body_text=rendered[email.key].body_text,
            body_html=rendered[email.key].body_html,
            contains_secret=email.contains_secret,
        )
        for email in emails
    ]
    inserted = {}
    with transaction.atomic():
        for start in range(0, len(rows), QUEUE_BATCH_SIZE):
            inserted.update(_insert_new(rows[start : start + QUEUE_BATCH_SIZE]))
        ids = sorted(inserted.values())
        if ids:
            hand_to_broker_after_commit(
                lambda: _enqueue_deliveries(ids), what=f"{len(ids)} emails from {ids[0]}"
            )
    return set(inserted)


def _insert_new(rows):
    """Insert the rows whose key is new; {key: id} of those this statement inserted.

    ``bulk_create(ignore_conflicts=True)`` cannot say which rows it inserted, so this is the
    insert it makes (Django's ``QuerySet._insert``, which ``bulk_create`` calls), with
    RETURNING added: PostgreSQL, and SQLite 3.35 or later, return only the rows inserted.
    """
    opts = OutboundEmail._meta
    fields = [field for field in opts.concrete_fields if field is not opts.pk]
    returned = OutboundEmail.objects._insert(
        rows,
        fields=fields,
        returning_fields=[opts.pk, opts.get_field("idempotency_key")],
        on_conflict=OnConflict.IGNORE,
    )
    # One row whose key exists returns nothing, which Django reads as a single None.
    return {key: pk for pk, key in (row for row in returned if row is not None)}


def _enqueue_deliveries(email_ids):
    """One message per chunk; the first that fails stops the rest (each would wait for the
    broker in turn), and the sweeper enqueues whatever is still pending."""
    from accounts.tasks import send_outbound_emails

    for start in range(0, len(email_ids), DELIVERY_CHUNK_SIZE):
        send_outbound_emails.delay(email_ids[start : start + DELIVERY_CHUNK_SIZE])


def deliver_emails(*, email_ids):
    """``deliver_email`` for several rows in turn, over one SMTP connection.

    Each row is claimed, sent and recorded on its own, exactly as ``deliver_email`` does.
    After a failure the connection is closed, so the next row starts on a fresh one.
    Returns ``[(email id, DeliveryResult)]``.
    """
    results = []
    connection = get_connection()
    try:
        for email_id in email_ids:
            # Opened here, the connection stays open across sends; if it cannot be opened,
            # the send tries again and its error is recorded on the row.
            _open_quietly(connection)
            result = deliver_email(email_id=email_id, connection=connection)
            results.append((email_id, result))
            if result.state in (EmailState.PENDING, EmailState.FAILED):
                _close_quietly(connection)
    finally:
        _close_quietly(connection)
    return results


def _open_quietly(connection):
    try:
        connection.open()
    except Exception:  # noqa: BLE001 - the send itself meets and records the error
        logger.debug("Opening a mail connection failed", exc_info=True)


def _close_quietly(connection):
    try:
        connection.close()
    except Exception:  # noqa: BLE001 - a broken connection is dropped either way
        logger.debug("Closing a broken mail connection failed", exc_info=True)
