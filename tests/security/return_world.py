"""A's progress returns for the isolation walk, on A's published roadmap (a released review
accepted it): four reporting periods of its cycle, each with a return in another state.

- ``a_accepted_return`` (Q1): accepted, its submission assured and released;
- ``a_assured_return`` (Q2): submitted, its assurance drafted with an internal note;
- ``a_signing_return`` (Q3): awaiting the lead CCG's sign-off;
- ``a_return`` (Q4): a draft with a milestone and a risk.

Each has a line for a money benefit.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from delivery.enums import ReturnState
from delivery.models import (
    ProgressReturn,
    ReportingPeriod,
    ReturnAssurance,
    ReturnBenefit,
    ReturnMilestone,
    ReturnRisk,
    ReturnSubmission,
)
from delivery.services.periods import quarterly_periods
from roadmaps.enums import StageKind
from roadmaps.services.cycles import end_of_day, start_of_day
from tests.security.roadmap_world import INTERNAL_NOTE

SNAPSHOT = {
    "footprint": "Alpha published",
    "period": {"label": "", "period_end": ""},
    "baseline_version": 1,
    "narrative": {"progress": "Walked", "next_quarter": "More", "issues": ""},
    "milestones": [],
    "capabilities": [],
    "deployments": [],
    "risks": [],
    "benefits": [],
    "rating": {"delivery_confidence": "amber", "rationale": "", "override_reason": "",
               "suggested": "amber", "fired": []},
}  # fmt: skip


def add_returns(world):
    roadmap = world.a_published_roadmap
    periods = [
        ReportingPeriod.objects.create(
            cycle=roadmap.footprint.cycle,
            kind=StageKind.PROGRESS,
            label=dates.label,
            period_end=dates.period_end,
            opens_at=start_of_day(dates.opens_on),
            due_at=end_of_day(dates.due_on),
        )
        for dates in quarterly_periods(first_quarter_end=date(2016, 6, 30), count=4)
    ]
    reviewer = world.nhse_reviewer.user
    previous = None
    made = []
    for period, state in zip(
        periods,
        (ReturnState.ACCEPTED, ReturnState.SUBMITTED, ReturnState.AWAITING_SIGN_OFF,
         ReturnState.DRAFT),
        strict=True,
    ):  # fmt: skip
        progress_return = ProgressReturn.objects.create(
            roadmap=roadmap,
            period=period,
            baseline=roadmap.published_version,
            previous=previous,
            state=state,
            progress="Walked this quarter",
            next_quarter="Walk again",
            delivery_confidence="amber",
        )
        ReturnMilestone.objects.create(
            progress_return=progress_return, title="Walk milestone", forecast_on=date(2017, 3, 31)
        )
        ReturnRisk.objects.create(
            progress_return=progress_return, description="Walk risk", likelihood=3, impact=3
        )
        ReturnBenefit.objects.create(
            progress_return=progress_return, benefit_id=1, description="Walk benefit",
            category="cashable", measure="Savings", unit="£", direction="up",
            baseline_value=Decimal(0), baseline_on=date(2016, 3, 31),
            target_value=Decimal(40000), baseline_target_on=date(2018, 3, 31),
            profile={"2016/17": "20000.00", "2017/18": "20000.00"},
            actual=Decimal(5000), forecast_total=Decimal(40000), target_on=date(2018, 3, 31),
        )  # fmt: skip
        if state in (ReturnState.ACCEPTED, ReturnState.SUBMITTED):
            submission = ReturnSubmission.objects.create(
                progress_return=progress_return,
                number=1,
                snapshot=SNAPSHOT | {"period": {"label": period.label,
                                                "period_end": period.period_end.isoformat()}},
                sha256="2" * 64,
                delivery_confidence="amber",
                suggested_confidence="amber",
                submitted_by=world.a_approver.user,
            )  # fmt: skip
            released = state == ReturnState.ACCEPTED
            ReturnAssurance.objects.create(
                submission=submission,
                progress_return=progress_return,
                reviewer=reviewer,
                assured_confidence="amber_red",
                comment="Walk assurance comment",
                internal_note=INTERNAL_NOTE,
                decision="accept",
                released_at=timezone.now() if released else None,
                released_by=reviewer if released else None,
            )
        previous = progress_return
        made.append(progress_return)
    world.a_periods = periods
    (world.a_accepted_return, world.a_assured_return, world.a_signing_return,
     world.a_return) = made  # fmt: skip
