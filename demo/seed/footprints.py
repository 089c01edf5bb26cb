"""The footprints, written in bulk with the invariants the footprint services keep.

One lead CCG per footprint, a CCG in one footprint of the cycle (the database checks both),
governance details filled in before submission, partner CCGs confirmed by their approvers
once endorsed, ``submitted_at`` on everything past draft and ``endorsed_at`` on endorsed
footprints, comments on returned ones. Roadmaps are opened through ``open_roadmap``, as
endorsing does.
"""

import random
from datetime import timedelta

from accounts.enums import Role
from demo.seed.clock import at
from demo.seed.people import email_for
from roadmaps.enums import Confirmation, FootprintState, MemberRole
from roadmaps.models import Footprint, FootprintMember
from roadmaps.services.roadmaps import open_roadmap

RETURN_COMMENTS = (
    "Add the mental health trust that serves the footprint, and name the senior responsible owner."
)


def footprint_states(count, seed):
    """A state for each of ``count`` footprints: most endorsed, some submitted, a few draft
    or returned (at least one of each)."""
    drafts = returned = max(1, round(count * 0.04))
    submitted = max(1, round(count * 0.08))
    states = (
        [FootprintState.DRAFT] * drafts
        + [FootprintState.RETURNED] * returned
        + [FootprintState.SUBMITTED] * submitted
    )
    states += [FootprintState.ENDORSED] * (count - len(states))
    random.Random(f"{seed}:footprints").shuffle(states)  # noqa: S311 - seeded test data, not secrets
    return states


def _moments(as_at, index):
    """(declared, submitted, confirmed, endorsed) for the ``index``-th footprint: through the
    autumn of 2015, each a few days apart."""
    declared = as_at.replace(year=2015, month=9, day=14) + timedelta(hours=index * 7)
    submitted = declared + timedelta(days=30 + index % 14)
    return declared, submitted, submitted + timedelta(days=3), submitted + timedelta(days=21)


def create_footprints(*, cycle, plan, states, people, as_at):
    """Write the planned footprints and their members; returns the Footprint rows."""
    footprints = []
    for index, (planned, state) in enumerate(zip(plan, states, strict=True)):
        declared, submitted, _confirmed, endorsed = _moments(as_at, index)
        lead_editor = people.of(planned.lead.pk, Role.EDITOR)
        footprints.append(
            Footprint(
                cycle=cycle,
                name=planned.name,
                lead_ccg=planned.lead,
                state=state,
                board_name=f"{planned.name} Digital Programme Board",
                chair_name=people.of(planned.lead.pk, Role.APPROVER).full_name,
                sro_name=lead_editor.full_name,
                contact_email=email_for(Role.EDITOR, planned.lead),
                return_comments=RETURN_COMMENTS if state == FootprintState.RETURNED else "",
                created_by=lead_editor,
                created_at=declared,
                updated_at=declared,
                submitted_at=None if state == FootprintState.DRAFT else submitted,
                endorsed_at=endorsed if state == FootprintState.ENDORSED else None,
            )
        )
    footprints = Footprint.objects.bulk_create(footprints)
    members = []
    for index, (footprint, planned) in enumerate(zip(footprints, plan, strict=True)):
        _declared, _submitted, confirmed_at, _endorsed = _moments(as_at, index)
        for position, ccg in enumerate(planned.ccgs):
            role = MemberRole.LEAD_CCG if position == 0 else MemberRole.PARTNER_CCG
            # Partners confirm once submitted: all of them in an endorsed footprint, every
            # other one in a footprint still waiting for NHS England.
            confirmed = role == MemberRole.PARTNER_CCG and (
                footprint.state == FootprintState.ENDORSED
                or (footprint.state == FootprintState.SUBMITTED and position % 2)
            )
            members.append(
                FootprintMember(
                    footprint=footprint, cycle=footprint.cycle, organisation=ccg, role=role,
                    confirmation=Confirmation.CONFIRMED if confirmed else Confirmation.PENDING,
                    confirmed_by=people.of(ccg.pk, Role.APPROVER) if confirmed else None,
                    confirmed_at=confirmed_at if confirmed else None,
                )
            )  # fmt: skip
        members += [
            FootprintMember(footprint=footprint, cycle=footprint.cycle, organisation=trust,
                            role=MemberRole.PROVIDER)
            for trust in planned.trusts
        ]  # fmt: skip
        members += [
            FootprintMember(footprint=footprint, cycle=footprint.cycle, organisation=council,
                            role=MemberRole.LOCAL_AUTHORITY)
            for council in planned.councils
        ]  # fmt: skip
    FootprintMember.objects.bulk_create(members, batch_size=500)
    return footprints, len(members)


def open_roadmaps(footprints, as_at):
    """Open the endorsed footprints' roadmaps, as endorsing them does."""
    roadmaps = []
    for footprint in footprints:
        if footprint.state == FootprintState.ENDORSED:
            with at(footprint.endorsed_at or as_at):
                roadmaps.append(open_roadmap(footprint=footprint))
    return roadmaps
