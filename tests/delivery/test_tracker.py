"""The national delivery tracker as NHS England staff read it: each footprint's own and
assured ratings side by side with a strip of quarters, the movement between two periods,
milestones by capability group, late universal capabilities, overdue returns, a chart with
its table, the filters, and who may see it."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import Role
from accounts.models import Organisation
from roadmaps.models import DeadlineExtension
from roadmaps.selectors.deadlines import LONDON
from tests.delivery.tracker_data import JUNE_2017, make_tracker_world
from tests.factories import MembershipFactory
from tests.roadmaps.coverage_data import nhse_reviewer
from tests.roadmaps.page_text import table_rows

NORTH = "NORTH OF ENGLAND COMMISSIONING REGION"
YORKSHIRE = "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)"
FOOTPRINTS = "ratings for 2016/17"
MOVEMENT = "Footprints in this view by how their ratings moved"
MILESTONES = "Milestones by capability group"
CAPABILITIES = "Footprints forecasting each universal capability after 31 March 2018"
OVERDUE = "not submitted by"
OWN_CHART = "own ratings per quarter</caption>"
ASSURED_CHART = "Assured ratings per quarter</caption>"


@pytest.fixture(autouse=True)
def in_june_2017():
    with time_machine.travel(JUNE_2017, tick=False):
        yield


@pytest.fixture
def world(db):
    return make_tracker_world()


@pytest.fixture
def staff_client(client, world):
    client.force_login(nhse_reviewer())
    return client


def tracker_page(client, **params):
    response = client.get(reverse("delivery_tracker"), params)
    assert response.status_code == 200
    return response.content.decode()


def rows(html, caption):
    found = table_rows(html, caption)
    assert found is not None, f"No table captioned {caption!r}"
    return found


# --- Footprints ------------------------------------------------------------------------------


def test_each_tracked_footprint_shows_both_ratings_its_movement_and_its_quarters(staff_client):
    html = tracker_page(staff_client)

    assert rows(html, FOOTPRINTS) == [
        "Footprint NHS England region and local office Return 2016/17 Q4 Own rating Assured rating "
        "Own rating since 2016/17 Q3 Assured rating since 2016/17 Q3 Quarters (own · assured) "
        "Cross-check findings",
        "Camden (07R) LONDON REGION NHS ENGLAND LONDON Accepted Amber/Green Amber "
        "Improved from Amber to Amber/Green Improved from Amber/Red to Amber "
        "2016/17 Q1: – · – 2016/17 Q1: self No rating, assured No rating "
        "2016/17 Q2: – · – 2016/17 Q2: self No rating, assured No rating "
        "2016/17 Q3: A · A/R 2016/17 Q3: self Amber, assured Amber/Red "
        "2016/17 Q4: A/G · A 2016/17 Q4: self Amber/Green, assured Amber 0 open, 0 explained",
        f"County Durham (00J) {NORTH} NHS ENGLAND NORTH (CUMBRIA AND NORTH EAST) "
        "Accepted Red Red Worsened from Amber/Red to Red Worsened from Amber/Red to Red "
        "2016/17 Q1: R · R 2016/17 Q1: self Red, assured Red "
        "2016/17 Q2: A/R · R 2016/17 Q2: self Amber/Red, assured Red "
        "2016/17 Q3: A/R · A/R 2016/17 Q3: self Amber/Red, assured Amber/Red "
        "2016/17 Q4: R · R 2016/17 Q4: self Red, assured Red 0 open, 0 explained",
        "Islington (08H) LONDON REGION NHS ENGLAND LONDON Submitted Amber No rating "
        "New at Amber No rating "
        "2016/17 Q1: A/G · A 2016/17 Q1: self Amber/Green, assured Amber "
        "2016/17 Q2: A/G · A 2016/17 Q2: self Amber/Green, assured Amber "
        "2016/17 Q3: – · – 2016/17 Q3: self No rating, assured No rating "
        "2016/17 Q4: A · – 2016/17 Q4: self Amber, assured No rating 0 open, 0 explained",
        f"Leeds (02V) {NORTH} {YORKSHIRE} Submitted "
        "Amber No rating Unchanged at Amber Missing (was Amber) "
        "2016/17 Q1: G · A/G 2016/17 Q1: self Green, assured Amber/Green "
        "2016/17 Q2: A/G · A 2016/17 Q2: self Amber/Green, assured Amber "
        "2016/17 Q3: A · A 2016/17 Q3: self Amber, assured Amber "
        "2016/17 Q4: A · – 2016/17 Q4: self Amber, assured No rating 0 open, 0 explained",
        f"York (03Q) {NORTH} {YORKSHIRE} Accepted "
        "Green Amber/Green Improved from Amber/Green to Green Improved from Amber to Amber/Green "
        "2016/17 Q1: A · A 2016/17 Q1: self Amber, assured Amber "
        "2016/17 Q2: A · A 2016/17 Q2: self Amber, assured Amber "
        "2016/17 Q3: A/G · A 2016/17 Q3: self Amber/Green, assured Amber "
        "2016/17 Q4: G · A/G 2016/17 Q4: self Green, assured Amber/Green 0 open, 0 explained",
    ]


def test_a_drafted_assurance_is_not_an_assured_rating_until_released(staff_client, world):
    html = tracker_page(staff_client, period="2016/17 Q4")

    leeds = next(row for row in rows(html, FOOTPRINTS) if row.startswith("Leeds"))
    assert "Amber No rating Unchanged at Amber Missing (was Amber)" in leeds
    assert "Amber/Red" not in leeds


# --- Movement --------------------------------------------------------------------------------


def test_movement_counts_both_kinds_of_rating_apart_from_joiners_and_leavers(staff_client):
    html = tracker_page(staff_client)

    # Own: Leeds unchanged, York, Camden improved, Durham worsened, Islington new.
    # Assured: York, Camden improved, Durham worsened, Leeds missing (not yet released).
    assert rows(html, MOVEMENT) == [
        "Movement Own ratings Assured ratings",
        "Improved 2 2",
        "Worsened 1 1",
        "Unchanged 1 0",
        "New 1 0",
        "Missing 0 1",
    ]


def test_any_two_periods_can_be_compared(staff_client):
    html = tracker_page(staff_client, period="2016/17 Q3", compare_with="2016/17 Q1")

    # Q1 -> Q3. Own: Leeds G->A, Durham R->AR, York A->AG, Camden new, Islington missing.
    assert rows(html, MOVEMENT)[1:] == [
        "Improved 2 1",
        "Worsened 1 1",
        "Unchanged 0 1",
        "New 1 1",
        "Missing 1 1",
    ]


def test_a_period_compared_with_a_later_one_is_refused_at_the_field(staff_client):
    html = tracker_page(staff_client, period="2016/17 Q2", compare_with="2016/17 Q3")

    assert "Choose a reporting period to compare with that ends before 2016/17 Q2" in html
    # The page falls back to the latest period and the one before it.
    assert rows(html, MOVEMENT)[1] == "Improved 2 2"


# --- Milestones, capabilities and overdue returns --------------------------------------------


def test_milestones_are_counted_by_capability_group(staff_client):
    html = tracker_page(staff_client)

    assert rows(html, MILESTONES) == [
        "Capability group Milestones Due this quarter Done Late Slipped",
        "Records, assessments and plans 3 2 0 1 2",
        "Transfers of care 1 1 1 0 0",
        "Orders and results management 1 0 0 1 1",
        "No capability group 1 0 0 0 0",
    ]
    assert "from 5 submitted returns for 2016/17 Q4" in html


def test_universal_capabilities_forecast_late_are_counted_per_letter(staff_client):
    html = tracker_page(staff_client)

    counts = [row.split(" ")[0] + " " + row.rsplit(" ", 1)[1] for row in rows(html, CAPABILITIES)]
    assert counts[1:] == ["A: 2", "B: 1", "C: 0", "D: 0", "E: 0", "F: 0", "G: 0", "H: 0",
                          "I: 0", "J: 1"]  # fmt: skip


def test_returns_not_submitted_after_their_deadline_are_overdue(staff_client):
    html = tracker_page(staff_client)

    assert rows(html, OVERDUE) == [
        "Footprint Reporting period Deadline (London time) Overdue Return",
        "Islington 2016/17 Q3 30 Jan 2017, 23:59 122 days Draft",
    ]


def test_an_extension_moves_the_deadline_of_an_overdue_return(staff_client, world):
    DeadlineExtension.objects.create(
        stage=world["periods"][2],
        footprint=world["islington"].footprint,
        due_at=datetime(2017, 6, 30, 23, 59, 59, tzinfo=LONDON),
        reason="Board changes",
    )

    html = tracker_page(staff_client)

    assert table_rows(html, OVERDUE) is None
    assert "No return in this view is overdue." in html


# --- Chart -----------------------------------------------------------------------------------


def test_the_chart_tables_count_each_rating_per_quarter(staff_client):
    html = tracker_page(staff_client)

    header = "Quarter Green Amber/Green Amber Amber/Red Red No rating"
    assert rows(html, OWN_CHART) == [
        header,
        "2016/17 Q1 1 1 1 0 1 1",
        "2016/17 Q2 0 2 1 1 0 1",
        "2016/17 Q3 0 1 2 1 0 1",
        "2016/17 Q4 1 1 2 0 1 0",
    ]
    assert rows(html, ASSURED_CHART) == [
        header,
        "2016/17 Q1 0 1 2 0 1 1",
        "2016/17 Q2 0 0 3 0 1 1",
        "2016/17 Q3 0 0 2 2 0 1",
        "2016/17 Q4 0 1 1 0 1 2",
    ]
    assert "2016/17 Q4: 5 footprints rated (1 Green, 1 Amber/Green, 2 Amber, 1 Red)." in html


# --- Filters ---------------------------------------------------------------------------------


def footprints(html):
    return [row.split(" (")[0] for row in rows(html, FOOTPRINTS)[1:]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "Y56"}, ["Camden", "Islington"]),
        ({"local_office": "Q74"}, ["County Durham"]),
        ({"self_rating": "amber"}, ["Islington", "Leeds"]),
        ({"assured_rating": "none"}, ["Islington", "Leeds"]),
        ({"self_rating": "green", "assured_rating": "amber_green"}, ["York"]),
        ({"period": "2016/17 Q1", "self_rating": "none"}, ["Camden"]),
    ],
)
def test_filters_narrow_the_footprints(staff_client, params, expected):
    assert footprints(tracker_page(staff_client, **params)) == expected


def test_the_movement_and_the_figures_follow_the_filters(staff_client):
    html = tracker_page(staff_client, region="Y56")

    assert rows(html, MOVEMENT)[1:] == [
        "Improved 1 1",
        "Worsened 0 0",
        "Unchanged 0 0",
        "New 1 0",
        "Missing 0 0",
    ]
    assert rows(html, MILESTONES)[1:] == ["Records, assessments and plans 1 0 0 0 0"]
    assert rows(html, OWN_CHART)[-1] == "2016/17 Q4 0 1 1 0 0 0"


def test_a_filter_that_is_not_a_choice_is_named_in_the_summary(staff_client):
    html = tracker_page(staff_client, self_rating="purple")

    assert "There is a problem" in html
    assert "Choose the footprint&#x27;s own rating from the list" in html


# --- Who may see it --------------------------------------------------------------------------


def test_a_footprint_editor_is_refused_with_a_reason(client, world):
    ccg = Organisation.objects.get(ods_code="02V")
    client.force_login(MembershipFactory(organisation=ccg, role=Role.EDITOR).user)

    for name in ("delivery_tracker", "delivery_tracker_csv", "delivery_tracker_xlsx"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "Only NHS England staff can see the national delivery tracker." in (
            response.content.decode()
        )


def test_signed_out_people_are_sent_to_sign_in(client, world):
    response = client.get(reverse("delivery_tracker"))

    assert response["Location"] == f"{reverse('sign_in')}?next={reverse('delivery_tracker')}"


def test_without_a_rating_in_view_the_charts_say_so_in_words(staff_client):
    html = tracker_page(staff_client, period="2016/17 Q1", self_rating="none")

    assert footprints(html) == ["Camden"]
    assert "No footprint in this view has submitted a rating yet." in html
    assert "No assured rating has been released yet for a footprint in this view." in html
    assert table_rows(html, OWN_CHART) is None


def test_filters_that_are_not_choices_are_each_named_and_the_defaults_are_shown(staff_client):
    html = tracker_page(
        staff_client, cycle="1999-00", period="2030/31 Q9", compare_with="x", region="nowhere",
        local_office="?", assured_rating="purple",
    )  # fmt: skip

    # A cycle that is not one of the list shows the default cycle, as no choice would.
    assert "Choose a cycle from the list" not in html
    assert "Every footprint of the 2015-16 cycle" in html
    for message in (
        "Choose a reporting period from the list",
        "Choose a reporting period to compare with from the list",
        "Choose a region from the list",
        "Choose a local office from the list",
        "Choose the assured rating from the list",
    ):
        assert message in html
    assert rows(html, MOVEMENT)[1] == "Improved 2 2"


def test_before_any_cycle_the_tracker_says_there_is_none(client, db):
    client.force_login(nhse_reviewer())

    html = tracker_page(client)

    assert "There is no cycle yet." in html
    assert table_rows(html, FOOTPRINTS) is None
