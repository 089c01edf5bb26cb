"""Deadlines: when a stage is due for a footprint or an organisation, and how long is left.

``effective_deadline`` is the one place that says when something is due; everything that
shows or enforces a deadline asks it. Days are counted in London, where a deadline means
23:59:59 on its day, whatever offset (GMT or BST) London has that day.
"""

from zoneinfo import ZoneInfo

from django.utils import timezone

from roadmaps.selectors.cycles import stage_of

LONDON = ZoneInfo("Europe/London")


def effective_deadline(*, cycle, stage_kind, footprint=None, organisation=None):
    """When the ``stage_kind`` stage of ``cycle`` is due for ``footprint`` or ``organisation``.

    An aware datetime, or None when there is no cycle or the cycle has no such stage. Uses
    the cycle's prefetched stages when it has them, so a list can ask once per row without a
    query per row.
    """
    if cycle is None:
        return None
    stage = stage_of(cycle, stage_kind)
    return stage.due_at if stage else None


def london_day(moment):
    """The day ``moment`` falls on in London."""
    return timezone.localtime(moment, LONDON).date()


def days_left(deadline, now=None):
    """Whole London days from today to the deadline's day: 0 on the day it is due, negative
    when it is overdue (-1 the day after). None when there is no deadline."""
    if deadline is None:
        return None
    return (london_day(deadline) - london_day(now or timezone.now())).days
