"""Submitted roadmaps for NHS England to review, written directly with the ORM (a version with
the draft's snapshot, the roadmap submitted), and the reviewers around them."""

from dataclasses import dataclass

from django.utils import timezone

from accounts.enums import Role
from roadmaps.enums import FocusArea, Rating, RoadmapState
from roadmaps.models import Roadmap, RoadmapVersion
from roadmaps.selectors.snapshot import roadmap_snapshot, snapshot_sha256
from roadmaps.services import review as services
from tests.factories import MembershipFactory, NHSEnglandFactory, RegionFactory, UserFactory
from tests.roadmaps.submission_world import fill_draft, make_world

INTERNAL_NOTE = "Board chair privately doubts the funding will come through"


def submit_directly(roadmap, *, by=None, at=None, snapshot=None):
    """The draft frozen as the roadmap's next version (``snapshot`` when given, else the
    draft's own), and the roadmap submitted."""
    snapshot = roadmap_snapshot(roadmap) if snapshot is None else snapshot
    version = RoadmapVersion.objects.create(
        roadmap=roadmap,
        number=RoadmapVersion.objects.filter(roadmap=roadmap).count() + 1,
        snapshot=snapshot,
        sha256=snapshot_sha256(snapshot),
        submitted_by=by,
        submitted_at=at or timezone.now(),
    )
    Roadmap.objects.filter(pk=roadmap.pk).update(
        state=RoadmapState.SUBMITTED, submitted_at=version.submitted_at
    )
    roadmap.refresh_from_db()
    return version


def reviewer_of(organisation, email, full_name, role=Role.REVIEWER):
    return MembershipFactory(
        organisation=organisation, role=role, user=UserFactory(email=email, full_name=full_name)
    ).user


def london():
    return RegionFactory(ods_code="Y56", name="LONDON COMMISSIONING REGION")


@dataclass
class ReviewWorld:
    world: object
    roadmap: Roadmap
    version: RoadmapVersion
    north_reviewer: object
    north_colleague: object
    national_reviewer: object
    london_reviewer: object


def make_review_world(*, prepare=None):
    """The Leeds footprint of ``submission_world`` with its roadmap submitted as version 1,
    and reviewers of its region (North), of London and of the whole country.

    ``prepare(world)``, when given, adds to the filled draft before it is submitted and
    returns the snapshot version 1 freezes."""
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead)
    snapshot = prepare(world) if prepare is not None else None
    version = submit_directly(world.roadmap, by=world.lead_editor, snapshot=snapshot)
    north = world.lead.region
    return ReviewWorld(
        world=world,
        roadmap=world.roadmap,
        version=version,
        north_reviewer=reviewer_of(north, "grace@north.england.nhs.uk", "Grace Adeyemi"),
        north_colleague=reviewer_of(north, "idris@north.england.nhs.uk", "Idris Evans"),
        national_reviewer=reviewer_of(NHSEnglandFactory(), "nadia@england.nhs.uk", "Nadia Khan"),
        london_reviewer=reviewer_of(london(), "lola@london.england.nhs.uk", "Lola Martin"),
    )


def ready_to_release(review, reviewer, *, decision, message="Thank you: see the comments."):
    """Every focus area rated green and the decision drafted with its message."""
    for area in FocusArea.values:
        services.rate(review=review, focus_area=area, rating=Rating.GREEN, note="",
                      rated_by=reviewer)  # fmt: skip
    services.draft_decision(review=review, decision=decision, message=message,
                            drafted_by=reviewer)  # fmt: skip
    return review
