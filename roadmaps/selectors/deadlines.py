"""Deadlines: when a stage is due for a footprint or an organisation, and how long is left.

``effective_deadline`` is the one place that says when something is due; everything that
shows or enforces a deadline asks it. Days are counted in London, where a deadline means
23:59:59 on its day, whatever offset (GMT or BST) London has that day.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from roadmaps.enums import FootprintState, StageKind
from roadmaps.models import DeadlineExtension
from roadmaps.selectors.cycles import stage_of

LONDON = ZoneInfo("Europe/London")


def effective_deadline(
    *, cycle=None, stage_kind=None, stage=None, footprint=None, organisation=None
):
    """When the ``stage_kind`` stage of ``cycle`` (or ``stage`` itself, as a reporting
    period's progress stage is named) is due for ``footprint`` or ``organisation``.

    An aware datetime, or None when there is no cycle or the cycle has no such stage: the
    latest of the stage's own deadline and any extension granted for ``footprint``, for its
    lead CCG, or for ``organisation``. Uses the cycle's prefetched stages and their
    extensions (``stages__extensions``) when it has them, so a list can ask once per row
    without a query per row.
    """
    if stage is None:
        if cycle is None:
            return None
        stage = stage_of(cycle, stage_kind)
    if stage is None:
        return None
    extended = [
        extension.due_at
        for extension in _extensions(stage, footprint=footprint, organisation=organisation)
    ]
    return max([stage.due_at, *extended])


def _extensions(stage, *, footprint, organisation):
    """The stage's extensions that apply to ``footprint`` (or its lead CCG) or ``organisation``.

    Filters prefetched extensions in Python (the board prefetches ``stages__extensions``);
    otherwise asks the database for just these.
    """
    footprint_id = footprint.pk if footprint is not None else None
    organisation_ids = {
        organisation.pk if organisation is not None else None,
        footprint.lead_ccg_id if footprint is not None else None,
    } - {None}
    if footprint_id is None and not organisation_ids:
        return []
    if "extensions" in getattr(stage, "_prefetched_objects_cache", {}):
        return [
            extension
            for extension in stage.extensions.all()
            if (footprint_id is not None and extension.footprint_id == footprint_id)
            or extension.organisation_id in organisation_ids
        ]
    applies = Q(organisation_id__in=organisation_ids)
    if footprint_id is not None:
        applies |= Q(footprint_id=footprint_id)
    return DeadlineExtension.objects.filter(applies, stage=stage).only("due_at")


@dataclass(frozen=True)
class Deadline:
    """A deadline as shown to a footprint: which stage, when, and how many days are left."""

    stage_kind: str
    due_at: datetime
    days_left: int

    @property
    def stage_label(self):
        return StageKind(self.stage_kind).label

    @property
    def words(self):
        return days_left_words(self.days_left)


def days_left_words(days):
    """Whole days left in words: due today, so many days left, or so many overdue."""
    if days == 0:
        return _("Due today")
    if days > 0:
        return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}
    return ngettext("%(days)s day overdue", "%(days)s days overdue", -days) % {"days": -days}


def footprint_deadline(footprint, *, stage_kind=None, now=None):
    """The deadline that applies to ``footprint``: the ``stage_kind`` stage's or, without
    one, its footprint stage's while it is being declared or checked and its roadmap stage's
    once it is endorsed. None when the cycle has no such stage."""
    if stage_kind is None:
        endorsed = footprint.state == FootprintState.ENDORSED
        stage_kind = StageKind.ROADMAP if endorsed else StageKind.FOOTPRINT
    due_at = effective_deadline(
        cycle=footprint.cycle,
        stage_kind=stage_kind,
        footprint=footprint,
        organisation=footprint.lead_ccg,
    )
    if due_at is None:
        return None
    return Deadline(stage_kind=stage_kind, due_at=due_at, days_left=days_left(due_at, now))


def organisation_deadline(organisation, *, cycle, stage_kind, now=None):
    """The ``stage_kind`` deadline that applies to ``organisation`` itself (as a provider's
    self-assessment is due), extensions applied; None when the cycle has no such stage."""
    due_at = effective_deadline(cycle=cycle, stage_kind=stage_kind, organisation=organisation)
    if due_at is None:
        return None
    return Deadline(stage_kind=stage_kind, due_at=due_at, days_left=days_left(due_at, now))


def london_day(moment):
    """The day ``moment`` falls on in London."""
    return timezone.localtime(moment, LONDON).date()


def days_left(deadline, now=None):
    """Whole London days from today to the deadline's day: 0 on the day it is due, negative
    when it is overdue (-1 the day after). None when there is no deadline."""
    if deadline is None:
        return None
    return (london_day(deadline) - london_day(now or timezone.now())).days
