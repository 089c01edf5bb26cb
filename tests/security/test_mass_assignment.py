"""Extra form fields change nothing (quality goal S1 test C; ASVS 15.3.3, 8.2.3).

Every form is posted with fields it does not have, naming rows a person should not be able
to reach: another organisation, a stronger role, the staff flags, someone else's account.
Each test then checks, row by row, that only what the form is for has changed.
"""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.enums import Role
from accounts.models import Invitation, Membership, OutboundEmail, User
from tests.factories import InvitationFactory, UserFactory
from tests.security.conftest import PASSWORD, client_for
from tests.security.database import Change, changes, described, snapshot

NEW_PASSWORD = "a long and memorable passphrase"


def hostile(world, *, real=()):
    """Fields no form of ours has, naming B, a stronger role, the staff flags, B's approver.

    ``real`` names the form's own fields, which the test fills in honestly instead.
    """
    intruder = world.b_approver.user
    fields = {
        "organisation": world.b.pk,
        "organisation_id": world.b.pk,
        "role": Role.ADMIN,
        "state": "accepted",
        "is_staff": "on",
        "is_superuser": "on",
        "is_active": "on",
        "invited_by": intruder.pk,
        "accepted_by": intruder.pk,
        "email": intruder.email,
        "id": 999,
        "pk": 999,
        "user": intruder.pk,
        "version": 99,
        "expires_at": "2099-01-01 00:00",
    }
    return {name: value for name, value in fields.items() if name not in real}


def kinds(found):
    """What changed, without the row ids: [(model, kind, columns)]."""
    return sorted((change.model, change.kind, change.columns) for change in found)


@pytest.mark.django_db
def test_an_invitation_takes_its_organisation_from_the_address_never_the_form(world):
    approver = world.a_approver.user
    client = client_for(approver)
    before = snapshot()

    response = client.post(
        reverse("invite", args=[world.a.ods_code]),
        {"email": "new.colleague@example.org", "role": Role.VIEWER}
        | hostile(world, real=("email", "role")),
    )

    found = changes(before, snapshot())
    assert response.status_code == 302
    assert kinds(found) == [
        ("accounts.AuditEvent", "added", ()),
        ("accounts.Invitation", "added", ()),
        ("accounts.OutboundEmail", "added", ()),
    ], described(found)
    invitation = Invitation.objects.get(email="new.colleague@example.org")
    assert (invitation.organisation, invitation.role, invitation.invited_by) == (
        world.a,
        Role.VIEWER,
        approver,
    )
    assert (invitation.accepted_at, invitation.accepted_by, invitation.revoked_at) == (
        None,
        None,
        None,
    )
    assert invitation.expires_at.year != 2099


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.ADMIN, Role.REVIEWER, "owner"])
def test_an_approver_cannot_invite_with_a_role_they_cannot_give(world, role):
    client = client_for(world.a_approver.user)
    before = snapshot()

    response = client.post(
        reverse("invite", args=[world.a.ods_code]),
        {"email": "new.colleague@example.org", "role": role}
        | hostile(world, real=("email", "role")),
    )

    assert response.status_code == 200
    assert "Choose one of the roles listed" in response.content.decode()
    assert not changes(before, snapshot()), described(changes(before, snapshot()))


@pytest.mark.django_db
def test_accepting_as_a_new_person_creates_exactly_the_invited_role_and_no_staff(world):
    invitation = world.a_invitation
    client = client_for(None)
    before = snapshot()

    client.get(reverse("accept_invitation_link", args=[invitation.token]))
    response = client.post(
        reverse("accept_invitation"),
        {"full_name": "Nina Newcomer", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
        | hostile(world),
    )

    found = changes(before, snapshot())
    assert response.status_code == 302
    assert kinds(found) == [
        ("accounts.AuditEvent", "added", ()),
        ("accounts.AuditEvent", "added", ()),
        ("accounts.Invitation", "changed", ("accepted_at", "accepted_by_id")),
        ("accounts.Membership", "added", ()),
        ("accounts.User", "added", ()),
    ], described(found)
    newcomer = User.objects.get(full_name="Nina Newcomer")
    assert (newcomer.email, newcomer.is_staff, newcomer.is_superuser, newcomer.is_active) == (
        invitation.email,
        False,
        False,
        True,
    )
    assert list(newcomer.memberships.values_list("organisation", "role")) == [
        (world.a.pk, Role.EDITOR)
    ]
    assert not User.objects.get(pk=world.b_approver.user.pk).check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_accepting_when_signed_in_grants_the_invitations_role_to_the_person_signed_in(world):
    invitee = UserFactory(email="existing.invitee@example.org")
    invitation = InvitationFactory(
        organisation=world.a,
        role=Role.VIEWER,
        email=invitee.email,
        invited_by=world.a_approver.user,
    )
    client = client_for(invitee)
    before = snapshot()

    client.get(reverse("accept_invitation_link", args=[invitation.token]))
    response = client.post(reverse("accept_invitation"), hostile(world))

    found = changes(before, snapshot())
    assert response.status_code == 302
    assert kinds(found) == [
        ("accounts.AuditEvent", "added", ()),
        ("accounts.AuditEvent", "added", ()),
        ("accounts.Invitation", "changed", ("accepted_at", "accepted_by_id")),
        ("accounts.Membership", "added", ()),
    ], described(found)
    assert list(Membership.objects.filter(user=invitee).values_list("organisation", "role")) == [
        (world.a.pk, Role.VIEWER)
    ]
    assert not Membership.objects.filter(user=world.b_approver.user, organisation=world.a).exists()


@pytest.mark.django_db
def test_signing_in_signs_in_the_person_named_and_changes_nothing_else(world):
    editor = world.a_editor.user
    client = client_for(None)
    before = snapshot()

    response = client.post(
        reverse("sign_in"),
        {"username": editor.email, "password": PASSWORD} | hostile(world),
    )

    found = changes(before, snapshot())
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == editor.pk
    # A successful sign-in clears the address's failed attempts (the world holds one).
    assert kinds(found) == [
        ("accounts.FailedSignIn", "removed", ()),
        ("accounts.User", "changed", ("last_login",)),
    ], described(found)
    assert {change.pk for change in found if change.model == "accounts.User"} == {editor.pk}


@pytest.mark.django_db
def test_a_reset_request_emails_only_the_address_typed(world):
    editor = world.a_editor.user
    client = client_for(None)
    before = snapshot()

    response = client.post(
        reverse("password_reset"), {"email": editor.email} | hostile(world, real=("email",))
    )

    found = changes(before, snapshot())
    assert response.status_code == 302
    assert kinds(found) == [("accounts.OutboundEmail", "added", ())], described(found)
    [added] = found
    assert OutboundEmail.objects.get(pk=added.pk).to == editor.email


@pytest.mark.django_db
def test_a_reset_link_changes_only_its_own_accounts_password(world):
    editor = world.a_editor.user
    client = client_for(None)
    link = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(editor.pk)),
            "token": default_token_generator.make_token(editor),
        },
    )
    form_page = client.get(link)
    before = snapshot()

    response = client.post(
        form_page["Location"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD} | hostile(world),
    )

    found = changes(before, snapshot())
    assert response.status_code == 302
    # Resetting clears the address's failed sign-ins (the world holds one).
    assert kinds(found) == [
        ("accounts.FailedSignIn", "removed", ()),
        ("accounts.User", "changed", ("password",)),
    ], described(found)
    editor.refresh_from_db()
    assert editor.check_password(NEW_PASSWORD)
    assert (editor.email, editor.is_staff, editor.is_superuser) == (
        world.a_editor.user.email,
        False,
        False,
    )


@pytest.mark.django_db
def test_a_password_change_changes_only_the_password_of_the_person_signed_in(world):
    editor = world.a_editor.user
    client = client_for(editor)
    before = snapshot()

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
        | hostile(world),
    )

    found = changes(before, snapshot())
    assert response.status_code == 302
    assert found == [Change("accounts.User", "changed", editor.pk, ("password",))], described(found)
    editor.refresh_from_db()
    assert (editor.email, editor.is_staff, editor.is_superuser) == (
        world.a_editor.user.email,
        False,
        False,
    )
    assert User.objects.get(pk=world.b_approver.user.pk).check_password(PASSWORD)


@pytest.mark.django_db
def test_organisation_search_ignores_parameters_it_does_not_know(world):
    client = client_for(world.b_approver.user)
    before = snapshot()

    response = client.get(reverse("organisation_search"), {"q": "alpha"} | hostile(world))

    assert response.status_code == 200
    assert [organisation.name for organisation in response.context["page"].object_list] == [
        "NHS ALPHA CCG"
    ]
    assert not changes(before, snapshot()), described(changes(before, snapshot()))


@pytest.mark.django_db
def test_revoking_an_invitation_revokes_the_one_in_the_address(world):
    other = InvitationFactory(organisation=world.a, invited_by=world.a_approver.user)
    outside = InvitationFactory(organisation=world.b, invited_by=world.b_approver.user)
    client = client_for(world.a_approver.user)
    before = snapshot()

    response = client.post(
        reverse("revoke_invitation", args=[world.a_invitation.pk]),
        hostile(world) | {"pk": other.pk, "id": outside.pk, "invitation": other.pk},
    )

    found = changes(before, snapshot())
    assert response.status_code == 302
    assert [(change.model, change.pk, change.kind) for change in found] == [
        ("accounts.AuditEvent", found[0].pk, "added"),
        ("accounts.Invitation", world.a_invitation.pk, "changed"),
    ], described(found)


@pytest.mark.django_db
def test_revoking_a_membership_revokes_the_one_in_the_address(world):
    client = client_for(world.a_approver.user)
    before = snapshot()

    response = client.post(
        reverse("revoke_membership", args=[world.a_editor.pk]),
        hostile(world) | {"pk": world.a_viewer.pk, "id": world.b_approver.pk},
    )

    found = changes(before, snapshot())
    assert response.status_code == 302
    assert [(change.model, change.pk, change.kind) for change in found] == [
        ("accounts.AuditEvent", found[0].pk, "added"),
        ("accounts.Membership", world.a_editor.pk, "removed"),
    ], described(found)
