"""The coverage register: NHS England sees every open CCG and its footprint in a cycle."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.enums import Role
from roadmaps.enums import FootprintState
from roadmaps.selectors.coverage import coverage_counts, coverage_rows, with_memberships
from tests.factories import (
    MembershipFactory,
    NHSEnglandFactory,
    RegionFactory,
)
from tests.roadmaps.coverage_data import (
    make_ccg,
    make_cycle,
    make_footprint,
    make_local_office,
    nhse_reviewer,
)


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
    assert f'href="{reverse("coverage_register_csv")}?cycle={country["cycle"].pk}"' in html


def test_the_register_defaults_to_the_newest_cycle(client, country):
    later = make_cycle("2016-17", opens=date(2016, 9, 1))
    make_footprint(later, country["darlington"], name="Tees Valley")
    client.force_login(nhse_reviewer())

    newest = register_table(client)
    older = register_table(client, cycle=country["cycle"].pk)

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
    assert f"cycle={country['cycle'].pk}&amp;region=Y54&amp;page=1" in response.content.decode()


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
