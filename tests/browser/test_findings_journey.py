"""Findings of the cross-checks in the browser: the region's reviewer reads the findings of the
Leeds return on its assurance page with their evidence, raises one in the decision, asks for
more information and explains the other; the lead CCG's editor finds that one on the return's
check page and explains it; NHS England's list of findings and the national delivery tracker
count both as explained. Every page, as it arrives, is checked with axe and the Nu HTML
checker."""

from datetime import date

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from delivery.confidence import DEFINITIONS, Confidence
from delivery.enums import MilestoneStatus, ReturnState
from delivery.models import Finding
from delivery.services.checks import run_checks
from tests.browser.roadmap_helpers import fill_in, row_of
from tests.delivery.assurance_world import write_and_submit
from tests.delivery.world import make_delivery_world

ASSURE = "Assure the Leeds progress return for 2016/17 Q1"
CHECK = "Check the Leeds progress return for 2016/17 Q1"
FINDINGS = "Findings of the cross-checks"
GREEN_SLIP = "Rated Green while “Shared record live” is 123 days later than accepted."
OUTAGE = "“Network outage” has likelihood 5 and impact 4, and no mitigation."
REVIEWER_NOTE = "The trust's second data centre goes live next month."
LEAD_NOTE = "The supplier's new date is in the contract; the board accepted the slip."


def arrange():
    """Leeds's Q1 return rated Green, its milestone 123 days late and a high risk added with
    no mitigation, submitted and checked."""
    world = make_delivery_world()
    progress_return = write_and_submit(
        world, world.periods[0], rating=Confidence.GREEN,
        milestone={"status": MilestoneStatus.LATE, "forecast_on": date(2018, 1, 31)},
        new_risks=[{"description": "Network outage", "likelihood": 5, "impact": 4}],
    )  # fmt: skip
    run_checks(progress_return=progress_return)
    return world, progress_return


def finding_on(page, summary):
    """The finding whose summary this is."""
    return page.locator("[data-finding]").filter(has=page.get_by_text(summary, exact=True))


def explain(journey, finding, note, *, heading):
    fill_in(journey, finding.get_by_role("textbox", name="Explain this finding"), note)
    journey.press(finding.get_by_role("button", name="Mark it explained"), heading=heading)


def test_findings_are_read_explained_and_counted(journey, sign_in):
    world, progress_return = arrange()
    page = journey.page
    slipped = Finding.objects.get(check_id="green_outside_red_inside")

    # The reviewer reads each finding with its evidence and why it matters.
    sign_in(world.reviewer)
    journey.open(reverse("assure_return", args=[progress_return.pk]), heading=ASSURE)
    milestone = finding_on(page, GREEN_SLIP)
    expect(milestone.get_by_role("heading")).to_have_text(
        "A progress return rated Green or Amber/Green while its own lines show serious trouble."
    )
    expect(milestone.locator("dd")).to_have_text(
        ["Green", "Shared record live", "30 September 2017", "31 January 2018", "123"]
    )
    expect(milestone.get_by_role("link", name="123")).to_have_attribute(
        "href", reverse("return_section", args=[progress_return.pk, "milestones"])
    )
    expect(milestone.locator("[data-why]")).to_contain_text("optimistic far more often than not")

    # She raises the slipped milestone in her decision and asks for more information...
    journey.activate(milestone.get_by_role("button", name="Raise it in the decision"), key="Space")
    comment = page.get_by_label("Comment to the footprint")
    expect(comment).to_have_value(
        f"The cross-checks found: {GREEN_SLIP} Please explain this, or say what you will change."
    )
    expect(milestone.get_by_role("status")).to_have_text("Added to your message to the footprint.")
    journey.choose(f"Amber {DEFINITIONS[Confidence.AMBER]}")
    journey.choose("Ask for more information")
    journey.press("Release to the footprint", heading=ASSURE)
    progress_return.refresh_from_db()
    assert progress_return.state == ReturnState.MORE_INFORMATION_REQUESTED

    # ...and explains the risk, which needs nothing more.
    explain(journey, finding_on(page, OUTAGE), REVIEWER_NOTE, heading=ASSURE)
    expect(page.get_by_text("Finding explained.")).to_be_visible()
    expect(finding_on(page, OUTAGE).locator("[data-finding-state]")).to_contain_text(
        f"Explained by Grace Adeyemi on {timezone.localdate():%-d %B %Y}: {REVIEWER_NOTE}"
    )

    # Back with the footprint, the lead CCG's editor sees both on the check page and
    # explains the one still open.
    sign_in(world.lead_editor)
    journey.open(reverse("return_check", args=[progress_return.pk]), heading=CHECK)
    expect(finding_on(page, OUTAGE).get_by_role("textbox")).to_have_count(0)
    explain(journey, finding_on(page, GREEN_SLIP), LEAD_NOTE, heading=CHECK)
    expect(finding_on(page, GREEN_SLIP).locator("[data-finding-state]")).to_contain_text(
        f"Explained by {world.lead_editor} on {timezone.localdate():%-d %B %Y}: {LEAD_NOTE}"
    )
    slipped.refresh_from_db()
    assert (slipped.state, slipped.explained_by) == ("explained", world.lead_editor)

    # NHS England's list counts both as explained, each under its check.
    sign_in(world.reviewer)
    journey.open(reverse("delivery_findings"), heading=FINDINGS)
    expect(row_of(page, "A high risk with no mitigation.").locator("td")).to_have_text(
        ["0", "1", "0", "1"]
    )
    green = "A progress return rated Green or Amber/Green while its own lines show serious trouble."
    expect(row_of(page, green).locator("td")).to_have_text(["0", "1", "0", "1"])
    journey.follow(GREEN_SLIP, heading="A cross-check finding: Leeds, 2016/17 Q1 return")
    expect(page.locator("[data-note]")).to_have_text(LEAD_NOTE)

    # The national delivery tracker counts them against Leeds, and under each check; the
    # count leads to Leeds's findings.
    journey.open(reverse("delivery_tracker"), heading="National delivery tracker")
    leeds = page.get_by_role("row").filter(has=page.get_by_role("link", name="Leeds", exact=True))
    expect(leeds.locator("td").last).to_have_text("0 open, 2 explained")
    expect(row_of(page, green).locator("td")).to_have_text(["0", "1", "0", "1"])
    journey.follow("0 open, 2 explained", heading=FINDINGS)
    expect(page.locator("[data-one-footprint]")).to_contain_text(
        "Showing the findings of the Leeds footprint only."
    )
    expect(page.get_by_role("link", name=OUTAGE)).to_be_visible()
