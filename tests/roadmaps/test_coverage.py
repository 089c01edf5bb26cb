"""The coverage register: NHS England sees every open CCG and its footprint in a cycle."""

import csv
import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import OrganisationKind, Role
from accounts.models import Organisation
from roadmaps.enums import Confirmation, FootprintState, MemberRole, StageKind
from roadmaps.models import Cycle, Footprint, FootprintMember, Stage
from roadmaps.selectors.coverage import coverage_counts, coverage_rows, with_memberships
from tests.factories import (
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)
from tests.query_budget import assert_queries_do_not_grow

LONDON = ZoneInfo("Europe/London")


# --- Helpers: cycles, footprints and their members, made directly --------------------------


def make_cycle(name="2015-16", opens=date(2015, 9, 1)):
    cycle = Cycle.objects.create(name=name)
    opens_at = datetime(opens.year, opens.month, opens.day, 9, tzinfo=LONDON)
    Stage.objects.create(
        cycle=cycle,
        kind=StageKind.FOOTPRINT,
        opens_at=opens_at,
        due_at=opens_at + timedelta(days=60),
    )
    return cycle


def make_footprint(cycle, lead, *partners, name=None, state=FootprintState.DRAFT, **lead_kw):
    """A footprint led by ``lead``; each partner is a CCG or a (CCG, confirmation) pair."""
    footprint = Footprint.objects.create(
        cycle=cycle,
        name=name or f"{lead.name} footprint",
        lead_ccg=lead,
        state=state,
        created_by=UserFactory(),
    )
    FootprintMember.objects.create(
        footprint=footprint,
        cycle=cycle,
        organisation=lead,
        role=MemberRole.LEAD_CCG,
        confirmation=lead_kw.get("confirmation", Confirmation.CONFIRMED),
    )
    for partner in partners:
        ccg, confirmation = partner if isinstance(partner, tuple) else (partner, "pending")
        FootprintMember.objects.create(
            footprint=footprint,
            cycle=cycle,
            organisation=ccg,
            role=MemberRole.PARTNER_CCG,
            confirmation=confirmation,
        )
    return footprint


def make_local_office(region, ods_code, name):
    return Organisation.objects.create(
        ods_code=ods_code,
        name=name,
        kind=OrganisationKind.NHSE_LOCAL_OFFICE,
        parent=region,
        region=region,
        open_date=date(2013, 4, 1),
    )


def make_ccg(name, office, **fields):
    return OrganisationFactory(name=name, region=office.region, parent=office, **fields)


def nhse_reviewer():
    return MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user


@pytest.fixture
def country(db):
    """Two regions, three local offices, seven CCGs open in 2015-16 and two that are not."""
    north = RegionFactory()
    london = RegionFactory(ods_code="Y56", name="LONDON COMMISSIONING REGION")
    yorkshire = make_local_office(north, "Q72", "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)")
    cumbria = make_local_office(north, "Q74", "NHS ENGLAND NORTH (CUMBRIA AND NORTH EAST)")
    london_office = make_local_office(london, "Q71", "NHS ENGLAND LONDON")
    cycle = make_cycle()
    ccgs = {
        "leeds_north": make_ccg("NHS LEEDS NORTH CCG", yorkshire, ods_code="02V"),
        "leeds_west": make_ccg("NHS LEEDS WEST CCG", yorkshire, ods_code="03C"),
        "leeds_south": make_ccg("NHS LEEDS SOUTH AND EAST CCG", yorkshire, ods_code="03G"),
        "darlington": make_ccg("NHS DARLINGTON CCG", cumbria, ods_code="00C"),
        "durham": make_ccg("NHS NORTH DURHAM CCG", cumbria, ods_code="00J"),
        "camden": make_ccg("NHS CAMDEN CCG", london_office, ods_code="07R"),
        "islington": make_ccg("NHS ISLINGTON CCG", london_office, ods_code="08H"),
        # Closed before the footprint stage opened; opened after it.
        "gateshead": make_ccg(
            "NHS GATESHEAD CCG", cumbria, ods_code="00F", close_date=date(2015, 3, 31)
        ),
        "newcomer": make_ccg(
            "NHS NEWCOMER CCG", cumbria, ods_code="99N", open_date=date(2016, 4, 1)
        ),
    }
    leeds = make_footprint(
        cycle,
        ccgs["leeds_north"],
        (ccgs["leeds_west"], Confirmation.CONFIRMED),
        ccgs["leeds_south"],
        name="Leeds",
        state=FootprintState.ENDORSED,
    )
    durham = make_footprint(
        cycle, ccgs["durham"], name="County Durham", state=FootprintState.SUBMITTED
    )
    london_fp = make_footprint(
        cycle,
        ccgs["camden"],
        (ccgs["islington"], Confirmation.DECLINED),
        name="North Central London",
        state=FootprintState.RETURNED,
    )
    return {
        "cycle": cycle,
        "north": north,
        "london": london,
        "yorkshire": yorkshire,
        "cumbria": cumbria,
        "footprints": {"leeds": leeds, "durham": durham, "london": london_fp},
        **ccgs,
    }


def register_table(client, **params):
    """The page's rows: CCG, ODS code, region, office, footprint, role, state, confirmation."""
    response = client.get(reverse("coverage_register"), params)
    assert response.status_code == 200
    return [
        (
            ccg.name,
            ccg.ods_code,
            ccg.region.name,
            ccg.parent.name,
            ccg.footprint_member.footprint.name if ccg.footprint_member else "",
            ccg.footprint_member.get_role_display() if ccg.footprint_member else "",
            ccg.footprint_member.footprint.state if ccg.footprint_member else "none",
            ccg.footprint_member.confirmation if ccg.footprint_member else "",
        )
        for ccg in response.context["rows"]
    ]


# --- Rows and counts -----------------------------------------------------------------------


def test_rows_show_each_open_ccg_by_region_then_name_with_its_footprint(country):
    rows = with_memberships(coverage_rows(cycle=country["cycle"]))

    assert [
        (
            ccg.name,
            ccg.footprint_member.footprint.name if ccg.footprint_member else None,
            ccg.footprint_member.role if ccg.footprint_member else None,
            ccg.footprint_state,
            ccg.footprint_member.confirmation if ccg.footprint_member else None,
        )
        for ccg in rows
    ] == [
        ("NHS CAMDEN CCG", "North Central London", "lead_ccg", "returned", "confirmed"),
        ("NHS ISLINGTON CCG", "North Central London", "partner_ccg", "returned", "declined"),
        ("NHS DARLINGTON CCG", None, None, None, None),
        ("NHS LEEDS NORTH CCG", "Leeds", "lead_ccg", "endorsed", "confirmed"),
        ("NHS LEEDS SOUTH AND EAST CCG", "Leeds", "partner_ccg", "endorsed", "pending"),
        ("NHS LEEDS WEST CCG", "Leeds", "partner_ccg", "endorsed", "confirmed"),
        ("NHS NORTH DURHAM CCG", "County Durham", "lead_ccg", "submitted", "confirmed"),
    ]


def test_counts_cover_the_filtered_view(country):
    cycle = country["cycle"]

    assert coverage_counts(cycle=cycle) == {
        "ccgs": 7,
        "in_footprint": 6,
        "not_in_footprint": 1,
        "endorsed": 3,
    }
    assert coverage_counts(cycle=cycle, region_code="Y56") == {
        "ccgs": 2,
        "in_footprint": 2,
        "not_in_footprint": 0,
        "endorsed": 0,
    }


def test_a_footprint_in_another_cycle_does_not_count(country):
    later = make_cycle("2016-17", opens=date(2016, 9, 1))
    make_footprint(later, country["darlington"], state=FootprintState.ENDORSED)

    counts = coverage_counts(cycle=country["cycle"])

    assert (counts["in_footprint"], counts["endorsed"]) == (6, 3)


def test_without_a_cycle_every_ccg_open_today_is_in_no_footprint(db):
    office = make_local_office(RegionFactory(), "Q72", "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)")
    make_ccg("NHS OPEN CCG", office)
    make_ccg("NHS CLOSED CCG", office, close_date=date(2016, 3, 31))

    rows = with_memberships(coverage_rows(cycle=None))

    assert [(ccg.name, ccg.footprint_member) for ccg in rows] == [("NHS OPEN CCG", None)]
    assert coverage_counts(cycle=None)["not_in_footprint"] == 1


# --- The page --------------------------------------------------------------------------------


def test_the_page_shows_counts_rows_and_links_to_each_footprint(client, country):
    client.force_login(nhse_reviewer())

    response = client.get(reverse("coverage_register"))

    html = response.content.decode()
    assert response.context["counts"] == {
        "ccgs": 7,
        "in_footprint": 6,
        "not_in_footprint": 1,
        "endorsed": 3,
    }
    leeds = country["footprints"]["leeds"]
    assert f'<a href="{reverse("footprint_detail", kwargs={"pk": leeds.pk})}">Leeds</a>' in html
    assert "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)" in html
    assert "Waiting for confirmation" in html
    assert "No footprint yet" in html
    assert "NHS GATESHEAD CCG" not in html
    assert "NHS NEWCOMER CCG" not in html
    assert html.count("<h1") == 1
    assert f'href="{reverse("coverage_register_csv")}"' in html


def test_the_register_defaults_to_the_newest_cycle(client, country):
    later = make_cycle("2016-17", opens=date(2016, 9, 1))
    make_footprint(later, country["darlington"], name="Tees Valley")
    client.force_login(nhse_reviewer())

    newest = register_table(client)
    older = register_table(client, cycle="2015-16")

    assert [row[4] for row in newest if row[4]] == ["Tees Valley"]
    assert "NHS NEWCOMER CCG" in [row[0] for row in newest]
    assert [row[4] for row in older if row[4]] == [
        "North Central London",
        "North Central London",
        "Leeds",
        "Leeds",
        "Leeds",
        "County Durham",
    ]


FILTER_CASES = [
    ({"region": "Y56"}, ["NHS CAMDEN CCG", "NHS ISLINGTON CCG"]),
    ({"local_office": "Q74"}, ["NHS DARLINGTON CCG", "NHS NORTH DURHAM CCG"]),
    ({"state": "none"}, ["NHS DARLINGTON CCG"]),
    ({"state": "draft"}, []),
    ({"state": "submitted"}, ["NHS NORTH DURHAM CCG"]),
    (
        {"state": "endorsed"},
        ["NHS LEEDS NORTH CCG", "NHS LEEDS SOUTH AND EAST CCG", "NHS LEEDS WEST CCG"],
    ),
    ({"state": "returned"}, ["NHS CAMDEN CCG", "NHS ISLINGTON CCG"]),
    ({"region": "Y54", "state": "none"}, ["NHS DARLINGTON CCG"]),
    ({"local_office": "Q72", "state": "submitted"}, []),
]


@pytest.mark.parametrize(
    ("params", "expected"),
    FILTER_CASES,
    ids=["&".join(f"{key}={value}" for key, value in params.items()) for params, _ in FILTER_CASES],
)
def test_filters_narrow_the_rows(client, country, params, expected):
    client.force_login(nhse_reviewer())

    assert [row[0] for row in register_table(client, **params)] == expected


def test_counts_follow_the_filters(client, country):
    client.force_login(nhse_reviewer())

    response = client.get(reverse("coverage_register"), {"local_office": "Q74"})

    assert response.context["counts"] == {
        "ccgs": 2,
        "in_footprint": 1,
        "not_in_footprint": 1,
        "endorsed": 0,
    }


def test_a_filter_that_is_not_a_choice_is_explained(client, country):
    client.force_login(nhse_reviewer())

    response = client.get(reverse("coverage_register"), {"state": "lost"})

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_the_register_shows_fifty_ccgs_a_page(client, country):
    office = country["yorkshire"]
    for n in range(60):
        make_ccg(f"NHS EXTRA {n:02d} CCG", office)
    client.force_login(nhse_reviewer())

    response = client.get(reverse("coverage_register"), {"region": "Y54", "page": 2})

    assert len(response.context["rows"]) == 65 - 50
    assert response.context["page"].paginator.num_pages == 2
    assert "region=Y54&amp;page=1" in response.content.decode()


# --- Who may see it --------------------------------------------------------------------------


def test_a_ccg_approver_is_refused_with_a_reason(client, country):
    approver = MembershipFactory(organisation=country["leeds_north"], role=Role.APPROVER)
    client.force_login(approver.user)

    for name in ("coverage_register", "coverage_register_csv"):
        response = client.get(reverse(name))

        assert response.status_code == 403
        assert "Only NHS England staff can see the coverage register." in (
            response.content.decode()
        )


def test_signed_out_people_are_sent_to_sign_in(client, db):
    response = client.get(reverse("coverage_register"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('sign_in')}?next={reverse('coverage_register')}"


def test_regional_reviewers_and_national_admins_see_the_register(client, country):
    regional = MembershipFactory(organisation=country["london"], role=Role.REVIEWER).user
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user

    for person in (regional, admin):
        client.force_login(person)
        assert client.get(reverse("coverage_register")).status_code == 200


def test_home_links_nhs_england_staff_to_the_register(client, country):
    approver = MembershipFactory(organisation=country["leeds_north"], role=Role.APPROVER).user
    link = f'href="{reverse("coverage_register")}"'

    client.force_login(nhse_reviewer())
    staff_home = client.get(reverse("home")).content.decode()
    client.force_login(approver)
    ccg_home = client.get(reverse("home")).content.decode()

    assert link in staff_home
    assert link not in ccg_home


# --- CSV -------------------------------------------------------------------------------------


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
