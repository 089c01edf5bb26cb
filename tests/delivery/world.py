"""An accepted roadmap with reporting periods, for the delivery tests: the Leeds footprint of
``submission_world`` filled, submitted as version 1 and accepted by its region's reviewer,
with the 2016/17 quarters as the cycle's reporting periods."""

from dataclasses import dataclass
from datetime import date

from delivery.models import ReportingPeriod
from delivery.services.periods import quarterly_periods
from roadmaps.enums import ReviewDecision, StageKind
from roadmaps.models import Review
from roadmaps.services import review as review_services
from roadmaps.services.cycles import end_of_day, start_of_day
from tests.roadmaps.review_world import make_review_world, ready_to_release


@dataclass
class DeliveryWorld:
    review_world: object
    roadmap: object
    version: object
    periods: list

    def __getattr__(self, name):
        # The people and organisations of the submission world: world.lead_editor, ...
        return getattr(self.review_world.world, name)

    @property
    def reviewer(self):
        return self.review_world.north_reviewer


def add_periods(cycle, *, first_quarter_end=date(2016, 6, 30), count=4):
    """The cycle's reporting periods, written directly (no admin needed)."""
    return [
        ReportingPeriod.objects.create(
            cycle=cycle,
            kind=StageKind.PROGRESS,
            label=dates.label,
            period_end=dates.period_end,
            opens_at=start_of_day(dates.opens_on),
            due_at=end_of_day(dates.due_on),
        )
        for dates in quarterly_periods(first_quarter_end=first_quarter_end, count=count)
    ]


def accept(review_world):
    reviewer = review_world.north_reviewer
    review_services.assign_reviewer(
        roadmap=review_world.roadmap, reviewer=reviewer, assigned_by=reviewer
    )
    review = Review.objects.get(version=review_world.version)
    ready_to_release(review, reviewer, decision=ReviewDecision.ACCEPT)
    review_services.release_decision(review=review, released_by=reviewer)
    review_world.roadmap.refresh_from_db()


def make_delivery_world(count=4):
    review_world = make_review_world()
    accept(review_world)
    periods = add_periods(review_world.roadmap.footprint.cycle, count=count)
    return DeliveryWorld(
        review_world=review_world,
        roadmap=review_world.roadmap,
        version=review_world.version,
        periods=periods,
    )
