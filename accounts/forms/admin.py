from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from accounts.forms.fields import EmailAddressField, TextField
from accounts.models import User

EMAIL_MESSAGES = {"required": _("Enter the person's email address")}
CHOICE_MESSAGES = {
    "invalid_choice": _("Choose from the list"),
    "invalid_pk_value": _("Choose from the list"),
}


class AdminUserCreationForm(auth_forms.AdminUserCreationForm):
    email = EmailAddressField(label=_("Email address"), error_messages=EMAIL_MESSAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django's own fields, with words that say which field and what to do.
        for name, what in (
            ("password1", _("Enter a password, or choose that they cannot sign in with one")),
            ("password2", _("Enter the same password again")),
        ):
            self.fields[name].error_messages.update(
                required=what,
                null_characters_not_allowed=_("A password must not contain a null character"),
            )
        self.fields["usable_password"].error_messages["invalid_choice"] = _(
            "Choose whether they can sign in with a password"
        )

    class Meta:
        model = User
        fields = ["email"]


class AdminUserChangeForm(auth_forms.UserChangeForm):
    email = EmailAddressField(label=_("Email address"), error_messages=EMAIL_MESSAGES)
    full_name = TextField(label=_("Full name"), max_length=200, required=False)

    class Meta:
        model = User
        fields = "__all__"
        error_messages = {
            "date_joined": {
                "required": _("Enter the date and time the person joined"),
                "invalid": _("Enter the date the person joined as a real date and time"),
                "invalid_date": _("Enter the date the person joined as a real date"),
                "invalid_time": _("Enter the time the person joined as a real time"),
            },
            "last_login": {
                "invalid": _("Enter the last sign-in as a real date and time"),
                "invalid_date": _("Enter the last sign-in as a real date"),
                "invalid_time": _("Enter the last sign-in as a real time"),
            },
            "groups": CHOICE_MESSAGES,
            "user_permissions": CHOICE_MESSAGES,
        }
