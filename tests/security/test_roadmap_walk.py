"""The isolation walk for roadmaps: each address names who may use it (``reached_by``).

Everyone else who can see the roadmap (people of any organisation in its footprint, the people
the lead asked to edit it, NHS England) is refused with 403; everyone else gets 404; and
nobody who is refused changes a row.
"""

import pytest

from roadmaps.models import FootprintMember, Roadmap, RoadmapEditor
from tests.security.conftest import client_for
from tests.security.roadmap_world import INTERNAL_NOTE
from tests.security.url_table import NHSE_ADMIN, ROADMAP, access_for
from tests.security.walk import PATTERNS, address, assert_only_the_named_reach, person

PEOPLE = (
    "a_editor",
    "a_approver",
    "a_viewer",
    "c_approver",
    "p_editor",
    "p_approver",
    "csu_editor",
    "nhse_admin",
    "nhse_reviewer",
    "b_approver",
    "loner",
)
NHS_ENGLAND = ("nhse_admin", "nhse_reviewer")
METHODS = ("GET", "POST")


def sees(world, who, roadmap_pk):
    """NHS England, the people of any organisation in the footprint, and invited editors."""
    if who in NHS_ENGLAND:
        return True
    roadmap = Roadmap.objects.get(pk=roadmap_pk)
    user = person(world, who)
    members = FootprintMember.objects.filter(footprint=roadmap.footprint).values("organisation")
    return (
        user.memberships.filter(organisation__in=members).exists()
        or RoadmapEditor.objects.filter(roadmap=roadmap, user=user).exists()
    )


ROADMAP_PATTERNS = [
    pattern
    for pattern in PATTERNS
    if (access := access_for(pattern)) is not None and access.category == ROADMAP
]


@pytest.mark.django_db
@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", ROADMAP_PATTERNS, ids=str)
def test_only_the_people_named_reach_a_roadmap_address(world, pattern, method, who):
    assert_only_the_named_reach(world, pattern, method, who, sees=sees)


@pytest.mark.django_db
def test_the_walk_sees_the_roadmaps_as_the_rules_do(world):
    # Guards the walk's own idea of who sees A's roadmaps against a drift in the world.
    for roadmap in (world.a_roadmap, world.a_signing_roadmap):
        seen = [who for who in PEOPLE if sees(world, who, roadmap.pk)]
        expected = PEOPLE[:9] if roadmap == world.a_roadmap else PEOPLE[:6] + PEOPLE[7:9]
        assert seen == list(expected)


# --- Internal review notes -----------------------------------------------------------------

FOOTPRINT_PEOPLE = ("a_editor", "a_approver", "a_viewer", "c_approver", "p_editor",
                    "p_approver", "csu_editor")  # fmt: skip
GET_PATTERNS = [
    pattern
    for pattern in PATTERNS
    if (access := access_for(pattern)) is not None
    and "GET" in access.methods
    and access.category != NHSE_ADMIN
]


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.django_db
@pytest.mark.parametrize("who", FOOTPRINT_PEOPLE)
@pytest.mark.parametrize("pattern", GET_PATTERNS, ids=str)
def test_no_page_shows_a_footprints_people_an_internal_review_note(world, pattern, who):
    # Every address a footprint's people can open, with the walk's arguments, and A's roadmap
    # in review (whose internal note this is) wherever an address names a roadmap.
    user = person(world, who)
    client = client_for(user)
    paths = {address(pattern, world)}
    kwargs = access_for(pattern).kwargs(world)
    if "pk" in kwargs and access_for(pattern).category == ROADMAP:
        paths.add(pattern.address({**kwargs, "pk": world.a_review_roadmap.pk}))

    shown = [path for path in paths if INTERNAL_NOTE in body(client.get(path))]

    assert not shown, f"{who} sees the internal review note on {shown}"
