"""Maturity scores: the rules of maturity/SCORING.md, and storing them per assessment.

The pure functions at the top work on plain data and are the rules themselves; the functions
below them read and write the database and only gather data for the pure functions.
Scores are stored unrounded; ``for_display`` rounds to one decimal place.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from maturity.enums import AssessmentState, ScoreLevel
from maturity.models import Answer, Assessment, Score, Section
from maturity.scales import option_score
from roadmaps.enums import MemberRole

# The states whose scores count in footprint and national figures.
SUBMITTED_STATES = (
    AssessmentState.SUBMITTED,
    AssessmentState.SIGNED_OFF,
    AssessmentState.PUBLISHED,
)

# statistics.quantiles(n=4, method=QUARTILE_METHOD); SCORING.md uses the same.
QUARTILE_METHOD = "inclusive"


@dataclass(frozen=True)
class Summary:
    """Mean, median and range of some scores; all None when there are none."""

    count: int
    mean: float | None
    median: float | None
    minimum: float | None
    maximum: float | None


@dataclass(frozen=True)
class Quartiles:
    """Lower quartile, median and upper quartile of some scores; None when there are none."""

    count: int
    lower: float | None
    median: float | None
    upper: float | None


@dataclass(frozen=True)
class AssessmentScores:
    themes: dict
    sections: dict
    overall: float | None


# --- The rules, on plain data ---------------------------------------------------------------


def _mean_of_present(values):
    present = [value for value in values if value is not None]
    return statistics.fmean(present) if present else None


def theme_scores(answers_by_theme):
    """Theme code -> mean score of its answered, applicable questions, or None if none.

    ``answers_by_theme`` maps a theme code to its answers as ``(scale, option)`` pairs.
    Not-applicable answers are left out; unanswered questions are simply absent. A theme
    should be listed (with no answers) to get a None score rather than no entry.
    """
    return {
        theme: _mean_of_present(option_score(scale, option) for scale, option in answers)
        for theme, answers in answers_by_theme.items()
    }


def section_scores(scores_of_themes, themes_by_section):
    """Section code -> mean of its themes that have a score, or None if none has.

    ``scores_of_themes`` is what ``theme_scores`` returns; ``themes_by_section`` maps a
    section code to its theme codes.
    """
    return {
        section: _mean_of_present(scores_of_themes.get(theme) for theme in themes)
        for section, themes in themes_by_section.items()
    }


def overall_score(scores_of_sections):
    """Mean of the sections that have a score (our summary, not an official figure)."""
    return _mean_of_present(scores_of_sections.values())


def score_assessment(answers_by_theme, themes_by_section):
    """All of an assessment's scores: theme, section and overall."""
    all_themes = {theme: [] for themes in themes_by_section.values() for theme in themes}
    all_themes.update(answers_by_theme)
    themes = theme_scores(all_themes)
    sections = section_scores(themes, themes_by_section)
    return AssessmentScores(themes=themes, sections=sections, overall=overall_score(sections))


def summarise(values):
    """Mean, median, minimum and maximum of the scores that are not None."""
    present = sorted(value for value in values if value is not None)
    if not present:
        return Summary(count=0, mean=None, median=None, minimum=None, maximum=None)
    return Summary(
        count=len(present),
        mean=statistics.fmean(present),
        median=statistics.median(present),
        minimum=present[0],
        maximum=present[-1],
    )


def quartiles(values):
    """Lower quartile, median and upper quartile of the scores that are not None.

    Python's ``statistics.quantiles(n=4, method="inclusive")``: with one score all three
    are that score.
    """
    present = sorted(value for value in values if value is not None)
    if not present:
        return Quartiles(count=0, lower=None, median=None, upper=None)
    if len(present) == 1:
        # statistics.quantiles needs two points before Python 3.13.
        return Quartiles(count=1, lower=present[0], median=present[0], upper=present[0])
    lower, median, upper = statistics.quantiles(present, n=4, method=QUARTILE_METHOD)
    return Quartiles(count=len(present), lower=lower, median=median, upper=upper)


def for_display(value):
    """A score rounded half up to one decimal place, as text; an empty string for None."""
    if value is None:
        return ""
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# --- Stored scores --------------------------------------------------------------------------


def _structure(question_set_id):
    """Section code -> its theme codes, in order, in one query."""
    themes_by_section = {}
    rows = (
        Section.objects.filter(question_set_id=question_set_id)
        .order_by("order", "themes__order")
        .values_list("code", "themes__code")
    )
    for section, theme in rows:
        themes = themes_by_section.setdefault(section, [])
        if theme is not None:
            themes.append(theme)
    all_themes = [theme for themes in themes_by_section.values() for theme in themes]
    if len(all_themes) != len(set(all_themes)):
        # Score rows are keyed by theme code alone, so a repeated code would merge themes.
        raise ValueError(f"Question set {question_set_id} repeats a theme code.")
    return themes_by_section


def compute_assessment_scores(*, assessment_id, force=False):
    """Store one assessment's theme, section and overall scores, computed from its answers.

    Guarantees: in one transaction, with the assessment row locked, the assessment's Score
    rows become exactly one per theme, one per section and one overall (value None where
    nothing counts), and ``scored_version`` becomes the ``version`` the answers were read
    at. If the scores are already of this version nothing is written unless ``force``; a
    recomputation keeps each row (same id) and writes the same values. Returns the
    computed ``AssessmentScores``, or None if the assessment is gone or was already fresh.
    """
    with transaction.atomic():
        assessment = (
            # No ordering, so no joins: only the assessment row is locked.
            Assessment.objects.select_for_update()
            .filter(pk=assessment_id)
            .order_by()
            .values("pk", "version", "scored_version", "question_set_id")
            .first()
        )
        if assessment is None:
            return None
        if not force and assessment["scored_version"] == assessment["version"]:
            return None
        themes_by_section = _structure(assessment["question_set_id"])
        answers_by_theme = defaultdict(list)
        for theme, scale, option in Answer.objects.filter(assessment_id=assessment_id).values_list(
            "question__theme__code", "question__scale", "option"
        ):
            answers_by_theme[theme].append((scale, option))
        scores = score_assessment(answers_by_theme, themes_by_section)
        _store(assessment_id, scores)
        Assessment.objects.filter(pk=assessment_id).update(scored_version=assessment["version"])
    return scores


def _store(assessment_id, scores):
    now = timezone.now()
    wanted = [
        *((ScoreLevel.THEME, code, value) for code, value in scores.themes.items()),
        *((ScoreLevel.SECTION, code, value) for code, value in scores.sections.items()),
        (ScoreLevel.OVERALL, "", scores.overall),
    ]
    keep = Q(pk__in=[])
    for level, code, _value in wanted:
        keep |= Q(level=level, code=code)
    Score.objects.filter(assessment_id=assessment_id).exclude(keep).delete()
    # An upsert keeps each row's id, so a second run leaves the same rows.
    Score.objects.bulk_create(
        [
            Score(assessment_id=assessment_id, level=level, code=code, value=value, computed_at=now)
            for level, code, value in wanted
        ],
        update_conflicts=True,
        unique_fields=["assessment", "level", "code"],
        update_fields=["value", "computed_at"],
    )


def stale_assessment_ids():
    """Submitted assessments whose stored scores are not of their current version."""
    return list(
        Assessment.objects.filter(state__in=SUBMITTED_STATES)
        .filter(Q(scored_version__isnull=True) | ~Q(scored_version=F("version")))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def recompute_stale_scores():
    """Compute the scores of every submitted assessment whose scores are stale.

    Each assessment is its own transaction, so one failure does not undo the others' work;
    a failure propagates after the earlier ones are stored, and the next sweep retries it.
    Returns how many were computed.
    """
    computed = 0
    for assessment_id in stale_assessment_ids():
        if compute_assessment_scores(assessment_id=assessment_id) is not None:
            computed += 1
    return computed


def _stored_scores(assessments):
    """(level, code) -> values, in one query over Score rows, for theme and section levels."""
    values = defaultdict(list)
    rows = Score.objects.filter(
        assessment__in=assessments, level__in=[ScoreLevel.THEME, ScoreLevel.SECTION]
    ).values_list("level", "code", "value")
    for level, code, value in rows:
        values[(level, code)].append(value)
    return values


def national_figures(*, cycle):
    """(level, code) -> ``Quartiles`` of the cycle's submitted assessments' stored scores.

    One query over Score rows, for theme and section levels; assessments with no score in a
    theme or section are left out of it. Reads stored scores as they are: stale ones are put
    right by ``recompute_stale_scores``.
    """
    assessments = Assessment.objects.filter(cycle=cycle, state__in=SUBMITTED_STATES)
    return {key: quartiles(values) for key, values in _stored_scores(assessments).items()}


def footprint_figures(*, footprint):
    """(level, code) -> ``Summary`` of the footprint's providers' stored scores.

    Providers are the footprint's members with the provider role; their submitted
    assessments in the footprint's cycle count. One query over Score rows.
    """
    providers = footprint.members.filter(role=MemberRole.PROVIDER).values("organisation_id")
    assessments = Assessment.objects.filter(
        cycle_id=footprint.cycle_id,
        organisation_id__in=providers,
        state__in=SUBMITTED_STATES,
    )
    return {key: summarise(values) for key, values in _stored_scores(assessments).items()}
