"""How the footprint page words an organisation just added: a sentence, with the part's own
capitals and article."""

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from tests.factories import CycleFactory, FootprintFactory, MembershipFactory, OrganisationFactory
from tests.roadmaps.test_footprint_confirmation_page import status_boxes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "name", "role", "message"),
    [
        (OrganisationKind.NHS_TRUST, "Leeds Teaching Hospitals", "provider",
         "Leeds Teaching Hospitals added as an NHS provider."),
        (OrganisationKind.LOCAL_AUTHORITY, "Leeds City Council", "local_authority",
         "Leeds City Council added as a local authority."),
        (OrganisationKind.CCG, "NHS Leeds West CCG", "partner_ccg",
         "NHS Leeds West CCG added as a partner CCG."),
        (OrganisationKind.OTHER_PROVIDER, "St Gemma's Hospice", "associate",
         "St Gemma's Hospice added as an associate."),
        (OrganisationKind.OTHER_PROVIDER, "Leeds Beckett University", "other",
         "Leeds Beckett University added as another partner."),
    ],
)  # fmt: skip
def test_adding_an_organisation_says_what_it_was_added_as_in_a_sentence(
    client, kind, name, role, message
):
    lead = MembershipFactory(role=Role.EDITOR, organisation__name="NHS Leeds North CCG")
    footprint = FootprintFactory(cycle=CycleFactory(), lead_ccg=lead.organisation, name="Leeds")
    added = OrganisationFactory(kind=kind, name=name, ods_code="RR8")
    client.force_login(lead.user)

    response = client.post(
        reverse("add_footprint_member", args=[footprint.pk]),
        {"organisation": added.ods_code, "role": role},
        follow=True,
    )

    assert status_boxes(response.content.decode()) == [message]
