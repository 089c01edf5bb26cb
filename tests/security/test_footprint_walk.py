"""The isolation walk for footprints: each address names who may use it (``reached_by``).

Everyone else who can see the footprint (NHS England, members of its organisations) is
refused with 403; everyone else gets 404; and nobody who is refused changes a row.
"""

import pytest

from roadmaps.models import FootprintMember
from tests.security.conftest import client_for
from tests.security.database import snapshot
from tests.security.url_table import FOOTPRINT, access_for
from tests.security.walk import (
    PATTERNS,
    address,
    assert_refused,
    case,
    declared,
    follow,
    payload,
    person,
    send,
)

PEOPLE = (
    "a_editor",
    "a_approver",
    "a_viewer",
    "c_approver",
    "nhse_admin",
    "nhse_reviewer",
    "b_approver",
    "loner",
)
NHS_ENGLAND = ("nhse_admin", "nhse_reviewer")


def sees(world, who, footprint_pk):
    """NHS England, and members of any organisation in the footprint, can see it."""
    if who in NHS_ENGLAND:
        return True
    members = FootprintMember.objects.filter(footprint_id=footprint_pk).values("organisation")
    return person(world, who).memberships.filter(organisation__in=members).exists()


METHODS = ("GET", "POST")

FOOTPRINT_PATTERNS = [
    pattern
    for pattern in PATTERNS
    if (access := access_for(pattern)) is not None and access.category == FOOTPRINT
]


@pytest.mark.django_db
@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", FOOTPRINT_PATTERNS, ids=str)
def test_only_the_people_named_reach_a_footprint_address(world, pattern, method, who):
    access = declared(pattern)
    user = person(world, who)
    client = client_for(user)
    path = address(pattern, world)
    before = snapshot()

    response = send(client, method, path, payload(pattern, world))

    request = case(pattern, method, path, world, user)
    if method not in access.methods:
        assert response.status_code == 405, f"{request}: got {response.status_code}"
    elif who in access.reached_by:
        way = follow(client, response)[1]
        assert response.status_code < 400, f"{request}: {way}"
    elif sees(world, who, access.kwargs(world)["pk"]):
        assert_refused(client, response, {403}, before, request)
    else:
        assert_refused(client, response, {404}, before, request)
