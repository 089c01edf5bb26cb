import pytest
from django.urls import reverse

from accounts.enums import Role
from tests.factories import MembershipFactory, NHSEnglandFactory, UserFactory


@pytest.mark.django_db
def test_signed_out_home_explains_the_service_and_offers_sign_in(client):
    html = client.get(reverse("home")).content.decode()

    assert "Local Digital Roadmaps" in html
    assert f'href="{reverse("sign_in")}"' in html


@pytest.mark.django_db
def test_home_lists_the_persons_organisations_roles_and_next_steps(client):
    approver = MembershipFactory(
        role=Role.APPROVER,
        user__full_name="Tom Okafor",
        organisation__name="NHS Leeds North CCG",
        organisation__ods_code="02V",
    )
    MembershipFactory(user=approver.user, organisation=approver.organisation, role=Role.EDITOR)
    client.force_login(approver.user)

    html = client.get(reverse("home")).content.decode()

    assert "Hello, Tom" in html
    assert "NHS Leeds North CCG" in html
    assert "Your roles: Approver, Editor" in html
    assert "Manage who belongs to NHS Leeds North CCG" in html
    assert "Manage the service (admin)" not in html


@pytest.mark.django_db
def test_home_tells_someone_without_an_organisation_how_to_get_one(client):
    client.force_login(UserFactory())

    html = client.get(reverse("home")).content.decode()

    assert "You do not belong to any organisation yet." in html


@pytest.mark.django_db
def test_home_offers_nhs_england_admins_the_admin(client):
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN)
    client.force_login(admin.user)

    html = client.get(reverse("home")).content.decode()

    assert "Manage the service (admin)" in html


@pytest.mark.django_db
def test_home_links_nhs_england_admins_to_extensions_and_stage_dates(client):
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN)
    reviewer = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER)
    links = [
        f'<a href="{reverse("deadline_extensions")}">Grant and see deadline extensions</a>',
        f'<a href="{reverse("cycle_stages")}">Move or open a stage</a>',
    ]

    client.force_login(admin.user)
    for_admin = client.get(reverse("home")).content.decode()
    client.force_login(reviewer.user)
    for_reviewer = client.get(reverse("home")).content.decode()

    assert [link in for_admin for link in links] == [True, True]
    assert [link in for_reviewer for link in links] == [False, False]
