"""The isolation walk for self-assessments: each address names who may use it (``reached_by``).

Everyone else who can see the assessment (its organisation's people, people of CCGs in a
footprint that holds it, NHS England) is refused with 403; everyone else gets 404; and nobody
who is refused changes a row.
"""

import pytest

from maturity.models import Assessment
from roadmaps.enums import CCG_ROLES, MemberRole
from roadmaps.models import FootprintMember
from tests.security.url_table import ASSESSMENT, access_for
from tests.security.walk import PATTERNS, assert_only_the_named_reach, person

PEOPLE = (
    "p_editor",
    "p_approver",
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
METHODS = ("GET", "POST")


def sees(world, who, assessment_pk):
    """NHS England, the assessment's organisation, and CCGs in a footprint of its cycle that
    holds it as a provider."""
    if who in NHS_ENGLAND:
        return True
    assessment = Assessment.objects.get(pk=assessment_pk)
    footprints = FootprintMember.objects.filter(
        cycle=assessment.cycle,
        organisation=assessment.organisation,
        role=MemberRole.PROVIDER,
    ).values("footprint")
    ccgs = FootprintMember.objects.filter(footprint__in=footprints, role__in=CCG_ROLES).values(
        "organisation"
    )
    memberships = person(world, who).memberships
    return (
        memberships.filter(organisation=assessment.organisation).exists()
        or memberships.filter(organisation__in=ccgs).exists()
    )


ASSESSMENT_PATTERNS = [
    pattern
    for pattern in PATTERNS
    if (access := access_for(pattern)) is not None and access.category == ASSESSMENT
]


@pytest.mark.django_db
@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", ASSESSMENT_PATTERNS, ids=str)
def test_only_the_people_named_reach_an_assessment_address(world, pattern, method, who):
    assert_only_the_named_reach(world, pattern, method, who, sees=sees)


@pytest.mark.django_db
def test_the_walk_sees_the_assessment_as_the_rules_do(world):
    # Guards the walk's own idea of who sees P's assessments against a drift in the world.
    assert [who for who in PEOPLE if sees(world, who, world.p_assessment.pk)] == list(PEOPLE[:8])
