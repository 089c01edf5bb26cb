"""A roadmap with real maturity results behind its baseline: the Leeds footprint of
``submission_world`` with two NHS providers, each answering every question of the shipped
2015-16 question set through the services, and a trust elsewhere in the country; scored and
rolled up into national figures by the real code. The draft is written in plain sentences
(no field names), signed off by both CCGs and submitted through the services."""

from dataclasses import dataclass

from accounts.enums import OrganisationKind, Role
from maturity.enums import AssessmentState
from maturity.models import Assessment, Question
from maturity.scales import SCALE_OPTIONS
from maturity.services.assessments import save_answers, submit_assessment
from maturity.services.figures import recompute_figures
from maturity.services.question_sets import load_question_set
from roadmaps.enums import ReviewDecision
from roadmaps.models import CapabilityDeployment, RoadmapText
from roadmaps.services import review as review_services
from roadmaps.services import submission
from tests.factories import FootprintMemberFactory, OrganisationFactory
from tests.roadmaps.review_world import ready_to_release, reviewer_of
from tests.roadmaps.submission_world import fill_draft, make_world, person


@dataclass
class BaselineWorld:
    world: object
    roadmap: object
    question_set: object
    community: object
    reviewer: object


def answer_everything(organisation, *, cycle, question_set, offset):
    """An assessment of ``organisation`` with every question answered by one of its editors,
    the answers spread over each scale by ``offset``, and submitted."""
    editor = person(organisation, Role.EDITOR, f"editor{offset}@{organisation.ods_code}.nhs.uk")
    assessment = Assessment.objects.create(
        organisation=organisation,
        cycle=cycle,
        question_set=question_set,
        state=AssessmentState.IN_PROGRESS,
    )
    answers = {}
    questions = Question.objects.filter(question_set=question_set).order_by("pk")
    for number, question in enumerate(questions):
        keys = [key for key, _label, _score in SCALE_OPTIONS[question.scale]]
        answers[question.pk] = (keys[(number * 3 + offset) % len(keys)], "")
    save_answers(assessment=assessment, answers=answers, expected_version=0, saved_by=editor)
    return submit_assessment(assessment=assessment, submitted_by=editor)


def write_in_sentences(roadmap):
    """Every text and plan of the draft as a sentence a person would write, never a field's
    or a capability group's name as the code spells it."""
    for number, row in enumerate(RoadmapText.objects.filter(roadmap=roadmap).order_by("pk")):
        row.text = f"Our plan, part {number + 1}: shared care records across Leeds."
        row.save(update_fields=["text"])
    for number, cell in enumerate(CapabilityDeployment.objects.filter(roadmap=roadmap)):
        cell.plan = f"Step {number + 1} of the deployment"
        cell.save(update_fields=["plan"])


def make_baseline_world():
    world = make_world()
    roadmap = world.roadmap
    cycle = roadmap.footprint.cycle
    question_set = load_question_set().question_set
    community = OrganisationFactory(
        name="Leeds Community Healthcare", kind=OrganisationKind.NHS_TRUST
    )
    FootprintMemberFactory(footprint=roadmap.footprint, organisation=community)
    elsewhere = OrganisationFactory(name="York Teaching Hospital", kind=OrganisationKind.NHS_TRUST)
    for offset, organisation in enumerate([world.trust, community, elsewhere]):
        answer_everything(organisation, cycle=cycle, question_set=question_set, offset=offset)
    recompute_figures(cycle=cycle)
    fill_draft(roadmap, owner=world.lead)
    write_in_sentences(roadmap)
    reviewer = reviewer_of(world.lead.region, "grace@north.england.nhs.uk", "Grace Adeyemi")
    return BaselineWorld(world, roadmap, question_set, community, reviewer)


def sign_off_and_submit(world):
    """The draft signed off by both CCGs and submitted, as the lead would: the new version."""
    submission.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)
    for organisation, approver in [
        (world.lead, world.lead_approver),
        (world.partner, world.partner_approver),
    ]:
        submission.sign_off_roadmap(
            roadmap=world.roadmap, organisation=organisation, signed_by=approver
        )
    return submission.submit_roadmap(roadmap=world.roadmap, submitted_by=world.lead_editor)


def release_decision(bw, decision):
    """The latest version reviewed by the region's reviewer, with ``decision`` released."""
    review = review_services.assign_reviewer(
        roadmap=bw.roadmap, reviewer=bw.reviewer, assigned_by=bw.reviewer
    )
    ready_to_release(review, bw.reviewer, decision=decision)
    return review_services.release_decision(review=review, released_by=bw.reviewer)


def ask_for_changes(bw):
    return release_decision(bw, ReviewDecision.REQUEST_CHANGES)
