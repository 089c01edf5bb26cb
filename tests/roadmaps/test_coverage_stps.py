"""The coverage register's STP column: each CCG's STP, and what its footprint's STPs say."""

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind
from accounts.models import Organisation
from tests.factories import OrganisationFactory
from tests.roadmaps.coverage_data import country, nhse_reviewer  # noqa: F401
from tests.roadmaps.section_pages import rows_of


def give_stps(country):  # noqa: F811
    def stp(code, name):
        return OrganisationFactory(kind=OrganisationKind.STP, ods_code=code, name=name)

    west_yorkshire = stp("E54000005", "West Yorkshire")
    humber = stp("E54000006", "Humber, Coast and Vale")
    north_east = stp("E54000045", "Durham, Darlington, Teesside")
    for key, place in [
        ("leeds_north", west_yorkshire),
        ("leeds_west", west_yorkshire),
        ("leeds_south", humber),
        ("darlington", north_east),
        ("durham", north_east),
        ("camden", north_east),
    ]:
        Organisation.objects.filter(pk=country[key].pk).update(stp=place)


@pytest.mark.django_db
def test_each_ccg_shows_its_stp_and_its_footprints_flags(client, country):  # noqa: F811
    give_stps(country)
    client.force_login(nhse_reviewer())

    html = client.get(reverse("coverage_register")).content.decode()

    rows = rows_of(html, "CCGs, by region then name")
    crossing = "This footprint crosses STP boundaries: Humber, Coast and Vale; West Yorkshire."
    split = "The Durham, Darlington, Teesside STP is split across 2 footprints."
    assert rows[1:] == [
        "NHS CAMDEN CCG 07R LONDON COMMISSIONING REGION NHS ENGLAND LONDON "
        f"Durham, Darlington, Teesside {split} North Central London Lead CCG Returned "
        "Leads the footprint",
        "NHS ISLINGTON CCG 08H LONDON COMMISSIONING REGION NHS ENGLAND LONDON – "
        f"{split} North Central London Partner CCG Returned Declined",
        "NHS DARLINGTON CCG 00C NORTH OF ENGLAND COMMISSIONING REGION "
        "NHS ENGLAND NORTH (CUMBRIA AND NORTH EAST) Durham, Darlington, Teesside "
        "– – No footprint yet –",
        "NHS LEEDS NORTH CCG 02V NORTH OF ENGLAND COMMISSIONING REGION "
        f"NHS ENGLAND NORTH (YORKSHIRE AND HUMBER) West Yorkshire {crossing} Leeds Lead CCG "
        "Endorsed Leads the footprint",
        "NHS LEEDS SOUTH AND EAST CCG 03G NORTH OF ENGLAND COMMISSIONING REGION "
        f"NHS ENGLAND NORTH (YORKSHIRE AND HUMBER) Humber, Coast and Vale {crossing} Leeds "
        "Partner CCG Endorsed Waiting for confirmation",
        "NHS LEEDS WEST CCG 03C NORTH OF ENGLAND COMMISSIONING REGION "
        f"NHS ENGLAND NORTH (YORKSHIRE AND HUMBER) West Yorkshire {crossing} Leeds "
        "Partner CCG Endorsed Confirmed",
        "NHS NORTH DURHAM CCG 00J NORTH OF ENGLAND COMMISSIONING REGION "
        f"NHS ENGLAND NORTH (CUMBRIA AND NORTH EAST) Durham, Darlington, Teesside {split} "
        "County Durham Lead CCG Submitted Leads the footprint",
    ]
