"""A return's benefit lines with what is computed for each (``delivery/benefits.py``), and each
line as plain JSON data: what a submission freezes, and what every page lays out
(``delivery/selectors/benefit_display.py``), so that the return as written and as submitted
read alike.

Realised to date adds up the same benefit's actuals in the roadmap's returns for earlier
periods: those lines are read in one query, whatever the number of benefits or quarters.
"""

from delivery.benefits import current_year_label, realisation
from delivery.models import ReturnBenefit


def earlier_benefit_lines(progress_return):
    """The benefit lines of the same roadmap's returns for earlier periods, by benefit id,
    oldest first. One query."""
    lines = (
        ReturnBenefit.objects.filter(
            progress_return__roadmap_id=progress_return.roadmap_id,
            progress_return__period__period_end__lt=progress_return.period.period_end,
        )
        .only("benefit_id", "actual", "no_data", "progress_return_id")
        .order_by("progress_return__period__period_end", "pk")
    )
    earlier = {}
    for line in lines:
        earlier.setdefault(line.benefit_id, []).append(line)
    return earlier


def benefits_with_figures(progress_return, earlier=None):
    """The return's benefit lines, each with its ``realisation`` at the period's end. Two
    queries (one when the return has none, or when ``earlier`` gives the earlier lines as
    ``earlier_benefit_lines`` would read them)."""
    lines = list(progress_return.benefits.all())
    if not lines:
        return lines
    if earlier is None:
        earlier = earlier_benefit_lines(progress_return)
    day = progress_return.period.period_end
    for line in lines:
        line.realisation = realisation(line, day, earlier.get(line.benefit_id, ()))
        line.financial_year = current_year_label(day)
    return lines


def _amount(value):
    """A value as the snapshot keeps it: a string to the penny; None for none."""
    return None if value is None else f"{value:.2f}"


def _figure(value):
    """A computed value, to four places (a ratio of 0.5309); None for none."""
    return None if value is None else f"{value:.4f}"


def _day(value):
    return value.isoformat() if value else ""


def benefit_data(line):
    """One benefit line of ``benefits_with_figures`` as plain JSON data, with its figures."""
    figures = line.realisation
    return {
        "id": line.pk,
        "benefit_id": line.benefit_id,
        "description": line.description,
        "category": line.category,
        "capability_letter": line.capability_letter,
        "capability_group": line.capability_group,
        "measure": line.measure,
        "unit": line.unit,
        "direction": line.direction,
        "baseline_value": _amount(line.baseline_value),
        "baseline_on": _day(line.baseline_on),
        "target_value": _amount(line.target_value),
        "baseline_target_on": _day(line.baseline_target_on),
        "profile": dict(line.profile or {}),
        "financial_year": line.financial_year,
        "previous_forecast": _amount(line.previous_forecast),
        "previous_target_on": _day(line.previous_target_on),
        "actual": _amount(line.actual),
        "no_data": line.no_data,
        "forecast_year": _amount(line.forecast_year),
        "forecast_total": _amount(line.forecast_total),
        "target_on": _day(line.target_on),
        "evidence": line.evidence,
        "rating_override": line.rating_override,
        "override_reason": line.override_reason,
        "figures": {
            "expected_to_date": _figure(figures.expected_to_date),
            "realised_to_date": _figure(figures.realised_to_date),
            "ratio": _figure(figures.ratio),
            "quarters_without_data": figures.quarters_without_data,
            "drift_since_baseline": _figure(figures.drift_since_baseline),
            "drift_since_last_quarter": _figure(figures.drift_since_last_quarter),
            "target_days_later": figures.target_days_later,
            "target_days_later_since_last_quarter": figures.target_days_later_since_last_quarter,
            "suggested": str(figures.suggested),
            "rule": figures.rule,
            "rating": str(figures.rating),
        },
    }
