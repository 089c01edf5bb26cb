"""A footprint's own delivery history: each reporting period of its cycle with its return,
both ratings (the assured one only once released), the movement from the quarter before in
words, its submissions and the milestones that slipped.

Who may see it is the roadmap's business (``roadmaps.rules.can_view_roadmap``): the view
finds the roadmap through ``roadmap_for_user`` first. Four queries however long the history.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from delivery.enums import ReturnState
from delivery.models import ProgressReturn, ReportingPeriod, ReturnSubmission
from delivery.selectors.movement import Move
from delivery.selectors.ratings import Ratings, with_ratings
from roadmaps.selectors.deadlines import effective_deadline


@dataclass(frozen=True)
class SlippedMilestone:
    title: str
    days: int
    accepted: date | None
    now: date | None


@dataclass(frozen=True)
class Submission:
    number: int
    submitted_at: object


@dataclass
class HistoryPeriod:
    period: object
    ratings: Ratings
    deadline: object
    return_pk: int | None = None
    state: str | None = None
    self_move: Move | None = None
    assured_move: Move | None = None
    submissions: list = field(default_factory=list)
    slipped: list = field(default_factory=list)

    @property
    def state_label(self):
        return ReturnState(self.state).label if self.state else None


def _day(value):
    return date.fromisoformat(value) if value else None


def slipped_milestones(snapshot):
    """The milestones of a submission's snapshot that are later than accepted, most first."""
    slipped = []
    for line in snapshot.get("milestones", []):
        days = line.get("slippage") or 0
        if days > 0:
            done = line.get("status") == "done" and line.get("done_on")
            slipped.append(
                SlippedMilestone(
                    title=line.get("title", ""),
                    days=days,
                    accepted=_day(line.get("baseline_due")),
                    now=_day(line.get("done_on") if done else line.get("forecast_on")),
                )
            )
    return sorted(slipped, key=lambda line: (-line.days, line.title))


def footprint_history(roadmap, *, now=None):
    """Each period of the roadmap's cycle that has opened or has a return, oldest first."""
    now = now or timezone.now()
    footprint = roadmap.footprint
    periods = ReportingPeriod.objects.filter(cycle_id=footprint.cycle_id).prefetch_related(
        "extensions"
    )
    returns = {
        row["period_id"]: row
        for row in with_ratings(ProgressReturn.objects.filter(roadmap=roadmap)).values(
            "pk", "period_id", "state", "self_rating", "assured_rating"
        )
    }
    submissions = defaultdict(list)
    latest_snapshot = {}
    for return_pk, number, submitted_at, snapshot in (
        ReturnSubmission.objects.filter(progress_return__roadmap=roadmap)
        .order_by("number")
        .values_list("progress_return_id", "number", "submitted_at", "snapshot")
    ):
        submissions[return_pk].append(Submission(number, submitted_at))
        latest_snapshot[return_pk] = snapshot
    history, previous = [], None
    for period in periods.order_by("period_end"):
        row = returns.get(period.pk)
        if row is None and period.opens_at > now:
            continue
        ratings = Ratings(period)
        entry = HistoryPeriod(
            period=period,
            ratings=ratings,
            deadline=effective_deadline(
                stage=period, footprint=footprint, organisation=footprint.lead_ccg
            ),
        )
        if row is not None:
            entry.ratings = Ratings(
                period, row["self_rating"] or None, row["assured_rating"] or None
            )
            entry.return_pk, entry.state = row["pk"], row["state"]
            entry.submissions = submissions.get(row["pk"], [])
            entry.slipped = slipped_milestones(latest_snapshot.get(row["pk"], {}))
        if previous is not None:
            entry.self_move = Move(previous.self_rating, entry.ratings.self_rating)
            entry.assured_move = Move(previous.assured_rating, entry.ratings.assured_rating)
        previous = entry.ratings
        history.append(entry)
    return history
