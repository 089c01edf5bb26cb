"""The national pages count the cross-checks' findings: the delivery tracker and the national
status board give each footprint's findings still found (open, explained), linking to that
footprint's findings, and a table of each check's findings for the footprints in view; both
downloads carry the two counts.

The picture is the tracker's (June 2017): the checks run on every submitted return find York
green while a universal capability is forecast after March 2018, and Camden Amber/Green
likewise; NHS England explains Camden's."""

import csv
import html as html_lib
import io
import re

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import Role
from delivery.models import Finding, ProgressReturn
from delivery.services.checks import explain_finding, run_checks
from tests.delivery.tracker_data import JUNE_2017, make_tracker_world
from tests.factories import MembershipFactory
from tests.roadmaps.coverage_data import nhse_reviewer
from tests.roadmaps.page_text import table_rows

pytestmark = pytest.mark.django_db

TRACKER_ROWS = "ratings for 2016/17 Q4"
PER_CHECK = "Findings of each check for the footprints in this view, by state"
GREEN_OUTSIDE = (
    "A progress return rated Green or Amber/Green while its own lines show serious trouble."
)
NOTE = "Capability J moves with the regional procurement, agreed with the region."


@pytest.fixture(autouse=True)
def in_june_2017():
    with time_machine.travel(JUNE_2017, tick=False):
        yield


@pytest.fixture
def world():
    world = make_tracker_world()
    for progress_return in ProgressReturn.objects.filter(submissions__isnull=False).distinct():
        run_checks(progress_return=progress_return)
    camden = Finding.objects.get(footprint=world["camden"].footprint)
    explain_finding(finding=camden, note=NOTE, explained_by=nhse_reviewer())
    return world


@pytest.fixture
def staff_client(client, world):
    client.force_login(nhse_reviewer())
    return client


def page(client, name, params=None):
    response = client.get(reverse(name), params or {})
    assert response.status_code == 200
    return response.content.decode()


def findings_links(html):
    """{words: address} of the links to one footprint's findings."""
    return {
        html_lib.unescape(words): html_lib.unescape(address)
        for address, words in re.findall(
            r'<a href="(/delivery/findings/\?footprint=\d+)">([^<]+)</a>', html
        )
    }


def per_check(html):
    return {
        row.rsplit(" ", 4)[0]: row.rsplit(" ", 4)[1:] for row in table_rows(html, PER_CHECK)[1:]
    }


def test_the_tracker_counts_each_footprints_findings_and_links_to_them(staff_client, world):
    html = page(staff_client, "delivery_tracker")

    rows = table_rows(html, TRACKER_ROWS)
    assert rows[0].endswith("Cross-check findings")
    assert next(row for row in rows if row.startswith("York")).endswith("1 open, 0 explained")
    assert next(row for row in rows if row.startswith("Camden")).endswith("0 open, 1 explained")
    assert next(row for row in rows if row.startswith("Leeds")).endswith("0 open, 0 explained")
    york = world["york"].footprint
    assert findings_links(html)["1 open, 0 explained"] == f"/delivery/findings/?footprint={york.pk}"


def test_the_tracker_counts_the_findings_of_each_check_in_view(staff_client):
    counts = per_check(page(staff_client, "delivery_tracker"))

    assert counts[GREEN_OUTSIDE] == ["1", "1", "0", "2"]
    assert all(numbers == ["0", "0", "0", "0"] for check, numbers in counts.items()
               if check != GREEN_OUTSIDE)  # fmt: skip
    london = per_check(page(staff_client, "delivery_tracker", {"region": "Y56"}))
    assert london[GREEN_OUTSIDE] == ["0", "1", "0", "1"]


def test_the_tracker_download_carries_the_two_counts(staff_client):
    response = staff_client.get(reverse("delivery_tracker_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert rows[0][-2:] == ["Open findings", "Explained findings"]
    assert {row[0]: row[-2:] for row in rows[1:]} == {
        "Camden": ["0", "1"],
        "County Durham": ["0", "0"],
        "Islington": ["0", "0"],
        "Leeds": ["0", "0"],
        "York": ["1", "0"],
    }


def test_the_board_counts_each_ccgs_footprint_findings(staff_client, world):
    html = page(staff_client, "national_board")

    rows = table_rows(html, "CCGs, sorted by")
    assert rows[0].endswith("Last activity Cross-check findings")
    assert next(row for row in rows if row.startswith("NHS YORK CCG")).endswith(
        "1 open, 0 explained"
    )
    assert next(row for row in rows if row.startswith("NHS CAMDEN CCG")).endswith(
        "0 open, 1 explained"
    )
    assert next(row for row in rows if row.startswith("NHS WAKEFIELD CCG")).endswith(
        "0 open, 0 explained"
    )
    camden = world["camden"].footprint
    assert findings_links(html)["0 open, 1 explained"] == (
        f"/delivery/findings/?footprint={camden.pk}"
    )
    assert per_check(html)[GREEN_OUTSIDE] == ["1", "1", "0", "2"]
    north = per_check(
        page(
            staff_client,
            "national_board",
            {"region": world["york"].footprint.lead_ccg.region.ods_code},
        )
    )
    assert north[GREEN_OUTSIDE] == ["1", "0", "0", "1"]


def test_the_board_download_carries_the_two_counts(staff_client):
    response = staff_client.get(reverse("national_board_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert rows[0][-2:] == ["Open findings", "Explained findings"]
    by_ccg = {row[0]: row[-2:] for row in rows[1:]}
    assert by_ccg["NHS YORK CCG"] == ["1", "0"]
    assert by_ccg["NHS CAMDEN CCG"] == ["0", "1"]
    assert by_ccg["NHS LEEDS CCG"] == ["0", "0"]


def test_the_link_lists_that_footprints_findings_only(staff_client, world):
    york = world["york"].footprint
    html = page(staff_client, "delivery_findings", {"footprint": york.pk})

    assert "Showing the findings of the York footprint only." in html
    assert re.findall(r'<a href="/findings/\d+/">([^<]*)</a>', html) == [
        "Rated Green while A is forecast in place by no date given, after 31 March 2018."
    ]
    assert per_check(html.replace(
        "Findings of each check in the chosen region and cycle, by state", PER_CHECK
    ))[GREEN_OUTSIDE] == ["1", "0", "0", "1"]  # fmt: skip


def test_another_footprints_findings_stay_hidden_from_a_footprints_people(client, world):
    editor = MembershipFactory(
        organisation=world["leeds"].footprint.lead_ccg, role=Role.EDITOR
    ).user
    client.force_login(editor)

    html = page(client, "delivery_findings", {"footprint": world["york"].footprint.pk})

    assert "York" not in html
    assert "Showing one footprint's findings only." in html
    assert re.findall(r'<a href="/findings/\d+/">', html) == []


def test_a_footprint_that_is_not_a_number_is_named_by_the_field(staff_client):
    response = staff_client.get(reverse("delivery_findings"), {"footprint": "York"})

    assert response.status_code == 200
    assert "Choose the footprint again from the tracker or the board" in response.content.decode()
