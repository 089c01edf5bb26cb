"""The form of a return's Benefits section: for each benefit line, the actual this period or
"no data yet", the forecasts, the target date now expected, the evidence, and the footprint's
own rating with its reason (see ``delivery/forms/returns.py`` for how a section form works).

An actual and "no data yet" exclude each other, and a line needs one of them when the page is
saved with its button; autosave, which runs while the person is still filling the page in,
saves a line with neither (sign-off asks for it). A rating that is not the one the rules
suggest for the values typed needs a reason.
"""

import copy
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from delivery.benefits import current_year_label, realisation
from delivery.enums import BenefitRating
from delivery.forms.returns import (
    COMMENT_MAX_LENGTH,
    REASON_MAX_LENGTH,
    ReturnDateField,
    ReturnSectionForm,
    _named,
    choice_field,
    text_field,
)
from delivery.selectors.benefit_display import measured, pounds
from roadmaps.models.benefits import MAX_VALUE, VALUE_PLACES

# Benefits are tracked until they are realised, which may be years after the roadmap's last.
LATEST_TARGET = date(2031, 3, 31)
# What people type around a number: "£12,500", "1 250.5".
DECORATION = str.maketrans("", "", "£, ")


class AmountField(forms.CharField):
    """A value in pounds or in a measure's unit, to the penny or two places; none when left
    empty. Typed as text (so that whatever was typed comes back with a message) and read with
    or without "£" and thousands commas. ``name`` is how messages speak of it."""

    def __init__(self, *, name, **kwargs):
        self.name = name
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            number = Decimal(text.translate(DECORATION))
        except (InvalidOperation, ValueError):
            number = None
        if number is None or not number.is_finite():
            raise forms.ValidationError(
                _("%(name)s must be a number, like 12500 or 12.5") % {"name": capfirst(self.name)},
                "invalid",
            )
        if abs(number) > MAX_VALUE:
            raise forms.ValidationError(
                _("%(name)s must be less than a trillion") % {"name": capfirst(self.name)},
                "too_large",
            )
        if number != number.quantize(Decimal(1).scaleb(-VALUE_PLACES)):
            raise forms.ValidationError(
                _("%(name)s must have no more than 2 decimal places")
                % {"name": capfirst(self.name)},
                "decimal_places",
            )
        return number.quantize(Decimal(1).scaleb(-VALUE_PLACES))


def rating_choices():
    return [("", _("Use the suggested rating")), *BenefitRating.choices]


class BenefitsForm(ReturnSectionForm):
    field_names = ("actual", "no_data", "forecast_year", "forecast_total", "target_on",
                   "evidence", "rating_override", "override_reason")  # fmt: skip

    def __init__(self, data=None, *, version, lines=(), theirs=None, period_end, earlier=None,
                 autosave=False):  # fmt: skip
        self.period_end = period_end
        # The same benefits' lines in earlier returns, by benefit id, for realised to date.
        self.earlier = earlier or {}
        self.autosave = autosave
        super().__init__(data, version=version, lines=lines, theirs=theirs)

    def names_for(self, line):
        if line.is_money:
            return self.field_names
        return tuple(name for name in self.field_names if name != "forecast_year")

    def make_field(self, line, name):
        benefit = _named(line.description)
        named = {"benefit": benefit}
        unit = _("£") if line.is_money else line.unit
        if name == "actual":
            field = AmountField(
                label=_("Actual this period (%(unit)s)") % {"unit": unit},
                name=_("the actual for “%(benefit)s”") % named,
            )
            field.help_text = (
                _("The pounds realised in this quarter alone.")
                if line.is_money
                else _("The measure's value now: %(measure)s.") % {"measure": line.measure}
            )
            return field
        if name == "no_data":
            return forms.BooleanField(label=_("No data yet"), required=False)
        if name == "forecast_year":
            return AmountField(
                label=_("Forecast for %(year)s (£)")
                % {"year": current_year_label(self.period_end)},
                name=_("the forecast for this financial year of “%(benefit)s”") % named,
            )
        if name == "forecast_total":
            field = AmountField(
                label=_("Forecast at the target date (%(unit)s)") % {"unit": unit},
                name=_("the forecast at the target date of “%(benefit)s”") % named,
            )
            field.help_text = (
                _("The pounds over the whole profile.")
                if line.is_money
                else _("The measure's value expected on the target date.")
            )
            return field
        if name == "target_on":
            return ReturnDateField(
                label=_("Target date"),
                name=_("the target date of “%(benefit)s”") % named,
                help_text=_("When it is now expected to reach its target. For example, 31 3 2018."),
                latest=LATEST_TARGET,
            )
        if name == "evidence":
            field = text_field(
                _("Evidence (optional)"),
                name=_("The evidence for “%(benefit)s”") % named,
                max_length=COMMENT_MAX_LENGTH,
                rows=2,
            )
            field.help_text = _("A short note of where the figure comes from.")
            return field
        if name == "rating_override":
            return choice_field(
                _("Your rating (optional)"),
                rating_choices(),
                name=_("a rating for “%(benefit)s”") % named,
                required=False,
                radios=True,
            )
        field = text_field(
            _("Why your rating differs from the suggested one"),
            name=_("Why your rating of “%(benefit)s” differs") % named,
            max_length=REASON_MAX_LENGTH,
            rows=2,
        )
        field.help_text = _("Needed when you choose a rating other than the suggested one.")
        return field

    def shown(self, name, value):
        line_name = name.rsplit("-", 1)[-1]
        if line_name in ("actual", "forecast_year", "forecast_total") and value is not None:
            line = next(line for line in self.lines if self.key(line, line_name) == name)
            return pounds(value) if line.is_money else measured(value, line.unit)
        return super().shown(name, value)

    def clean(self):
        cleaned = super().clean()
        for line in self.lines:
            self._clean_line(line, cleaned)
        return cleaned

    def _clean_line(self, line, cleaned):
        keys = {name: self.key(line, name) for name in self.names_for(line)}
        if not any(self.posted_field(key) for key in keys.values()):
            return
        if keys["actual"] in self.errors:
            return
        named = {"benefit": _named(line.description)}
        # The line as it would be saved: what came in the post over what is saved.
        typed = copy.copy(line)
        for name, key in keys.items():
            if self.posted_field(key) or isinstance(self.fields[key], forms.BooleanField):
                setattr(typed, name, cleaned.get(key))
        if typed.no_data and self.posted_field(keys["actual"]) and typed.actual is not None:
            self.add_error(
                keys["actual"],
                _("Give the actual for “%(benefit)s” or tick “No data yet”, not both") % named,
            )
            return
        if typed.no_data:
            typed.actual = None
        if typed.actual is None and not typed.no_data and not self.autosave:
            self.add_error(
                keys["actual"],
                _("Give the actual for “%(benefit)s”, or tick “No data yet”") % named,
            )
            return
        if not any(key in self.errors for key in keys.values()):
            self._check_reason(typed, keys["override_reason"], named)

    def _check_reason(self, typed, reason_key, named):
        """A rating other than the one the rules suggest for the typed values needs a reason."""
        chosen = typed.rating_override
        if not chosen or (typed.override_reason or "").strip():
            return
        figures = realisation(typed, self.period_end, self.earlier.get(typed.benefit_id, ()))
        if chosen != figures.suggested:
            self.add_error(
                reason_key,
                _("Say why you rate “%(benefit)s” %(rating)s when the rules suggest %(suggested)s")
                % {
                    **named,
                    "rating": BenefitRating(chosen).label,
                    "suggested": BenefitRating(figures.suggested).label,
                },
            )
