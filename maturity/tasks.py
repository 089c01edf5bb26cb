"""Celery tasks for maturity: ids in, re-fetch, idempotent, stable names."""

from dataclasses import asdict

from celery import shared_task

from maturity.models import Assessment
from maturity.services import figures, scoring
from roadmaps.models import Cycle


@shared_task(name="maturity.compute_assessment_scores")
def compute_assessment_scores(assessment_id):
    """Store one assessment's scores; a gone or already fresh assessment is left alone."""
    scores = scoring.compute_assessment_scores(assessment_id=assessment_id)
    if scores is None:
        return None
    # The footprint's and the country's figures now include this assessment.
    cycle_id = (
        Assessment.objects.filter(pk=assessment_id).values_list("cycle_id", flat=True).first()
    )
    if cycle_id is not None:
        recompute_figures.delay(cycle_id=cycle_id)
    return scores.overall


@shared_task(name="maturity.recompute_stale_scores")
def recompute_stale_scores():
    """The sweep: scores of submitted assessments whose answers changed since last scored."""
    return {"computed": scoring.recompute_stale_scores()}


@shared_task(name="maturity.recompute_figures")
def recompute_figures(cycle_id=None, force=False):
    """Scores and stored benchmark figures of one cycle, or of every cycle with assessments.

    A cycle that is gone is skipped. Safe to run twice: each run replaces the figures.
    """
    cycles = Cycle.objects.order_by("pk")
    if cycle_id is None:
        cycles = cycles.filter(assessments__isnull=False).distinct()
    else:
        cycles = cycles.filter(pk=cycle_id)
    return [asdict(figures.recompute_figures(cycle=cycle, force=force)) for cycle in cycles]
