"""The national delivery tracker: every tracked footprint of a cycle (its roadmap accepted or
published) with its self and assured ratings for a reporting period and the one it is
compared with, a strip of past quarters, the movement between the two periods, the period's
milestones and universal capabilities, and the returns that are overdue.

Only NHS England staff see it (the view asks ``can_use_tracker``); nothing here is scoped to
a person. It reads a fixed number of queries however many footprints there are: the
reporting periods with their extensions (two), the tracked roadmaps with their lead CCG
(one), every return of the cycle with its two ratings as subqueries (one), and the period's
latest submissions' snapshots (one). Filtering by rating, the movement and the figures are
worked out in Python from those.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from delivery.enums import ReturnState
from delivery.models import ProgressReturn, ReportingPeriod, ReturnSubmission
from delivery.selectors import tracker_figures
from delivery.selectors.movement import movement
from delivery.selectors.ratings import Ratings, matches, with_ratings
from delivery.selectors.returns import TRACKED_ROADMAP_STATES
from roadmaps.models import Roadmap
from roadmaps.selectors.deadlines import days_left, effective_deadline

# A return in one of these has never been submitted.
NOT_SUBMITTED = (ReturnState.DRAFT, ReturnState.AWAITING_SIGN_OFF)


def reporting_periods():
    """Every reporting period, by cycle then quarter, with its deadline extensions (so that a
    return's effective deadline needs no query of its own): two queries."""
    return list(
        ReportingPeriod.objects.select_related("cycle")
        .prefetch_related("extensions")
        .order_by("cycle__name", "period_end")
    )


def default_period(periods, now=None):
    """The latest of ``periods`` (one cycle's, in order) that has opened; the first if none
    has; None without periods."""
    now = now or timezone.now()
    opened = [period for period in periods if period.opens_at <= now]
    if opened:
        return opened[-1]
    return periods[0] if periods else None


def period_before(periods, period):
    """The period just before ``period`` among ``periods`` (in order), or None."""
    earlier = [p for p in periods if period is not None and p.period_end < period.period_end]
    return earlier[-1] if earlier else None


def tracked_roadmaps(*, cycle, region_code="", local_office_code=""):
    """The cycle's accepted and published roadmaps with their footprint and lead CCG; the
    region and local office are the lead CCG's (as the national board files a CCG)."""
    roadmaps = Roadmap.objects.filter(footprint__cycle=cycle, state__in=TRACKED_ROADMAP_STATES)
    if region_code:
        roadmaps = roadmaps.filter(footprint__lead_ccg__region__ods_code=region_code)
    if local_office_code:
        roadmaps = roadmaps.filter(footprint__lead_ccg__parent__ods_code=local_office_code)
    return roadmaps


@dataclass(frozen=True)
class Overdue:
    """A return not submitted after its effective deadline."""

    return_pk: int
    roadmap: object
    period: object
    state: str
    deadline: object
    days_overdue: int

    @property
    def state_label(self):
        return ReturnState(self.state).label


@dataclass
class TrackerRow:
    roadmap: object
    # Ratings per period shown, in order (the strip), and the two compared.
    strip: list
    current: Ratings
    before: Ratings | None
    return_state: str | None
    self_move: object = None
    assured_move: object = None

    @property
    def footprint(self):
        return self.roadmap.footprint

    @property
    def lead_ccg(self):
        return self.roadmap.footprint.lead_ccg

    @property
    def return_state_label(self):
        return ReturnState(self.return_state).label if self.return_state else None


@dataclass(frozen=True)
class Tracker:
    cycle: object
    period: object
    comparison: object
    # The periods the strip and the chart show: the cycle's, up to the period chosen.
    periods: list
    rows: list
    self_movement: object
    assured_movement: object
    milestones: list
    capabilities: list
    overdue: list
    self_distribution: list
    assured_distribution: list
    submitted: int


def _returns(roadmaps, cycle):
    """Every return of the roadmaps in ``cycle``, as plain values with both ratings."""
    returns = with_ratings(
        ProgressReturn.objects.filter(roadmap__in=roadmaps.values("pk"), period__cycle=cycle)
    )
    return returns.values(
        "pk", "roadmap_id", "period_id", "state", "self_rating", "assured_rating"
    ).order_by()


def _snapshots(roadmaps, period):
    """{roadmap id: snapshot} of the latest submission of each return for ``period``."""
    latest = ReturnSubmission.objects.filter(progress_return=OuterRef("progress_return"))
    submissions = ReturnSubmission.objects.filter(
        progress_return__period=period,
        progress_return__roadmap__in=roadmaps.values("pk"),
        number=Subquery(latest.order_by("-number").values("number")[:1]),
    ).values_list("progress_return__roadmap_id", "snapshot")
    return dict(submissions)


def _overdue(returns, roadmaps_by_pk, periods_by_pk, now):
    overdue = []
    for row in returns:
        roadmap, period = roadmaps_by_pk.get(row["roadmap_id"]), periods_by_pk.get(row["period_id"])
        if roadmap is None or period is None or row["state"] not in NOT_SUBMITTED:
            continue
        footprint = roadmap.footprint
        deadline = effective_deadline(
            stage=period, footprint=footprint, organisation=footprint.lead_ccg
        )
        left = days_left(deadline, now)
        if deadline is not None and deadline < now:
            overdue.append(Overdue(row["pk"], roadmap, period, row["state"], deadline, -left))
    overdue.sort(key=lambda item: (item.period.period_end, item.roadmap.footprint.name))
    return overdue


def delivery_tracker(
    *,
    cycle,
    periods,
    period,
    comparison,
    region_code="",
    local_office_code="",
    self_rating="",
    assured_rating="",
    now=None,
):
    """The tracker for ``period`` of ``cycle`` compared with ``comparison`` (either may be
    None), filtered. ``periods`` are the cycle's reporting periods in order, with their
    extensions prefetched (``reporting_periods``). A fixed number of queries."""
    now = now or timezone.now()
    roadmaps = tracked_roadmaps(
        cycle=cycle, region_code=region_code, local_office_code=local_office_code
    )
    loaded = list(
        roadmaps.select_related(
            "footprint", "footprint__lead_ccg", "footprint__lead_ccg__region",
            "footprint__lead_ccg__parent",
        ).order_by("footprint__name", "pk")
    )  # fmt: skip
    returns = list(_returns(roadmaps, cycle))
    shown = [p for p in periods if period is not None and p.period_end <= period.period_end]
    by_roadmap = defaultdict(dict)
    for row in returns:
        by_roadmap[row["roadmap_id"]][row["period_id"]] = row

    def ratings(roadmap_pk, each):
        row = by_roadmap[roadmap_pk].get(each.pk) if each is not None else None
        if row is None:
            return Ratings(each)
        return Ratings(each, row["self_rating"] or None, row["assured_rating"] or None)

    rows = []
    for roadmap in loaded:
        current = ratings(roadmap.pk, period)
        if not (
            matches(current.self_rating, self_rating)
            and matches(current.assured_rating, assured_rating)
        ):
            continue
        this_return = by_roadmap[roadmap.pk].get(period.pk) if period is not None else None
        rows.append(
            TrackerRow(
                roadmap=roadmap,
                strip=[ratings(roadmap.pk, each) for each in shown],
                current=current,
                before=ratings(roadmap.pk, comparison) if comparison is not None else None,
                return_state=this_return["state"] if this_return else None,
            )
        )
    in_view = {row.roadmap.pk: row.roadmap for row in rows}
    self_movement = _movement(rows, "self_rating")
    assured_movement = _movement(rows, "assured_rating")
    for row in rows:
        row.self_move = self_movement.moves.get(row.roadmap.pk) if row.before else None
        row.assured_move = assured_movement.moves.get(row.roadmap.pk) if row.before else None
    snapshots = _snapshots(roadmaps, period) if period is not None else {}
    in_view_snapshots = [snapshot for pk, snapshot in snapshots.items() if pk in in_view]
    return Tracker(
        cycle=cycle,
        period=period,
        comparison=comparison,
        periods=shown,
        rows=rows,
        self_movement=self_movement,
        assured_movement=assured_movement,
        milestones=(
            tracker_figures.milestones_by_group(in_view_snapshots, period) if period else []
        ),
        capabilities=tracker_figures.capabilities_after_deadline(in_view_snapshots),
        overdue=_overdue(returns, in_view, {p.pk: p for p in shown}, now),
        self_distribution=_distribution(rows, shown, "self_rating"),
        assured_distribution=_distribution(rows, shown, "assured_rating"),
        submitted=len(in_view_snapshots),
    )


def _movement(rows, kind):
    before = {row.roadmap.pk: getattr(row.before, kind) for row in rows if row.before}
    after = {row.roadmap.pk: getattr(row.current, kind) for row in rows if row.before}
    return movement(before, after)


def _distribution(rows, periods, kind):
    ratings_by_period = defaultdict(list)
    for row in rows:
        for ratings in row.strip:
            ratings_by_period[ratings.period.pk].append(getattr(ratings, kind))
    return tracker_figures.distribution(periods, ratings_by_period)
