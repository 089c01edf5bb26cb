"""The isolation walk for footprints: each address names who may use it (``reached_by``).

Everyone else who can see the footprint (NHS England, members of its organisations) is
refused with 403; everyone else gets 404; and nobody who is refused changes a row.
"""

import pytest

from roadmaps.models import FootprintMember
from tests.security.url_table import FOOTPRINT, access_for
from tests.security.walk import PATTERNS, assert_only_the_named_reach, person

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
    assert_only_the_named_reach(world, pattern, method, who, sees=sees)
