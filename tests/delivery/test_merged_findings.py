"""A footprint merged away keeps its findings with its history: Wakefield's are read by
Wakefield's people and by the people of Leeds, which it was merged into, as they read its
versions; nobody explains them any more; someone from elsewhere finds nothing."""

import re

import pytest
from django.urls import reverse

from delivery.models import Finding
from delivery.services.checks import run_checks
from roadmaps.models import RoadmapVersion
from roadmaps.services.merges import merge_footprints
from tests.roadmaps.next_cycle_world import make_next_cycle_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged():
    world = make_next_cycle_world()
    run_checks(version=RoadmapVersion.objects.get(roadmap__footprint=world.wakefield))
    merge_footprints(footprints=[world.leeds, world.wakefield], into=world.leeds,
                     reason="STP alignment", merged_by=world.admin)  # fmt: skip
    world.finding = Finding.objects.filter(footprint=world.wakefield).first()
    assert world.finding is not None, "the checks found nothing in Wakefield's version"
    return world


def listed(client, user):
    client.force_login(user)
    html = client.get(reverse("delivery_findings")).content.decode()
    return re.findall(r'<a href="/findings/(\d+)/">', html)


@pytest.mark.parametrize("who", ["wakefield_editor", "leeds_editor", "admin"])
def test_wakefields_findings_are_read_with_its_history(client, merged, who):
    assert str(merged.finding.pk) in listed(client, getattr(merged, who))

    response = client.get(reverse("finding_detail", args=[merged.finding.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Wakefield" in html
    assert merged.finding.summary.split(" ")[0] in html
    assert 'name="note"' not in html


def test_someone_from_elsewhere_finds_none_of_them(client, merged):
    assert listed(client, merged.outsider) == []

    response = client.get(reverse("finding_detail", args=[merged.finding.pk]))

    assert response.status_code == 404


def test_nobody_explains_a_merged_away_footprints_finding(client, merged):
    client.force_login(merged.wakefield_editor)

    response = client.post(
        reverse("explain_finding", args=[merged.finding.pk]), {"note": "Explained now."}
    )

    assert response.status_code in (403, 404)
    merged.finding.refresh_from_db()
    assert merged.finding.note == ""
