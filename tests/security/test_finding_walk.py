"""The isolation walk for the cross-checks' findings: whoever can see a roadmap can see the
findings of its versions and returns; each address names who may use it (``reached_by``);
everyone else who can see the finding is refused with 403, everyone else gets 404, and
nobody refused changes a row."""

import pytest

from delivery.models import Finding
from tests.security.test_roadmap_walk import PEOPLE
from tests.security.test_roadmap_walk import sees as sees_roadmap
from tests.security.url_table import FINDING
from tests.security.walk import assert_only_the_named_reach, patterns_in

METHODS = ("GET", "POST")


def sees(world, who, finding_pk):
    return sees_roadmap(world, who, Finding.objects.get(pk=finding_pk).subject.roadmap_id)


@pytest.mark.django_db
@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", patterns_in(FINDING), ids=str)
def test_only_the_people_named_reach_a_finding_address(world, pattern, method, who):
    assert_only_the_named_reach(world, pattern, method, who, sees=sees)
