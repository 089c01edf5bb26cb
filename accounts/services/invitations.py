"""Inviting people to an organisation, and their accepting or the inviter revoking.

The link in the email carries a random token; only its SHA-256 hash is stored. Holding the
link is what lets someone join: membership is never inferred from an email address alone.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from accounts.models import Invitation, Membership, User
from accounts.services.audit import record_event
from accounts.services.memberships import check_role_fits, grant_membership
from accounts.services.outbox import queue_email


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def describe(invitation):
    return {
        "email": invitation.email,
        "organisation": invitation.organisation.ods_code,
        "role": invitation.role,
        "expires_at": invitation.expires_at,
    }


def why_not_pending(invitation, *, now=None):
    """A sentence for a person explaining why this invitation cannot be used, or None."""
    now = now or timezone.now()
    if invitation.accepted_at:
        return _("This invitation has already been accepted. Sign in to use the service.")
    if invitation.revoked_at:
        return _("This invitation was withdrawn. Ask the person who invited you to send a new one.")
    if invitation.expires_at <= now:
        return _(
            "This invitation expired on %(date)s. Ask the person who invited you to send a new one."
        ) % {"date": formats.date_format(timezone.localtime(invitation.expires_at), "j F Y")}
    return None


@transaction.atomic
def invite(*, organisation, email, role, invited_by):
    """Invite ``email`` to ``organisation`` with ``role`` and queue the email with the link.

    Inviting someone again replaces their open invitation for the same role, so only the
    newest link works. Refused if they already hold the role.
    """
    email = email.strip().lower()
    check_role_fits(organisation=organisation, role=role)
    if Membership.objects.filter(organisation=organisation, role=role, user__email=email).exists():
        raise ActionRefused(
            _("%(email)s is already %(role)s of %(organisation)s.")
            % {"email": email, "role": _role_with_article(role), "organisation": organisation.name}
        )
    now = timezone.now()
    for previous in Invitation.objects.select_for_update().filter(
        organisation=organisation,
        email=email,
        role=role,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ):
        _revoke(previous, revoked_by=invited_by, verb="invitation.replaced")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        organisation=organisation,
        role=role,
        token_hash=hash_token(token),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + settings.INVITATION_VALID_FOR,
    )
    record_event(
        actor=invited_by,
        verb="invitation.sent",
        target=invitation,
        organisation=organisation,
        after=describe(invitation),
    )
    queue_email(
        key=f"invitation:{invitation.pk}",
        to=email,
        template="invitation",
        contains_secret=True,
        context={
            "organisation_name": organisation.name,
            "role": Invitation(role=role).get_role_display().lower(),
            "inviter_name": invited_by.get_full_name(),
            "accept_url": settings.SITE_URL + reverse("accept_invitation_link", args=[token]),
            "expires": formats.date_format(
                timezone.localtime(invitation.expires_at), "j F Y \\a\\t g:i a"
            ),
        },
    )
    return invitation


def _role_with_article(role):
    label = Invitation(role=role).get_role_display().lower()
    return (_("an %(role)s") if label[0] in "aeiou" else _("a %(role)s")) % {"role": label}


@transaction.atomic
def accept_invitation(*, invitation, user=None, full_name="", password=""):
    """Accept an open invitation: as the signed-in ``user`` it was sent to, or by creating
    the account (``full_name`` and ``password``) when none exists for its address.

    Returns the member. Refused if the invitation is no longer open, however it is asked.
    """
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    reason = why_not_pending(invitation)
    if reason:
        raise ActionRefused(reason)
    if user is None:
        if User.objects.filter(email=invitation.email).exists():
            raise ActionRefused(
                _("An account for %(email)s already exists. Sign in to accept the invitation.")
                % {"email": invitation.email}
            )
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name.strip()
        )
    elif user.email.lower() != invitation.email:
        raise ActionRefused(
            _("This invitation is for %(email)s. Sign out, then open the link again.")
            % {"email": invitation.email}
        )
    grant_membership(
        user=user,
        organisation=invitation.organisation,
        role=invitation.role,
        granted_by=invitation.invited_by,
    )
    before = describe(invitation)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    record_event(
        actor=user,
        verb="invitation.accepted",
        target=invitation,
        organisation=invitation.organisation,
        before=before,
        after={**describe(invitation), "accepted_by": user.email},
    )
    return user


@transaction.atomic
def revoke_invitation(*, invitation, revoked_by):
    """Withdraw an open invitation so its link stops working."""
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    reason = why_not_pending(invitation)
    if reason:
        raise ActionRefused(_("This invitation can no longer be withdrawn.") + " " + reason)
    _revoke(invitation, revoked_by=revoked_by, verb="invitation.revoked")
    return invitation


def _revoke(invitation, *, revoked_by, verb):
    invitation.revoked_at = timezone.now()
    invitation.revoked_by = revoked_by
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    record_event(
        actor=revoked_by,
        verb=verb,
        target=invitation,
        organisation=invitation.organisation,
        after=describe(invitation),
    )
