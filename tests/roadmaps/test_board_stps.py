"""The national board's STP column: each CCG's STP, and what its footprint's STPs say."""

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind
from accounts.models import Organisation
from tests.factories import OrganisationFactory
from tests.roadmaps.board_data import make_world
from tests.roadmaps.coverage_data import nhse_reviewer
from tests.roadmaps.section_pages import rows_of


def stp(code, name):
    return OrganisationFactory(kind=OrganisationKind.STP, ods_code=code, name=name)


@pytest.mark.django_db
def test_each_row_shows_the_ccgs_stp_and_its_footprints_flags(client):
    make_world()
    places = {
        "02V": stp("E54000005", "West Yorkshire"),
        "03C": stp("E54000006", "Humber, Coast and Vale"),
        "07R": stp("E54000027", "North London Partners"),
        "08H": Organisation.objects.get(ods_code="E54000027"),
    }
    for code, place in places.items():
        Organisation.objects.filter(ods_code=code).update(stp=place)
    client.force_login(nhse_reviewer())

    html = client.get(reverse("national_board")).content.decode()

    rows = {row.split(" (")[0]: row for row in rows_of(html, "CCGs, sorted by")[1:]}
    crossing = "This footprint crosses STP boundaries: Humber, Coast and Vale; West Yorkshire."
    split = "The North London Partners STP is split across 2 footprints."
    assert f"West Yorkshire {crossing} Leeds" in rows["NHS LEEDS NORTH CCG"]
    assert f"Humber, Coast and Vale {crossing} Leeds" in rows["NHS LEEDS WEST CCG"]
    assert f"North London Partners {split} North Central London" in rows["NHS CAMDEN CCG"]
    assert f"North London Partners {split} Islington" in rows["NHS ISLINGTON CCG"]
    assert "(CUMBRIA AND NORTH EAST) – No footprint" in rows["NHS DARLINGTON CCG"]
    assert "(CUMBRIA AND NORTH EAST) – County Durham" in rows["NHS NORTH DURHAM CCG"]
