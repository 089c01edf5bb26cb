import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.forms.fields import EmailAddressField, TextField
from accounts.models import Organisation
from roadmaps.enums import MemberRole


def helper(submit_text):
    form_helper = FormHelper()
    form_helper.attrs = {"novalidate": ""}
    form_helper.add_input(Submit("submit", submit_text))
    return form_helper


class FootprintDetailsForm(forms.Form):
    name = TextField(
        label=_("Footprint name"),
        max_length=200,
        help_text=_("For example, Leeds or West Yorkshire."),
        error_messages={"required": _("Enter the footprint's name")},
    )
    board_name = TextField(
        label=_("Board or group that owns the roadmap"), max_length=200, required=False
    )
    chair_name = TextField(
        label=_("Its chair"), name=_("The chair's name"), max_length=200, required=False
    )
    sro_name = TextField(label=_("Senior responsible owner"), max_length=200, required=False)
    contact_email = EmailAddressField(
        label=_("Contact email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args, submit_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(submit_text or _("Save as draft"))


class DeclareFootprintForm(FootprintDetailsForm):
    lead_ccg = forms.ModelChoiceField(
        label=_("Lead CCG"),
        queryset=Organisation.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose the CCG that leads the footprint"),
            "invalid_choice": _("Choose a CCG you edit for from the list"),
        },
    )

    field_order = ["lead_ccg", "name", "board_name", "chair_name", "sro_name", "contact_email"]

    def __init__(self, *args, lead_ccgs, **kwargs):
        super().__init__(*args, submit_text=_("Create footprint"), **kwargs)
        self.fields["lead_ccg"].queryset = lead_ccgs
        self.fields["lead_ccg"].label_from_instance = lambda ccg: ccg.name


CODE_IN_BRACKETS = re.compile(r"\(([A-Za-z0-9]{3,12})\)\s*$")


class AddMemberForm(forms.Form):
    """Name an organisation by ODS code or name; type-ahead (lookup.js) fills "Name (CODE)"."""

    organisation = TextField(
        label=_("Organisation"),
        max_length=250,
        help_text=_("Type its ODS code, or part of its name."),
        error_messages={"required": _("Enter the organisation's ODS code or name")},
        widget=forms.TextInput(
            attrs={
                "list": "organisation-suggestions",
                "autocomplete": "off",
                "data-lookup": reverse_lazy("organisation_lookup"),
            }
        ),
    )
    role = forms.ChoiceField(
        label=_("Its part in the footprint"),
        choices=[choice for choice in MemberRole.choices if choice[0] != MemberRole.LEAD_CCG],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the organisation's part in the footprint"),
            "invalid_choice": _("Choose one of the parts listed"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Add to footprint"))
        self.matches = []

    def clean_organisation(self):
        text = self.cleaned_data["organisation"].strip()
        bracketed = CODE_IN_BRACKETS.search(text)
        code = (bracketed.group(1) if bracketed else text).upper()
        exact = Organisation.objects.filter(ods_code=code).first()
        if exact:
            return exact
        self.matches = list(Organisation.objects.filter(name__icontains=text).order_by("name")[:11])
        if len(self.matches) == 1:
            return self.matches[0]
        if not self.matches:
            raise forms.ValidationError(
                _("No organisation has the ODS code or name %(text)s.") % {"text": text}
            )
        raise forms.ValidationError(
            _("%(count)s organisations match %(text)s: type more of the name, or the ODS code.")
            % {
                "count": len(self.matches) if len(self.matches) < 11 else _("More than 10"),
                "text": text,
            }
        )


class ConfirmMembershipForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Is your CCG part of this footprint?"),
        choices=[("confirm", _("Yes, confirm our place")), ("decline", _("No, decline it"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether to confirm or decline"),
            "invalid_choice": _("Choose whether to confirm or decline"),
        },
    )
    reason = TextField(
        label=_("If you decline, say why"),
        name=_("The reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Send answer"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why your CCG is declining its place."))
        return cleaned


class ReviewFootprintForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("endorse", _("Endorse the footprint")), ("return", _("Return it for changes"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether to endorse the footprint or return it"),
            "invalid_choice": _("Choose whether to endorse the footprint or return it"),
        },
    )
    comments = TextField(
        label=_("Comments for the footprint (needed when you return it)"),
        name=_("The comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Record decision"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "return" and not cleaned.get("comments", "").strip():
            self.add_error("comments", _("Say what the footprint needs to change."))
        return cleaned
