"""The benefits view's downloads: one row per benefit in the filtered view, as its latest
counted return reports it, figures as numbers, "no data" said in words and never a zero, and
cells a spreadsheet would run as formulas neutralised."""

import csv
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from delivery.models import ReturnBenefit
from tests.delivery.benefits_data import BOOKING, CHASING, PATHOLOGY, READMISSIONS, add_benefits
from tests.delivery.tracker_data import JUNE_2017, make_tracker_world
from tests.roadmaps.coverage_data import nhse_reviewer

HEADER = [
    "Footprint",
    "Lead CCG ODS code",
    "NHS England region",
    "Local office",
    "Benefit",
    "Category",
    "Universal capability",
    "Capability group",
    "Latest return",
    "Unit",
    "Planned total",
    "Realised to date",
    "Forecast at the target date",
    "Target date moved (days)",
    "Rating",
    "Suggested rating",
    "No data",
]
NORTH = "NORTH OF ENGLAND COMMISSIONING REGION"
CUMBRIA = "NHS ENGLAND NORTH (CUMBRIA AND NORTH EAST)"
YORKSHIRE = "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)"
J = "J: Patients can book appointments and order repeat prescriptions from their GP practice"
DURHAM_ROWS = [
    ["County Durham", "00J", NORTH, CUMBRIA, "'=" + CHASING, "Non-cashable", "",
     "Records, assessments and plans", "2016/17 Q4", "£", 40000, 18000, 40000, 0, "On track",
     "On track", "No"],
    # No data: nothing realised (an empty cell, not 0), rated No data.
    ["County Durham", "00J", NORTH, CUMBRIA, BOOKING, "Patient experience", J, "", "2016/17 Q4",
     "%", 25, "", 25, 0, "No data", "No data", "Yes"],
]  # fmt: skip
LEEDS_ROWS = [
    ["Leeds", "02V", NORTH, YORKSHIRE, PATHOLOGY, "Cashable",
     "A: Professionals across care settings can access GP-held information on GP-prescribed "
     "medications, patient allergies and adverse reactions",
     "Orders and results management", "2016/17 Q4", "£", 200000, 32000, 190000, 0, "At risk",
     "At risk", "No"],
    ["Leeds", "02V", NORTH, YORKSHIRE, READMISSIONS, "Quality and safety",
     "E: GPs receive timely electronic discharge summaries from secondary care",
     "Transfers of care", "2016/17 Q4", "%", 10, 11.2, 10, 91, "On track", "At risk", "No"],
]  # fmt: skip


@pytest.fixture(autouse=True)
def in_june_2017():
    with time_machine.travel(JUNE_2017, tick=False):
        yield


@pytest.fixture
def world(db):
    world = add_benefits(make_tracker_world())
    # Someone typed a formula: the download must not run it.
    ReturnBenefit.objects.filter(description=CHASING).update(description="=" + CHASING)
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
        ["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)
    ]


def as_text(rows):
    return [[str(cell) for cell in row] for row in rows]


def test_the_csv_holds_a_row_per_benefit_as_its_latest_return_reports_it(staff_client):
    response = staff_client.get(reverse("delivery_benefits_csv"))

    assert response["Content-Disposition"] == (
        'attachment; filename="benefits-2015-16-2016-17-q4-2017-06-01.csv"'
    )
    assert read_csv(response) == [HEADER, *as_text(DURHAM_ROWS), *as_text(LEEDS_ROWS)]


def test_the_xlsx_holds_the_same_cells_with_figures_as_numbers(staff_client):
    response = staff_client.get(reverse("delivery_benefits_xlsx"))

    assert response["Content-Disposition"] == (
        'attachment; filename="benefits-2015-16-2016-17-q4-2017-06-01.xlsx"'
    )
    assert read_xlsx(response) == [HEADER, *DURHAM_ROWS, *LEEDS_ROWS]


def test_the_downloads_follow_the_filters(staff_client):
    params = {"period": "2016/17 Q2", "self_rating": "amber_green"}

    rows = read_csv(staff_client.get(reverse("delivery_benefits_csv"), params))

    # Leeds's own rating for Q2 was Amber/Green; in Q2 neither of its benefits had data.
    assert [row[4] for row in rows[1:]] == [PATHOLOGY, READMISSIONS]
    assert [row[8:] for row in rows[1:]] == [
        ["2016/17 Q2", "£", "200000", "", "200000", "0", "No data", "No data", "Yes"],
        ["2016/17 Q2", "%", "10", "", "10", "0", "No data", "No data", "Yes"],
    ]


def test_a_filter_that_is_not_a_choice_is_a_bad_request(staff_client):
    response = staff_client.get(reverse("delivery_benefits_xlsx"), {"region": "nowhere"})

    assert response.status_code == 400
