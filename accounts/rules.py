"""Who may do what: permission predicates (django-rules), the one permission layer.

Views never hand-roll checks: they ask a predicate here, through a scoped selector. Role
look-ups are cached on the user object, so a page asks the database once however many
predicates it evaluates.
"""

import rules
from django.core.exceptions import PermissionDenied

from accounts.enums import NHS_ENGLAND_KINDS, OrganisationKind, Role


def roles_by_organisation(user):
    """{organisation id: set of roles} for an active user, cached on the user object."""
    if not (user.is_authenticated and user.is_active):
        return {}
    if getattr(user, "_roles_by_organisation", None) is None:
        _load_roles(user)
    return user._roles_by_organisation


def nhs_england_roles(user):
    """[(organisation kind, region id, role)] for the user's NHS England memberships."""
    if not (user.is_authenticated and user.is_active):
        return []
    if getattr(user, "_nhs_england_roles", None) is None:
        _load_roles(user)
    return user._nhs_england_roles


def _load_roles(user):
    """The caches from one query of the user's memberships."""
    by_organisation, nhs_england, ccgs = {}, [], set()
    for organisation_id, role, kind in user.memberships.values_list(
        "organisation_id", "role", "organisation__kind"
    ):
        by_organisation.setdefault(organisation_id, set()).add(role)
        if kind in NHS_ENGLAND_KINDS:
            nhs_england.append((kind, organisation_id, role))
        if kind == OrganisationKind.CCG:
            ccgs.add(organisation_id)
    user._roles_by_organisation = by_organisation
    user._nhs_england_roles = nhs_england
    user._ccg_ids = ccgs


def ccg_ids(user):
    """The ids of the CCGs the user is a member of, from the same cached query."""
    if not (user.is_authenticated and user.is_active):
        return set()
    if getattr(user, "_ccg_ids", None) is None:
        _load_roles(user)
    return user._ccg_ids


def forget_cached_roles(user):
    """Call after changing a user's memberships within one request."""
    for attribute in ("_roles_by_organisation", "_nhs_england_roles", "_ccg_ids"):
        user.__dict__.pop(attribute, None)


def refuse_unless(allowed, reason):
    """403 with ``reason``, for an action on something the person can see but may not do.

    (Something they may not even know about answers 404: the selectors find nothing.)
    """
    if not allowed:
        raise PermissionDenied(reason)


@rules.predicate
def is_nhse_admin(user):
    return any(
        kind == OrganisationKind.NHS_ENGLAND and role == Role.ADMIN
        for kind, _organisation, role in nhs_england_roles(user)
    )


@rules.predicate
def is_nhse_staff(user):
    return bool(nhs_england_roles(user))


@rules.predicate
def is_nhse_reviewer(user):
    """A reviewer of NHS England, national or of a region."""
    return any(role == Role.REVIEWER for _kind, _organisation, role in nhs_england_roles(user))


@rules.predicate
def is_ccg_member(user):
    return bool(ccg_ids(user))


def is_reviewer_for_region(user, region_id):
    """A national reviewer, or a reviewer of this NHS England region."""
    return any(
        role == Role.REVIEWER
        and (kind == OrganisationKind.NHS_ENGLAND or organisation_id == region_id)
        for kind, organisation_id, role in nhs_england_roles(user)
    )


def has_role_in(user, organisation_id, roles):
    return bool(roles_by_organisation(user).get(organisation_id, set()) & set(roles))


@rules.predicate
def is_member_of(user, organisation):
    return organisation is not None and organisation.pk in roles_by_organisation(user)


@rules.predicate
def is_approver_of(user, organisation):
    return organisation is not None and Role.APPROVER in roles_by_organisation(user).get(
        organisation.pk, ()
    )


# Section 5 of the design: "see an organisation's members, invite, revoke".
can_manage_members = is_approver_of | is_nhse_admin


def roles_grantable_by(user, organisation):
    """The roles ``user`` may invite someone to ``organisation`` with."""
    if organisation.kind in NHS_ENGLAND_KINDS:
        # NHS England roles are given only by NHS England admins; admins are national.
        if not is_nhse_admin(user):
            return []
        if organisation.kind == OrganisationKind.NHS_ENGLAND:
            return [Role.REVIEWER, Role.ADMIN]
        return [Role.REVIEWER]
    return (
        [Role.EDITOR, Role.APPROVER, Role.VIEWER] if can_manage_members(user, organisation) else []
    )


rules.add_rule("accounts.manage_members", can_manage_members)
rules.add_rule("accounts.use_admin", is_nhse_admin)


ADMIN_APPS = ("accounts", "roadmaps", "maturity", "delivery", "django_celery_beat")


def register_admin_permissions():
    """Give NHS England admins the Django admin's model permissions for the service's apps.

    Called once the app registry is ready. The admin classes narrow this further: audit
    events, for one, are read-only for everybody.
    """
    from django.apps import apps

    for app_label in ADMIN_APPS:
        # The admin index asks for the bare app label before it lists an app's models.
        rules.set_perm(app_label, is_nhse_admin)
        for model in apps.get_app_config(app_label).get_models():
            for action in ("view", "add", "change", "delete"):
                rules.set_perm(f"{app_label}.{action}_{model._meta.model_name}", is_nhse_admin)
