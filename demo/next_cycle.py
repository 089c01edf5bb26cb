"""The demonstration's next cycle: "Demo refresh", made by NHS England's demo admin from the
Demo cycle, carrying its endorsed footprints forward, and one merge in it.

Its stages keep the Demo cycle's lengths and gaps, starting ``REFRESH_STARTS_IN`` days after
the day it is loaded (moved again on a later day, as the Demo cycle is), so the Demo cycle
stays the one every page shows first and the refresh is there to pick. Sheffield and
Doncaster, carried forward, are merged into a new footprint, South Yorkshire and Bassetlaw,
as the real footprints were aligned to their STP in autumn 2016.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation
from demo.cycle import DEMO_NAME, DEMO_PATTERN
from roadmaps.enums import StageKind
from roadmaps.models import Cycle, Footprint, FootprintMerge, Stage
from roadmaps.services.carry_forward import CYCLE_STAGES, create_cycle
from roadmaps.services.cycles import CYCLES, LONDON, change_stage_dates, end_of_day, start_of_day
from roadmaps.services.merges import merge_footprints

REFRESH_NAME = "Demo refresh"
REFRESH_STARTS_IN = 30
MERGED = ("Sheffield", "Doncaster")
MERGED_NAME = "South Yorkshire and Bassetlaw"
MERGED_LEAD = "03N"
MERGE_REASON = (
    "Aligned to the South Yorkshire and Bassetlaw STP footprint: one roadmap for the STP."
)


def refresh_days(today):
    """{stage: (opens on, due on)}: the Demo pattern, its footprint stage opening
    ``REFRESH_STARTS_IN`` days after ``today``."""
    pattern = CYCLES[DEMO_PATTERN]
    shift = today + timedelta(days=REFRESH_STARTS_IN) - pattern[StageKind.FOOTPRINT][0]
    return {kind: (pattern[kind][0] + shift, pattern[kind][1] + shift) for kind in CYCLE_STAGES}


@transaction.atomic
def create_demo_refresh(*, admin, question_set_code="", today=None):
    """Make (or move) the refresh cycle and its merge; returns a line saying what it did."""
    today = today or timezone.localdate(timezone=LONDON)
    days = refresh_days(today)
    cycle = Cycle.objects.filter(name=REFRESH_NAME).first()
    if cycle is None:
        source = Cycle.objects.get(name=DEMO_NAME)
        cycle, carried = create_cycle(
            name=REFRESH_NAME,
            stage_days=days,
            question_set_code=question_set_code,
            carry_forward_from=source,
            created_by=admin,
        )
        said = f"Demo refresh cycle: {len(carried)} footprints carried forward from {DEMO_NAME}"
    else:
        for stage in Stage.objects.filter(cycle=cycle, kind__in=CYCLE_STAGES):
            opens_on, due_on = days[stage.kind]
            opens_at, due_at = start_of_day(opens_on), end_of_day(due_on)
            if (stage.opens_at, stage.due_at) != (opens_at, due_at):
                change_stage_dates(stage=stage, opens_at=opens_at, due_at=due_at, changed_by=None)
        said = "Demo refresh cycle: moved to start in 30 days"
    if not FootprintMerge.objects.filter(cycle=cycle).exists():
        merging = list(Footprint.objects.filter(cycle=cycle, name__in=MERGED))
        if len(merging) == len(MERGED):
            merge_footprints(
                footprints=merging,
                new_name=MERGED_NAME,
                lead_ccg=Organisation.objects.get(ods_code=MERGED_LEAD),
                reason=MERGE_REASON,
                merged_by=admin,
            )
            said += f"; {' and '.join(MERGED)} merged into {MERGED_NAME}"
    return said + "."
