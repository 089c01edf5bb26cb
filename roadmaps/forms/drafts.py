"""Forms for the sections of a roadmap draft: narrative fields, the deployment schedule and
the universal capabilities. Nothing is required: completeness is checked at sign-off.

Each form takes the section, the roadmap (with its footprint's members prefetched), the
saved values (``draft_values``) and, after a conflict, the other person's values
(``theirs``); ``data_for_service()`` gives what ``save_section`` takes. Templates read
``Entry`` objects: the bound field, its saved value as text, the other person's value and
any warning.
"""

from dataclasses import dataclass

from django import forms
from django.forms.boundfield import BoundField
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext_lazy as _

from accounts.forms.fields import TextField
from roadmaps.enums import CapabilityGroup, UniversalCapability
from roadmaps.roadmap_sections import YEARS, year_label
from roadmaps.selectors.drafts import member_organisations
from roadmaps.services.drafts import (
    CELL_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    roadmap_date_error,
    universal_date_warning,
)

DATE_FORMAT = "%d/%m/%Y"
DATE_INPUTS = ["%d/%m/%Y", "%d-%m-%Y", "%d %m %Y", "%Y-%m-%d"]


@dataclass
class Entry:
    field: BoundField
    saved: str = ""
    theirs: str = ""
    warning: str = ""
    # After a conflict: whether what the person typed differs from what the other saved.
    differs: bool = False


class DraftForm(forms.Form):
    # Refused as a whole (``_post_clean``): the largest number the database keeps.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2_147_483_647)

    def __init__(self, data=None, *, section, roadmap, values, theirs=None):
        super().__init__(data, initial={"version": roadmap.version})
        self.section = section
        self.roadmap = roadmap
        self.values = values
        self.theirs = theirs
        self.add_fields()

    def add_fields(self):
        raise NotImplementedError

    def shown(self, name, value):
        """A saved value as a person reads it."""
        return value or ""

    def entry(self, name, saved_value, their_value=None, warning=""):
        theirs = self.shown(name, their_value) if self.theirs is not None else ""
        bound = self[name]
        if warning:
            described = [f"{bound.auto_id}_helptext"] if bound.help_text else []
            described.append(f"{bound.auto_id}_warning")
            described += [f"{bound.auto_id}_error"] if bound.errors else []
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)
        differs = self.theirs is not None and (bound.value() or "") != (their_value or "")
        return Entry(bound, self.shown(name, saved_value), theirs, warning, differs)

    def posted(self, name):
        """Whether the field came in the post: a field left out is kept as saved, so that a
        short post never clears what it did not show."""
        return name in self.data

    def _post_clean(self):
        super()._post_clean()
        if "version" in self._errors:
            del self._errors["version"]
            self.add_error(
                None,
                _(
                    "This page was sent without the version it was opened at, so nothing was "
                    "saved. Copy anything you need to keep, then reload the page."
                ),
            )
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def _textarea(label, help_text="", rows=5, name=None):
    return TextField(
        label=label,
        name=name,
        help_text=help_text,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control"}),
    )


class TextSectionForm(DraftForm):
    """The narrative fields of a text or generated section, one textarea each."""

    def add_fields(self):
        for field in self.section.fields:
            self.fields[field.name] = _textarea(field.label, field.help_text, rows=8)
            self.fields[field.name].initial = self.values.get(field.name, "")

    @property
    def entries(self):
        theirs = self.theirs or {}
        return [
            self.entry(field.name, self.values.get(field.name), theirs.get(field.name))
            for field in self.section.fields
        ]

    def data_for_service(self):
        return {
            field.name: self.cleaned_data[field.name]
            for field in self.section.fields
            if self.posted(field.name)
        }


def cell_name(group, year):
    return f"cell-{group}-{year}"


class ScheduleForm(DraftForm):
    """The capability deployment schedule: a text input per capability group and year."""

    def add_fields(self):
        for group, group_label in CapabilityGroup.choices:
            for year in YEARS:
                self.fields[cell_name(group, year)] = TextField(
                    label=_("%(group)s, %(year)s")
                    % {"group": group_label, "year": year_label(year)},
                    required=False,
                    max_length=CELL_MAX_LENGTH,
                    initial=self.values.get((group, year), ""),
                    widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
                )

    @property
    def years(self):
        return [year_label(year) for year in YEARS]

    @property
    def rows(self):
        """``(group label, [Entry for each year])`` for each capability group, in order."""
        return [
            (group_label, [self._cell(group, year) for year in YEARS])
            for group, group_label in CapabilityGroup.choices
        ]

    def _cell(self, group, year):
        theirs = (self.theirs or {}).get((group, year))
        return self.entry(cell_name(group, year), self.values.get((group, year)), theirs)

    def data_for_service(self):
        return {
            (group, year): self.cleaned_data[cell_name(group, year)]
            for group in CapabilityGroup.values
            for year in YEARS
            if self.posted(cell_name(group, year))
        }


class RoadmapDateField(forms.DateField):
    def __init__(self, **kwargs):
        super().__init__(
            input_formats=DATE_INPUTS,
            widget=forms.DateInput(
                format=DATE_FORMAT, attrs={"class": "form-control", "inputmode": "numeric"}
            ),
            error_messages={"invalid": _("Enter a real date, for example 31/03/2018.")},
            **kwargs,
        )

    def validate(self, value):
        super().validate(value)
        if value and (error := roadmap_date_error(value)):
            raise forms.ValidationError(error, code="outside_roadmap")


UNIVERSAL_LABELS = {
    "current_position": _("Current position"),
    "trajectory": _("Trajectory and milestones to 31 March 2018"),
    "in_place_by": _("In place by"),
    "lead_organisation": _("Lead organisation"),
    "dependencies": _("Dependencies"),
    "risks": _("Risks"),
}


@dataclass
class Capability:
    letter: str
    title: str
    entries: list


class UniversalForm(DraftForm):
    """The ten universal capabilities, each a group of fields named ``<letter>-<field>``."""

    def add_fields(self):
        self.organisations = member_organisations(self.roadmap.footprint)
        choices = [("", _("Choose an organisation")), *self.organisations]
        for letter in UniversalCapability.values:
            plan = self.values.get(letter, {})
            for name, label in UNIVERSAL_LABELS.items():
                if name == "in_place_by":
                    field = RoadmapDateField(
                        label=label, required=False, help_text=_("For example, 31/03/2018.")
                    )
                elif name == "lead_organisation":
                    field = forms.TypedChoiceField(
                        label=label,
                        required=False,
                        choices=choices,
                        coerce=int,
                        empty_value=None,
                        widget=forms.Select(attrs={"class": "form-select"}),
                        error_messages={
                            "invalid_choice": _(
                                "Choose an organisation of the footprint from the list"
                            )
                        },
                    )
                else:
                    # Ten capabilities have these fields: the message says which one.
                    what = _("Capability %(letter)s: %(field)s") % {
                        "letter": letter,
                        "field": label,
                    }
                    field = _textarea(label, rows=3, name=what)
                field.initial = plan.get(name)
                self.fields[f"{letter}-{name}"] = field

    def shown(self, name, value):
        if value is None or value == "":
            return ""
        if name.endswith("-in_place_by"):
            return format_date(value, "j F Y")
        if name.endswith("-lead_organisation"):
            return dict(self.organisations).get(value, "")
        return value

    def _day(self, letter):
        """The date the page shows for a capability: as typed and valid, else as saved."""
        name = f"{letter}-in_place_by"
        if self.is_bound:
            return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None
        return self.values.get(letter, {}).get("in_place_by")

    @property
    def capabilities(self):
        theirs = self.theirs or {}
        return [
            Capability(
                letter,
                title,
                [
                    self.entry(
                        f"{letter}-{name}",
                        self.values.get(letter, {}).get(name),
                        theirs.get(letter, {}).get(name),
                        universal_date_warning(self._day(letter)) if name == "in_place_by" else "",
                    )
                    for name in UNIVERSAL_LABELS
                ],
            )
            for letter, title in UniversalCapability.choices
        ]

    def data_for_service(self):
        plans = {
            letter: {
                name: self.cleaned_data[f"{letter}-{name}"]
                for name in UNIVERSAL_LABELS
                if self.posted(f"{letter}-{name}")
            }
            for letter in UniversalCapability.values
        }
        return {letter: plan for letter, plan in plans.items() if plan}


FORMS = {
    "text": TextSectionForm,
    "generated": TextSectionForm,
    "schedule": ScheduleForm,
    "universal": UniversalForm,
}
