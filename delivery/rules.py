"""Who may do what with progress returns (DESIGN section 7)."""

import rules
from django.utils.translation import gettext_lazy

from accounts.enums import Role
from accounts.rules import has_role_in, is_nhse_admin, is_nhse_staff, is_reviewer_for_region
from delivery.transitions import RETURN
from roadmaps.rules import can_view_roadmap, is_roadmap_editor

ONLY_RETURN_EDITORS = gettext_lazy(
    "Only editors of the footprint's CCGs, and people the lead CCG asked to edit its roadmap, "
    "can write its progress return."
)
ONLY_LEAD_APPROVERS = gettext_lazy(
    "Only approvers of the lead CCG can sign off and submit the progress return."
)
ONLY_RETURN_REVIEWERS = gettext_lazy(
    "Only NHS England reviewers for the footprint's region can assure its progress return."
)
ONLY_ADMINS = gettext_lazy("Only NHS England admins can do this.")


@rules.predicate
def can_view_return(user, progress_return):
    """Members of the footprint's organisations, its invited editors, and NHS England."""
    return can_view_roadmap(user, progress_return.roadmap)


@rules.predicate
def can_write_return(user, progress_return):
    return RETURN.allows(progress_return.state, "edit_return") and is_roadmap_editor(
        user, progress_return.roadmap
    )


@rules.predicate
def is_return_editor(user, progress_return):
    """May write the return whenever its state allows: asks for sign-off."""
    return is_roadmap_editor(user, progress_return.roadmap)


@rules.predicate
def can_sign_off_return(user, progress_return):
    return RETURN.allows(progress_return.state, "submit_return") and has_role_in(
        user, progress_return.roadmap.footprint.lead_ccg_id, [Role.APPROVER]
    )


@rules.predicate
def is_lead_approver(user, progress_return):
    return has_role_in(user, progress_return.roadmap.footprint.lead_ccg_id, [Role.APPROVER])


@rules.predicate
def can_assure_return(user, progress_return):
    """NHS England reviewers of the lead CCG's region, and national reviewers."""
    return is_reviewer_for_region(user, progress_return.roadmap.footprint.lead_ccg.region_id)


@rules.predicate
def can_see_internal_notes(user):
    return is_nhse_staff(user)


can_use_tracker = is_nhse_staff
can_manage_periods = is_nhse_admin
