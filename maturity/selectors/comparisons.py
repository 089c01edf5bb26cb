"""Maturity results side by side: an organisation's or a footprint's scores against the
footprint's and the country's stored figures, ready for a table."""

from maturity.selectors import results as selectors
from maturity.services.scoring import for_display


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
