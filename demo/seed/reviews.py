"""NHS England's reviews of the seeded roadmaps, and their publication, through the review
and publication services."""

from datetime import timedelta

from demo.seed.clock import at
from roadmaps.enums import FocusArea, Rating, ReviewDecision, RoadmapState, StageKind
from roadmaps.models import Roadmap
from roadmaps.services import review as reviews
from roadmaps.services.cycles import change_stage_dates
from roadmaps.services.publication import publish_roadmap

COMMENTS = {
    "universal_capabilities": "Name the lead organisation's owner for each capability.",
    "information_sharing": "Say which information sharing agreement covers social care.",
    "risks": "Add the risk that the shared care record supplier is late.",
}
NOTE = "Check the funding bid with the regional finance lead."
MESSAGES = {
    ReviewDecision.ACCEPT: "Thank you: the roadmap is accepted.",
    ReviewDecision.REQUEST_CHANGES: "Please add owners to the universal capabilities.",
}
DECISIONS = {
    RoadmapState.CHANGES_REQUESTED: ReviewDecision.REQUEST_CHANGES,
    RoadmapState.ACCEPTED: ReviewDecision.ACCEPT,
    RoadmapState.PUBLISHED: ReviewDecision.ACCEPT,
}
RATINGS = (Rating.GREEN, Rating.AMBER, Rating.RED)


def reviewer_for(roadmap, people):
    """The regional reviewer of the lead CCG's region, else the national one."""
    region_id = roadmap.footprint.lead_ccg.region_id
    return people.regional_reviewers.get(region_id, people.national_reviewer)


def review(roadmap, state, *, people, as_at, index):
    """Assign, comment, note and rate; draft and release the decision that ``state`` needs."""
    reviewer = reviewer_for(roadmap, people)
    with at(as_at - timedelta(days=6, hours=index % 24)):
        found = reviews.assign_reviewer(roadmap=roadmap, reviewer=reviewer, assigned_by=reviewer)
        for number, (section, text) in enumerate(COMMENTS.items()):
            if number <= index % len(COMMENTS):
                reviews.comment_on_section(review=found, section=section, text=text,
                                           author=reviewer)  # fmt: skip
        reviews.add_internal_note(review=found, text=NOTE, author=reviewer)
        decision = DECISIONS.get(state)
        for number, area in enumerate(FocusArea.values):
            rating = Rating.GREEN if decision == ReviewDecision.ACCEPT else (
                RATINGS[(index + number) % len(RATINGS)])  # fmt: skip
            reviews.rate(review=found, focus_area=area, rating=rating, note="",
                         rated_by=reviewer)  # fmt: skip
        if decision is None:
            return
        reviews.draft_decision(review=found, decision=decision, message=MESSAGES[decision],
                               drafted_by=reviewer)  # fmt: skip
    with at(as_at - timedelta(days=3, hours=index % 24)):
        reviews.release_decision(review=found, released_by=reviewer)


def publish_all(roadmaps, *, cycle, admin, as_at):
    """Publish accepted roadmaps "as at" the seed's moment: the publication stage opens in
    January 2017, so it is brought forward for these publications and put back, both moves
    audited, as the demo does. Its due date stays, so nobody's deadline moves."""
    if not roadmaps:
        return
    stage = cycle.stages.get(kind=StageKind.PUBLICATION)
    opens_at, due_at = stage.opens_at, stage.due_at
    with at(as_at - timedelta(days=1)):
        change_stage_dates(stage=stage, opens_at=as_at - timedelta(days=2), due_at=due_at,
                           changed_by=admin)  # fmt: skip
        for roadmap in roadmaps:
            publish_roadmap(roadmap=Roadmap.objects.get(pk=roadmap.pk), published_by=admin)
        change_stage_dates(stage=stage, opens_at=opens_at, due_at=due_at, changed_by=admin)
