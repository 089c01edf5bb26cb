"""Sign in, sign out, password reset and change: Django's views with our forms and pages.

The forms hold the rules (lockout, the outbox, the password policy); these views only
name the form, the page and where to go next.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms.auth import (
    ChangePasswordForm,
    NewPasswordForm,
    PasswordResetRequestForm,
    SignInForm,
    reset_link_lifetime,
)


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """POST only (Django's default), so a link or an image cannot sign anyone out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have signed out."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "registration/password_reset_form.html"


class ResetLinkLifetimeMixin:
    """Pages that tell people how long a reset link works."""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "expires_in": reset_link_lifetime()}


class PasswordResetDoneView(ResetLinkLifetimeMixin, auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(ResetLinkLifetimeMixin, auth_views.PasswordResetConfirmView):
    # Django moves the token from the link into the session and redirects to an address
    # without it; an invalid, expired or used link renders the same page with validlink off.
    form_class = NewPasswordForm
    template_name = "registration/password_reset_confirm.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "registration/password_change_form.html"


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"


@login_required
@require_POST
def stay_signed_in(request):
    """The timeout warning's button: this request itself restarts the session's hour."""
    return JsonResponse({"expires_in": settings.SESSION_COOKIE_AGE})


auth_urlpatterns = [
    path("session/stay-signed-in/", stay_signed_in, name="stay_signed_in"),
    path("sign-in/", SignInView.as_view(), name="sign_in"),
    path("sign-out/", SignOutView.as_view(), name="sign_out"),
    path("password-reset/", PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("change-password/", PasswordChangeView.as_view(), name="password_change"),
    path("change-password/done/", PasswordChangeDoneView.as_view(), name="password_change_done"),
]
