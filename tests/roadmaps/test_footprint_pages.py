"""Footprint pages: declaring, adding members, confirming and reviewing, as people do it."""

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from roadmaps.enums import Confirmation, FootprintState
from roadmaps.models import Footprint, FootprintMember
from roadmaps.services import footprints as services
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RegionFactory,
)
from tests.query_budget import assert_queries_do_not_grow


@pytest.fixture
def lead_editor(db):
    CycleFactory()
    return MembershipFactory(role=Role.EDITOR, organisation__name="NHS Leeds North CCG")


@pytest.fixture
def footprint(lead_editor):
    return FootprintFactory(lead_ccg=lead_editor.organisation, name="Leeds")


def add(client, footprint, organisation, role):
    return client.post(
        reverse("add_footprint_member", args=[footprint.pk]),
        {"organisation": organisation, "role": role},
    )


@pytest.mark.django_db
def test_ccg_editor_declares_a_draft_footprint(client, lead_editor):
    client.force_login(lead_editor.user)

    response = client.post(
        reverse("declare_footprint"),
        {"lead_ccg": lead_editor.organisation.pk, "name": "Leeds", "board_name": "Leeds Board"},
        follow=True,
    )

    footprint = Footprint.objects.get()
    assert (footprint.name, footprint.state, footprint.board_name) == (
        "Leeds",
        "draft",
        "Leeds Board",
    )
    assert "Footprint saved as a draft. Now add its members." in response.content.decode()


@pytest.mark.django_db
def test_an_editor_whose_ccg_is_taken_cannot_declare(client, footprint, lead_editor):
    client.force_login(lead_editor.user)

    response = client.get(reverse("declare_footprint"))

    assert response.status_code == 403


@pytest.mark.django_db
def test_adding_by_ods_code_or_by_the_type_ahead_label(client, footprint, lead_editor):
    OrganisationFactory(
        kind=OrganisationKind.NHS_TRUST, ods_code="RR8", name="Leeds Teaching Hospitals NHS Trust"
    )
    OrganisationFactory(
        kind=OrganisationKind.NHS_TRUST,
        ods_code="RGD",
        name="Leeds and York Partnership NHS Foundation Trust",
    )
    client.force_login(lead_editor.user)

    add(client, footprint, "rr8", "provider")
    add(client, footprint, "Leeds and York Partnership NHS Foundation Trust (RGD)", "provider")

    assert sorted(footprint.members.values_list("organisation__ods_code", flat=True)) == sorted(
        [lead_editor.organisation.ods_code, "RR8", "RGD"]
    )


@pytest.mark.django_db
def test_an_unknown_code_gets_an_error_by_the_field_and_keeps_what_was_typed(
    client, footprint, lead_editor
):
    client.force_login(lead_editor.user)

    response = add(client, footprint, "ZZZ99", "provider")

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "No organisation has the ODS code or name ZZZ99." in html
    assert 'value="ZZZ99"' in html
    assert footprint.members.count() == 1


@pytest.mark.django_db
def test_a_taken_ccg_is_refused_on_the_page_naming_its_footprint(client, footprint, lead_editor):
    taken = FootprintFactory(cycle=footprint.cycle, name="West Yorkshire")
    client.force_login(lead_editor.user)

    response = add(client, footprint, taken.lead_ccg.ods_code, "partner_ccg")

    assert "is already in the footprint West Yorkshire" in response.content.decode()
    assert footprint.members.count() == 1


@pytest.mark.django_db
def test_editing_after_submission_is_refused_and_changes_nothing(client, footprint, lead_editor):
    FootprintMemberFactory(footprint=footprint)
    services.submit_footprint(footprint=footprint, submitted_by=None)
    client.force_login(lead_editor.user)

    response = add(client, footprint, OrganisationFactory(kind="nhs_trust").ods_code, "provider")
    edit = client.post(reverse("edit_footprint", args=[footprint.pk]), {"name": "Renamed"})

    assert (response.status_code, edit.status_code) == (403, 403)
    footprint.refresh_from_db()
    assert footprint.name == "Leeds"
    assert footprint.members.count() == 2


@pytest.mark.django_db
def test_submitting_emails_the_lead_and_asks_partner_approvers_to_confirm(
    client, footprint, lead_editor, smtp_server, django_capture_on_commit_callbacks
):
    FootprintMemberFactory(footprint=footprint)
    partner = OrganisationFactory(name="NHS Leeds West CCG")
    services.add_member(
        footprint=footprint, organisation=partner, role="partner_ccg", added_by=None
    )
    partner_approver = MembershipFactory(organisation=partner, role=Role.APPROVER)
    client.force_login(lead_editor.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submit_footprint", args=[footprint.pk]), follow=True)

    assert "Footprint submitted to NHS England." in response.content.decode()
    sent = sorted((m["To"], m["Subject"]) for m in smtp_server.messages)
    assert sent == sorted(
        [
            (
                lead_editor.user.email,
                "Check the footprint Leeds: it has been submitted to NHS England",
            ),
            (
                partner_approver.user.email,
                "Check the footprint Leeds: it has been submitted to NHS England",
            ),
            (partner_approver.user.email, "Confirm your CCG's place in the footprint Leeds"),
        ]
    )


@pytest.mark.django_db
def test_partner_approver_confirms_and_the_lead_sees_it(client, footprint, lead_editor):
    FootprintMemberFactory(footprint=footprint)
    partner = OrganisationFactory(name="NHS Leeds West CCG")
    member = services.add_member(
        footprint=footprint, organisation=partner, role="partner_ccg", added_by=None
    )
    services.submit_footprint(footprint=footprint, submitted_by=None)
    approver = MembershipFactory(organisation=partner, role=Role.APPROVER)
    client.force_login(approver.user)

    client.post(
        reverse("confirm_footprint_membership", args=[footprint.pk, member.pk]),
        {"answer": "confirm"},
    )
    client.force_login(lead_editor.user)
    page = client.get(reverse("footprint_detail", args=[footprint.pk])).content.decode()

    member.refresh_from_db()
    assert member.confirmation == Confirmation.CONFIRMED
    assert "Partner CCG confirmed its place" in page


@pytest.mark.django_db
def test_a_partner_cannot_answer_for_a_ccg_that_is_not_theirs(client, footprint):
    FootprintMemberFactory(footprint=footprint)
    partner = OrganisationFactory()
    other_partner = OrganisationFactory()
    member = services.add_member(
        footprint=footprint, organisation=partner, role="partner_ccg", added_by=None
    )
    services.add_member(
        footprint=footprint, organisation=other_partner, role="partner_ccg", added_by=None
    )
    services.submit_footprint(footprint=footprint, submitted_by=None)
    other_approver = MembershipFactory(organisation=other_partner, role=Role.APPROVER)
    client.force_login(other_approver.user)

    response = client.post(
        reverse("confirm_footprint_membership", args=[footprint.pk, member.pk]),
        {"answer": "confirm"},
    )

    member.refresh_from_db()
    assert response.status_code == 403
    assert member.confirmation == Confirmation.PENDING


@pytest.mark.django_db
def test_declining_without_a_reason_is_explained_by_the_field(client, footprint):
    FootprintMemberFactory(footprint=footprint)
    partner = OrganisationFactory()
    member = services.add_member(
        footprint=footprint, organisation=partner, role="partner_ccg", added_by=None
    )
    services.submit_footprint(footprint=footprint, submitted_by=None)
    client.force_login(MembershipFactory(organisation=partner, role=Role.APPROVER).user)

    response = client.post(
        reverse("confirm_footprint_membership", args=[footprint.pk, member.pk]),
        {"answer": "decline"},
    )

    assert "Say why your CCG is declining its place." in response.content.decode()
    member.refresh_from_db()
    assert member.confirmation == Confirmation.PENDING


@pytest.mark.django_db
def test_regional_reviewer_endorses_and_the_lead_is_emailed(
    client, footprint, lead_editor, smtp_server, django_capture_on_commit_callbacks
):
    FootprintMemberFactory(footprint=footprint)
    services.submit_footprint(footprint=footprint, submitted_by=None)
    reviewer = MembershipFactory(organisation=footprint.lead_ccg.region, role=Role.REVIEWER)
    client.force_login(reviewer.user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("review_footprint", args=[footprint.pk]), {"decision": "endorse"})

    footprint.refresh_from_db()
    assert footprint.state == FootprintState.ENDORSED
    assert [m["Subject"] for m in smtp_server.messages] == [
        "Start your roadmap: NHS England has endorsed the footprint Leeds"
    ]


@pytest.mark.django_db
def test_a_reviewer_of_another_region_cannot_review_but_a_national_one_can(client, footprint):
    FootprintMemberFactory(footprint=footprint)
    services.submit_footprint(footprint=footprint, submitted_by=None)
    south = RegionFactory(ods_code="Y57", name="SOUTH OF ENGLAND COMMISSIONING REGION")
    other_region = MembershipFactory(organisation=south, role=Role.REVIEWER)
    national = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER)

    client.force_login(other_region.user)
    refused = client.post(reverse("review_footprint", args=[footprint.pk]), {"decision": "endorse"})
    client.force_login(national.user)
    returned = client.post(
        reverse("review_footprint", args=[footprint.pk]),
        {"decision": "return", "comments": "Name the local authority."},
    )

    footprint.refresh_from_db()
    assert refused.status_code == 403
    assert returned.status_code == 302
    assert (footprint.state, footprint.return_comments) == ("returned", "Name the local authority.")


@pytest.mark.django_db
def test_someone_from_another_organisation_gets_404_on_the_footprint(client, footprint):
    outsider = MembershipFactory(role=Role.APPROVER)
    client.force_login(outsider.user)

    response = client.get(reverse("footprint_detail", args=[footprint.pk]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_type_ahead_suggests_open_organisations(client, lead_editor):
    OrganisationFactory(kind="nhs_trust", ods_code="RR8", name="Leeds Teaching Hospitals NHS Trust")
    client.force_login(lead_editor.user)

    response = client.get(reverse("organisation_lookup"), {"q": "teaching"})

    assert response.json() == {
        "results": [{"label": "Leeds Teaching Hospitals NHS Trust (RR8)", "kind": "NHS trust"}]
    }


@pytest.mark.django_db
def test_footprint_list_queries_do_not_grow_from_20_to_209_ccgs(client):
    cycle = CycleFactory()
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN)
    client.force_login(admin.user)

    def grow(total):
        while Footprint.objects.count() < total:
            footprint = FootprintFactory(cycle=cycle)
            FootprintMemberFactory(footprint=footprint)

    # As many footprints as there were CCGs in 2015-16, each led by its own CCG.
    assert_queries_do_not_grow(client, reverse("footprint_list"), grow=grow, sizes=(20, 209))
    assert FootprintMember.objects.filter(role="lead_ccg").count() == 209
