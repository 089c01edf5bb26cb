"""Reads for publication: what NHS England admins may publish, per cycle, and what the public
sees. Each is a fixed number of queries however many roadmaps there are."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from maturity.enums import AssessmentState
from maturity.models import Assessment
from roadmaps.enums import RoadmapState, StageKind
from roadmaps.models import Cycle, Roadmap, Stage
from roadmaps.selectors.cycle_picker import cycle_choice


@dataclass
class CyclePublication:
    """One cycle on the publication page."""

    cycle: Cycle
    opens_at: datetime | None
    accepted: list = field(default_factory=list)
    published: list = field(default_factory=list)
    results_waiting: int = 0
    results_published: int = 0

    @property
    def is_open(self):
        return self.opens_at is None or self.opens_at <= timezone.now()


def _roadmaps(queryset):
    return queryset.select_related(
        "footprint", "footprint__cycle", "footprint__lead_ccg", "footprint__lead_ccg__region"
    ).annotate(published_number=F("published_version__number"))


def accepted_roadmaps(cycle):
    """The cycle's accepted roadmaps, by footprint name."""
    return list(
        _roadmaps(Roadmap.objects.filter(footprint__cycle=cycle, state=RoadmapState.ACCEPTED))
        .order_by("footprint__name", "pk")
    )  # fmt: skip


def publication_overview():
    """Every cycle, newest first, with its accepted and published roadmaps, when its
    publication stage opens, and how many maturity assessments are signed off (waiting to be
    published) and published: four queries."""
    stages = Stage.objects.filter(kind=StageKind.PUBLICATION)
    cycles = Cycle.objects.prefetch_related(
        Prefetch("stages", queryset=stages, to_attr="publication_stages")
    ).order_by("-name")
    overview = {
        cycle.pk: CyclePublication(
            cycle=cycle,
            opens_at=cycle.publication_stages[0].opens_at if cycle.publication_stages else None,
        )
        for cycle in cycles
    }
    roadmaps = _roadmaps(
        Roadmap.objects.filter(state__in=[RoadmapState.ACCEPTED, RoadmapState.PUBLISHED])
    ).order_by("footprint__name", "pk")
    for roadmap in roadmaps:
        entry = overview[roadmap.footprint.cycle_id]
        (entry.published if roadmap.state == RoadmapState.PUBLISHED else entry.accepted).append(
            roadmap
        )
    counts = (
        Assessment.objects.filter(state__in=[AssessmentState.SIGNED_OFF, AssessmentState.PUBLISHED])
        .values_list("cycle_id", "state")
        .annotate(count=Count("pk"))
    )
    for cycle_id, state, count in counts:
        if state == AssessmentState.SIGNED_OFF:
            overview[cycle_id].results_waiting = count
        else:
            overview[cycle_id].results_published = count
    return list(overview.values())


def _published():
    return Roadmap.objects.filter(state=RoadmapState.PUBLISHED, published_version__isnull=False)


def published_cycles():
    """The cycles the public list of roadmaps offers: those with a published roadmap, opening
    on the newest. One query."""
    return cycle_choice(showing=_published().values("footprint__cycle_id"), only_showing=True)


def published_roadmaps_by_region(cycle):
    """``[(region name, [roadmap, ...]), ...]``: every published roadmap of ``cycle``,
    grouped by the NHS England region of its lead CCG, regions and footprints by name. One
    query."""
    roadmaps = _roadmaps(_published().filter(footprint__cycle=cycle)).order_by(
        F("footprint__lead_ccg__region__name").asc(nulls_last=True), "footprint__name", "pk"
    )
    groups = {}
    for roadmap in roadmaps:
        region = roadmap.footprint.lead_ccg.region
        name = region.name if region else _("No NHS England region recorded")
        groups.setdefault(name, []).append(roadmap)
    return list(groups.items())


def published_roadmap(pk):
    """The roadmap with its published version, or None unless it is published now."""
    return (
        _published()
        .select_related("published_version", "footprint", "footprint__cycle")
        .filter(pk=pk)
        .first()
    )
