from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from accounts.enums import Role
from accounts.forms.fields import EmailAddressField, TextField
from accounts.models import User


class InviteForm(forms.Form):
    email = EmailAddressField(
        label=_("Email address"),
        help_text=_("Use their work email address. The invitation link works for 7 days."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the email address of the person to invite")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the role they will have"),
            "invalid_choice": _("Choose one of the roles listed"),
        },
    )

    ROLE_HINTS = {
        Role.EDITOR: _("Editor – fills in forms for the organisation"),
        Role.APPROVER: _("Approver – signs off, and manages who has access"),
        Role.VIEWER: _("Viewer – can read, cannot change anything"),
        Role.REVIEWER: _("Reviewer – reviews footprints and roadmaps"),
        Role.ADMIN: _("Admin – runs the programme: dates, publication, people"),
    }

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, self.ROLE_HINTS[role]) for role in roles]
        self.helper = FormHelper()
        # Errors come from the server, in the error summary, not the browser's bubbles.
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", _("Send invitation")))


class AcceptInvitationForm(forms.Form):
    """Create an account from an invitation: a name and a password, nothing else."""

    full_name = TextField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your full name")},
    )
    password = TextField(
        label=_("Create a password"),
        strip=False,
        help_text=_("At least 12 characters. A few unrelated words make a strong password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Create a password")},
    )
    password_again = TextField(
        label=_("Type the password again"),
        name=_("The password typed again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the password again, to check it")},
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", _("Create account and join")))

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(
            password, User(email=self.email, full_name=self.data.get("full_name", ""))
        )
        return password

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_again"):
            self.add_error("password_again", _("The two passwords do not match."))
        return cleaned
