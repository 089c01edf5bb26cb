"""The national delivery tracker's downloads: one row per footprint in the filtered view, with
the page's columns, cells a spreadsheet would run as formulas neutralised."""

import csv
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from tests.delivery.tracker_data import JUNE_2017, make_tracker_world
from tests.roadmaps.coverage_data import nhse_reviewer

HEADER = [
    "Footprint",
    "Lead CCG",
    "Lead CCG ODS code",
    "NHS England region",
    "Local office",
    "Return 2016/17 Q4",
    "Own rating 2016/17 Q4",
    "Assured rating 2016/17 Q4",
    "Own rating 2016/17 Q3",
    "Assured rating 2016/17 Q3",
    "Own rating since 2016/17 Q3",
    "Assured rating since 2016/17 Q3",
    "2016/17 Q1 (own · assured)",
    "2016/17 Q2 (own · assured)",
    "2016/17 Q3 (own · assured)",
    "2016/17 Q4 (own · assured)",
    "Open findings",
    "Explained findings",
]
LONDON_ROWS = [
    [
        '\'=HYPERLINK("http://evil.example","Camden")',
        "NHS CAMDEN CCG",
        "07R",
        "LONDON REGION",
        "NHS ENGLAND LONDON",
        "Accepted",
        "Amber/Green",
        "Amber",
        "Amber",
        "Amber/Red",
        "Improved from Amber to Amber/Green",
        "Improved from Amber/Red to Amber",
        "– · –",
        "– · –",
        "A · A/R",
        "A/G · A",
        "0",
        "0",
    ],
    [
        "Islington",
        "NHS ISLINGTON CCG",
        "08H",
        "LONDON REGION",
        "NHS ENGLAND LONDON",
        "Submitted",
        "Amber",
        "No rating",
        "No rating",
        "No rating",
        "New at Amber",
        "No rating",
        "A/G · A",
        "A/G · A",
        "– · –",
        "A · –",
        "0",
        "0",
    ],
]


@pytest.fixture(autouse=True)
def in_june_2017():
    with time_machine.travel(JUNE_2017, tick=False):
        yield


@pytest.fixture
def world(db):
    world = make_tracker_world()
    footprint = world["camden"].footprint
    footprint.name = '=HYPERLINK("http://evil.example","Camden")'
    footprint.save(update_fields=["name"])
    return world


@pytest.fixture
def staff_client(client, world):
    client.force_login(nhse_reviewer())
    return client


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [
        ["" if cell is None else str(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def test_the_csv_holds_every_filtered_footprint_with_the_pages_columns(staff_client):
    response = staff_client.get(reverse("delivery_tracker_csv"), {"region": "Y56"})

    assert response["Content-Disposition"] == (
        'attachment; filename="delivery-tracker-2015-16-2016-17-q4-2017-06-01.csv"'
    )
    assert read_csv(response) == [HEADER, *LONDON_ROWS]


def test_the_xlsx_holds_the_same_cells(staff_client):
    response = staff_client.get(reverse("delivery_tracker_xlsx"), {"region": "Y56"})

    assert response["Content-Disposition"] == (
        'attachment; filename="delivery-tracker-2015-16-2016-17-q4-2017-06-01.xlsx"'
    )
    assert read_xlsx(response) == [HEADER, *LONDON_ROWS]


def test_the_downloads_follow_the_period_and_rating_filters(staff_client):
    params = {"period": "2016/17 Q2", "assured_rating": "red"}

    rows = read_csv(staff_client.get(reverse("delivery_tracker_csv"), params))

    assert rows[0][5:12] == [
        "Return 2016/17 Q2",
        "Own rating 2016/17 Q2",
        "Assured rating 2016/17 Q2",
        "Own rating 2016/17 Q1",
        "Assured rating 2016/17 Q1",
        "Own rating since 2016/17 Q1",
        "Assured rating since 2016/17 Q1",
    ]
    assert rows[0][12:14] == ["2016/17 Q1 (own · assured)", "2016/17 Q2 (own · assured)"]
    assert [row[0] for row in rows[1:]] == ["County Durham"]
    assert rows[1][5:] == [
        "Accepted", "Amber/Red", "Red", "Red", "Red", "Improved from Red to Amber/Red",
        "Unchanged at Red", "R · R", "A/R · R", "0", "0",
    ]  # fmt: skip


def test_the_first_period_has_nothing_to_compare_with(staff_client):
    rows = read_csv(staff_client.get(reverse("delivery_tracker_csv"), {"period": "2016/17 Q1"}))

    assert rows[0][5:] == [
        "Return 2016/17 Q1",
        "Own rating 2016/17 Q1",
        "Assured rating 2016/17 Q1",
        "2016/17 Q1 (own · assured)",
        "Open findings",
        "Explained findings",
    ]


def test_a_filter_that_is_not_a_choice_is_a_bad_request(staff_client):
    response = staff_client.get(reverse("delivery_tracker_csv"), {"region": "nowhere"})

    assert response.status_code == 400
