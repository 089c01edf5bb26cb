"""Maturity results side by side: an organisation's or a footprint's scores against the
footprint's and the country's stored figures, ready for a table."""

from django.utils.translation import gettext as _

from maturity.selectors import results as selectors
from maturity.services.scoring import for_display
from maturity.services.year_on_year import COMPARISON_VERSION


def figure_cells(figure):
    if figure is None or not figure.count:
        return {"count": 0}
    return {
        "count": figure.count,
        "minimum": figure.minimum,
        "lower": figure.lower_quartile,
        "median": figure.median,
        "upper": figure.upper_quartile,
        "maximum": figure.maximum,
        "mean": figure.mean,
    }


def shown(cells):
    return {name: for_display(value) if name != "count" else value for name, value in cells.items()}


def comparison(lines, values, national):
    """Table rows and chart entries: each line's own score against the national figures."""
    rows, entries = [], []
    for line in lines:
        cells = figure_cells(national.get(line.key))
        value = values.get(line.key)
        rows.append({"line": line, "value": for_display(value), "national": shown(cells)})
        entries.append(
            {"label": line.title, "value": value, "indent": not line.is_section, **cells}
        )
    return rows, entries


def footprint_side_by_side(footprint):
    """Progress of every assessment in the footprint, and the submitted ones' scores side by
    side with the footprint's and the country's figures."""
    assessments = selectors.footprint_assessments(footprint)
    counted = [assessment for assessment in assessments if assessment.counts]
    scores = selectors.scores_of([assessment.pk for assessment in counted])
    question_set_id = counted[0].question_set_id if counted else None
    if question_set_id is None and assessments:
        question_set_id = assessments[0].question_set_id
    lines = selectors.result_lines(question_set_id) if question_set_id else []
    figures = selectors.footprint_figures(footprint)
    national = selectors.national_figures(footprint.cycle_id)
    rows = [
        {
            "line": line,
            "values": [for_display(scores[a.pk].get(line.key)) for a in counted],
            "footprint": shown(figure_cells(figures.get(line.key))),
            "national": shown(figure_cells(national.get(line.key))),
        }
        for line in lines
    ]
    return {
        "assessments": assessments,
        "counted": counted,
        "rows": rows,
        "computed_at": selectors.figures_computed_at(figures),
    }


def signed(value):
    """A change as shown: rounded like a score, with its sign ("+2.5", "-10.0", "0.0")."""
    shown = for_display(value)
    if not shown:
        return shown
    number = float(shown)
    return f"+{shown}" if number > 0 else for_display(number) if number else "0.0"


def year_on_year_rows(lines, result):
    """Each section and theme of this year's results with the earlier and later scores on the
    common questions and the change (SCORING.md rules 7-10), for a table or a download.

    ``note`` says why a line has no change: its questions changed (never compared), or no
    question was answered in both years.
    """
    rows = []
    for line in lines:
        changes = result.sections if line.is_section else result.themes
        change = changes.get(line.code)
        if change is None or not change.comparable:
            note = _("Not comparable: its questions changed")
        elif change.change is None:
            note = _("No question answered in both years")
        else:
            note = ""
        rows.append(
            {
                **_change_row(line, change),
                "compared": change.compared if change else 0,
                "note": note,
            }
        )
    return rows


def _change_row(line, change):
    """A line's earlier and later scores and the change, as shown."""
    return {
        "line": line,
        "change": change,
        "earlier": for_display(change.earlier) if change else "",
        "later": for_display(change.later) if change else "",
        "difference": signed(change.change) if change else "",
    }


def national_year_on_year(lines, compared):
    """Rule 11 as table rows: each section's national medians in both cycles over the
    providers compared, and the change; None when there is no earlier cycle to compare."""
    if compared is None:
        return None
    rows = [
        _change_row(line, compared.sections.get(line.code))
        for line in selectors.section_lines(lines)
    ]
    return {"compared": compared, "rows": rows, "version": COMPARISON_VERSION}
