"""Scores, checked against the worked examples of maturity/SCORING.md, number for number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maturity import tasks
from maturity.enums import AssessmentState, Scale, ScoreLevel
from maturity.models import Answer, Assessment, Question, QuestionSet, Score, Section, Theme
from maturity.scales import NOT_APPLICABLE
from maturity.services import scoring
from tests.factories import (
    CycleFactory,
    OrganisationFactory,
)

# Worked example (a): section -> theme -> [(question code, scale, answer or None)].
EXAMPLE_A = {
    "readiness": {
        "leadership": [
            ("L1", Scale.AGREEMENT, "mostly_agree"),
            ("L2", Scale.AGREEMENT, "agree_completely"),
            ("L3", Scale.PERCENTAGE, "41_60"),
        ],
        "governance": [
            ("G1", Scale.AGREEMENT, "neither"),
            ("G2", Scale.AGREEMENT, NOT_APPLICABLE),
        ],
    },
    "capabilities": {
        "transfers_of_care": [
            ("T1", Scale.NHS_NUMBER, "86_90"),
            ("T2", Scale.RECORD_STRUCTURE, "semi_structured"),
            ("T3", Scale.PERCENTAGE, None),
        ],
        "medicines": [
            ("M1", Scale.PERCENTAGE, "61_80"),
            ("M2", Scale.RECORD_STRUCTURE, "fully_structured"),
        ],
    },
}
THEMES_BY_SECTION_A = {section: list(themes) for section, themes in EXAMPLE_A.items()}

EXPECTED_THEMES_A = {
    "leadership": 235 / 3,
    "governance": 50,
    "transfers_of_care": 60,
    "medicines": 90,
}
EXPECTED_SECTIONS_A = {"readiness": (235 / 3 + 50) / 2, "capabilities": 75}
EXPECTED_OVERALL_A = ((235 / 3 + 50) / 2 + 75) / 2

# Worked examples (b) and (c): stored scores per assessment; None is "no score".
STORED = {
    "A": {"leadership": 235 / 3, "governance": 50, "readiness": (235 / 3 + 50) / 2},
    "B": {"leadership": 40, "governance": 20, "readiness": 30},
    "C": {"leadership": 90, "governance": None, "readiness": 90},
    "D": {"leadership": 55, "governance": 60, "readiness": 57.5},
    "E": {"leadership": 60, "governance": 100, "readiness": 80},
}


def answers_by_theme(example):
    return {
        theme: [(scale, option) for _code, scale, option in questions if option is not None]
        for themes in example.values()
        for theme, questions in themes.items()
    }


def make_question_set(example):
    question_set = QuestionSet.objects.create(
        code="example", version=1, title="Worked example", source_sha256="0" * 64
    )
    for section_order, (section_code, themes) in enumerate(example.items()):
        section = Section.objects.create(
            question_set=question_set,
            code=section_code,
            title=section_code.title(),
            order=section_order,
        )
        for theme_order, (theme_code, questions) in enumerate(themes.items()):
            theme = Theme.objects.create(
                section=section, code=theme_code, title=theme_code.title(), order=theme_order
            )
            for order, (code, scale, _option) in enumerate(questions):
                Question.objects.create(
                    question_set=question_set,
                    theme=theme,
                    code=code,
                    text=f"Question {code}",
                    scale=scale,
                    allows_not_applicable=True,
                    order=order,
                )
    return question_set


def make_assessment(question_set, example=None, *, state=AssessmentState.SUBMITTED, **fields):
    assessment = Assessment.objects.create(
        organisation=fields.pop("organisation", None) or OrganisationFactory(),
        cycle=fields.pop("cycle", None) or CycleFactory(),
        question_set=question_set,
        state=state,
        **fields,
    )
    questions = {q.code: q for q in Question.objects.filter(question_set=question_set)}
    for themes in (example or {}).values():
        for questions_of_theme in themes.values():
            for code, _scale, option in questions_of_theme:
                if option is not None:
                    Answer.objects.create(
                        assessment=assessment, question=questions[code], option=option
                    )
    return assessment


def store_scores(assessment, scores):
    for code, value in scores.items():
        level = ScoreLevel.SECTION if code == "readiness" else ScoreLevel.THEME
        Score.objects.create(assessment=assessment, level=level, code=code, value=value)


def stored_rows(assessment):
    return {
        (row.level, row.code): (row.pk, row.value, row.computed_at)
        for row in Score.objects.filter(assessment=assessment)
    }


def stored_values(assessment):
    return {key: value for key, (_pk, value, _at) in stored_rows(assessment).items()}


# --- Worked example (a), pure functions -----------------------------------------------------


def test_theme_scores_match_worked_example_a():
    assert scoring.theme_scores(answers_by_theme(EXAMPLE_A)) == pytest.approx(EXPECTED_THEMES_A)


def test_section_scores_match_worked_example_a():
    sections = scoring.section_scores(EXPECTED_THEMES_A, THEMES_BY_SECTION_A)

    assert sections == pytest.approx(EXPECTED_SECTIONS_A)


def test_overall_score_matches_worked_example_a():
    assert scoring.overall_score(EXPECTED_SECTIONS_A) == pytest.approx(EXPECTED_OVERALL_A)


def test_worked_example_a_shows_rounded_to_one_decimal_place():
    scores = scoring.score_assessment(answers_by_theme(EXAMPLE_A), THEMES_BY_SECTION_A)

    assert {code: scoring.for_display(value) for code, value in scores.themes.items()} == {
        "leadership": "78.3",
        "governance": "50.0",
        "transfers_of_care": "60.0",
        "medicines": "90.0",
    }
    assert {code: scoring.for_display(value) for code, value in scores.sections.items()} == {
        "readiness": "64.2",
        "capabilities": "75.0",
    }
    assert scoring.for_display(scores.overall) == "69.6"


def test_theme_with_only_not_applicable_answers_has_no_score_and_is_left_out_of_its_section():
    themes = scoring.theme_scores(
        {
            "governance": [(Scale.AGREEMENT, NOT_APPLICABLE)],
            "leadership": [(Scale.AGREEMENT, "mostly_agree")],
        }
    )
    sections = scoring.section_scores(themes, {"readiness": ["leadership", "governance"]})

    assert themes == {"governance": None, "leadership": 75}
    assert sections == {"readiness": 75}


def test_nothing_answered_gives_no_scores_at_all():
    scores = scoring.score_assessment({}, THEMES_BY_SECTION_A)

    assert set(scores.themes.values()) == {None}
    assert scores.sections == {"readiness": None, "capabilities": None}
    assert scores.overall is None


# --- Worked examples (b) and (c), pure functions --------------------------------------------


def test_footprint_summary_matches_worked_example_b():
    def summary(code):
        return scoring.summarise(STORED[provider][code] for provider in "ABC")

    assert summary("leadership") == scoring.Summary(
        count=3, mean=pytest.approx(625 / 9), median=pytest.approx(235 / 3), minimum=40, maximum=90
    )
    assert summary("governance") == scoring.Summary(
        count=2, mean=35, median=35, minimum=20, maximum=50
    )
    assert summary("readiness") == scoring.Summary(
        count=3,
        mean=pytest.approx(((235 / 3 + 50) / 2 + 30 + 90) / 3),
        median=pytest.approx((235 / 3 + 50) / 2),
        minimum=30,
        maximum=90,
    )
    assert [
        scoring.for_display(value)
        for value in (summary("leadership").mean, summary("readiness").mean)
    ] == ["69.4", "61.4"]


def test_national_quartiles_match_worked_example_c():
    def national(code):
        return scoring.quartiles(STORED[name][code] for name in "ABCDE")

    assert national("leadership") == scoring.Quartiles(
        count=5, lower=55, median=60, upper=pytest.approx(235 / 3)
    )
    assert national("governance") == scoring.Quartiles(count=4, lower=42.5, median=55, upper=70)
    assert national("readiness") == scoring.Quartiles(
        count=5, lower=57.5, median=pytest.approx((235 / 3 + 50) / 2), upper=80
    )


def test_quartiles_of_one_score_are_that_score_and_of_none_are_absent():
    assert scoring.quartiles([42]) == scoring.Quartiles(count=1, lower=42, median=42, upper=42)
    assert scoring.quartiles([None]) == scoring.Quartiles(
        count=0, lower=None, median=None, upper=None
    )


# --- Through the database -------------------------------------------------------------------


@pytest.mark.django_db
def test_computing_worked_example_a_stores_its_theme_section_and_overall_scores():
    assessment = make_assessment(make_question_set(EXAMPLE_A), EXAMPLE_A, version=3)

    tasks.compute_assessment_scores.delay(assessment.pk)

    assert stored_values(assessment) == pytest.approx(
        {
            **{(ScoreLevel.THEME, code): value for code, value in EXPECTED_THEMES_A.items()},
            **{(ScoreLevel.SECTION, code): value for code, value in EXPECTED_SECTIONS_A.items()},
            (ScoreLevel.OVERALL, ""): EXPECTED_OVERALL_A,
        }
    )
    assessment.refresh_from_db()
    assert assessment.scored_version == 3


@pytest.mark.django_db
def test_computing_reads_answers_in_one_query_whatever_their_number():
    question_set = make_question_set(EXAMPLE_A)
    few = make_assessment(
        question_set, {"readiness": {"governance": EXAMPLE_A["readiness"]["governance"]}}
    )
    many = make_assessment(question_set, EXAMPLE_A)

    counts = []
    for assessment in (few, many):
        with CaptureQueriesContext(connection) as queries:
            scoring.compute_assessment_scores(assessment_id=assessment.pk)
        counts.append(len(queries))

    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_running_the_task_twice_leaves_the_same_score_rows():
    assessment = make_assessment(make_question_set(EXAMPLE_A), EXAMPLE_A)
    tasks.compute_assessment_scores.delay(assessment.pk)
    first = stored_rows(assessment)

    tasks.compute_assessment_scores.delay(assessment.pk)

    assert stored_rows(assessment) == first


@pytest.mark.django_db
def test_forced_recomputation_keeps_the_same_rows_and_values():
    assessment = make_assessment(make_question_set(EXAMPLE_A), EXAMPLE_A)
    scoring.compute_assessment_scores(assessment_id=assessment.pk)
    first = stored_rows(assessment)

    scoring.compute_assessment_scores(assessment_id=assessment.pk, force=True)

    again = stored_rows(assessment)
    assert {key: (pk, value) for key, (pk, value, _at) in again.items()} == {
        key: (pk, value) for key, (pk, value, _at) in first.items()
    }


@pytest.mark.django_db
def test_recomputing_replaces_scores_of_changed_answers():
    assessment = make_assessment(make_question_set(EXAMPLE_A), EXAMPLE_A)
    scoring.compute_assessment_scores(assessment_id=assessment.pk)
    Answer.objects.filter(assessment=assessment, question__code="G1").update(
        option="agree_completely"
    )
    Assessment.objects.filter(pk=assessment.pk).update(version=1)

    scoring.recompute_stale_scores()

    values = stored_values(assessment)
    assert values[(ScoreLevel.THEME, "governance")] == 100
    assert values[(ScoreLevel.SECTION, "readiness")] == pytest.approx((235 / 3 + 100) / 2)


@pytest.mark.django_db
def test_task_for_a_deleted_assessment_does_nothing():
    assert tasks.compute_assessment_scores.delay(999_999).get() is None
    assert Score.objects.count() == 0


@pytest.mark.django_db
def test_stale_submitted_assessments_are_recomputed_and_fresh_ones_are_not():
    question_set = make_question_set(EXAMPLE_A)
    cycle = CycleFactory()
    never_scored = make_assessment(question_set, EXAMPLE_A, cycle=cycle)
    changed = make_assessment(question_set, EXAMPLE_A, cycle=cycle, version=5, scored_version=4)
    fresh = make_assessment(question_set, EXAMPLE_A, cycle=cycle, version=2, scored_version=2)
    in_progress = make_assessment(
        question_set, EXAMPLE_A, cycle=cycle, state=AssessmentState.IN_PROGRESS
    )

    result = tasks.recompute_stale_scores.delay().get()

    assert result == {"computed": 2}
    for assessment in (never_scored, changed, fresh, in_progress):
        assessment.refresh_from_db()
    assert (never_scored.scored_version, changed.scored_version) == (0, 5)
    assert stored_values(never_scored)[(ScoreLevel.OVERALL, "")] == pytest.approx(
        EXPECTED_OVERALL_A
    )
    assert stored_values(fresh) == {}
    assert in_progress.scored_version is None
    assert stored_values(in_progress) == {}
    assert tasks.recompute_stale_scores.delay().get() == {"computed": 0}
