"""The delivery tracker's benefits view as NHS England staff read it: money benefits planned,
forecast and realised per financial year with a chart and its text alternative, the other
benefits by category and rating, the benefits each capability enables, the tracker's filters,
and who may see it. The figures are those of ``benefits_data.py``, worked out by hand.
"""

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import Role
from accounts.models import Organisation
from delivery.enums import ReturnState
from roadmaps.models import Cycle
from tests.delivery.benefits_data import add_benefits, quarter
from tests.delivery.tracker_data import JUNE_2017, make_tracker_world
from tests.factories import MembershipFactory
from tests.roadmaps.coverage_data import nhse_reviewer
from tests.roadmaps.page_text import table_rows

MONEY = "Money benefits per financial year, from"
OTHERS = "Benefits other than money by category and their latest rating"
LETTERS = "Benefits each universal capability enables"
GROUPS = "Benefits each capability group enables"
MONEY_HEADER = "Financial year Planned Forecast Realised Lines with no data"
OTHERS_HEADER = "Category On track At risk Off track No data Benefits"
NOT_REACHED = [
    "2017/18 £100,000 £100,000 (the plan) No return yet –",
    "2018/19 £80,000 £80,000 (the plan) No return yet –",
    "2019/20 £0 £0 (the plan) No return yet –",
    "2020/21 £0 £0 (the plan) No return yet –",
]


@pytest.fixture(autouse=True)
def in_june_2017():
    with time_machine.travel(JUNE_2017, tick=False):
        yield


@pytest.fixture
def world(db):
    return add_benefits(make_tracker_world())


@pytest.fixture
def staff_client(client, world):
    client.force_login(nhse_reviewer())
    return client


def benefits_page(client, **params):
    response = client.get(reverse("delivery_benefits"), params)
    assert response.status_code == 200
    return response.content.decode()


def rows(html, caption):
    found = table_rows(html, caption)
    assert found is not None, f"No table captioned {caption!r}"
    return found


# --- Money per financial year ----------------------------------------------------------------


def test_money_is_planned_forecast_and_realised_per_year_with_no_data_counted_apart(
    staff_client,
):
    html = benefits_page(staff_client)

    # Planned: £40,000 + £20,000. Forecast: Leeds's Q4 £32,000 + Durham's Q4 £19,000.
    # Realised: Leeds £12,000 + £20,000 (Q2 had no data), Durham £5,000 + £5,000 + £8,000.
    assert rows(html, MONEY) == [
        MONEY_HEADER,
        "2016/17 £60,000 £51,000 £50,000 1",
        *NOT_REACHED,
    ]
    assert "from 2 cashable or non-cashable benefits" in html


def test_an_earlier_period_counts_only_the_returns_up_to_it(staff_client):
    html = benefits_page(staff_client, period="2016/17 Q3")

    # Forecast: Leeds's Q3 £36,000 + Durham's Q3 £18,000; realised £12,000 + £10,000.
    assert rows(html, MONEY)[1] == "2016/17 £60,000 £54,000 £22,000 1"
    assert "as their progress returns up to 2016/17 Q3 report them" in html


def test_a_draft_or_a_return_sent_back_is_not_counted(staff_client, world):
    durham_q4 = quarter(world["durham"], "Q4")
    durham_q4.state = ReturnState.MORE_INFORMATION_REQUESTED
    durham_q4.save()

    html = benefits_page(staff_client)

    # Islington's draft £99,999 never counts; Durham's Q4 £8,000 no longer does, and its
    # forecast for the year is its Q3 one, £18,000.
    assert rows(html, MONEY)[1] == "2016/17 £60,000 £50,000 £42,000 1"
    assert "99,999" not in html


# --- The chart -------------------------------------------------------------------------------


def test_the_chart_says_its_figures_in_words(staff_client):
    html = benefits_page(staff_client)

    assert (
        '<desc id="money-chart-desc">Money benefits per financial year: planned, forecast and '
        "realised. 2016/17: planned £60,000, forecast £51,000, realised £50,000, 1 line with no "
        "data. 2017/18: planned £100,000, forecast £100,000 (the plan: no return yet). "
        "2018/19: planned £80,000, forecast £80,000 (the plan: no return yet). 2019/20: planned "
        "£0, forecast £0 (the plan: no return yet). 2020/21: planned £0, forecast £0 (the plan: "
        "no return yet).</desc>"
    ) in html
    assert 'role="img" aria-labelledby="money-chart-title money-chart-desc"' in html


def test_the_chart_draws_realised_money_only_for_years_with_returns(staff_client):
    html = benefits_page(staff_client)

    svg = html[html.index('<svg viewBox="0 0 640 280"') : html.index("</svg>")]
    # 2016/17: planned, forecast and realised; 2017/18 and 2018/19: planned and the plan as a
    # forecast, drawn as an outline; 2019/20 and 2020/21: nothing planned, nothing drawn.
    assert svg.count("<rect ") == 7
    assert svg.count('stroke-dasharray="4 2"') == 2
    assert svg.count('fill="#007f3b"') == 1


def test_without_money_benefits_in_view_there_is_no_chart_and_the_page_says_so(staff_client):
    html = benefits_page(staff_client, region="Y56")

    assert "No return in this view reports a money benefit yet." in html
    assert "money-chart" not in html
    assert table_rows(html, MONEY) is None
    assert "0 of 2 footprints in this view report benefits: 0 in all." in html


# --- Other benefits by category and rating ---------------------------------------------------


def test_other_benefits_are_counted_by_category_and_latest_rating(staff_client):
    html = benefits_page(staff_client)

    # Readmissions: suggested At risk, the footprint's own rating On track counts.
    # Online booking: no data in Q4, its own column.
    assert rows(html, OTHERS) == [
        OTHERS_HEADER,
        "Quality and safety 1 0 0 0 1",
        "Patient experience 0 0 0 1 1",
        "Workforce 0 0 0 0 0",
    ]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        # Readmissions off track (0.53); online booking off track (0.66).
        ("2016/17 Q3", ["Quality and safety 0 0 1 0 1", "Patient experience 0 0 1 0 1"]),
        # Readmissions no data; online booking off track (0.60).
        ("2016/17 Q2", ["Quality and safety 0 0 0 1 1", "Patient experience 0 0 1 0 1"]),
        # Nothing reported yet: no benefit, so no count at all rather than a zero rating.
        ("2016/17 Q1", ["Quality and safety 0 0 0 0 0", "Patient experience 0 0 0 0 0"]),
    ],
)
def test_each_benefit_is_rated_as_its_latest_return_up_to_the_period(
    staff_client, period, expected
):
    assert rows(benefits_page(staff_client, period=period), OTHERS)[1:3] == expected


# --- By capability ---------------------------------------------------------------------------


def test_each_capability_counts_the_benefits_it_enables_and_their_money(staff_client):
    html = benefits_page(staff_client)

    letters = rows(html, LETTERS)
    assert letters[0] == "Universal capability Benefits Money benefits Money planned"
    assert [row.split(":")[0] + ": " + " ".join(row.split()[-3:]) for row in letters[1:]] == [
        "A: 1 1 £200,000", "B: 0 0 £0", "C: 0 0 £0", "D: 0 0 £0", "E: 1 0 £0", "F: 0 0 £0",
        "G: 0 0 £0", "H: 0 0 £0", "I: 0 0 £0", "J: 1 0 £0",
    ]  # fmt: skip
    assert rows(html, GROUPS) == [
        "Capability group Benefits Money benefits Money planned",
        "Records, assessments and plans 1 1 £40,000",
        "Transfers of care 1 0 £0",
        "Orders and results management 1 1 £200,000",
        "Medicines management and optimisation 0 0 £0",
        "Decision support 0 0 £0",
        "Remote and assistive care 0 0 £0",
        "Asset and resource optimisation 0 0 £0",
    ]


# --- Filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "money", "others"),
    [
        # County Durham alone.
        (
            {"local_office": "Q74"},
            "2016/17 £20,000 £19,000 £18,000 0",
            ["Quality and safety 0 0 0 0 0", "Patient experience 0 0 0 1 1"],
        ),
        # Leeds's own Q4 rating is Amber, Durham's Red.
        (
            {"self_rating": "amber"},
            "2016/17 £40,000 £32,000 £32,000 1",
            ["Quality and safety 1 0 0 0 1", "Patient experience 0 0 0 0 0"],
        ),
        (
            {"region": "Y54", "assured_rating": "red"},
            "2016/17 £20,000 £19,000 £18,000 0",
            ["Quality and safety 0 0 0 0 0", "Patient experience 0 0 0 1 1"],
        ),
    ],
    ids=["local office", "own rating", "region and assured rating"],
)
def test_filters_narrow_the_benefits(staff_client, params, money, others):
    html = benefits_page(staff_client, **params)

    assert rows(html, MONEY)[1] == money
    assert rows(html, OTHERS)[1:3] == others


def test_the_two_views_link_to_each_other_keeping_the_filters(staff_client):
    cycle = Cycle.objects.get().pk
    html = benefits_page(staff_client, region="Y54")

    assert f'href="{reverse("delivery_tracker")}?cycle={cycle}&amp;region=Y54">Ratings</a>' in html
    assert (
        f'aria-current="page" href="/delivery/benefits/?cycle={cycle}&amp;region=Y54">Benefits</a>'
        in html
    )
    ratings = staff_client.get(reverse("delivery_tracker"), {"region": "Y54"}).content.decode()
    assert f'href="/delivery/benefits/?cycle={cycle}&amp;region=Y54">Benefits</a>' in ratings
    # The benefits view has nothing to compare with.
    assert "Compare with" not in html


def test_a_filter_that_is_not_a_choice_is_named_in_the_summary(staff_client):
    html = benefits_page(staff_client, local_office="?", period="2030/31 Q9")

    assert "There is a problem" in html
    assert "Choose a local office from the list" in html
    assert "Choose a reporting period from the list" in html
    assert rows(html, MONEY)[1] == "2016/17 £60,000 £51,000 £50,000 1"


def test_before_any_cycle_the_view_says_there_is_none(client, db):
    client.force_login(nhse_reviewer())

    html = benefits_page(client)

    assert "There is no cycle yet." in html
    assert table_rows(html, OTHERS) is None


# --- Who may see it --------------------------------------------------------------------------


def test_a_footprint_editor_is_refused_with_a_reason(client, world):
    ccg = Organisation.objects.get(ods_code="02V")
    client.force_login(MembershipFactory(organisation=ccg, role=Role.EDITOR).user)

    for name in ("delivery_benefits", "delivery_benefits_csv", "delivery_benefits_xlsx"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "Only NHS England staff can see the national delivery tracker." in (
            response.content.decode()
        )


def test_signed_out_people_are_sent_to_sign_in(client, world):
    response = client.get(reverse("delivery_benefits"))

    assert response["Location"] == f"{reverse('sign_in')}?next={reverse('delivery_benefits')}"
