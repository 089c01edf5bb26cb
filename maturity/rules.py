"""Who may do what with assessments (design section 5)."""

import rules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import OrganisationKind, Role
from accounts.rules import has_role_in, is_nhse_admin, is_nhse_staff, roles_by_organisation
from maturity.selectors.assessments import footprint_ccg_ids, is_helping
from maturity.transitions import ASSESSMENT

# Why a person may not: said by the view's 403 and by the service's refusal under its lock.
ONLY_ADMINS_REOPEN = gettext_lazy("Only NHS England admins can reopen an assessment.")
ONLY_ADMINS_PUBLISH = gettext_lazy("Only NHS England admins can publish results.")
ONLY_ADMINS_CORRECT = gettext_lazy("Only NHS England admins can correct a trust's care setting.")


def only_editors_answer_for(organisation):
    return _(
        "Only editors of %(organisation)s, and people it asked to help, can answer its "
        "self-assessment."
    ) % {"organisation": organisation.name}


def only_approvers_sign_off_for(organisation):
    return _("Only approvers of %(organisation)s can sign off its self-assessment.") % {
        "organisation": organisation.name
    }


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
    return ASSESSMENT.allows(assessment.state, "answer") and (
        has_role_in(user, assessment.organisation_id, [Role.EDITOR]) or is_helping(user, assessment)
    )


@rules.predicate
def can_manage_helpers(user, assessment):
    """The organisation's approvers ask people to help, or stop them, until it is submitted."""
    return ASSESSMENT.allows(assessment.state, "answer") and has_role_in(
        user, assessment.organisation_id, [Role.APPROVER]
    )


@rules.predicate
def can_sign_off(user, assessment):
    return ASSESSMENT.allows(assessment.state, "sign_off_assessment") and has_role_in(
        user, assessment.organisation_id, [Role.APPROVER]
    )


@rules.predicate
def can_reopen(user, assessment):
    return ASSESSMENT.allows(assessment.state, "reopen_assessment") and is_nhse_admin(user)


@rules.predicate
def can_correct_care_setting(user, organisation):
    """NHS England admins, for an NHS trust: the settings are the kinds of trust."""
    return organisation.kind == OrganisationKind.NHS_TRUST and is_nhse_admin(user)


# For templates whose view does not pass the answer: {% test_rule "maturity.manage_helpers" %}.
rules.add_rule("maturity.manage_helpers", can_manage_helpers)
# The organisation page (accounts) links to the correction for those who may make it.
rules.add_rule("maturity.correct_care_setting", can_correct_care_setting)
