"""Step 1 of the programme in the browser: declare, confirm, endorse, and see it covered."""

import re

from playwright.sync_api import expect

from accounts.enums import OrganisationKind, Role
from roadmaps.enums import Confirmation, FootprintState
from roadmaps.models import Footprint
from tests.factories import (
    CycleFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RegionFactory,
)


def test_a_footprint_is_declared_confirmed_endorsed_and_shown_as_covered(journey, sign_in):
    CycleFactory()
    north = RegionFactory()
    lead = MembershipFactory(
        role=Role.EDITOR,
        user__full_name="Priya Shah",
        organisation__name="NHS Leeds North CCG",
        organisation__ods_code="02V",
        organisation__region=north,
    )
    partner = MembershipFactory(
        role=Role.APPROVER,
        user__full_name="Ifeoma Bello",
        organisation__name="NHS Leeds West CCG",
        organisation__ods_code="03C",
        organisation__region=north,
    )
    for code, name in (
        ("RR8", "Leeds Teaching Hospitals NHS Trust"),
        ("RGD", "Leeds and York Partnership NHS Foundation Trust"),
    ):
        OrganisationFactory(ods_code=code, name=name, kind=OrganisationKind.NHS_TRUST, region=north)
    OrganisationFactory(
        ods_code="E08000035", name="Leeds", kind=OrganisationKind.LOCAL_AUTHORITY, region=north
    )
    reviewer = MembershipFactory(
        organisation=north, role=Role.REVIEWER, user__full_name="Grace Adeyemi"
    )
    NHSEnglandFactory()
    page = journey.page

    # The lead CCG's editor declares the footprint and names its members.
    sign_in(lead.user)
    journey.open("/", heading="Hello, Priya")
    journey.follow("Footprints", heading="Footprints")
    journey.follow(
        "Declare your footprint for 2015-16", heading="Declare your footprint for 2015-16"
    )
    journey.choose("NHS Leeds North CCG")
    journey.fill("Footprint name", "Leeds")
    journey.fill("Board or group that owns the roadmap", "Leeds Digital Board")
    journey.fill("Its chair", "Dr Morgan Ellis")
    journey.fill("Senior responsible owner", "Jordan Reid")
    journey.fill("Contact email address", "leeds.roadmap@ccg.example.nhs.uk")
    journey.press("Create footprint", heading="Leeds")
    for text, role in (
        ("03C", "Partner CCG"),
        ("rr8", "NHS provider"),
        ("Leeds and York Partnership", "NHS provider"),
        ("E08000035", "Local authority"),
    ):
        journey.fill("Organisation", text)
        journey.choose(role)
        journey.press("Add to footprint", heading="Leeds")
    members = page.get_by_role("table").get_by_role("row")
    expect(members).to_have_count(6)  # the header and five organisations
    journey.press("Submit the footprint", heading="Leeds")
    expect(page.get_by_role("status").first).to_contain_text("Footprint submitted to NHS England.")

    # The partner CCG's approver confirms its place.
    footprint = Footprint.objects.get()
    sign_in(partner.user)
    journey.open(f"/footprints/{footprint.pk}/", heading="Leeds")
    journey.follow(
        "Confirm or decline NHS Leeds West CCG's place",
        heading="Confirm NHS Leeds West CCG's place in Leeds",
    )
    journey.choose("Yes, confirm our place")
    journey.press("Send answer", heading="Leeds")
    expect(page.get_by_role("cell", name="Confirmed")).to_be_visible()

    # The regional reviewer endorses it.
    sign_in(reviewer.user)
    journey.open(f"/footprints/{footprint.pk}/", heading="Leeds")
    journey.follow("Review this footprint", heading="Review Leeds")
    journey.choose("Endorse the footprint")
    journey.press("Record decision", heading="Leeds")
    expect(page.get_by_text("Endorsed by NHS England")).to_be_visible()

    # The coverage register shows both CCGs in the endorsed footprint.
    journey.open("/coverage/", heading=re.compile("coverage", re.IGNORECASE))
    for ccg in ("NHS Leeds North CCG", "NHS Leeds West CCG"):
        row = page.get_by_role("row").filter(has_text=ccg)
        expect(row).to_contain_text("Leeds")
        expect(row).to_contain_text("Endorsed")

    footprint.refresh_from_db()
    assert footprint.state == FootprintState.ENDORSED
    assert (
        footprint.members.get(organisation__ods_code="03C").confirmation == Confirmation.CONFIRMED
    )
