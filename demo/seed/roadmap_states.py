"""Roadmaps in every state, taken there through the roadmap services: sections written,
sign-off requested and given, versions submitted (real snapshots with their SHA-256),
reviewed with comments, internal notes and ratings, decisions released, and published."""

from datetime import timedelta
from functools import partial

from accounts.enums import Role
from demo.roadmaps import DRAFT_SECTIONS, fill_roadmap
from demo.seed.clock import at
from demo.seed.reviews import publish_all, review
from demo.seed.roadmap_plans import shape_plan
from roadmaps.enums import CCG_ROLES, RoadmapState
from roadmaps.roadmap_sections import SECTIONS
from roadmaps.services.submission import request_sign_off, sign_off_roadmap, submit_roadmap

EVERY_SECTION = [section.key for section in SECTIONS]
# (state, share of the endorsed footprints' roadmaps); at least one each, drafts take the rest.
SHARES = (
    (RoadmapState.AWAITING_SIGN_OFF, 0.10),
    (RoadmapState.SUBMITTED, 0.15),
    (RoadmapState.IN_REVIEW, 0.15),
    (RoadmapState.CHANGES_REQUESTED, 0.10),
    (RoadmapState.ACCEPTED, 0.15),
    (RoadmapState.PUBLISHED, 0.12),
)
ORDER = [RoadmapState.DRAFT, *(state for state, _share in SHARES)]
UNSUBMITTED = (RoadmapState.DRAFT, RoadmapState.AWAITING_SIGN_OFF)


def roadmap_states(count):
    """A target state for each of ``count`` roadmaps, spread so that neighbours differ."""
    wanted = {state: max(1, round(count * share)) for state, share in SHARES}
    wanted[RoadmapState.DRAFT] = max(1, count - sum(wanted.values()))
    states = []
    while len(states) < count:
        for state in ORDER:
            if wanted[state] and len(states) < count:
                states.append(state)
                wanted[state] -= 1
    return states


def _signers(footprint):
    return [m.organisation for m in footprint.members.filter(role__in=CCG_ROLES)
            .select_related("organisation").order_by("organisation__name")]  # fmt: skip


def take_roadmap(roadmap, state, *, people, as_at, index, plan=None):
    """Take one roadmap from its empty draft to ``state``; ``plan(roadmap, editor=)`` changes
    the written draft before sign-off is asked for."""
    footprint = roadmap.footprint
    editor = people.of(footprint.lead_ccg_id, Role.EDITOR)
    start = as_at - timedelta(days=40 - index % 10, hours=index)
    with at(start):
        sections = DRAFT_SECTIONS if state == RoadmapState.DRAFT else EVERY_SECTION
        fill_roadmap(roadmap, editor=editor, sections=sections)
        if plan is not None:
            plan(roadmap, editor=editor)
    if state == RoadmapState.DRAFT:
        return
    with at(start + timedelta(days=5)):
        request_sign_off(roadmap=roadmap, requested_by=editor)
    signers = _signers(footprint)
    if state == RoadmapState.AWAITING_SIGN_OFF:
        signers = signers[: len(signers) // 2]
    with at(start + timedelta(days=8)):
        for organisation in signers:
            sign_off_roadmap(roadmap=roadmap, organisation=organisation,
                             signed_by=people.of(organisation.pk, Role.APPROVER))  # fmt: skip
    if state == RoadmapState.AWAITING_SIGN_OFF:
        return
    submitted_at = start + timedelta(days=10 + index % 12)
    with at(min(submitted_at, as_at - timedelta(hours=2))):
        submit_roadmap(roadmap=roadmap, submitted_by=editor)
    if state != RoadmapState.SUBMITTED:
        review(roadmap, state, people=people, as_at=as_at, index=index)


def create_roadmaps(roadmaps, *, cycle, question_set, people, as_at):
    """Take ``roadmaps`` (the endorsed footprints', in footprint order) to their states, each
    one submitted with the next of the plans of ``roadmap_plans``; returns {state: count}."""
    states = roadmap_states(len(roadmaps))
    submitted = 0
    for index, (roadmap, state) in enumerate(zip(roadmaps, states, strict=True)):
        plan = None
        if state not in UNSUBMITTED:
            plan = partial(shape_plan, position=submitted, question_set_code=question_set.code)
            submitted += 1
        take_roadmap(roadmap, state, people=people, as_at=as_at, index=index, plan=plan)
    published = [r for r, s in zip(roadmaps, states, strict=True) if s == RoadmapState.PUBLISHED]
    publish_all(published, cycle=cycle, admin=people.admin, as_at=as_at)
    counts = {}
    for state in states:
        counts[state] = counts.get(state, 0) + 1
    return counts
