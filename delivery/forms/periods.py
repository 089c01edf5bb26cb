"""The NHS England admins' forms for reporting periods: a run of quarters, or one period.

Both post to the periods page; each has its own prefix and button so the page tells them
apart. The services (``delivery/services/periods.py``) check again under their transaction.
"""

import calendar
from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.forms.utils import ErrorDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.errors import ActionRefused
from accounts.forms.fields import TextField
from roadmaps.forms.dates import DateInputField
from roadmaps.services.cycles import check_stage_dates, end_of_day, start_of_day

QUARTER_END_MONTHS = (3, 6, 9, 12)
MAX_QUARTERS = 16
# Far enough either side of the programme; also keeps the working-day arithmetic in range.
FIRST_YEAR, LAST_YEAR = 2000, 2099
ADD_QUARTERS, ADD_PERIOD = "add_quarters", "add_period"


def keeping_typed(form_class, data):
    """``form_class`` showing what was typed in it without judging it: the page's other
    form, whose button was not pressed, so that nothing typed in it is lost when the form
    that was sent comes back. Unbound when nothing of it was sent."""
    form = form_class(data)
    if not any(name.startswith(f"{form.prefix}-") for name in data):
        return form_class()
    form._errors = ErrorDict()  # Not sent, so not checked: shown as typed, without errors.
    return form


def _helper(button_name, button_text, form_id):
    helper = FormHelper()
    helper.form_action = reverse("reporting_periods")
    helper.form_id = form_id
    helper.attrs = {"novalidate": ""}
    helper.add_input(Submit(button_name, button_text))
    return helper


def is_quarter_end(day):
    return (
        day.month in QUARTER_END_MONTHS and day.day == calendar.monthrange(day.year, day.month)[1]
    )


class QuarterlyPeriodsForm(forms.Form):
    """The first quarter's last day, and how many quarters from it."""

    first_quarter_end = DateInputField(
        label=gettext_lazy("The first quarter ends on"),
        name=gettext_lazy("the day the first quarter ends"),
        help_text=gettext_lazy(
            "The last day of March, June, September or December, for example 30 6 2016 for "
            "2016/17 Q1. Each return opens the day after its quarter ends and is due 20 "
            "working days later."
        ),
    )
    count = forms.TypedChoiceField(
        label=gettext_lazy("How many quarters"),
        coerce=int,
        choices=[(number, number) for number in range(1, MAX_QUARTERS + 1)],
        error_messages={
            "required": gettext_lazy("Choose how many quarters to add"),
            "invalid_choice": gettext_lazy("Choose how many quarters to add from the list"),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "quarters")
        kwargs.setdefault("initial", {"first_quarter_end": date(2016, 6, 30), "count": 8})
        super().__init__(*args, **kwargs)
        self.helper = _helper(ADD_QUARTERS, _("Add the quarters"), "add-quarters")

    def clean_first_quarter_end(self):
        day = self.cleaned_data["first_quarter_end"]
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            self.fields["first_quarter_end"].refuse_whole_date()
            raise forms.ValidationError(
                _("The day the first quarter ends must be between %(first)s and %(last)s")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        if not is_quarter_end(day):
            self.fields["first_quarter_end"].refuse_whole_date()
            raise forms.ValidationError(
                _(
                    "The day the first quarter ends must be the last day of March, June, "
                    "September or December"
                )
            )
        return day


class ReportingPeriodForm(forms.Form):
    """One period: its name, the quarter's end, and when its return opens and is due."""

    label = TextField(
        label=gettext_lazy("Name"),
        name=gettext_lazy("The name"),
        max_length=20,
        help_text=gettext_lazy("For example, 2016/17 Q1."),
        error_messages={
            "required": gettext_lazy("Enter the reporting period's name, for example 2016/17 Q1")
        },
    )
    period_end = DateInputField(
        label=gettext_lazy("The period ends on"),
        name=gettext_lazy("the day the period ends"),
        help_text=gettext_lazy("For example, 30 6 2016."),
    )
    opens_on = DateInputField(
        label=gettext_lazy("Returns open on"),
        name=gettext_lazy("the day returns open"),
        help_text=gettext_lazy("For example, 1 7 2016. Returns open at 00:00 London time."),
    )
    due_on = DateInputField(
        label=gettext_lazy("Returns are due on"),
        name=gettext_lazy("the day returns are due"),
        help_text=gettext_lazy("For example, 28 7 2016. The deadline is 23:59 London time."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "period")
        super().__init__(*args, **kwargs)
        self.helper = _helper(ADD_PERIOD, _("Add the reporting period"), "add-period")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned["opens_on"] <= cleaned["period_end"]:
            self.fields["opens_on"].refuse_whole_date()
            self.add_error("opens_on", _("Returns must open after the period ends"))
            return cleaned
        try:
            check_stage_dates(
                opens_at=start_of_day(cleaned["opens_on"]), due_at=end_of_day(cleaned["due_on"])
            )
        except ActionRefused as refusal:
            self.fields["due_on"].refuse_whole_date()
            self.add_error("due_on", str(refusal))
        return cleaned
