"""A footprint's STP footprints on its page: which, and when it crosses or splits them."""

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    OrganisationFactory,
)
from tests.roadmaps.page_text import html_texts


def stp(code, name):
    return OrganisationFactory(kind=OrganisationKind.STP, ods_code=code, name=name)


def ccg(name, stp):
    return OrganisationFactory(kind=OrganisationKind.CCG, name=name, stp=stp)


@pytest.fixture
def west_yorkshire(db):
    return stp("E54000005", "West Yorkshire")


@pytest.fixture
def leeds(west_yorkshire):
    cycle = CycleFactory()
    editor = MembershipFactory(
        role=Role.EDITOR, organisation=ccg("NHS Leeds North CCG", west_yorkshire)
    )
    footprint = FootprintFactory(cycle=cycle, lead_ccg=editor.organisation, name="Leeds")
    FootprintMemberFactory(
        footprint=footprint,
        organisation=ccg("NHS Leeds West CCG", west_yorkshire),
        role="partner_ccg",
    )
    return footprint, editor.user


def page(client, footprint, user):
    client.force_login(user)
    return html_texts(client.get(reverse("footprint_detail", args=[footprint.pk])).content.decode())


@pytest.mark.django_db
def test_a_footprint_within_one_stp_names_it_and_raises_no_flag(client, leeds):
    footprint, user = leeds

    texts = page(client, footprint, user)

    assert texts[texts.index("STP footprint") + 1] == "West Yorkshire"
    assert not [text for text in texts if "STP boundaries" in text or "split across" in text]


@pytest.mark.django_db
def test_a_footprint_with_ccgs_in_two_stps_says_it_crosses_boundaries(client, leeds):
    footprint, user = leeds
    harrogate = ccg("NHS Harrogate and Rural District CCG", stp("E54000006", "Humber, Coast"))
    FootprintMemberFactory(footprint=footprint, organisation=harrogate, role="partner_ccg")

    texts = page(client, footprint, user)

    assert texts[texts.index("STP footprint") + 1] == "Humber, Coast; West Yorkshire"
    assert "This footprint crosses STP boundaries: Humber, Coast; West Yorkshire." in texts


@pytest.mark.django_db
def test_an_stp_whose_ccgs_are_in_two_footprints_is_split(client, leeds, west_yorkshire):
    footprint, user = leeds
    FootprintFactory(cycle=footprint.cycle, lead_ccg=ccg("NHS Bradford City CCG", west_yorkshire))
    # A footprint of another cycle does not split this one's STP.
    FootprintFactory(
        cycle=CycleFactory(name="2016-17"), lead_ccg=ccg("NHS Wakefield CCG", west_yorkshire)
    )

    texts = page(client, footprint, user)

    assert "The West Yorkshire STP is split across 2 footprints." in texts
    assert not [text for text in texts if "STP boundaries" in text]
