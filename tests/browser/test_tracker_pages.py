"""The national delivery tracker and a footprint's delivery history in the browser, with the
mouse and with the keyboard alone: NHS England filters the tracker to a region and opens a
footprint's history; the lead CCG's editor opens their own. Every page is checked with axe
and the Nu HTML checker on arrival (``Journey.arrive``)."""

from playwright.sync_api import expect

from accounts.enums import Role
from accounts.models import Organisation
from tests.delivery.tracker_data import make_tracker_world
from tests.factories import MembershipFactory
from tests.roadmaps.coverage_data import nhse_reviewer

TRACKER = "National delivery tracker"
LEEDS = "Delivery of the Leeds roadmap"
NORTH = "NORTH OF ENGLAND COMMISSIONING REGION"


def test_nhs_england_filters_the_tracker_and_opens_a_footprints_history(journey, sign_in):
    make_tracker_world()
    page = journey.page
    sign_in(nhse_reviewer())

    journey.open("/delivery/", heading=TRACKER)
    footprints = page.get_by_role("table", name="5 footprints, ratings for 2016/17 Q4")
    expect(footprints).to_be_visible()
    expect(page.get_by_role("img", name="Footprints' own ratings per quarter")).to_be_visible()

    journey.select("NHS England region", NORTH)
    journey.press("Filter", heading=TRACKER)
    rows = page.get_by_role("table", name="3 footprints, ratings for 2016/17 Q4")
    expect(rows.get_by_role("rowheader")).to_have_text(
        ["County Durham (00J)", "Leeds (02V)", "York (03Q)"]
    )

    journey.follow("Leeds", heading=LEEDS)
    returns = page.get_by_role("table", name="Progress returns of Leeds, oldest first")
    expect(returns.get_by_role("rowheader")).to_have_text(
        ["2016/17 Q1", "2016/17 Q2", "2016/17 Q3", "2016/17 Q4"]
    )


def test_the_lead_ccg_reads_its_own_delivery_history(journey, sign_in):
    world = make_tracker_world()
    editor = MembershipFactory(
        organisation=Organisation.objects.get(ods_code="02V"), role=Role.EDITOR
    )
    sign_in(editor.user)

    journey.open(f"/roadmaps/{world['leeds'].pk}/delivery/", heading=LEEDS)

    slipped = journey.page.get_by_role("table", name=(
        "Milestones later than in the accepted roadmap, as the latest 2016/17 Q4 submission "
        "reports them"
    ))  # fmt: skip
    expect(slipped.get_by_role("rowheader")).to_have_text(["Shared record live"])
