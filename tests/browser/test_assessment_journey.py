"""Step 2 in the browser: a provider's editor answers a theme, checks and submits; the
approver signs off."""

import re

from playwright.sync_api import expect

from accounts.enums import OrganisationKind, Role
from maturity.enums import AssessmentState
from maturity.models import Assessment, Question
from maturity.scales import SCALE_OPTIONS
from maturity.services.assessments import save_answers
from maturity.services.question_sets import load_question_set
from tests.factories import CycleFactory, MembershipFactory, OrganisationFactory


def test_an_editor_answers_checks_and_submits_and_the_approver_signs_off(journey, sign_in):
    question_set = load_question_set().question_set
    trust = OrganisationFactory(
        kind=OrganisationKind.NHS_TRUST, name="Leeds Teaching Hospitals NHS Trust"
    )
    assessment = Assessment.objects.create(
        organisation=trust, cycle=CycleFactory(), question_set=question_set
    )
    editor = MembershipFactory(organisation=trust, role=Role.EDITOR, user__full_name="Priya Shah")
    approver = MembershipFactory(
        organisation=trust, role=Role.APPROVER, user__full_name="Ifeoma Bello"
    )
    page = journey.page
    # Autosave fails here, so the answers reach the server only through "Save and continue".
    page.route(
        re.compile(r".*/themes/.*"),
        lambda route: (
            route.abort() if route.request.headers.get("x-autosave") else route.continue_()
        ),
    )
    tasks_heading = "Self-assessment for Leeds Teaching Hospitals NHS Trust"

    sign_in(editor.user)
    journey.open("/assessments/", heading="Self-assessments")
    journey.follow("Leeds Teaching Hospitals NHS Trust", heading=tasks_heading)
    journey.follow("Strategic alignment", heading="Strategic alignment")
    for code in ("R-SA-01", "R-SA-02"):
        group = page.get_by_role("group", name=re.compile(code))
        radio = group.get_by_label("Mostly agree", exact=True)
        journey.activate(radio, key="Space")
        expect(radio).to_be_checked()
    journey.press("Save and continue", heading="Leadership")
    expect(page.get_by_role("status").first).to_contain_text(
        "Your answers to Strategic alignment are saved."
    )

    journey.follow("Back to the task list", heading=tasks_heading)
    expect(page.get_by_role("listitem").filter(has_text="Strategic alignment")).to_contain_text(
        "In progress"
    )
    journey.follow("Check your answers", heading="Check your answers")
    total = Question.objects.filter(question_set=question_set).count()
    expect(page.get_by_text(f"{total - 2} questions still to answer")).to_be_visible()
    expect(page.get_by_role("button", name="Submit the assessment")).to_have_count(0)

    # The other 113 answers arrive as if typed on other days.
    assessment.refresh_from_db()
    save_answers(
        assessment=assessment,
        answers={
            question.pk: (SCALE_OPTIONS[question.scale][0][0], "")
            for question in Question.objects.filter(question_set=question_set).exclude(
                code__in=("R-SA-01", "R-SA-02")
            )
        },
        expected_version=assessment.version,
        saved_by=editor.user,
    )
    journey.open(f"/assessments/{assessment.pk}/check/", heading="Check your answers")
    journey.press("Submit the assessment", heading=tasks_heading)
    expect(page.get_by_role("status").first).to_contain_text("Assessment submitted.")

    sign_in(approver.user)
    journey.open(f"/assessments/{assessment.pk}/", heading=tasks_heading)
    journey.press("Sign off the assessment", heading=tasks_heading)
    expect(page.get_by_role("status").first).to_contain_text("Assessment signed off.")

    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SIGNED_OFF
