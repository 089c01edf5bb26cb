"""Sign-in and password forms, each with its layout.

Password fields never block paste and never strip or change what is typed: a password
manager's or a long passphrase's every character counts. The rules are the settings'
validators (length and a deny-list, no composition rules); the hint says them in words.
"""

import hashlib

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.forms.fields import EmailAddressField, TextField
from accounts.services.outbox import queue_email
from accounts.services.sign_in import SignInRefused, check_sign_in, clear_failed_sign_ins


def form_helper(*fields, submit):
    """A layout of ``fields`` and one submit button; the browser's own checks are off so
    that every message appears in the error summary and next to its field."""
    helper = FormHelper()
    helper.attrs = {"novalidate": ""}
    helper.layout = Layout(*fields, Submit("submit", submit))
    return helper


def minimum_password_length():
    for validator in password_validation.get_default_password_validators():
        if isinstance(validator, password_validation.MinimumLengthValidator):
            return validator.min_length
    return 1


def new_password_hint():
    length = minimum_password_length()
    return ngettext(
        "Use at least %(count)d character. A few words you will remember make a strong "
        "password, and spaces are fine. Do not use a common password.",
        "Use at least %(count)d characters. A few words you will remember make a strong "
        "password, and spaces are fine. Do not use a common password.",
        length,
    ) % {"count": length}


def password_field(*, label, autocomplete, required_message, help_text=""):
    return TextField(
        label=label,
        strip=False,
        help_text=help_text,
        error_messages={"required": required_message},
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


def email_field(*, autocomplete):
    return EmailAddressField(
        label=_("Email address"),
        error_messages={
            "required": _("Enter your email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
        widget=forms.EmailInput(
            attrs={"autocomplete": autocomplete, "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class SignInForm(auth_forms.AuthenticationForm):
    # Django's login view expects the identifier in a field called "username".
    username = email_field(autocomplete="username")
    password = password_field(
        label=_("Password"),
        autocomplete="current-password",
        required_message=_("Enter your password"),
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # AuthenticationForm caps the field at the model's length; ours checks it instead.
        self.fields["username"].widget.attrs.pop("maxlength", None)
        self.fields["username"].max_length = None
        self.helper = form_helper("username", "password", submit=_("Sign in"))

    def clean(self):
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            try:
                self.user_cache = check_sign_in(email=email, password=password)
            except SignInRefused as refusal:
                raise ValidationError(str(refusal), code=refusal.code) from None
        return self.cleaned_data


class PasswordResetRequestForm(auth_forms.PasswordResetForm):
    email = email_field(autocomplete="email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("email", submit=_("Send reset link"))

    def save(self, *, token_generator=default_token_generator, **_ignored):
        """Queue a reset email for each active account with this address, and for no other.

        Django's other options (domain, templates, sender) are ignored: links are built on
        ``SITE_URL`` and every email goes through the outbox.
        """
        for user in self.get_users(self.cleaned_data["email"]):
            token = token_generator.make_token(user)
            path = reverse(
                "password_reset_confirm",
                kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": token},
            )
            # One email per token: a double-click within the same second sends one email.
            token_digest = hashlib.sha256(token.encode()).hexdigest()[:32]
            queue_email(
                key=f"password-reset:{user.pk}:{token_digest}",
                to=user.email,
                template="password_reset",
                contains_secret=True,
                context={
                    "reset_url": f"{settings.SITE_URL}{path}",
                    "name": user.get_full_name(),
                    "expires_in": reset_link_lifetime(),
                },
            )


def reset_link_lifetime():
    """``PASSWORD_RESET_TIMEOUT`` in words, such as "1 hour"."""
    seconds = settings.PASSWORD_RESET_TIMEOUT
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minutes = max(1, seconds // 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def new_password_fields():
    """The new password and its confirmation, with the rules as hint text."""
    return (
        password_field(
            label=_("New password"),
            autocomplete="new-password",
            required_message=_("Enter a new password"),
        ),
        password_field(
            label=_("Confirm new password"),
            autocomplete="new-password",
            required_message=_("Enter your new password again"),
        ),
    )


class NewPasswordMixin:
    error_messages = {
        "password_mismatch": _("The passwords do not match. Enter the same password twice."),
    }

    def clean(self):
        # Replaces SetPasswordForm.clean, which puts rule breaches on the confirmation field:
        # they belong on the new password, next to the hint that states the rules.
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)

    def add_helper(self, *, submit):
        # Built per form so the hint follows the validators in force.
        self.fields["new_password1"].help_text = new_password_hint()
        self.helper = form_helper(*self.fields, submit=submit)


class NewPasswordForm(NewPasswordMixin, auth_forms.SetPasswordForm):
    """Choose a new password from a reset link."""

    new_password1, new_password2 = new_password_fields()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_helper(submit=_("Save new password"))

    def save(self, commit=True):
        user = super().save(commit=commit)
        # Whoever can reset the password owns the mailbox: a lockout should not outlast it.
        clear_failed_sign_ins(email=user.email)
        return user


class ChangePasswordForm(NewPasswordMixin, auth_forms.PasswordChangeForm):
    """Change the password of the person signed in."""

    old_password = password_field(
        label=_("Current password"),
        autocomplete="current-password",
        required_message=_("Enter your current password"),
    )
    new_password1, new_password2 = new_password_fields()
    error_messages = {
        **NewPasswordMixin.error_messages,
        "password_incorrect": _("Your current password is not right. Enter it again."),
    }
    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_helper(submit=_("Change password"))
