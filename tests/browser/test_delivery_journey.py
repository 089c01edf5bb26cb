"""A quarter of delivery tracking end to end, with the mouse and with the keyboard alone: a
reporting period opens and the beat's task opens Leeds's return; the lead CCG's editor fills
it from what it carries over, slips a milestone by more than 90 days, reports the pounds one
benefit realised, "no data yet" for another and moves that one's target date three months
later, rates Green against a suggestion of Amber/Red and is asked why; the approver signs it
off and submits it; the region's reviewer reads it beside last quarter's, rates Amber and
accepts it; the national tracker counts one assured rating worsened, and its benefits view the
pounds realised and the benefit with no data; and the footprint sees both ratings side by
side. axe and the Nu HTML checker pass every page on the way
(``Journey.arrive``)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from delivery.confidence import Confidence
from delivery.enums import ReturnState
from delivery.models import ProgressReturn
from delivery.services import returns
from delivery.tasks import open_returns
from tests.browser.roadmap_helpers import fill_in
from tests.delivery.return_page_helpers import assure, submit
from tests.delivery.world import PATHOLOGY, READMISSIONS, make_delivery_world

pytestmark = pytest.mark.django_db(transaction=True)

REASON = "The supplier has shipped the fix; the slipped date is already being recovered."
RETURN = "Leeds progress return, 2016/17 Q2"
MOVED = "Target date 91 days later than accepted (91 since last quarter)"


def arrange():
    """Leeds's accepted roadmap: its 2016/17 Q1 return rated Green by the footprint and by
    the region, and 2016/17 Q2's window open from an hour ago."""
    world = make_delivery_world(count=2, benefits=True)
    first = returns.open_return(roadmap=world.roadmap, period=world.periods[0])
    submit(world, first, rating=Confidence.GREEN)
    assure(world, first, rating=Confidence.GREEN, comment="On track.")
    now = timezone.now()
    world.periods[1].opens_at = now - timedelta(hours=1)
    world.periods[1].due_at = now + timedelta(days=20)
    world.periods[1].save(update_fields=["opens_at", "due_at"])
    return world


def test_a_quarter_is_reported_rated_assured_and_tracked(journey, sign_in):
    world = arrange()
    page = journey.page

    # The period is open: the beat's task opens the return, pre-filled from last quarter's.
    assert open_returns() == 1
    progress_return = ProgressReturn.objects.get(period=world.periods[1])

    # The lead CCG's editor slips the milestone by four months.
    sign_in(world.lead_editor)
    journey.open("/returns/", heading="Progress returns")
    journey.follow(page.get_by_role("link", name="2016/17 Q2"), heading=RETURN)
    journey.follow("Milestones", heading="Milestones")
    milestone = page.get_by_role("region", name="Shared record live")
    expect(milestone.locator("[data-slippage]")).to_have_text("on the accepted date")
    journey.select_in(milestone.get_by_label("Status – Shared record live"), "Late")
    forecast = milestone.get_by_role("group", name="Forecast date – Shared record live")
    fill_in(journey, forecast.get_by_label("Day"), "31")
    fill_in(journey, forecast.get_by_label("Month"), "1")
    fill_in(journey, forecast.get_by_label("Year"), "2018")
    journey.press("Save and continue", heading="Universal capabilities")

    # Pounds realised for one benefit; no data yet for the other, its target date moved on.
    benefits_page = f"/returns/{progress_return.pk}/benefits/"
    journey.open(benefits_page, heading="Benefits")
    pathology = page.get_by_role("region", name=PATHOLOGY)
    fill_in(journey, pathology.get_by_label(re.compile(r"^Actual this period")), "18,000")
    readmissions = page.get_by_role("region", name=READMISSIONS)
    no_data = readmissions.get_by_label(re.compile(r"^No data yet"))
    journey.activate(no_data, key="Space")
    expect(no_data).to_be_checked()
    target = readmissions.get_by_role("group", name=re.compile(r"^Target date"))
    fill_in(journey, target.get_by_label("Day"), "30")
    fill_in(journey, target.get_by_label("Month"), "6")
    journey.press("Save and continue", heading="Narrative")
    journey.open(benefits_page, heading="Benefits")
    expect(pathology.locator("[data-realised]")).to_have_text("£18,000")
    expect(pathology.locator("[data-ratio]")).to_have_text("90%")
    expect(readmissions.locator("[data-realised]")).to_have_text("No data yet")
    expect(readmissions.locator("[data-without-data]")).to_have_text("2 quarters without data")
    expect(readmissions.locator("[data-target-moved]")).to_have_text(MOVED)

    journey.open(f"/returns/{progress_return.pk}/narrative/", heading="Narrative")
    journey.fill(
        "Progress this quarter", "The ward rollout paused while the supplier fixed a fault."
    )
    journey.fill("Planned for next quarter", "Finish the rollout to the remaining wards.")
    journey.press("Save and continue", heading="Delivery confidence")

    # Rating Green against the rules' Amber/Red asks for the reason, and keeps the choice.
    expect(page.locator("[data-suggested-rating]")).to_have_text("Amber/Red")
    journey.choose("Green")
    journey.press("Save and continue", heading="Delivery confidence")
    expect(page.locator(".error-summary a")).to_contain_text(
        ["Say why you rate Green when the rules suggest Amber/Red"]
    )
    expect(journey.field("Green")).to_be_checked()
    journey.fill("Why you rate it better than the rules suggest", REASON)
    journey.press("Save and continue", heading=RETURN)

    journey.follow("Check the return and ask for sign-off",
                   heading="Check the Leeds progress return for 2016/17 Q2")  # fmt: skip
    expect(page.get_by_text("123 days later").first).to_be_visible()
    benefits = page.get_by_role("table", name=re.compile(r"^Each benefit"))
    expect(benefits.get_by_role("row").nth(2)).to_contain_text(MOVED)
    expect(benefits.get_by_role("row").nth(2)).to_contain_text("No data yet")
    journey.press("Ask the lead CCG to sign off",
                  heading="Check the Leeds progress return for 2016/17 Q2")  # fmt: skip
    progress_return.refresh_from_db()
    assert progress_return.state == ReturnState.AWAITING_SIGN_OFF

    # The lead CCG's approver signs it off and submits it.
    sign_in(world.lead_approver)
    journey.open(f"/returns/{progress_return.pk}/", heading=RETURN)
    journey.follow("Sign off and submit the return",
                   heading="Sign off the Leeds progress return for 2016/17 Q2")  # fmt: skip
    journey.press("Sign off and submit to NHS England",
                  heading="Leeds progress return for 2016/17 Q2, submission 1")  # fmt: skip
    expect(page.get_by_role("status").first).to_contain_text("Signed off and submitted")
    progress_return.refresh_from_db()
    assert progress_return.state == ReturnState.SUBMITTED

    # The region's reviewer reads it beside last quarter's, rates Amber and accepts it.
    sign_in(world.reviewer)
    journey.open("/assurance/", heading="Assure progress returns")
    journey.follow(page.get_by_role("link", name="Assure – Leeds, 2016/17 Q2"),
                   heading="Assure the Leeds progress return for 2016/17 Q2")  # fmt: skip
    expect(page.get_by_text("2016/17 Q1").first).to_be_visible()
    expect(page.get_by_text("123 days later").first).to_be_visible()
    expect(page.get_by_text(MOVED)).to_be_visible()
    form = page.locator("form").filter(
        has=page.get_by_role("button", name="Release to the footprint")
    )
    journey.activate(form.get_by_label(re.compile(r"^\s*Amber\s+Successful")), key="Space")
    fill_in(journey, form.get_by_label("Comment to the footprint"), "Recovery plan noted.")
    journey.activate(form.get_by_label("Accept the return"), key="Space")
    journey.press("Release to the footprint",
                  heading="Assure the Leeds progress return for 2016/17 Q2")  # fmt: skip
    progress_return.refresh_from_db()
    assert progress_return.state == ReturnState.ACCEPTED

    # The tracker counts one assured rating worsened, Green to Amber.
    journey.open("/delivery/", heading="National delivery tracker")
    movement = page.get_by_role("table", name="Footprints in this view by how their ratings "
                                "moved from 2016/17 Q1 to 2016/17 Q2")  # fmt: skip
    expect(movement.get_by_role("row", name="Worsened")).to_have_text("Worsened 0 1")
    expect(movement.get_by_role("row", name="Unchanged")).to_have_text("Unchanged 1 0")

    # Its benefits view counts the pounds realised, and the line with no data on its own.
    journey.follow(page.get_by_role("link", name="Benefits", exact=True),
                   heading="National delivery tracker: benefits")  # fmt: skip
    money = page.get_by_role("table", name=re.compile(r"^Money benefits per financial year"))
    expect(money.get_by_role("row").nth(1).locator("th, td")).to_have_text(
        ["2016/17", "£40,000", "£40,000", "£18,000", "1"]
    )
    others = page.get_by_role("table", name="Benefits other than money by category and their "
                              "latest rating")  # fmt: skip
    quality = others.get_by_role("row", name=re.compile("^Quality and safety"))
    expect(quality.locator("th, td")).to_have_text(["Quality and safety", "0", "0", "0", "1", "1"])

    # The footprint sees both ratings side by side.
    sign_in(world.lead_editor)
    journey.open(f"/returns/{progress_return.pk}/", heading=RETURN)
    ratings = page.get_by_role("table", name="Delivery confidence: the footprint's own "
                               "rating and NHS England's, side by side")  # fmt: skip
    expect(ratings.get_by_role("row").nth(1)).to_have_text("Green Amber")
