"""A's roadmaps for the isolation walk: one draft with a version behind it, one awaiting
sign-off. Each footprint (A leads, C partners, P provides) is endorsed, in a cycle of its own
since a CCG is in one footprint per cycle."""

from django.core.files.base import ContentFile
from django.utils import timezone

from roadmaps.enums import FocusArea, Rating, ReviewDecision, RoadmapState, SignOffDecision
from roadmaps.models import (
    AssuranceRating,
    Attachment,
    Benefit,
    BenefitShare,
    BenefitYearValue,
    InternalNote,
    Milestone,
    Review,
    ReviewComment,
    Risk,
    Roadmap,
    RoadmapEditor,
    RoadmapVersion,
    SignOff,
)
from roadmaps.roadmap_sections import ROADMAP_ENDS, ROADMAP_STARTS
from tests.factories import CycleFactory, FootprintFactory, FootprintMemberFactory, UserFactory

# Written in an internal note: no page a footprint's people can open may ever show it.
INTERNAL_NOTE = "INTERNAL-ONLY walk note: the board doubts the funding"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# What the walk's versions keep: a register of one benefit, as a snapshot keeps it (the
# review page has a comment form for it); no other section.
WALK_BENEFIT_ID = 1
SNAPSHOT = {
    "footprint": {},
    "sections": {
        "benefits": [
            {"id": WALK_BENEFIT_ID, "description": "Walk benefit", "category": "cashable",
             "capability_letter": "A", "capability_group": "", "owner": "Alpha",
             "owner_role": "Director", "measure": "Tests", "unit": "tests", "direction": "down",
             "baseline_value": "10.00", "baseline_on": "2016-03-31", "target_value": "5.00",
             "target_on": "2019-03-31", "yearly_values": {"2017/18": "1000.00"}, "shares": []}
        ]
    },
}  # fmt: skip


def endorsed_footprint(world, cycle_name, name):
    footprint = FootprintFactory(
        lead_ccg=world.a, cycle=CycleFactory(name=cycle_name), name=name, state="endorsed"
    )
    FootprintMemberFactory(footprint=footprint, organisation=world.c_partner.organisation,
                           role="partner_ccg", confirmation="confirmed")  # fmt: skip
    FootprintMemberFactory(footprint=footprint, organisation=world.p)
    return footprint


def add_roadmaps(world):
    """Sets ``a_roadmap`` (a draft after changes were requested, with version 1, a risk, a
    milestone, a benefit, an attachment and an invited editor) and ``a_signing_roadmap`` (awaiting
    sign-off by A and C) on the world, and ``csu_editor``, the person A invited to edit."""
    roadmap = Roadmap.objects.create(
        footprint=endorsed_footprint(world, "2017-18", "Alpha roadmap"),
        state=RoadmapState.CHANGES_REQUESTED,
        version=3,
    )
    world.a_roadmap = roadmap
    world.a_roadmap_version = RoadmapVersion.objects.create(
        roadmap=roadmap, number=1, snapshot=SNAPSHOT, sha256="0" * 64
    )
    world.a_risk = Risk.objects.create(
        roadmap=roadmap, description="Walk risk", likelihood=3, impact=3, owner="Alpha"
    )
    world.a_milestone = Milestone.objects.create(
        roadmap=roadmap, title="Walk milestone", due_on=ROADMAP_STARTS,
        owner_organisation=world.a,
    )  # fmt: skip
    world.a_benefit = Benefit.objects.create(
        roadmap=roadmap, description="Walk benefit", category="cashable", capability_letter="A",
        owner_organisation=world.a, owner_role="Walk owner", measure="Walk measure",
        unit="tests", direction="down", baseline_value=10, baseline_on=ROADMAP_STARTS,
        target_value=5, target_on=ROADMAP_ENDS,
    )  # fmt: skip
    BenefitYearValue.objects.create(benefit=world.a_benefit, year=2016, expected=1000)
    BenefitShare.objects.create(benefit=world.a_benefit, organisation=world.a, percent=50)
    attachment = Attachment(
        roadmap=roadmap, original_name="walk.pdf", kind="pdf", size=len(PDF), sha256="0" * 64
    )
    attachment.file.save("walk.pdf", ContentFile(PDF), save=True)
    world.a_attachment = attachment
    world.csu_editor = UserFactory(full_name="Casey Support-Unit")
    world.a_roadmap_editor = RoadmapEditor.objects.create(
        roadmap=roadmap, user=world.csu_editor, added_by=world.a_approver.user
    )
    signing = Roadmap.objects.create(
        footprint=endorsed_footprint(world, "2018-19", "Alpha signing"),
        state=RoadmapState.AWAITING_SIGN_OFF,
        sign_off_round=1,
    )
    for organisation in (world.a, world.c_partner.organisation):
        SignOff.objects.create(
            roadmap=signing, round=1, organisation=organisation, decision=SignOffDecision.PENDING
        )
    world.a_signing_roadmap = signing


def add_reviewed_roadmaps(world):
    """Sets ``a_review_roadmap`` (in review by the NHS England reviewer: a comment on a
    section and one on a benefit, an internal note, ratings and a drafted decision),
    ``a_accepted_roadmap`` (accepted, not yet published) and ``a_published_roadmap``
    (published, with a released review commenting on a benefit)."""
    reviewer = world.nhse_reviewer.user

    def submitted(cycle_name, name, state):
        roadmap = Roadmap.objects.create(
            footprint=endorsed_footprint(world, cycle_name, name),
            state=state,
            assignee=reviewer,
            submitted_at=timezone.now(),
        )
        version = RoadmapVersion.objects.create(
            roadmap=roadmap, number=1, snapshot=SNAPSHOT, sha256="1" * 64
        )
        return roadmap, version

    roadmap, version = submitted("2019-20", "Alpha in review", RoadmapState.IN_REVIEW)
    review = Review.objects.create(roadmap=roadmap, version=version, reviewer=reviewer,
                                   decision=ReviewDecision.REQUEST_CHANGES,
                                   message="Please name the owners.")  # fmt: skip
    ReviewComment.objects.create(review=review, section="vision", text="Walk comment",
                                 author=reviewer)  # fmt: skip
    ReviewComment.objects.create(review=review, section="benefits", item=WALK_BENEFIT_ID,
                                 text="Walk benefit comment", author=reviewer)  # fmt: skip
    InternalNote.objects.create(review=review, text=INTERNAL_NOTE, author=reviewer)
    for area in FocusArea.values:
        AssuranceRating.objects.create(review=review, focus_area=area, rating=Rating.AMBER)
    world.a_review_roadmap, world.a_review = roadmap, review

    world.a_accepted_roadmap, _version = submitted(
        "2020-21", "Alpha accepted", RoadmapState.ACCEPTED
    )
    roadmap, version = submitted("2021-22", "Alpha published", RoadmapState.PUBLISHED)
    Roadmap.objects.filter(pk=roadmap.pk).update(
        published_version=version, published_at=timezone.now()
    )
    released = Review.objects.create(roadmap=roadmap, version=version, reviewer=reviewer,
                                     decision=ReviewDecision.ACCEPT, message="Accepted.",
                                     released_at=timezone.now(), released_by=reviewer)  # fmt: skip
    ReviewComment.objects.create(review=released, section="benefits", item=WALK_BENEFIT_ID,
                                 text="Walk benefit comment", author=reviewer)  # fmt: skip
    roadmap.refresh_from_db()
    world.a_published_roadmap = roadmap
