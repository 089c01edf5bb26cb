"""A return's benefit lines laid out for reading, from the plain data a submission freezes
(``delivery/selectors/benefits.py`` ``benefit_data``): pounds as £12,345, a measure with its
unit, the ratio as a percentage, drift and a moved target date in words, the ratings by name.
"No data yet" is said as such, never as zero.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delivery.benefits import RULES, profile_total
from delivery.enums import BenefitRating
from roadmaps.enums import MONEY_CATEGORIES, BenefitCategory, BenefitDirection
from roadmaps.selectors.version_display import show_date
from roadmaps.selectors.version_display import show_pounds as pounds


def _decimal(value):
    if value is None or value == "":
        return None
    return Decimal(str(value))


def measured(value, unit):
    """A measure's value with its unit, to two places: "11.60%", "42.00 days"; "" for none."""
    value = _decimal(value)
    if value is None:
        return ""
    number = f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP):,.2f}"
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def percentage(ratio):
    """0.8 -> "80%"; "" for none."""
    ratio = _decimal(ratio)
    if ratio is None:
        return ""
    return f"{(ratio * 100).quantize(Decimal(1), ROUND_HALF_UP)}%"


def rating_label(value):
    try:
        return str(BenefitRating(value).label)
    except ValueError:
        return ""


def _label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def _more_or_less(difference, *, same, more, less, shown):
    if difference == 0:
        return same
    words = more if difference > 0 else less
    return words % {"amount": shown(abs(difference))}


def target_moved_words(days, since):
    """How far the target date moved: "Target date 91 days later than accepted (0 since last
    quarter)". ``since`` is None in a benefit's first return."""
    if days is None:
        return _("No target date given")
    if days == 0:
        words = _("Target date as accepted")
    elif days > 0:
        words = ngettext(
            "Target date %(days)s day later than accepted",
            "Target date %(days)s days later than accepted",
            days,
        ) % {"days": days}
    else:
        words = ngettext(
            "Target date %(days)s day earlier than accepted",
            "Target date %(days)s days earlier than accepted",
            -days,
        ) % {"days": -days}
    if since is None or (days == 0 and since == 0):
        return words
    if since >= 0:
        return _("%(words)s (%(days)s since last quarter)") % {"words": words, "days": since}
    return _("%(words)s (%(days)s earlier than last quarter)") % {"words": words, "days": -since}


@dataclass
class BenefitRow:
    """A benefit line in words."""

    description: str
    category: str
    money: bool
    measure: str
    direction: str
    baseline: str
    target: str
    financial_year: str
    profile: list = field(default_factory=list)
    profile_total: str = ""
    actual: str = ""
    no_data: bool = False
    answered: bool = False
    expected_to_date: str = ""
    realised_to_date: str = ""
    ratio: str = ""
    quarters_without_data: str = ""
    quarters_without_data_count: int = 0
    forecast_year: str = ""
    forecast_total: str = ""
    drift_since_baseline: str = ""
    drift_since_last_quarter: str = ""
    target_on: str = ""
    target_moved: str = ""
    target_later: bool = False
    evidence: str = ""
    suggested: str = ""
    rule: str = ""
    chosen: str = ""
    overridden: bool = False
    override_reason: str = ""

    @property
    def realised_against_expected(self):
        """ "£20,000 of £30,000 expected (67%)", or what stands in for it."""
        if self.no_data:
            return _("No data yet")
        if not self.answered:
            return _("Not given yet")
        if not self.expected_to_date:
            return self.realised_to_date
        words = (
            _("%(realised)s of %(expected)s expected")
            if self.money
            else _("%(realised)s against %(expected)s expected")
        )
        words %= {"realised": self.realised_to_date, "expected": self.expected_to_date}
        return f"{words} ({self.ratio})" if self.ratio else words


def benefit_row(data):
    """The line ``data`` (``benefit_data``'s shape) in words."""
    money = data.get("category") in MONEY_CATEGORIES
    unit = data.get("unit", "")

    def shown(value):
        return pounds(value) if money else measured(value, unit)

    figures = data.get("figures") or {}
    profile = data.get("profile") or {}
    actual = _decimal(data.get("actual"))
    no_data = bool(data.get("no_data"))
    suggested = figures.get("suggested", "")
    chosen = data.get("rating_override") or suggested
    return BenefitRow(
        description=data.get("description", ""),
        category=_label(BenefitCategory, data.get("category")),
        money=money,
        measure=f"{data.get('measure', '')} ({unit})" if unit else data.get("measure", ""),
        direction=_label(BenefitDirection, data.get("direction")),
        baseline=_("%(value)s, measured on %(day)s")
        % {"value": shown(data.get("baseline_value")), "day": show_date(data.get("baseline_on"))},
        target=_("%(value)s by %(day)s")
        % {
            "value": shown(data.get("target_value")),
            "day": show_date(data.get("baseline_target_on")),
        },
        financial_year=data.get("financial_year", ""),
        profile=[(year, pounds(value)) for year, value in sorted(profile.items())],
        profile_total=pounds(profile_total(profile)),
        actual=_("No data yet") if no_data else shown(actual) or _("Not given yet"),
        no_data=no_data,
        answered=no_data or actual is not None,
        expected_to_date=shown(figures.get("expected_to_date")),
        realised_to_date=_("No data yet") if no_data else shown(figures.get("realised_to_date")),
        ratio=percentage(figures.get("ratio")),
        quarters_without_data=_quarters_without_data(figures.get("quarters_without_data") or 0),
        quarters_without_data_count=figures.get("quarters_without_data") or 0,
        forecast_year=shown(data.get("forecast_year")) if money else "",
        forecast_total=shown(data.get("forecast_total")) or _("No forecast"),
        drift_since_baseline=_drift_since_baseline(figures, shown),
        drift_since_last_quarter=_drift_since_last_quarter(data, figures, shown),
        target_on=show_date(data.get("target_on")) or _("No target date given"),
        target_moved=target_moved_words(
            figures.get("target_days_later"), figures.get("target_days_later_since_last_quarter")
        ),
        target_later=(figures.get("target_days_later") or 0) > 0,
        evidence=data.get("evidence", ""),
        suggested=rating_label(suggested),
        rule=figures.get("rule", ""),
        chosen=rating_label(chosen),
        overridden=bool(data.get("rating_override")) and chosen != suggested,
        override_reason=data.get("override_reason", ""),
    )


def benefit_rows(snapshot):
    """The benefit lines of a return's snapshot in words; none in a snapshot without them."""
    return [benefit_row(data) for data in snapshot.get("benefits") or []]


def _quarters_without_data(count):
    if not count:
        return _("None")
    return ngettext("%(count)s quarter without data", "%(count)s quarters without data", count) % {
        "count": count
    }


def _drift_since_baseline(figures, shown):
    drift = _decimal(figures.get("drift_since_baseline"))
    if drift is None:
        return _("No forecast")
    return _more_or_less(
        drift,
        same=_("As planned"),
        more=_("%(amount)s more than planned"),
        less=_("%(amount)s less than planned"),
        shown=shown,
    )


def _drift_since_last_quarter(data, figures, shown):
    if not data.get("previous_forecast"):
        return _("No forecast last quarter")
    drift = _decimal(figures.get("drift_since_last_quarter"))
    if drift is None:
        return _("No forecast")
    return _more_or_less(
        drift,
        same=_("Same as last quarter"),
        more=_("%(amount)s more than last quarter"),
        less=_("%(amount)s less than last quarter"),
        shown=shown,
    )


def rules_in_words():
    """The rules of the suggested rating, in order: (the rating it suggests, the rule)."""
    return [(rating_label(rating), str(statement)) for rating, statement in RULES]
