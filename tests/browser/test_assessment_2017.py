"""The 2017 self-assessment in the browser: an acute trust's editor answers the acute
questions of a cycle that names question set 2017, submits; the approver signs off; the
results compare it with the trust's 2015-16 assessment on the questions common to both."""

import re

from playwright.sync_api import expect

from accounts.enums import OrganisationKind, Role
from maturity.enums import AssessmentState
from maturity.models import Assessment, Question
from maturity.services.assessments import (
    open_assessments_for_footprint,
    save_answers,
    sign_off_assessment,
    submit_assessment,
)
from maturity.services.question_sets import QUESTION_SET_2017, load_question_set
from roadmaps.enums import FootprintState
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    OrganisationFactory,
)

TRUST = "Leeds Teaching Hospitals NHS Trust"
TASKS = f"Self-assessment for {TRUST}"
# One answer per scale in each year: every 2017 answer is a step or two up.
ANSWERS_2016 = {
    "agreement": "neither",
    "percentage": "41_60",
    "record_structure": "semi_structured",
    "nhs_number": "86_90",
}
ANSWERS_2017 = {
    "agreement": "mostly_agree",
    "percentage": "61_80",
    "record_structure": "fully_structured",
    "nhs_number": "91_95",
}
CAPTION = "Scores out of 100 on the questions compared, 2015-16 and 2017, and the change"


def answer_all(assessment, options, *, by, leave_out=()):
    assessment.refresh_from_db()
    save_answers(
        assessment=assessment,
        answers={
            question.pk: (options[question.scale], "")
            for question in Question.objects.of_assessment(assessment).exclude(code__in=leave_out)
        },
        expected_version=assessment.version,
        saved_by=by,
    )


def answer(journey, code, option):
    group = journey.page.get_by_role("group", name=re.compile(rf"^{code} "))
    radio = group.get_by_label(option, exact=True)
    journey.activate(radio, key="Space")
    expect(radio).to_be_checked()


def compared_row(page, title):
    table = page.get_by_role("table", name=CAPTION)
    return table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=title, exact=True)
    )


def test_an_acute_trust_answers_2017_and_sees_it_compared_with_2015_16(journey, sign_in):
    set_2015 = load_question_set().question_set
    load_question_set(path=QUESTION_SET_2017)
    trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST, trust_type="acute", name=TRUST)
    editor = MembershipFactory(organisation=trust, role=Role.EDITOR, user__full_name="Priya Shah")
    approver = MembershipFactory(
        organisation=trust, role=Role.APPROVER, user__full_name="Ifeoma Bello"
    )
    # Its 2015-16 assessment, answered, submitted and signed off through the services.
    earlier = Assessment.objects.create(
        organisation=trust, cycle=CycleFactory(name="2015-16"), question_set=set_2015
    )
    answer_all(earlier, ANSWERS_2016, by=editor.user)
    submit_assessment(assessment=earlier, submitted_by=editor.user)
    sign_off_assessment(assessment=earlier, signed_off_by=approver.user)
    # The 2017 cycle: its footprint endorsed opens the trust's assessment.
    footprint = FootprintFactory(cycle=CycleFactory(name="2017", question_set_code="2017"))
    FootprintMemberFactory(footprint=footprint, organisation=trust)
    footprint.state = FootprintState.ENDORSED
    footprint.save(update_fields=["state"])
    [assessment] = open_assessments_for_footprint(footprint=footprint)
    page = journey.page

    sign_in(editor.user)
    journey.open("/assessments/", heading="Self-assessments")
    this_year = page.get_by_role("row").filter(has_text="2017")
    journey.follow(this_year.get_by_role("link", name=TRUST, exact=True), heading=TASKS)
    expect(page.get_by_text("0 of 92 questions answered.")).to_be_visible()
    expect(page.get_by_text("The questions are those for acute services.")).to_be_visible()
    journey.follow("Transfers of care", heading="Transfers of care")
    # The emergency department's discharge summaries are asked of acute trusts; the ambulance
    # hand-over is not.
    expect(page.get_by_role("group", name=re.compile(r"^C-TC-06 "))).to_have_count(0)
    answer(journey, "C-TC-08", "61-80%")
    answer(journey, "C-TC-01", "61-80%")
    journey.press("Save and continue", heading="Orders and results management")
    expect(page.get_by_role("status").first).to_contain_text(
        "Your answers to Transfers of care are saved."
    )

    # The other 90 answers arrive as if given on other days.
    answer_all(assessment, ANSWERS_2017, by=editor.user, leave_out=("C-TC-08", "C-TC-01"))
    journey.open(f"/assessments/{assessment.pk}/check/", heading="Check your answers")
    journey.press("Submit the assessment", heading=TASKS)
    expect(page.get_by_role("status").first).to_contain_text("Assessment submitted.")

    sign_in(approver.user)
    journey.open(f"/assessments/{assessment.pk}/", heading=TASKS)
    journey.press("Sign off the assessment", heading=TASKS)
    expect(page.get_by_role("status").first).to_contain_text("Assessment signed off.")
    journey.follow(
        "See the maturity results against the country", heading=f"Maturity results for {TRUST}"
    )
    expect(page.get_by_role("heading", name="Compared with 2015-16")).to_be_visible()
    expect(page.get_by_text("Compared on 62 of 92 questions")).to_be_visible()
    expect(compared_row(page, "Leadership").get_by_role("cell")).to_have_text(
        ["50.0", "75.0", "+25.0", "5"]
    )
    expect(compared_row(page, "Transfers of care").get_by_role("cell")).to_have_text(
        ["Not comparable: its questions changed", "0"]
    )
    expect(
        page.get_by_text(
            "Scores worked out by scoring method 1 from the answers to question set 2017, "
            "version 1."
        )
    ).to_be_visible()

    assessment.refresh_from_db()
    assert (assessment.state, assessment.care_setting) == (AssessmentState.SIGNED_OFF, "acute")
