"""A footprint's benefits on its delivery history page: money planned, forecast and realised
per financial year, and each benefit's latest rating, from its submitted and accepted returns.
Whoever may see the history sees them; anyone else is told the page does not exist."""

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import Role
from accounts.models import Organisation
from delivery.enums import ReturnState
from tests.delivery.benefits_data import (
    BOOKING,
    CHASING,
    PATHOLOGY,
    READMISSIONS,
    add_benefits,
    quarter,
)
from tests.delivery.tracker_data import JUNE_2017, make_tracker_world
from tests.factories import MembershipFactory
from tests.roadmaps.coverage_data import nhse_reviewer
from tests.roadmaps.page_text import table_rows

HEADER = "Benefit Category Latest return Realised to date, or the measure now Rating Target date"
NOT_REACHED = "No return yet –"


@pytest.fixture(autouse=True)
def in_june_2017():
    with time_machine.travel(JUNE_2017, tick=False):
        yield


@pytest.fixture
def world(db):
    return add_benefits(make_tracker_world())


def member_of(ods_code, role=Role.VIEWER):
    return MembershipFactory(organisation=Organisation.objects.get(ods_code=ods_code), role=role)


def history_page(client, roadmap):
    response = client.get(reverse("roadmap_delivery", args=[roadmap.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_lead_ccg_sees_its_money_per_year_and_each_benefits_latest_rating(client, world):
    client.force_login(member_of("02V").user)

    html = history_page(client, world["leeds"])

    assert table_rows(html, "Money benefits of Leeds per financial year") == [
        "Financial year Planned Forecast Realised Lines with no data",
        "2016/17 £40,000 £32,000 £32,000 1",
        f"2017/18 £80,000 £80,000 (the plan) {NOT_REACHED}",
        f"2018/19 £80,000 £80,000 (the plan) {NOT_REACHED}",
        f"2019/20 £0 £0 (the plan) {NOT_REACHED}",
        f"2020/21 £0 £0 (the plan) {NOT_REACHED}",
    ]
    assert table_rows(html, "Benefits of Leeds, as the latest return reports each one") == [
        HEADER,
        f"{PATHOLOGY} Cashable 2016/17 Q4 £32,000 At risk As accepted",
        f"{READMISSIONS} Quality and safety 2016/17 Q4 11.20 % "
        "On track (suggested: At risk) 91 days later than accepted",
    ]


def test_no_data_is_said_in_words_and_never_as_zero(client, world):
    client.force_login(nhse_reviewer())

    html = history_page(client, world["durham"])

    assert table_rows(html, "Benefits of County Durham, as the latest return") == [
        HEADER,
        f"{CHASING} Non-cashable 2016/17 Q4 £18,000 On track As accepted",
        f"{BOOKING} Patient experience 2016/17 Q4 No data No data As accepted",
    ]
    assert table_rows(html, "Money benefits of County Durham")[1] == (
        "2016/17 £20,000 £19,000 £18,000 0"
    )


def test_a_return_sent_back_is_not_counted_until_it_is_submitted_again(client, world):
    leeds_q4 = quarter(world["leeds"], "Q4")
    leeds_q4.state = ReturnState.MORE_INFORMATION_REQUESTED
    leeds_q4.save()
    client.force_login(member_of("02V").user)

    html = history_page(client, world["leeds"])

    # As Q3 reported them: £12,000 realised, forecast £36,000, readmissions off track.
    assert table_rows(html, "Money benefits of Leeds")[1] == "2016/17 £40,000 £36,000 £12,000 1"
    assert table_rows(html, "Benefits of Leeds, as the latest return")[2] == (
        f"{READMISSIONS} Quality and safety 2016/17 Q3 11.60 % Off track "
        "91 days later than accepted"
    )


def test_a_footprint_without_benefit_lines_is_told_so(client, world):
    client.force_login(member_of("03Q").user)

    html = history_page(client, world["york"])

    assert "No submitted return reports a benefit yet." in html
    assert table_rows(html, "Benefits of York") is None


def test_people_of_another_footprint_are_told_the_page_does_not_exist(client, world):
    client.force_login(member_of("03Q", Role.APPROVER).user)

    response = client.get(reverse("roadmap_delivery", args=[world["leeds"].pk]))

    assert response.status_code == 404
    assert PATHOLOGY not in response.content.decode()
