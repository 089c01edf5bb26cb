"""A draft roadmap of the Leeds footprint and the people around it, for the list sections.

``tests/roadmaps/conftest.py`` makes them fixtures for every test here.
"""

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from tests.factories import (
    FootprintMemberFactory,
    MembershipFactory,
    OrganisationFactory,
    RoadmapFactory,
    UserFactory,
)


@pytest.fixture
def lead(db):
    return OrganisationFactory(name="NHS LEEDS NORTH CCG")


@pytest.fixture
def roadmap(lead):
    return RoadmapFactory(footprint__lead_ccg=lead, footprint__name="Leeds")


@pytest.fixture
def partner(roadmap):
    organisation = OrganisationFactory(name="NHS LEEDS SOUTH AND EAST CCG")
    FootprintMemberFactory(
        footprint=roadmap.footprint,
        organisation=organisation,
        role="partner_ccg",
        confirmation="confirmed",
    )
    return organisation


@pytest.fixture
def trust(roadmap):
    organisation = OrganisationFactory(
        kind=OrganisationKind.NHS_TRUST, name="Leeds Teaching Hospitals NHS Trust"
    )
    FootprintMemberFactory(footprint=roadmap.footprint, organisation=organisation)
    return organisation


@pytest.fixture
def lead_editor(lead):
    return MembershipFactory(organisation=lead, role=Role.EDITOR, user__full_name="Lee Lead").user


@pytest.fixture
def partner_editor(partner):
    return MembershipFactory(
        organisation=partner, role=Role.EDITOR, user__full_name="Pat Partner"
    ).user


@pytest.fixture
def provider_editor(trust):
    return MembershipFactory(
        organisation=trust, role=Role.EDITOR, user__full_name="Tess Trust"
    ).user


@pytest.fixture
def outsider(db):
    return MembershipFactory(
        organisation=OrganisationFactory(name="NHS BRADFORD CCG"), role=Role.EDITOR
    ).user


@pytest.fixture
def csu_person(db):
    csu = OrganisationFactory(kind=OrganisationKind.CSU, name="North of England CSU")
    return MembershipFactory(
        organisation=csu,
        role=Role.EDITOR,
        user=UserFactory(email="casey@csu.example.nhs.uk", full_name="Casey Support"),
    ).user


def section_url(roadmap, key):
    return reverse("roadmap_section", args=[roadmap.pk, key])
