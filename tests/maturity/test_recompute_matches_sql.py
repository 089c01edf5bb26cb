"""The national recompute's benchmark floor, one hand-written SQL statement (bench/sql.py),
works out the same scores as the service, so the benchmark compares like with like."""

import random

import pytest

from bench.sql import disagreements, national_scores_by_sql, stored_scores
from maturity.enums import AssessmentState
from maturity.models import Score
from maturity.services import figures, scoring
from tests.factories import AssessmentFactory, CycleFactory
from tests.maturity.test_set_based_scoring import random_answers, random_question_set

SEED = 20160115


@pytest.fixture
def answered_cycle():
    """Thirty assessments with random answers (some not applicable, some missing), a few
    not submitted, and a submitted one in another cycle."""
    rng = random.Random(SEED)
    question_set, _themes_by_section, questions = random_question_set(rng)
    cycle = CycleFactory()
    states = [*scoring.SUBMITTED_STATES, AssessmentState.IN_PROGRESS]
    assessments = [
        AssessmentFactory(cycle=cycle, question_set=question_set, state=rng.choice(states))
        for _number in range(30)
    ]
    other = AssessmentFactory(
        cycle=CycleFactory(name="2016-17"),
        question_set=question_set,
        state=AssessmentState.SUBMITTED,
    )
    random_answers(rng, [*assessments, other], questions)
    return cycle, assessments


@pytest.mark.django_db
def test_the_hand_written_sql_gives_the_scores_the_national_recompute_stores(answered_cycle):
    cycle, assessments = answered_cycle

    figures.recompute_figures(cycle=cycle, force=True)
    service = stored_scores(cycle_id=cycle.pk)
    sql = national_scores_by_sql(cycle_id=cycle.pk)

    submitted = {a.pk for a in assessments if a.state in scoring.SUBMITTED_STATES}
    assert set(sql) == set(service) == submitted
    assert disagreements(service, sql) == []


@pytest.mark.django_db
def test_a_changed_stored_score_is_reported_as_a_disagreement(answered_cycle):
    cycle, _assessments = answered_cycle
    figures.recompute_figures(cycle=cycle, force=True)
    overall = (
        Score.objects.filter(assessment__cycle=cycle, level="overall", value__isnull=False)
        .order_by("pk")
        .first()
    )
    Score.objects.filter(pk=overall.pk).update(value=overall.value + 0.1)

    lines = disagreements(
        stored_scores(cycle_id=cycle.pk), national_scores_by_sql(cycle_id=cycle.pk)
    )

    assert lines == [
        f"assessment {overall.assessment_id} overall: service {overall.value + 0.1!r}, "
        f"SQL {overall.value!r}"
    ]
