"""Reporting periods in the browser: an NHS England admin finds the reporting periods from
their home page, adds the quarters of the next two years (after a mistake the page explains
by the field), publishes a period's released assured ratings, and anyone then reads them
signed out. Every page is checked by axe and the Nu HTML checker on the way."""

from datetime import date

from playwright.sync_api import expect

from delivery.models import PeriodPublication, ReportingPeriod
from tests.browser.roadmap_helpers import fill_in
from tests.delivery.assured import assured, nhse_admin
from tests.delivery.world import make_delivery_world
from tests.two_cycles import make_two_cycles

PERIODS = "Reporting periods"
PUBLISHED = "Published delivery confidence ratings"


def test_an_admin_adds_quarters_and_publishes_ratings_that_anyone_then_reads(journey, sign_in):
    world = make_delivery_world()
    assured(world, world.periods[0])
    cycle = world.periods[0].cycle
    admin = nhse_admin()
    page = journey.page

    sign_in(admin)
    journey.open("/", heading="Hello, Owen")
    journey.follow("Add reporting periods and publish assured ratings", heading=PERIODS)
    table = page.get_by_role("table", name=f"Reporting periods of the {cycle.name} cycle")
    expect(table.get_by_role("rowheader")).to_have_text(
        ["2016/17 Q1", "2016/17 Q2", "2016/17 Q3", "2016/17 Q4"]
    )

    # The next two years' quarters, from a day that ends no quarter at first.
    day = page.locator("#id_quarters-first_quarter_end")
    month = page.locator("#id_quarters-first_quarter_end_month")
    year = page.locator("#id_quarters-first_quarter_end_year")
    fill_in(journey, day, "31")
    fill_in(journey, month, "5")
    fill_in(journey, year, "2017")
    journey.select("How many quarters", "4")
    journey.press("Add the quarters", heading=PERIODS)
    message = (
        "The day the first quarter ends must be the last day of March, June, September or December"
    )
    expect(page.get_by_role("link", name=message)).to_be_visible()
    expect(month).to_have_value("5")
    fill_in(journey, day, "30")
    fill_in(journey, month, "6")
    journey.press("Add the quarters", heading=PERIODS)
    expect(page.get_by_role("status").first).to_have_text(
        "4 reporting periods added: 2017/18 Q1, 2017/18 Q2, 2017/18 Q3, 2017/18 Q4."
    )
    assert (
        ReportingPeriod.objects.filter(cycle=cycle, period_end__gte=date(2017, 6, 30)).count() == 4
    )

    # Q1's assured rating is released: the admin publishes it.
    journey.press("Publish the 2016/17 Q1 assured ratings", heading=PERIODS)
    expect(page.get_by_role("status").first).to_have_text(
        "The 2016/17 Q1 assured ratings are published: anyone can now read them."
    )
    assert PeriodPublication.objects.filter(period=world.periods[0]).exists()

    # Signed out, anyone reads both ratings side by side.
    page.context.clear_cookies()
    journey.open("/", heading="Local Digital Roadmaps")
    journey.follow("See the published delivery confidence ratings", heading=PUBLISHED)
    ratings = page.get_by_role("table", name="Delivery confidence ratings, 2016/17 Q1")
    expect(ratings.get_by_role("row").nth(1)).to_contain_text("Leeds")
    expect(ratings.get_by_role("row").nth(1).get_by_role("cell").nth(2)).to_have_text("Green")
    expect(ratings.get_by_role("row").nth(1).get_by_role("cell").nth(3)).to_have_text("Amber")


def test_anyone_picks_an_earlier_cycle_of_the_published_roadmaps_and_ratings(journey):
    make_two_cycles()
    page = journey.page

    journey.open("/published/", heading="Published Local Digital Roadmaps")
    expect(page.get_by_role("link", name="West Yorkshire roadmap")).to_be_visible()
    journey.select("Cycle", "2015-16")
    journey.press("Show", heading="Published Local Digital Roadmaps")
    expect(page.get_by_role("link", name="Aire Valley roadmap")).to_be_visible()
    expect(page.get_by_role("link", name="West Yorkshire roadmap")).to_have_count(0)

    journey.follow("See the published delivery confidence ratings", heading=PUBLISHED)
    journey.select("Cycle", "2015-16")
    journey.press("Show", heading=PUBLISHED)
    expect(page.get_by_role("heading", name="2016/17 Q2 (2015-16 cycle)")).to_be_visible()
