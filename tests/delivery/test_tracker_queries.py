"""The tracker, its benefits view, their downloads, a footprint's delivery history and the
returns list make as many queries with 209 CCGs (about seventy footprints, each with a return
in every quarter, each return with benefit lines) as with 20."""

import pytest
import time_machine
from django.urls import reverse

from delivery.models import ProgressReturn
from roadmaps.models import Footprint
from tests.delivery.test_return_pages import LIST_CAPTION
from tests.delivery.tracker_data import JUNE_2017, grow_tracker, make_tracker_world
from tests.factories import RegionFactory
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.coverage_data import make_local_office, nhse_reviewer
from tests.roadmaps.page_text import table_rows


@pytest.fixture(autouse=True)
def in_june_2017():
    with time_machine.travel(JUNE_2017, tick=False):
        yield


@pytest.fixture
def world(db):
    world = make_tracker_world()
    office = make_local_office(RegionFactory(ods_code="Y55"), "Q99", "NHS ENGLAND MIDLANDS")
    world["grow"] = grow_tracker(world["cycle"], world["periods"], office)
    return world


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("delivery_tracker", {}),
        ("delivery_tracker", {"self_rating": "amber", "period": "2016/17 Q3"}),
        ("delivery_tracker_csv", {}),
        ("delivery_tracker_xlsx", {"region": "Y55"}),
        ("return_list", {}),
        ("delivery_benefits", {}),
        ("delivery_benefits", {"assured_rating": "amber", "period": "2016/17 Q3"}),
        ("delivery_benefits_csv", {}),
        ("delivery_benefits_xlsx", {"local_office": "Q99"}),
    ],
    ids=[
        "page", "page filtered", "csv", "xlsx", "returns list", "benefits", "benefits filtered",
        "benefits csv", "benefits xlsx",
    ],
)  # fmt: skip
def test_the_tracker_and_returns_list_queries_do_not_grow_with_ccgs(client, world, name, params):
    client.force_login(nhse_reviewer())
    url = reverse(name)

    count = assert_queries_do_not_grow(
        client, url, grow=world["grow"], sizes=(20, 209), params=params
    )

    print(f"{url}: {count} queries")


def test_a_footprints_history_queries_do_not_grow_with_ccgs(client, world):
    client.force_login(nhse_reviewer())
    url = reverse("roadmap_delivery", args=[world["leeds"].pk])

    count = assert_queries_do_not_grow(client, url, grow=world["grow"], sizes=(20, 209))

    print(f"{url}: {count} queries")


def test_the_returns_list_shows_every_return_at_national_size(client, world):
    client.force_login(nhse_reviewer())
    world["grow"](209)

    rows = table_rows(client.get(reverse("return_list")).content.decode(), LIST_CAPTION)

    assert len(rows) - 1 == ProgressReturn.objects.count() > 250
    assert any(row.startswith("Bulk B0207 ") for row in rows)


def test_the_benefits_download_lists_every_benefit_at_national_size(client, world):
    client.force_login(nhse_reviewer())
    world["grow"](209)

    response = client.get(reverse("delivery_benefits_csv"))

    rows = response.content.decode("utf-8-sig").splitlines()
    bulk = Footprint.objects.filter(name__startswith="Bulk").count()
    # A money and a quality benefit per bulk footprint, each once however many returns.
    assert len(rows) - 1 == 2 * bulk > 130
    assert rows[-1].startswith("Bulk B0207,B0207,")
