"""The benefits register in the browser, with the mouse and with the keyboard alone: shares
that add up to more than 100% come back with the message by the field and everything typed
kept, and a benefit is added, changed and removed. axe and the HTML checker on every page,
the page with its errors too."""

from playwright.sync_api import expect

from accounts.enums import OrganisationKind, Role
from tests.browser.roadmap_helpers import LEAD, PARTNER, choose_in, fill_date
from tests.factories import (
    FootprintMemberFactory,
    MembershipFactory,
    OrganisationFactory,
    RoadmapFactory,
)

TRUST = "Leeds Teaching Hospitals NHS Trust"
OVER_100 = (
    "The shares add up to 110%. A benefit can be shared out at most once: make them add up "
    "to 100% or less."
)


def arrange():
    roadmap = RoadmapFactory(footprint__name="Leeds", footprint__lead_ccg__name=LEAD)
    for name, role, kind in (
        (PARTNER, "partner_ccg", OrganisationKind.CCG),
        (TRUST, "provider", OrganisationKind.NHS_TRUST),
    ):
        FootprintMemberFactory(footprint=roadmap.footprint, role=role, confirmation="confirmed",
                               organisation=OrganisationFactory(name=name, kind=kind))  # fmt: skip
    editor = MembershipFactory(
        organisation=roadmap.footprint.lead_ccg, role=Role.EDITOR, user__full_name="Priya Shah"
    ).user
    return roadmap, editor


def test_an_editor_is_told_the_shares_add_up_to_too_much_then_adds_changes_and_removes_a_benefit(
    journey, sign_in
):
    roadmap, editor = arrange()
    page = journey.page
    sign_in(editor)
    journey.open(f"/roadmaps/{roadmap.pk}/sections/benefits/", heading="Benefits")
    expect(page.get_by_text("No benefits yet.")).to_be_visible()

    journey.fill("Description", "Fewer duplicate tests because results are shared")
    choose_in(journey, "Category", "Non-cashable")
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
    journey.fill("2018/19 (£)", "£25,000.50")
    journey.fill(f"{PARTNER} (%)", "60")
    journey.fill(f"{TRUST} (%)", "50")
    journey.press("Add benefit", heading="Benefits")

    summary = page.get_by_role("alert")
    expect(summary.get_by_role("link", name=OVER_100, exact=True)).to_be_visible()
    expect(journey.field(f"{TRUST} (%)")).to_have_value("50")
    expect(journey.field(f"{PARTNER} (%)")).to_have_value("60")
    expect(journey.field("2018/19 (£)")).to_have_value("£25,000.50")
    expect(journey.field("Description")).to_have_value(
        "Fewer duplicate tests because results are shared"
    )
    expect(page.get_by_role("group", name="Target date").get_by_label("Year")).to_have_value("2019")

    journey.fill(f"{TRUST} (%)", "40")
    journey.submit("Add benefit", heading="Benefits")
    expect(page.get_by_role("status").first).to_contain_text("Benefit added.")
    benefit = page.get_by_role("region", name="Benefit 1", exact=True)
    expect(benefit).to_contain_text("Non-cashable")
    expect(benefit.get_by_role("row", name="Total 100%")).to_be_visible()
    expect(benefit.get_by_role("table").first).to_contain_text("£25,000.50")

    journey.follow(page.get_by_role("link", name="Change benefit 1"), heading="Change a benefit")
    expect(journey.field("Baseline value")).to_have_value("1200")
    journey.fill("2019/20 (£)", "30000")
    journey.submit("Save benefit", heading="Benefits")
    expect(page.get_by_role("status").first).to_contain_text("Benefit changed.")
    expect(benefit.get_by_role("table").first).to_contain_text("£30,000")

    journey.press(page.get_by_role("button", name="Remove benefit 1"), heading="Benefits")
    expect(page.get_by_role("status").first).to_contain_text("Benefit removed.")
    expect(page.get_by_text("No benefits yet.")).to_be_visible()
