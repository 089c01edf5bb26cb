"""Merging footprints: the preview, the merge keeping every version, member and access, the
lineage it leaves, and what it refuses."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.errors import ActionRefused
from accounts.models import OutboundEmail
from roadmaps import rules
from roadmaps.enums import FootprintState, MemberRole
from roadmaps.models import Footprint, FootprintMember, FootprintMerge, Roadmap, RoadmapVersion
from roadmaps.selectors.footprints import footprints_for_user
from roadmaps.selectors.lineage import lineage
from roadmaps.services.drafts import save_section
from roadmaps.services.merges import merge_footprints, preview_merge
from roadmaps.services.moves import move_member
from tests.factories import FootprintFactory, FootprintMemberFactory, OrganisationFactory
from tests.roadmaps.next_cycle_world import make_next_cycle_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_next_cycle_world()


def versions_of(cycle):
    return list(
        RoadmapVersion.objects.filter(roadmap__footprint__cycle=cycle).order_by("pk").values()
    )


def current_members(footprint):
    return sorted(
        (m.organisation.name, m.role)
        for m in footprint.members.filter(left_at__isnull=True).select_related("organisation")
    )


def test_the_preview_says_what_carries_over_and_changes_nothing(world):
    preview = preview_merge(footprints=[world.leeds, world.wakefield], into=world.leeds)

    assert preview.problems == []
    assert [(m.organisation.name, str(m.role_label), m.came_from) for m in preview.members] == [
        ("NHS Leeds North CCG", "Lead CCG", "Leeds"),
        ("Mid Yorkshire Hospitals NHS Trust", "NHS provider", "Leeds"),
        ("NHS Wakefield CCG", "Partner CCG", "Wakefield"),
    ]
    kept = {row["footprint"].name: (row["kept"], row["versions"]) for row in preview.roadmaps}
    assert kept == {"Leeds": (False, 1), "Wakefield": (True, 1)}
    assert sorted(m.user.email for m in preview.people) == [
        "editor@leeds.example.nhs.uk",
        "editor@midyorks.example.nhs.uk",
        "editor@wakefield.example.nhs.uk",
    ]
    assert Footprint.objects.get(pk=world.wakefield.pk).state == FootprintState.ENDORSED
    assert not FootprintMerge.objects.exists()


def test_a_merge_keeps_every_version_and_member_and_records_its_lineage(world):
    versions = versions_of(world.cycle)

    merge = merge_footprints(
        footprints=[world.leeds, world.wakefield],
        into=world.leeds,
        reason="Aligned to the West Yorkshire and Harrogate STP",
        merged_by=world.admin,
    )

    assert versions_of(world.cycle) == versions
    wakefield = Footprint.objects.get(pk=world.wakefield.pk)
    assert wakefield.state == FootprintState.MERGED and wakefield.merged_into == world.leeds
    # Wakefield's members as they were, every one marked as having left.
    assert wakefield.members.filter(left_at__isnull=True).count() == 0
    assert wakefield.members.count() == 2
    assert current_members(world.leeds) == [
        ("Mid Yorkshire Hospitals NHS Trust", MemberRole.PROVIDER),
        ("NHS Leeds North CCG", MemberRole.LEAD_CCG),
        ("NHS Wakefield CCG", MemberRole.PARTNER_CCG),
    ]
    leeds_lineage = lineage(world.leeds)
    day = timezone.localdate(merge.merged_at).strftime("%-d %B %Y")
    assert leeds_lineage.merges[0].sentence == f"Formed on {day} from Leeds and Wakefield."
    assert [a.name for a in leeds_lineage.ancestors] == ["Wakefield"]
    assert [v.number for v in leeds_lineage.ancestors[0].history_versions] == [1]
    assert lineage(wakefield).merged_away.merge == merge
    emailed = OutboundEmail.objects.filter(template="footprints_merged")
    assert emailed.count() == 3
    assert "Leeds, Wakefield are now one footprint, Leeds" in emailed.first().subject


def test_people_of_the_merged_away_footprint_read_its_history_and_change_nothing(world):
    merge_footprints(footprints=[world.leeds, world.wakefield], into=world.leeds,
                     reason="STP alignment", merged_by=world.admin)  # fmt: skip
    wakefield = Footprint.objects.get(pk=world.wakefield.pk)
    roadmap = Roadmap.objects.get(footprint=wakefield)

    # Wakefield's editor reads Wakefield (its CCG was a member) and now works on Leeds.
    assert rules.can_view_footprint(world.wakefield_editor, wakefield)
    assert set(footprints_for_user(world.wakefield_editor)) == {world.leeds, wakefield}
    assert not rules.can_edit_roadmap(world.wakefield_editor, roadmap)
    with pytest.raises(ActionRefused, match="merged into another footprint"):
        save_section(roadmap=roadmap, key="vision", data={"vision": "changed"},
                     expected_version=roadmap.version, saved_by=world.wakefield_editor)  # fmt: skip
    # Leeds's editor reads Wakefield's history: it is a predecessor of Leeds.
    assert rules.can_view_footprint(world.leeds_editor, wakefield)
    # Someone from elsewhere reads neither.
    assert not rules.can_view_footprint(world.outsider, wakefield)
    assert list(footprints_for_user(world.outsider)) == []


def test_a_merge_into_a_new_footprint_makes_a_draft_led_by_the_chosen_ccg(world):
    merge = merge_footprints(
        footprints=[world.leeds, world.wakefield],
        new_name="West Yorkshire",
        lead_ccg=world.wakefield.lead_ccg,
        reason="STP alignment",
        merged_by=world.admin,
    )

    formed = merge.into
    assert formed.name == "West Yorkshire" and formed.state == FootprintState.DRAFT
    assert current_members(formed) == [
        ("Mid Yorkshire Hospitals NHS Trust", MemberRole.PROVIDER),
        ("NHS Leeds North CCG", MemberRole.PARTNER_CCG),
        ("NHS Wakefield CCG", MemberRole.LEAD_CCG),
    ]
    assert {
        f.state for f in Footprint.objects.filter(pk__in=[world.leeds.pk, world.wakefield.pk])
    } == {FootprintState.MERGED}
    assert [a.name for a in lineage(formed).ancestors] == ["Leeds", "Wakefield"]


def test_a_merge_is_refused_if_it_would_put_a_ccg_in_two_footprints(world):
    outsider_ccg = world.bradford.lead_ccg

    preview = preview_merge(footprints=[world.leeds, world.wakefield], new_name="West Yorkshire",
                            lead_ccg=outsider_ccg)  # fmt: skip
    assert preview.problems == [
        "NHS Bradford City CCG is not a CCG of the footprints being merged: a CCG can be in only "
        "one footprint, so the lead must come from one of them."
    ]
    with pytest.raises(ActionRefused, match="a CCG can be in only one footprint"):
        merge_footprints(footprints=[world.leeds, world.wakefield], new_name="West Yorkshire",
                         lead_ccg=outsider_ccg, reason="STP", merged_by=world.admin)  # fmt: skip
    assert Footprint.objects.filter(state=FootprintState.MERGED).count() == 0
    # And the database itself holds a CCG to one current footprint a cycle.
    with pytest.raises(IntegrityError), transaction.atomic():
        FootprintMember.objects.create(
            footprint=world.leeds,
            cycle=world.cycle,
            organisation=outsider_ccg,
            role=MemberRole.PARTNER_CCG,
        )


def test_a_merge_waits_for_a_footprint_nhs_england_is_deciding_on(world):
    Footprint.objects.filter(pk=world.wakefield.pk).update(state=FootprintState.SUBMITTED)
    wakefield = Footprint.objects.get(pk=world.wakefield.pk)

    preview = preview_merge(footprints=[world.leeds, wakefield], into=world.leeds)

    assert preview.problems == [
        "Wakefield is waiting for NHS England to endorse or return it. Decide on it first, then "
        "merge."
    ]
    with pytest.raises(ActionRefused, match="waiting for NHS England"):
        merge_footprints(footprints=[world.leeds, wakefield], into=world.leeds, reason="STP",
                         merged_by=world.admin)  # fmt: skip


def test_only_admins_merge_and_a_reason_is_needed(world):
    with pytest.raises(ActionRefused, match="Only NHS England admins"):
        merge_footprints(footprints=[world.leeds, world.wakefield], into=world.leeds,
                         reason="STP", merged_by=world.reviewer)  # fmt: skip
    with pytest.raises(ActionRefused, match="Say why"):
        merge_footprints(footprints=[world.leeds, world.wakefield], into=world.leeds,
                         reason="  ", merged_by=world.admin)  # fmt: skip


def test_a_member_moves_between_footprints_leaving_its_old_place_as_history(world):
    other = FootprintFactory(cycle=world.cycle, name="Calderdale", state=FootprintState.ENDORSED)
    partner = OrganisationFactory(name="NHS Greater Huddersfield CCG")
    member = FootprintMemberFactory(footprint=world.wakefield, organisation=partner,
                                    role=MemberRole.PARTNER_CCG)  # fmt: skip

    moved = move_member(member=member, to_footprint=other, reason="STP", moved_by=world.admin)

    assert moved.footprint == other and moved.role == MemberRole.PARTNER_CCG
    member.refresh_from_db()
    assert member.left_at is not None
    assert ("NHS Greater Huddersfield CCG", MemberRole.PARTNER_CCG) not in current_members(
        world.wakefield
    )
    with pytest.raises(ActionRefused, match="lead CCG cannot move"):
        lead = world.wakefield.members.get(role=MemberRole.LEAD_CCG)
        move_member(member=lead, to_footprint=other, reason="STP", moved_by=world.admin)
