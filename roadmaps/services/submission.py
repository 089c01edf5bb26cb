"""A roadmap's way from draft to a submitted version (design section 6): the lead asks for
sign-off, each signing organisation signs or declines, and the lead submits.

Each transition locks the roadmap row, checks the state it starts from inside that lock,
writes the new state and one audit event, and queues its emails through the outbox, which
sends them after commit.

Apps above this one (delivery's cross-checks) add a function to ``AFTER_SUBMIT``:
``hook(version_id)`` is called once the transaction that submitted the version commits.
"""

from functools import partial

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.errors import ActionRefused
from accounts.models import Organisation
from accounts.rules import has_role_in
from accounts.services.audit import record_event
from accounts.transitions import authorise
from roadmaps import rules
from roadmaps.enums import CCG_ROLES, Confirmation, RoadmapState, SignOffDecision, StageKind
from roadmaps.models import FootprintMember, RoadmapSignatory, RoadmapVersion, SignOff
from roadmaps.selectors.deadlines import effective_deadline
from roadmaps.selectors.footprints import people_with_roles
from roadmaps.selectors.roadmaps import missing_for_sign_off
from roadmaps.selectors.snapshot import roadmap_snapshot, snapshot_sha256
from roadmaps.services.notifications import LEAD_ROLES, email_lead, email_people
from roadmaps.services.roadmaps import lock_roadmap
from roadmaps.transitions import ROADMAP

AFTER_SUBMIT = []


class AlreadySubmitted(ActionRefused):
    """The roadmap was submitted already: by a double click, or by someone else just now."""

    def __init__(self, *, version):
        super().__init__(
            _("This roadmap has already been submitted as version %(number)s.")
            % {"number": version.number}
        )
        self.version = version


def _locked_for_leading(roadmap, action, by):
    """The roadmap row, locked, once its state allows ``action`` and ``by`` leads it."""
    locked = lock_roadmap(roadmap)
    ROADMAP.check(locked, action)
    authorise(rules.can_lead_roadmap, by, locked, reason=rules.ONLY_THE_LEAD)
    return locked


def _member_ids(roadmap, roles=None):
    members = FootprintMember.objects.filter(footprint_id=roadmap.footprint_id).exclude(
        confirmation=Confirmation.DECLINED
    )
    if roles is not None:
        members = members.filter(role__in=roles)
    return set(members.values_list("organisation_id", flat=True))


def signing_organisations(roadmap):
    """Who signs a request for sign-off: every member CCG, and each member the lead marked
    as a signatory."""
    marked = RoadmapSignatory.objects.filter(roadmap=roadmap).values_list(
        "organisation_id", flat=True
    )
    return _member_ids(roadmap, CCG_ROLES) | (_member_ids(roadmap) & set(marked))


def _incomplete_message(missing):
    parts = [
        f"{item.section.title} ({', '.join(item.missing)})" if item.missing else item.section.title
        for item in missing
    ]
    return _("Complete every section before you request sign-off. Still missing: %(parts)s.") % {
        "parts": "; ".join(str(part) for part in parts)
    }


@transaction.atomic
def request_sign_off(*, roadmap, requested_by):
    """Ask every signing organisation to sign off a complete draft: starts a new round of
    sign-off with one pending sign-off each, freezes the draft, and emails their approvers."""
    locked = _locked_for_leading(roadmap, "request_sign_off", requested_by)
    missing = missing_for_sign_off(locked)
    if missing:
        raise ActionRefused(_incomplete_message(missing))
    new_round = locked.sign_off_round + 1
    organisation_ids = sorted(signing_organisations(locked))
    SignOff.objects.bulk_create(
        SignOff(roadmap=locked, round=new_round, organisation_id=organisation_id)
        for organisation_id in organisation_ids
    )
    event = ROADMAP.move(
        locked,
        "request_sign_off",
        by=requested_by,
        organisation=locked.footprint.lead_ccg,
        after={"round": new_round},
        sign_off_round=new_round,
    )
    email_people(
        locked,
        template="roadmap_sign_off_requested",
        people=people_with_roles(organisation_ids=organisation_ids, roles=[Role.APPROVER]),
        event=event,
        link=reverse("sign_off_roadmap", args=[locked.pk]),
        per_organisation=True,
    )
    return locked


def _pending_sign_off(locked, organisation, by, action):
    ROADMAP.check(locked, action)
    sign_off = (
        SignOff.objects.select_for_update()
        .filter(roadmap=locked, round=locked.sign_off_round, organisation=organisation)
        .first()
    )
    if sign_off is None or sign_off.decision != SignOffDecision.PENDING:
        raise ActionRefused(
            _("%(organisation)s has no sign-off waiting on this roadmap.")
            % {"organisation": organisation.name}
        )
    if not has_role_in(by, organisation.pk, [Role.APPROVER]):
        raise ActionRefused(
            _("Only approvers of %(organisation)s can sign off for it.")
            % {"organisation": organisation.name}
        )
    return sign_off


def _decide(sign_off, decision, *, by, reason=""):
    sign_off.decision = decision
    sign_off.reason = reason
    sign_off.decided_by = by
    sign_off.decided_at = timezone.now()
    sign_off.save(update_fields=["decision", "reason", "decided_by", "decided_at"])


@transaction.atomic
def sign_off_roadmap(*, roadmap, organisation, signed_by):
    """An approver signs the roadmap off for their organisation; the lead is told."""
    locked = lock_roadmap(roadmap)
    sign_off = _pending_sign_off(locked, organisation, signed_by, "sign_off_roadmap")
    _decide(sign_off, SignOffDecision.SIGNED, by=signed_by)
    event = record_event(
        actor=signed_by,
        verb="roadmap.signed_off",
        target=locked,
        organisation=organisation,
        before={"decision": SignOffDecision.PENDING},
        after={"decision": SignOffDecision.SIGNED, "round": locked.sign_off_round},
    )
    waiting = SignOff.objects.filter(
        roadmap=locked, round=locked.sign_off_round, decision=SignOffDecision.PENDING
    ).count()
    email_lead(
        locked,
        template="roadmap_signed_off",
        event=event,
        link=reverse("roadmap_tasks", args=[locked.pk]),
        extra={"signing_organisation": organisation.name, "waiting": waiting},
    )
    return sign_off


@transaction.atomic
def decline_sign_off(*, roadmap, organisation, reason, declined_by):
    """An approver declines, saying why; the round ends and the roadmap goes back to the lead
    as an editable draft (``changes_requested`` if a version was submitted before)."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Say why your organisation is declining to sign off."))
    locked = lock_roadmap(roadmap)
    sign_off = _pending_sign_off(locked, organisation, declined_by, "decline_sign_off")
    _decide(sign_off, SignOffDecision.DECLINED, by=declined_by, reason=reason)
    back_to = (
        RoadmapState.CHANGES_REQUESTED
        if RoadmapVersion.objects.filter(roadmap=locked).exists()
        else RoadmapState.DRAFT
    )
    event = ROADMAP.move(
        locked,
        "decline_sign_off",
        to=back_to,
        by=declined_by,
        organisation=organisation,
        after={"round": locked.sign_off_round, "reason": reason},
    )
    email_lead(
        locked,
        template="roadmap_sign_off_declined",
        event=event,
        link=reverse("roadmap_tasks", args=[locked.pk]),
        extra={"signing_organisation": organisation.name, "reason": reason},
    )
    return sign_off


def roadmap_deadline(roadmap):
    """When submissions of this roadmap close (``effective_deadline`` of the roadmap stage),
    or None when the cycle has no roadmap stage."""
    footprint = roadmap.footprint
    return effective_deadline(
        cycle=footprint.cycle,
        stage_kind=StageKind.ROADMAP,
        footprint=footprint,
        organisation=footprint.lead_ccg,
    )


def _refuse_after_deadline(roadmap):
    due = roadmap_deadline(roadmap)
    # A deadline names its last second (23:59:59), so the whole of that second is still open.
    if due is not None and timezone.now().replace(microsecond=0) > due:
        local = timezone.localtime(due)
        raise ActionRefused(
            _("Roadmaps were due by %(time)s on %(date)s, so this one can no longer be "
              "submitted. Ask NHS England about an extension.")
            % {"time": formats.time_format(local, "H:i"),
               "date": formats.date_format(local, "j F Y")}
        )  # fmt: skip


@transaction.atomic
def submit_roadmap(*, roadmap, submitted_by):
    """Submit a roadmap every signing organisation has signed off, before the deadline:
    freezes the draft as the next ``RoadmapVersion`` with its SHA-256 and emails a receipt
    to every member organisation. Makes one version however many times it is called at
    once: the others are refused with ``AlreadySubmitted``."""
    locked = lock_roadmap(roadmap)
    latest = RoadmapVersion.objects.filter(roadmap=locked).order_by("-number").first()
    past_submission = not (
        ROADMAP.allows(locked.state, "edit_roadmap")
        or ROADMAP.allows(locked.state, "submit_roadmap")
    )
    if latest is not None and past_submission:
        raise AlreadySubmitted(version=latest)
    ROADMAP.check(locked, "submit_roadmap")
    authorise(rules.can_lead_roadmap, submitted_by, locked, reason=rules.ONLY_THE_LEAD)
    waiting = (
        SignOff.objects.filter(roadmap=locked, round=locked.sign_off_round)
        .exclude(decision=SignOffDecision.SIGNED)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    if waiting:
        raise ActionRefused(
            _("Every organisation must sign off before you submit. Still waiting for: %(names)s.")
            % {"names": ", ".join(sign_off.organisation.name for sign_off in waiting)}
        )
    _refuse_after_deadline(locked)
    snapshot = roadmap_snapshot(locked)
    version = RoadmapVersion.objects.create(
        roadmap=locked,
        number=(latest.number if latest else 0) + 1,
        snapshot=snapshot,
        sha256=snapshot_sha256(snapshot),
        submitted_by=submitted_by,
    )
    event = ROADMAP.move(
        locked,
        "submit_roadmap",
        by=submitted_by,
        organisation=locked.footprint.lead_ccg,
        after={"version": version.number, "sha256": version.sha256},
        submitted_at=version.submitted_at,
    )
    email_people(
        locked,
        template="roadmap_submitted",
        people=people_with_roles(organisation_ids=_member_ids(locked), roles=LEAD_ROLES),
        event=event,
        link=reverse("roadmap_version", args=[locked.pk, version.number]),
        extra={"number": version.number, "sha256": version.sha256},
    )
    for hook in AFTER_SUBMIT:
        transaction.on_commit(partial(hook, version.pk))
    return version


@transaction.atomic
def set_signatories(*, roadmap, organisation_ids, set_by):
    """Mark which members other than CCGs also sign the roadmap off (every CCG signs in any
    case), while its draft may change. Returns the ids now marked."""
    locked = _locked_for_leading(roadmap, "set_signatories", set_by)
    wanted = {int(pk) for pk in organisation_ids}
    allowed = _member_ids(locked) - _member_ids(locked, CCG_ROLES)
    if wanted - allowed:
        raise ActionRefused(_("Only members of the footprint other than CCGs can be chosen."))
    current = set(
        RoadmapSignatory.objects.filter(roadmap=locked).values_list("organisation_id", flat=True)
    )
    RoadmapSignatory.objects.filter(roadmap=locked, organisation_id__in=current - wanted).delete()
    RoadmapSignatory.objects.bulk_create(
        RoadmapSignatory(roadmap=locked, organisation_id=pk) for pk in sorted(wanted - current)
    )
    codes = dict(Organisation.objects.filter(pk__in=current | wanted).values_list("pk", "ods_code"))
    record_event(
        actor=set_by,
        verb="roadmap.signatories_set",
        target=locked,
        organisation=locked.footprint.lead_ccg,
        before={"signatories": sorted(codes[pk] for pk in current)},
        after={"signatories": sorted(codes[pk] for pk in wanted)},
    )
    return wanted
