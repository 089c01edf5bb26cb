"""A return's benefit lines: made from the accepted register when the return opens, carried on
from last quarter's, saved without ever storing "no data yet" as zero, and a target date moved
later said on every later quarter's page."""

from datetime import date
from decimal import Decimal

import pytest

from delivery.models import ReturnBenefit
from delivery.services import returns
from tests.delivery.return_page_helpers import open_first, section_url, text
from tests.delivery.world import PATHOLOGY, READMISSIONS, add_periods, make_delivery_world
from tests.query_budget import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def world():
    return make_delivery_world(benefits=True)


def save_benefits(progress_return, data, by):
    progress_return.refresh_from_db()
    return returns.save_return_section(
        progress_return=progress_return, section="benefits", data=data,
        expected_version=progress_return.version, saved_by=by,
    )  # fmt: skip


def lines_of(progress_return):
    return {line.description: line for line in progress_return.benefits.all()}


def reported(line):
    return (line.actual, line.no_data, line.forecast_year, line.forecast_total, line.target_on,
            line.previous_forecast, line.previous_target_on, line.evidence)  # fmt: skip


def test_the_first_return_has_a_line_per_benefit_expecting_what_was_accepted(world):
    lines = lines_of(open_first(world))

    pathology, readmissions = lines[PATHOLOGY], lines[READMISSIONS]
    assert list(lines) == [PATHOLOGY, READMISSIONS]
    assert (pathology.category, pathology.measure, pathology.baseline_target_on,
            pathology.profile) == (
        "cashable", "Savings on repeated pathology tests", date(2019, 3, 31),
        {"2016/17": "40000.00", "2017/18": "80000.00", "2018/19": "80000.00"},
    )  # fmt: skip
    # Nothing reported yet; the forecasts and target date are the accepted ones.
    assert reported(pathology) == (
        None,
        False,
        D(40000),
        D(200000),
        date(2019, 3, 31),
        None,
        None,
        "",
    )
    assert (readmissions.unit, readmissions.direction, readmissions.baseline_value,
            readmissions.baseline_on, readmissions.target_value) == (
        "%", "down", D("12.00"), date(2016, 3, 31), D("10.00"),
    )  # fmt: skip
    assert reported(readmissions) == (
        None,
        False,
        None,
        D("10.00"),
        date(2018, 3, 31),
        None,
        None,
        "",
    )


def test_the_next_return_carries_the_forecasts_and_target_date_and_starts_the_actual_afresh(
    world,
):
    first = open_first(world)
    pathology, readmissions = lines_of(first).values()
    save_benefits(first, {
        pathology.pk: {"actual": D(8000), "forecast_year": D(35000),
                       "forecast_total": D(190000), "evidence": "Lab invoices, Q1"},
        readmissions.pk: {"no_data": True, "target_on": date(2018, 6, 30),
                          "rating_override": "at_risk", "override_reason": "Slow start"},
    }, world.lead_editor)  # fmt: skip

    second = lines_of(open_first(world, period=1))

    assert reported(second[PATHOLOGY]) == (
        None,
        False,
        D(35000),
        D(190000),
        date(2019, 3, 31),
        D(190000),
        date(2019, 3, 31),
        "",
    )
    assert reported(second[READMISSIONS]) == (
        None,
        False,
        None,
        D("10.00"),
        date(2018, 6, 30),
        D("10.00"),
        date(2018, 6, 30),
        "",
    )
    assert (second[READMISSIONS].rating_override, second[READMISSIONS].override_reason) == ("", "")


def test_a_new_financial_year_forecasts_the_year_from_the_profile(world):
    last_quarter = open_first(world, period=3)  # 2016/17 Q4
    pathology = lines_of(last_quarter)[PATHOLOGY]
    save_benefits(last_quarter, {pathology.pk: {"forecast_year": D(39000)}}, world.lead_editor)
    (next_year,) = add_periods(
        world.roadmap.footprint.cycle, first_quarter_end=date(2017, 6, 30), count=1
    )

    first_of_the_year = returns.open_return(roadmap=world.roadmap, period=next_year)

    assert lines_of(first_of_the_year)[PATHOLOGY].forecast_year == D(80000)


def test_a_version_without_a_register_opens_a_return_without_benefit_lines(client):
    world = make_delivery_world(benefits=False)
    progress_return = open_first(world)
    client.force_login(world.lead_editor)

    page = text(client.get(section_url(progress_return, "benefits")))

    assert not progress_return.benefits.exists()
    assert (
        "The accepted roadmap has no benefits register, so there is nothing to report here."
    ) in page
    detail = text(client.get(f"/returns/{progress_return.pk}/"))
    assert "Benefits Complete" in detail


def test_no_data_yet_clears_an_actual_and_an_actual_unticks_no_data(world):
    progress_return = open_first(world)
    pathology = lines_of(progress_return)[PATHOLOGY]
    save_benefits(progress_return, {pathology.pk: {"actual": D(8000)}}, world.lead_editor)

    save_benefits(progress_return, {pathology.pk: {"no_data": True}}, world.lead_editor)
    pathology.refresh_from_db()
    assert (pathology.actual, pathology.no_data) == (None, True)

    save_benefits(progress_return, {pathology.pk: {"actual": D(0)}}, world.lead_editor)
    pathology.refresh_from_db()
    assert (pathology.actual, pathology.no_data) == (D(0), False)


def test_no_data_yet_is_never_counted_as_zero_and_a_zero_is(world, client):
    client.force_login(world.lead_editor)
    first = open_first(world)
    save_benefits(first, {lines_of(first)[PATHOLOGY].pk: {"actual": D(8000)}}, world.lead_editor)
    second = open_first(world, period=1)
    save_benefits(second, {lines_of(second)[PATHOLOGY].pk: {"no_data": True}}, world.lead_editor)

    no_data_page = text(client.get(section_url(second, "benefits")))

    assert ReturnBenefit.objects.get(progress_return=second, description=PATHOLOGY).actual is None
    assert (
        "Expected to date £20,000 Realised to date No data yet Realised against expected – "
        "Quarters without data 1 quarter without data"
    ) in no_data_page
    third = open_first(world, period=2)
    save_benefits(third, {lines_of(third)[PATHOLOGY].pk: {"actual": D(0)}}, world.lead_editor)
    zero_page = text(client.get(section_url(third, "benefits")))
    assert (
        "Expected to date £30,000 Realised to date £8,000 Realised against expected 27% "
        "Quarters without data 1 quarter without data"
    ) in zero_page
    assert ReturnBenefit.objects.get(progress_return=third, description=PATHOLOGY).actual == 0


def test_a_target_date_moved_later_is_said_in_every_later_quarter(world, client):
    client.force_login(world.lead_editor)
    first = open_first(world)
    second = open_first(world, period=1)
    readmissions = lines_of(second)[READMISSIONS]
    save_benefits(second, {readmissions.pk: {"target_on": date(2018, 6, 30)}}, world.lead_editor)
    third = open_first(world, period=2)

    pages = [text(client.get(section_url(each, "benefits"))) for each in (first, second, third)]

    moved = "Target date Target date 91 days later than accepted"
    assert moved not in pages[0]
    assert f"{moved} (91 since last quarter)" in pages[1]
    assert f"{moved} (0 since last quarter)" in pages[2]
    detail = text(client.get(f"/returns/{third.pk}/"))
    assert "30 June 2018 Target date 91 days later than accepted (0 since last quarter)" in (detail)


def test_the_benefits_page_makes_as_many_queries_after_many_quarters_as_after_one(world, client):
    client.force_login(world.lead_editor)
    periods = world.periods + add_periods(
        world.roadmap.footprint.cycle, first_quarter_end=date(2017, 6, 30), count=4
    )
    last = returns.open_return(roadmap=world.roadmap, period=periods[-1])
    save_benefits(last, {lines_of(last)[PATHOLOGY].pk: {"actual": D(1000)}}, world.lead_editor)
    made = []

    def grow(size):
        for period in periods[len(made) : size]:
            progress_return = returns.open_return(roadmap=world.roadmap, period=period)
            lines = lines_of(progress_return)
            save_benefits(progress_return, {lines[PATHOLOGY].pk: {"actual": D(1000)},
                                            lines[READMISSIONS].pk: {"no_data": True}},
                          world.lead_editor)  # fmt: skip
            made.append(progress_return)

    assert_queries_do_not_grow(client, section_url(last, "benefits"), grow=grow, sizes=(1, 7))
    page = text(client.get(section_url(last, "benefits")))
    assert "Realised to date £8,000" in page
    assert "Quarters without data 8 quarters without data" in page
