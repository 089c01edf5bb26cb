"""Declaring a footprint, and its way from draft to endorsed (design section 6).

Each transition checks the state it starts from, writes the new state and one audit event in
one transaction, and queues its emails through the outbox after commit.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import OrganisationKind, Role
from accounts.errors import ActionRefused
from accounts.services.audit import record_event
from accounts.services.outbox import queue_email
from accounts.transitions import authorise
from maturity.services.assessments import open_assessments_for_footprint
from roadmaps import rules
from roadmaps.enums import CCG_ROLES, Confirmation, MemberRole
from roadmaps.models import Footprint, FootprintMember
from roadmaps.selectors.footprints import footprint_holding, people_with_roles
from roadmaps.services.roadmaps import open_roadmap
from roadmaps.transitions import FOOTPRINT

# The kinds of organisation each role may hold.
KINDS_FOR_ROLE = {
    MemberRole.LEAD_CCG: {OrganisationKind.CCG},
    MemberRole.PARTNER_CCG: {OrganisationKind.CCG},
    MemberRole.PROVIDER: {OrganisationKind.NHS_TRUST, OrganisationKind.OTHER_PROVIDER},
    MemberRole.LOCAL_AUTHORITY: {OrganisationKind.LOCAL_AUTHORITY},
    MemberRole.ASSOCIATE: set(OrganisationKind.values) - {OrganisationKind.CCG},
    MemberRole.OTHER: set(OrganisationKind.values) - {OrganisationKind.CCG},
}
DETAIL_FIELDS = ("name", "board_name", "chair_name", "sro_name", "contact_email")
PLACE_VERBS = {
    Confirmation.CONFIRMED: "footprint.membership_confirmed",
    Confirmation.DECLINED: "footprint.membership_declined",
}


def describe(footprint):
    return {field: getattr(footprint, field) for field in ("state", *DETAIL_FIELDS)}


def describe_member(member):
    return {
        "footprint": member.footprint_id,
        "organisation": member.organisation.ods_code,
        "role": member.role,
        "confirmation": member.confirmation,
    }


def _locked(footprint):
    return (
        Footprint.objects.select_for_update()
        .select_related("cycle", "lead_ccg")
        .get(pk=footprint.pk)
    )


def _locked_for_editing(footprint, by):
    """The footprint row, locked, once its state allows editing and ``by`` may edit it."""
    locked = _locked(footprint)
    FOOTPRINT.check(locked, "edit_footprint")
    authorise(rules.can_edit_footprint, by, locked, reason=rules.ONLY_LEAD_EDITORS)
    return locked


def _check_can_join(*, footprint, organisation, role):
    if organisation.kind not in KINDS_FOR_ROLE[role]:
        raise ActionRefused(
            _("%(organisation)s cannot be added as %(role)s.")
            % {"organisation": organisation.name, "role": MemberRole(role).label.lower()}
        )
    if not organisation.is_open_on(timezone.localdate()):
        raise ActionRefused(
            _("%(organisation)s closed on %(date)s, so it cannot be added.")
            % {"organisation": organisation.name, "date": organisation.close_date}
        )
    if role in CCG_ROLES:
        holder = footprint_holding(cycle=footprint.cycle, organisation=organisation)
        if holder is not None:
            raise _taken(organisation, holder)


def _taken(organisation, holder):
    return ActionRefused(
        _("%(ccg)s is already in the footprint %(footprint)s. A CCG can be in only one footprint.")
        % {"ccg": organisation.name, "footprint": holder.name}
    )


def _insert_member(*, footprint, organisation, role):
    """Insert a member; the database has the last word when two people race for one CCG."""
    try:
        with transaction.atomic():
            return FootprintMember.objects.create(
                footprint=footprint, cycle=footprint.cycle, organisation=organisation, role=role
            )
    except IntegrityError as clash:
        if FootprintMember.objects.filter(footprint=footprint, organisation=organisation).exists():
            raise ActionRefused(
                _("%(organisation)s is already in this footprint.")
                % {"organisation": organisation.name}
            ) from clash
        holder = footprint_holding(cycle=footprint.cycle, organisation=organisation)
        if holder is None:
            raise
        raise _taken(organisation, holder) from clash


@transaction.atomic
def declare_footprint(*, cycle, lead_ccg, details, declared_by):
    """Create a draft footprint led by ``lead_ccg``; refused if that CCG is already in one,
    or if ``declared_by`` is not one of its editors."""
    authorise(rules.can_declare_for, declared_by, lead_ccg, reason=rules.ONLY_CCG_EDITORS_DECLARE)
    _check_can_join(footprint=Footprint(cycle=cycle), organisation=lead_ccg, role="lead_ccg")
    footprint = Footprint.objects.create(
        cycle=cycle, lead_ccg=lead_ccg, created_by=declared_by, **_details(details)
    )
    _insert_member(footprint=footprint, organisation=lead_ccg, role=MemberRole.LEAD_CCG)
    record_event(
        actor=declared_by,
        verb="footprint.declared",
        target=footprint,
        organisation=lead_ccg,
        after=describe(footprint),
    )
    return footprint


def _details(details):
    return {field: (details.get(field) or "").strip() for field in DETAIL_FIELDS}


@transaction.atomic
def update_footprint_details(*, footprint, details, updated_by):
    """Change the footprint's name and governance details while it is a draft or returned."""
    footprint = _locked_for_editing(footprint, updated_by)
    before = describe(footprint)
    for field, value in _details(details).items():
        setattr(footprint, field, value)
    footprint.updated_at = timezone.now()
    footprint.save()
    record_event(
        actor=updated_by,
        verb="footprint.details_changed",
        target=footprint,
        organisation=footprint.lead_ccg,
        before=before,
        after=describe(footprint),
    )
    return footprint


@transaction.atomic
def add_member(*, footprint, organisation, role, added_by):
    """Add an organisation with a role. A CCG already in a footprint this cycle is refused,
    naming the footprint that holds it; providers and local authorities may be in several."""
    footprint = _locked_for_editing(footprint, added_by)
    if role == MemberRole.LEAD_CCG:
        raise ActionRefused(_("A footprint has exactly one lead CCG."))
    if FootprintMember.objects.filter(footprint=footprint, organisation=organisation).exists():
        raise ActionRefused(
            _("%(organisation)s is already in this footprint.")
            % {"organisation": organisation.name}
        )
    _check_can_join(footprint=footprint, organisation=organisation, role=role)
    member = _insert_member(footprint=footprint, organisation=organisation, role=role)
    record_event(
        actor=added_by,
        verb="footprint.member_added",
        target=footprint,
        organisation=footprint.lead_ccg,
        after=describe_member(member),
    )
    return member


@transaction.atomic
def remove_member(*, member, removed_by):
    """Take a member other than the lead CCG out of a draft or returned footprint."""
    footprint = _locked_for_editing(member.footprint, removed_by)
    if member.role == MemberRole.LEAD_CCG:
        raise ActionRefused(_("The lead CCG cannot be removed from its footprint."))
    before = describe_member(member)
    member.delete()
    record_event(
        actor=removed_by,
        verb="footprint.member_removed",
        target=footprint,
        organisation=footprint.lead_ccg,
        before=before,
    )


def missing_for_submission(footprint):
    """What must be filled in before the footprint can be submitted, as sentences."""
    missing = []
    if not any(m.role == MemberRole.PROVIDER for m in footprint.members.all()):
        missing.append(_("Add at least one NHS provider."))
    for field, message in (
        ("board_name", _("Name the board or group that owns the roadmap.")),
        ("chair_name", _("Name its chair.")),
        ("sro_name", _("Name the senior responsible owner.")),
        ("contact_email", _("Give a contact email address.")),
    ):
        if not getattr(footprint, field):
            missing.append(message)
    return missing


@transaction.atomic
def submit_footprint(*, footprint, submitted_by):
    """Submit a draft or returned footprint once it is complete; partner CCGs are asked to
    confirm their place again, and the lead and partners are emailed."""
    footprint = _locked(footprint)
    FOOTPRINT.check(footprint, "submit_footprint")
    authorise(
        rules.can_submit_footprint, submitted_by, footprint, reason=rules.ONLY_THE_LEAD_SUBMITS
    )
    missing = missing_for_submission(footprint)
    if missing:
        raise ActionRefused(" ".join(missing))
    before = describe(footprint)
    event = FOOTPRINT.move(
        footprint,
        "submit_footprint",
        by=submitted_by,
        organisation=footprint.lead_ccg,
        before=before,
        submitted_at=timezone.now(),
        return_comments="",
    )
    footprint.members.filter(role=MemberRole.PARTNER_CCG).update(
        confirmation=Confirmation.PENDING, confirmed_by=None, confirmed_at=None, decline_reason=""
    )
    partners = [m.organisation_id for m in footprint.members.filter(role=MemberRole.PARTNER_CCG)]
    _email(
        footprint,
        template="footprint_submitted",
        people=people_with_roles(
            organisation_ids=[footprint.lead_ccg_id, *partners],
            roles=[Role.EDITOR, Role.APPROVER],
        ),
        event=event,
    )
    _email(
        footprint,
        template="footprint_confirmation_requested",
        people=people_with_roles(organisation_ids=partners, roles=[Role.APPROVER]),
        event=event,
    )
    return footprint


@transaction.atomic
def confirm_membership(*, member, confirmed_by):
    """A partner CCG's approver confirms its place in a submitted footprint."""
    return _answer(member=member, answer=Confirmation.CONFIRMED, reason="", by=confirmed_by)


@transaction.atomic
def decline_membership(*, member, reason, declined_by):
    """A partner CCG's approver declines its place in a submitted footprint, saying why."""
    if not reason.strip():
        raise ActionRefused(_("Say why your CCG is declining its place."))
    return _answer(member=member, answer=Confirmation.DECLINED, reason=reason, by=declined_by)


def _answer(*, member, answer, reason, by):
    # The footprint first, then the member: the order every footprint transition locks in.
    footprint = _locked(member.footprint)
    member = (
        FootprintMember.objects.select_for_update().select_related("organisation").get(pk=member.pk)
    )
    member.footprint = footprint
    if member.role != MemberRole.PARTNER_CCG:
        raise ActionRefused(_("Only partner CCGs confirm their place in a footprint."))
    FOOTPRINT.check(footprint, "answer_place")
    authorise(
        rules.can_confirm_membership,
        by,
        member,
        reason=rules.only_approvers_answer_for(member.organisation),
    )
    before = describe_member(member)
    member.confirmation = answer
    member.decline_reason = reason.strip()
    member.confirmed_by = by
    member.confirmed_at = timezone.now()
    member.save()
    record_event(
        actor=by,
        verb=PLACE_VERBS[answer],
        target=member.footprint,
        organisation=member.organisation,
        before=before,
        after={**describe_member(member), "reason": member.decline_reason},
    )
    return member


@transaction.atomic
def endorse_footprint(*, footprint, endorsed_by):
    """NHS England endorses a submitted footprint: its assessments and its roadmap open, and
    the lead CCG is told."""
    return _review(footprint, "endorse_footprint", "", endorsed_by, "footprint_endorsed")


@transaction.atomic
def return_footprint(*, footprint, comments, returned_by):
    """NHS England returns a submitted footprint to its lead CCG with what to change."""
    if not comments.strip():
        raise ActionRefused(_("Say what the footprint needs to change."))
    return _review(footprint, "return_footprint", comments, returned_by, "footprint_returned")


def _review(footprint, action, comments, by, template):
    footprint = _locked(footprint)
    FOOTPRINT.check(footprint, action)
    authorise(rules.can_review_footprint, by, footprint, reason=rules.ONLY_REGIONAL_REVIEWERS)
    endorsing = action == "endorse_footprint"
    before = describe(footprint)
    event = FOOTPRINT.move(
        footprint,
        action,
        by=by,
        organisation=footprint.lead_ccg,
        before=before,
        after={"comments": comments.strip()},
        return_comments=comments.strip(),
        endorsed_at=timezone.now() if endorsing else None,
    )
    _email(
        footprint,
        template=template,
        people=people_with_roles(
            organisation_ids=[footprint.lead_ccg_id], roles=[Role.EDITOR, Role.APPROVER]
        ),
        event=event,
    )
    if endorsing:
        # Step 2 starts: each NHS provider in the footprint gets its assessment.
        open_assessments_for_footprint(footprint=footprint, opened_by=by)
        # Step 3 too: the footprint's roadmap, as an empty draft.
        open_roadmap(footprint=footprint, opened_by=by)
    return footprint


def _email(footprint, *, template, people, event):
    """One email per person and organisation, keyed on the event that caused it."""
    link = settings.SITE_URL + reverse("footprint_detail", args=[footprint.pk])
    for membership in people:
        queue_email(
            key=f"{template}:{event.pk}:{membership.user_id}:{membership.organisation_id}",
            to=membership.user.email,
            template=template,
            context={
                "footprint_name": footprint.name,
                "lead_ccg": footprint.lead_ccg.name,
                "organisation_name": membership.organisation.name,
                "cycle": footprint.cycle.name,
                "comments": footprint.return_comments,
                "link": link,
            },
        )
