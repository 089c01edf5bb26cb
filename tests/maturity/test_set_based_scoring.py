"""Scores and figures for many assessments at once: same answers as the rules, fixed cost."""

import random
import sqlite3
from collections import defaultdict

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from config.celery import app as celery_app
from maturity import tasks
from maturity.enums import AssessmentState, Scale, ScoreLevel
from maturity.models import Answer, Assessment, BenchmarkFigure, Score
from maturity.scales import NOT_APPLICABLE, SCALE_OPTIONS
from maturity.services import figures, scoring
from tests.factories import (
    AnswerFactory,
    AssessmentFactory,
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    QuestionFactory,
    QuestionSetFactory,
    SectionFactory,
    ThemeFactory,
)

SEED = 20151130


def random_question_set(rng):
    """A question set of three sections with 1-4 themes of 1-5 questions on random scales."""
    question_set = QuestionSetFactory()
    themes_by_section = {}
    questions = []
    for section_order in range(3):
        section = SectionFactory(question_set=question_set, order=section_order)
        themes_by_section[section.code] = []
        for theme_order in range(rng.randint(1, 4)):
            theme = ThemeFactory(section=section, order=theme_order)
            themes_by_section[section.code].append(theme.code)
            for order in range(rng.randint(1, 5)):
                scale = rng.choice(list(Scale))
                questions.append(
                    QuestionFactory(
                        theme=theme, scale=scale, order=order, code=f"{theme.code}.{order}"
                    )
                )
    return question_set, themes_by_section, questions


def random_answers(rng, assessments, questions):
    """Answer each question with a random option, "not applicable", or not at all."""
    answers = []
    for assessment in assessments:
        for question in questions:
            keys = [key for key, _label, _score in SCALE_OPTIONS[question.scale]]
            option = rng.choice([None, NOT_APPLICABLE, *keys, *keys])
            if option is not None:
                answers.append(Answer(assessment=assessment, question=question, option=option))
    Answer.objects.bulk_create(answers)


def scores_by_the_rules(assessment, themes_by_section):
    """The pure rules of SCORING.md applied in Python to the assessment's answers."""
    answers_by_theme = defaultdict(list)
    for answer in assessment.answers.select_related("question__theme"):
        answers_by_theme[answer.question.theme.code].append((answer.question.scale, answer.option))
    return scoring.score_assessment(answers_by_theme, themes_by_section)


def stored_values(assessment):
    return {(row.level, row.code): row.value for row in Score.objects.filter(assessment=assessment)}


def as_stored(scores):
    return {
        **{(ScoreLevel.THEME, code): value for code, value in scores.themes.items()},
        **{(ScoreLevel.SECTION, code): value for code, value in scores.sections.items()},
        (ScoreLevel.OVERALL, ""): scores.overall,
    }


def score_rows(cycle):
    return set(
        Score.objects.filter(assessment__cycle=cycle).values_list(
            "pk", "assessment_id", "level", "code", "value"
        )
    )


def figure_rows(cycle):
    return set(
        BenchmarkFigure.objects.filter(cycle=cycle).values_list(
            "footprint_id",
            "level",
            "code",
            "count",
            "mean",
            "minimum",
            "lower_quartile",
            "median",
            "upper_quartile",
            "maximum",
        )
    )


@pytest.fixture
def random_cycle():
    """Forty assessments of one cycle with random answers; a few not submitted."""
    rng = random.Random(SEED)
    question_set, themes_by_section, questions = random_question_set(rng)
    cycle = CycleFactory()
    footprint = FootprintFactory(cycle=cycle)
    assessments = []
    for number in range(40):
        state = rng.choice([*scoring.SUBMITTED_STATES, AssessmentState.IN_PROGRESS])
        organisation = FootprintMemberFactory(footprint=footprint).organisation
        if number % 2:
            organisation = None
        assessments.append(
            AssessmentFactory(
                cycle=cycle,
                question_set=question_set,
                state=state,
                **({"organisation": organisation} if organisation else {}),
            )
        )
    random_answers(rng, assessments, questions)
    return cycle, themes_by_section, assessments


@pytest.mark.django_db
def test_set_based_scores_equal_the_rules_for_random_answers(random_cycle):
    _cycle, themes_by_section, assessments = random_cycle

    computed = scoring.compute_scores(assessment_ids=[a.pk for a in assessments])

    for assessment in assessments:
        expected = scores_by_the_rules(assessment, themes_by_section)
        assert computed[assessment.pk] == expected
        assert stored_values(assessment) == as_stored(expected)


@pytest.mark.django_db
def test_stored_figures_equal_the_rules_over_the_submitted_random_assessments(random_cycle):
    cycle, themes_by_section, assessments = random_cycle

    figures.recompute_figures(cycle=cycle)

    by_key = defaultdict(list)
    for assessment in assessments:
        if assessment.state in scoring.SUBMITTED_STATES:
            for key, value in as_stored(scores_by_the_rules(assessment, themes_by_section)).items():
                by_key[key].append(value)
    stored = {
        (row.level, row.code): row
        for row in BenchmarkFigure.objects.filter(cycle=cycle, footprint=None)
    }
    assert set(stored) == set(by_key)
    for key, values in by_key.items():
        summary, spread = scoring.summarise(values), scoring.quartiles(values)
        row = stored[key]
        assert (row.count, row.mean, row.minimum, row.median, row.maximum) == (
            summary.count,
            summary.mean,
            summary.minimum,
            summary.median,
            summary.maximum,
        )
        assert (row.lower_quartile, row.upper_quartile) == (spread.lower, spread.upper)


@pytest.mark.django_db
def test_a_second_run_leaves_the_same_score_rows_and_figures(random_cycle):
    cycle, _themes_by_section, _assessments = random_cycle
    first = figures.recompute_figures(cycle=cycle)
    scores, stored_figures = score_rows(cycle), figure_rows(cycle)

    again = figures.recompute_figures(cycle=cycle)
    forced = figures.recompute_figures(cycle=cycle, force=True)

    assert score_rows(cycle) == scores
    assert figure_rows(cycle) == stored_figures
    assert (again.scores_computed, forced.scores_computed) == (0, first.scores_computed)


@pytest.mark.django_db
def test_scores_of_a_theme_no_longer_in_the_question_set_are_removed():
    question = QuestionFactory()
    assessment = AssessmentFactory(question_set=question.question_set)
    AnswerFactory(assessment=assessment, question=question, option="agree_completely")
    Score.objects.create(assessment=assessment, level=ScoreLevel.THEME, code="retired", value=10)

    scoring.compute_assessment_scores(assessment_id=assessment.pk)

    assert stored_values(assessment) == {
        (ScoreLevel.THEME, question.theme.code): 100,
        (ScoreLevel.SECTION, question.theme.section.code): 100,
        (ScoreLevel.OVERALL, ""): 100,
    }


@pytest.fixture
def linked_sqlite_parameter_limit(monkeypatch):
    """Django 5.2 assumes SQLite's pre-3.32 limit of 999 parameters a statement and splits
    bulk inserts to fit it; take the limit of the SQLite library actually in use, as
    PostgreSQL has no such split."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        limit = connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        monkeypatch.setattr(connection.features, "max_query_params", limit)


@pytest.mark.django_db
def test_national_recompute_makes_as_many_queries_for_200_assessments_as_for_10(
    linked_sqlite_parameter_limit,
):
    question_set, _themes_by_section, questions = random_question_set(random.Random(SEED))
    cycle = CycleFactory()
    rng = random.Random(SEED)

    def grow(size):
        existing = Assessment.objects.filter(cycle=cycle).count()
        added = []
        for number in range(existing, size):
            if number % 5 == 0:
                footprint = FootprintFactory(cycle=cycle)
            organisation = FootprintMemberFactory(footprint=footprint).organisation
            added.append(
                AssessmentFactory(cycle=cycle, question_set=question_set, organisation=organisation)
            )
        random_answers(rng, added, questions)

    counts = []
    for size in (10, 200):
        grow(size)
        with CaptureQueriesContext(connection) as queries:
            report = figures.recompute_figures(cycle=cycle, force=True)
        assert report.scores_computed == size
        counts.append(len(queries))

    assert counts[0] == counts[1], "\n".join(query["sql"] for query in queries.captured_queries)


@pytest.mark.django_db
def test_the_periodic_task_heals_a_stale_assessment_and_its_figures():
    question = QuestionFactory()
    assessment = AssessmentFactory(question_set=question.question_set)
    answer = AnswerFactory(assessment=assessment, question=question, option="mostly_agree")
    tasks.recompute_figures.delay().get()
    # Answers changed after scoring, and the message to score them again was lost.
    Answer.objects.filter(pk=answer.pk).update(option="agree_completely")
    Assessment.objects.filter(pk=assessment.pk).update(version=F("version") + 1)
    periodic = celery_app.tasks[settings.CELERY_BEAT_SCHEDULE["recompute-figures"]["task"]]

    reports = periodic.delay().get()

    assessment.refresh_from_db()
    assert assessment.scored_version == assessment.version == 1
    assert stored_values(assessment)[(ScoreLevel.OVERALL, "")] == 100
    national = BenchmarkFigure.objects.get(
        cycle=assessment.cycle, footprint=None, level=ScoreLevel.THEME, code=question.theme.code
    )
    assert (national.count, national.median) == (1, 100)
    assert [report["scores_computed"] for report in reports] == [1]


@pytest.mark.django_db
def test_the_task_for_a_deleted_cycle_does_nothing():
    assert tasks.recompute_figures.delay(cycle_id=999_999).get() == []
    assert BenchmarkFigure.objects.count() == 0
