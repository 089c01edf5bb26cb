"""Step 3 end to end in the browser: two CCG editors write every section of the roadmap (two
benefits among them, one money and one quality), the baseline shows a provider's maturity
against the country, both CCGs sign it off, the lead submits it, and version 1 is read-only,
printable and downloadable as a PDF."""

import re

from playwright.sync_api import expect

from accounts.enums import OrganisationKind, Role
from maturity.services import scoring
from maturity.services.figures import recompute_figures
from roadmaps.enums import (
    CapabilityGroup,
    Confirmation,
    FootprintState,
    RoadmapState,
    UniversalCapability,
)
from roadmaps.models import Roadmap, RoadmapVersion
from roadmaps.roadmap_sections import SECTIONS, YEARS, year_label
from roadmaps.services.roadmaps import open_roadmap
from tests.browser.roadmap_helpers import (
    LEAD,
    PARTNER,
    TASKS,
    VISION,
    choose_in,
    fill_date,
    request_sign_off,
    row_of,
    save_and_continue,
    section_status,
    sign_off,
    submit,
)
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    OrganisationFactory,
)
from tests.maturity.test_results_pages import EXAMPLE_B
from tests.maturity.test_scoring import EXAMPLE_A, make_assessment, make_question_set

TRUST = "Leeds Teaching Hospitals NHS Trust"
UNIVERSAL_LETTERS = "ABCDEFGHIJ"


def arrange():
    """An endorsed footprint of two CCGs and a trust whose submitted self-assessment is
    scored (worked example a), with national figures from it and one other trust (b)."""
    cycle = CycleFactory()
    footprint = FootprintFactory(name="Leeds", cycle=cycle, lead_ccg__name=LEAD)
    partner = FootprintMemberFactory(
        footprint=footprint,
        organisation=OrganisationFactory(name=PARTNER),
        role="partner_ccg",
        confirmation=Confirmation.CONFIRMED,
    ).organisation
    trust = FootprintMemberFactory(footprint=footprint, organisation__name=TRUST).organisation
    footprint.state = FootprintState.ENDORSED
    footprint.save(update_fields=["state"])
    roadmap = open_roadmap(footprint=footprint)

    question_set = make_question_set(EXAMPLE_A)
    elsewhere = OrganisationFactory(kind=OrganisationKind.NHS_TRUST, name="York Teaching Trust")
    for organisation, example in ((trust, EXAMPLE_A), (elsewhere, EXAMPLE_B)):
        assessment = make_assessment(question_set, example, organisation=organisation, cycle=cycle)
        scoring.compute_assessment_scores(assessment_id=assessment.pk)
    recompute_figures(cycle=cycle)

    def person(organisation, role, name):
        return MembershipFactory(organisation=organisation, role=role, user__full_name=name).user

    return {
        "roadmap": roadmap,
        "lead_editor": person(footprint.lead_ccg, Role.EDITOR, "Priya Shah"),
        "partner_editor": person(partner, Role.EDITOR, "Tomasz Nowak"),
        "lead_approver": person(footprint.lead_ccg, Role.APPROVER, "Grace Adeyemi"),
        "partner_approver": person(partner, Role.APPROVER, "Ifeoma Bello"),
    }


def test_two_editors_write_the_roadmap_both_ccgs_sign_it_off_and_the_lead_submits_it(
    journey, sign_in
):
    people = arrange()
    roadmap = people["roadmap"]
    tasks = f"/roadmaps/{roadmap.pk}/"
    page = journey.page

    # The lead CCG's editor writes the first six sections.
    sign_in(people["lead_editor"])
    journey.open("/", heading="Hello, Priya")
    journey.follow("Roadmaps", heading="Roadmaps")
    journey.follow("Leeds", heading=TASKS)
    journey.follow("Key information", heading="Key information")
    expect(page.get_by_role("cell", name=PARTNER, exact=True)).to_be_visible()
    journey.fill(
        "Alignment with the Sustainability and Transformation Plan (STP)",
        "The footprint matches the West Yorkshire STP's Leeds place.",
    )
    save_and_continue(journey, heading=VISION, saved="Key information")
    journey.fill("Vision", "Paper-free at the point of care across Leeds by 2020/21.")
    save_and_continue(journey, heading="Baseline", saved=VISION)

    # Leeds Teaching Hospitals' Readiness (worked example a) against the national median of
    # it and York's (example b): (64.2 + 46.25) / 2.
    expect(page.get_by_role("columnheader", name="Readiness", exact=True)).to_be_visible()
    expect(row_of(page, TRUST).get_by_role("cell").first).to_have_text("64.2")
    expect(row_of(page, "National median").get_by_role("cell").first).to_have_text("55.2")
    journey.fill("What the baseline tells you", "Strong leadership; governance lags the country.")
    save_and_continue(journey, heading="Readiness", saved="Baseline")
    for label in ("Leadership", "Governance", "Resourcing", "Benefits management", "Funding"):
        journey.fill(label, f"{label}: agreed by the Leeds Digital Board.")
    save_and_continue(journey, heading="Capability deployment schedule", saved="Readiness")

    for group, group_label in CapabilityGroup.choices:
        for year in YEARS:
            journey.fill(f"{group_label}, {year_label(year)}", f"{group} {year}")
    save_and_continue(
        journey, heading="Universal capabilities", saved="Capability deployment schedule"
    )

    organisations = [LEAD, PARTNER, TRUST]
    for number, letter in enumerate(UNIVERSAL_LETTERS):
        group = f" – capability {letter}"
        journey.fill(f"Current position{group}", f"Pilots under way ({letter}).")
        journey.fill(f"Trajectory and milestones to 31 March 2018{group}", "Live by March 2018.")
        journey.select(f"Lead organisation{group}", organisations[number % 3])
    save_and_continue(journey, heading="Information sharing", saved="Universal capabilities")

    # The partner CCG's editor writes the rest.
    sign_in(people["partner_editor"])
    journey.open(tasks, heading=TASKS)
    journey.follow("Information sharing", heading="Information sharing")
    journey.fill("Information sharing strategy", "One shared care record for Leeds.")
    journey.fill("Information governance", "A single sharing agreement for every member.")
    journey.fill("Interoperability", "Open APIs and the NHS number everywhere.")
    save_and_continue(journey, heading="Infrastructure", saved="Information sharing")
    journey.fill("Infrastructure", "Citywide Wi-Fi and a shared data centre.")
    save_and_continue(journey, heading="Risks", saved="Infrastructure")

    journey.fill("Description", "Suppliers miss the integration dates.")
    choose_in(journey, "Likelihood", "3 – medium")
    choose_in(journey, "Impact", "4 – high")
    journey.fill("Owner", "Leeds Digital Board")
    journey.fill("Mitigation (optional)", "Penalty clauses and monthly reviews.")
    journey.press("Add risk", heading="Risks")
    expect(page.get_by_role("status").first).to_contain_text("Risk added.")
    expect(row_of(page, "Suppliers miss the integration dates.")).to_contain_text("4 – high")
    journey.follow("Next section", heading="Milestones")

    journey.fill("Milestone", "Shared care record live")
    journey.fill("Due date", "31/03/2018")
    journey.select("Owner", PARTNER)
    journey.press("Add milestone", heading="Milestones")
    expect(page.get_by_role("status").first).to_contain_text("Milestone added.")
    expect(row_of(page, "Shared care record live")).to_contain_text("31 Mar 2018")
    journey.follow("Next section", heading="Benefits")

    # A money benefit the trust and the lead CCG share, and a quality benefit of the lead's.
    journey.fill("Description", "Fewer duplicate tests because results are shared")
    choose_in(journey, "Category", "Cashable")
    journey.select("Capability group (optional)", "Orders and results management")
    journey.select("Owner organisation", TRUST)
    journey.fill("Owner's role", "Director of Finance")
    journey.fill("Measure", "Pathology tests requested twice")
    journey.fill("Unit", "tests a month")
    choose_in(journey, "Which way is good", "Down is good")
    journey.fill("Baseline value", "1,200")
    fill_date(journey, "Baseline measured on", "31", "3", "2016")
    journey.fill("Target value", "300")
    fill_date(journey, "Target date", "31", "3", "2019")
    journey.fill("2016/17 (£)", "10,000")
    journey.fill("2017/18 (£)", "40000")
    journey.fill(f"{LEAD} (%)", "40")
    journey.fill(f"{TRUST} (%)", "60")
    journey.press("Add benefit", heading="Benefits")
    expect(page.get_by_role("status").first).to_contain_text("Benefit added.")
    money = page.get_by_role("region", name="Benefit 1", exact=True)
    expect(money.get_by_role("table", name="Benefit 1: expected value in each financial year")
           ).to_contain_text("£10,000")  # fmt: skip
    expect(money.get_by_role("row", name="Total 100%")).to_be_visible()

    journey.fill("Description", "Fewer medication errors at discharge as the GP record is shared")
    choose_in(journey, "Category", "Quality and safety")
    journey.select("Universal capability (optional)", f"A. {UniversalCapability.A.label}")
    journey.select("Owner organisation", LEAD)
    journey.fill("Owner's role", "Chief Pharmacist")
    journey.fill("Measure", "Medication errors found at discharge")
    journey.fill("Unit", "%")
    choose_in(journey, "Which way is good", "Down is good")
    journey.fill("Baseline value", "12.5")
    fill_date(journey, "Baseline measured on", "31", "3", "2016")
    journey.fill("Target value", "4")
    fill_date(journey, "Target date", "31", "3", "2018")
    journey.press("Add benefit", heading="Benefits")
    quality = page.get_by_role("region", name="Benefit 2", exact=True)
    expect(quality).to_contain_text("12.5%, measured on 31 March 2016")
    expect(quality).to_contain_text("Not shared with other organisations.")
    journey.follow("Back to the task list", heading=TASKS)
    for section in SECTIONS:
        expected = "Completed" if section.required else "Optional"
        expect(section_status(page, str(section.title))).to_contain_text(expected)
    expect(page.get_by_text("12 of 12 sections complete.")).to_be_visible()

    # The lead asks both CCGs to sign it off.
    sign_in(people["lead_editor"])
    request_sign_off(journey, tasks)
    for approver, organisation in (
        (people["partner_approver"], PARTNER),
        (people["lead_approver"], LEAD),
    ):
        sign_in(approver)
        sign_off(journey, tasks, organisation)

    # The lead submits it: version 1, read-only, printable, and a PDF.
    sign_in(people["lead_editor"])
    submit(journey, tasks, number=1)
    version = RoadmapVersion.objects.get(roadmap=roadmap)
    assert version.number == 1
    expect(page.locator("code")).to_have_text(version.sha256)
    assert re.fullmatch(r"[0-9a-f]{64}", version.sha256)
    expect(page.get_by_text("Paper-free at the point of care across Leeds")).to_be_visible()
    expect(page.get_by_role("main").locator("form, input, textarea, select")).to_have_count(0)
    expect(page.locator('link[rel="stylesheet"][media="print"]')).to_have_attribute(
        "href", re.compile(r"print\.css$")
    )
    pdf = page.get_by_role("link", name="Download it as a PDF", exact=True)
    response = page.request.get(journey.base_url + pdf.get_attribute("href"))
    assert response.ok
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    # The draft cannot change now.
    journey.open(tasks, heading=TASKS)
    expect(page.get_by_text("2015-16 Local Digital Roadmap – Submitted")).to_be_visible()
    journey.follow(VISION, heading=VISION)
    expect(page.get_by_role("note")).to_have_text(
        "This roadmap is submitted, so its draft cannot change."
    )
    expect(page.get_by_role("button", name="Save and continue")).to_have_count(0)
    expect(page.get_by_role("main").locator("textarea")).to_have_count(0)

    roadmap = Roadmap.objects.get(pk=roadmap.pk)
    assert roadmap.state == RoadmapState.SUBMITTED
