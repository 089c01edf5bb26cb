"""Forms of the NHS England admins' deadline pages: grant an extension, move a stage's dates.

Each runs the service's own checks (``check_extension``, ``check_stage_dates``) so that a
refusal shows by its field before anything is saved. Each can also render itself as hidden
inputs, to carry what was typed through the check page.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.urls import reverse_lazy
from django.utils import formats
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.errors import ActionRefused
from accounts.forms.fields import TextField
from roadmaps.enums import StageKind
from roadmaps.forms.dates import DateInputField
from roadmaps.models import Stage
from roadmaps.selectors.deadlines import london_day
from roadmaps.selectors.extensions import SUGGESTIONS, find_footprint, find_organisation
from roadmaps.services.cycles import check_stage_dates, end_of_day, start_of_day
from roadmaps.services.extensions import check_extension

# Stages whose deadlines people work to; nobody outside NHS England acts in publication.
EXTENDED_STAGES = (StageKind.FOOTPRINT, StageKind.MATURITY, StageKind.ROADMAP, StageKind.PROGRESS)


def _helper(submit_text):
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    helper.add_input(Submit("check", submit_text))
    return helper


def _lookup(url, suggestions):
    return forms.TextInput(
        attrs={
            "list": suggestions,
            "autocomplete": "off",
            "spellcheck": "false",
            "data-lookup": url,
        }
    )


class CarriedThroughCheck:
    """What was typed, as hidden inputs, carried through the check page.

    Not ``field.as_hidden``: Django points a hidden copy at its field's help text with
    ``aria-describedby``, which a hidden input may not have.
    """

    def hidden_inputs(self):
        # Each widget escapes its own value and returns safe markup.
        return format_html_join(
            "",
            "{}",
            (
                (field.field.hidden_widget().render(field.html_name, field.value()),)
                for field in self
            ),
        )


class ExtensionForm(CarriedThroughCheck, forms.Form):
    """Which stage, for which footprint or organisation, until which day, and why."""

    stage = forms.ModelChoiceField(
        label=gettext_lazy("Stage"),
        queryset=Stage.objects.none(),
        empty_label=gettext_lazy("Choose a stage"),
        error_messages={
            "required": gettext_lazy("Choose the stage that gets a later deadline."),
            "invalid_choice": gettext_lazy("Choose the stage that gets a later deadline."),
        },
    )
    footprint = TextField(
        label=gettext_lazy("Footprint"),
        required=False,
        max_length=250,
        help_text=gettext_lazy(
            "Type its name or its lead CCG's ODS code. Its lead CCG's editors and approvers "
            "are emailed."
        ),
        widget=_lookup(reverse_lazy("deadline_footprint_lookup"), "footprint-suggestions"),
    )
    organisation = TextField(
        label=gettext_lazy("Or one organisation"),
        name=gettext_lazy("Organisation"),
        required=False,
        max_length=250,
        help_text=gettext_lazy(
            "Instead of a footprint: type its ODS code or part of its name. Its editors and "
            "approvers are emailed."
        ),
        widget=_lookup(reverse_lazy("organisation_lookup"), "organisation-suggestions"),
    )
    due_on = DateInputField(
        label=gettext_lazy("New due date"),
        name=gettext_lazy("the new due date"),
        help_text=gettext_lazy(
            "For example, 15 7 2016. The deadline is 23:59 London time on that day."
        ),
    )
    reason = TextField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        help_text=gettext_lazy("The people emailed read it."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Say why the deadline is being extended.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = (
            Stage.objects.filter(kind__in=EXTENDED_STAGES)
            .select_related("cycle")
            .order_by("-cycle__created_at", "opens_at", "pk")
        )
        self.fields["stage"].label_from_instance = _stage_label
        self.helper = _helper(_("Continue"))
        self.helper.layout = Layout(
            "stage",
            Fieldset(_("Who gets more time"), "footprint", "organisation"),
            "due_on",
            "reason",
        )

    def clean(self):
        cleaned = super().clean()
        if "footprint" in self.errors or "organisation" in self.errors:
            # Already told what is wrong with what was typed.
            return cleaned
        typed_footprint = cleaned.get("footprint", "").strip()
        typed_organisation = cleaned.get("organisation", "").strip()
        cleaned["footprint"] = cleaned["organisation"] = None
        if typed_footprint and typed_organisation:
            self.add_error("footprint", _("Give a footprint or an organisation, not both."))
        elif not (typed_footprint or typed_organisation):
            self.add_error(
                "footprint", _("Give the footprint or the organisation that gets more time.")
            )
        elif typed_organisation:
            cleaned["organisation"] = self._organisation(typed_organisation)
        elif cleaned.get("stage") is not None:
            cleaned["footprint"] = self._footprint(cleaned["stage"].cycle, typed_footprint)
        if not self.errors:
            self._check_with_the_service(cleaned)
        return cleaned

    def _organisation(self, text):
        found = find_organisation(text)
        if found.one is not None:
            return found.one
        if found.matches:
            message = _(
                "%(count)s organisations match %(text)s: type more of the name, or the ODS code."
            ) % {"count": _count(found.matches), "text": text}
        else:
            message = _("No organisation has the ODS code or name %(text)s.") % {"text": text}
        self.add_error("organisation", message)
        return None

    def _footprint(self, cycle, text):
        found = find_footprint(cycle, text)
        if found.one is not None:
            return found.one
        if found.matches:
            message = _(
                "%(count)s footprints of the %(cycle)s cycle match %(text)s: type more of the "
                "name, or the lead CCG's ODS code."
            ) % {"count": _count(found.matches), "cycle": cycle.name, "text": text}
        else:
            message = _(
                "No footprint of the %(cycle)s cycle has the name or lead CCG %(text)s."
            ) % {"cycle": cycle.name, "text": text}
        self.add_error("footprint", message)
        return None

    def _check_with_the_service(self, cleaned):
        try:
            check_extension(
                stage=cleaned["stage"],
                due_on=cleaned["due_on"],
                reason=cleaned["reason"],
                footprint=cleaned["footprint"],
                organisation=cleaned["organisation"],
            )
        except ActionRefused as refusal:
            # The fields have settled the target and the reason: what is left is the date.
            self.fields["due_on"].refuse_whole_date()
            self.add_error("due_on", str(refusal))

    def target_name(self):
        """The footprint or organisation, as the pages name it (call once valid)."""
        footprint, organisation = self.cleaned_data["footprint"], self.cleaned_data["organisation"]
        if footprint is not None:
            return _("%(name)s (footprint, led by %(lead)s)") % {
                "name": footprint.name,
                "lead": footprint.lead_ccg.name,
            }
        return f"{organisation.name} ({organisation.ods_code})"


def _stage_label(stage):
    return _("%(stage)s (due %(date)s)") % {
        "stage": stage,
        "date": formats.date_format(london_day(stage.due_at), "j F Y"),
    }


def _count(matches):
    if len(matches) > SUGGESTIONS:
        return _("More than %(count)s") % {"count": SUGGESTIONS}
    return len(matches)


class StageDatesForm(CarriedThroughCheck, forms.Form):
    """The day a stage opens and the day it is due, in London."""

    opens_on = DateInputField(
        label=gettext_lazy("Opens on"),
        name=gettext_lazy("the opening date"),
        help_text=gettext_lazy("For example, 1 2 2016. The stage opens at 00:00 London time."),
    )
    due_on = DateInputField(
        label=gettext_lazy("Due on"),
        name=gettext_lazy("the due date"),
        help_text=gettext_lazy("For example, 30 6 2016. The deadline is 23:59 London time."),
    )

    def __init__(self, *args, stage, **kwargs):
        kwargs.setdefault(
            "initial",
            {"opens_on": london_day(stage.opens_at), "due_on": london_day(stage.due_at)},
        )
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.helper = _helper(_("Continue"))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # A stage opens at the start of its first day and is due at the end of its last.
        cleaned["opens_at"] = start_of_day(cleaned["opens_on"])
        cleaned["due_at"] = end_of_day(cleaned["due_on"])
        try:
            check_stage_dates(opens_at=cleaned["opens_at"], due_at=cleaned["due_at"])
        except ActionRefused as refusal:
            self.fields["due_on"].refuse_whole_date()
            self.add_error("due_on", str(refusal))
            return cleaned
        if (cleaned["opens_at"], cleaned["due_at"]) == (self.stage.opens_at, self.stage.due_at):
            self.fields["opens_on"].refuse_whole_date()
            self.add_error(
                "opens_on", _("These are the stage's dates already: change one of them.")
            )
        return cleaned
