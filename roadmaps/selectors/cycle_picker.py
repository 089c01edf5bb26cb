"""Which cycles a page's cycle picker offers, and which one the page shows until one is chosen.

Every page that shows one cycle at a time asks here, so that "newest" means the same
everywhere: by when the cycle's footprint stage opens, as ``current_cycle`` reads it. A cycle
made for later does not take over a page before it starts, and a page opens on the newest
cycle that has something for it to show (a refresh whose roadmaps are still drafts has no
progress returns to track yet).
"""

from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.utils import timezone

from roadmaps.enums import StageKind
from roadmaps.models import Cycle, Stage


@dataclass(frozen=True)
class CycleChoice:
    """The cycles a picker offers, newest first, and the one shown when none is chosen."""

    cycles: list = field(default_factory=list)
    default: Cycle | None = None

    def pick(self, wanted):
        """The offered cycle whose number is ``wanted`` (as a query string gives it), else the
        default: a number that is not offered, or anything that is not a number, shows the
        default, never an error."""
        wanted = str(wanted) if wanted is not None else ""
        return next((cycle for cycle in self.cycles if str(cycle.pk) == wanted), self.default)

    @property
    def has_choice(self):
        return len(self.cycles) > 1


def _footprint_opening():
    stages = Stage.objects.filter(cycle=OuterRef("pk"), kind=StageKind.FOOTPRINT)
    return Subquery(stages.order_by("opens_at").values("opens_at")[:1])


def cycle_choice(*, showing=None, only_showing=False, now=None):
    """The cycles to offer and the default, in one query.

    ``showing`` is a query of the ids of the cycles the page has something to show for (for
    example ``Footprint.objects.values("cycle_id")``); without it every cycle has. With
    ``only_showing`` only those cycles are offered (the public pages offer only cycles with
    something published). The default is the newest cycle that has started and has something
    to show; else the newest that has started; else the newest offered.
    """
    now = now or timezone.now()
    cycles = Cycle.objects.annotate(
        opens_at=_footprint_opening(),
        shows=ExpressionWrapper(
            Q(pk__in=showing) if showing is not None else Q(pk__isnull=False),
            output_field=BooleanField(),
        ),
    ).order_by(F("opens_at").desc(nulls_last=True), "-pk")
    if only_showing and showing is not None:
        cycles = cycles.filter(pk__in=showing)
    cycles = list(cycles)
    started = [cycle for cycle in cycles if cycle.opens_at is not None and cycle.opens_at <= now]
    default = next(
        (cycle for cycle in started if cycle.shows),
        started[0] if started else (cycles[0] if cycles else None),
    )
    return CycleChoice(cycles=cycles, default=default)
