import pytest
from django.urls import reverse

from accounts.enums import Role
from accounts.models import Organisation
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)
from tests.query_budget import assert_queries_do_not_grow


def add_organisations_up_to(total):
    region = RegionFactory()
    have = Organisation.objects.filter(name__startswith="NHS Bulk").count()
    Organisation.objects.bulk_create(
        Organisation(ods_code=f"B{n:04d}", name=f"NHS Bulk {n:04d} CCG", kind="ccg", region=region)
        for n in range(have, total)
    )


@pytest.mark.django_db
def test_organisation_search_queries_do_not_grow_with_organisations(client):
    client.force_login(UserFactory())

    assert_queries_do_not_grow(
        client,
        reverse("organisation_search"),
        grow=add_organisations_up_to,
        params={"q": "bulk", "page": 2},
    )


def add_members_up_to(organisation):
    def grow(total):
        while organisation.memberships.count() < total:
            MembershipFactory(organisation=organisation, role=Role.EDITOR)
            InvitationFactory(organisation=organisation)

    return grow


@pytest.mark.django_db
def test_organisation_page_queries_do_not_grow_with_members(client):
    approver = MembershipFactory(role=Role.APPROVER)
    client.force_login(approver.user)

    assert_queries_do_not_grow(
        client,
        reverse("organisation_detail", args=[approver.organisation.ods_code]),
        grow=add_members_up_to(approver.organisation),
        sizes=(5, 60),
    )


@pytest.mark.django_db
def test_members_page_queries_do_not_grow_with_members_and_invitations(client):
    approver = MembershipFactory(role=Role.APPROVER)
    client.force_login(approver.user)

    assert_queries_do_not_grow(
        client,
        reverse("organisation_members", args=[approver.organisation.ods_code]),
        grow=add_members_up_to(approver.organisation),
        sizes=(5, 60),
    )


@pytest.mark.django_db
def test_home_page_queries_do_not_grow_with_the_persons_organisations(client):
    person = UserFactory()
    client.force_login(person)

    def grow(total):
        while person.memberships.count() < total:
            MembershipFactory(user=person, organisation=OrganisationFactory(), role=Role.APPROVER)

    assert_queries_do_not_grow(client, reverse("home"), grow=grow, sizes=(2, 30))
