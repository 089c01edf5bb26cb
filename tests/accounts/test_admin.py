import pytest
from django.urls import reverse

from accounts.enums import Role
from accounts.models import AuditEvent, Membership
from accounts.services.audit import record_event
from tests.factories import MembershipFactory, NHSEnglandFactory, OrganisationFactory


@pytest.fixture
def nhse_admin(db):
    return MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user


@pytest.mark.django_db
def test_nhs_england_admin_uses_the_admin_without_being_staff(client, nhse_admin):
    client.force_login(nhse_admin)

    index = client.get(reverse("admin:index"))
    organisations = client.get(reverse("admin:accounts_organisation_changelist"))

    assert nhse_admin.is_staff is False
    assert index.status_code == 200
    assert organisations.status_code == 200


@pytest.mark.django_db
def test_other_people_are_refused_the_admin_with_a_reason(client):
    approver = MembershipFactory(role=Role.APPROVER)
    client.force_login(approver.user)

    response = client.get(reverse("admin:accounts_organisation_changelist"), follow=True)

    assert response.status_code == 403
    assert "Only NHS England admins can use the admin." in response.content.decode()


@pytest.mark.django_db
def test_signed_out_people_are_sent_to_the_services_sign_in_page(client):
    response = client.get(reverse("admin:accounts_organisation_changelist"), follow=True)

    assert response.redirect_chain[-1][0] == "/sign-in/?next=/admin/accounts/organisation/"


@pytest.mark.django_db
def test_audit_events_are_read_only_in_the_admin(client, nhse_admin):
    event = record_event(actor=nhse_admin, verb="test.done", target=nhse_admin)
    client.force_login(nhse_admin)

    view = client.get(reverse("admin:accounts_auditevent_change", args=[event.pk]))
    delete = client.post(
        reverse("admin:accounts_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )

    assert view.status_code == 200
    assert 'name="_save"' not in view.content.decode()
    assert delete.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_audit_events_cannot_be_changed_or_deleted_in_code(nhse_admin):
    event = record_event(actor=nhse_admin, verb="test.done", target=nhse_admin)

    event.verb = "test.changed"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


@pytest.mark.django_db
def test_adding_a_membership_in_the_admin_goes_through_the_audited_service(client, nhse_admin):
    organisation = OrganisationFactory()
    person = MembershipFactory(role=Role.VIEWER).user
    client.force_login(nhse_admin)

    client.post(
        reverse("admin:accounts_membership_add"),
        {"user": person.pk, "organisation": organisation.pk, "role": "editor"},
    )

    assert Membership.objects.filter(user=person, organisation=organisation, role="editor").exists()
    event = AuditEvent.objects.get(verb="membership.granted")
    assert event.actor == nhse_admin


@pytest.mark.django_db
def test_nhs_england_admin_cannot_set_someone_elses_password_in_the_admin(client, nhse_admin):
    person = MembershipFactory(role=Role.EDITOR).user
    client.force_login(nhse_admin)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[person.pk]),
        {"password1": "a brand new passphrase", "password2": "a brand new passphrase"},
    )

    person.refresh_from_db()
    assert response.status_code == 403
    assert person.check_password("correct horse battery staple")


LAST_ADMIN = (
    "Priya Shah is the only NHS England admin. Make someone else an admin before removing them."
)


def admin_messages(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def only_admin(db):
    return MembershipFactory(
        organisation=NHSEnglandFactory(), role=Role.ADMIN, user__full_name="Priya Shah"
    )


@pytest.mark.django_db
def test_the_django_admin_cannot_delete_the_last_nhs_england_admins_membership(client, only_admin):
    client.force_login(only_admin.user)

    response = client.post(
        reverse("admin:accounts_membership_delete", args=[only_admin.pk]),
        {"post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("admin:accounts_membership_changelist"), 302)]
    assert admin_messages(response) == [LAST_ADMIN]
    assert Membership.objects.filter(pk=only_admin.pk).exists()
    assert not AuditEvent.objects.filter(verb="membership.revoked").exists()


@pytest.mark.django_db
def test_the_django_admins_bulk_delete_removes_nothing_if_one_is_the_last_admin(client, only_admin):
    editor = MembershipFactory(role=Role.EDITOR)
    client.force_login(only_admin.user)

    response = client.post(
        reverse("admin:accounts_membership_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [editor.pk, only_admin.pk],
            "post": "yes",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert admin_messages(response) == [LAST_ADMIN]
    assert set(Membership.objects.values_list("pk", flat=True)) == {editor.pk, only_admin.pk}
    assert not AuditEvent.objects.filter(verb="membership.revoked").exists()


@pytest.mark.django_db
def test_the_django_admin_cannot_delete_an_organisations_last_approver(client, only_admin):
    approver = MembershipFactory(role=Role.APPROVER, user__full_name="Tom Okafor")
    client.force_login(only_admin.user)

    response = client.post(
        reverse("admin:accounts_membership_delete", args=[approver.pk]),
        {"post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert admin_messages(response) == [
        f"Tom Okafor is the only approver of {approver.organisation.name}. Invite another "
        "approver before removing them."
    ]
    assert Membership.objects.filter(pk=approver.pk).exists()


@pytest.mark.django_db
def test_the_django_admin_deletes_a_membership_through_the_audited_service(client, only_admin):
    editor = MembershipFactory(role=Role.EDITOR)
    client.force_login(only_admin.user)

    response = client.post(
        reverse("admin:accounts_membership_delete", args=[editor.pk]), {"post": "yes"}, follow=True
    )

    assert response.status_code == 200
    assert not Membership.objects.filter(pk=editor.pk).exists()
    assert AuditEvent.objects.get(verb="membership.revoked").actor == only_admin.user


@pytest.mark.django_db
def test_the_django_admin_cannot_delete_the_last_nhs_england_admins_account(client, only_admin):
    client.force_login(only_admin.user)

    response = client.post(
        reverse("admin:accounts_user_delete", args=[only_admin.user.pk]),
        {"post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("admin:accounts_user_changelist"), 302)]
    assert admin_messages(response) == [LAST_ADMIN]
    assert Membership.objects.filter(pk=only_admin.pk).exists()


@pytest.mark.django_db
def test_the_django_admin_cannot_deactivate_the_last_nhs_england_admin(client, only_admin):
    user = only_admin.user
    client.force_login(user)

    # The change form as saved with "Active" unticked.
    response = client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined_0": "2016-01-04",
            "date_joined_1": "09:00:00",
        },
    )

    user.refresh_from_db()
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"is_active": [LAST_ADMIN]}
    assert user.is_active
