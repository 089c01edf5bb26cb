"""Forms of the NHS England admins' cycle pages: create a cycle, merge footprints.

Each carries what was typed through its check page as hidden inputs, as the deadline forms
do, and names every field in its messages.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms.fields import TextField
from accounts.models import Organisation
from maturity.models import QuestionSet
from roadmaps.enums import CCG_ROLES, MemberRole
from roadmaps.forms.dates import DateInputField
from roadmaps.forms.deadlines import CarriedThroughCheck
from roadmaps.models import Cycle, Footprint, FootprintMember
from roadmaps.services.carry_forward import CYCLE_STAGES
from roadmaps.transitions import FOOTPRINT


def _helper(submit_text, name="check"):
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    helper.add_input(Submit(name, submit_text))
    return helper


def _stage_field(kind, which):
    stage = str(kind.label)
    if which == "opens":
        return DateInputField(
            label=gettext_lazy("Opens on"),
            name=_("the day the %(stage)s stage opens") % {"stage": stage.lower()},
        )
    return DateInputField(
        label=gettext_lazy("Due on"),
        name=_("the %(stage)s deadline") % {"stage": stage.lower()},
    )


class CycleForm(CarriedThroughCheck, forms.Form):
    """A new cycle: its name, its question set, which cycle's footprints it carries forward
    and each stage's window."""

    name = TextField(
        label=gettext_lazy("Name"),
        max_length=40,
        help_text=gettext_lazy("For example, 2016-17 refresh."),
        error_messages={"required": gettext_lazy("Enter the cycle's name.")},
    )
    question_set = forms.ChoiceField(
        label=gettext_lazy("Digital maturity question set"),
        help_text=gettext_lazy("The self-assessment its providers answer."),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Choose the question set its providers answer."),
        },
    )
    carry_forward_from = forms.ModelChoiceField(
        label=gettext_lazy("Carry footprints forward from"),
        queryset=Cycle.objects.none(),
        required=False,
        empty_label=gettext_lazy("Do not carry footprints forward"),
        help_text=gettext_lazy(
            "Each endorsed footprint of that cycle becomes a draft in the new one with the same "
            "members, for its lead CCG to confirm or change. Nothing of that cycle changes."
        ),
        error_messages={
            "invalid_choice": gettext_lazy("Choose a cycle to carry forward, or none."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sets = (
            QuestionSet.objects.filter(published_at__isnull=False)
            .order_by("-created_at")
            .values_list("code", "title")
        )
        choices, seen = [("", _("The newest published question set"))], set()
        for code, title in sets:
            if code not in seen:
                seen.add(code)
                choices.append((code, title))
        self.fields["question_set"].choices = choices
        cycles = Cycle.objects.order_by("-created_at", "-pk")
        self.fields["carry_forward_from"].queryset = cycles
        if not self.is_bound:
            self.initial.setdefault("carry_forward_from", cycles.first())
        stages = []
        for kind in CYCLE_STAGES:
            self.fields[f"{kind}_opens"] = _stage_field(kind, "opens")
            self.fields[f"{kind}_due"] = _stage_field(kind, "due")
            stages.append(Fieldset(str(kind.label), f"{kind}_opens", f"{kind}_due"))
        self.helper = _helper(_("Continue"))
        self.helper.layout = Layout("name", "question_set", "carry_forward_from", *stages)

    def clean(self):
        cleaned = super().clean()
        for kind in CYCLE_STAGES:
            opens, due = cleaned.get(f"{kind}_opens"), cleaned.get(f"{kind}_due")
            if opens and due and due <= opens:
                self.fields[f"{kind}_due"].refuse_whole_date()
                self.add_error(
                    f"{kind}_due",
                    _("The %(stage)s deadline must be after the day it opens.")
                    % {"stage": str(kind.label).lower()},
                )
        name = (cleaned.get("name") or "").strip()
        if name and Cycle.objects.filter(name__iexact=name).exists():
            self.add_error("name", _("There is already a cycle called %(name)s.") % {"name": name})
        return cleaned

    def stage_days(self):
        data = self.cleaned_data
        return {kind: (data[f"{kind}_opens"], data[f"{kind}_due"]) for kind in CYCLE_STAGES}


class MergeForm(CarriedThroughCheck, forms.Form):
    """Which footprints of a cycle become one, into which, and why."""

    footprints = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Footprints to merge"),
        queryset=Footprint.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Choose at least two footprints to merge."),
            "invalid_choice": gettext_lazy("Choose footprints from the list."),
            "invalid_pk_value": gettext_lazy("Choose footprints from the list."),
        },
    )
    into = forms.ModelChoiceField(
        label=gettext_lazy("Merge into"),
        queryset=Footprint.objects.none(),
        required=False,
        empty_label=gettext_lazy("A new footprint (name and lead CCG below)"),
        help_text=gettext_lazy(
            "An existing footprint keeps its name, lead CCG and roadmap, and gains the others' "
            "members."
        ),
        error_messages={"invalid_choice": gettext_lazy("Choose the footprint to merge into.")},
    )
    new_name = TextField(
        label=gettext_lazy("Name of the new footprint"),
        required=False,
        max_length=200,
    )
    lead_ccg = forms.ModelChoiceField(
        label=gettext_lazy("Lead CCG of the new footprint"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=gettext_lazy("Choose the lead CCG"),
        error_messages={"invalid_choice": gettext_lazy("Choose the lead CCG from the list.")},
    )
    reason = TextField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        help_text=gettext_lazy("Everyone in the footprints is emailed it, and it is kept."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Say why the footprints are being merged.")},
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        footprints = (
            Footprint.objects.filter(
                cycle=cycle, state__in=FOOTPRINT.states_allowing("merge_footprint")
            )
            .select_related("lead_ccg")
            .prefetch_related("members__organisation")
            .order_by("name")
        )
        self.fields["footprints"].queryset = footprints
        self.fields["footprints"].label_from_instance = _footprint_label
        self.fields["into"].queryset = footprints
        self.fields["into"].label_from_instance = _footprint_label
        self.fields["lead_ccg"].queryset = Organisation.objects.filter(
            pk__in=FootprintMember.objects.filter(
                footprint__in=footprints, role__in=CCG_ROLES, left_at__isnull=True
            ).values("organisation")
        ).order_by("name")
        self.helper = _helper(_("Preview the merge"))
        # The page's own form carries the cycle the footprints are of.
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "footprints",
            "into",
            Fieldset(_("Or a new footprint"), "new_name", "lead_ccg"),
            "reason",
        )

    def clean(self):
        cleaned = super().clean()
        # Fewer than two is the preview's to say, with the rest of what stops a merge.
        chosen = list(cleaned.get("footprints") or [])
        into = cleaned.get("into")
        if into is not None and chosen and into not in chosen:
            self.add_error("into", _("Choose the footprint to merge into from those you ticked."))
        if into is None and "into" not in self.errors:
            if not (cleaned.get("new_name") or "").strip() and "new_name" not in self.errors:
                self.add_error(
                    "new_name",
                    _("Enter the new footprint's name, or choose a footprint to merge into."),
                )
            if cleaned.get("lead_ccg") is None and "lead_ccg" not in self.errors:
                self.add_error("lead_ccg", _("Choose the CCG that will lead the new footprint."))
        return cleaned


def _footprint_label(footprint):
    return _("%(name)s (led by %(lead)s, %(state)s)") % {
        "name": footprint.name,
        "lead": footprint.lead_ccg.name,
        "state": footprint.get_state_display().lower(),
    }


class MoveForm(CarriedThroughCheck, forms.Form):
    """Which organisation moves, from its footprint to which, and why."""

    member = forms.ModelChoiceField(
        label=gettext_lazy("Organisation to move"),
        queryset=FootprintMember.objects.none(),
        empty_label=gettext_lazy("Choose the organisation"),
        error_messages={
            "required": gettext_lazy("Choose the organisation to move."),
            "invalid_choice": gettext_lazy("Choose the organisation to move from the list."),
        },
    )
    to_footprint = forms.ModelChoiceField(
        label=gettext_lazy("Move it to"),
        queryset=Footprint.objects.none(),
        empty_label=gettext_lazy("Choose the footprint"),
        error_messages={
            "required": gettext_lazy("Choose the footprint it moves to."),
            "invalid_choice": gettext_lazy("Choose the footprint it moves to from the list."),
        },
    )
    reason = TextField(
        label=gettext_lazy("Reason"),
        max_length=2000,
        help_text=gettext_lazy("The people emailed read it, and it is kept."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Say why the organisation is moving.")},
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        live = FOOTPRINT.states_allowing("merge_footprint")
        self.fields["member"].queryset = (
            FootprintMember.objects.filter(
                cycle=cycle, left_at__isnull=True, footprint__state__in=live
            )
            .exclude(role=MemberRole.LEAD_CCG)
            .select_related("organisation", "footprint", "footprint__lead_ccg", "footprint__cycle")
            .order_by("organisation__name", "footprint__name")
        )
        self.fields["member"].label_from_instance = _member_label
        self.fields["to_footprint"].queryset = (
            Footprint.objects.filter(cycle=cycle, state__in=live)
            .select_related("lead_ccg", "cycle")
            .order_by("name")
        )
        self.fields["to_footprint"].label_from_instance = _footprint_label
        self.helper = _helper(_("Preview the move"))
        self.helper.form_tag = False
        self.helper.layout = Layout("member", "to_footprint", "reason")


def _member_label(member):
    return _("%(organisation)s (%(role)s in %(footprint)s)") % {
        "organisation": member.organisation.name,
        "role": member.get_role_display().lower(),
        "footprint": member.footprint.name,
    }
