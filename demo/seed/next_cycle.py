"""The seed's second cycle: "2016-17 refresh", made by NHS England's admin from 2015-16 with
every endorsed footprint carried forward, then footprints whose lead CCGs share an STP merged,
as the programme's 73 roadmaps became 65 in autumn 2016 (about one footprint in nine merged
away)."""

from collections import defaultdict
from datetime import date

from django.db.models import Count

from roadmaps.enums import StageKind
from roadmaps.models import Footprint
from roadmaps.services.carry_forward import create_cycle
from roadmaps.services.merges import merge_footprints

REFRESH = "2016-17 refresh"
# Footprints aligned to STPs in September 2016, roadmaps refreshed in October, published in
# January 2017; the 2017 self-assessment from January to March 2017.
REFRESH_DAYS = {
    StageKind.FOOTPRINT: (date(2016, 9, 1), date(2016, 9, 30)),
    StageKind.MATURITY: (date(2017, 1, 9), date(2017, 3, 31)),
    StageKind.ROADMAP: (date(2016, 10, 1), date(2016, 10, 31)),
    StageKind.PUBLICATION: (date(2017, 1, 1), date(2017, 1, 31)),
}
# 73 roadmaps became 65.
KEPT = 65 / 73


def create_refresh(*, cycle, people, question_set_code=""):
    """The refresh cycle and its merges: (cycle, footprints carried, footprints after)."""
    refresh, carried = create_cycle(
        name=REFRESH,
        stage_days=REFRESH_DAYS,
        question_set_code=question_set_code,
        carry_forward_from=cycle,
        created_by=people.admin,
    )
    to_merge_away = len(carried) - round(len(carried) * KEPT)
    by_stp = defaultdict(list)
    sized = (
        Footprint.objects.filter(cycle=refresh)
        .select_related("lead_ccg__stp")
        .annotate(size=Count("members"))
        .order_by("name")
    )
    for footprint in sized:
        if footprint.lead_ccg.stp_id is not None:
            by_stp[footprint.lead_ccg.stp].append(footprint)
    merged_away = 0
    groups = sorted(by_stp.items(), key=lambda item: (-len(item[1]), item[0].name))
    for stp, group in groups:
        if merged_away >= to_merge_away or len(group) < 2:
            continue
        taken = group[: to_merge_away - merged_away + 1]
        into = max(taken, key=lambda footprint: (footprint.size, footprint.name))
        merge_footprints(
            footprints=taken,
            into=into,
            reason=f"Aligned to the {stp.name} STP footprint: one roadmap for the STP.",
            merged_by=people.admin,
        )
        merged_away += len(taken) - 1
    return refresh, len(carried), len(carried) - merged_away
