"""Moving one organisation from a footprint to another of the same cycle (a split, a change
of STP): ``preview_move`` says what would happen and what stops it; ``move_member`` does it
after the same checks on the locked rows. The old place is kept as having left; the new one
starts as the old role, a partner CCG waiting to confirm its place. The organisation's people
and both lead CCGs' are emailed, keyed on the move's event."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.errors import ActionRefused
from accounts.rules import is_nhse_admin
from accounts.services.audit import record_event
from accounts.services.outbox import queue_email
from accounts.transitions import authorise
from roadmaps.enums import MemberRole
from roadmaps.models import Footprint, FootprintMember
from roadmaps.selectors.footprints import people_with_roles
from roadmaps.services.merges import ONLY_ADMINS_MERGE
from roadmaps.transitions import FOOTPRINT


@dataclass
class MovePreview:
    member: object
    source: object
    target: object
    people: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def role_label(self):
        return MemberRole(self.member.role).label


def _problems(member, source, target):
    problems = []
    if member.left_at is not None:
        problems.append(
            _("%(organisation)s has already left %(footprint)s.")
            % {"organisation": member.organisation.name, "footprint": source.name}
        )
    if member.role == MemberRole.LEAD_CCG:
        problems.append(
            _("%(organisation)s leads %(footprint)s: a lead CCG cannot move. Merge the "
              "footprints instead.")
            % {"organisation": member.organisation.name, "footprint": source.name}
        )  # fmt: skip
    if source.pk == target.pk:
        problems.append(_("Choose another footprint to move it to."))
    elif source.cycle_id != target.cycle_id:
        problems.append(_("An organisation moves only between footprints of one cycle."))
    for footprint in {source.pk: source, target.pk: target}.values():
        if not FOOTPRINT.allows(footprint.state, "merge_footprint"):
            problems.append(FOOTPRINT.refusal(footprint, "merge_footprint"))
    if (
        source.pk != target.pk
        and FootprintMember.objects.filter(
            footprint=target, organisation=member.organisation, left_at__isnull=True
        ).exists()
    ):
        problems.append(
            _("%(organisation)s is already in %(footprint)s.")
            % {"organisation": member.organisation.name, "footprint": target.name}
        )
    return problems


def _people(member, source, target):
    ids = {member.organisation_id, source.lead_ccg_id, target.lead_ccg_id}
    return list(people_with_roles(organisation_ids=ids, roles=[Role.EDITOR, Role.APPROVER]))


def preview_move(*, member, to_footprint):
    source = member.footprint
    preview = MovePreview(member=member, source=source, target=to_footprint)
    preview.problems = _problems(member, source, to_footprint)
    if not preview.problems:
        preview.people = _people(member, source, to_footprint)
    return preview


@transaction.atomic
def move_member(*, member, to_footprint, reason, moved_by):
    """Move ``member``'s organisation to ``to_footprint``; returns the new member row."""
    authorise(is_nhse_admin, moved_by, reason=ONLY_ADMINS_MERGE)
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Say why the organisation is moving."))
    locked = {
        footprint.pk: footprint
        for footprint in Footprint.objects.select_for_update(of=("self",))
        .select_related("cycle", "lead_ccg")
        .filter(pk__in={member.footprint_id, to_footprint.pk})
        .order_by("pk")
    }
    source, target = locked[member.footprint_id], locked[to_footprint.pk]
    member = (
        FootprintMember.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=member.pk)
    )
    problems = _problems(member, source, target)
    if problems:
        raise ActionRefused(" ".join(problems))
    member.left_at = timezone.now()
    member.save(update_fields=["left_at"])
    moved = FootprintMember.objects.create(
        footprint=target, cycle=target.cycle, organisation=member.organisation, role=member.role
    )
    after = {
        "organisation": member.organisation.ods_code,
        "from": source.name,
        "to": target.name,
        "reason": reason,
    }
    record_event(actor=moved_by, verb="footprint.member_moved_out", target=source,
                 organisation=source.lead_ccg, after=after)  # fmt: skip
    event = record_event(actor=moved_by, verb="footprint.member_moved_in", target=target,
                         organisation=target.lead_ccg, after=after)  # fmt: skip
    _tell(_people(member, source, target), member, source, target, reason, event)
    return moved


def _tell(people, member, source, target, reason, event):
    link = settings.SITE_URL + reverse("footprint_detail", args=[target.pk])
    for membership in people:
        queue_email(
            key=f"footprint_member_moved:{event.pk}:{membership.user_id}:"
            f"{membership.organisation_id}",
            to=membership.user.email,
            template="footprint_member_moved",
            context={
                "organisation": member.organisation.name,
                "from_footprint": source.name,
                "footprint_name": target.name,
                "organisation_name": membership.organisation.name,
                "cycle": target.cycle.name,
                "reason": reason,
                "link": link,
            },
        )
