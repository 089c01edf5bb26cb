from datetime import date

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from accounts.models import AuditEvent, Membership
from tests.factories import (
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)


@pytest.fixture
def signed_in(client, db):
    client.force_login(UserFactory())
    return client


def names_on(response):
    return [organisation.name for organisation in response.context["page"].object_list]


@pytest.mark.django_db
def test_search_finds_by_name_fragment_and_by_ods_code(signed_in):
    OrganisationFactory(name="NHS Leeds North CCG", ods_code="02V")
    OrganisationFactory(name="NHS Leeds West CCG", ods_code="03C")
    OrganisationFactory(name="NHS Darlington CCG", ods_code="00C")

    by_name = signed_in.get(reverse("organisation_search"), {"q": "leeds"})
    by_code = signed_in.get(reverse("organisation_search"), {"q": "00c"})

    assert names_on(by_name) == ["NHS Leeds North CCG", "NHS Leeds West CCG"]
    assert names_on(by_code) == ["NHS Darlington CCG"]
    assert "2 organisations" in by_name.content.decode()


@pytest.mark.django_db
def test_search_filters_by_kind_and_region(signed_in):
    south = RegionFactory(ods_code="Y57", name="SOUTH OF ENGLAND COMMISSIONING REGION")
    OrganisationFactory(name="Northern CCG")
    OrganisationFactory(name="Southern CCG", region=south)
    OrganisationFactory(name="Southern Trust", region=south, kind=OrganisationKind.NHS_TRUST)

    response = signed_in.get(reverse("organisation_search"), {"kind": "ccg", "region": "Y57"})

    assert names_on(response) == ["Southern CCG"]


@pytest.mark.django_db
def test_search_pages_through_results_keeping_the_filters(signed_in):
    for number in range(30):
        OrganisationFactory(name=f"NHS Test {number:02d} CCG")

    first = signed_in.get(reverse("organisation_search"), {"q": "test"})
    second = signed_in.get(reverse("organisation_search"), {"q": "test", "page": 2})

    assert len(names_on(first)) == 25
    assert names_on(second) == [f"NHS Test {number} CCG" for number in range(25, 30)]
    assert 'href="?q=test&amp;page=2"' in first.content.decode()


@pytest.mark.django_db
def test_search_ignores_a_nonsense_page_or_filter(signed_in):
    OrganisationFactory(name="NHS Leeds North CCG")

    response = signed_in.get(
        reverse("organisation_search"), {"page": "banana", "kind": "spaceship"}
    )

    assert response.status_code == 200
    assert "Choose a kind of organisation from the list" in response.content.decode()


@pytest.mark.django_db
def test_search_needs_sign_in(client):
    response = client.get(reverse("organisation_search"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign_in"))


@pytest.mark.django_db
def test_organisation_page_shows_its_details(signed_in):
    organisation = OrganisationFactory(
        name="Leeds Teaching Hospitals NHS Trust",
        ods_code="RR8",
        kind=OrganisationKind.NHS_TRUST,
        trust_type="acute",
        open_date=date(1998, 4, 1),
    )

    html = signed_in.get(reverse("organisation_detail", args=["rr8"])).content.decode()

    assert '<h1 class="mb-4">Leeds Teaching Hospitals NHS Trust</h1>' in html
    assert "NHS trust (acute)" in html
    assert "1 April 1998" in html
    assert organisation.region.name in html
    assert "Members" not in html


@pytest.mark.django_db
def test_unknown_ods_code_is_404(signed_in):
    assert signed_in.get(reverse("organisation_detail", args=["ZZZ"])).status_code == 404


@pytest.mark.django_db
def test_approver_sees_members_and_open_invitations(client):
    approver = MembershipFactory(role=Role.APPROVER, user__full_name="Tom Okafor")
    MembershipFactory(
        organisation=approver.organisation, user__full_name="Priya Shah", role=Role.EDITOR
    )
    client.force_login(approver.user)

    response = client.get(reverse("organisation_members", args=[approver.organisation.ods_code]))

    html = response.content.decode()
    assert response.status_code == 200
    assert [m.user.full_name for m in response.context["memberships"]] == [
        "Priya Shah",
        "Tom Okafor",
    ]
    assert "Invite someone" in html


@pytest.mark.django_db
def test_someone_from_another_organisation_gets_404_on_the_members_page(client):
    theirs = MembershipFactory(role=Role.APPROVER)
    outsider = MembershipFactory(role=Role.APPROVER)
    client.force_login(outsider.user)

    response = client.get(reverse("organisation_members", args=[theirs.organisation.ods_code]))

    assert response.status_code == 404


@pytest.mark.django_db
def test_an_editor_of_the_organisation_is_told_why_they_cannot_see_members(client):
    editor = MembershipFactory(role=Role.EDITOR)
    client.force_login(editor.user)

    response = client.get(reverse("organisation_members", args=[editor.organisation.ods_code]))

    assert response.status_code == 403
    assert "Only approvers of" in response.content.decode()


@pytest.mark.django_db
def test_nhs_england_admin_sees_any_organisations_members(client):
    member = MembershipFactory(role=Role.EDITOR)
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN)
    client.force_login(admin.user)

    response = client.get(reverse("organisation_members", args=[member.organisation.ods_code]))

    assert response.status_code == 200
    assert member.user.email in response.content.decode()


@pytest.mark.django_db
def test_approver_removes_a_member_and_it_is_audited(client):
    approver = MembershipFactory(role=Role.APPROVER)
    editor = MembershipFactory(organisation=approver.organisation, role=Role.EDITOR)
    client.force_login(approver.user)

    response = client.post(reverse("revoke_membership", args=[editor.pk]), follow=True)

    assert "no longer has the editor role" in response.content.decode()
    assert not Membership.objects.filter(pk=editor.pk).exists()
    event = AuditEvent.objects.get(verb="membership.revoked")
    assert (event.actor, event.organisation) == (approver.user, approver.organisation)
    assert event.before["person"] == editor.user.email


@pytest.mark.django_db
def test_the_last_approver_cannot_be_removed(client):
    approver = MembershipFactory(role=Role.APPROVER)
    client.force_login(approver.user)

    response = client.post(reverse("revoke_membership", args=[approver.pk]), follow=True)

    assert "is the only approver of" in response.content.decode()
    assert Membership.objects.filter(pk=approver.pk).exists()


@pytest.mark.django_db
def test_an_outsider_cannot_remove_a_member(client):
    editor = MembershipFactory(role=Role.EDITOR)
    outsider = MembershipFactory(role=Role.APPROVER)
    client.force_login(outsider.user)

    response = client.post(reverse("revoke_membership", args=[editor.pk]))

    assert response.status_code == 404
    assert Membership.objects.filter(pk=editor.pk).exists()


@pytest.mark.django_db
def test_removing_needs_post(client):
    approver = MembershipFactory(role=Role.APPROVER)
    editor = MembershipFactory(organisation=approver.organisation, role=Role.EDITOR)
    client.force_login(approver.user)

    response = client.get(reverse("revoke_membership", args=[editor.pk]))

    assert response.status_code == 405
    assert Membership.objects.filter(pk=editor.pk).exists()


@pytest.mark.django_db
def test_organisation_page_lists_members_to_its_approvers_only(client):
    approver = MembershipFactory(role=Role.APPROVER, user__full_name="Tom Okafor")
    editor = MembershipFactory(
        organisation=approver.organisation, user__full_name="Priya Shah", role=Role.EDITOR
    )
    page = reverse("organisation_detail", args=[approver.organisation.ods_code])

    client.force_login(approver.user)
    as_approver = client.get(page).content.decode()
    client.force_login(editor.user)
    as_editor = client.get(page).content.decode()

    assert f"Priya Shah ({editor.user.email}) – Editor" in as_approver
    assert f"({editor.user.email}) – Editor" not in as_editor


@pytest.mark.django_db
def test_the_only_nhs_england_admin_cannot_remove_their_own_admin_role(client):
    admin = MembershipFactory(
        organisation=NHSEnglandFactory(), role=Role.ADMIN, user__full_name="Priya Shah"
    )
    client.force_login(admin.user)

    response = client.post(reverse("revoke_membership", args=[admin.pk]), follow=True)

    assert response.redirect_chain == [(reverse("organisation_members", args=["X24"]), 302)]
    assert (
        "Priya Shah is the only NHS England admin. Make someone else an admin before removing them."
    ) in response.content.decode()
    assert Membership.objects.filter(pk=admin.pk).exists()
    assert not AuditEvent.objects.filter(verb="membership.revoked").exists()


@pytest.mark.django_db
def test_an_inactive_admin_does_not_count_as_another_admin(client):
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN)
    MembershipFactory(organisation=admin.organisation, role=Role.ADMIN, user__is_active=False)
    client.force_login(admin.user)

    client.post(reverse("revoke_membership", args=[admin.pk]))

    assert Membership.objects.filter(pk=admin.pk).exists()


@pytest.mark.django_db
def test_an_nhs_england_admin_can_remove_their_role_while_another_admin_remains(client):
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN)
    MembershipFactory(organisation=admin.organisation, role=Role.ADMIN)
    client.force_login(admin.user)

    response = client.post(reverse("revoke_membership", args=[admin.pk]), follow=True)

    assert "no longer has the admin role in NHS ENGLAND." in response.content.decode()
    assert not Membership.objects.filter(pk=admin.pk).exists()
