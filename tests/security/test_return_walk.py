"""The isolation walk for progress returns: whoever can see a roadmap can see its returns;
each address names who may use it (``reached_by``); everyone else who can see the return is
refused with 403, everyone else gets 404, and nobody refused changes a row. No page a
footprint's people can open shows the region's internal note."""

import pytest

from delivery.models import ProgressReturn
from tests.security.conftest import client_for
from tests.security.roadmap_world import INTERNAL_NOTE
from tests.security.test_roadmap_walk import PEOPLE
from tests.security.test_roadmap_walk import sees as sees_roadmap
from tests.security.url_table import RETURN
from tests.security.walk import address, assert_only_the_named_reach, patterns_in

METHODS = ("GET", "POST")
FOOTPRINT_PEOPLE = ("a_editor", "a_approver", "a_viewer", "c_approver", "p_editor",
                    "p_approver")  # fmt: skip


def sees(world, who, return_pk):
    return sees_roadmap(world, who, ProgressReturn.objects.get(pk=return_pk).roadmap_id)


@pytest.mark.django_db
@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", patterns_in(RETURN), ids=str)
def test_only_the_people_named_reach_a_return_address(world, pattern, method, who):
    assert_only_the_named_reach(world, pattern, method, who, sees=sees)


@pytest.mark.django_db
@pytest.mark.parametrize("who", FOOTPRINT_PEOPLE)
@pytest.mark.parametrize("pattern", patterns_in(RETURN), ids=str)
def test_no_return_page_shows_the_footprint_an_internal_note(world, pattern, who):
    user = getattr(world, who).user
    response = client_for(user).get(address(pattern, world))
    assert INTERNAL_NOTE not in response.content.decode("utf-8", "replace")
