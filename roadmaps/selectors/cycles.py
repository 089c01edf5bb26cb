"""Reading cycles and their stages."""

from django.db.models import Max
from django.utils import timezone

from roadmaps.enums import StageKind
from roadmaps.models import Stage


def current_cycle(*, now=None):
    """The newest cycle that has started, by when its footprint stage opens: a cycle an
    admin has made for later does not take over the pages until it starts. Before any has
    started, the newest; None before any is loaded."""
    stages = Stage.objects.filter(kind=StageKind.FOOTPRINT).select_related("cycle")
    started = stages.filter(opens_at__lte=now or timezone.now()).order_by("-opens_at", "-pk")
    footprint_stage = started.first() or stages.order_by("-opens_at", "-pk").first()
    return footprint_stage.cycle if footprint_stage else None


def stage_of(cycle, kind):
    """The ``kind`` stage of ``cycle``, or None. Uses prefetched stages when there are any."""
    return next((stage for stage in cycle.stages.all() if stage.kind == kind), None)


def is_open(stage, *, now=None):
    """Whether ``now`` falls in the stage's window, its opening and due seconds included."""
    now = now or timezone.now()
    # A deadline names its last second (23:59:59), so the whole of that second is still open.
    return stage.opens_at <= now.replace(microsecond=0) <= stage.due_at


def newest_openings(now):
    """{stage kind: when the newest stage of that kind to have opened did}, of any cycle.

    A cycle's footprint, self-assessment and roadmap are asked for until the next cycle's
    stage of the same kind opens: then a CCG that never declared a footprint in the last
    cycle is asked to declare one in the new cycle only, while the last cycle's reporting
    periods still run and stay live. Reporting periods are never superseded: each quarter's
    returns are owed whatever cycle comes next. One query.
    """
    return dict(
        Stage.objects.filter(opens_at__lte=now)
        .values_list("kind")
        .annotate(opened=Max("opens_at"))
        .order_by()
    )
