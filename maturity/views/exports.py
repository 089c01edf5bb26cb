"""Maturity scores as CSV or XLSX: one assessment against the country, a footprint's
providers, or every submitted assessment of a cycle (NHS England)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from config.spreadsheets import FORMATS, spreadsheet_response
from maturity.selectors import results as selectors
from maturity.selectors.comparisons import year_on_year_rows
from maturity.selectors.year_on_year import comparisons_for, previous_cycle, provider_comparison
from maturity.services.scoring import SUBMITTED_STATES, for_display
from maturity.views.results import (
    assessment_or_404,
    footprint_or_404,
    footprint_side_by_side,
    national_cycle,
)


def _number(value):
    """A score as a number rounded as on screen, or None."""
    shown = for_display(value)
    return float(shown) if shown else None


def _check_format(file_format):
    if file_format not in FORMATS:
        raise Http404(_("Scores download as csv or xlsx."))


def scores_table(assessments, lines):
    """A header and one row per assessment: organisation, state, overall, sections, themes,
    what the scores were computed with, and each section compared with the organisation's
    assessment of the previous cycle (SCORING.md rules 7-10)."""
    sections = selectors.section_lines(lines)
    ordered = sections + [line for line in lines if not line.is_section]
    header = [
        _("ODS code"),
        _("Organisation"),
        _("NHS England region"),
        _("Cycle"),
        _("State"),
        _("Overall (our summary)"),
        *(line.title for line in ordered),
        _("Question set"),
        _("Scoring method"),
        _("Compared with"),
        _("Questions compared"),
        _("Questions asked"),
        *(
            title % {"section": line.title}
            for line in sections
            for title in (
                _("%(section)s: earlier score on the questions compared"),
                _("%(section)s: score on the questions compared"),
                _("%(section)s: change"),
            )
        ),
    ]
    ids = [assessment.pk for assessment in assessments]
    scores, sources = selectors.scores_of(ids), selectors.score_sources(ids)
    earlier_cycle = previous_cycle(assessments[0].cycle) if assessments else None
    comparisons = comparisons_for(assessments, earlier_cycle)
    rows = []
    for assessment in assessments:
        source, compared = sources.get(assessment.pk), comparisons.get(assessment.pk)
        rows.append(
            [
                assessment.organisation.ods_code,
                assessment.organisation.name,
                assessment.organisation.region.name if assessment.organisation.region else "",
                assessment.cycle.name,
                assessment.get_state_display(),
                _number(scores[assessment.pk].get(selectors.OVERALL)),
                *(_number(scores[assessment.pk].get(line.key)) for line in ordered),
                str(source) if source else "",
                source.method_version if source else None,
                *_compared_cells(compared, sections),
            ]
        )
    return header, rows


def _compared_cells(compared, sections):
    """The comparison's cells of a scores row: blank when there is nothing to compare with."""
    if compared is None:
        return ["", None, None] + [None] * (3 * len(sections))
    result = compared.result
    cells = [compared.earlier.cycle.name, result.compared, result.asked]
    for line in sections:
        change = result.sections.get(line.code)
        cells += [
            _number(change.earlier) if change else None,
            _number(change.later) if change else None,
            _number(change.change) if change else None,
        ]
    return cells


@login_required
@require_safe
def assessment_scores_export(request, pk, file_format):
    _check_format(file_format)
    assessment = assessment_or_404(request.user, pk)
    lines = selectors.result_lines(assessment.question_set_id, assessment.care_setting)
    scored = assessment.state in SUBMITTED_STATES
    values = selectors.scores_of([assessment.pk]).get(assessment.pk, {}) if scored else {}
    national = selectors.national_figures(assessment.cycle_id)
    source = selectors.score_sources([assessment.pk]).get(assessment.pk) if scored else None
    compared = provider_comparison(assessment)
    changes = year_on_year_rows(lines, compared.result) if compared else []
    changes = {row["line"].key: row for row in changes}
    header = [
        _("Section"),
        _("Theme"),
        _("Score"),
        _("National lower quartile"),
        _("National median"),
        _("National upper quartile"),
        _("Assessments counted nationally"),
        _("Question set"),
        _("Scoring method"),
        _("Compared with"),
        _("Earlier score on the questions compared"),
        _("Score on the questions compared"),
        _("Change"),
        _("Questions compared"),
        _("Not compared because"),
    ]
    rows = []
    for line in lines:
        figure = national.get(line.key)
        change = changes.get(line.key)
        rows.append(
            [
                line.section_title or line.title,
                "" if line.is_section else line.title,
                _number(values.get(line.key)),
                _number(figure.lower_quartile) if figure else None,
                _number(figure.median) if figure else None,
                _number(figure.upper_quartile) if figure else None,
                figure.count if figure else 0,
                str(source) if source else "",
                source.method_version if source else None,
                compared.earlier.cycle.name if compared else "",
                *(_change_cells(change) if change else [None, None, None, None, ""]),
            ]
        )
    stem = f"maturity {assessment.organisation.ods_code} {assessment.cycle.name}"
    return spreadsheet_response(file_format, stem, header, rows, sheet_title=_("Scores"))


def _change_cells(row):
    """Earlier, later, change, questions compared and why not, of a line compared."""
    change = row["change"]
    if row["note"]:
        return [None, None, None, row["compared"], row["note"]]
    numbers = [_number(change.earlier), _number(change.later), _number(change.change)]
    return [*numbers, row["compared"], ""]


@login_required
@require_safe
def footprint_scores_export(request, pk, file_format):
    _check_format(file_format)
    footprint = footprint_or_404(request.user, pk)
    side_by_side = footprint_side_by_side(footprint)
    lines = [row["line"] for row in side_by_side["rows"]]
    header, rows = scores_table(side_by_side["counted"], lines)
    stem = f"maturity {footprint.name} {footprint.cycle.name}"
    return spreadsheet_response(file_format, stem, header, rows, sheet_title=_("Scores"))


@login_required
@require_safe
def national_scores_export(request, file_format):
    _check_format(file_format)
    cycle = national_cycle(request).cycle
    if cycle is None:
        raise Http404(_("There are no assessments yet."))
    lines = selectors.result_lines(selectors.main_question_set_id(cycle.pk))
    header, rows = scores_table(list(selectors.submitted_assessments(cycle.pk)), lines)
    stem = f"maturity scores {cycle.name}"
    return spreadsheet_response(file_format, stem, header, rows, sheet_title=_("Scores"))
