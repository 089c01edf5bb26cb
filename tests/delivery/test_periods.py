"""The NHS England admins' reporting periods page: the current cycle's periods with their
returns and publication, and the forms that add a run of quarters or one period."""

import re
from datetime import date, datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AuditEvent
from delivery.models import ReportingPeriod
from delivery.services import returns
from roadmaps.selectors.deadlines import LONDON, london_day
from tests.delivery.assured import nhse_admin
from tests.delivery.world import add_periods, make_delivery_world
from tests.factories import CycleFactory
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.section_pages import rows_of

pytestmark = pytest.mark.django_db(transaction=True)

PERIODS = reverse("reporting_periods")
# 3 October 2016: Q1 closed (due 28 July), Q2 (to 30 September) just opened.
TODAY = datetime(2016, 10, 3, 12, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def world():
    world = make_delivery_world()
    returns.open_returns(now=world.periods[0].opens_at)
    returns.open_returns()
    return world


@pytest.fixture
def admin_client(client):
    client.force_login(nhse_admin())
    return client


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def period_rows(html):
    return rows_of(html, "Reporting periods of the 2015-16 cycle")


def test_people_other_than_nhs_england_admins_are_refused_with_a_reason(client, world):
    for person in (world.lead_editor, world.reviewer):
        client.force_login(person)
        response = client.get(PERIODS)
        assert response.status_code == 403
        assert "Only NHS England admins can add reporting periods" in unescape(
            response.content.decode()
        )


def test_the_page_lists_each_period_with_its_dates_state_returns_and_publication(
    admin_client, world
):
    html = admin_client.get(PERIODS).content.decode()

    assert period_rows(html) == [
        "Period Quarter ends Returns open Returns due Now Returns Assured ratings Change",
        "2016/17 Q1 30 June 2016 1 July 2016 23:59 on 28 July 2016 Closed Draft: 1 "
        "None released yet Move the dates of 2016/17 Q1",
        "2016/17 Q2 30 September 2016 1 October 2016 23:59 on 28 October 2016 Open Draft: 1 "
        "None released yet Move the dates of 2016/17 Q2",
        "2016/17 Q3 31 December 2016 1 January 2017 23:59 on 30 January 2017 Not open yet "
        "None yet None released yet Move the dates of 2016/17 Q3",
        "2016/17 Q4 31 March 2017 1 April 2017 23:59 on 3 May 2017 Not open yet None yet "
        "None released yet Move the dates of 2016/17 Q4",
    ]
    assert f'href="{reverse("stage_dates", args=[world.periods[0].pk])}"' in html


def test_the_stage_pages_name_a_period_by_its_label(admin_client, world):
    stages = text(admin_client.get(reverse("cycle_stages")).content.decode())
    q2_dates = reverse("stage_dates", args=[world.periods[1].pk])
    dates = text(admin_client.get(q2_dates).content.decode())

    assert "2016/17 Q2 progress return" in stages
    assert "Change the dates of the 2016/17 Q2 progress return stage" in dates


def test_adding_the_default_quarters_to_a_cycle_without_periods_gives_two_years(admin_client):
    cycle = CycleFactory(name="2016-17")
    page = admin_client.get(PERIODS).content.decode()
    form = {"quarters-first_quarter_end_day": "30", "quarters-first_quarter_end_month": "6",
            "quarters-first_quarter_end_year": "2016", "quarters-count": "8",
            "add_quarters": "Add the quarters"}  # fmt: skip

    response = admin_client.post(PERIODS, form, follow=True)

    assert 'name="quarters-first_quarter_end_day" value="30"' in page
    periods = ReportingPeriod.objects.filter(cycle=cycle).order_by("period_end")
    assert [(p.label, p.period_end, london_day(p.due_at)) for p in periods] == [
        ("2016/17 Q1", date(2016, 6, 30), date(2016, 7, 28)),
        ("2016/17 Q2", date(2016, 9, 30), date(2016, 10, 28)),
        ("2016/17 Q3", date(2016, 12, 31), date(2017, 1, 30)),
        ("2016/17 Q4", date(2017, 3, 31), date(2017, 5, 3)),
        ("2017/18 Q1", date(2017, 6, 30), date(2017, 7, 28)),
        ("2017/18 Q2", date(2017, 9, 30), date(2017, 10, 27)),
        ("2017/18 Q3", date(2017, 12, 31), date(2018, 1, 29)),
        ("2017/18 Q4", date(2018, 3, 31), date(2018, 4, 30)),
    ]
    assert "8 reporting periods added: 2016/17 Q1, 2016/17 Q2" in text(response.content.decode())
    assert AuditEvent.objects.filter(verb="period.added").count() == 8


def test_quarters_the_cycle_has_are_left_as_they_are(admin_client, world):
    form = {"quarters-first_quarter_end_day": "30", "quarters-first_quarter_end_month": "6",
            "quarters-first_quarter_end_year": "2016", "quarters-count": "4",
            "add_quarters": "Add the quarters"}  # fmt: skip

    response = admin_client.post(PERIODS, form, follow=True)

    assert "has those reporting periods already: nothing was added" in text(
        response.content.decode()
    )
    assert ReportingPeriod.objects.filter(cycle=world.periods[0].cycle).count() == 4


def test_a_first_quarter_end_that_is_no_quarters_end_is_refused_by_the_field(admin_client, world):
    form = {"quarters-first_quarter_end_day": "31", "quarters-first_quarter_end_month": "5",
            "quarters-first_quarter_end_year": "2016", "quarters-count": "many",
            "add_quarters": "Add the quarters"}  # fmt: skip

    response = admin_client.post(PERIODS, form)

    page = text(response.content.decode())
    assert response.status_code == 400
    assert "There is a problem" in page
    assert (
        "The day the first quarter ends must be the last day of March, June, September or "
        "December" in page
    )
    assert "Choose how many quarters to add from the list" in page
    assert ReportingPeriod.objects.filter(cycle=world.periods[0].cycle).count() == 4


def one_period(**changes):
    form = {"period-label": "2017/18 Q1", "period-period_end_day": "30",
            "period-period_end_month": "6", "period-period_end_year": "2017",
            "period-opens_on_day": "1", "period-opens_on_month": "7",
            "period-opens_on_year": "2017", "period-due_on_day": "28",
            "period-due_on_month": "7", "period-due_on_year": "2017",
            "add_period": "Add the reporting period"}  # fmt: skip
    return {**form, **changes}


def test_an_admin_adds_one_period(admin_client, world):
    response = admin_client.post(PERIODS, one_period(), follow=True)

    added = ReportingPeriod.objects.get(label="2017/18 Q1")
    assert (added.period_end, london_day(added.opens_at), london_day(added.due_at)) == (
        date(2017, 6, 30), date(2017, 7, 1), date(2017, 7, 28),
    )  # fmt: skip
    assert "The reporting period 2017/18 Q1 is added." in text(response.content.decode())


def test_a_period_named_as_one_the_cycle_has_is_refused_by_its_name(admin_client, world):
    response = admin_client.post(PERIODS, one_period(**{"period-label": "2016/17 Q1"}))

    assert response.status_code == 400
    assert "already has a reporting period called 2016/17 Q1" in text(response.content.decode())
    assert 'value="2016/17 Q1"' in response.content.decode()


def test_a_period_due_before_it_opens_is_refused_by_the_due_date(admin_client, world):
    response = admin_client.post(PERIODS, one_period(**{"period-due_on_month": "6"}))

    assert response.status_code == 400
    assert "The due date must be after the date the stage opens." in text(response.content.decode())
    assert not ReportingPeriod.objects.filter(label="2017/18 Q1").exists()


def test_the_page_makes_as_many_queries_for_many_periods_as_for_a_few(admin_client, world):
    cycle = world.periods[0].cycle
    years = iter(range(2017, 2030, 2))

    def grow(size):
        # More quarters, each with a return.
        first = date(next(years), 6, 30)
        for period in add_periods(cycle, first_quarter_end=first, count=size):
            returns.open_return(roadmap=world.roadmap, period=period)

    assert_queries_do_not_grow(admin_client, PERIODS, grow=grow, sizes=(2, 6))


def test_an_extension_for_a_period_is_checked_against_that_periods_own_deadline(
    admin_client, world
):
    q2 = world.periods[1]
    form = admin_client.get(reverse("grant_deadline_extension")).content.decode()

    check = admin_client.post(
        reverse("grant_deadline_extension"),
        {"stage": q2.pk, "footprint": world.lead.ods_code, "due_on_day": "11",
         "due_on_month": "11", "due_on_year": "2016", "reason": "Their board meets later"},
    )  # fmt: skip

    assert "2015-16 – 2016/17 Q2 progress return (due 28 October 2016)" in unescape(form)
    page = text(check.content.decode())
    assert "Deadline now 23:59 on 28 October 2016 (London time)" in page
    assert "New deadline 23:59 on 11 November 2016 (London time)" in page


def test_what_was_typed_in_the_other_form_is_kept_when_one_comes_back(admin_client, world):
    response = admin_client.post(
        reverse("reporting_periods"),
        {
            "add_period": "Add the period",
            "period-label": "",
            "quarters-first_quarter_end_day": "31",
            "quarters-first_quarter_end_month": "3",
            "quarters-first_quarter_end_year": "2018",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'name="quarters-first_quarter_end_year" value="2018"' in page
    assert 'name="quarters-first_quarter_end_month" value="3"' in page
