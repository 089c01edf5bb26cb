"""Inviting someone to an organisation, and accepting or withdrawing an invitation."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts import selectors
from accounts.errors import ActionRefused
from accounts.forms.invitations import AcceptInvitationForm, InviteForm
from accounts.models import User
from accounts.refusals import redirect_on_refusal_to
from accounts.rules import forget_cached_roles, roles_grantable_by
from accounts.services import invitations as invitation_services
from accounts.views.organisations import organisation_for_member_management

# The token from the email link waits here while the person signs in or creates an account.
SESSION_KEY = "invitation_token"


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, ods_code):
    organisation = organisation_for_member_management(request.user, ods_code)
    roles = roles_grantable_by(request.user, organisation)
    if not roles:
        raise PermissionDenied(
            _("You cannot invite people to %(organisation)s.") % {"organisation": organisation}
        )
    form = InviteForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = invitation_services.invite(
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
        except ActionRefused as refusal:
            form.add_error("email", str(refusal))
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works until %(expires)s.")
                % {
                    "email": invitation.email,
                    "expires": date_format(timezone.localtime(invitation.expires_at), "j F Y"),
                },
            )
            return redirect("organisation_members", ods_code=organisation.ods_code)
    return render(request, "accounts/invite.html", {"organisation": organisation, "form": form})


@login_required
@require_POST
def revoke_invitation(request, pk):
    invitation = get_object_or_404(selectors.invitations_for_user(request.user), pk=pk)
    back = reverse("organisation_members", args=[invitation.organisation.ods_code])
    redirect_on_refusal_to(request, back)
    invitation_services.revoke_invitation(invitation=invitation, revoked_by=request.user)
    messages.success(
        request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
    )
    return redirect(back)


@require_safe
def accept_invitation_link(request, token):
    """Move the token from the address bar into the session (kept out of logs and history)."""
    request.session[SESSION_KEY] = token
    return redirect("accept_invitation")


@require_http_methods(["GET", "POST"])
def accept_invitation(request):
    token = request.session.get(SESSION_KEY, "")
    invitation = selectors.invitation_for_token(token) if token else None
    if invitation is None:
        return _unusable(
            request,
            _(
                "This invitation link does not work. Check you copied all of it, "
                "or ask for a new invitation."
            ),
            status=404,
        )
    reason = invitation_services.why_not_pending(invitation)
    if reason:
        return _unusable(request, reason, status=410)

    context = {"invitation": invitation}
    if request.user.is_authenticated:
        if request.user.email != invitation.email:
            return _unusable(
                request,
                _(
                    "This invitation is for %(email)s, but you are signed in as %(you)s. "
                    "Sign out, then open the link again."
                )
                % {"email": invitation.email, "you": request.user.email},
                status=403,
            )
        if request.method == "POST":
            return _accept(request, invitation, user=request.user)
        return render(request, "accounts/accept_invitation.html", context)

    if User.objects.filter(email=invitation.email).exists():
        return render(request, "accounts/accept_invitation_sign_in.html", context)

    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        return _accept(
            request,
            invitation,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password"],
        )
    return render(request, "accounts/accept_invitation.html", {**context, "form": form})


def _accept(request, invitation, **account):
    try:
        user = invitation_services.accept_invitation(invitation=invitation, **account)
    except ActionRefused as refusal:
        return _unusable(request, str(refusal), status=409)
    request.session.pop(SESSION_KEY, None)
    if not request.user.is_authenticated:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    forget_cached_roles(user)
    messages.success(
        request,
        _("You have joined %(organisation)s as %(role)s.")
        % {
            "organisation": invitation.organisation.name,
            "role": invitation.get_role_display().lower(),
        },
    )
    return redirect("home")


def _unusable(request, reason, *, status):
    request.session.pop(SESSION_KEY, None)
    return render(request, "accounts/invitation_unusable.html", {"reason": reason}, status=status)
