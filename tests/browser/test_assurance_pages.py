"""The assurance pages in the browser: the North reviewer finds the Leeds return for 2016/17
Q2 in the queue, reads it beside last quarter's, tries to release with nothing chosen, then
releases an Amber rating; every page, the one with errors too, passes axe and the Nu HTML
checker."""

from datetime import date

from playwright.sync_api import expect

from delivery.confidence import DEFINITIONS, Confidence
from delivery.enums import MilestoneStatus, ReturnState
from delivery.models import ProgressReturn
from tests.delivery.assurance_world import assure, write_and_submit
from tests.delivery.world import make_delivery_world

QUEUE = "Assure progress returns"
PAGE = "Assure the Leeds progress return for 2016/17 Q2"
RELEASE = "Release to the footprint"
COMMENT = "Say how the supplier will catch up on the shared record."
NOTE = "The board privately doubts the supplier."


def arrange():
    world = make_delivery_world()
    first = write_and_submit(world, world.periods[0], rating=Confidence.AMBER_GREEN,
                             milestone={"status": MilestoneStatus.ON_TRACK,
                                        "forecast_on": date(2017, 11, 30)})  # fmt: skip
    assure(first, world.reviewer, rating=Confidence.AMBER_GREEN)
    second = write_and_submit(world, world.periods[1], rating=Confidence.AMBER,
                              milestone={"status": MilestoneStatus.LATE,
                                         "forecast_on": date(2018, 1, 31)},
                              capabilities={"C": {"forecast_by": date(2018, 6, 30)}})  # fmt: skip
    return world, second


def test_a_reviewer_assures_a_return_on_pages_that_pass_axe_and_the_html_checker(journey, sign_in):
    world, progress_return = arrange()
    page = journey.page
    sign_in(world.reviewer)

    journey.open("/assurance/", heading=QUEUE)
    journey.follow("Assure – Leeds, 2016/17 Q2", heading=PAGE)
    expect(page.get_by_text("Major slip: 123 days later than accepted")).to_be_visible()

    # Released with nothing chosen: each missing field is named in the error summary.
    journey.press(RELEASE, heading=PAGE)
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Choose the assured rating before you release")
    expect(summary).to_contain_text("Write the comment to the footprint")
    expect(summary).to_contain_text("Choose whether to accept the return")

    journey.choose(f"Amber/Red {DEFINITIONS[Confidence.AMBER_RED]}")
    journey.fill("Comment to the footprint", COMMENT)
    journey.fill("Internal note (NHS England only, never shown to the footprint)", NOTE)
    journey.choose("Accept the return")
    journey.press(RELEASE, heading=PAGE)

    expect(page.get_by_role("heading", name="Assurance released")).to_be_visible()
    # The footprint's own rating beside the assured one: neither replaces the other.
    expect(page.locator("[data-ratings] td")).to_have_text(["Amber", "Amber/Red"])
    progress_return = ProgressReturn.objects.get(pk=progress_return.pk)
    assert progress_return.state == ReturnState.ACCEPTED

    journey.follow("Back to the returns waiting for assurance", heading=QUEUE)
    expect(page.get_by_text("No progress return is waiting for assurance.")).to_be_visible()


def test_a_reviewer_of_another_region_reads_the_page_without_the_form(journey, sign_in):
    world, progress_return = arrange()
    sign_in(world.review_world.london_reviewer)

    journey.open(f"/returns/{progress_return.pk}/assurance/", heading=PAGE)

    expect(journey.page.get_by_text("You can read this return but not assure it.")).to_be_visible()
    expect(journey.page.get_by_role("button", name=RELEASE)).to_have_count(0)
