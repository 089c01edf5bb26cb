import re

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import Role
from accounts.models import AuditEvent, Invitation, Membership, User
from tests.factories import InvitationFactory, MembershipFactory, UserFactory

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a long and memorable passphrase"


@pytest.fixture
def approver(db):
    return MembershipFactory(role=Role.APPROVER, organisation__name="NHS Leeds North CCG")


def send_invitation(client, approver, email, role=Role.EDITOR, capture=None):
    client.force_login(approver.user)
    with capture(execute=True):
        return client.post(
            reverse("invite", args=[approver.organisation.ods_code]),
            {"email": email, "role": role},
        )


def accept_link(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://testserver(/invitations/accept/\S+/)", text).group(1)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.mark.django_db
def test_approver_invites_by_email_and_the_email_carries_a_link(
    client, approver, smtp_server, django_capture_on_commit_callbacks
):
    response = send_invitation(
        client,
        approver,
        "New.Colleague@CCG.example.nhs.uk",
        capture=django_capture_on_commit_callbacks,
    )

    assert response.status_code == 302
    [message] = smtp_server.messages
    assert message["To"] == "new.colleague@ccg.example.nhs.uk"
    assert message["Subject"] == (
        "Accept your invitation to join NHS Leeds North CCG on the digital roadmap service"
    )
    assert accept_link(message).startswith("/invitations/accept/")
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role) == ("new.colleague@ccg.example.nhs.uk", "editor")
    assert AuditEvent.objects.filter(verb="invitation.sent").count() == 1


@pytest.mark.django_db
def test_new_person_accepts_sets_a_password_and_becomes_a_member(
    client, approver, smtp_server, django_capture_on_commit_callbacks
):
    send_invitation(
        client, approver, "new@ccg.example.nhs.uk", capture=django_capture_on_commit_callbacks
    )
    client.logout()
    link = accept_link(smtp_server.messages[0])

    landing = client.get(link)
    form_page = client.get(landing["Location"])
    response = client.post(
        reverse("accept_invitation"),
        {"full_name": "Nia Evans", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
        follow=True,
    )

    assert landing["Location"] == reverse("accept_invitation")  # the token leaves the address bar
    assert "Join NHS Leeds North CCG" in form_page.content.decode()
    assert "You have joined NHS Leeds North CCG as editor." in response.content.decode()
    user = User.objects.get(email="new@ccg.example.nhs.uk")
    assert user.check_password(NEW_PASSWORD)
    assert response.context["user"] == user
    assert Membership.objects.filter(
        user=user, organisation=approver.organisation, role="editor"
    ).exists()
    assert set(AuditEvent.objects.values_list("verb", flat=True)) == {
        "invitation.sent",
        "invitation.accepted",
        "membership.granted",
    }


@pytest.mark.django_db
def test_accepting_with_a_short_password_explains_and_keeps_the_name(
    client, approver, smtp_server, django_capture_on_commit_callbacks
):
    send_invitation(
        client, approver, "new@ccg.example.nhs.uk", capture=django_capture_on_commit_callbacks
    )
    client.logout()
    client.get(accept_link(smtp_server.messages[0]))

    response = client.post(
        reverse("accept_invitation"),
        {"full_name": "Nia Evans", "password": "short", "password_again": "short"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "This password is too short. It must contain at least 12 characters." in html
    assert 'value="Nia Evans"' in html
    assert not User.objects.filter(email="new@ccg.example.nhs.uk").exists()


@pytest.mark.django_db
def test_a_used_link_gets_a_clear_page(
    client, approver, smtp_server, django_capture_on_commit_callbacks
):
    send_invitation(
        client, approver, "new@ccg.example.nhs.uk", capture=django_capture_on_commit_callbacks
    )
    client.logout()
    link = accept_link(smtp_server.messages[0])
    client.get(link)
    client.post(
        reverse("accept_invitation"),
        {"full_name": "Nia Evans", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    client.logout()

    response = client.get(link, follow=True)

    assert response.status_code == 410
    assert "This invitation has already been accepted." in response.content.decode()
    assert Membership.objects.filter(user__email="new@ccg.example.nhs.uk").count() == 1


@pytest.mark.django_db
def test_an_expired_link_gets_a_clear_page(client):
    with time_machine.travel("2015-10-01 09:00 +01:00", tick=False):
        invitation = InvitationFactory()
    with time_machine.travel("2015-10-08 09:01 +01:00", tick=False):
        response = client.get(
            reverse("accept_invitation_link", args=[invitation.token]), follow=True
        )

    assert response.status_code == 410
    assert "This invitation expired on 8 October 2015." in response.content.decode()


@pytest.mark.django_db
def test_a_link_still_works_just_before_it_expires(client):
    with time_machine.travel("2015-10-01 09:00 +01:00", tick=False):
        invitation = InvitationFactory()
    with time_machine.travel("2015-10-08 08:59 +01:00", tick=False):
        response = client.get(
            reverse("accept_invitation_link", args=[invitation.token]), follow=True
        )

    assert response.status_code == 200
    assert "Create your account" in response.content.decode()


@pytest.mark.django_db
def test_a_revoked_invitation_stops_working(client, approver):
    invitation = InvitationFactory(organisation=approver.organisation)
    client.force_login(approver.user)

    revoke = client.post(reverse("revoke_invitation", args=[invitation.pk]), follow=True)
    client.logout()
    response = client.get(reverse("accept_invitation_link", args=[invitation.token]), follow=True)

    assert f"The invitation to {invitation.email} was withdrawn." in revoke.content.decode()
    assert response.status_code == 410
    assert "This invitation was withdrawn." in response.content.decode()
    assert AuditEvent.objects.filter(verb="invitation.revoked").count() == 1


@pytest.mark.django_db
def test_a_made_up_link_gets_a_clear_page_not_an_error(client):
    response = client.get(reverse("accept_invitation_link", args=["not-a-real-token"]), follow=True)

    assert response.status_code == 404
    assert "This invitation link does not work." in response.content.decode()


@pytest.mark.django_db
def test_accept_page_without_a_link_gets_a_clear_page(client):
    response = client.post(reverse("accept_invitation"), {"full_name": "X"})

    assert response.status_code == 404
    assert "This invitation link does not work." in response.content.decode()


@pytest.mark.django_db
def test_existing_person_signs_in_and_just_joins(client):
    person = UserFactory(email="existing@trust.example.nhs.uk")
    invitation = InvitationFactory(email="existing@trust.example.nhs.uk", role=Role.VIEWER)
    client.get(reverse("accept_invitation_link", args=[invitation.token]))

    asked = client.get(reverse("accept_invitation"))
    client.force_login(person)  # signing in keeps the session's invitation
    joined = client.post(reverse("accept_invitation"), follow=True)

    assert "Sign in to accept your invitation" in asked.content.decode()
    assert "You have joined" in joined.content.decode()
    assert person.memberships.get().role == "viewer"
    assert User.objects.filter(email="existing@trust.example.nhs.uk").count() == 1


@pytest.mark.django_db
def test_someone_signed_in_as_another_person_cannot_accept(client):
    invitation = InvitationFactory(email="intended@ccg.example.nhs.uk")
    other = UserFactory(email="other@ccg.example.nhs.uk")
    client.force_login(other)
    client.get(reverse("accept_invitation_link", args=[invitation.token]))

    response = client.post(reverse("accept_invitation"))

    assert response.status_code == 403
    assert "This invitation is for intended@ccg.example.nhs.uk" in response.content.decode()
    assert not other.memberships.exists()


@pytest.mark.django_db
def test_an_account_with_the_invited_address_cannot_be_taken_over_by_the_link(client):
    UserFactory(email="existing@ccg.example.nhs.uk")
    invitation = InvitationFactory(email="existing@ccg.example.nhs.uk")
    client.get(reverse("accept_invitation_link", args=[invitation.token]))

    response = client.post(
        reverse("accept_invitation"),
        {"full_name": "Impostor", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )

    assert "Sign in to accept your invitation" in response.content.decode()
    assert not User.objects.get(email="existing@ccg.example.nhs.uk").check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_inviting_again_replaces_the_open_invitation(
    client, approver, smtp_server, django_capture_on_commit_callbacks
):
    send_invitation(
        client, approver, "new@ccg.example.nhs.uk", capture=django_capture_on_commit_callbacks
    )
    send_invitation(
        client, approver, "new@ccg.example.nhs.uk", capture=django_capture_on_commit_callbacks
    )
    client.logout()
    first, second = (accept_link(message) for message in smtp_server.messages)

    old = client.get(first, follow=True)
    new = client.get(second, follow=True)

    assert old.status_code == 410
    assert new.status_code == 200


@pytest.mark.django_db
def test_inviting_someone_who_already_has_the_role_is_refused_by_the_field(client, approver):
    MembershipFactory(
        organisation=approver.organisation,
        user__email="member@ccg.example.nhs.uk",
        role=Role.EDITOR,
    )
    client.force_login(approver.user)

    response = client.post(
        reverse("invite", args=[approver.organisation.ods_code]),
        {"email": "member@ccg.example.nhs.uk", "role": "editor"},
    )

    assert response.status_code == 200
    assert "member@ccg.example.nhs.uk is already an editor of" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_an_approver_cannot_invite_with_an_nhs_england_role(client, approver):
    client.force_login(approver.user)

    response = client.post(
        reverse("invite", args=[approver.organisation.ods_code]),
        {"email": "x@ccg.example.nhs.uk", "role": "admin"},
    )

    assert response.status_code == 200
    assert "Choose one of the roles listed" in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_an_editor_cannot_invite_and_is_told_why(client):
    editor = MembershipFactory(role=Role.EDITOR)
    client.force_login(editor.user)

    response = client.get(reverse("invite", args=[editor.organisation.ods_code]))

    assert response.status_code == 403
    assert "Only approvers of" in response.content.decode()


@pytest.mark.django_db
def test_another_organisations_approver_gets_404_on_invite_and_revoke(client, approver):
    outsider = MembershipFactory(role=Role.APPROVER)
    invitation = InvitationFactory(organisation=approver.organisation)
    client.force_login(outsider.user)

    invite_page = client.get(reverse("invite", args=[approver.organisation.ods_code]))
    revoke = client.post(reverse("revoke_invitation", args=[invitation.pk]))

    assert (invite_page.status_code, revoke.status_code) == (404, 404)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None
