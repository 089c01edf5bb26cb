"""Forms of the pages where the footprint's editors write a progress return: one form per
section over all its lines, and the forms that add a milestone or a risk.

A section form takes the version the page started from, the section's lines (the return's
``Return*`` rows; the return itself for the narrative and the rating) and, after a conflict,
the other person's saved lines (``theirs``, by id). ``rows`` gives the template each line with
an ``Entry`` per field; ``data_for_service()`` what ``save_return_section`` takes. Nothing is
required but what always has a value (a status): completeness is checked at sign-off. Dates
are typed in GOV.UK date inputs and must fall in the years the roadmap covers.
"""

from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from accounts.forms.fields import TextField
from delivery.enums import CapabilityStatus, DeploymentStatus, MilestoneStatus
from roadmaps.enums import CapabilityGroup, RiskLevel
from roadmaps.forms.dates import DateInputField
from roadmaps.forms.drafts import DraftForm, Entry
from roadmaps.roadmap_sections import ROADMAP_ENDS, ROADMAP_STARTS

COMMENT_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 4000
# What a line is called in messages: its title, shortened when it is long.
NAMED_WORDS = 12


def _long_day(day):
    return format_date(day, "j F Y")


class ReturnDateField(DateInputField):
    """A day typed in three boxes, or none; it must fall in the years the roadmap covers
    and, for a date something was done, not after today."""

    def __init__(self, *, name, required=False, not_after_today=False, latest=None, **kwargs):
        super().__init__(name=name, required=required, **kwargs)
        self.not_after_today = not_after_today
        # A later last day than the roadmap's, for what is tracked beyond its years.
        self.latest = latest

    def clean(self, value):
        typed = [str(part or "").strip() for part in (value or [])]
        if not self.required and not any(typed):
            self.widget.invalid_parts = set()
            return None
        day = super().clean(value)
        latest = self.latest or ROADMAP_ENDS
        if not ROADMAP_STARTS <= day <= latest:
            self.refuse_whole_date()
            words = (
                _("%(name)s must be between %(start)s and %(end)s")
                if self.latest
                else _(
                    "%(name)s must be between %(start)s and %(end)s, the years the roadmap covers"
                )
            )
            raise forms.ValidationError(
                words
                % {
                    "name": capfirst(self.name),
                    "start": _long_day(ROADMAP_STARTS),
                    "end": _long_day(latest),
                },
                "outside_roadmap",
            )
        if self.not_after_today and day > timezone.localdate():
            self.refuse_whole_date()
            raise forms.ValidationError(
                _("%(name)s must be today or earlier") % {"name": capfirst(self.name)}, "future"
            )
        return day


def choice_field(label, choices, *, name, required=True, radios=False, coerce=None):
    """A select (or radios) whose messages say which line they are about."""
    messages = {
        "required": _("Choose %(name)s") % {"name": name},
        "invalid_choice": _("Choose %(name)s from the list") % {"name": name},
    }
    widget = forms.RadioSelect if radios else forms.Select(attrs={"class": "form-select"})
    if coerce is not None:
        return forms.TypedChoiceField(
            label=label, choices=choices, coerce=coerce, required=required, widget=widget,
            error_messages=messages,
        )  # fmt: skip
    return forms.ChoiceField(
        label=label, choices=choices, required=required, widget=widget, error_messages=messages
    )


def text_field(label, *, name, max_length, rows=3, required=False):
    return TextField(
        label=label,
        name=name,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control"}),
    )


@dataclass
class Row:
    """A line of the section with the entries of its fields."""

    line: object
    entries: list


@dataclass
class FieldEntry(Entry):
    name: str = ""
    kind: str = "text"


class ReturnSectionForm(DraftForm):
    """Fields ``line-<id>-<name>`` for each line and each of ``field_names``."""

    field_names = ()

    def __init__(self, data=None, *, version, lines=(), theirs=None):
        # DraftForm's checks of the version, without its roadmap.
        super(DraftForm, self).__init__(data, initial={"version": version})
        self.lines = list(lines)
        self.theirs = theirs
        self.add_fields()

    def key(self, line, name):
        return f"line-{line.pk}-{name}"

    def make_field(self, line, name):
        raise NotImplementedError

    def names_for(self, line):
        """The fields ``line`` has: ``field_names`` unless a section's lines differ."""
        return self.field_names

    def add_fields(self):
        for line in self.lines:
            for name in self.names_for(line):
                field = self.make_field(line, name)
                field.initial = getattr(line, name)
                self.fields[self.key(line, name)] = field

    def shown(self, name, value):
        """A saved value as a person reads it."""
        if value is None or value == "":
            return ""
        field = self.fields[name]
        if isinstance(field, forms.BooleanField):
            return _("Yes") if value else _("No")
        if isinstance(field, DateInputField):
            return _long_day(value)
        if isinstance(field, forms.ChoiceField):
            return str(dict(field.choices).get(value, value))
        return value

    def field_entry(self, line, name):
        key = self.key(line, name)
        field = self.fields[key]
        kind = "text"
        if isinstance(field, DateInputField):
            kind = "date"
        elif isinstance(field, forms.BooleanField):
            kind = "checkbox"
        elif isinstance(field.widget, forms.RadioSelect):
            kind = "radios"
        theirs_text, differs = "", False
        if self.theirs is not None:
            their_line = self.theirs.get(line.pk)
            their_value = getattr(their_line, name, None) if their_line is not None else None
            theirs_text = self.shown(key, their_value)
            cleaned = getattr(self, "cleaned_data", {})
            # A value refused by the form differs from anything saved.
            differs = key not in cleaned or (cleaned[key] or "") != (their_value or "")
        return FieldEntry(
            self[key],
            saved=self.shown(key, getattr(line, name)),
            theirs=theirs_text,
            differs=differs,
            name=name,
            kind=kind,
        )

    @property
    def rows(self):
        return [
            Row(line, [self.field_entry(line, name) for name in self.names_for(line)])
            for line in self.lines
        ]

    def posted_field(self, key):
        field = self.fields[key]
        if isinstance(field, DateInputField):
            return f"{key}_day" in self.data
        return key in self.data

    def data_for_service(self):
        """{line id: {field: value}} for the fields that came in the post. A box left
        unticked is not posted: it counts when the rest of its line was."""
        data = {}
        for line in self.lines:
            keys = {name: self.key(line, name) for name in self.names_for(line)}
            sent = any(self.posted_field(key) for key in keys.values())
            values = {
                name: self.cleaned_data[key]
                for name, key in keys.items()
                if self.posted_field(key)
                or (sent and isinstance(self.fields[key], forms.BooleanField))
            }
            if values:
                data[line.pk] = values
        return data


def _named(text):
    return Truncator(str(text)).words(NAMED_WORDS)


class MilestonesForm(ReturnSectionForm):
    field_names = ("group", "status", "forecast_on", "done_on", "comment")

    def make_field(self, line, name):
        title = _named(line.title)
        if name == "group":
            return choice_field(
                _("Capability group (optional)"),
                [("", _("Not chosen")), *CapabilityGroup.choices],
                name=_("the capability group of “%(title)s”") % {"title": title},
                required=False,
            )
        if name == "status":
            return choice_field(
                _("Status"),
                MilestoneStatus.choices,
                name=_("the status of “%(title)s”") % {"title": title},
            )
        if name == "forecast_on":
            return ReturnDateField(
                label=_("Forecast date"),
                name=_("the forecast date of “%(title)s”") % {"title": title},
                help_text=_("For example, 30 9 2017."),
            )
        if name == "done_on":
            return ReturnDateField(
                label=_("Date done"),
                name=_("the date “%(title)s” was done") % {"title": title},
                help_text=_("Only when it is done."),
                not_after_today=True,
            )
        return text_field(
            _("Comment (optional)"),
            name=_("The comment on “%(title)s”") % {"title": title},
            max_length=COMMENT_MAX_LENGTH,
            rows=2,
        )


class CapabilitiesForm(ReturnSectionForm):
    field_names = ("status", "forecast_by", "comment")

    def make_field(self, line, name):
        letter = line.letter
        if name == "status":
            return choice_field(
                _("Status"),
                CapabilityStatus.choices,
                name=_("the status of capability %(letter)s") % {"letter": letter},
            )
        if name == "forecast_by":
            return ReturnDateField(
                label=_("Forecast in place by"),
                name=_("the forecast date of capability %(letter)s") % {"letter": letter},
                help_text=_("For example, 31 3 2018."),
            )
        return text_field(
            _("Comment (optional)"),
            name=_("The comment on capability %(letter)s") % {"letter": letter},
            max_length=COMMENT_MAX_LENGTH,
            rows=2,
        )


class DeploymentsForm(ReturnSectionForm):
    field_names = ("status", "comment")

    def make_field(self, line, name):
        group = line.get_group_display()
        if name == "status":
            return choice_field(
                _("Against the plan"),
                DeploymentStatus.choices,
                name=_("whether %(group)s is on plan, behind or ahead") % {"group": group},
                radios=True,
            )
        return text_field(
            _("Comment (optional)"),
            name=_("The comment on %(group)s") % {"group": group},
            max_length=COMMENT_MAX_LENGTH,
            rows=2,
        )


class RisksForm(ReturnSectionForm):
    field_names = ("likelihood", "impact", "mitigation", "closed")

    def make_field(self, line, name):
        risk = _named(line.description)
        if name in ("likelihood", "impact"):
            label = _("Likelihood") if name == "likelihood" else _("Impact")
            what = (
                _("the likelihood of “%(risk)s”, from 1 to 5")
                if name == "likelihood"
                else _("the impact of “%(risk)s”, from 1 to 5")
            )
            return choice_field(label, RiskLevel.choices, name=what % {"risk": risk}, coerce=int)
        if name == "mitigation":
            return text_field(
                _("Mitigation (optional)"),
                name=_("The mitigation of “%(risk)s”") % {"risk": risk},
                max_length=REASON_MAX_LENGTH,
            )
        return forms.BooleanField(label=_("Closed"), required=False)


def _add_helper(submit_text):
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    helper.add_input(Submit("submit", submit_text))
    return helper


class AddMilestoneForm(forms.Form):
    """A milestone the footprint added since its roadmap was accepted."""

    title = TextField(
        label=_("Milestone"),
        max_length=200,
        error_messages={"required": _("Say what the milestone is.")},
    )
    owner = TextField(
        label=_("Owner (optional)"),
        name=_("Owner"),
        max_length=200,
        required=False,
        help_text=_("The person, group or organisation that delivers it."),
    )
    forecast_on = ReturnDateField(
        label=_("Forecast date"),
        name=_("the forecast date"),
        required=True,
        help_text=_("For example, 30 9 2017."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _add_helper(_("Add milestone"))
