"""Reads for accounts, scoped to the person asking where the data is not public.

Organisations are public reference data (any signed-in person may find them); who belongs
to an organisation, and its invitations, are visible only to those the rules allow.
"""

import hashlib

from django.db.models import Q

from accounts.enums import OrganisationKind, Role
from accounts.models import Invitation, Membership, Organisation, OutboundEmail
from accounts.rules import is_nhse_admin, roles_by_organisation


def search_organisations(*, query="", kind="", region_code=""):
    """Organisations matching a name or ODS code fragment, optionally by kind and region."""
    organisations = Organisation.objects.select_related("region", "parent")
    query = query.strip()
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(ods_code=query.upper()))
    if kind:
        organisations = organisations.filter(kind=kind)
    if region_code:
        organisations = organisations.filter(region__ods_code=region_code)
    return organisations.order_by("name", "ods_code")


def regions():
    return Organisation.objects.filter(kind=OrganisationKind.NHSE_REGION).order_by("name")


def organisation_by_code(ods_code):
    return (
        Organisation.objects.select_related("region", "parent")
        .filter(ods_code=ods_code.upper())
        .first()
    )


def memberships_of_user(user):
    """The person's own memberships, for their home page."""
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__region")
        .order_by("organisation__name", "role")
    )


def members_of(organisation):
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email", "role")
    )


def pending_invitations_for(organisation, *, now):
    return (
        Invitation.objects.filter(
            organisation=organisation,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


def _managed_organisation_ids(user):
    return [
        organisation_id
        for organisation_id, roles in roles_by_organisation(user).items()
        if Role.APPROVER in roles
    ]


def invitations_for_user(user):
    """Invitations the person may manage: their approver organisations', or all for admins."""
    invitations = Invitation.objects.select_related("organisation")
    if is_nhse_admin(user):
        return invitations
    return invitations.filter(organisation_id__in=_managed_organisation_ids(user))


def memberships_for_user(user):
    """Memberships the person can see: those of organisations they belong to, or all."""
    memberships = Membership.objects.select_related("organisation", "user")
    if is_nhse_admin(user):
        return memberships
    return memberships.filter(organisation_id__in=list(roles_by_organisation(user)))


def invitation_for_token(token):
    """The invitation a link's token belongs to, in any state, or None."""
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    return (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(token_hash=token_hash)
        .first()
    )


# Outbox pages list rows, never bodies: a body may hold a private link until it is sent.
_OUTBOX_LIST_FIELDS_LEFT_OUT = ("body_text", "body_html", "context")


def outbox_emails(*, state="", template="", recipient=""):
    """The outbox for NHS England admins, newest first, optionally filtered."""
    emails = OutboundEmail.objects.defer(*_OUTBOX_LIST_FIELDS_LEFT_OUT)
    if state:
        emails = emails.filter(state=state)
    if template:
        emails = emails.filter(template=template)
    recipient = recipient.strip()
    if recipient:
        emails = emails.filter(to__icontains=recipient)
    return emails.order_by("-created_at", "-pk")


def outbox_templates():
    """The email templates the outbox holds rows for, for the filter."""
    return list(
        OutboundEmail.objects.order_by("template").values_list("template", flat=True).distinct()
    )


def emails_sent_to(user):
    """The emails addressed to ``user``'s own email address, newest first; nobody else's."""
    if not (user.is_authenticated and user.email):
        return OutboundEmail.objects.none()
    return (
        OutboundEmail.objects.defer(*_OUTBOX_LIST_FIELDS_LEFT_OUT)
        .filter(to__iexact=user.email)
        .order_by("-created_at", "-pk")
    )
