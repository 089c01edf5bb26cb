"""Forms for the list sections of a roadmap draft and for the people the lead asks to edit."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.errors import ActionRefused
from accounts.forms.fields import EmailAddressField, TextField
from accounts.models import Organisation
from roadmaps.enums import RiskLevel
from roadmaps.forms.drafts import DATE_FORMAT, DATE_INPUTS
from roadmaps.roadmap_sections import ROADMAP_ENDS, ROADMAP_STARTS
from roadmaps.services.lists import check_due_date
from roadmaps.uploads import EMPTY, TOO_LARGE, AttachmentRefused, attachment_kind


def helper(submit_text):
    form_helper = FormHelper()
    # crispy gives a form with a file field its enctype itself.
    form_helper.attrs = {"novalidate": ""}
    form_helper.add_input(Submit("submit", submit_text))
    return form_helper


def level_field(label, *, required, invalid):
    return forms.TypedChoiceField(
        label=label,
        choices=RiskLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": invalid},
    )


class RiskForm(forms.Form):
    description = TextField(
        label=_("Description"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the risk.")},
    )
    likelihood = level_field(
        _("Likelihood"),
        required=_("Choose how likely the risk is."),
        invalid=_("Choose a likelihood from 1 to 5."),
    )
    impact = level_field(
        _("Impact"),
        required=_("Choose the impact of the risk."),
        invalid=_("Choose an impact from 1 to 5."),
    )
    owner = TextField(
        label=_("Owner"),
        max_length=200,
        help_text=_("The person or group who manages the risk."),
        error_messages={"required": _("Name the risk's owner.")},
    )
    mitigation = TextField(
        label=_("Mitigation (optional)"),
        name=_("Mitigation"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, submit_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(submit_text or _("Add risk"))


class MilestoneForm(forms.Form):
    title = TextField(
        label=_("Milestone"),
        max_length=200,
        error_messages={"required": _("Say what the milestone is.")},
    )
    due_on = forms.DateField(
        label=_("Due date"),
        # Typed, as every date of the roadmap is: the browser's date picker takes a keyboard
        # stop of its own with no visible focus, and orders the parts by the browser's locale.
        input_formats=DATE_INPUTS,
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the date the milestone is due."),
            "invalid": _("Enter the due date as a real date, for example 31/03/2018."),
        },
    )
    owner_organisation = forms.ModelChoiceField(
        label=_("Owner"),
        help_text=_("The organisation of the footprint that delivers it."),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
        error_messages={
            "required": _("Choose the organisation that owns the milestone."),
            "invalid_choice": _("Choose an organisation of the footprint from the list."),
        },
    )

    def __init__(self, *args, owners, submit_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = owners
        self.fields["owner_organisation"].label_from_instance = lambda org: org.name
        self.fields["due_on"].help_text = _(
            "For example, 31/03/2018. Between %(starts)s and %(ends)s."
        ) % {
            "starts": date_format(ROADMAP_STARTS, "j F Y"),
            "ends": date_format(ROADMAP_ENDS, "j F Y"),
        }
        self.helper = helper(submit_text or _("Add milestone"))

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        try:
            check_due_date(due_on)
        except ActionRefused as refusal:
            raise ValidationError(str(refusal)) from None
        return due_on


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF, a Word document (DOCX) or an Excel workbook (XLSX), up to 20 MB."),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": EMPTY,
            "invalid": _("Choose a file to upload."),
        },
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,.xlsx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, too_large=False, **kwargs):
        super().__init__(*args, **kwargs)
        if too_large:
            # The upload handler dropped the file while it arrived, so the field is empty.
            field = self.fields["file"]
            field.error_messages = {**field.error_messages, "required": TOO_LARGE}
        self.helper = helper(_("Upload file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            attachment_kind(upload)
        except AttachmentRefused as refusal:
            raise ValidationError(str(refusal)) from None
        return upload


class EditorForm(forms.Form):
    email = EmailAddressField(
        label=_("Email address"),
        help_text=_("They must already have an account with the service."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter the email address of the person to ask."),
            "invalid": _("Enter an email address in the right format, like name@example.nhs.uk."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Ask them to edit"))
