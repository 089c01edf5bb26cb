"""What a progress return's benefit lines say, computed and never typed: realised to date
against the accepted profile, forecast drift, target dates moved, and the rating the rules
suggest. ``delivery/BENEFITS.md`` writes the rules down with a worked example that
``tests/delivery/test_benefit_rules.py`` checks number for number; change the three together.

- **Money benefits** (cashable, non-cashable): each return reports the pounds realised in its
  quarter. Realised to date is the sum over the returns so far; the profile to date is the
  expected value of every financial year ended, plus a quarter of the current year's for each
  of its quarters ended.
- **Other benefits**: each return reports the measure's value now. Progress is how far it has
  moved from the baseline towards the target; expected progress is how far a straight line
  from the baseline (on the day it was measured) to the accepted target (on its date) would be.
- **No data yet** is its own state: never zero, never green.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from delivery.enums import BenefitRating
from roadmaps.roadmap_sections import year_label

# Realised at least this share of what was expected to date is on track...
ON_TRACK_FROM = Decimal("0.90")
# ...at least this share is at risk, and less is off track.
AT_RISK_FROM = Decimal("0.75")
# A forecast at the target date short of the planned change by more than this share of it
# puts an otherwise on-track benefit at risk.
FORECAST_TOLERANCE = Decimal("0.10")
QUARTER_ENDS = ((6, 30), (9, 30), (12, 31), (3, 31))

RULES = (
    (BenefitRating.NO_DATA, _("No actual value is reported for this period.")),
    (
        BenefitRating.OFF_TRACK,
        _("Less than 75% of what the accepted profile expected by now has been realised."),
    ),
    (
        BenefitRating.AT_RISK,
        _("Between 75% and 90% of what the accepted profile expected by now has been realised."),
    ),
    (
        BenefitRating.AT_RISK,
        _("The forecast at the target date falls short of the planned change by more than 10%."),
    ),
    (BenefitRating.ON_TRACK, _("None of the above.")),
)


def financial_year(day):
    """The financial year ``day`` falls in, by its first calendar year: 1 May 2016 -> 2016."""
    return day.year if day.month >= 4 else day.year - 1


def quarters_ended(day):
    """How many quarters of ``day``'s financial year have ended by the end of ``day``."""
    year = financial_year(day)
    ends = [date(year if month != 3 else year + 1, month, last) for month, last in QUARTER_ENDS]
    return sum(1 for end in ends if end <= day)


def amount(value):
    """A snapshot's or a form's value as a Decimal; None for none."""
    if value is None or value == "":
        return None
    return Decimal(str(value))


def profile_total(profile):
    return sum((amount(value) or Decimal(0) for value in profile.values()), Decimal(0))


def profile_to_date(profile, day):
    """What the accepted profile (``{"2016/17": "40000.00", ...}``) expected realised by the
    end of ``day``: every financial year ended, and a quarter of the current one's value for
    each of its quarters ended."""
    current = financial_year(day)
    expected = Decimal(0)
    for label, value in profile.items():
        year = int(label[:4])
        if year < current:
            expected += amount(value) or Decimal(0)
        elif year == current:
            expected += (amount(value) or Decimal(0)) * quarters_ended(day) / 4
    return expected


def expected_progress(line, day):
    """The share (0 to 1) of the planned change a straight line from the baseline to the
    accepted target date expects by ``day``."""
    span = (line.baseline_target_on - line.baseline_on).days
    if span <= 0 or day >= line.baseline_target_on:
        return Decimal(1)
    if day <= line.baseline_on:
        return Decimal(0)
    return Decimal((day - line.baseline_on).days) / Decimal(span)


def planned_total(line):
    """Where the benefit is planned to end: the profile's total for money, else the target."""
    return profile_total(line.profile) if line.is_money else line.target_value


def _change_planned(line):
    if line.is_money:
        return profile_total(line.profile)
    return line.target_value - line.baseline_value


def days_later(earlier, later):
    if earlier is None or later is None:
        return None
    return (later - earlier).days


@dataclass(frozen=True)
class Realisation:
    # Money: pounds expected and realised so far. Others: the measure's expected value on
    # the period's last day, and its value reported now.
    expected_to_date: Decimal | None
    realised_to_date: Decimal | None
    # Realised progress over expected progress; None when nothing was expected yet.
    ratio: Decimal | None
    # Returns so far (this one included) that reported no data for the benefit.
    quarters_without_data: int
    drift_since_baseline: Decimal | None
    drift_since_last_quarter: Decimal | None
    # Days the target date is now later than accepted, and than last quarter (negative is
    # earlier; None when there is nothing to compare).
    target_days_later: int | None
    target_days_later_since_last_quarter: int | None
    suggested: str
    rule: str
    rating: str


def _progress(line, day, earlier):
    """(expected to date, realised to date, ratio) for a line with an actual."""
    if line.is_money:
        expected = profile_to_date(line.profile, day)
        realised = line.actual + sum(
            (each.actual for each in earlier if each.actual is not None), Decimal(0)
        )
        ratio = realised / expected if expected > 0 else None
        return expected, realised, ratio
    share = expected_progress(line, day)
    change = _change_planned(line)
    expected = line.baseline_value + change * share
    if share == 0 or change == 0:
        return expected, line.actual, None
    ratio = ((line.actual - line.baseline_value) / change) / share
    return expected, line.actual, ratio


def _suggest(line, ratio):
    if line.actual is None:
        return BenefitRating.NO_DATA, RULES[0][1]
    if ratio is not None and ratio < AT_RISK_FROM:
        return BenefitRating.OFF_TRACK, RULES[1][1]
    if ratio is not None and ratio < ON_TRACK_FROM:
        return BenefitRating.AT_RISK, RULES[2][1]
    change = _change_planned(line)
    if line.forecast_total is not None and change:
        shortfall = (planned_total(line) - line.forecast_total) / change
        if shortfall > FORECAST_TOLERANCE:
            return BenefitRating.AT_RISK, RULES[3][1]
    return BenefitRating.ON_TRACK, RULES[4][1]


def realisation(line, day, earlier=()):
    """The figures of one benefit ``line`` of a return whose period ends on ``day``;
    ``earlier`` are the same benefit's lines in the roadmap's earlier returns."""
    if line.actual is None:
        expected = profile_to_date(line.profile, day) if line.is_money else None
        realised, ratio = None, None
    else:
        expected, realised, ratio = _progress(line, day, earlier)
    suggested, rule = _suggest(line, ratio)
    without_data = sum(1 for each in (*earlier, line) if each.actual is None)
    forecast = line.forecast_total
    return Realisation(
        expected_to_date=expected,
        realised_to_date=realised,
        ratio=ratio,
        quarters_without_data=without_data,
        drift_since_baseline=None if forecast is None else forecast - planned_total(line),
        drift_since_last_quarter=(
            None
            if forecast is None or line.previous_forecast is None
            else forecast - line.previous_forecast
        ),  # fmt: skip
        target_days_later=days_later(line.baseline_target_on, line.target_on),
        target_days_later_since_last_quarter=days_later(line.previous_target_on, line.target_on),
        suggested=suggested,
        rule=str(rule),
        rating=line.rating_override or suggested,
    )


def current_year_label(day):
    return year_label(financial_year(day))
