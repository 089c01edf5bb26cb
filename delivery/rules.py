"""Who may do what with progress returns (DESIGN section 7)."""

import rules
from django.utils.translation import gettext_lazy

from accounts.enums import Role
from accounts.rules import has_role_in, is_nhse_admin, is_nhse_staff, is_reviewer_for_region
from delivery.transitions import RETURN
from roadmaps.rules import can_lead_roadmap, can_view_roadmap, is_roadmap_editor
from roadmaps.transitions import ROADMAP

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
ONLY_FINDING_EXPLAINERS = gettext_lazy(
    "Only NHS England reviewers for the footprint's region can explain this finding, or the "
    "lead CCG's editors and approvers while the roadmap or return is back with the footprint, "
    "before it is submitted again."
)


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


def subject_roadmap(finding):
    """The roadmap of the version or return a finding was found in."""
    return (finding.roadmap_version or finding.progress_return).roadmap


@rules.predicate
def can_view_finding(user, finding):
    """Whoever may see the roadmap: members of the footprint's organisations, its invited
    editors, and NHS England."""
    return can_view_roadmap(user, subject_roadmap(finding))


def is_return_with_footprint(progress_return):
    """Being written, or waiting for sign-off: not (or not yet again) submitted."""
    state = progress_return.state
    return RETURN.allows(state, "edit_return") or RETURN.allows(state, "submit_return")


def is_roadmap_with_footprint(roadmap):
    """Its draft being written, or waiting for sign-off: not (or not yet again) submitted."""
    state = roadmap.state
    return ROADMAP.allows(state, "edit_roadmap") or ROADMAP.allows(state, "submit_roadmap")


def is_back_with_footprint(finding):
    """The finding's return, or its version's roadmap, is with the footprint again, before
    it is submitted again: being written, or waiting for sign-off."""
    if finding.progress_return_id is not None:
        return is_return_with_footprint(finding.progress_return)
    return is_roadmap_with_footprint(finding.roadmap_version.roadmap)


@rules.predicate
def can_explain_finding(user, finding):
    """NHS England reviewers of the footprint's region, and national reviewers; or the lead
    CCG's editors and approvers while the subject is back with the footprint."""
    roadmap = subject_roadmap(finding)
    return is_reviewer_for_region(user, roadmap.footprint.lead_ccg.region_id) or (
        is_back_with_footprint(finding) and can_lead_roadmap(user, roadmap)
    )


can_use_tracker = is_nhse_staff
can_manage_periods = is_nhse_admin
