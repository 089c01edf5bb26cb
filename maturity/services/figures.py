"""Stored benchmark figures: SCORING.md rules 5 and 6, kept as BenchmarkFigure rows.

Pages read the stored rows; ``recompute_figures`` (run by the periodic task
``maturity.recompute_figures``) brings a cycle's scores up to date and replaces its figures.
"""

from collections import defaultdict
from dataclasses import dataclass
from math import fsum

from django.db import transaction
from django.utils import timezone

from accounts.services.audit import record_event
from maturity.models import BenchmarkFigure, FigureComputation, Score
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


def _figure_values(cycle_id):
    """The stored values each figure of the cycle is worked out from: two queries.

    Returns ``{(footprint id or None, level, code): [value, ...]}``: national figures
    (no footprint) over the cycle's submitted assessments, as SCORING.md rule 6 defines
    them, and footprint figures over the submitted assessments of each footprint's
    providers, as rule 5 does. Values of no score are None. A provider in two footprints
    counts in both; a footprint none of whose providers has a Score row has no figures.
    """
    values = defaultdict(list)
    by_organisation = defaultdict(list)
    rows = Score.objects.filter(
        assessment__cycle_id=cycle_id, assessment__state__in=scoring.SUBMITTED_STATES
    ).values_list("assessment__organisation_id", "level", "code", "value")
    for organisation_id, level, code, value in rows:
        values[(None, level, code)].append(value)
        by_organisation[organisation_id].append((level, code, value))
    providers = (
        FootprintMember.objects.filter(footprint__cycle_id=cycle_id, role=MemberRole.PROVIDER)
        .order_by()
        .values_list("footprint_id", "organisation_id")
    )
    for footprint_id, organisation_id in providers:
        for level, code, value in by_organisation.get(organisation_id, ()):
            values[(footprint_id, level, code)].append(value)
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

NO_STATISTICS = (0, None, None, None, None, None, None)


def _quartile(ordered, which):
    """Quartile ``which`` (1 or 3) of at least two sorted values: ``statistics.quantiles(
    n=4, method="inclusive")``'s interpolation, term for term, so the floats are the same."""
    position, delta = divmod(which * (len(ordered) - 1), 4)
    return (ordered[position] * (4 - delta) + ordered[position + 1] * delta) / 4


def _statistics(values):
    """A figure's statistics over some stored scores, in ``FIGURE_VALUES`` order.

    The numbers ``scoring.summarise`` and ``scoring.quartiles`` give, bit for bit, worked
    out on one sorted list (a national run has ~1,400 figures): the mean is
    ``statistics.fmean``'s ``fsum / n``, the median ``statistics.median``'s.
    """
    ordered = sorted([value for value in values if value is not None])
    count = len(ordered)
    if not count:
        return NO_STATISTICS
    half = count // 2
    median = ordered[half] if count % 2 else (ordered[half - 1] + ordered[half]) / 2
    if count == 1:
        lower = upper = ordered[0]
    else:
        lower, upper = _quartile(ordered, 1), _quartile(ordered, 3)
    return (count, fsum(ordered) / count, ordered[0], lower, median, upper, ordered[-1])


def _replace_figures(cycle_id, wanted, *, now):
    """Make the cycle's BenchmarkFigure rows exactly ``wanted``, worked out ``now``.

    ``wanted`` maps ``(footprint id or None, level, code)`` to ``_statistics``. Only figures
    that are gone or whose statistics changed are deleted, and only new or changed ones
    inserted (the unique constraints are partial, which an upsert cannot name on
    PostgreSQL); a figure that did not change keeps its row untouched. When the set was
    worked out is the cycle's one ``FigureComputation`` row. Three or four statements.
    """
    stored = {
        (footprint_id, level, code): (pk, tuple(statistics))
        for pk, footprint_id, level, code, *statistics in BenchmarkFigure.objects.filter(
            cycle_id=cycle_id
        ).values_list("pk", "footprint_id", "level", "code", *FIGURE_VALUES)
    }
    outdated = [pk for key, (pk, statistics) in stored.items() if wanted.get(key) != statistics]
    # One statement even when nothing is outdated (Django skips an empty ``IN``), so the
    # number of queries stays fixed; no row has the id 0.
    BenchmarkFigure.objects.filter(cycle_id=cycle_id, pk__in=outdated or [0]).delete()
    changed = [
        key for key, statistics in wanted.items() if stored.get(key, (None, None))[1] != statistics
    ]
    if changed:
        BenchmarkFigure.objects.bulk_create(
            [
                BenchmarkFigure(
                    cycle_id=cycle_id,
                    footprint_id=key[0],
                    level=key[1],
                    code=key[2],
                    **dict(zip(FIGURE_VALUES, wanted[key], strict=True)),
                )
                for key in changed
            ]
        )
    FigureComputation.objects.bulk_create(
        [FigureComputation(cycle_id=cycle_id, computed_at=now)],
        update_conflicts=True,
        unique_fields=["cycle"],
        update_fields=["computed_at"],
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
    scored submitted provider has no rows. The cycle's ``FigureComputation`` says when
    they were worked out. Readers see the old figures or the new, never a mix. Running it
    again gives the same values and rewrites no figure. The number of queries does not
    depend on how many assessments, footprints or scores there are (up to
    ``scoring.BATCH_SIZE`` assessments to score; on SQLite Django splits a large insert by
    its parameter limit).
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
        wanted = {key: _statistics(values) for key, values in _figure_values(cycle.pk).items()}
        _replace_figures(cycle.pk, wanted, now=now)
    footprint_keys = [key for key in wanted if key[0] is not None]
    return FiguresReport(
        cycle_id=cycle.pk,
        scores_computed=computed,
        national_figures=len(wanted) - len(footprint_keys),
        footprints=len({key[0] for key in footprint_keys}),
        footprint_figures=len(footprint_keys),
    )


@transaction.atomic
def request_recompute(*, cycle, requested_by):
    """Queue a full recompute of the cycle's scores and figures, after commit; audited."""
    from maturity.tasks import recompute_figures as task

    record_event(actor=requested_by, verb="maturity.recompute_requested", target=cycle)
    task.delay_on_commit(cycle_id=cycle.pk, force=True)
