"""The footprint rules, at the service level: what is allowed, and what is refused and why."""

import threading
from datetime import date

import pytest
from django.db import connection

from accounts.enums import OrganisationKind, Role
from accounts.errors import ActionRefused
from accounts.models import AuditEvent
from roadmaps.enums import Confirmation, FootprintState
from roadmaps.models import FootprintMember
from roadmaps.services import footprints as services
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    OrganisationFactory,
)


def trust(**kwargs):
    return OrganisationFactory(kind=OrganisationKind.NHS_TRUST, **kwargs)


def rows():
    return sorted(
        FootprintMember.objects.values_list(
            "footprint_id", "organisation_id", "role", "confirmation"
        )
    )


@pytest.mark.django_db
def test_declaring_makes_a_draft_led_by_the_ccg_and_audits_it():
    ccg = OrganisationFactory(name="NHS Leeds North CCG")
    editor = MembershipFactory(organisation=ccg, role=Role.EDITOR).user

    footprint = services.declare_footprint(
        cycle=CycleFactory(), lead_ccg=ccg, details={"name": "Leeds"}, declared_by=editor
    )

    assert footprint.state == FootprintState.DRAFT
    assert list(footprint.members.values_list("organisation__name", "role")) == [
        ("NHS Leeds North CCG", "lead_ccg")
    ]
    assert AuditEvent.objects.get(verb="footprint.declared").actor == editor


@pytest.mark.django_db
def test_a_ccg_already_in_a_footprint_is_refused_naming_that_footprint():
    holder = FootprintFactory(name="West Yorkshire")
    partner = OrganisationFactory(name="NHS Wakefield CCG")
    services.add_member(footprint=holder, organisation=partner, role="partner_ccg", added_by=None)
    other = FootprintFactory(cycle=holder.cycle, name="Leeds")
    before = rows()

    with pytest.raises(ActionRefused) as refusal:
        services.add_member(
            footprint=other, organisation=partner, role="partner_ccg", added_by=None
        )

    assert str(refusal.value) == (
        "NHS Wakefield CCG is already in the footprint West Yorkshire. "
        "A CCG can be in only one footprint."
    )
    assert rows() == before


@pytest.mark.django_db
def test_a_lead_ccg_already_in_a_footprint_cannot_declare_another():
    holder = FootprintFactory(name="West Yorkshire")

    with pytest.raises(ActionRefused, match="already in the footprint West Yorkshire"):
        services.declare_footprint(
            cycle=holder.cycle,
            lead_ccg=holder.lead_ccg,
            details={"name": "Again"},
            declared_by=None,
        )


@pytest.mark.django_db
def test_the_same_ccg_may_join_a_footprint_in_another_cycle():
    first = FootprintFactory()
    later = CycleFactory(name="2016-17")

    footprint = services.declare_footprint(
        cycle=later, lead_ccg=first.lead_ccg, details={"name": "Next year"}, declared_by=None
    )

    assert footprint.cycle == later


@pytest.mark.django_db
def test_providers_and_local_authorities_may_be_in_several_footprints():
    provider = trust(name="Yorkshire Ambulance Service NHS Trust")
    council = OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY, name="Leeds")
    first, second = FootprintFactory(), FootprintFactory()

    for footprint in (first, second):
        services.add_member(
            footprint=footprint, organisation=provider, role="provider", added_by=None
        )
        services.add_member(
            footprint=footprint, organisation=council, role="local_authority", added_by=None
        )

    assert FootprintMember.objects.filter(organisation=provider).count() == 2
    assert FootprintMember.objects.filter(organisation=council).count() == 2


@pytest.mark.django_db
def test_an_organisation_cannot_be_added_twice_to_one_footprint():
    member = FootprintMemberFactory()

    with pytest.raises(ActionRefused, match="is already in this footprint"):
        services.add_member(
            footprint=member.footprint,
            organisation=member.organisation,
            role="provider",
            added_by=None,
        )


@pytest.mark.django_db
def test_a_closed_organisation_cannot_be_added():
    closed = trust(name="Old Trust", close_date=date(2015, 9, 30))

    with pytest.raises(ActionRefused, match="Old Trust closed on 2015-09-30"):
        services.add_member(
            footprint=FootprintFactory(), organisation=closed, role="provider", added_by=None
        )


@pytest.mark.django_db
def test_an_organisation_of_the_wrong_kind_is_refused_for_a_role():
    provider = trust(name="Leeds Teaching Hospitals NHS Trust")

    with pytest.raises(ActionRefused, match="cannot be added as partner ccg"):
        services.add_member(
            footprint=FootprintFactory(), organisation=provider, role="partner_ccg", added_by=None
        )


@pytest.mark.django_db
def test_a_second_lead_ccg_is_refused_and_the_database_agrees():
    footprint = FootprintFactory()

    with pytest.raises(ActionRefused, match="exactly one lead CCG"):
        services.add_member(
            footprint=footprint, organisation=OrganisationFactory(), role="lead_ccg", added_by=None
        )


@pytest.mark.django_db
def test_submitting_needs_a_provider_and_the_governance_details():
    footprint = FootprintFactory(board_name="", contact_email="")

    with pytest.raises(ActionRefused) as refusal:
        services.submit_footprint(footprint=footprint, submitted_by=None)

    assert str(refusal.value) == (
        "Add at least one NHS provider. Name the board or group that owns the roadmap. "
        "Give a contact email address."
    )
    footprint.refresh_from_db()
    assert footprint.state == FootprintState.DRAFT


@pytest.mark.django_db
def test_a_submitted_footprint_cannot_be_edited():
    footprint = FootprintMemberFactory().footprint
    services.submit_footprint(footprint=footprint, submitted_by=None)

    with pytest.raises(ActionRefused, match="has been submitted, so it cannot be changed now"):
        services.add_member(
            footprint=footprint, organisation=trust(), role="provider", added_by=None
        )
    with pytest.raises(ActionRefused, match="cannot be changed now"):
        services.update_footprint_details(
            footprint=footprint, details={"name": "Renamed"}, updated_by=None
        )


@pytest.mark.django_db
def test_a_partner_confirms_or_declines_with_a_reason_only_while_submitted():
    footprint = FootprintMemberFactory().footprint
    yes = services.add_member(
        footprint=footprint, organisation=OrganisationFactory(), role="partner_ccg", added_by=None
    )
    no = services.add_member(
        footprint=footprint, organisation=OrganisationFactory(), role="partner_ccg", added_by=None
    )
    with pytest.raises(ActionRefused, match="not waiting for confirmations"):
        services.confirm_membership(member=yes, confirmed_by=None)
    services.submit_footprint(footprint=footprint, submitted_by=None)

    services.confirm_membership(member=yes, confirmed_by=None)
    with pytest.raises(ActionRefused, match="Say why"):
        services.decline_membership(member=no, reason="  ", declined_by=None)
    services.decline_membership(member=no, reason="We lead our own footprint", declined_by=None)

    yes.refresh_from_db()
    no.refresh_from_db()
    assert (yes.confirmation, no.confirmation) == (Confirmation.CONFIRMED, Confirmation.DECLINED)
    assert no.decline_reason == "We lead our own footprint"


@pytest.mark.django_db
def test_returned_footprint_is_editable_and_resubmission_asks_partners_again():
    footprint = FootprintMemberFactory().footprint
    partner = services.add_member(
        footprint=footprint, organisation=OrganisationFactory(), role="partner_ccg", added_by=None
    )
    services.submit_footprint(footprint=footprint, submitted_by=None)
    services.confirm_membership(member=partner, confirmed_by=None)

    services.return_footprint(footprint=footprint, comments="Add the council", returned_by=None)
    services.add_member(
        footprint=footprint,
        organisation=OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY),
        role="local_authority",
        added_by=None,
    )
    services.submit_footprint(footprint=footprint, submitted_by=None)

    footprint.refresh_from_db()
    partner.refresh_from_db()
    assert footprint.state == FootprintState.SUBMITTED
    assert partner.confirmation == Confirmation.PENDING
    assert [e.verb for e in AuditEvent.objects.order_by("pk")][-3:] == [
        "footprint.returned",
        "footprint.member_added",
        "footprint.submitted",
    ]


@pytest.mark.django_db
def test_only_a_submitted_footprint_is_endorsed_and_returning_needs_comments():
    footprint = FootprintMemberFactory(footprint__name="Leeds").footprint

    with pytest.raises(ActionRefused) as too_early:
        services.endorse_footprint(footprint=footprint, endorsed_by=None)
    services.submit_footprint(footprint=footprint, submitted_by=None)
    with pytest.raises(ActionRefused, match="Say what the footprint needs to change"):
        services.return_footprint(footprint=footprint, comments="", returned_by=None)
    services.endorse_footprint(footprint=footprint, endorsed_by=None)
    with pytest.raises(ActionRefused) as again:
        services.endorse_footprint(footprint=footprint, endorsed_by=None)
    with pytest.raises(ActionRefused) as returned_after:
        services.return_footprint(footprint=footprint, comments="Too late", returned_by=None)

    footprint.refresh_from_db()
    assert footprint.state == FootprintState.ENDORSED
    assert footprint.endorsed_at is not None
    assert str(too_early.value) == "Leeds has not been submitted to NHS England yet."
    assert str(again.value) == "NHS England has already endorsed Leeds."
    assert str(returned_after.value) == "NHS England has already endorsed Leeds."


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_declarations_cannot_both_take_one_ccg():
    cycle = CycleFactory()
    contested = OrganisationFactory(name="NHS Contested CCG")
    footprints = [FootprintFactory(cycle=cycle, name=f"Footprint {n}") for n in (1, 2)]
    start = threading.Barrier(2)
    outcomes = []

    def declare(footprint):
        try:
            start.wait()
            services.add_member(
                footprint=footprint, organisation=contested, role="partner_ccg", added_by=None
            )
            outcomes.append("added")
        except ActionRefused as refusal:
            outcomes.append(str(refusal))
        finally:
            connection.close()

    threads = [threading.Thread(target=declare, args=(f,)) for f in footprints]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    refused = [outcome for outcome in outcomes if outcome != "added"]
    assert outcomes.count("added") == 1
    assert len(refused) == 1
    assert refused[0].startswith("NHS Contested CCG is already in the footprint Footprint ")
    assert FootprintMember.objects.filter(organisation=contested).count() == 1
