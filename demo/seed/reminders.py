"""Reminder digests, queued "as at" the seed's moment for everyone seeded with something
outstanding: what an NHS England admin's "send reminders now" does."""

from accounts.models import OutboundEmail
from demo.seed.clock import at
from roadmaps.services.reminders import TEMPLATE, send_reminders_now


def queue_reminders(*, scope, people, as_at):
    """Queue the digests; returns how many are waiting in the outbox."""
    with at(as_at):
        run = send_reminders_now(
            organisation_ids=[organisation.pk for organisation in scope.organisations],
            sent_by=people.admin,
            now=as_at,
        )
    return run.queued, OutboundEmail.objects.filter(template=TEMPLATE).count()
