"""Granting and revoking a person's role in an organisation."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.enums import NHS_ENGLAND_KINDS, NHS_ENGLAND_ROLES, Role
from accounts.errors import ActionRefused
from accounts.models import Membership
from accounts.services.audit import record_event


def check_role_fits(*, organisation, role):
    """NHS England roles belong to NHS England and its regions; the others to everyone else."""
    if (organisation.kind in NHS_ENGLAND_KINDS) != (role in NHS_ENGLAND_ROLES):
        raise ActionRefused(
            _("%(organisation)s cannot have the role %(role)s.")
            % {"organisation": organisation.name, "role": Role(role).label.lower()}
        )


def describe(membership):
    return {
        "person": membership.user.email,
        "organisation": membership.organisation.ods_code,
        "role": membership.role,
    }


@transaction.atomic
def grant_membership(*, user, organisation, role, granted_by):
    """Give ``user`` the ``role`` in ``organisation``; a role they already hold is kept as is.

    Returns ``(membership, created)``; an audit event is written only when one is created.
    """
    check_role_fits(organisation=organisation, role=role)
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if created:
        record_event(
            actor=granted_by,
            verb="membership.granted",
            target=membership,
            organisation=organisation,
            after=describe(membership),
        )
    return membership, created


@transaction.atomic
def revoke_membership(*, membership, revoked_by):
    """Remove a role. An organisation's last approver cannot be removed: nobody could then
    invite or remove anyone, short of NHS England."""
    locked = Membership.objects.select_for_update().filter(pk=membership.pk).first()
    if locked is None:
        raise ActionRefused(_("That role has already been removed."))
    if (
        locked.role == Role.APPROVER
        and not Membership.objects.filter(organisation=locked.organisation_id, role=Role.APPROVER)
        .exclude(pk=locked.pk)
        .exists()
    ):
        raise ActionRefused(
            _(
                "%(person)s is the only approver of %(organisation)s. Invite another approver "
                "before removing them."
            )
            % {"person": membership.user, "organisation": membership.organisation.name}
        )
    before = describe(membership)
    record_event(
        actor=revoked_by,
        verb="membership.revoked",
        target=membership,
        organisation=membership.organisation,
        before=before,
    )
    locked.delete()
