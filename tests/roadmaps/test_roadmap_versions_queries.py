"""The versions page lists every submitted version in the same number of queries."""

import pytest
from django.urls import reverse

from accounts.enums import Role
from roadmaps.models import RoadmapVersion
from tests.factories import MembershipFactory, RoadmapFactory, UserFactory
from tests.query_budget import assert_queries_do_not_grow


@pytest.mark.django_db
def test_the_versions_page_queries_do_not_grow_from_1_to_12_versions(client):
    roadmap = RoadmapFactory(state="submitted")
    client.force_login(
        MembershipFactory(organisation=roadmap.footprint.lead_ccg, role=Role.VIEWER).user
    )

    def grow(total):
        for number in range(roadmap.versions.count() + 1, total + 1):
            RoadmapVersion.objects.create(
                roadmap=roadmap,
                number=number,
                snapshot={"footprint": {}, "sections": {}},
                sha256=f"{number:064d}",
                submitted_by=UserFactory(),
            )

    assert_queries_do_not_grow(
        client, reverse("roadmap_versions", args=[roadmap.pk]), grow=grow, sizes=(1, 12)
    )
    page = client.get(reverse("roadmap_versions", args=[roadmap.pk])).content.decode()
    assert ">Version 12</a>" in page and f"{12:064d}" in page
