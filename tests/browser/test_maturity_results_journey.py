"""Step 2 end to end in the browser: a provider answers every theme (one by autosave alone,
one with JavaScript off), submits; the approver signs off; the results show the scores of
worked example (a) of maturity/SCORING.md; the lead CCG sees the provider side by side."""

import re
import time
from pathlib import Path

from playwright.sync_api import expect

from accounts.enums import OrganisationKind, Role
from maturity.enums import AssessmentState
from maturity.models import Answer, Assessment
from maturity.services.assessments import open_assessments_for_footprint
from maturity.services.question_sets import load_question_set
from roadmaps.enums import FootprintState
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    OrganisationFactory,
)

WORKED_EXAMPLE = Path(__file__).parents[1] / "maturity" / "question_sets" / "worked_example.yaml"
TRUST = "Leeds Community Healthcare NHS Trust"
TASKS = f"Self-assessment for {TRUST}"


def answer(journey, code, option):
    """Choose ``option`` for question ``code``: its own group, since labels repeat."""
    group = journey.page.get_by_role("group", name=re.compile(rf"^{code} "))
    radio = group.get_by_label(option, exact=True)
    journey.activate(radio, key="Space")
    expect(radio).to_be_checked()


def wait_until_saved(page, assessment, wanted, *, seconds=5):
    """Until the assessment's saved answers to ``wanted``'s questions are ``wanted``."""
    deadline = time.monotonic() + seconds
    while True:
        saved = dict(
            Answer.objects.filter(assessment=assessment, question__code__in=wanted).values_list(
                "question__code", "option"
            )
        )
        if saved == wanted or time.monotonic() > deadline:
            break
        page.wait_for_timeout(100)
    assert saved == wanted, f"Autosave left {saved}, not {wanted}"


def row_of(page, title):
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=title, exact=True))


def test_a_provider_answers_every_theme_and_the_results_show_the_worked_example(
    journey, sign_in, live_server
):
    load_question_set(path=WORKED_EXAMPLE)
    trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST, name=TRUST)
    footprint = FootprintFactory(
        name="Leeds", cycle=CycleFactory(), lead_ccg__name="NHS Leeds North CCG"
    )
    FootprintMemberFactory(footprint=footprint, organisation=trust)
    footprint.state = FootprintState.ENDORSED
    footprint.save(update_fields=["state"])
    [assessment] = open_assessments_for_footprint(footprint=footprint)
    editor = MembershipFactory(organisation=trust, role=Role.EDITOR)
    approver = MembershipFactory(organisation=trust, role=Role.APPROVER)
    lead_editor = MembershipFactory(organisation=footprint.lead_ccg, role=Role.EDITOR)
    page = journey.page

    # Leadership by autosave alone: no "Save and continue"; each answer is saved as chosen.
    sign_in(editor.user)
    journey.open("/assessments/", heading="Self-assessments")
    journey.follow(TRUST, heading=TASKS)
    journey.follow("Leadership", heading="Leadership")
    for code, option in [("L1", "Mostly agree"), ("L2", "Agree completely"), ("L3", "41-60%")]:
        answer(journey, code, option)
    # Arrow keys move through the options, each saved in turn: wait for the last to land.
    wait_until_saved(
        page, assessment, {"L1": "mostly_agree", "L2": "agree_completely", "L3": "41_60"}
    )
    expect(page.get_by_role("status").filter(has_text="Saved at")).to_be_visible()
    journey.follow("Back to the task list", heading=TASKS)
    expect(page.get_by_role("listitem").filter(has_text="Leadership")).to_contain_text(
        "3 of 3 answered"
    )

    # Governance with JavaScript off, in a browser of its own: the form alone saves it. (axe
    # needs script to run; the same page passed it above with script on.)
    no_script = page.context.browser.new_context(java_script_enabled=False)
    try:
        no_script.add_cookies(page.context.cookies())
        plain = no_script.new_page()
        plain.set_default_timeout(5_000)
        plain.goto(f"{live_server.url}/assessments/{assessment.pk}/themes/governance/")
        for code, option in (("G1", "Neither agree nor disagree"), ("G2", "Not applicable")):
            group = plain.get_by_role("group", name=re.compile(rf"^{code} "))
            group.get_by_label(option, exact=True).check()
        plain.get_by_role("button", name="Save and continue").click()
        expect(plain.get_by_role("heading", level=1)).to_have_text("Transfers of care")
        expect(plain.get_by_role("status").first).to_contain_text(
            "Your answers to Governance are saved."
        )
    finally:
        no_script.close()

    # The rest with "Save and continue", then check and submit.
    journey.open(f"/assessments/{assessment.pk}/", heading=TASKS)
    journey.follow("Transfers of care", heading="Transfers of care")
    answer(journey, "T1", "86-90%")
    answer(journey, "T2", "Semi-structured")
    journey.press("Save and continue", heading="Medicines")
    answer(journey, "M1", "61-80%")
    answer(journey, "M2", "Fully structured")
    journey.press("Save and continue", heading="Mobile working")
    answer(journey, "I1", "Not applicable")
    journey.press("Save and continue", heading="Check your answers")
    journey.press("Submit the assessment", heading=TASKS)
    expect(page.get_by_role("status").first).to_contain_text("Assessment submitted.")

    sign_in(approver.user)
    journey.open(f"/assessments/{assessment.pk}/", heading=TASKS)
    journey.press("Sign off the assessment", heading=TASKS)
    expect(page.get_by_role("status").first).to_contain_text("Assessment signed off.")
    journey.follow(
        "See the maturity results against the country", heading=f"Maturity results for {TRUST}"
    )
    expect(page.get_by_text("Overall: 69.6 out of 100")).to_be_visible()
    expect(row_of(page, "Readiness").get_by_role("cell").first).to_have_text("64.2")
    expect(row_of(page, "Capabilities").get_by_role("cell").first).to_have_text("75.0")
    expect(page.get_by_text("A self-help benchmark, not a league table.")).to_be_visible()

    sign_in(lead_editor.user)
    journey.open(f"/footprints/{footprint.pk}/", heading="Leeds")
    journey.follow(
        "Self-assessments: progress and results of the footprint's organisations",
        heading="Self-assessments in Leeds",
    )
    expect(
        page.get_by_role("row").filter(has_text=TRUST).filter(has_text="Signed off")
    ).to_have_count(1)
    expect(page.get_by_role("columnheader", name=TRUST)).to_be_visible()
    expect(row_of(page, "Readiness").get_by_role("cell").first).to_have_text("64.2")

    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SIGNED_OFF
    assert Assessment.objects.get(pk=assessment.pk).answers.count() == 10
