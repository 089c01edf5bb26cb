"""Maturity scores: the rules of maturity/SCORING.md, and storing them per assessment.

The pure functions at the top work on plain data and are the rules themselves; the functions
below them read and write the database and only gather data for the pure functions.
Scores are stored unrounded; ``for_display`` rounds to one decimal place.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from maturity.enums import AssessmentState, ScoreLevel
from maturity.models import Answer, Assessment, QuestionSet, Score, Section, is_asked_in
from maturity.scales import NOT_APPLICABLE, SCALE_OPTIONS, option_score

# The version of the rules below (SCORING.md, "Method versions"), stored on every Score row
# with the question set's code and version. Change it whenever a rule changes.
METHOD_VERSION = 1

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

# Assessments computed per transaction by the sweeps: bounds a transaction's locks and size.
BATCH_SIZE = 500

# What a Score row holds besides its key: the value and what it was computed with.
STORED_WITH_VALUE = ("value", "question_set_code", "question_set_version", "method_version")


def _option_score_sql():
    """SQL for the score of an Answer's option on its question's scale (rule 1).

    Built from ``maturity.scales``, the table ``option_score`` reads, so SQL and Python
    cannot disagree; NULL for an option the scale does not have.
    """
    # By scale, then by option: a few comparisons per answer rather than one per option.
    return Case(
        *(
            When(
                question__scale=scale,
                then=Case(
                    *(When(option=key, then=Value(score)) for key, _label, score in options),
                    default=None,
                    output_field=IntegerField(),
                ),
            )
            for scale, options in SCALE_OPTIONS.items()
        ),
        default=None,
        output_field=IntegerField(),
    )


def _structures(question_set_ids, care_settings):
    """``(question set id, care setting)`` -> section code -> the codes of its themes that
    have a question for that setting, in order: one query.

    A theme none of whose questions is asked in a setting is no part of that setting's
    assessments (SCORING.md, "Care settings"); every section is, with or without themes.
    """
    rows = (
        Section.objects.filter(question_set_id__in=question_set_ids)
        .order_by("question_set_id", "order", "themes__order", "themes__questions__order")
        .values_list("question_set_id", "code", "themes__code", "themes__questions__care_settings")
    )
    structures = {}
    for question_set_id, section, theme, asked_in in rows:
        for setting in care_settings:
            themes = structures.setdefault((question_set_id, setting), {}).setdefault(section, [])
            applies = asked_in is not None and is_asked_in(asked_in, setting)
            if theme is not None and applies and theme not in themes:
                themes.append(theme)
    for (question_set_id, _setting), themes_by_section in structures.items():
        codes = [theme for themes in themes_by_section.values() for theme in themes]
        if len(codes) != len(set(codes)):
            # Score rows are keyed by theme code alone, so a repeated code would merge themes.
            raise ValueError(f"Question set {question_set_id} repeats a theme code.")
    return structures


def _theme_means(assessment_ids):
    """Assessment id -> theme code -> mean score of its counted answers, in one query.

    Rules 1 and 2 in SQL: "not applicable" is left out, and a theme with nothing counted
    is absent. The sum of whole-number scores is exact, so dividing it here gives the same
    float as ``theme_scores``.
    """
    score = _option_score_sql()
    query = (
        Answer.objects.filter(assessment_id__in=assessment_ids)
        .exclude(option=NOT_APPLICABLE)
        .values("assessment_id", "question__theme__code")
        .annotate(total=Sum(score), counted=Count(score), answered=Count("pk"))
        .order_by()
        .values_list("assessment_id", "question__theme__code", "total", "counted", "answered")
    )
    # Read straight from the cursor: every column is an id, a code or a whole number, so the
    # ORM's per-value converters (a third of the time for a national run) change nothing.
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    means = defaultdict(dict)
    for assessment_id, theme, total, counted, answered in rows:
        if counted != answered:
            raise ValueError(
                f"Assessment {assessment_id} has an answer that is not an option of "
                f"its question's scale in theme {theme!r}."
            )
        means[assessment_id][theme] = total / counted
    return means


def _scores_from_theme_means(means, themes_by_section):
    """Rules 2-4 from theme means; every theme of the question set is listed."""
    themes = {theme: None for section in themes_by_section.values() for theme in section}
    themes.update(means)
    sections = section_scores(themes, themes_by_section)
    return AssessmentScores(themes=themes, sections=sections, overall=overall_score(sections))


def compute_scores(*, assessment_ids, force=False):
    """Store the theme, section and overall scores of a set of assessments.

    Guarantees: in one transaction, with the assessment rows locked, each assessment's
    Score rows become exactly one per theme of its question set (and per theme it has
    answers in), one per section and one overall (value None where nothing counts); rows
    that should not exist are removed and the others keep their ids. ``scored_version``
    becomes the ``version`` the answers were read at. Assessments already scored at their
    version are left alone unless ``force``; gone ones are skipped. The number of queries
    does not depend on how many assessments, answers or questions there are (on SQLite,
    Django splits an insert of more rows than its parameter limit allows). Returns
    ``{assessment id: AssessmentScores}`` of the assessments computed.
    """
    with transaction.atomic():
        # In pk order, so two sweeps lock rows in the same order; no joins, so only
        # assessment rows are locked.
        locked = list(
            Assessment.objects.select_for_update()
            .filter(pk__in=list(assessment_ids))
            .order_by("pk")
            .values("pk", "version", "scored_version", "question_set_id", "care_setting")
        )
        versions = {
            row["pk"]: row for row in locked if force or row["scored_version"] != row["version"]
        }
        if not versions:
            return {}
        question_set_ids = {row["question_set_id"] for row in versions.values()}
        structures = _structures(
            question_set_ids, {row["care_setting"] for row in versions.values()}
        )
        means = _theme_means(list(versions))
        scores = {
            pk: _scores_from_theme_means(
                means.get(pk, {}), structures[(row["question_set_id"], row["care_setting"])]
            )
            for pk, row in versions.items()
        }
        of_set = {
            pk: (code, version)
            for pk, code, version in QuestionSet.objects.filter(
                pk__in=question_set_ids
            ).values_list("pk", "code", "version")
        }
        _store(scores, sources={pk: of_set[row["question_set_id"]] for pk, row in versions.items()})
        # The rows are locked, so ``version`` is still what the answers were read at; rows
        # already marked with it are left unwritten.
        stale = [pk for pk, row in versions.items() if row["scored_version"] != row["version"]]
        if stale:
            Assessment.objects.filter(pk__in=stale).update(scored_version=F("version"))
    return scores


def compute_assessment_scores(*, assessment_id, force=False):
    """Store one assessment's theme, section and overall scores, computed from its answers.

    Guarantees: in one transaction, with the assessment row locked, the assessment's Score
    rows become exactly one per theme, one per section and one overall (value None where
    nothing counts), and ``scored_version`` becomes the ``version`` the answers were read
    at. If the scores are already of this version nothing is written unless ``force``; a
    recomputation keeps each row (same id) and writes the same values. Returns the
    computed ``AssessmentScores``, or None if the assessment is gone or was already fresh.
    """
    return compute_scores(assessment_ids=[assessment_id], force=force).get(assessment_id)


def _store(scores, *, sources):
    """Make the Score rows of these assessments exactly ``scores``: at most three writes.

    ``sources`` gives each assessment's question set ``(code, version)``, stored on its rows
    with ``METHOD_VERSION``. Only rows that are new or whose value or source changed are
    written, so a recomputation that changes nothing rewrites nothing, and a kept row's
    ``computed_at`` says when its value was worked out.
    """
    now = timezone.now()
    wanted = {
        (assessment_id, level, code): (value, *sources[assessment_id], METHOD_VERSION)
        for assessment_id, of_assessment in scores.items()
        for level, code, value in (
            *((ScoreLevel.THEME, code, value) for code, value in of_assessment.themes.items()),
            *((ScoreLevel.SECTION, code, value) for code, value in of_assessment.sections.items()),
            (ScoreLevel.OVERALL, "", of_assessment.overall),
        )
    }
    stored = {
        (assessment_id, level, code): (pk, tuple(kept))
        for pk, assessment_id, level, code, *kept in Score.objects.filter(
            assessment_id__in=list(scores)
        ).values_list("pk", "assessment_id", "level", "code", *STORED_WITH_VALUE)
    }
    unwanted = [pk for key, (pk, _kept) in stored.items() if key not in wanted]
    if unwanted:
        Score.objects.filter(pk__in=unwanted).delete()
    changed = [
        Score(
            assessment_id=assessment_id,
            level=level,
            code=code,
            computed_at=now,
            **dict(zip(STORED_WITH_VALUE, kept, strict=True)),
        )
        for (assessment_id, level, code), kept in wanted.items()
        if stored.get((assessment_id, level, code), (None, None))[1] != kept
    ]
    if changed:
        # An upsert keeps each row's id, so a second run leaves the same rows.
        Score.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["assessment", "level", "code"],
            update_fields=[*STORED_WITH_VALUE, "computed_at"],
        )


def _submitted(cycle_id):
    assessments = Assessment.objects.filter(state__in=SUBMITTED_STATES)
    return assessments if cycle_id is None else assessments.filter(cycle_id=cycle_id)


def stale_assessment_ids(*, cycle_id=None):
    """Submitted assessments (of one cycle, or all) whose stored scores are not current."""
    return list(
        _submitted(cycle_id)
        .filter(Q(scored_version__isnull=True) | ~Q(scored_version=F("version")))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _compute_in_batches(assessment_ids, *, force):
    computed = 0
    for start in range(0, len(assessment_ids), BATCH_SIZE):
        batch = assessment_ids[start : start + BATCH_SIZE]
        computed += len(compute_scores(assessment_ids=batch, force=force))
    return computed


def recompute_stale_scores(*, cycle_id=None):
    """Compute the scores of every submitted assessment (of one cycle, or all) that is stale.

    Set-based, ``BATCH_SIZE`` assessments per transaction: a failure propagates after the
    earlier batches are stored, and the next sweep retries the rest. An assessment made
    fresh meanwhile is left alone. Returns how many were computed.
    """
    return _compute_in_batches(stale_assessment_ids(cycle_id=cycle_id), force=False)


def recompute_submitted_scores(*, cycle_id):
    """Compute the scores of every submitted assessment of a cycle, stale or not.

    As ``recompute_stale_scores``, but forced: for when the rules or a question set's
    structure changed. Returns how many were computed.
    """
    ids = list(_submitted(cycle_id).order_by("pk").values_list("pk", flat=True))
    return _compute_in_batches(ids, force=True)
