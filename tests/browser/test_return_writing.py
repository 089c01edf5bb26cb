"""The pages where the footprint's editors write a progress return, in Chromium: each one, as
it first shows, with its errors, read-only and after a conflict, has no axe violation and no
Nu HTML checker error; autosave saves as the person types, and "Save and continue" after
someone else saved shows the conflict page."""

import re
from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from delivery.confidence import Confidence
from delivery.enums import AssuranceDecision, MilestoneStatus
from delivery.services import returns
from tests.browser.axe import assert_accessible
from tests.browser.markup import assert_valid_html
from tests.delivery.return_page_helpers import assure, open_first, section_url, submit
from tests.delivery.world import PATHOLOGY, make_delivery_world

pytestmark = pytest.mark.django_db(transaction=True)

SECTIONS = ("milestones", "capabilities", "deployments", "risks", "benefits", "narrative",
            "rating")  # fmt: skip


@pytest.fixture
def check(page, live_server, axe_source, html_checker):
    """Open ``path`` (or check the page now shown): no axe violation, valid HTML."""

    def check(path=None, *, heading, response=None, status=200):
        if path is not None:
            response = page.goto(live_server.url + path)
        assert response.status == status, f"{response.url} answered {response.status}"
        expect(page.get_by_role("heading", level=1, name=heading, exact=True)).to_be_visible()
        assert_accessible(page, axe_source)
        assert_valid_html(html_checker, response.text(), url=response.url)

    return check


def a_written_return(world):
    """The Leeds return for 2016/17 Q1 with a late milestone, an added milestone and risk,
    sent back by the region for more information; and the Q2 return, still a draft."""
    first = open_first(world)
    line = first.milestones.get()
    returns.save_return_section(
        progress_return=first, section="milestones",
        data={line.pk: {"forecast_on": date(2018, 1, 31), "status": MilestoneStatus.LATE}},
        expected_version=first.version, saved_by=world.lead_editor,
    )  # fmt: skip
    first.refresh_from_db()
    submit(world, first, rating=Confidence.AMBER_RED)
    assure(world, first, comment="Say how the supplier delay is handled",
           decision=AssuranceDecision.MORE_INFORMATION)  # fmt: skip
    second = open_first(world, period=1)
    returns.add_return_milestone(
        progress_return=second, title="Patient portal", owner="Leeds CCG",
        forecast_on=date(2018, 6, 30), expected_version=None, added_by=world.lead_editor,
    )  # fmt: skip
    returns.add_return_risk(
        progress_return=second, description="Upgrade clashes", likelihood=4, impact=5,
        owner="Board", mitigation="", expected_version=None, added_by=world.lead_editor,
    )  # fmt: skip
    line = second.capabilities.get(letter="C")
    second.refresh_from_db()
    returns.save_return_section(
        progress_return=second, section="capabilities",
        data={line.pk: {"forecast_by": date(2018, 9, 30)}},
        expected_version=second.version, saved_by=world.lead_editor,
    )  # fmt: skip
    second.refresh_from_db()
    return first, second


def test_every_return_writing_page_is_accessible_and_valid(check, sign_in, page):
    world = make_delivery_world(benefits=True)
    first, second = a_written_return(world)
    sign_in(world.lead_editor)

    check(reverse("return_list"), heading="Progress returns")
    check(reverse("return_detail", args=[first.pk]),
          heading="Leeds progress return, 2016/17 Q1")  # fmt: skip
    check(reverse("return_detail", args=[second.pk]),
          heading="Leeds progress return, 2016/17 Q2")  # fmt: skip
    titles = {
        "milestones": "Milestones",
        "capabilities": "Universal capabilities",
        "deployments": "Capability deployment this year",
        "risks": "Risks",
        "benefits": "Benefits",
        "narrative": "Narrative",
        "rating": "Delivery confidence",
    }
    for key in SECTIONS:
        check(section_url(second, key), heading=titles[key])
    check(reverse("add_return_milestone", args=[second.pk]), heading="Add a milestone")
    check(reverse("add_return_risk", args=[second.pk]), heading="Add a risk")

    # With errors: a Green rating against a worse suggestion, with no reason.
    page.goto(page.url.replace("/risks/new/", "/rating/"))
    page.get_by_label("Green", exact=True).check()
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Save and continue").click()
    check(response=sent.value, heading="Delivery confidence", status=400)
    expect(
        page.get_by_role("link", name="Say why you rate Green when the rules suggest Amber/Red")
    ).to_be_visible()

    # A date that is not a real one, and one outside the roadmap's years.
    page.goto(page.url.replace("/rating/", "/milestones/"))
    page.get_by_role("group", name="Forecast date – Patient portal").get_by_label("Month").fill(
        "13"
    )
    page.get_by_role("group", name="Date done – Patient portal").get_by_label("Day").fill("1")
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Save and continue").click()
    check(response=sent.value, heading="Milestones", status=400)
    expect(page.get_by_role("link", name="“Patient portal” must be a real date")).to_be_visible()

    # An actual and "no data yet" both given; a forecast that is not a number.
    page.goto(page.url.replace("/milestones/", "/benefits/"))
    pathology = page.get_by_role("region", name=PATHOLOGY)
    pathology.get_by_label(re.compile(r"^Actual this period")).fill("8000")
    pathology.get_by_label(re.compile(r"^No data yet")).check()
    pathology.get_by_label(re.compile(r"^Forecast at the target date")).fill("lots")
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Save and continue").click()
    check(response=sent.value, heading="Benefits", status=400)
    expect(
        page.get_by_role("link", name=f"Give the actual for “{PATHOLOGY}” or tick “No data yet”, "
                         "not both")
    ).to_be_visible()  # fmt: skip
    expect(pathology.get_by_label(re.compile(r"^Forecast at the target date"))).to_have_value(
        "lots"
    )

    page.goto(page.url.replace("/benefits/", "/milestones/new/"))
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Add milestone").click()
    check(response=sent.value, heading="Add a milestone", status=400)


def test_a_viewer_reads_each_section_and_the_pages_are_valid(check, sign_in):
    world = make_delivery_world(benefits=True)
    _first, second = a_written_return(world)
    sign_in(world.trust_viewer)

    for key, heading in (("milestones", "Milestones"), ("rating", "Delivery confidence"),
                         ("deployments", "Capability deployment this year"),
                         ("benefits", "Benefits")):  # fmt: skip
        check(section_url(second, key), heading=heading)


def test_autosave_saves_and_a_later_save_meets_the_conflict_page(check, sign_in, page):
    world = make_delivery_world()
    progress_return = open_first(world)
    sign_in(world.lead_editor)
    check(section_url(progress_return, "narrative"), heading="Narrative")

    page.get_by_label("Progress this quarter").fill("Two wards live")
    page.get_by_label("Planned for next quarter").focus()  # the change event: autosave
    expect(page.get_by_role("status").filter(has_text="Saved at")).to_be_visible()
    progress_return.refresh_from_db()
    assert (progress_return.progress, progress_return.version) == ("Two wards live", 1)

    returns.save_return_section(
        progress_return=progress_return, section="narrative",
        data={"next_quarter": "Theirs: the rest of the wards"},
        expected_version=1, saved_by=world.lead_editor,
    )  # fmt: skip
    page.get_by_label("Planned for next quarter").fill("Mine: the community teams")
    page.get_by_label("Issues and dependencies").focus()
    expect(page.get_by_role("status").filter(has_text="someone else saved")).to_be_visible()
    with page.expect_navigation() as sent:
        page.get_by_role("button", name="Save and continue").click()

    check(response=sent.value, heading="Narrative", status=409)
    expect(page.get_by_label("Planned for next quarter")).to_have_value("Mine: the community teams")
    expect(page.get_by_text("Theirs: the rest of the wards")).to_be_visible()
