"""The roadmap list: what each person may see, in the same number of queries at any size."""

import pytest
from django.urls import reverse

from accounts.enums import Role
from roadmaps.models import Roadmap
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    NHSEnglandFactory,
)
from tests.query_budget import assert_queries_do_not_grow


def endorsed_roadmap(cycle, name):
    footprint = FootprintFactory(cycle=cycle, name=name, state="endorsed")
    FootprintMemberFactory(footprint=footprint)
    return Roadmap.objects.create(footprint=footprint)


@pytest.mark.django_db
def test_a_ccg_editor_sees_their_footprints_roadmap_and_no_other(client):
    cycle = CycleFactory()
    mine = endorsed_roadmap(cycle, "Leeds")
    endorsed_roadmap(cycle, "Bradford")
    editor = MembershipFactory(organisation=mine.footprint.lead_ccg, role=Role.EDITOR).user
    client.force_login(editor)

    page = client.get(reverse("roadmap_list")).content.decode()

    assert f'href="{reverse("roadmap_tasks", args=[mine.pk])}">Leeds</a>' in page
    assert "Bradford" not in page


@pytest.mark.django_db
def test_the_roadmap_list_queries_do_not_grow_from_5_to_40_roadmaps(client):
    cycle = CycleFactory()
    client.force_login(MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user)

    def grow(total):
        for n in range(Roadmap.objects.count(), total):
            endorsed_roadmap(cycle, f"Footprint {n:02d}")

    assert_queries_do_not_grow(client, reverse("roadmap_list"), grow=grow, sizes=(5, 40))
    assert Roadmap.objects.count() == 40
