"""Who may do what with assessments (design section 5)."""

import rules

from accounts.enums import Role
from accounts.rules import has_role_in, is_nhse_admin, is_nhse_staff, roles_by_organisation
from maturity.enums import AssessmentState
from maturity.selectors.assessments import footprint_ccg_ids, is_helping

ANSWERABLE_STATES = (AssessmentState.NOT_STARTED, AssessmentState.IN_PROGRESS)


@rules.predicate
def can_view_assessment(user, assessment):
    """Its organisation's members, members of CCGs in a footprint that holds it, NHS England."""
    mine = set(roles_by_organisation(user))
    return (
        is_nhse_staff(user)
        or assessment.organisation_id in mine
        or bool(footprint_ccg_ids(assessment) & mine)
    )


@rules.predicate
def can_answer(user, assessment):
    """The organisation's editors, and the lead CCG's people it asked to help, until it is
    submitted."""
    return assessment.state in ANSWERABLE_STATES and (
        has_role_in(user, assessment.organisation_id, [Role.EDITOR]) or is_helping(user, assessment)
    )


@rules.predicate
def can_manage_helpers(user, assessment):
    """The organisation's approvers ask people to help, or stop them, until it is submitted."""
    return assessment.state in ANSWERABLE_STATES and has_role_in(
        user, assessment.organisation_id, [Role.APPROVER]
    )


@rules.predicate
def can_sign_off(user, assessment):
    return assessment.state == AssessmentState.SUBMITTED and has_role_in(
        user, assessment.organisation_id, [Role.APPROVER]
    )


@rules.predicate
def can_reopen(user, assessment):
    return assessment.state in (
        AssessmentState.SUBMITTED,
        AssessmentState.SIGNED_OFF,
    ) and is_nhse_admin(user)


# For templates whose view does not pass the answer: {% test_rule "maturity.manage_helpers" %}.
rules.add_rule("maturity.manage_helpers", can_manage_helpers)
