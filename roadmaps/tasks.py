"""Celery tasks for roadmaps: idempotent, stable names."""

from dataclasses import asdict

from celery import shared_task

from roadmaps.services import reminders


@shared_task(name="roadmaps.plan_reminders")
def plan_reminders(days_before=None, overdue_every_days=None):
    """Queue today's reminder digests. Safe to run any number of times a day: each person's
    digest is keyed by the London day, so only the first run that finds them due queues it.
    The offsets come from the periodic task's kwargs, which admins edit with its schedule."""
    run = reminders.plan_reminders(days_before=days_before, overdue_every_days=overdue_every_days)
    return asdict(run)
