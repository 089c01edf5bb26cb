"""The queue of progress returns waiting for NHS England's assurance: whose returns each
reviewer sees, in which order, what each row says, and who is refused the page."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import Role
from delivery.confidence import Confidence
from tests.delivery.assurance_world import assure, submitted_directly, write_and_submit
from tests.delivery.world import make_delivery_world
from tests.factories import MembershipFactory, NHSEnglandFactory
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.page_text import html_texts, table_rows
from tests.roadmaps.review_world import london

QUEUE_CAPTION = "waiting for assurance</caption>"
RELEASED_CAPTION = "released in your regions or by you</caption>"


@pytest.fixture
def world(db):
    return make_delivery_world()


def queue_of(client, user):
    client.force_login(user)
    response = client.get(reverse("assurance_queue"))
    assert response.status_code == 200
    return response.content.decode()


def footprints_in(page):
    return [row.split(" ")[0] for row in table_rows(page, QUEUE_CAPTION)[1:]]


def north_and_london(world):
    """Three North returns (one worse than last quarter, one better, one unchanged and the
    longest waiting) and one London return."""
    north, periods = world.lead.region, world.periods
    submitted_directly("Bradford", region=north, period=periods[1], rating=Confidence.AMBER,
                       waited_days=10, previous_rating=Confidence.GREEN,
                       previous_period=periods[0], assured=Confidence.AMBER_GREEN,
                       reviewer=world.reviewer)  # fmt: skip
    submitted_directly("York", region=north, period=periods[1], rating=Confidence.GREEN,
                       waited_days=20, previous_rating=Confidence.GREEN,
                       previous_period=periods[0])  # fmt: skip
    submitted_directly("Hull", region=north, period=periods[1], rating=Confidence.AMBER,
                       waited_days=2, previous_rating=Confidence.RED,
                       previous_period=periods[0])  # fmt: skip
    submitted_directly("Camden", region=london(), period=periods[1], rating=Confidence.RED,
                       waited_days=5)  # fmt: skip


def test_a_regional_reviewer_sees_their_regions_returns_worsened_first_then_longest_waiting(
    client, world
):
    north_and_london(world)

    page = queue_of(client, world.reviewer)

    assert footprints_in(page) == ["Bradford", "York", "Hull"]


def test_a_national_reviewer_sees_every_regions_returns(client, world):
    north_and_london(world)

    page = queue_of(client, world.review_world.national_reviewer)

    assert footprints_in(page) == ["Bradford", "York", "Camden", "Hull"]


def test_a_london_reviewer_sees_only_londons_returns(client, world):
    north_and_london(world)

    page = queue_of(client, world.review_world.london_reviewer)

    assert footprints_in(page) == ["Camden"]


def test_each_row_gives_both_ratings_the_suggestion_and_last_quarters_assured_rating(client, world):
    north_and_london(world)

    rows = table_rows(queue_of(client, world.reviewer), QUEUE_CAPTION)

    assert rows[0] == (
        "Footprint NHS England region Period Submitted (London time) Footprint's rating "
        "Suggested rating Last quarter's assured rating Action"
    )
    bradford = rows[1]
    assert bradford.startswith("Bradford NORTH OF ENGLAND COMMISSIONING REGION 2016/17 Q2 ")
    assert bradford.endswith(
        "Amber Worse than last quarter (Green) Green Amber/Green Assure – Bradford, 2016/17 Q2"
    )
    assert rows[2].endswith("Green Green None Assure – York, 2016/17 Q2")


def test_the_submitted_time_is_london_time(client, world):
    # 23:30 UTC on 5 July is 00:30 the next day in London (British Summer Time).
    with time_machine.travel(datetime(2016, 7, 5, 23, 30, tzinfo=UTC), tick=False):
        write_and_submit(world, world.periods[0])

    rows = table_rows(queue_of(client, world.reviewer), QUEUE_CAPTION)

    assert "2016/17 Q1 6 July 2016, 00:30 Green" in rows[1]


def test_released_returns_leave_the_queue_for_the_released_table(client, world):
    progress_return = write_and_submit(world, world.periods[0])
    assure(progress_return, world.reviewer, rating=Confidence.AMBER)

    page = queue_of(client, world.reviewer)

    assert table_rows(page, QUEUE_CAPTION) is None
    assert "No progress return is waiting for assurance." in page
    released = table_rows(page, RELEASED_CAPTION)
    assert len(released) == 2
    assert released[1].startswith("Leeds , 2016/17 Q1 2016/17 Q1 ")
    assert released[1].endswith("Grace Adeyemi Accept the return Green Amber")


def test_people_outside_nhs_england_are_refused_the_queue(client, world):
    refused = {}
    for who, user in [("editor", world.lead_editor), ("approver", world.lead_approver),
                      ("outsider", world.outsider)]:  # fmt: skip
        client.force_login(user)
        response = client.get(reverse("assurance_queue"))
        says_why = (
            "Only NHS England staff can see the assurance queue." in response.content.decode()
        )
        refused[who] = (response.status_code, says_why)

    assert refused == {who: (403, True) for who in ("editor", "approver", "outsider")}


def test_an_admin_who_reviews_no_region_is_told_no_returns_wait_for_them(client, world):
    write_and_submit(world, world.periods[0])
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user
    client.force_login(admin)

    page = client.get(reverse("assurance_queue")).content.decode()

    assert "You are not a reviewer of any region, so no returns wait for you." in page
    assert not any("Leeds" in text for text in html_texts(page))


def test_the_queue_makes_as_many_queries_for_many_returns_as_for_a_few(client, world):
    north, periods = world.lead.region, world.periods
    made = []

    def grow(size):
        for _ in range(size):
            made.append(
                submitted_directly(
                    f"Footprint {len(made)}", region=north, period=periods[1],
                    rating=Confidence.AMBER, waited_days=len(made), previous_rating="green",
                    previous_period=periods[0], assured=Confidence.GREEN,
                    reviewer=world.reviewer,
                )
            )  # fmt: skip

    client.force_login(world.reviewer)
    assert_queries_do_not_grow(client, reverse("assurance_queue"), grow=grow, sizes=(2, 9))
