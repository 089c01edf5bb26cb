"""Stored benchmark figures, checked against worked examples (b) and (c) of SCORING.md."""

import random
import threading

import pytest
from django.db import connections

from maturity.enums import AssessmentState, Scale, ScoreLevel
from maturity.models import BenchmarkFigure, Score
from maturity.scales import NOT_APPLICABLE
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

# The question set of worked example (a), with one more Governance question, G3 on the
# percentage scale, so that provider B can score 20 there; A leaves it unanswered.
QUESTIONS = {
    "readiness": {
        "leadership": [("L1", Scale.AGREEMENT), ("L2", Scale.AGREEMENT), ("L3", Scale.PERCENTAGE)],
        "governance": [("G1", Scale.AGREEMENT), ("G2", Scale.AGREEMENT), ("G3", Scale.PERCENTAGE)],
    },
    "capabilities": {
        "transfers_of_care": [
            ("T1", Scale.NHS_NUMBER),
            ("T2", Scale.RECORD_STRUCTURE),
            ("T3", Scale.PERCENTAGE),
        ],
        "medicines": [("M1", Scale.PERCENTAGE), ("M2", Scale.RECORD_STRUCTURE)],
    },
}

# Answers giving the stored scores of examples (b) and (c); F is still in progress.
ANSWERS = {
    "A": {
        "L1": "mostly_agree",
        "L2": "agree_completely",
        "L3": "41_60",
        "G1": "neither",
        "G2": NOT_APPLICABLE,
        "T1": "86_90",
        "T2": "semi_structured",
        "M1": "61_80",
        "M2": "fully_structured",
    },
    "B": {"L3": "21_40", "G3": "1_20"},
    "C": {"L2": "agree_completely", "L3": "61_80", "G1": NOT_APPLICABLE, "G2": NOT_APPLICABLE},
    "D": {"L1": "neither", "L3": "41_60", "G3": "41_60"},
    "E": {"L3": "41_60", "G1": "agree_completely"},
    "F": {"L1": "disagree_completely", "G1": "disagree_completely", "G3": "0"},
}

A_LEADERSHIP = 235 / 3
A_READINESS = (235 / 3 + 50) / 2
A_OVERALL = (A_READINESS + 75) / 2

STATISTICS = (
    "count",
    "mean",
    "minimum",
    "lower_quartile",
    "median",
    "upper_quartile",
    "maximum",
)


def make_question_set():
    question_set = QuestionSetFactory()
    questions = {}
    for section_order, (section_code, themes) in enumerate(QUESTIONS.items()):
        section = SectionFactory(question_set=question_set, code=section_code, order=section_order)
        for theme_order, (theme_code, of_theme) in enumerate(themes.items()):
            theme = ThemeFactory(section=section, code=theme_code, order=theme_order)
            for order, (code, scale) in enumerate(of_theme):
                questions[code] = QuestionFactory(theme=theme, code=code, scale=scale, order=order)
    return question_set, questions


def answer(questions, assessment, answers):
    for code, option in answers.items():
        AnswerFactory(assessment=assessment, question=questions[code], option=option)


@pytest.fixture
def worked_example():
    """A, B and C are providers of a footprint with F (in progress); D and E are elsewhere."""
    question_set, questions = make_question_set()
    cycle = CycleFactory()
    footprint = FootprintFactory(cycle=cycle)
    states = {
        "A": AssessmentState.SUBMITTED,
        "B": AssessmentState.SIGNED_OFF,
        "C": AssessmentState.PUBLISHED,
        "D": AssessmentState.SUBMITTED,
        "E": AssessmentState.SUBMITTED,
        "F": AssessmentState.IN_PROGRESS,
    }
    assessments = {}
    for name, state in states.items():
        fields = {}
        if name in "ABCF":
            fields["organisation"] = FootprintMemberFactory(footprint=footprint).organisation
        assessments[name] = AssessmentFactory(
            cycle=cycle, question_set=question_set, state=state, **fields
        )
        answer(questions, assessments[name], ANSWERS[name])
    return cycle, footprint, assessments


def stored_figure(cycle, footprint, level, code):
    row = BenchmarkFigure.objects.get(cycle=cycle, footprint=footprint, level=level, code=code)
    return {name: getattr(row, name) for name in STATISTICS}


@pytest.mark.django_db
def test_stored_scores_of_an_assessment_match_worked_example_a(worked_example):
    cycle, _footprint, assessments = worked_example

    figures.recompute_figures(cycle=cycle)

    stored = dict(Score.objects.filter(assessment=assessments["A"]).values_list("code", "value"))
    assert stored == pytest.approx(
        {
            "leadership": A_LEADERSHIP,
            "governance": 50,
            "transfers_of_care": 60,
            "medicines": 90,
            "readiness": A_READINESS,
            "capabilities": 75,
            "": A_OVERALL,
        }
    )
    assert scoring.for_display(stored[""]) == "69.6"


@pytest.mark.django_db
def test_stored_footprint_figures_match_worked_example_b(worked_example):
    cycle, footprint, _assessments = worked_example

    figures.recompute_figures(cycle=cycle)

    leadership = stored_figure(cycle, footprint, ScoreLevel.THEME, "leadership")
    assert leadership == {
        "count": 3,
        "mean": pytest.approx((A_LEADERSHIP + 40 + 90) / 3),
        "minimum": 40,
        "lower_quartile": pytest.approx((40 + A_LEADERSHIP) / 2),
        "median": pytest.approx(A_LEADERSHIP),
        "upper_quartile": pytest.approx((A_LEADERSHIP + 90) / 2),
        "maximum": 90,
    }
    # C answered every Governance question "not applicable", so it is left out.
    assert stored_figure(cycle, footprint, ScoreLevel.THEME, "governance") == {
        "count": 2,
        "mean": 35,
        "minimum": 20,
        "lower_quartile": 27.5,
        "median": 35,
        "upper_quartile": 42.5,
        "maximum": 50,
    }
    readiness = stored_figure(cycle, footprint, ScoreLevel.SECTION, "readiness")
    assert readiness == {
        "count": 3,
        "mean": pytest.approx((A_READINESS + 30 + 90) / 3),
        "minimum": 30,
        "lower_quartile": pytest.approx((30 + A_READINESS) / 2),
        "median": pytest.approx(A_READINESS),
        "upper_quartile": pytest.approx((A_READINESS + 90) / 2),
        "maximum": 90,
    }
    shown = [scoring.for_display(figure["mean"]) for figure in (leadership, readiness)]
    assert shown == ["69.4", "61.4"]


@pytest.mark.django_db
def test_stored_national_figures_match_worked_example_c_without_the_assessment_in_progress(
    worked_example,
):
    cycle, _footprint, _assessments = worked_example

    figures.recompute_figures(cycle=cycle)

    assert stored_figure(cycle, None, ScoreLevel.THEME, "leadership") == {
        "count": 5,
        "mean": pytest.approx((A_LEADERSHIP + 40 + 90 + 55 + 60) / 5),
        "minimum": 40,
        "lower_quartile": 55,
        "median": 60,
        "upper_quartile": pytest.approx(A_LEADERSHIP),
        "maximum": 90,
    }
    assert stored_figure(cycle, None, ScoreLevel.THEME, "governance") == {
        "count": 4,
        "mean": 57.5,
        "minimum": 20,
        "lower_quartile": 42.5,
        "median": 55,
        "upper_quartile": 70,
        "maximum": 100,
    }
    assert stored_figure(cycle, None, ScoreLevel.SECTION, "readiness") == {
        "count": 5,
        "mean": pytest.approx((A_READINESS + 30 + 90 + 57.5 + 80) / 5),
        "minimum": 30,
        "lower_quartile": 57.5,
        "median": pytest.approx(A_READINESS),
        "upper_quartile": 80,
        "maximum": 90,
    }
    # Only A answered Capabilities; the others' overall is their Readiness.
    assert stored_figure(cycle, None, ScoreLevel.OVERALL, "") == {
        "count": 5,
        "mean": pytest.approx((A_OVERALL + 30 + 90 + 57.5 + 80) / 5),
        "minimum": 30,
        "lower_quartile": 57.5,
        "median": pytest.approx(A_OVERALL),
        "upper_quartile": 80,
        "maximum": 90,
    }


@pytest.mark.django_db
def test_figures_cover_every_theme_section_and_overall_nationally_and_per_footprint(
    worked_example,
):
    cycle, footprint, _assessments = worked_example

    report = figures.recompute_figures(cycle=cycle)

    keys = {
        (ScoreLevel.THEME, "leadership"),
        (ScoreLevel.THEME, "governance"),
        (ScoreLevel.THEME, "transfers_of_care"),
        (ScoreLevel.THEME, "medicines"),
        (ScoreLevel.SECTION, "readiness"),
        (ScoreLevel.SECTION, "capabilities"),
        (ScoreLevel.OVERALL, ""),
    }
    for scope in (None, footprint):
        rows = BenchmarkFigure.objects.filter(cycle=cycle, footprint=scope)
        assert set(rows.values_list("level", "code")) == keys
    assert report == figures.FiguresReport(
        cycle_id=cycle.pk,
        scores_computed=5,
        national_figures=7,
        footprints=1,
        footprint_figures=7,
    )


@pytest.mark.django_db
def test_a_theme_answered_only_not_applicable_has_a_figure_with_no_values():
    question_set, questions = make_question_set()
    cycle = CycleFactory()
    assessment = AssessmentFactory(cycle=cycle, question_set=question_set)
    answer(questions, assessment, {"L1": "agree_completely", "G1": NOT_APPLICABLE})

    figures.recompute_figures(cycle=cycle)

    assert stored_figure(cycle, None, ScoreLevel.THEME, "governance") == {
        "count": 0,
        "mean": None,
        "minimum": None,
        "lower_quartile": None,
        "median": None,
        "upper_quartile": None,
        "maximum": None,
    }
    assert stored_figure(cycle, None, ScoreLevel.THEME, "leadership")["median"] == 100


@pytest.mark.django_db
def test_a_footprint_without_submitted_provider_assessments_has_no_figures(worked_example):
    cycle, _footprint, _assessments = worked_example
    empty = FootprintFactory(cycle=cycle)
    FootprintMemberFactory(footprint=empty)

    figures.recompute_figures(cycle=cycle)

    assert BenchmarkFigure.objects.filter(footprint=empty).count() == 0


def test_figure_statistics_are_the_statistics_modules_to_the_last_bit():
    rng = random.Random(201516)
    for size in (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 33, 164, 201):
        for _draw in range(25):
            values = [
                rng.choice((None, float(rng.randrange(101)), rng.uniform(0, 100)))
                for _value in range(size)
            ]
            summary, spread = scoring.summarise(values), scoring.quartiles(values)

            assert figures._statistics(values) == (
                summary.count,
                summary.mean,
                summary.minimum,
                spread.lower,
                summary.median,
                spread.upper,
                summary.maximum,
            )


@pytest.mark.django_db
def test_a_recompute_that_changes_no_figure_rewrites_no_figure_row(worked_example):
    cycle, _footprint, _assessments = worked_example
    figures.recompute_figures(cycle=cycle)
    before = list(BenchmarkFigure.objects.filter(cycle=cycle).order_by("pk").values())

    figures.recompute_figures(cycle=cycle, force=True)

    assert list(BenchmarkFigure.objects.filter(cycle=cycle).order_by("pk").values()) == before


@pytest.mark.django_db
def test_a_provider_in_two_footprints_counts_in_both(worked_example):
    cycle, footprint, assessments = worked_example
    other = FootprintFactory(cycle=cycle)
    FootprintMemberFactory(footprint=other, organisation=assessments["B"].organisation)

    figures.recompute_figures(cycle=cycle)

    assert stored_figure(cycle, other, ScoreLevel.THEME, "leadership")["mean"] == 40
    assert stored_figure(cycle, footprint, ScoreLevel.THEME, "leadership")["count"] == 3


# Threads need their own connections to the committed data, so no test transaction.
@pytest.mark.django_db(transaction=True)
def test_recomputations_at_the_same_time_leave_one_set_of_figures():
    question_set, questions = make_question_set()
    cycle = CycleFactory()
    for _number in range(20):
        answer(questions, AssessmentFactory(cycle=cycle, question_set=question_set), ANSWERS["D"])
    figures.recompute_figures(cycle=cycle)
    errors = []
    start = threading.Barrier(4)

    def recompute():
        try:
            start.wait()
            for _run in range(20):
                figures.recompute_figures(cycle=cycle)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(error))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=recompute) for _worker in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert stored_figure(cycle, None, ScoreLevel.THEME, "leadership")["count"] == 20
    assert BenchmarkFigure.objects.filter(cycle=cycle, footprint=None).count() == 7
