"""The transition tables are DESIGN section 6; services authorise who acts on the row they
lock; emails are keyed on the event that caused them."""

from datetime import datetime

import pytest
import time_machine

from accounts.enums import OrganisationKind, Role
from accounts.errors import ActionRefused
from accounts.models import AuditEvent, OutboundEmail
from maturity.enums import AssessmentState
from maturity.models import Assessment
from maturity.services import assessments as assessment_services
from maturity.transitions import ASSESSMENT
from roadmaps import rules
from roadmaps.enums import FootprintState, MemberRole, RoadmapState
from roadmaps.models import Footprint
from roadmaps.services import footprints as footprint_services
from roadmaps.services.cycles import LONDON
from roadmaps.services.drafts import save_section
from roadmaps.services.publication import publish_roadmap
from roadmaps.services.submission import request_sign_off
from roadmaps.transitions import FOOTPRINT, ROADMAP
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RegionFactory,
)
from tests.roadmaps.submission_world import fill_draft, make_world

F, R, A = FootprintState, RoadmapState, AssessmentState


def rows(machine):
    """(from states, action, to states) for each state-changing row of a table."""
    return {
        (frozenset(action.sources), name, frozenset(action.to))
        for name, action in machine.actions.items()
        if action.to
    }


def test_the_footprint_table_is_design_section_6():
    assert rows(FOOTPRINT) == {
        (frozenset({F.DRAFT, F.RETURNED}), "submit_footprint", frozenset({F.SUBMITTED})),
        (frozenset({F.SUBMITTED}), "endorse_footprint", frozenset({F.ENDORSED})),
        (frozenset({F.SUBMITTED}), "return_footprint", frozenset({F.RETURNED})),
        # Design section 7: a merge takes any footprint NHS England is not deciding on.
        (frozenset({F.DRAFT, F.RETURNED, F.ENDORSED}), "merge_footprint", frozenset({F.MERGED})),
    }
    assert FOOTPRINT.states_allowing("carry_forward") == {F.ENDORSED}
    assert FOOTPRINT.states_allowing("edit_footprint") == {F.DRAFT, F.RETURNED}
    assert FOOTPRINT.states_allowing("answer_place") == {F.SUBMITTED}


def test_the_roadmap_table_is_design_section_6():
    assert rows(ROADMAP) == {
        (frozenset({R.DRAFT, R.CHANGES_REQUESTED}), "request_sign_off",
         frozenset({R.AWAITING_SIGN_OFF})),
        (frozenset({R.AWAITING_SIGN_OFF}), "decline_sign_off",
         frozenset({R.DRAFT, R.CHANGES_REQUESTED})),
        (frozenset({R.AWAITING_SIGN_OFF}), "submit_roadmap", frozenset({R.SUBMITTED})),
        (frozenset({R.SUBMITTED, R.IN_REVIEW}), "assign_reviewer", frozenset({R.IN_REVIEW})),
        (frozenset({R.IN_REVIEW}), "request_changes", frozenset({R.CHANGES_REQUESTED})),
        (frozenset({R.IN_REVIEW}), "accept_roadmap", frozenset({R.ACCEPTED})),
        (frozenset({R.ACCEPTED}), "publish_roadmap", frozenset({R.PUBLISHED})),
        (frozenset({R.PUBLISHED}), "unpublish_roadmap", frozenset({R.ACCEPTED})),
    }  # fmt: skip
    assert ROADMAP.states_allowing("edit_roadmap") == {R.DRAFT, R.CHANGES_REQUESTED}


def test_the_assessment_table_is_design_section_6():
    assert rows(ASSESSMENT) == {
        (frozenset({A.NOT_STARTED, A.IN_PROGRESS}), "answer", frozenset({A.IN_PROGRESS})),
        (frozenset({A.IN_PROGRESS}), "submit_assessment", frozenset({A.SUBMITTED})),
        (frozenset({A.SUBMITTED}), "sign_off_assessment", frozenset({A.SIGNED_OFF})),
        (frozenset({A.SUBMITTED, A.SIGNED_OFF}), "reopen_assessment",
         frozenset({A.IN_PROGRESS})),
        (frozenset({A.SIGNED_OFF}), "publish_results", frozenset({A.PUBLISHED})),
    }  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("state", F.values)
def test_what_the_footprint_pages_offer_follows_the_table(state):
    footprint = FootprintFactory(state=state)
    editor = MembershipFactory(organisation=footprint.lead_ccg, role=Role.EDITOR).user
    reviewer = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user
    partner = FootprintMemberFactory(
        footprint=footprint, organisation=OrganisationFactory(), role=MemberRole.PARTNER_CCG
    )
    approver = MembershipFactory(organisation=partner.organisation, role=Role.APPROVER).user

    assert rules.can_edit_footprint(editor, footprint) == FOOTPRINT.allows(state, "edit_footprint")
    assert rules.can_submit_footprint(editor, footprint) == FOOTPRINT.allows(
        state, "submit_footprint"
    )
    assert rules.can_review_footprint(reviewer, footprint) == FOOTPRINT.allows(
        state, "endorse_footprint"
    )
    assert rules.can_confirm_membership(approver, partner) == FOOTPRINT.allows(
        state, "answer_place"
    )


# --- Who acts is checked by the service, on the row it has locked ---------------------------


@pytest.mark.django_db
def test_a_person_who_lost_their_role_after_opening_the_page_cannot_submit_the_footprint():
    footprint = FootprintMemberFactory(footprint__name="Leeds").footprint
    editor = MembershipFactory(organisation=footprint.lead_ccg, role=Role.EDITOR)
    # The page was opened while they were an editor; their role went before they pressed.
    editor.delete()

    with pytest.raises(ActionRefused) as refused:
        footprint_services.submit_footprint(footprint=footprint, submitted_by=editor.user)

    footprint.refresh_from_db()
    assert str(refused.value) == str(rules.ONLY_THE_LEAD_SUBMITS)
    assert footprint.state == F.DRAFT


@pytest.mark.django_db
def test_only_a_reviewer_of_the_region_endorses_and_only_an_approver_answers_for_a_partner():
    CycleFactory()
    footprint = FootprintMemberFactory(footprint__name="Leeds").footprint
    partner = FootprintMemberFactory(
        footprint=footprint, organisation=OrganisationFactory(), role=MemberRole.PARTNER_CCG
    )
    partner_editor = MembershipFactory(organisation=partner.organisation, role=Role.EDITOR).user
    lead_editor = MembershipFactory(organisation=footprint.lead_ccg, role=Role.EDITOR).user
    footprint_services.submit_footprint(footprint=footprint, submitted_by=lead_editor)

    with pytest.raises(ActionRefused) as endorsing:
        footprint_services.endorse_footprint(footprint=footprint, endorsed_by=lead_editor)
    with pytest.raises(ActionRefused) as confirming:
        footprint_services.confirm_membership(member=partner, confirmed_by=partner_editor)

    partner.refresh_from_db()
    assert str(endorsing.value) == str(rules.ONLY_REGIONAL_REVIEWERS)
    assert str(confirming.value) == (
        f"Only approvers of {partner.organisation.name} can answer for it, while the "
        "footprint is submitted."
    )
    assert Footprint.objects.get(pk=footprint.pk).state == F.SUBMITTED
    assert partner.confirmation == "pending"


@pytest.mark.django_db
def test_a_roadmap_draft_is_changed_and_sent_for_sign_off_only_by_its_people():
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead)

    with pytest.raises(ActionRefused) as saving:
        save_section(
            roadmap=world.roadmap,
            key="vision",
            data={"vision": "Ours now"},
            expected_version=world.roadmap.version,
            saved_by=world.trust_viewer,
        )
    with pytest.raises(ActionRefused) as requesting:
        request_sign_off(roadmap=world.roadmap, requested_by=world.partner_approver)
    with pytest.raises(ActionRefused) as publishing:
        publish_roadmap(roadmap=world.roadmap, published_by=world.lead_approver)

    world.roadmap.refresh_from_db()
    assert str(saving.value) == str(rules.ONLY_ROADMAP_EDITORS)
    assert str(requesting.value) == str(rules.ONLY_THE_LEAD)
    assert str(publishing.value) == "Only NHS England admins can publish or unpublish roadmaps."
    assert world.roadmap.state == R.DRAFT


@pytest.fixture
def submitted_assessment(db):
    from maturity.services.question_sets import load_question_set

    load_question_set()
    trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST, name="Leeds Teaching Hospitals")
    footprint = FootprintFactory(cycle=CycleFactory())
    FootprintMemberFactory(footprint=footprint, organisation=trust)
    footprint_services.submit_footprint(footprint=footprint, submitted_by=None)
    footprint_services.endorse_footprint(footprint=footprint, endorsed_by=None)
    assessment = Assessment.objects.get(organisation=trust)
    Assessment.objects.filter(pk=assessment.pk).update(state=A.SUBMITTED)
    assessment.refresh_from_db()
    return assessment


def test_an_editor_cannot_sign_off_nor_a_reviewer_reopen_an_assessment(submitted_assessment):
    editor = MembershipFactory(
        organisation=submitted_assessment.organisation, role=Role.EDITOR
    ).user
    reviewer = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user

    with pytest.raises(ActionRefused) as signing:
        assessment_services.sign_off_assessment(
            assessment=submitted_assessment, signed_off_by=editor
        )
    with pytest.raises(ActionRefused) as reopening:
        assessment_services.reopen_assessment(
            assessment=submitted_assessment, reason="Wrong answers", reopened_by=reviewer
        )

    submitted_assessment.refresh_from_db()
    assert str(signing.value) == (
        "Only approvers of Leeds Teaching Hospitals can sign off its self-assessment."
    )
    assert str(reopening.value) == "Only NHS England admins can reopen an assessment."
    assert submitted_assessment.state == A.SUBMITTED


# --- Emails are keyed on the event that caused them -----------------------------------------


@pytest.mark.django_db
def test_a_footprint_returned_twice_in_the_same_second_tells_its_lead_twice():
    """Keys built from the time would make the second return's emails look like the first's
    and drop them."""
    region = RegionFactory()
    footprint = FootprintMemberFactory(footprint__lead_ccg__region=region).footprint
    editor = MembershipFactory(organisation=footprint.lead_ccg, role=Role.EDITOR).user

    with time_machine.travel(datetime(2015, 10, 20, 10, 0, tzinfo=LONDON), tick=False):
        for comments in ("Add a provider.", "Name the chair."):
            footprint_services.submit_footprint(footprint=footprint, submitted_by=None)
            footprint_services.return_footprint(
                footprint=footprint, comments=comments, returned_by=None
            )

    returns = AuditEvent.objects.filter(verb="footprint.returned").order_by("pk")
    emails = OutboundEmail.objects.filter(template="footprint_returned").order_by("pk")
    assert [(email.to, email.context["comments"]) for email in emails] == [
        (editor.email, "Add a provider."),
        (editor.email, "Name the chair."),
    ]
    assert [email.idempotency_key.split(":")[1] for email in emails] == [
        str(event.pk) for event in returns
    ]


def test_an_assessment_reopened_twice_in_the_same_second_tells_its_people_twice(
    submitted_assessment,
):
    editor = MembershipFactory(
        organisation=submitted_assessment.organisation, role=Role.EDITOR
    ).user

    with time_machine.travel(datetime(2016, 1, 10, 10, 0, tzinfo=LONDON), tick=False):
        for reason in ("Wrong figures", "Wrong again"):
            assessment_services.reopen_assessment(
                assessment=submitted_assessment, reason=reason, reopened_by=None
            )
            Assessment.objects.filter(pk=submitted_assessment.pk).update(state=A.SUBMITTED)

    emails = OutboundEmail.objects.filter(template="assessment_reopened").order_by("pk")
    assert [(email.to, email.context["reason"]) for email in emails] == [
        (editor.email, "Wrong figures"),
        (editor.email, "Wrong again"),
    ]


@pytest.mark.django_db
def test_a_roadmap_published_again_in_the_same_second_tells_its_lead_again():
    """Publishing was keyed on the moment: a roadmap published, unpublished and published again
    within one second lost the second email."""
    from roadmaps.enums import StageKind
    from roadmaps.models import Stage
    from roadmaps.services.publication import unpublish_roadmap
    from tests.roadmaps.test_publication import accepted_roadmap

    cycle = CycleFactory()
    Stage.objects.filter(cycle=cycle, kind=StageKind.PUBLICATION).update(
        opens_at=datetime(2016, 9, 1, tzinfo=LONDON)
    )
    roadmap = accepted_roadmap(cycle=cycle)
    editor = MembershipFactory(organisation=roadmap.footprint.lead_ccg, role=Role.EDITOR).user
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user

    with time_machine.travel(datetime(2016, 10, 3, 9, 0, tzinfo=LONDON), tick=False):
        publish_roadmap(roadmap=roadmap, published_by=admin)
        unpublish_roadmap(roadmap=roadmap, reason="Wrong version", unpublished_by=admin)
        publish_roadmap(roadmap=roadmap, published_by=admin)

    emails = OutboundEmail.objects.filter(to=editor.email).order_by("pk")
    assert [email.template for email in emails] == [
        "roadmap_published",
        "roadmap_unpublished",
        "roadmap_published",
    ]


@pytest.mark.django_db
def test_only_an_nhs_england_admin_moves_a_stage():
    from roadmaps.enums import StageKind
    from roadmaps.services.cycles import change_stage_dates, load_cycle

    stage = load_cycle(name="2015-16").cycle.stages.get(kind=StageKind.ROADMAP)
    reviewer = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user
    due_at = stage.due_at

    with pytest.raises(ActionRefused) as refused:
        change_stage_dates(
            stage=stage,
            opens_at=stage.opens_at,
            due_at=due_at.replace(month=7),
            changed_by=reviewer,
        )

    stage.refresh_from_db()
    assert str(refused.value) == "Only NHS England admins can move or open a stage."
    assert stage.due_at == due_at
