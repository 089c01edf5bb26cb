"""Merging footprints (design section 7); moving one member is ``roadmaps.services.moves``.

``preview_merge`` says what a merge would carry over and what stops it, without changing
anything; ``merge_footprints`` does it, after the same checks made again on the locked rows.
The footprints merged away keep their members as they were (marked as having left), their
roadmaps, versions and progress returns, read-only, as history of the footprint they went
into; that footprint gains their members. One ``FootprintMerge`` records it with its
reason, and everyone in the footprints is emailed, keyed on that event.

Other apps say what else carries over (a footprint's progress returns, say) by adding a
function to ``CARRY_OVER``: ``describe(footprints) -> [sentence, ...]``.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import Role
from accounts.errors import ActionRefused
from accounts.rules import is_nhse_admin
from accounts.services.audit import record_event
from accounts.services.outbox import queue_email
from accounts.transitions import authorise
from roadmaps.enums import CCG_ROLES, Confirmation, MemberRole, RoadmapState
from roadmaps.models import Footprint, FootprintMember, FootprintMerge, MergedFootprint, Roadmap
from roadmaps.selectors.footprints import people_with_roles
from roadmaps.transitions import FOOTPRINT

ONLY_ADMINS_MERGE = gettext_lazy("Only NHS England admins can merge footprints.")
# Roadmap states a merge waits for: someone is signing it off or NHS England is reviewing it.
BUSY_ROADMAP = (RoadmapState.AWAITING_SIGN_OFF, RoadmapState.SUBMITTED, RoadmapState.IN_REVIEW)
CARRY_OVER = []


@dataclass
class MemberAfter:
    organisation: object
    role: str
    came_from: str

    @property
    def role_label(self):
        return MemberRole(self.role).label


@dataclass
class MergePreview:
    footprints: list
    into: object
    new_name: str
    lead_ccg: object
    members: list = field(default_factory=list)
    roadmaps: list = field(default_factory=list)
    carried: list = field(default_factory=list)
    people: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def name(self):
        return self.into.name if self.into else self.new_name

    @property
    def merged_away(self):
        return [footprint for footprint in self.footprints if footprint != self.into]


def preview_merge(*, footprints, into=None, new_name="", lead_ccg=None):
    """What merging ``footprints`` into ``into`` (one of them), or into a new footprint called
    ``new_name`` led by ``lead_ccg``, would do. ``problems`` lists what stops it."""
    footprints = sorted(footprints, key=lambda footprint: footprint.name)
    preview = MergePreview(
        footprints=footprints,
        into=into,
        new_name=(new_name or "").strip(),
        lead_ccg=into.lead_ccg if into else lead_ccg,
    )
    preview.problems = _problems(preview)
    if preview.problems:
        return preview
    preview.members = _members_after(preview)
    for footprint in footprints:
        roadmap = Roadmap.objects.filter(footprint=footprint).first()
        if roadmap is None:
            continue
        kept = footprint != into
        preview.roadmaps.append(
            {
                "footprint": footprint,
                "state": roadmap.get_state_display(),
                "versions": roadmap.versions.count(),
                "kept": kept,
            }
        )
    for describe in CARRY_OVER:
        preview.carried.extend(describe(preview.merged_away))
    organisation_ids = {member.organisation.pk for member in preview.members}
    preview.people = list(
        people_with_roles(organisation_ids=organisation_ids, roles=[Role.EDITOR, Role.APPROVER])
    )
    return preview


def _problems(preview):
    footprints, into = preview.footprints, preview.into
    problems = []
    if len(footprints) < 2:
        problems.append(_("Choose at least two footprints to merge."))
    if len({footprint.cycle_id for footprint in footprints}) > 1:
        problems.append(_("Footprints of different cycles cannot be merged."))
    if into is not None and into not in footprints:
        problems.append(_("Choose the footprint to merge into from the footprints being merged."))
    if into is None:
        if not preview.new_name:
            problems.append(_("Enter the merged footprint's name, or choose one to merge into."))
        limit = Footprint._meta.get_field("name").max_length
        if len(preview.new_name) > limit:
            problems.append(_("The name must be %(limit)s characters or fewer.") % {"limit": limit})
        lead_ids = {
            member.organisation_id
            for footprint in footprints
            for member in footprint.members.all()
            if member.role in CCG_ROLES and member.left_at is None
        }
        if preview.lead_ccg is None:
            problems.append(_("Choose the CCG that will lead the merged footprint."))
        elif preview.lead_ccg.pk not in lead_ids:
            problems.append(
                _(
                    "%(ccg)s is not a CCG of the footprints being merged: a CCG can be in only "
                    "one footprint, so the lead must come from one of them."
                )
                % {"ccg": preview.lead_ccg.name}
            )
    for footprint in footprints:
        # The footprint merged into stays as it is, but takes no merge while it is being
        # decided on or has itself gone.
        if not FOOTPRINT.allows(footprint.state, "merge_footprint"):
            problems.append(FOOTPRINT.refusal(footprint, "merge_footprint"))
        roadmap = Roadmap.objects.filter(footprint=footprint).first()
        if roadmap is not None and roadmap.state in BUSY_ROADMAP:
            problems.append(
                _("%(name)s's roadmap is %(state)s. Merge once its sign-off or review is finished.")
                % {"name": footprint.name, "state": roadmap.get_state_display().lower()}
            )
    return problems


def _members_after(preview):
    """The merged footprint's members: each organisation once, its lead as lead CCG, every
    other CCG a partner, the others in the role they had (the first footprint's)."""
    after = {}
    ordered = sorted(preview.footprints, key=lambda footprint: footprint != preview.into)
    for footprint in ordered:
        for member in footprint.members.all():
            if member.left_at is not None or member.organisation_id in after:
                continue
            role = member.role
            if role in CCG_ROLES:
                is_lead = member.organisation_id == preview.lead_ccg.pk
                role = MemberRole.LEAD_CCG if is_lead else MemberRole.PARTNER_CCG
            after[member.organisation_id] = MemberAfter(
                organisation=member.organisation, role=role, came_from=footprint.name
            )
    return sorted(
        after.values(), key=lambda m: (m.role != MemberRole.LEAD_CCG, m.organisation.name)
    )


def _lock(footprints):
    return list(
        Footprint.objects.select_for_update(of=("self",))
        .select_related("cycle", "lead_ccg")
        .filter(pk__in=[footprint.pk for footprint in footprints])
        .order_by("pk")
    )


@transaction.atomic
def merge_footprints(*, footprints, reason, merged_by, into=None, new_name="", lead_ccg=None):
    """Merge ``footprints`` into ``into`` (one of them) or into a new draft footprint called
    ``new_name`` led by ``lead_ccg``. Refused as ``preview_merge`` would say, and without a
    reason. Returns the ``FootprintMerge``."""
    authorise(is_nhse_admin, merged_by, reason=ONLY_ADMINS_MERGE)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Say why the footprints are being merged."))
    locked = _lock(footprints)
    if into is not None:
        into = next((footprint for footprint in locked if footprint.pk == into.pk), into)
    preview = preview_merge(footprints=locked, into=into, new_name=new_name, lead_ccg=lead_ccg)
    if preview.problems:
        raise ActionRefused(" ".join(preview.problems))
    now = timezone.now()
    cycle = locked[0].cycle
    created = into is None
    if created:
        lead_source = next(
            f
            for f in locked
            if any(m.organisation_id == lead_ccg.pk and m.left_at is None for m in f.members.all())
        )
        into = Footprint.objects.create(
            cycle=cycle,
            name=preview.new_name,
            lead_ccg=lead_ccg,
            carried_from_id=lead_source.carried_from_id,
        )
    merge = FootprintMerge.objects.create(
        cycle=cycle, into=into, into_created=created, reason=reason, merged_by=merged_by
    )
    for footprint in preview.merged_away:
        MergedFootprint.objects.create(
            merge=merge, footprint=footprint, name=footprint.name, state_before=footprint.state
        )
        FOOTPRINT.move(
            footprint,
            "merge_footprint",
            by=merged_by,
            organisation=footprint.lead_ccg,
            after={"into": into.pk, "into_name": into.name, "reason": reason},
            merged_into=into,
        )
        FootprintMember.objects.filter(footprint=footprint, left_at__isnull=True).update(
            left_at=now
        )
    _join(into, preview.members, by=merged_by, at=now)
    event = record_event(
        actor=merged_by,
        verb="footprint.merge_received" if not created else "footprint.formed_by_merge",
        target=into,
        organisation=into.lead_ccg,
        after={
            "merge": merge.pk,
            "from": [footprint.name for footprint in preview.merged_away],
            "reason": reason,
        },
    )
    _tell_everyone(into, preview, event)
    return merge


def _join(into, members, *, by, at):
    current = {
        member.organisation_id: member
        for member in FootprintMember.objects.filter(footprint=into, left_at__isnull=True)
    }
    for member in members:
        mine = current.get(member.organisation.pk)
        if mine is not None:
            if mine.role != member.role:
                mine.role = member.role
                mine.save(update_fields=["role"])
            continue
        # A CCG comes in confirmed: NHS England decided the merge with it.
        confirmed = member.role == MemberRole.PARTNER_CCG
        FootprintMember.objects.create(
            footprint=into,
            cycle=into.cycle,
            organisation=member.organisation,
            role=member.role,
            confirmation=Confirmation.CONFIRMED if confirmed else Confirmation.PENDING,
            confirmed_by=by if confirmed else None,
            confirmed_at=at if confirmed else None,
        )


def _tell_everyone(into, preview, event):
    link = settings.SITE_URL + reverse("footprint_detail", args=[into.pk])
    names = [footprint.name for footprint in preview.footprints]
    for membership in preview.people:
        queue_email(
            key=f"footprints_merged:{event.pk}:{membership.user_id}:{membership.organisation_id}",
            to=membership.user.email,
            template="footprints_merged",
            context={
                "footprint_name": into.name,
                "merged": ", ".join(names),
                "organisation_name": membership.organisation.name,
                "cycle": into.cycle.name,
                "reason": event.after["reason"],
                "link": link,
            },
        )
