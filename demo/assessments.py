"""Demonstration self-assessments for ``manage.py load_demo``: one in every state the service
can reach, answered through the services as people would, with scores and figures to see.

Answers are pseudo-random but the same on every load: each trust has a level of maturity,
and its answers sit around that level on each question's scale.
"""

import random

from maturity.enums import AssessmentState
from maturity.models import Assessment, Question
from maturity.scales import NOT_APPLICABLE, SCALE_OPTIONS
from maturity.services.assessments import save_answers, sign_off_assessment, submit_assessment
from maturity.services.figures import recompute_figures

# ODS code -> (state to reach, level of maturity 0-1). Calderdale and Huddersfield (RWY) is
# left not started for the demo provider to answer.
DEMO_ASSESSMENTS = {
    "RWY": (AssessmentState.NOT_STARTED, 0.0),
    "RCD": (AssessmentState.IN_PROGRESS, 0.55),
    "RGD": (AssessmentState.SUBMITTED, 0.45),
    "RFF": (AssessmentState.SUBMITTED, 0.6),
    "RJL": (AssessmentState.SUBMITTED, 0.35),
    "RXG": (AssessmentState.SIGNED_OFF, 0.7),
    "RCB": (AssessmentState.SIGNED_OFF, 0.8),
    "RWA": (AssessmentState.SIGNED_OFF, 0.5),
}
# How much of an in-progress assessment is answered.
IN_PROGRESS_SHARE = 0.4


def demo_answers(questions, *, ods_code, level):
    """``{question id: (option, comment)}`` around ``level`` on each question's scale."""
    chosen = random.Random(ods_code)  # noqa: S311 - demo data, not security
    answers = {}
    for question in questions:
        if question.allows_not_applicable and chosen.random() < 0.1:
            answers[question.pk] = (NOT_APPLICABLE, "")
            continue
        options = SCALE_OPTIONS[question.scale]
        position = level * (len(options) - 1) + chosen.gauss(0, 1)
        index = min(len(options) - 1, max(0, round(position)))
        answers[question.pk] = (options[index][0], "")
    return answers


def create_demo_assessments(*, cycle):
    """Take the cycle's opened assessments to their demo states, as the service (no person);
    returns how many moved."""
    moved = 0
    assessments = Assessment.objects.filter(
        cycle=cycle, organisation__ods_code__in=DEMO_ASSESSMENTS
    ).select_related("organisation")
    for assessment in assessments:
        ods_code = assessment.organisation.ods_code
        state, level = DEMO_ASSESSMENTS[ods_code]
        if state == AssessmentState.NOT_STARTED or assessment.state != AssessmentState.NOT_STARTED:
            continue
        questions = list(
            Question.objects.filter(question_set=assessment.question_set_id).order_by(
                "theme__section__order", "theme__order", "order"
            )
        )
        if state == AssessmentState.IN_PROGRESS:
            questions = questions[: int(len(questions) * IN_PROGRESS_SHARE)]
        save_answers(
            assessment=assessment,
            answers=demo_answers(questions, ods_code=ods_code, level=level),
            expected_version=assessment.version,
            saved_by=None,
        )
        if state in (AssessmentState.SUBMITTED, AssessmentState.SIGNED_OFF):
            submit_assessment(assessment=assessment, submitted_by=None)
        if state == AssessmentState.SIGNED_OFF:
            sign_off_assessment(assessment=assessment, signed_off_by=None)
        moved += 1
    # Results to look at straight away, without waiting for the worker.
    recompute_figures(cycle=cycle)
    return moved
