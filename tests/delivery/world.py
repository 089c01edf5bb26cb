"""An accepted roadmap with reporting periods, for the delivery tests: the Leeds footprint of
``submission_world`` filled, submitted as version 1 and accepted by its region's reviewer,
with the 2016/17 quarters as the cycle's reporting periods.

With ``benefits=True`` its benefits register holds the two benefits of
``delivery/BENEFITS.md``'s worked examples: fewer duplicate pathology tests (cashable, £200,000
over three years) and fewer emergency readmissions (12.00% down to 10.00% by 31 March 2018);
otherwise the version has no register at all, as versions accepted before registers were
kept."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from delivery.models import ReportingPeriod
from delivery.services.periods import quarterly_periods
from roadmaps.enums import BenefitCategory, BenefitDirection, ReviewDecision, StageKind
from roadmaps.models import Benefit, BenefitYearValue, Review
from roadmaps.selectors.snapshot import benefits_snapshot, roadmap_snapshot
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


PATHOLOGY = "Fewer duplicate pathology tests because results are shared"
READMISSIONS = "Fewer emergency readmissions because discharge summaries arrive electronically"


def add_benefits(roadmap, *, owner):
    """The register of the worked examples, and nothing else."""
    Benefit.objects.filter(roadmap=roadmap).delete()
    pathology = Benefit.objects.create(
        roadmap=roadmap, description=PATHOLOGY, category=BenefitCategory.CASHABLE,
        capability_group="orders", owner_organisation=owner, owner_role="Director of Finance",
        measure="Savings on repeated pathology tests", unit="£",
        direction=BenefitDirection.UP, baseline_value=Decimal(0), baseline_on=date(2016, 3, 31),
        target_value=Decimal(200000), target_on=date(2019, 3, 31),
    )  # fmt: skip
    BenefitYearValue.objects.bulk_create(
        BenefitYearValue(benefit=pathology, year=year, expected=Decimal(expected))
        for year, expected in ((2016, 40000), (2017, 80000), (2018, 80000))
    )
    Benefit.objects.create(
        roadmap=roadmap, description=READMISSIONS, category=BenefitCategory.QUALITY_AND_SAFETY,
        capability_letter="C", owner_organisation=owner, owner_role="Medical Director",
        measure="Emergency readmissions within 30 days", unit="%",
        direction=BenefitDirection.DOWN, baseline_value=Decimal("12.00"),
        baseline_on=date(2016, 3, 31), target_value=Decimal("10.00"),
        target_on=date(2018, 3, 31),
    )  # fmt: skip


def with_benefits(world):
    """The filled draft with the register added, as version 1 freezes it."""
    add_benefits(world.roadmap, owner=world.lead)
    snapshot = roadmap_snapshot(world.roadmap)
    snapshot["sections"]["benefits"] = benefits_snapshot(world.roadmap)
    return snapshot


def without_benefits(world):
    """The filled draft as version 1 freezes it, with no benefits register."""
    Benefit.objects.filter(roadmap=world.roadmap).delete()
    snapshot = roadmap_snapshot(world.roadmap)
    snapshot["sections"].pop("benefits", None)
    return snapshot


def make_delivery_world(count=4, *, benefits=False):
    """The accepted roadmap and ``count`` quarters, with the worked examples' benefits
    register when ``benefits``."""
    review_world = make_review_world(prepare=with_benefits if benefits else without_benefits)
    accept(review_world)
    periods = add_periods(review_world.roadmap.footprint.cycle, count=count)
    return DeliveryWorld(
        review_world=review_world,
        roadmap=review_world.roadmap,
        version=review_world.version,
        periods=periods,
    )
