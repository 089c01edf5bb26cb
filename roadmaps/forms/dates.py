"""A day typed as the GOV.UK date input asks for it: day, month and year in three boxes.

Each message names the date it is about ("The new due date must include a month") and only
the boxes at fault are marked, as the GOV.UK design system says. What was typed is shown
again, whatever it was.
"""

import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PARTS = ("day", "month", "year")
LABELS = {
    "day": gettext_lazy("Day"),
    "month": gettext_lazy("Month"),
    "year": gettext_lazy("Year"),
}
DIGITS = re.compile(r"^\d+$")


class DateInput(forms.MultiWidget):
    """Three numeric boxes named ``<name>_day``, ``<name>_month`` and ``<name>_year``."""

    template_name = "roadmaps/widgets/date_input.html"

    def __init__(self, attrs=None):
        boxes = {
            part: forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
            for part in PARTS
        }
        super().__init__(boxes, attrs)
        # The boxes the last clean found at fault; all of them when the date as a whole is.
        self.invalid_parts = set()

    def decompress(self, value):
        if value:
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id")
        for part, box in zip(PARTS, context["widget"]["subwidgets"], strict=True):
            # The day box carries the field's own id: the error summary links to it.
            if field_id:
                box["attrs"]["id"] = field_id if part == "day" else f"{field_id}_{part}"
            classes = [c for c in box["attrs"].get("class", "").split() if c != "is-invalid"]
            classes.append(f"date-input__{part}")
            box["attrs"].pop("aria-invalid", None)
            if part in self.invalid_parts:
                classes.append("is-invalid")
                box["attrs"]["aria-invalid"] = "true"
            box["attrs"]["class"] = " ".join(classes)
            box["label"] = LABELS[part]
        context["widget"]["invalid"] = bool(self.invalid_parts)
        return context


class HiddenDateInput(DateInput):
    """The same three values in hidden inputs, to carry them through a check page."""

    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, attrs=None):
        forms.MultiWidget.__init__(self, {part: forms.HiddenInput() for part in PARTS}, attrs)
        self.invalid_parts = set()


class DateInputField(forms.MultiValueField):
    """A required day, typed in three boxes. ``name`` is how messages speak of the date,
    e.g. "the new due date"."""

    widget = DateInput
    hidden_widget = HiddenDateInput

    def __init__(self, *, name, **kwargs):
        self.name = name
        boxes = [forms.CharField(required=False) for _part in PARTS]
        super().__init__(fields=boxes, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        # ``clean`` below does the whole job; a MultiValueField must still define this.
        raise NotImplementedError

    def clean(self, value):
        values = dict(zip(PARTS, [str(v or "").strip() for v in (value or [])], strict=False))
        typed = {part: values.get(part, "") for part in PARTS}
        missing = [part for part in PARTS if not typed[part]]
        self.widget.invalid_parts = set()
        if len(missing) == len(PARTS):
            self.widget.invalid_parts = set(PARTS)
            raise forms.ValidationError(_("Enter %(name)s") % {"name": self.name}, "required")
        if missing:
            self.widget.invalid_parts = set(missing)
            raise forms.ValidationError(
                _("%(name)s must include a %(parts)s")
                % {"name": capfirst(self.name), "parts": _joined(missing)},
                "incomplete",
            )
        not_numbers = {part for part in PARTS if not DIGITS.match(typed[part])}
        if not_numbers:
            self.widget.invalid_parts = not_numbers
            raise self._not_real()
        if len(typed["year"]) != 4:
            self.widget.invalid_parts = {"year"}
            raise forms.ValidationError(
                _("The year must have 4 numbers, for example %(year)s")
                % {"year": timezone.localdate().year},
                "year",
            )
        try:
            day = date(int(typed["year"]), int(typed["month"]), int(typed["day"]))
        except (ValueError, OverflowError):  # 31 June, or a day of 20 digits
            self.widget.invalid_parts = set(PARTS)
            raise self._not_real() from None
        self.run_validators(day)
        return day

    def refuse_whole_date(self):
        """Mark every box at fault: for a refusal about the date as a whole."""
        self.widget.invalid_parts = set(PARTS)

    def _not_real(self):
        return forms.ValidationError(
            _("%(name)s must be a real date") % {"name": capfirst(self.name)}, "invalid"
        )


def _joined(parts):
    words = [str(LABELS[part]).lower() for part in parts]
    if len(words) == 1:
        return words[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}
