"""The national status board: every CCG open in a cycle, its footprint, assessments, roadmap
and the deadline that applies to it now, with totals and the roadmap submissions over time.

Only NHS England staff see it (the view checks ``is_nhse_staff``); nothing here is scoped to
a person. It reads a fixed number of queries however many CCGs there are: the CCGs' names
and footprints (``coverage_rows`` does the filtering), the footprints with their roadmap,
first submission and newest audit event as subqueries, their members' assessments, and the
cycle's stages with their deadline extensions. Sorting, the totals and the per-row deadline
are worked out in Python from those, because the deadline comes from
``effective_deadline``, the one rule for it. The board reads every CCG in the view (for the
totals, the order and the downloads) but only as plain values; what a row shows in words is
worked out when it is shown.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import CharField, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Cast
from django.db.models.query import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEvent
from maturity.services.scoring import SUBMITTED_STATES
from roadmaps.enums import CCG_ROLES, FootprintState, RoadmapState, StageKind
from roadmaps.models import Footprint, FootprintMember, Roadmap, RoadmapVersion
from roadmaps.selectors.coverage import coverage_rows
from roadmaps.selectors.cycles import stage_of
from roadmaps.selectors.deadlines import days_left, days_left_words, effective_deadline
from roadmaps.selectors.stps import stps_by_footprint

# The roadmap state filter's value for CCGs whose footprint has no roadmap (or no footprint).
NOT_STARTED = "not_started"
SORTS = ("name", "days_left", "roadmap_state", "last_activity")
ROADMAP_ORDER = {state: position for position, state in enumerate(RoadmapState.values, 1)}
# A roadmap counts as accepted once it reaches one of these, published as the last one.
ACCEPTED_STATES = (RoadmapState.ACCEPTED, RoadmapState.PUBLISHED)


@dataclass(frozen=True)
class BoardCCG:
    """A CCG as the board shows it: names and codes only, read as values rather than as
    organisations (with their region and local office) for every CCG in the view."""

    pk: int
    name: str
    ods_code: str
    region_name: str | None
    local_office_name: str | None
    stp_name: str | None = None


class _Words:
    """The phrases rows show, each worked out once a board: translating a phrase costs more
    than the rest of a row, and a page shows the same few phrases again and again."""

    def __init__(self):
        self.phrases = {}

    def phrase(self, key, make):
        if key not in self.phrases:
            self.phrases[key] = make()
        return self.phrases[key]

    def label(self, choices, value):
        return self.phrase((choices, value), lambda: str(choices(value).label))


@dataclass(frozen=True)
class BoardRow:
    """One CCG on the board. ``footprint`` is None when the CCG is in no footprint; it has
    ``assessments_expected``, ``assessments_submitted``, ``first_version_at`` and
    ``roadmap_state`` (None before a roadmap is started)."""

    ccg: BoardCCG
    footprint: object
    stage_kind: str
    deadline: datetime | None
    days_left: int | None
    # The applicable stage's step is done: the roadmap has been submitted at least once.
    stage_done: bool
    last_activity: datetime | None
    words: _Words = field(default_factory=_Words, repr=False, compare=False)

    @property
    def roadmap_state(self):
        return self.footprint.roadmap_state if self.footprint else None

    @property
    def roadmap_state_label(self):
        state = self.roadmap_state
        return self.words.label(RoadmapState, state) if state else None

    @property
    def footprint_state_label(self):
        return self.words.label(FootprintState, self.footprint.state) if self.footprint else None

    @property
    def stage_label(self):
        return self.words.label(StageKind, self.stage_kind)

    @property
    def open_days_left(self):
        """Days left, or None once the step is done (nothing more is due)."""
        return None if self.stage_done else self.days_left

    @property
    def deadline_words(self):
        """The applicable deadline in words: done, due today, days left or overdue."""
        return self.words.phrase(
            ("deadline", self.stage_done, self.days_left), self._deadline_words
        )

    def _deadline_words(self):
        if self.stage_done:
            return _("Roadmap submitted")
        if self.days_left is None:
            return _("No deadline set")
        return days_left_words(self.days_left)

    @property
    def assessments_words(self):
        """The footprint's assessments submitted of those opened ("2 of 3"), or None."""
        if self.footprint is None:
            return None
        of = self.words.phrase("of", lambda: _("%(submitted)s of %(expected)s"))
        return of % {
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
        cycle=cycle, role__in=CCG_ROLES, organisation=OuterRef("pk"), left_at__isnull=True
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


def _ccgs_in_view(criteria):
    """[(BoardCCG, footprint id or None)] of the filtered CCGs: one query."""
    ccgs = board_ccgs(**criteria).values_list(
        "pk", "name", "ods_code", "region__name", "parent__name", "stp__name", "footprint_id"
    )
    return [(BoardCCG(*values[:6]), values[6]) for values in ccgs]


def _newest_event(model, outer_pk):
    events = AuditEvent.objects.filter(
        target_type=model._meta.label_lower,
        target_id=Cast(OuterRef(outer_pk), output_field=CharField()),
    ).order_by("-at")
    return Subquery(events.values("at")[:1])


def footprints_for_board(footprint_ids, *, cycle):
    """{id: footprint} with ``roadmap_state``, ``first_version_at``, ``footprint_event_at``,
    ``roadmap_event_at`` and the assessments of ``cycle`` opened for its members
    (``assessments_expected``) and submitted (``assessments_submitted``); and the
    ``{"expected", "submitted"}`` assessments of all of them, each counted once although a
    provider may be in several footprints. Each footprint has ``stp_flags``, what its STPs
    say (crossing STP boundaries, an STP split). Three queries."""
    first_versions = RoadmapVersion.objects.filter(roadmap__footprint_id=OuterRef("pk")).order_by(
        "submitted_at", "number"
    )
    footprints = (
        Footprint.objects.filter(pk__in=footprint_ids)
        .annotate(
            roadmap_state=F("roadmap__state"),
            first_version_at=Subquery(first_versions.values("submitted_at")[:1]),
            footprint_event_at=_newest_event(Footprint, "pk"),
            roadmap_event_at=_newest_event(Roadmap, "roadmap__pk"),
        )
        .in_bulk()
    )
    # An organisation has at most one assessment a cycle and is in a footprint at most once,
    # so each row is one member's assessment.
    member_assessments = (
        FootprintMember.objects.filter(
            footprint_id__in=footprint_ids,
            organisation__assessments__cycle=cycle,
            left_at__isnull=True,
        )
        .order_by()
        .values_list("footprint_id", "organisation_id", "organisation__assessments__state")
    )
    expected, submitted = defaultdict(int), defaultdict(int)
    states = {}
    for footprint_id, organisation_id, state in member_assessments:
        expected[footprint_id] += 1
        submitted[footprint_id] += state in SUBMITTED_STATES
        states[organisation_id] = state
    stps = stps_by_footprint(cycle)
    for footprint in footprints.values():
        footprint.stp_flags = stps[footprint.pk].flags if footprint.pk in stps else []
        footprint.assessments_expected = expected[footprint.pk]
        footprint.assessments_submitted = submitted[footprint.pk]
    assessments = {
        "expected": len(states),
        "submitted": sum(1 for state in states.values() if state in SUBMITTED_STATES),
    }
    return footprints, assessments


def last_activity(footprint):
    """The newest audit event about the footprint or its roadmap, or the footprint's last
    change if that is newer (rows made without a service have no events)."""
    moments = (footprint.footprint_event_at, footprint.roadmap_event_at, footprint.updated_at)
    return max((moment for moment in moments if moment is not None), default=None)


class _Deadlines:
    """Each row's deadline and days left, from ``effective_deadline`` and ``days_left``.

    Most CCGs have no extension: for a row whose footprint, lead CCG and CCG no extension of
    the cycle names, the stage's own deadline (asked once per stage) is the answer, and days
    left are worked out once per distinct deadline.
    """

    def __init__(self, cycle, now):
        self.cycle, self.now = cycle, now
        # The footprints and organisations that the cycle's extensions name.
        self.footprints, self.organisations = set(), set()
        if cycle is not None:
            for stage in cycle.stages.all():
                for extension in stage.extensions.all():
                    self.footprints.add(extension.footprint_id)
                    self.organisations.add(extension.organisation_id)
        self.stage_deadlines = {}
        self.days = {}

    def deadline(self, stage_kind, *, footprint, ccg):
        if ccg.pk in self.organisations or (
            footprint is not None
            and (footprint.pk in self.footprints or footprint.lead_ccg_id in self.organisations)
        ):
            return effective_deadline(
                cycle=self.cycle, stage_kind=stage_kind, footprint=footprint, organisation=ccg
            )
        if stage_kind not in self.stage_deadlines:
            self.stage_deadlines[stage_kind] = effective_deadline(
                cycle=self.cycle, stage_kind=stage_kind
            )
        return self.stage_deadlines[stage_kind]

    def days_left(self, deadline):
        if deadline not in self.days:
            self.days[deadline] = days_left(deadline, self.now)
        return self.days[deadline]


def _row(ccg, footprint, *, deadlines, activity, words):
    endorsed = footprint is not None and footprint.state == FootprintState.ENDORSED
    stage_kind = StageKind.ROADMAP if endorsed else StageKind.FOOTPRINT
    deadline = deadlines.deadline(stage_kind, footprint=footprint, ccg=ccg)
    return BoardRow(
        ccg=ccg,
        footprint=footprint,
        stage_kind=stage_kind,
        deadline=deadline,
        days_left=deadlines.days_left(deadline),
        stage_done=endorsed and footprint.first_version_at is not None,
        last_activity=activity.get(footprint.pk) if footprint else None,
        words=words,
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


def _totals(rows, in_view, assessments):
    return {
        "ccgs": len(rows),
        "in_footprint": sum(1 for row in rows if row.footprint),
        "footprints": len(in_view),
        "endorsed": sum(1 for fp in in_view if fp.state == FootprintState.ENDORSED),
        "assessments_submitted": assessments["submitted"],
        "assessments_expected": assessments["expected"],
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
    ccgs = _ccgs_in_view(
        {
            "cycle": cycle,
            "region_code": region_code,
            "local_office_code": local_office_code,
            "state": state,
            "roadmap_state": roadmap_state,
        }
    )
    footprint_ids = {footprint_id for _ccg, footprint_id in ccgs if footprint_id}
    footprints, assessments = {}, {"expected": 0, "submitted": 0}
    if footprint_ids:
        footprints, assessments = footprints_for_board(footprint_ids, cycle=cycle)
    activity = {pk: last_activity(footprint) for pk, footprint in footprints.items()}
    deadlines = _Deadlines(cycle, now)
    words = _Words()
    rows = [
        _row(ccg, footprints.get(footprint_id), deadlines=deadlines, activity=activity, words=words)
        for ccg, footprint_id in ccgs
    ]
    rows.sort(key=_sort_key(sort))
    in_view = list(footprints.values())
    return Board(
        cycle=cycle,
        rows=rows,
        totals=_totals(rows, in_view, assessments),
        first_versions=sorted(
            fp.first_version_at for fp in in_view if fp.first_version_at is not None
        ),
    )


def roadmap_stage(cycle):
    """The cycle's roadmap stage (from its prefetched stages), or None."""
    return stage_of(cycle, StageKind.ROADMAP) if cycle is not None else None
