"""A new cycle from the last one: endorsed footprints carried forward as drafts with the same
members, their roadmaps starting as copies of the accepted versions; nothing of the old cycle
changes."""

import re
from html import unescape

import pytest
from django.urls import reverse

from accounts.errors import ActionRefused
from accounts.models import AuditEvent, OutboundEmail
from roadmaps.enums import FootprintState, MemberRole, RoadmapState
from roadmaps.models import Cycle, Footprint, FootprintMember, Roadmap, RoadmapVersion, Stage
from roadmaps.selectors.snapshot import roadmap_snapshot
from roadmaps.services import footprints as footprint_services
from roadmaps.services.carry_forward import carry_forward_footprints, create_cycle
from tests.roadmaps.next_cycle_world import STAGE_DAYS, make_next_cycle_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_next_cycle_world()


def old_cycle_rows(cycle):
    footprints = list(Footprint.objects.filter(cycle=cycle).order_by("pk").values())
    members = list(FootprintMember.objects.filter(cycle=cycle).order_by("pk").values())
    versions = list(
        RoadmapVersion.objects.filter(roadmap__footprint__cycle=cycle).order_by("pk").values()
    )
    roadmaps = list(Roadmap.objects.filter(footprint__cycle=cycle).order_by("pk").values())
    return footprints, members, versions, roadmaps


def start_refresh(world):
    return create_cycle(
        name="2016-17 refresh",
        stage_days=STAGE_DAYS,
        question_set_code="2017",
        carry_forward_from=world.cycle,
        created_by=world.admin,
    )


def members_of(footprint):
    return sorted(
        (member.organisation.name, member.role, member.confirmation)
        for member in footprint.members.select_related("organisation")
    )


def test_endorsed_footprints_become_drafts_of_the_new_cycle_with_the_same_members(world):
    before = old_cycle_rows(world.cycle)

    cycle, carried = start_refresh(world)

    assert [footprint.name for footprint in carried] == ["Leeds", "Wakefield"]
    assert cycle.question_set_code == "2017" and cycle.carried_from == world.cycle
    assert sorted(Stage.objects.filter(cycle=cycle).values_list("kind", flat=True)) == [
        "footprint", "maturity", "publication", "roadmap"
    ]  # fmt: skip
    leeds = Footprint.objects.get(cycle=cycle, name="Leeds")
    assert leeds.state == FootprintState.DRAFT and leeds.carried_from == world.leeds
    assert leeds.lead_ccg == world.leeds.lead_ccg
    assert members_of(leeds) == [
        ("Mid Yorkshire Hospitals NHS Trust", MemberRole.PROVIDER, "pending"),
        ("NHS Leeds North CCG", MemberRole.LEAD_CCG, "pending"),
    ]
    # Bradford was never endorsed: its CCG declares afresh.
    assert not Footprint.objects.filter(cycle=cycle, name="Bradford").exists()
    # Nothing of 2015-16 changed, row for row.
    assert old_cycle_rows(world.cycle) == before
    # Each lead CCG's people are asked to confirm, once per carried footprint.
    subjects = OutboundEmail.objects.filter(template="footprint_carried_forward")
    assert sorted(subjects.values_list("to", flat=True)) == [
        "editor@leeds.example.nhs.uk", "editor@wakefield.example.nhs.uk"
    ]  # fmt: skip
    assert "Confirm your footprint for 2016-17 refresh" in subjects.first().subject


def test_carrying_forward_again_carries_nothing_twice(world):
    cycle, _carried = start_refresh(world)

    again = carry_forward_footprints(source=world.cycle, cycle=cycle, by=world.admin)

    assert again == []
    assert Footprint.objects.filter(cycle=cycle).count() == 2


def test_the_carried_forward_roadmap_starts_as_a_copy_of_the_accepted_version(world):
    cycle, _carried = start_refresh(world)
    leeds = Footprint.objects.get(cycle=cycle, name="Leeds")
    footprint_services.submit_footprint(footprint=leeds, submitted_by=world.leeds_editor)
    footprint_services.endorse_footprint(footprint=leeds, endorsed_by=world.reviewer)

    roadmap = Roadmap.objects.get(footprint=leeds)
    accepted = RoadmapVersion.objects.get(roadmap__footprint=world.leeds, number=1)
    assert roadmap.state == RoadmapState.DRAFT
    assert roadmap.carried_from_version == accepted
    copy = roadmap_snapshot(roadmap)["sections"]
    frozen = accepted.snapshot["sections"]
    for key in ("vision", "capability_deployment", "universal_capabilities"):
        assert copy[key] == frozen[key], key
    for key in ("risks", "milestones", "benefits"):
        # New rows, with new ids: the words and dates are the accepted version's.
        strip = [{k: v for k, v in row.items() if k != "id"} for row in copy[key]]
        assert strip == [{k: v for k, v in row.items() if k != "id"} for row in frozen[key]], key
    assert copy["vision"]["vision"] == "Leeds: one record by 2020"
    # The old roadmap and its version are untouched.
    assert Roadmap.objects.get(footprint=world.leeds).state == RoadmapState.ACCEPTED


def test_the_task_list_says_the_roadmap_was_carried_forward_and_links_the_version(world, client):
    cycle, _carried = start_refresh(world)
    leeds = Footprint.objects.get(cycle=cycle, name="Leeds")
    footprint_services.submit_footprint(footprint=leeds, submitted_by=world.leeds_editor)
    footprint_services.endorse_footprint(footprint=leeds, endorsed_by=world.reviewer)
    roadmap = Roadmap.objects.get(footprint=leeds)
    client.force_login(world.leeds_editor)

    page = client.get(reverse("roadmap_tasks", args=[roadmap.pk])).content.decode()

    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert (
        "Carried forward: this roadmap started as a copy of version 1 of the Leeds roadmap of "
        "the 2015-16 cycle, as NHS England accepted it." in text
    )
    old = Roadmap.objects.get(footprint=world.leeds)
    assert reverse("roadmap_version", args=[old.pk, 1]) in page
    # The editor of the refresh reads the version it came from.
    assert client.get(reverse("roadmap_version", args=[old.pk, 1])).status_code == 200


def test_a_footprint_whose_roadmap_was_never_accepted_starts_with_an_empty_draft(world):
    Roadmap.objects.filter(footprint=world.wakefield).update(state=RoadmapState.IN_REVIEW)
    cycle, _carried = start_refresh(world)
    wakefield = Footprint.objects.get(cycle=cycle, name="Wakefield")
    footprint_services.submit_footprint(footprint=wakefield, submitted_by=world.wakefield_editor)
    footprint_services.endorse_footprint(footprint=wakefield, endorsed_by=world.reviewer)

    roadmap = Roadmap.objects.get(footprint=wakefield)
    assert roadmap.carried_from_version is None
    assert roadmap.texts.count() == 0


def test_only_nhs_england_admins_start_a_cycle_and_names_are_unique(world):
    with pytest.raises(ActionRefused, match="Only NHS England admins"):
        create_cycle(name="2016-17 refresh", stage_days=STAGE_DAYS, question_set_code="",
                     carry_forward_from=world.cycle, created_by=world.leeds_editor)  # fmt: skip
    with pytest.raises(ActionRefused, match="already a cycle called 2015-16"):
        create_cycle(name="2015-16", stage_days=STAGE_DAYS, question_set_code="",
                     created_by=world.admin)  # fmt: skip
    assert Cycle.objects.count() == 1
    assert not AuditEvent.objects.filter(verb="cycle.created").exists()
