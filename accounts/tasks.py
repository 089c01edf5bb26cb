"""Celery tasks for accounts: ids in, re-fetch, idempotent, stable names."""

from celery import shared_task

from accounts.services import outbox, outbox_batches


@shared_task(name="accounts.send_outbound_email")
def send_outbound_email(email_id):
    """Send one outbox row; a row that is gone or already claimed is left alone."""
    result = outbox.deliver_email(email_id=email_id)
    if result.retry_in is not None:
        # The row counts its own attempts, so a fresh message serves as the retry; if it is
        # lost, the sweep re-enqueues the row once it is due.
        send_outbound_email.apply_async((email_id,), countdown=result.retry_in.total_seconds())
    return result.state


@shared_task(name="accounts.send_outbound_emails")
def send_outbound_emails(email_ids):
    """Send several outbox rows over one mail connection; each is claimed on its own, and a
    row that is gone or already claimed is left alone."""
    results = outbox_batches.deliver_emails(email_ids=email_ids)
    for email_id, result in results:
        if result.retry_in is not None:
            send_outbound_email.apply_async((email_id,), countdown=result.retry_in.total_seconds())
    return [result.state for _email_id, result in results]


@shared_task(name="accounts.sweep_outbox")
def sweep_outbox():
    result = outbox.sweep_outbox()
    return {"enqueued": result.enqueued, "marked_unknown": result.marked_unknown}
