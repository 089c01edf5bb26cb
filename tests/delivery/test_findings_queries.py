"""The list of findings and its downloads make as many queries with 209 CCGs (about seventy
footprints, each with findings on its version and on every submitted return, some explained,
some no longer found) as with 20, for NHS England and for a footprint's own people."""

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from delivery.models import Finding, ProgressReturn
from roadmaps.models import Footprint, RoadmapVersion
from tests.delivery.tracker_data import JUNE_2017, grow_tracker, make_tracker_world
from tests.factories import MembershipFactory, RegionFactory
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.coverage_data import make_local_office, nhse_reviewer


@pytest.fixture(autouse=True)
def in_june_2017():
    with time_machine.travel(JUNE_2017, tick=False):
        yield


def add_findings(explainer):
    """Findings for every footprint that has none yet: two on its version, one explained,
    and one on each submitted return, every other one no longer found."""
    now = timezone.now()
    made = []
    have = set(Finding.objects.values_list("footprint_id", flat=True))
    for version in RoadmapVersion.objects.exclude(roadmap__footprint_id__in=have).select_related(
        "roadmap"
    ):
        footprint_id = version.roadmap.footprint_id
        made += [
            Finding(roadmap_version=version, footprint_id=footprint_id, check_id="missing_evidence",
                    check_version=1, key="member:X", summary="X did not sign off version 1.",
                    evidence=[{"label": "Sign-off", "value": "Not asked"}]),
            Finding(roadmap_version=version, footprint_id=footprint_id,
                    check_id="unmitigated_high_risks", check_version=1, key="risk:1",
                    summary="A risk has no mitigation.", state="explained", note="Accepted",
                    explained_by=explainer, explained_at=now),
        ]  # fmt: skip
    returns = (
        ProgressReturn.objects.exclude(roadmap__footprint_id__in=have)
        .filter(submissions__isnull=False)
        .select_related("roadmap")
    )
    for n, progress_return in enumerate(returns):
        made.append(Finding(
            progress_return=progress_return, footprint_id=progress_return.roadmap.footprint_id,
            check_id="green_outside_red_inside", check_version=1, key="milestone:1",
            summary="Rated Green while a milestone is late.",
            cleared_at=now if n % 2 else None,
        ))  # fmt: skip
    Finding.objects.bulk_create(made)


@pytest.fixture
def world(db):
    world = make_tracker_world()
    office = make_local_office(RegionFactory(ods_code="Y55"), "Q99", "NHS ENGLAND MIDLANDS")
    grow_tracker_to = grow_tracker(world["cycle"], world["periods"], office)
    reviewer = nhse_reviewer()

    def grow(size):
        grow_tracker_to(size)
        add_findings(reviewer)

    world["grow"] = grow
    world["reviewer"] = reviewer
    return world


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("delivery_findings", {}),
        ("delivery_findings", {"state": "open", "region": "Y55", "page": "2"}),
        ("delivery_findings", {"check": "green_outside_red_inside", "cycle": "2015-16"}),
        ("delivery_findings_csv", {}),
        ("delivery_findings_xlsx", {"state": "explained"}),
    ],
    ids=["page", "filtered, page 2", "one check", "csv", "xlsx"],
)
def test_the_findings_list_queries_do_not_grow_with_ccgs(client, world, name, params):
    client.force_login(world["reviewer"])
    url = reverse(name)

    count = assert_queries_do_not_grow(
        client, url, grow=world["grow"], sizes=(20, 209), params=params
    )

    print(f"{url}: {count} queries")


def test_a_footprints_people_make_as_many_queries_however_many_footprints(client, world):
    leeds = Footprint.objects.get(name="Leeds")
    client.force_login(MembershipFactory(organisation=leeds.lead_ccg, role=Role.EDITOR).user)

    count = assert_queries_do_not_grow(
        client, reverse("delivery_findings"), grow=world["grow"], sizes=(20, 209)
    )

    print(f"findings for a CCG: {count} queries")


def test_the_list_pages_through_every_finding_at_national_size(client, world):
    world["grow"](209)
    client.force_login(world["reviewer"])

    first = client.get(reverse("delivery_findings")).content.decode()

    total = Finding.objects.count()
    assert total > 300
    assert f"{total} findings in this view." in first
    assert f"Page 1 of {-(-total // 50)}" in first
