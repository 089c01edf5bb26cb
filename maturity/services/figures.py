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


def _figure(*, cycle_id, footprint_id, level, code, values, now):
    summary = scoring.summarise(values)
    spread = scoring.quartiles(values)
    return BenchmarkFigure(
        cycle_id=cycle_id,
        footprint_id=footprint_id,
        level=level,
        code=code,
        count=summary.count,
        mean=summary.mean,
        minimum=summary.minimum,
        lower_quartile=spread.lower,
        median=summary.median,
        upper_quartile=spread.upper,
        maximum=summary.maximum,
        computed_at=now,
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
        national = [
            _figure(
                cycle_id=cycle.pk, footprint_id=None, level=level, code=code, values=values, now=now
            )
            for (level, code), values in _national_values(cycle.pk).items()
        ]
        by_footprint = _footprint_values(cycle.pk)
        footprints = [
            _figure(
                cycle_id=cycle.pk,
                footprint_id=footprint_id,
                level=level,
                code=code,
                values=values,
                now=now,
            )
            for footprint_id, of_footprint in by_footprint.items()
            for (level, code), values in of_footprint.items()
        ]
        # Delete and insert rather than upsert: the unique constraints are partial, which
        # an upsert cannot name on PostgreSQL.
        BenchmarkFigure.objects.filter(cycle_id=cycle.pk).delete()
        BenchmarkFigure.objects.bulk_create([*national, *footprints])
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
