"""Year on year on the results pages and in the downloads: SCORING.md examples (d) and (e) as
people see them."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.enums import Role
from tests.factories import (
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
)
from tests.maturity.year_on_year_world import build_world
from tests.roadmaps.section_pages import rows_of

YEAR_ON_YEAR_CAPTION = "Scores out of 100 on the questions compared, Year 1 and Year 2"
NATIONAL_CAPTION = "National median section scores on the questions compared, Year 1 and Year 2"
NOT_COMPARABLE = "Not comparable: its questions changed"

# Example (d), provider A: earlier, later, change and questions compared per line.
A_ROWS = [
    "Section or theme Year 1 Year 2 Change Questions compared",
    "Readiness 43.8 81.3 +37.5 3",
    "Leadership 62.5 87.5 +25.0 2",
    "Governance 25.0 75.0 +50.0 1",
    "Capabilities 75.0 77.5 +2.5 2",
    f"Transfers of care {NOT_COMPARABLE} 0",
    f"Medicines {NOT_COMPARABLE} 0",
    "Decision support 75.0 77.5 +2.5 2",
]


@pytest.fixture
def world(db):
    world = build_world()
    lead = OrganisationFactory(name="NHS LEAD CCG")
    footprint = FootprintFactory(lead_ccg=lead, cycle=world.year_2, state="endorsed")
    FootprintMemberFactory(footprint=footprint, organisation=world.providers["A"])
    world.people = {
        "provider": MembershipFactory(organisation=world.providers["A"], role=Role.EDITOR).user,
        "ccg": MembershipFactory(organisation=lead, role=Role.VIEWER).user,
        "nhse": MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user,
        "outsider": MembershipFactory(organisation=OrganisationFactory(), role=Role.EDITOR).user,
    }
    world.footprint = footprint
    return world


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["provider", "ccg", "nhse"])
def test_the_provider_its_footprints_ccgs_and_nhs_england_see_the_comparison(client, world, who):
    html = page(
        client, world.people[who], reverse("assessment_results", args=[world.later["A"].pk])
    )

    assert "Compared with Year 1" in html
    assert "Compared on <strong>5 of 12 questions</strong>" in html
    assert rows_of(html, YEAR_ON_YEAR_CAPTION) == A_ROWS
    assert "Answered for acute services." in html
    assert (
        "Scores worked out by scoring method 1 from the answers to question set year-2, version 1."
        in html
    )
    assert (
        "Both years scored on the questions compared by scoring method 1, compared by comparison "
        "method 1: Year 1 answers to question set year-1 version 1, Year 2 answers to question "
        "set year-2 version 1." in html
    )


def test_outsiders_get_404_for_the_results_page(client, world):
    client.force_login(world.people["outsider"])

    response = client.get(reverse("assessment_results", args=[world.later["A"].pk]))

    assert response.status_code == 404


def test_a_mental_health_trust_compares_transfers_of_care_that_acute_trusts_cannot(client, world):
    html = page(
        client, world.people["nhse"], reverse("assessment_results", args=[world.later["B"].pk])
    )

    assert "Compared on <strong>7 of 11 questions</strong>" in html
    rows = rows_of(html, YEAR_ON_YEAR_CAPTION)
    assert "Transfers of care 62.5 87.5 +25.0 2" in rows
    assert "Capabilities 68.8 82.5 +13.8 4" in rows


def test_a_provider_with_nothing_to_compare_with_is_told_so(client, world):
    html = page(
        client, world.people["nhse"], reverse("assessment_results", args=[world.later["F"].pk])
    )

    assert (
        "There is no submitted self-assessment of this organisation in the previous cycle" in html
    )
    assert YEAR_ON_YEAR_CAPTION not in html


def test_the_national_page_shows_each_sections_median_in_both_cycles_and_the_change(client, world):
    html = page(
        client, world.people["nhse"], reverse("national_results") + f"?cycle={world.year_2.pk}"
    )

    assert "5 providers submitted a self-assessment in both Year 1 and Year 2." in html
    assert rows_of(html, NATIONAL_CAPTION) == [
        "Section Year 1 median Year 2 median Change Providers compared Questions compared",
        "Readiness 43.8 75.0 +31.3 5 5 of 5",
        "Capabilities 68.8 77.5 +8.8 5 4 of 7",
    ]


def test_the_assessment_download_has_the_comparison_of_each_line(client, world):
    client.force_login(world.people["provider"])

    response = client.get(reverse("assessment_scores_export", args=[world.later["A"].pk, "csv"]))

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_line = {(row["Section"], row["Theme"]): row for row in rows}
    readiness = by_line[("Readiness", "")]
    assert (
        readiness["Compared with"],
        readiness["Earlier score on the questions compared"],
        readiness["Score on the questions compared"],
        readiness["Change"],
        readiness["Questions compared"],
        readiness["Question set"],
        readiness["Scoring method"],
    ) == ("Year 1", "43.8", "81.3", "37.5", "3", "year-2 v1", "1")
    medicines = by_line[("Capabilities", "Medicines")]
    assert (medicines["Change"], medicines["Not compared because"]) == ("", NOT_COMPARABLE)


def test_the_national_download_has_each_providers_section_changes(client, world):
    client.force_login(world.people["nhse"])

    response = client.get(
        reverse("national_scores_export", args=["xlsx"]), {"cycle": world.year_2.pk}
    )

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = rows[0]
    wanted = [
        "Organisation",
        "Compared with",
        "Questions compared",
        "Questions asked",
        "Readiness: earlier score on the questions compared",
        "Readiness: score on the questions compared",
        "Readiness: change",
        "Capabilities: change",
    ]
    table = {row[1]: [row[header.index(name)] for name in wanted] for row in rows[1:]}
    assert table["Provider A"] == ["Provider A", "Year 1", 5, 12, 43.8, 81.3, 37.5, 2.5]
    assert table["Provider B"] == ["Provider B", "Year 1", 7, 11, 43.8, 81.3, 37.5, 13.8]
    assert table["Provider F"] == ["Provider F", None, None, None, None, None, None, None]
