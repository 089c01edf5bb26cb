"""The national delivery tracker and a footprint's delivery history in the browser, with the
mouse and with the keyboard alone: NHS England filters the tracker to a region, opens a
footprint's history and the tracker's benefits view; the lead CCG's editor opens their own
history with its benefits. Every page is checked with axe and the Nu HTML checker on arrival
(``Journey.arrive``)."""

from playwright.sync_api import expect

from accounts.enums import Role
from accounts.models import Organisation
from tests.delivery.benefits_data import PATHOLOGY, READMISSIONS, add_benefits
from tests.delivery.tracker_data import make_tracker_world
from tests.factories import MembershipFactory
from tests.roadmaps.coverage_data import nhse_reviewer
from tests.two_cycles import make_two_cycles

TRACKER = "National delivery tracker"
LEEDS = "Delivery of the Leeds roadmap"
BENEFITS = "National delivery tracker: benefits"
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


def test_nhs_england_reads_the_benefits_view_and_narrows_it(journey, sign_in):
    add_benefits(make_tracker_world())
    page = journey.page
    sign_in(nhse_reviewer())

    journey.open("/delivery/", heading=TRACKER)
    journey.follow("Benefits", heading=BENEFITS)
    money = page.get_by_role(
        "table", name="Money benefits per financial year, from 2 cashable or non-cashable benefits"
    )
    expect(money.get_by_role("row").nth(1)).to_have_text(
        "2016/17 £60,000 £51,000 £50,000 1", use_inner_text=True
    )
    expect(
        page.get_by_role("img", name="Money benefits per financial year: planned, forecast and "
                         "realised")
    ).to_be_visible()  # fmt: skip
    others = page.get_by_role(
        "table", name="Benefits other than money by category and their latest rating"
    )
    expect(others.get_by_role("row", name="Patient experience")).to_have_text(
        "Patient experience 0 0 0 1 1", use_inner_text=True
    )

    journey.select("Local office", "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)")
    journey.press("Filter", heading=BENEFITS)
    narrowed = page.get_by_role(
        "table", name="Money benefits per financial year, from 1 cashable or non-cashable benefit"
    )
    expect(narrowed.get_by_role("row").nth(1)).to_have_text(
        "2016/17 £40,000 £32,000 £32,000 1", use_inner_text=True
    )

    journey.follow("Ratings", heading=TRACKER)
    expect(page.get_by_role("table", name="2 footprints, ratings for 2016/17 Q4")).to_be_visible()


def test_the_lead_ccg_reads_its_own_benefits(journey, sign_in):
    world = add_benefits(make_tracker_world())
    editor = MembershipFactory(
        organisation=Organisation.objects.get(ods_code="02V"), role=Role.EDITOR
    )
    sign_in(editor.user)

    journey.open(f"/roadmaps/{world['leeds'].pk}/delivery/", heading=LEEDS)

    benefits = journey.page.get_by_role(
        "table", name="Benefits of Leeds, as the latest return reports each one"
    )
    expect(benefits.get_by_role("rowheader")).to_have_text([PATHOLOGY, READMISSIONS])


def test_nhs_england_picks_the_earlier_cycle_on_the_tracker_and_keeps_it_for_benefits(
    journey, sign_in
):
    make_two_cycles()
    page = journey.page
    sign_in(nhse_reviewer())

    journey.open("/delivery/", heading=TRACKER)
    expect(page.get_by_text("Every footprint of the 2016-17 refresh cycle")).to_be_visible()
    newest = page.get_by_role("table", name="1 footprint, ratings for 2017/18 Q1")
    expect(newest.get_by_role("rowheader")).to_have_text(["West Yorkshire (02V)"])

    journey.select("Cycle", "2015-16")
    journey.press("Filter", heading=TRACKER)
    expect(page.get_by_text("Every footprint of the 2015-16 cycle")).to_be_visible()
    earlier = page.get_by_role("table", name="1 footprint, ratings for 2016/17 Q2")
    expect(earlier.get_by_role("rowheader")).to_have_text(["Aire Valley (02V)"])

    journey.follow("Benefits", heading=BENEFITS)
    expect(page.get_by_text("The benefits of every footprint of the 2015-16 cycle")).to_be_visible()
