"""The isolation walk for a footprint merged away: Wakefield merged into Leeds.

Every footprint and roadmap address, built for Wakefield and its roadmap, is sent as:
- Wakefield's editor (its CCG now a partner in Leeds): reads Wakefield's history, and nothing
  they send changes a row;
- Leeds's editor: reads it too, as history of Leeds, and changes nothing;
- someone from elsewhere: 404 to everything.
"""

import pytest

from roadmaps.models import Footprint, Roadmap
from roadmaps.services.merges import merge_footprints
from tests.roadmaps.next_cycle_world import make_next_cycle_world
from tests.security.conftest import client_for
from tests.security.database import changes, described, snapshot
from tests.security.url_table import FOOTPRINT, ROADMAP, access_for
from tests.security.urlwalk import ROUTE_PARAMETER
from tests.security.walk import patterns_in

# The pages that are Wakefield's history: every reader of it must get them.
HISTORY = {
    "footprint_detail",
    "footprint_delivery_history",
    "roadmap_tasks",
    "roadmap_versions",
    "roadmap_version",
    "roadmap_delivery",
}
READERS = ("wakefield_editor", "leeds_editor", "admin")


@pytest.fixture
def merged(db):
    world = make_next_cycle_world()
    merge_footprints(footprints=[world.leeds, world.wakefield], into=world.leeds,
                     reason="STP alignment", merged_by=world.admin)  # fmt: skip
    world.wakefield = Footprint.objects.get(pk=world.wakefield.pk)
    world.roadmap = Roadmap.objects.get(footprint=world.wakefield)
    return world


def kwargs_for(pattern, world):
    """Wakefield's objects for the pattern's arguments; None when it names something
    Wakefield has none of."""
    roadmap = world.roadmap
    first = {
        "risk_pk": roadmap.risks.values_list("pk", flat=True).first(),
        "milestone_pk": roadmap.milestones.values_list("pk", flat=True).first(),
        "benefit_pk": roadmap.benefits.values_list("pk", flat=True).first(),
        "member_pk": world.wakefield.members.values_list("pk", flat=True).first(),
        "number": 1,
        "key": "vision",
        "file_format": "csv",
    }
    pk = world.wakefield.pk if pattern in FOOTPRINT_PATTERNS else roadmap.pk
    built = {"pk": pk}
    for name in set(ROUTE_PARAMETER.findall(pattern.route)) - {"pk"}:
        if first.get(name) is None:
            return None
        built[name] = first[name]
    return built


FOOTPRINT_PATTERNS = patterns_in(FOOTPRINT)
PATTERNS = [p for p in patterns_in(FOOTPRINT, ROADMAP) if "<int:pk>" in p.route]


@pytest.mark.django_db
@pytest.mark.parametrize("who", (*READERS, "outsider"))
@pytest.mark.parametrize("pattern", PATTERNS, ids=str)
def test_a_merged_away_footprint_is_read_by_its_people_and_changed_by_nobody(merged, pattern, who):
    kwargs = kwargs_for(pattern, merged)
    if kwargs is None:
        pytest.skip(f"Wakefield has nothing {pattern} names")
    path = pattern.address(kwargs)
    client = client_for(getattr(merged, who))
    before = snapshot()

    methods = access_for(pattern).methods
    got = client.get(path) if "GET" in methods else None
    sent = (
        client.post(path, {"version": merged.roadmap.version, "vision": "Changed"})
        if "POST" in methods
        else None
    )

    changed = changes(before, snapshot())
    assert changed == [], f"{who} changed rows through {path}:\n{described(changed)}"
    replies = [reply.status_code for reply in (got, sent) if reply is not None]
    if who == "outsider":
        assert set(replies) == {404}, path
        return
    assert 404 not in replies and 500 not in replies, f"{who} got {replies} from {path}"
    if pattern.name in HISTORY:
        assert got.status_code == 200, f"{who} cannot read {path}: {got.status_code}"
