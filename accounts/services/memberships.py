"""Granting and revoking a person's role in an organisation."""

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.enums import NHS_ENGLAND_KINDS, NHS_ENGLAND_ROLES, OrganisationKind, Role
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
    """Remove a role, refusing to remove the last holder of a role someone must hold.

    An organisation's last approver cannot be removed: nobody could then invite or remove
    anyone, short of NHS England. NHS England's last active admin cannot be removed either:
    nobody could then administer the service at all, short of a shell. The role's holders
    are locked together first, so two people removing each other at the same moment cannot
    both succeed. Raises ``ActionRefused`` with a sentence saying why.
    """
    holders = _holders_who_must_remain(membership)
    if holders is None:
        locked = Membership.objects.select_for_update().filter(pk=membership.pk).first()
    else:
        # Always in the same order, so concurrent removals wait for each other, never deadlock.
        locked_holders = list(holders.select_for_update(of=("self",)).order_by("pk"))
        locked = next((held for held in locked_holders if held.pk == membership.pk), None)
        if locked is not None and len(locked_holders) == 1:
            raise ActionRefused(_last_holder_message(membership))
    if locked is None:
        raise ActionRefused(_("That role has already been removed."))
    before = describe(membership)
    record_event(
        actor=revoked_by,
        verb="membership.revoked",
        target=membership,
        organisation=membership.organisation,
        before=before,
    )
    locked.delete()


def refuse_removing_the_last_nhse_admin(*, user):
    """Raise ``ActionRefused`` if ``user`` is NHS England's only active admin: deleting or
    deactivating their account would leave nobody to administer the service."""
    admins = Membership.objects.filter(
        organisation__kind=OrganisationKind.NHS_ENGLAND, role=Role.ADMIN, user__is_active=True
    )
    if admins.filter(user=user).exists() and not admins.exclude(user=user).exists():
        raise ActionRefused(_last_admin_message(user))


def _holders_who_must_remain(membership):
    """The memberships of which at least one must remain, if ``membership`` is among them.

    An inactive person's admin role does not count: they cannot sign in to use it. (The
    membership itself is in the set whatever its person's state, so it can be locked.)
    """
    if membership.role == Role.APPROVER:
        return Membership.objects.filter(
            organisation=membership.organisation_id, role=Role.APPROVER
        )
    if (
        membership.role == Role.ADMIN
        and membership.organisation.kind == OrganisationKind.NHS_ENGLAND
    ):
        return Membership.objects.filter(
            Q(user__is_active=True) | Q(pk=membership.pk),
            organisation__kind=OrganisationKind.NHS_ENGLAND,
            role=Role.ADMIN,
        )
    return None


def _last_admin_message(user):
    return _(
        "%(person)s is the only NHS England admin. Make someone else an admin before removing them."
    ) % {"person": user}


def _last_holder_message(membership):
    if membership.role == Role.ADMIN:
        return _last_admin_message(membership.user)
    return _(
        "%(person)s is the only approver of %(organisation)s. Invite another approver "
        "before removing them."
    ) % {"person": membership.user, "organisation": membership.organisation.name}
