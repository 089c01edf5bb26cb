"""A footprint's delivery history with its predecessors', shown two ways (design section 7).

**As reported**: every progress return of the footprint and of the footprints it was formed
from or carries forward, each under the footprint that made it, with the ratings and money
realised it reported then.

**Re-based to today's footprint**: one line a quarter for today's footprint, the returns of
that quarter taken together: the money realised added up (a quarter where every return said
"no data" has none, never zero), and each rating the *least* confident of the quarter's
returns, because a merged footprint is only as far on as its furthest-behind part.

Whoever may see the footprint may see both (its predecessors' people read only their own).
A fixed number of queries however long the history.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from delivery.confidence import rank
from delivery.models import ProgressReturn, ReturnBenefit
from delivery.selectors.ratings import label, with_ratings
from roadmaps.enums import MONEY_CATEGORIES
from roadmaps.selectors.lineage import ancestor_ids
from roadmaps.selectors.version_display import show_pounds

AS_REPORTED = "as_reported"
REBASED = "rebased"
VIEWS = {
    AS_REPORTED: _("As reported at the time"),
    REBASED: _("Re-based to today's footprint"),
}


@dataclass
class ReportedLine:
    period_label: str
    period_end: object
    footprint_name: str
    cycle_name: str
    self_rating: str | None
    assured_rating: str | None
    realised: Decimal | None
    return_pk: int

    @property
    def self_label(self):
        return label(self.self_rating)

    @property
    def realised_text(self):
        return show_pounds(self.realised) if self.realised is not None else _("No data")

    @property
    def assured_label(self):
        return label(self.assured_rating)


@dataclass
class RebasedLine:
    period_label: str
    period_end: object
    reported_by: list = field(default_factory=list)
    self_rating: str | None = None
    assured_rating: str | None = None
    realised: Decimal | None = None

    @property
    def self_label(self):
        return label(self.self_rating)

    @property
    def realised_text(self):
        return show_pounds(self.realised) if self.realised is not None else _("No data")

    @property
    def assured_label(self):
        return label(self.assured_rating)


def _least_confident(ratings):
    rated = [rating for rating in ratings if rating]
    return max(rated, key=rank) if rated else None


def reported_lines(footprint):
    """Each return of the footprint and its predecessors, oldest quarter first."""
    ids = {footprint.pk} | ancestor_ids({footprint.pk})
    returns = (
        with_ratings(ProgressReturn.objects.filter(roadmap__footprint_id__in=ids))
        .select_related("period", "roadmap__footprint__cycle")
        .order_by("period__period_end", "roadmap__footprint__name", "pk")
    )
    returns = list(returns)
    # Filtered as the returns were, never by a list of their ids: an empty list is no query
    # at all, and the page would make one fewer when there is nothing to show.
    money = dict(
        ReturnBenefit.objects.filter(
            Q(progress_return__roadmap__footprint_id__in=ids),
            category__in=MONEY_CATEGORIES,
            no_data=False,
            actual__isnull=False,
        )
        .values("progress_return_id")
        .annotate(total=Sum("actual"))
        .values_list("progress_return_id", "total")
    )
    return [
        ReportedLine(
            period_label=r.period.label,
            period_end=r.period.period_end,
            footprint_name=r.roadmap.footprint.name,
            cycle_name=r.roadmap.footprint.cycle.name,
            self_rating=r.self_rating,
            assured_rating=r.assured_rating,
            realised=money.get(r.pk),
            return_pk=r.pk,
        )
        for r in returns
    ]


def rebased_lines(footprint, reported=None):
    """One line a quarter for today's footprint, from ``reported_lines``."""
    reported = reported_lines(footprint) if reported is None else reported
    quarters = defaultdict(list)
    for line in reported:
        quarters[(line.period_end, line.period_label)].append(line)
    lines = []
    for (period_end, period_label), group in sorted(quarters.items()):
        realised = [line.realised for line in group if line.realised is not None]
        lines.append(
            RebasedLine(
                period_label=period_label,
                period_end=period_end,
                reported_by=sorted({line.footprint_name for line in group}),
                self_rating=_least_confident(line.self_rating for line in group),
                assured_rating=_least_confident(line.assured_rating for line in group),
                realised=sum(realised, Decimal(0)) if realised else None,
            )
        )
    return lines


def lineage_history(footprint, *, view=AS_REPORTED):
    """(the view shown, its lines); an unknown view is shown as reported."""
    view = view if view in VIEWS else AS_REPORTED
    reported = reported_lines(footprint)
    return view, reported if view == AS_REPORTED else rebased_lines(footprint, reported)


def describe_returns(footprints):
    """What a merge says of the progress returns of the footprints it merges away."""
    counts = dict(
        ProgressReturn.objects.filter(roadmap__footprint__in=footprints)
        .values("roadmap__footprint_id")
        .annotate(n=Count("pk"))
        .values_list("roadmap__footprint_id", "n")
    )
    return [
        ngettext(
            "%(name)s's %(count)s progress return and its ratings are kept as its history, and "
            "counted in the merged footprint's history re-based to today's footprints.",
            "%(name)s's %(count)s progress returns and their ratings are kept as its history, "
            "and counted in the merged footprint's history re-based to today's footprints.",
            counts[footprint.pk],
        )
        % {"name": footprint.name, "count": counts[footprint.pk]}
        for footprint in footprints
        if counts.get(footprint.pk)
    ]
