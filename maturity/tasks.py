"""Celery tasks for maturity: ids in, re-fetch, idempotent, stable names."""

from celery import shared_task

from maturity.services import scoring


@shared_task(name="maturity.compute_assessment_scores")
def compute_assessment_scores(assessment_id):
    """Store one assessment's scores; a gone or already fresh assessment is left alone."""
    scores = scoring.compute_assessment_scores(assessment_id=assessment_id)
    return None if scores is None else scores.overall


@shared_task(name="maturity.recompute_stale_scores")
def recompute_stale_scores():
    """The sweep: scores of submitted assessments whose answers changed since last scored."""
    return {"computed": scoring.recompute_stale_scores()}
