"""What the footprint page tells the people of a partner CCG once it has answered."""

import re
from datetime import UTC, datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import Role
from roadmaps.services import footprints as services
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

ANSWERED_AT = datetime(2015, 10, 20, 14, 30, tzinfo=UTC)


def status_boxes(html):
    """The text of each status box on the page, as read."""
    boxes = re.findall(r'<div class="alert[^"]*" role="status">(.*?)</div>', html, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", box)).split()) for box in boxes]


@pytest.fixture
def submitted():
    """Leeds, submitted, naming NHS Leeds West CCG as a partner; the partner's approver."""
    lead = MembershipFactory(role=Role.EDITOR, organisation__name="NHS Leeds North CCG")
    footprint = FootprintFactory(cycle=CycleFactory(), lead_ccg=lead.organisation, name="Leeds")
    FootprintMemberFactory(footprint=footprint)
    partner = OrganisationFactory(name="NHS Leeds West CCG")
    member = services.add_member(
        footprint=footprint, organisation=partner, role="partner_ccg", added_by=None
    )
    services.submit_footprint(footprint=footprint, submitted_by=None)
    approver = MembershipFactory(organisation=partner, role=Role.APPROVER).user
    return footprint, member, approver


@pytest.mark.parametrize(
    ("answer", "said"),
    [
        ({"answer": "confirm"}, "NHS Leeds West CCG confirmed its place in this footprint on 20 "
                                "October 2015."),
        ({"answer": "decline", "reason": "We joined Wakefield"},
         "NHS Leeds West CCG declined its place in this footprint on 20 October 2015."),
    ],
)  # fmt: skip
def test_once_a_partner_has_answered_the_page_says_so_and_no_longer_asks(
    client, submitted, answer, said
):
    footprint, member, approver = submitted
    client.force_login(approver)
    page = reverse("footprint_detail", args=[footprint.pk])
    confirm = reverse("confirm_footprint_membership", args=[footprint.pk, member.pk])
    before = client.get(page).content.decode()

    with time_machine.travel(ANSWERED_AT, tick=False):
        after = client.post(confirm, answer, follow=True).content.decode()

    assert status_boxes(before) == [
        "NHS Leeds West CCG is named as a partner CCG. Confirm or decline NHS Leeds West CCG's "
        "place"
    ]
    assert f'href="{confirm}"' in before
    assert status_boxes(after) == [
        "Your answer has been recorded. The lead CCG can see it.",
        said,
    ]
    assert f'href="{confirm}"' not in after
