"""A return's benefit lines: made when the return opens, one per benefit of the accepted
version's register, and what saving one of them keeps true.

What a benefit is, its measure, baseline, target and profile come from the accepted version
every quarter (``delivery/BENEFITS.md``: the baseline is never changed by a return). What the
footprint expects comes from its previous return: the forecasts and the target date carry
over, and become "last quarter's" for drift. The actual, "no data yet", the evidence and any
rating of the footprint's own start empty each quarter: a new quarter's figure is typed anew.
"""

from datetime import date

from delivery.benefits import amount, financial_year, planned_total
from delivery.models import ReturnBenefit
from roadmaps.roadmap_sections import year_label

COPIED = ("description", "category", "capability_letter", "capability_group", "measure", "unit",
          "direction")  # fmt: skip


def _date(value):
    return date.fromisoformat(value) if value else None


def _baseline_line(progress_return, row, position):
    return ReturnBenefit(
        progress_return=progress_return,
        benefit_id=row["id"],
        **{name: row.get(name) or "" for name in COPIED},
        baseline_value=amount(row.get("baseline_value")),
        baseline_on=_date(row.get("baseline_on")),
        target_value=amount(row.get("target_value")),
        baseline_target_on=_date(row.get("target_on")),
        profile=dict(row.get("yearly_values") or {}),
        position=position,
    )


def _this_years_profile(line, year):
    return amount(line.profile.get(year_label(year))) if line.is_money else None


def benefit_lines(progress_return, *, sections, previous, period_end):
    """The unsaved lines of a return opening for the period ending ``period_end``: one per
    benefit in ``sections["benefits"]`` (the accepted version's; none in a version without a
    register), carried on from the same benefit's line in ``previous`` where it has one. One
    query for the previous return's lines."""
    rows = sections.get("benefits") or []
    if not rows:
        return []
    last = {}
    if previous is not None:
        last = {line.benefit_id: line for line in previous.benefits.all()}
    year = financial_year(period_end)
    same_year = previous is not None and financial_year(previous.period.period_end) == year
    lines = []
    for position, row in enumerate(rows):
        line = _baseline_line(progress_return, row, position)
        before = last.get(line.benefit_id)
        if before is None:
            # The benefit's first return: it expects what was accepted.
            line.target_on = line.baseline_target_on
            line.forecast_total = planned_total(line)
            line.forecast_year = _this_years_profile(line, year)
        else:
            line.target_on = before.target_on
            line.forecast_total = before.forecast_total
            line.previous_forecast = before.forecast_total
            line.previous_target_on = before.target_on
            # A forecast for the year is for its year: a new year starts from the profile.
            line.forecast_year = (
                before.forecast_year if same_year else _this_years_profile(line, year)
            )
        lines.append(line)
    return lines


def settle_actual(values):
    """``values`` to save on a benefit line, with its actual and "no data yet" never both:
    ticking "no data yet" clears the actual (it is not a zero), and an actual unticks it."""
    if values.get("no_data"):
        return {**values, "actual": None}
    if values.get("actual") is not None:
        return {**values, "no_data": False}
    return values
