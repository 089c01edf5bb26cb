"""The national status board: every open CCG across footprint, assessment and roadmap, with
totals, a chart of roadmap submissions, downloads and a query budget."""

import csv
import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from accounts.enums import Role
from accounts.models import AuditEvent, Organisation
from roadmaps.models import Footprint
from roadmaps.selectors.deadlines import LONDON, days_left, effective_deadline
from roadmaps.services.cycles import load_cycle
from tests.factories import MembershipFactory, RegionFactory
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.board_data import at, grow_board, make_world
from tests.roadmaps.coverage_data import make_ccg, make_local_office, nhse_reviewer

# The day before the 2015-16 roadmap deadline (30 June 2016), at noon in London.
EVE_OF_DEADLINE = datetime(2016, 6, 29, 12, 0, tzinfo=LONDON)


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def staff_client(client, world):
    client.force_login(nhse_reviewer())
    return client


def board(client, **params):
    response = client.get(reverse("national_board"), params)
    assert response.status_code == 200
    return response


def table(response):
    """(CCG, footprint, assessments, roadmap state, deadline in words) of each row shown."""
    return [
        (
            row.ccg.name,
            row.footprint.name if row.footprint else "no footprint",
            row.assessments_words,
            row.roadmap_state_label or "not started",
            row.deadline_words,
        )
        for row in response.context["rows"]
    ]


# --- Rows and totals -------------------------------------------------------------------------


def test_rows_show_each_ccgs_footprint_assessments_roadmap_and_deadline(staff_client):
    with time_machine.travel(EVE_OF_DEADLINE, tick=False):
        response = board(staff_client)

    assert table(response) == [
        ("NHS CAMDEN CCG", "North Central London", "0 of 1", "Draft", "1 day left"),
        ("NHS DARLINGTON CCG", "no footprint", None, "not started", "243 days overdue"),
        ("NHS ISLINGTON CCG", "Islington", "0 of 0", "Published", "Roadmap submitted"),
        ("NHS LEEDS NORTH CCG", "Leeds", "2 of 3", "In review", "Roadmap submitted"),
        ("NHS LEEDS WEST CCG", "Leeds", "2 of 3", "In review", "Roadmap submitted"),
        ("NHS NORTH DURHAM CCG", "County Durham", "0 of 0", "not started", "243 days overdue"),
    ]
    html = response.content.decode()
    assert "<td>No footprint</td>" in html
    assert "<td>2 of 3</td>" in html
    assert "<td>Roadmap: 30 Jun 2016</td>" in html
    assert "<td>Footprint: 30 Oct 2015</td>" in html


def test_totals_count_ccgs_footprints_assessments_and_roadmaps_once_each(staff_client):
    assert board(staff_client).context["totals"] == {
        "ccgs": 6,
        "in_footprint": 5,
        "footprints": 4,
        "endorsed": 3,
        "assessments_submitted": 2,
        "assessments_expected": 4,
        "roadmaps_submitted": 2,
        "roadmaps_accepted": 1,
        "roadmaps_published": 1,
    }


def test_last_activity_is_the_newest_event_about_the_footprint_or_its_roadmap(staff_client, world):
    roadmap = world["leeds_roadmap"]
    for target, moment in ((roadmap.footprint, at(2016, 3, 1, 9)), (roadmap, at(2016, 6, 20, 10))):
        AuditEvent.objects.create(
            verb="test.changed",
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            target_repr=str(target),
            at=moment,
        )

    rows = {row.ccg.name: row.last_activity for row in board(staff_client).context["rows"]}

    assert rows["NHS LEEDS NORTH CCG"] == at(2016, 6, 20, 10)
    assert rows["NHS CAMDEN CCG"] == at(2016, 1, 10, 9)  # no events: when it last changed
    assert rows["NHS DARLINGTON CCG"] is None


def test_without_a_cycle_the_board_lists_ccgs_open_today_with_no_deadline(client, db):
    office = make_local_office(RegionFactory(), "Q72", "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)")
    make_ccg("NHS OPEN CCG", office)
    client.force_login(nhse_reviewer())

    response = board(client)

    assert table(response) == [
        ("NHS OPEN CCG", "no footprint", None, "not started", "No deadline set")
    ]
    assert response.context["chart"] is None


# --- Deadlines in London time ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "durham", "camden"),
    [
        # The clocks went back at 02:00 BST on 25 October 2015; the footprint deadline is
        # 23:59:59 GMT on 30 October.
        (at(2015, 10, 24, 23, 30), "6 days left", "250 days left"),
        (datetime(2015, 10, 24, 23, 30, tzinfo=UTC), "5 days left", "249 days left"),
        (at(2015, 10, 25, 23, 30), "5 days left", "249 days left"),
        (at(2015, 10, 30, 23, 59, 59), "Due today", "244 days left"),
        (at(2015, 10, 31, 0, 0), "1 day overdue", "243 days left"),
        # The roadmap deadline is 23:59:59 BST on 30 June 2016 (22:59:59 UTC).
        (at(2016, 6, 30, 23, 59, 59), "244 days overdue", "Due today"),
        (datetime(2016, 6, 30, 23, 30, tzinfo=UTC), "245 days overdue", "1 day overdue"),
        (at(2016, 7, 2, 12, 0), "246 days overdue", "2 days overdue"),
    ],
)
def test_days_left_and_overdue_are_counted_in_london_days(staff_client, now, durham, camden):
    with time_machine.travel(now, tick=False):
        words = {row[0]: row[4] for row in table(board(staff_client))}

    assert (words["NHS NORTH DURHAM CCG"], words["NHS CAMDEN CCG"]) == (durham, camden)


def test_the_deadline_is_the_stage_due_time_and_days_left_is_none_without_one(world):
    cycle = world["cycle"]

    assert effective_deadline(cycle=cycle, stage_kind="roadmap") == at(2016, 6, 30, 23, 59, 59)
    assert effective_deadline(cycle=None, stage_kind="roadmap") is None
    assert days_left(None) is None
    assert days_left(at(2016, 6, 30, 23, 59, 59), now=at(2016, 6, 30, 0, 0)) == 0


# --- Filters and sorting ---------------------------------------------------------------------

FILTER_CASES = [
    ({"region": "Y56"}, ["NHS CAMDEN CCG", "NHS ISLINGTON CCG"]),
    ({"local_office": "Q74"}, ["NHS DARLINGTON CCG", "NHS NORTH DURHAM CCG"]),
    ({"state": "none"}, ["NHS DARLINGTON CCG"]),
    ({"state": "submitted"}, ["NHS NORTH DURHAM CCG"]),
    ({"roadmap_state": "not_started"}, ["NHS DARLINGTON CCG", "NHS NORTH DURHAM CCG"]),
    ({"roadmap_state": "in_review"}, ["NHS LEEDS NORTH CCG", "NHS LEEDS WEST CCG"]),
    ({"region": "Y56", "roadmap_state": "published"}, ["NHS ISLINGTON CCG"]),
    ({"region": "Y56", "state": "submitted"}, []),
]


@pytest.mark.parametrize(("params", "expected"), FILTER_CASES)
def test_filters_narrow_the_rows(staff_client, params, expected):
    assert [row[0] for row in table(board(staff_client, **params))] == expected


def test_totals_follow_the_filters(staff_client):
    totals = board(staff_client, region="Y56").context["totals"]

    assert totals == {
        "ccgs": 2,
        "in_footprint": 2,
        "footprints": 2,
        "endorsed": 2,
        "assessments_submitted": 0,
        "assessments_expected": 1,
        "roadmaps_submitted": 1,
        "roadmaps_accepted": 1,
        "roadmaps_published": 1,
    }


SORT_CASES = {
    "name": ["CAMDEN", "DARLINGTON", "ISLINGTON", "LEEDS NORTH", "LEEDS WEST", "NORTH DURHAM"],
    "days_left": ["DARLINGTON", "NORTH DURHAM", "CAMDEN", "ISLINGTON", "LEEDS NORTH", "LEEDS WEST"],
    "roadmap_state": ["DARLINGTON", "NORTH DURHAM", "CAMDEN", "LEEDS NORTH", "LEEDS WEST"]
    + ["ISLINGTON"],
    # Least recent first; a CCG in no footprint has no activity and comes last.
    "last_activity": ["CAMDEN", "ISLINGTON", "NORTH DURHAM", "LEEDS NORTH", "LEEDS WEST"]
    + ["DARLINGTON"],
}


@pytest.mark.parametrize("sort", SORT_CASES)
def test_rows_sort_by_the_chosen_order(staff_client, sort):
    Footprint.objects.filter(name="Leeds").update(updated_at=at(2016, 5, 1, 9))
    Footprint.objects.filter(name="County Durham").update(updated_at=at(2016, 2, 1, 9))

    with time_machine.travel(EVE_OF_DEADLINE, tick=False):
        response = board(staff_client, sort=sort)

    names = [row[0].removeprefix("NHS ").removesuffix(" CCG") for row in table(response)]
    assert names == SORT_CASES[sort]
    assert '<select name="sort"' in response.content.decode()


def test_a_filter_that_is_not_a_choice_is_named_in_the_summary_and_at_its_field(staff_client):
    html = board(staff_client, region="ZZZ").content.decode()

    error = "Choose a region from the list"
    assert f'<li><a href="#id_region">{error}</a></li>' in html
    assert (
        '<select name="region" class="select form-select is-invalid" aria-invalid="true" '
        'aria-describedby="id_region_error" id="id_region">'
    ) in html
    assert f'<span id="error_1_id_region"><strong>{error}</strong></span>' in html
    assert '<label for="id_local_office" class="form-label">Local office</label>' in html


# --- The chart -------------------------------------------------------------------------------


def test_the_chart_describes_submissions_against_the_deadline(staff_client):
    response = board(staff_client)

    chart = response.context["chart"]
    assert chart.description == (
        "2 footprints have submitted a roadmap: the first on 20 June 2016, the latest on "
        "5 July 2016. By the roadmap deadline, 30 June 2016, 1 footprint had submitted. "
        "The chart starts on 1 February 2016."
    )
    assert [(entry.day, entry.added, entry.total) for entry in chart.days] == [
        (date(2016, 6, 20), 1, 1),
        (date(2016, 7, 5), 1, 2),
    ]
    html = response.content.decode()
    assert 'role="img" aria-labelledby="submissions-chart-title submissions-chart-desc"' in html
    assert f'<desc id="submissions-chart-desc">{chart.description}</desc>' in html
    assert "Deadline 30 Jun 2016" in html


def test_the_chart_follows_the_filters_and_is_left_out_without_submissions(staff_client):
    response = board(staff_client, local_office="Q74")

    assert response.context["chart"] is None
    assert "No footprint in this view has submitted a roadmap yet." in response.content.decode()


# --- Downloads -------------------------------------------------------------------------------


def read_export(response, file_format):
    if file_format == "csv":
        return list(
            csv.reader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff")))
        )
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [
        ["" if cell is None else cell for cell in row] for row in sheet.iter_rows(values_only=True)
    ]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_downloads_hold_every_filtered_row_with_formulas_neutralised(
    staff_client, world, file_format
):
    make_ccg('=HYPERLINK("http://evil.example","Click")', world["london_office"], ods_code="99X")

    with time_machine.travel(EVE_OF_DEADLINE, tick=False):
        response = staff_client.get(
            reverse("national_board_export", args=[file_format]), {"region": "Y56"}
        )

    rows = read_export(response, file_format)
    assert response["Content-Disposition"] == (
        f'attachment; filename="national-status-board-2015-16-2016-06-29.{file_format}"'
    )
    assert rows[0][:4] == ["CCG", "ODS code", "NHS England region", "Local office"]
    days = "1" if file_format == "csv" else 1
    assessments = ["0", "1"] if file_format == "csv" else [0, 1]
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("http://evil.example","Click")',
        "NHS CAMDEN CCG",
        "NHS ISLINGTON CCG",
    ]
    assert rows[2] == ["NHS CAMDEN CCG", "07R", "LONDON REGION", "NHS ENGLAND LONDON"] + [
        "North Central London",
        "Endorsed",
        *assessments,
        "Draft",
        "Roadmap",
        "2016-06-30 23:59",
        days,
        "1 day left",
        "2016-01-10 09:00",
        *(["0", "0"] if file_format == "csv" else [0, 0]),
    ]


def test_other_download_formats_are_not_found(staff_client):
    assert staff_client.get(reverse("national_board_export", args=["pdf"])).status_code == 404


# --- Who may see it --------------------------------------------------------------------------


def test_people_outside_nhs_england_are_refused_with_a_reason(client, world):
    ccg = Organisation.objects.get(ods_code="02V")
    client.force_login(MembershipFactory(organisation=ccg, role=Role.APPROVER).user)

    for url in (reverse("national_board"), reverse("national_board_export", args=["csv"])):
        response = client.get(url)
        assert response.status_code == 403
        assert "Only NHS England staff can see the national status board." in (
            response.content.decode()
        )
    assert reverse("national_board") not in client.get(reverse("home")).content.decode()


def test_signed_out_people_are_sent_to_sign_in(client, world):
    response = client.get(reverse("national_board"))

    assert response["Location"] == f"{reverse('sign_in')}?next={reverse('national_board')}"


def test_home_links_nhs_england_staff_to_the_board(client, world):
    link = f'href="{reverse("national_board")}"'
    client.force_login(nhse_reviewer())

    assert link in client.get(reverse("home")).content.decode()


# --- Query budget ----------------------------------------------------------------------------


@pytest.mark.parametrize("args", [(), ("csv",)], ids=["page", "csv"])
def test_board_queries_do_not_grow_with_ccgs(client, db, args):
    cycle = load_cycle(name="2015-16").cycle
    office = make_local_office(RegionFactory(), "Q72", "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)")
    client.force_login(nhse_reviewer())
    url = reverse("national_board_export" if args else "national_board", args=args)

    count = assert_queries_do_not_grow(client, url, grow=grow_board(cycle, office), sizes=(20, 209))

    print(f"{url}: {count} queries")
