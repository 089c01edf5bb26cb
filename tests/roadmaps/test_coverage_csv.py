"""The coverage register's CSV download, and its query budget."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import OrganisationKind
from accounts.models import Organisation
from roadmaps.enums import FootprintState, MemberRole
from roadmaps.models import Footprint, FootprintMember
from tests.factories import (
    RegionFactory,
    UserFactory,
)
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.coverage_data import make_ccg, make_cycle, make_local_office, nhse_reviewer


def read_csv(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:])))


def test_the_csv_exports_every_row_of_the_filtered_view(client, country):
    for n in range(60):
        make_ccg(f"NHS EXTRA {n:02d} CCG", country["cumbria"])
    client.force_login(nhse_reviewer())

    response = client.get(reverse("coverage_register_csv"), {"local_office": "Q74"})

    rows = read_csv(response)
    today = timezone.localdate().isoformat()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="coverage-2015-16-{today}.csv"'
    )
    assert rows[0] == [
        "CCG",
        "ODS code",
        "NHS England region",
        "Local office",
        "Footprint",
        "Role",
        "Footprint state",
        "Membership confirmation",
    ]
    assert len(rows) == 1 + 62
    assert rows[1] == [
        "NHS DARLINGTON CCG",
        "00C",
        "NORTH OF ENGLAND COMMISSIONING REGION",
        "NHS ENGLAND NORTH (CUMBRIA AND NORTH EAST)",
        "",
        "",
        "No footprint yet",
        "",
    ]
    assert rows[-1] == [
        "NHS NORTH DURHAM CCG",
        "00J",
        "NORTH OF ENGLAND COMMISSIONING REGION",
        "NHS ENGLAND NORTH (CUMBRIA AND NORTH EAST)",
        "County Durham",
        "Lead CCG",
        "Submitted",
        "Leads the footprint",  # only partner CCGs confirm their place
    ]


def test_the_csv_neutralises_cells_a_spreadsheet_would_run(client, country):
    footprint = country["footprints"]["durham"]
    footprint.name = '=HYPERLINK("http://evil.example","Click")'
    footprint.save(update_fields=["name"])
    for prefix in ("+", "-", "@", "\t"):
        make_ccg(f"{prefix}CMD CCG", country["cumbria"])
    client.force_login(nhse_reviewer())

    rows = read_csv(client.get(reverse("coverage_register_csv"), {"local_office": "Q74"}))

    assert sorted(row[0] for row in rows[1:]) == sorted(
        ["'\tCMD CCG", "'+CMD CCG", "'-CMD CCG", "'@CMD CCG", "NHS DARLINGTON CCG"]
        + ["NHS NORTH DURHAM CCG"]
    )
    assert [row[4] for row in rows if row[0] == "NHS NORTH DURHAM CCG"] == [
        '\'=HYPERLINK("http://evil.example","Click")'
    ]


def test_the_csv_refuses_filters_that_are_not_choices(client, country):
    client.force_login(nhse_reviewer())

    response = client.get(reverse("coverage_register_csv"), {"region": "nowhere"})

    assert response.status_code == 400


# --- Query budgets ---------------------------------------------------------------------------


def add_ccgs_in_footprints_up_to(cycle, office):
    """Grow the register to ``total`` CCGs: groups of four, three of them in a footprint."""
    states = list(FootprintState)[:4]
    lead_user = UserFactory()

    def grow(total):
        have = Organisation.objects.filter(name__startswith="NHS BULK").count()
        ccgs = Organisation.objects.bulk_create(
            Organisation(
                ods_code=f"B{n:04d}",
                name=f"NHS BULK {n:04d} CCG",
                kind=OrganisationKind.CCG,
                region=office.region,
                parent=office,
                open_date=date(2013, 4, 1),
            )
            for n in range(have, total)
        )
        for start in range(0, len(ccgs), 4):
            group = ccgs[start : start + 3]
            footprint = Footprint.objects.create(
                cycle=cycle,
                name=f"Bulk footprint {group[0].ods_code}",
                lead_ccg=group[0],
                state=states[(start // 4) % len(states)],
                created_by=lead_user,
            )
            FootprintMember.objects.bulk_create(
                FootprintMember(
                    footprint=footprint,
                    cycle=cycle,
                    organisation=ccg,
                    role=MemberRole.LEAD_CCG if n == 0 else MemberRole.PARTNER_CCG,
                )
                for n, ccg in enumerate(group)
            )

    return grow


@pytest.mark.parametrize("url_name", ["coverage_register", "coverage_register_csv"])
def test_register_queries_do_not_grow_with_ccgs(client, db, url_name):
    region = RegionFactory()
    office = make_local_office(region, "Q72", "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)")
    cycle = make_cycle()
    client.force_login(nhse_reviewer())

    assert_queries_do_not_grow(
        client,
        reverse(url_name),
        grow=add_ccgs_in_footprints_up_to(cycle, office),
        sizes=(20, 209),
        params={"region": "Y54"},
    )
