"""The national status board: every CCG open in a cycle, its footprint, assessments, roadmap
and the deadline that applies to it now, with totals and the roadmap submissions over time.

Only NHS England staff see it (the view checks ``is_nhse_staff``); nothing here is scoped to
a person. It reads a fixed number of queries however many CCGs there are: the CCGs with
their footprint and roadmap state as subqueries (``coverage_rows`` does the filtering), the
footprints with their counts, first submission and newest audit event as subqueries, the
cycle's stages and their deadline extensions, and the assessment totals. Sorting and the
per-row deadline are worked out in Python, because the deadline comes from
``effective_deadline``, the one rule for it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.db.models.query import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEvent
from maturity.models import Assessment
from maturity.services.scoring import SUBMITTED_STATES
from roadmaps.enums import CCG_ROLES, FootprintState, RoadmapState, StageKind
from roadmaps.models import Footprint, FootprintMember, Roadmap, RoadmapVersion
from roadmaps.selectors.coverage import coverage_rows
from roadmaps.selectors.cycles import stage_of
from roadmaps.selectors.deadlines import days_left, days_left_words, effective_deadline

# The roadmap state filter's value for CCGs whose footprint has no roadmap (or no footprint).
NOT_STARTED = "not_started"
SORTS = ("name", "days_left", "roadmap_state", "last_activity")
ROADMAP_ORDER = {state: position for position, state in enumerate(RoadmapState.values, 1)}
# A roadmap counts as accepted once it reaches one of these, published as the last one.
ACCEPTED_STATES = (RoadmapState.ACCEPTED, RoadmapState.PUBLISHED)


@dataclass(frozen=True)
class BoardRow:
    """One CCG on the board. ``footprint`` is None when the CCG is in no footprint; it has
    ``assessments_expected``, ``assessments_submitted``, ``first_version_at`` and
    ``roadmap_state`` (None before a roadmap is started)."""

    ccg: object
    footprint: object
    stage_kind: str
    deadline: datetime | None
    days_left: int | None
    # The applicable stage's step is done: the roadmap has been submitted at least once.
    stage_done: bool
    last_activity: datetime | None

    @property
    def roadmap_state(self):
        return self.footprint.roadmap_state if self.footprint else None

    @property
    def roadmap_state_label(self):
        return RoadmapState(self.roadmap_state).label if self.roadmap_state else None

    @property
    def stage_label(self):
        return StageKind(self.stage_kind).label

    @property
    def open_days_left(self):
        """Days left, or None once the step is done (nothing more is due)."""
        return None if self.stage_done else self.days_left

    @property
    def deadline_words(self):
        """The applicable deadline in words: done, due today, days left or overdue."""
        days = self.days_left
        if self.stage_done:
            return _("Roadmap submitted")
        if days is None:
            return _("No deadline set")
        return days_left_words(days)

    @property
    def assessments_words(self):
        """The footprint's assessments submitted of those opened ("2 of 3"), or None."""
        if self.footprint is None:
            return None
        return _("%(submitted)s of %(expected)s") % {
            "submitted": self.footprint.assessments_submitted,
            "expected": self.footprint.assessments_expected,
        }


@dataclass(frozen=True)
class Board:
    cycle: object
    rows: list
    totals: dict
    # When each footprint in the view first submitted a roadmap (its first version).
    first_versions: list


def _ccg_footprint(cycle, field):
    members = FootprintMember.objects.filter(
        cycle=cycle, role__in=CCG_ROLES, organisation=OuterRef("pk")
    ).order_by("pk")
    return Subquery(members.values(f"footprint__{field}")[:1])


def board_ccgs(*, cycle, region_code="", local_office_code="", state="", roadmap_state=""):
    """``coverage_rows`` with each CCG's ``footprint_id`` and ``roadmap_state`` (None when
    there is no footprint or no roadmap); ``roadmap_state`` may be ``NOT_STARTED``."""
    ccgs = coverage_rows(
        cycle=cycle, region_code=region_code, local_office_code=local_office_code, state=state
    )
    if cycle is None:
        ccgs = ccgs.annotate(
            footprint_id=Value(None, output_field=IntegerField()),
            roadmap_state=Value(None, output_field=CharField()),
        )
    else:
        ccgs = ccgs.annotate(
            footprint_id=_ccg_footprint(cycle, "pk"),
            roadmap_state=_ccg_footprint(cycle, "roadmap__state"),
        )
    if roadmap_state == NOT_STARTED:
        ccgs = ccgs.filter(roadmap_state__isnull=True)
    elif roadmap_state:
        ccgs = ccgs.filter(roadmap_state=roadmap_state)
    return ccgs


def _assessment_count(**conditions):
    """Assessments of the footprint's cycle opened for its members, as a subquery."""
    members = FootprintMember.objects.filter(footprint_id=OuterRef(OuterRef("pk")))
    counted = (
        Assessment.objects.filter(
            cycle_id=OuterRef("cycle_id"),
            organisation_id__in=members.values("organisation_id"),
            **conditions,
        )
        .order_by()
        .values("cycle_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted[:1]), 0)


def _newest_event(model, outer_pk):
    events = AuditEvent.objects.filter(
        target_type=model._meta.label_lower,
        target_id=Cast(OuterRef(outer_pk), output_field=CharField()),
    ).order_by("-at")
    return Subquery(events.values("at")[:1])


def footprints_for_board(footprint_ids):
    """{id: footprint} with ``assessments_expected``, ``assessments_submitted``,
    ``roadmap_state``, ``first_version_at``, ``footprint_event_at`` and
    ``roadmap_event_at``: one query."""
    first_versions = RoadmapVersion.objects.filter(roadmap__footprint_id=OuterRef("pk")).order_by(
        "submitted_at", "number"
    )
    return (
        Footprint.objects.filter(pk__in=footprint_ids)
        .annotate(
            assessments_expected=_assessment_count(),
            assessments_submitted=_assessment_count(state__in=SUBMITTED_STATES),
            roadmap_state=F("roadmap__state"),
            first_version_at=Subquery(first_versions.values("submitted_at")[:1]),
            footprint_event_at=_newest_event(Footprint, "pk"),
            roadmap_event_at=_newest_event(Roadmap, "roadmap__pk"),
        )
        .in_bulk()
    )


def last_activity(footprint):
    """The newest audit event about the footprint or its roadmap, or the footprint's last
    change if that is newer (rows made without a service have no events)."""
    moments = (footprint.footprint_event_at, footprint.roadmap_event_at, footprint.updated_at)
    return max((moment for moment in moments if moment is not None), default=None)


def _row(ccg, footprint, *, cycle, now):
    endorsed = footprint is not None and footprint.state == FootprintState.ENDORSED
    stage_kind = StageKind.ROADMAP if endorsed else StageKind.FOOTPRINT
    deadline = effective_deadline(
        cycle=cycle, stage_kind=stage_kind, footprint=footprint, organisation=ccg
    )
    return BoardRow(
        ccg=ccg,
        footprint=footprint,
        stage_kind=stage_kind,
        deadline=deadline,
        days_left=days_left(deadline, now),
        stage_done=endorsed and footprint.first_version_at is not None,
        last_activity=last_activity(footprint) if footprint else None,
    )


def _sort_key(sort):
    # Rows with nothing to sort by go last; ties go by CCG name.
    def by_name(row):
        return (row.ccg.name, row.ccg.ods_code)

    if sort == "days_left":
        return lambda row: (row.open_days_left is None, row.open_days_left or 0, by_name(row))
    if sort == "roadmap_state":
        return lambda row: (ROADMAP_ORDER.get(row.roadmap_state, 0), by_name(row))
    if sort == "last_activity":
        # Least recent first: the footprints that may have stalled.
        return lambda row: (
            row.last_activity is None,
            row.last_activity.timestamp() if row.last_activity else 0,
            by_name(row),
        )
    return by_name


def _totals(rows, *, cycle):
    in_view = list({row.footprint.pk: row.footprint for row in rows if row.footprint}.values())
    assessments = Assessment.objects.none()
    if in_view:
        # Each assessment counts once, although a provider may be in several footprints.
        assessments = Assessment.objects.filter(
            cycle=cycle,
            organisation_id__in=FootprintMember.objects.filter(
                footprint_id__in=[footprint.pk for footprint in in_view]
            ).values("organisation_id"),
        )
    counts = assessments.aggregate(
        expected=Count("pk"), submitted=Count("pk", filter=Q(state__in=SUBMITTED_STATES))
    )
    return {
        "ccgs": len(rows),
        "in_footprint": sum(1 for row in rows if row.footprint),
        "footprints": len(in_view),
        "endorsed": sum(1 for fp in in_view if fp.state == FootprintState.ENDORSED),
        "assessments_submitted": counts["submitted"],
        "assessments_expected": counts["expected"],
        "roadmaps_submitted": sum(1 for fp in in_view if fp.first_version_at is not None),
        "roadmaps_accepted": sum(1 for fp in in_view if fp.roadmap_state in ACCEPTED_STATES),
        "roadmaps_published": sum(
            1 for fp in in_view if fp.roadmap_state == RoadmapState.PUBLISHED
        ),
    }


def national_board(
    *,
    cycle,
    region_code="",
    local_office_code="",
    state="",
    roadmap_state="",
    sort="name",
    now=None,
):
    """The board for the filtered view: every row (sorted), the totals and the first
    submission of each footprint in it. A fixed number of queries."""
    now = now or timezone.now()
    if cycle is not None:
        # The stages and their extensions, so each row's deadline needs no query of its own.
        prefetch_related_objects([cycle], "stages__extensions")
    ccgs = list(
        board_ccgs(
            cycle=cycle,
            region_code=region_code,
            local_office_code=local_office_code,
            state=state,
            roadmap_state=roadmap_state,
        )
    )
    footprint_ids = {ccg.footprint_id for ccg in ccgs if ccg.footprint_id}
    footprints = footprints_for_board(footprint_ids) if footprint_ids else {}
    rows = [_row(ccg, footprints.get(ccg.footprint_id), cycle=cycle, now=now) for ccg in ccgs]
    rows.sort(key=_sort_key(sort))
    in_view = {row.footprint.pk: row.footprint for row in rows if row.footprint}
    return Board(
        cycle=cycle,
        rows=rows,
        totals=_totals(rows, cycle=cycle),
        first_versions=sorted(
            fp.first_version_at for fp in in_view.values() if fp.first_version_at is not None
        ),
    )


def roadmap_stage(cycle):
    """The cycle's roadmap stage (from its prefetched stages), or None."""
    return stage_of(cycle, StageKind.ROADMAP) if cycle is not None else None
