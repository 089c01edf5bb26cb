"""Who may do what with footprints (design section 5)."""

import rules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import Role
from accounts.rules import has_role_in, is_nhse_staff, is_reviewer_for_region, roles_by_organisation
from roadmaps.enums import CCG_ROLES, FootprintState, MemberRole, SignOffDecision
from roadmaps.selectors.lineage import can_read_history
from roadmaps.transitions import FOOTPRINT, ROADMAP

# Why a person may not: said by the view's 403 and by the service's refusal under its lock.
ONLY_CCG_EDITORS_DECLARE = gettext_lazy(
    "Only editors of a CCG that is not yet in a footprint can declare one."
)
ONLY_LEAD_EDITORS = gettext_lazy(
    "Only editors of the lead CCG can change a draft or returned footprint."
)
ONLY_THE_LEAD_SUBMITS = gettext_lazy(
    "Only editors and approvers of the lead CCG can submit a draft or returned footprint."
)
ONLY_REGIONAL_REVIEWERS = gettext_lazy(
    "Only NHS England reviewers for the lead CCG's region can review a submitted footprint."
)
ONLY_THE_LEAD = gettext_lazy("Only editors and approvers of the lead CCG can do this.")
ONLY_ROADMAP_EDITORS = gettext_lazy(
    "Only editors of the footprint's CCGs, and people the lead CCG asked to edit the "
    "roadmap, can change it."
)
ONLY_ROADMAP_REVIEWERS = gettext_lazy(
    "Only NHS England reviewers for the roadmap's region can review it."
)


def only_approvers_answer_for(organisation):
    return _("Only approvers of %(ccg)s can answer for it, while the footprint is submitted.") % {
        "ccg": organisation.name
    }


def lead_ccgs_for(user):
    """Organisation ids of the CCGs the person edits: the CCGs they may declare for."""
    return [
        organisation_id
        for organisation_id, roles in roles_by_organisation(user).items()
        if Role.EDITOR in roles
    ]


@rules.predicate
def can_declare_for(user, ccg):
    """An editor of the CCG may declare a footprint it leads."""
    return has_role_in(user, ccg.pk, [Role.EDITOR])


@rules.predicate
def can_view_footprint(user, footprint):
    """Its members (a footprint merged away: its members as they were, who keep reading its
    history), the people of the footprints it is a predecessor of, and NHS England."""
    member_ids = {member.organisation_id for member in footprint.members.all()}
    return (
        is_nhse_staff(user)
        or bool(member_ids & set(roles_by_organisation(user)))
        or can_read_history(user, footprint)
    )


def is_live(footprint):
    """Not merged away: a merged footprint and its roadmap are history, read-only."""
    return footprint.state != FootprintState.MERGED


@rules.predicate
def can_edit_footprint(user, footprint):
    return FOOTPRINT.allows(footprint.state, "edit_footprint") and has_role_in(
        user, footprint.lead_ccg_id, [Role.EDITOR]
    )


@rules.predicate
def can_submit_footprint(user, footprint):
    return FOOTPRINT.allows(footprint.state, "submit_footprint") and has_role_in(
        user, footprint.lead_ccg_id, [Role.EDITOR, Role.APPROVER]
    )


@rules.predicate
def can_confirm_membership(user, member):
    return (
        member.role == MemberRole.PARTNER_CCG
        and FOOTPRINT.allows(member.footprint.state, "answer_place")
        and has_role_in(user, member.organisation_id, [Role.APPROVER])
    )


@rules.predicate
def can_review_footprint(user, footprint):
    return FOOTPRINT.allows(footprint.state, "endorse_footprint") and is_reviewer_for_region(
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


# --- Roadmaps (design section 5) -----------------------------------------------------------


def _footprint_ccg_ids(footprint):
    return {m.organisation_id for m in footprint.members.all() if m.role in CCG_ROLES}


@rules.predicate
def can_view_roadmap(user, roadmap):
    """Members of any organisation in the footprint, the people the lead asked to edit it,
    and NHS England."""
    return can_view_footprint(user, roadmap.footprint) or _is_invited_editor(user, roadmap)


def _is_invited_editor(user, roadmap):
    """Asked by the lead to edit, and still active."""
    return (
        user.is_authenticated
        and user.is_active
        and any(editor.user_id == user.pk for editor in roadmap.editors.all())
    )


@rules.predicate
def is_roadmap_editor(user, roadmap):
    """Editors of the footprint's CCGs and the people the lead invited, whatever the state:
    the people who write the draft and, once it is accepted, its progress returns."""
    if not is_live(roadmap.footprint):
        return False
    mine = roles_by_organisation(user)
    return any(
        Role.EDITOR in mine.get(ccg_id, ()) for ccg_id in _footprint_ccg_ids(roadmap.footprint)
    ) or _is_invited_editor(user, roadmap)


@rules.predicate
def can_edit_roadmap(user, roadmap):
    """The roadmap's editors, while it is a draft."""
    return ROADMAP.allows(roadmap.state, "edit_roadmap") and is_roadmap_editor(user, roadmap)


@rules.predicate
def can_lead_roadmap(user, roadmap):
    """The lead CCG's editors and approvers: request sign-off, submit, choose signatories and
    invite editors."""
    return is_live(roadmap.footprint) and has_role_in(
        user, roadmap.footprint.lead_ccg_id, [Role.EDITOR, Role.APPROVER]
    )


def signing_organisation_ids(user, roadmap):
    """The organisations whose pending sign-off in the current round this person may give:
    those where they are an approver."""
    if not is_live(roadmap.footprint):
        return set()
    mine = roles_by_organisation(user)
    return {
        sign_off.organisation_id
        for sign_off in roadmap.sign_offs.all()
        if sign_off.round == roadmap.sign_off_round
        and sign_off.decision == SignOffDecision.PENDING
        and Role.APPROVER in mine.get(sign_off.organisation_id, ())
    }


@rules.predicate
def can_sign_off_roadmap(user, roadmap):
    return ROADMAP.allows(roadmap.state, "sign_off_roadmap") and bool(
        signing_organisation_ids(user, roadmap)
    )


@rules.predicate
def can_review_roadmap(user, roadmap):
    """NHS England reviewers of the lead CCG's region, and national reviewers: review, rate,
    assign and decide. Admins review only if they are reviewers too."""
    return is_reviewer_for_region(user, roadmap.footprint.lead_ccg.region_id)
