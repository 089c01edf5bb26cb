from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms.fields import TextField
from roadmaps.forms.footprints import helper


class SignatoriesForm(forms.Form):
    organisations = forms.TypedMultipleChoiceField(
        label=_("Which other members sign the roadmap off?"),
        help_text=_("Every CCG in the footprint signs it off in any case."),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose members of the footprint from the list")},
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].choices = [
            (member.organisation_id, f"{member.organisation.name} ({member.get_role_display()})")
            for member in members
        ]
        self.helper = helper(_("Save signatories"))


class SignOffForm(forms.Form):
    organisation = forms.TypedChoiceField(
        label=_("Signing for"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the organisation you are signing for"),
            "invalid_choice": _("Choose one of the organisations listed"),
        },
    )
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("sign", _("Sign off the roadmap")), ("decline", _("Decline to sign it off"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose whether to sign off the roadmap or decline"),
            "invalid_choice": _("Choose whether to sign off the roadmap or decline"),
        },
    )
    reason = TextField(
        label=_("If you decline, say why"),
        name=_("The reason"),
        help_text=_("The lead CCG sees this and can change the roadmap."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        if len(organisations) == 1:
            # Someone who signs for one organisation need not choose it.
            self.fields["organisation"].initial = organisations[0].pk
            self.fields["organisation"].required = False
            self.fields["organisation"].widget = forms.HiddenInput()
            self.only_organisation = organisations[0].pk
        else:
            self.only_organisation = None
        self.helper = helper(_("Record decision"))

    def clean(self):
        cleaned = super().clean()
        if self.only_organisation is not None:
            cleaned["organisation"] = self.only_organisation
        if cleaned.get("decision") == "decline" and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why your organisation is declining to sign off."))
        return cleaned


class CompareVersionsForm(forms.Form):
    old = forms.TypedChoiceField(
        label=_("Earlier version"),
        coerce=int,
        error_messages={
            "required": _("Choose the earlier version"),
            "invalid_choice": _("Choose an earlier version from the list"),
        },
    )
    new = forms.TypedChoiceField(
        label=_("Later version"),
        coerce=int,
        error_messages={
            "required": _("Choose the later version"),
            "invalid_choice": _("Choose a later version from the list"),
        },
    )

    def __init__(self, *args, numbers, action, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(number, _("Version %(number)s") % {"number": number}) for number in numbers]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices
        if len(numbers) >= 2:
            self.fields["old"].initial, self.fields["new"].initial = numbers[-2], numbers[-1]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = action
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("compare", _("Compare versions")))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("old") is not None and cleaned.get("old") == cleaned.get("new"):
            self.add_error("new", _("Choose two different versions."))
        return cleaned
