"""The stages of a cycle as NHS England admins see them: dates, and whether each is open."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from roadmaps.models import Stage
from roadmaps.selectors.cycles import is_open
from roadmaps.selectors.deadlines import days_left, days_left_words


@dataclass(frozen=True)
class StageRow:
    stage: Stage
    is_open: bool
    has_opened: bool
    days_left: int

    @property
    def state(self):
        if self.is_open:
            return _("Open – %(left)s") % {"left": days_left_words(self.days_left).lower()}
        return _("Closed") if self.has_opened else _("Not open yet")


def stages_of_cycle(cycle, *, now=None):
    """The cycle's stages in the order they open, each with its state now. One query."""
    now = now or timezone.now()
    stages = Stage.objects.filter(cycle=cycle).select_related("cycle").order_by("opens_at", "pk")
    return [
        StageRow(
            stage=stage,
            is_open=is_open(stage, now=now),
            has_opened=stage.opens_at <= now,
            days_left=days_left(stage.due_at, now),
        )
        for stage in stages
    ]
