"""The admin pages of the schedule beat runs (django-celery-beat), with forms that refuse
what the package's own would take to a 500: a custom task name over its limit with no
registered task chosen, a "registered" task the service does not have, a crontab value out
of cron's ranges (minute=-1), a time zone that is none.

``ServiceAdminConfig.ready`` puts these in place of the package's, once every app's admin
is registered.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_celery_beat import admin as beat_admin
from django_celery_beat import validators
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from accounts.forms.fields import TextField


class RegisteredTaskField(beat_admin.TaskChoiceField):
    """A task the service registers, or none; the package's field takes any text."""

    def valid_value(self, value):
        return value in {name for name, _label in self.widget.choices}


class PeriodicTaskForm(beat_admin.PeriodicTaskForm):
    regtask = RegisteredTaskField(
        label=_("Task (registered)"),
        required=False,
        error_messages={"invalid_choice": _("Choose a registered task from the list")},
    )
    task = TextField(label=_("Task (custom)"), required=False, max_length=200)

    def clean(self):
        if "task" in self.errors or "regtask" in self.errors:
            # The package's check reads the task the field has just refused: its own message
            # by the field says what to change.
            return forms.ModelForm.clean(self)
        return super().clean()


# Each field of a crontab: its name in a message, and cron's range for it.
CRON_FIELDS = {
    "minute": (_("the minute"), 0, 59, validators.minute_validator),
    "hour": (_("the hour"), 0, 23, validators.hour_validator),
    "day_of_month": (_("the day of the month"), 1, 31, validators.day_of_month_validator),
    "month_of_year": (_("the month"), 1, 12, validators.month_of_year_validator),
    "day_of_week": (_("the day of the week"), 0, 6, validators.day_of_week_validator),
}


class CronValue:
    """The package's validator, on the form's field: a value cron refuses never reaches the
    schedule the page describes (whose description cannot be worked out for it)."""

    def __init__(self, name):
        self.what, self.lowest, self.highest, self.check = CRON_FIELDS[name]

    def __call__(self, value):
        try:
            self.check(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _(
                    "Enter %(what)s as cron does: from %(lowest)s to %(highest)s, or *, a "
                    "range, a list or a step"
                ),
                code="invalid",
                params={"what": self.what, "lowest": self.lowest, "highest": self.highest},
            ) from None


class CrontabScheduleForm(forms.ModelForm):
    class Meta:
        model = CrontabSchedule
        fields = ["minute", "hour", "day_of_month", "month_of_year", "day_of_week", "timezone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CRON_FIELDS:
            self.fields[name].validators.append(CronValue(name))
        timezone = self.fields["timezone"]
        timezone.error_messages["invalid_choice"] = _("Choose a time zone from the list")
        # The hidden "initial" copy of the time zone (for its callable default) is read as a
        # zone whatever it holds: a long one is a file name too long to open.
        timezone.show_hidden_initial = False


class PeriodicTaskAdmin(beat_admin.PeriodicTaskAdmin):
    form = PeriodicTaskForm


class CrontabScheduleAdmin(beat_admin.CrontabScheduleAdmin):
    form = CrontabScheduleForm


def replace_schedule_admin(site=admin.site):
    for model, model_admin in (
        (PeriodicTask, PeriodicTaskAdmin),
        (CrontabSchedule, CrontabScheduleAdmin),
    ):
        site.unregister(model)
        site.register(model, model_admin)
