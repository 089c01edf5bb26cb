"""Stored benchmark figures: SCORING.md rules 5 and 6, kept as BenchmarkFigure rows.

Pages read the stored rows; ``recompute_figures`` (run by the periodic task
``maturity.recompute_figures``) brings a cycle's scores up to date and replaces its figures.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.services.audit import record_event
from maturity.models import BenchmarkFigure, Score
from maturity.services import scoring
from roadmaps.enums import MemberRole
from roadmaps.models import Cycle, FootprintMember


@dataclass(frozen=True)
class FiguresReport:
    """What one recomputation of a cycle's figures did."""

    cycle_id: int
    scores_computed: int
    national_figures: int
    footprints: int
    footprint_figures: int


def _national_values(cycle_id):
    """(level, code) -> stored values of the cycle's submitted assessments: one query."""
    values = defaultdict(list)
    rows = Score.objects.filter(
        assessment__cycle_id=cycle_id, assessment__state__in=scoring.SUBMITTED_STATES
    ).values_list("level", "code", "value")
    for level, code, value in rows:
        values[(level, code)].append(value)
    return values


def _footprint_values(cycle_id):
    """Footprint id -> (level, code) -> stored values of its providers' submitted assessments.

    As SCORING.md rule 5 defines it, for every footprint of the cycle at once:
    one query from provider memberships through the members' assessments to their scores.
    A provider in two footprints counts in both.
    """
    values = defaultdict(lambda: defaultdict(list))
    rows = (
        FootprintMember.objects.filter(
            footprint__cycle_id=cycle_id,
            role=MemberRole.PROVIDER,
            organisation__assessments__cycle_id=cycle_id,
            organisation__assessments__state__in=scoring.SUBMITTED_STATES,
            organisation__assessments__scores__isnull=False,
        )
        .order_by()
        .values_list(
            "footprint_id",
            "organisation__assessments__scores__level",
            "organisation__assessments__scores__code",
            "organisation__assessments__scores__value",
        )
    )
    for footprint_id, level, code, value in rows:
        values[footprint_id][(level, code)].append(value)
    return values


# The statistics of a figure, in the order ``_statistics`` gives them.
FIGURE_VALUES = (
    "count",
    "mean",
    "minimum",
    "lower_quartile",
    "median",
    "upper_quartile",
    "maximum",
)


def _statistics(values):
    """A figure's statistics over some stored scores, in ``FIGURE_VALUES`` order."""
    summary = scoring.summarise(values)
    spread = scoring.quartiles(values)
    return (
        summary.count,
        summary.mean,
        summary.minimum,
        spread.lower,
        summary.median,
        spread.upper,
        summary.maximum,
    )


def _replace_figures(cycle_id, wanted, *, now):
    """Make the cycle's BenchmarkFigure rows exactly ``wanted``, all worked out ``now``.

    ``wanted`` maps ``(footprint id or None, level, code)`` to ``_statistics``. Only figures
    that are new or whose statistics changed are deleted and inserted again (the unique
    constraints are partial, which an upsert cannot name on PostgreSQL); the others keep
    their row and get the new ``computed_at`` in one update.
    """
    stored = {
        (footprint_id, level, code): (pk, tuple(statistics))
        for footprint_id, level, code, pk, *statistics in BenchmarkFigure.objects.filter(
            cycle_id=cycle_id
        ).values_list("footprint_id", "level", "code", "pk", *FIGURE_VALUES)
    }
    changed = [
        key for key, statistics in wanted.items() if stored.get(key, (None, None))[1] != statistics
    ]
    kept = [pk for key, (pk, statistics) in stored.items() if wanted.get(key) == statistics]
    # Always one statement, whatever changed, so the number of queries stays fixed.
    BenchmarkFigure.objects.filter(cycle_id=cycle_id).exclude(pk__in=kept).delete()
    if changed:
        BenchmarkFigure.objects.bulk_create(
            [
                BenchmarkFigure(
                    cycle_id=cycle_id,
                    footprint_id=key[0],
                    level=key[1],
                    code=key[2],
                    computed_at=now,
                    **dict(zip(FIGURE_VALUES, wanted[key], strict=True)),
                )
                for key in changed
            ]
        )
    BenchmarkFigure.objects.filter(cycle_id=cycle_id).exclude(computed_at=now).update(
        computed_at=now
    )


def recompute_figures(*, cycle, force=False):
    """Bring the cycle's scores up to date, then replace its stored benchmark figures.

    Guarantees: first the scores of the cycle's stale submitted assessments are computed
    (of every submitted assessment when ``force``). Then, in one transaction, the cycle's
    BenchmarkFigure rows become exactly: national figures over its submitted assessments,
    and figures per footprint of the cycle over its providers' submitted assessments, for
    each theme, section and overall that those assessments have a Score row for. Every
    statistic is filled (count, mean, minimum, quartiles, median, maximum); where every
    such row has no value the figure has count 0 and no statistics. A footprint with no
    scored submitted provider has no rows. Readers see the old figures or the new, never
    a mix. Running it again gives the same values. The number of queries does not depend
    on how many assessments, footprints or scores there are (up to ``scoring.BATCH_SIZE``
    assessments to score; on SQLite Django splits a large insert by its parameter limit).
    """
    if force:
        computed = scoring.recompute_submitted_scores(cycle_id=cycle.pk)
    else:
        computed = scoring.recompute_stale_scores(cycle_id=cycle.pk)
    with transaction.atomic():
        # One replacement of a cycle's figures at a time: two at once would each insert
        # after the other's delete, and break the unique constraints.
        list(Cycle.objects.select_for_update().filter(pk=cycle.pk).values_list("pk", flat=True))
        now = timezone.now()
        national = {
            (None, level, code): _statistics(values)
            for (level, code), values in _national_values(cycle.pk).items()
        }
        by_footprint = _footprint_values(cycle.pk)
        footprints = {
            (footprint_id, level, code): _statistics(values)
            for footprint_id, of_footprint in by_footprint.items()
            for (level, code), values in of_footprint.items()
        }
        _replace_figures(cycle.pk, {**national, **footprints}, now=now)
    return FiguresReport(
        cycle_id=cycle.pk,
        scores_computed=computed,
        national_figures=len(national),
        footprints=len(by_footprint),
        footprint_figures=len(footprints),
    )


@transaction.atomic
def request_recompute(*, cycle, requested_by):
    """Queue a full recompute of the cycle's scores and figures, after commit; audited."""
    from maturity.tasks import recompute_figures as task

    record_event(actor=requested_by, verb="maturity.recompute_requested", target=cycle)
    task.delay_on_commit(cycle_id=cycle.pk, force=True)
