"""Maturity results to read: stored scores and benchmark figures, in a fixed number of queries.

Nothing here computes a score: scores and figures are stored by ``maturity.services`` and
read as they are (SCORING.md). Rows are keyed by ``(level, code)``, as ``Score`` is.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Prefetch, Subquery

from maturity.enums import ScoreLevel
from maturity.models import (
    Assessment,
    BenchmarkFigure,
    FigureComputation,
    Question,
    Score,
    Section,
    Theme,
    is_asked_in,
)
from maturity.services.scoring import SUBMITTED_STATES
from roadmaps.selectors.cycle_picker import cycle_choice

OVERALL = (ScoreLevel.OVERALL.value, "")


@dataclass(frozen=True)
class ResultLine:
    """One line of a results table: a section or a theme, or overall."""

    level: str
    code: str
    title: str
    # The section a theme belongs to; empty for sections and overall.
    section_title: str = ""

    @property
    def key(self):
        return (self.level, self.code)

    @property
    def is_section(self):
        return self.level == ScoreLevel.SECTION


def result_lines(question_set_id, care_setting=None):
    """Each section followed by its themes, in order: two queries. With ``care_setting``,
    only the themes with questions for that setting (an assessment's themes)."""
    themes = Theme.objects.order_by("order")
    if care_setting:
        themes = themes.for_setting(care_setting)
    sections = Section.objects.filter(question_set_id=question_set_id).prefetch_related(
        Prefetch("themes", queryset=themes)
    )
    lines = []
    for section in sections.order_by("order"):
        lines.append(ResultLine(ScoreLevel.SECTION.value, section.code, section.title))
        lines.extend(
            ResultLine(ScoreLevel.THEME.value, theme.code, theme.title, section.title)
            for theme in section.themes.all()
        )
    return lines


def section_lines(lines):
    return [line for line in lines if line.is_section]


def scores_of(assessment_ids):
    """``{assessment id: {(level, code): value}}`` of stored scores: one query."""
    scores = defaultdict(dict)
    rows = Score.objects.filter(assessment_id__in=assessment_ids).values_list(
        "assessment_id", "level", "code", "value"
    )
    for assessment_id, level, code, value in rows:
        scores[assessment_id][(level, code)] = value
    return scores


@dataclass(frozen=True)
class ScoreSource:
    """What an assessment's stored scores were computed with."""

    question_set_code: str
    question_set_version: int | None
    method_version: int | None

    def __str__(self):
        return f"{self.question_set_code} v{self.question_set_version}"


def score_sources(assessment_ids):
    """``{assessment id: ScoreSource}`` of stored scores, read from each overall score: one
    query. An assessment without scores is absent."""
    rows = Score.objects.filter(
        assessment_id__in=assessment_ids, level=ScoreLevel.OVERALL
    ).values_list("assessment_id", "question_set_code", "question_set_version", "method_version")
    return {assessment_id: ScoreSource(*source) for assessment_id, *source in rows}


def _figures(**filters):
    """Stored figures, each with ``computed_at``: when its cycle's set was worked out."""
    worked_out = FigureComputation.objects.filter(cycle_id=OuterRef("cycle_id")).values(
        "computed_at"
    )
    figures = BenchmarkFigure.objects.filter(**filters).annotate(
        computed_at=Subquery(worked_out[:1])
    )
    return {(figure.level, figure.code): figure for figure in figures}


def national_figures(cycle_id):
    """``{(level, code): BenchmarkFigure}`` of the cycle's national figures: one query."""
    return _figures(cycle_id=cycle_id, footprint__isnull=True)


def footprint_figures(footprint):
    """``{(level, code): BenchmarkFigure}`` of one footprint's stored figures: one query."""
    return _figures(footprint=footprint)


def figures_computed_at(figures):
    """When these figures were worked out (they are one cycle's, worked out together), or
    None when there are none."""
    return next((figure.computed_at for figure in figures.values()), None)


def question_counts(assessments):
    """``{(question set id, care setting): number of questions}`` for these assessments:
    how many each answers. One query."""
    wanted = {(assessment.question_set_id, assessment.care_setting) for assessment in assessments}
    counts = dict.fromkeys(wanted, 0)
    rows = Question.objects.filter(
        question_set__in={question_set_id for question_set_id, _setting in wanted}
    ).values_list("question_set_id", "care_settings")
    for question_set_id, asked_in in rows:
        for key in wanted:
            if key[0] == question_set_id and is_asked_in(asked_in, key[1]):
                counts[key] += 1
    return counts


def footprint_assessments(footprint):
    """The assessments of the footprint's members for its cycle, organisation by name, each
    with ``answered`` and ``question_count``: two queries."""
    members = footprint.members.values("organisation_id")
    assessments = list(
        Assessment.objects.filter(cycle_id=footprint.cycle_id, organisation_id__in=members)
        .select_related("organisation", "organisation__region", "cycle", "question_set")
        .annotate(answered=Count("answers"))
        .order_by("organisation__name")
    )
    totals = question_counts(assessments)
    for assessment in assessments:
        assessment.question_count = totals[(assessment.question_set_id, assessment.care_setting)]
        assessment.counts = assessment.state in SUBMITTED_STATES
    return assessments


# --- National ---------------------------------------------------------------------------


def assessment_cycles():
    """The cycles the national results offer: those with assessments, opening on the newest
    that has started. One query."""
    return cycle_choice(showing=Assessment.objects.values("cycle_id"), only_showing=True)


def main_question_set_id(cycle_id):
    """The question set most of the cycle's assessments use (the newest if tied), or None."""
    row = (
        Assessment.objects.filter(cycle_id=cycle_id)
        .values("question_set_id")
        .annotate(count=Count("pk"))
        .order_by("-count", "-question_set_id")
        .first()
    )
    return row["question_set_id"] if row else None


def state_counts(cycle_id):
    """``{state: number of assessments}`` of the cycle: one query."""
    return dict(
        Assessment.objects.filter(cycle_id=cycle_id)
        .values_list("state")
        .annotate(count=Count("pk"))
        .values_list("state", "count")
    )


def submitted_assessments(cycle_id):
    """The cycle's submitted assessments, with organisation and region, by name."""
    return (
        Assessment.objects.filter(cycle_id=cycle_id, state__in=SUBMITTED_STATES)
        .select_related("organisation", "organisation__region", "cycle", "question_set")
        .order_by("organisation__name")
    )
