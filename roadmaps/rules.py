"""Who may do what with footprints (design section 5)."""

import rules

from accounts.enums import Role
from accounts.rules import has_role_in, is_nhse_staff, is_reviewer_for_region, roles_by_organisation
from roadmaps.enums import CCG_ROLES, EDITABLE_FOOTPRINT_STATES, FootprintState, MemberRole


def lead_ccgs_for(user):
    """Organisation ids of the CCGs the person edits: the CCGs they may declare for."""
    return [
        organisation_id
        for organisation_id, roles in roles_by_organisation(user).items()
        if Role.EDITOR in roles
    ]


@rules.predicate
def can_view_footprint(user, footprint):
    member_ids = {member.organisation_id for member in footprint.members.all()}
    return is_nhse_staff(user) or bool(member_ids & set(roles_by_organisation(user)))


@rules.predicate
def can_edit_footprint(user, footprint):
    return footprint.state in EDITABLE_FOOTPRINT_STATES and has_role_in(
        user, footprint.lead_ccg_id, [Role.EDITOR]
    )


@rules.predicate
def can_submit_footprint(user, footprint):
    return footprint.state in EDITABLE_FOOTPRINT_STATES and has_role_in(
        user, footprint.lead_ccg_id, [Role.EDITOR, Role.APPROVER]
    )


@rules.predicate
def can_confirm_membership(user, member):
    return (
        member.role == MemberRole.PARTNER_CCG
        and member.footprint.state == FootprintState.SUBMITTED
        and has_role_in(user, member.organisation_id, [Role.APPROVER])
    )


@rules.predicate
def can_review_footprint(user, footprint):
    return footprint.state == FootprintState.SUBMITTED and is_reviewer_for_region(
        user, footprint.lead_ccg.region_id
    )


@rules.predicate
def can_view_footprint_maturity(user, footprint):
    """The footprint's lead and partner CCGs and NHS England see every provider's results;
    a provider sees its own, on its assessment."""
    mine = set(roles_by_organisation(user))
    return is_nhse_staff(user) or any(
        member.role in CCG_ROLES and member.organisation_id in mine
        for member in footprint.members.all()
    )
