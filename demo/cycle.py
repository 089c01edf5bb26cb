"""The demonstration cycle: the 2015-16 stage lengths and gaps, moved so that the day
``make run`` loads it falls inside the footprint stage."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from roadmaps.enums import StageKind
from roadmaps.models import Stage
from roadmaps.services.cycles import (
    CYCLES,
    LONDON,
    QUESTION_SETS,
    CycleLoad,
    assessed_kinds_for,
    change_stage_dates,
    create_missing_stages,
    end_of_day,
    start_of_day,
)

# The demonstration cycle copies this one's stage lengths and gaps, moved so that its
# footprint stage opened DEMO_DAYS_OPEN days before the day it is loaded.
DEMO_NAME = "Demo"
DEMO_PATTERN = "2015-16"
DEMO_DAYS_OPEN = 14


@transaction.atomic
def create_demo_cycle(*, today=None):
    """Create, or move, the "Demo" cycle so that ``today`` (London) is in its footprint stage.

    The stages keep the lengths and gaps of 2015-16; the footprint stage opened
    ``DEMO_DAYS_OPEN`` days before ``today``. Run again on a later day, the stages are moved
    to fit that day, each move audited like any other change of dates.
    """
    today = today or timezone.localdate(timezone=LONDON)
    pattern = CYCLES[DEMO_PATTERN]
    shift = today - timedelta(days=DEMO_DAYS_OPEN) - pattern[StageKind.FOOTPRINT][0]
    wanted = {
        kind: (start_of_day(opens + shift), end_of_day(due + shift))
        for kind, (opens, due) in pattern.items()
    }
    report = create_missing_stages(
        name=DEMO_NAME,
        wanted=wanted,
        assessed_kinds=assessed_kinds_for(DEMO_PATTERN),
        actor=None,
        question_set_code=QUESTION_SETS[DEMO_PATTERN],
    )
    moved = 0
    for stage in Stage.objects.filter(cycle=report.cycle).order_by("opens_at"):
        opens_at, due_at = wanted.get(stage.kind, (stage.opens_at, stage.due_at))
        if (stage.opens_at, stage.due_at) != (opens_at, due_at):
            change_stage_dates(stage=stage, opens_at=opens_at, due_at=due_at, changed_by=None)
            moved += 1
    return CycleLoad(
        cycle=report.cycle,
        cycle_created=report.cycle_created,
        stages_created=report.stages_created,
        stages_moved=moved,
    )
