from datetime import UTC, datetime

import pytest
from django.urls import reverse

from accounts.enums import EmailState, Role
from accounts.models import AuditEvent, OutboundEmail
from accounts.services.outbox import PRIVATE_LINK_REMOVED
from tests.factories import (
    MembershipFactory,
    NHSEnglandFactory,
    OutboundEmailFactory,
    UserFactory,
)
from tests.query_budget import assert_queries_do_not_grow


def nhse_admin():
    return MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user


def listed_recipients(response):
    return [email.to for email in response.context["page"].object_list]


@pytest.mark.django_db
def test_outbox_lists_emails_newest_first_in_london_time(client):
    client.force_login(nhse_admin())
    OutboundEmailFactory(
        to="older@ccg.example.nhs.uk", created_at=datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    )
    OutboundEmailFactory(
        to="newer@ccg.example.nhs.uk",
        state=EmailState.SENT,
        created_at=datetime(2026, 7, 2, 8, 0, tzinfo=UTC),
        sent_at=datetime(2026, 7, 2, 8, 5, tzinfo=UTC),
    )

    response = client.get(reverse("admin_outbox"))

    assert response.status_code == 200
    assert listed_recipients(response) == ["newer@ccg.example.nhs.uk", "older@ccg.example.nhs.uk"]
    # 08:05 UTC in summer is 09:05 in London.
    assert "2 Jul 2026 09:05" in response.content.decode()


@pytest.mark.django_db
def test_outbox_filters_by_state_template_and_recipient(client):
    client.force_login(nhse_admin())
    OutboundEmailFactory(to="failed@ccg.example.nhs.uk", state=EmailState.FAILED)
    OutboundEmailFactory(to="queued@ccg.example.nhs.uk")
    OutboundEmailFactory(
        to="invited@trust.example.nhs.uk", template="invitation", context={}, subject="Join"
    )
    url = reverse("admin_outbox")

    by_state = client.get(url, {"state": EmailState.FAILED})
    by_template = client.get(url, {"template": "invitation"})
    by_recipient = client.get(url, {"recipient": "TRUST.example"})
    combined = client.get(url, {"state": EmailState.PENDING, "template": "service_check"})

    assert listed_recipients(by_state) == ["failed@ccg.example.nhs.uk"]
    assert listed_recipients(by_template) == ["invited@trust.example.nhs.uk"]
    assert listed_recipients(by_recipient) == ["invited@trust.example.nhs.uk"]
    assert listed_recipients(combined) == ["queued@ccg.example.nhs.uk"]


@pytest.mark.django_db
def test_outbox_pages_by_fifty(client):
    client.force_login(nhse_admin())
    OutboundEmailFactory.create_batch(51)

    first = client.get(reverse("admin_outbox"))
    second = client.get(reverse("admin_outbox"), {"page": 2})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 1


@pytest.mark.django_db
def test_failed_email_shows_its_error_and_a_retry_button(client):
    client.force_login(nhse_admin())
    email = OutboundEmailFactory(
        state=EmailState.FAILED, last_error="SMTP 550: 5.1.1 No such mailbox"
    )

    page = client.get(reverse("admin_outbox")).content.decode()

    assert "SMTP 550: 5.1.1 No such mailbox" in page
    assert reverse("retry_email", args=[email.pk]) in page


@pytest.mark.django_db
def test_outbox_never_shows_an_email_body(client):
    client.force_login(nhse_admin())
    OutboundEmailFactory(body_text="secret-link-abc123", body_html="<p>secret-link-abc123</p>")

    page = client.get(reverse("admin_outbox")).content.decode()

    assert "secret-link-abc123" not in page


@pytest.mark.django_db
def test_sent_email_has_no_retry_button(client):
    client.force_login(nhse_admin())
    email = OutboundEmailFactory(state=EmailState.SENT, sent_at=datetime(2026, 7, 2, tzinfo=UTC))

    page = client.get(reverse("admin_outbox")).content.decode()

    assert reverse("retry_email", args=[email.pk]) not in page


@pytest.mark.django_db
def test_retrying_a_failed_email_queues_and_delivers_it(
    client, smtp_server, django_capture_on_commit_callbacks
):
    admin = nhse_admin()
    client.force_login(admin)
    email = OutboundEmailFactory(
        to="lead@ccg.example.nhs.uk", state=EmailState.FAILED, attempts=5, last_error="SMTP 451"
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("retry_email", args=[email.pk]), follow=True)
    email.refresh_from_db()
    queued_state = email.state
    for callback in callbacks:
        callback()
    email.refresh_from_db()

    assert response.redirect_chain == [(reverse("admin_outbox"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "The email to lead@ccg.example.nhs.uk is queued to be sent again."
    ]
    assert queued_state == EmailState.PENDING
    assert email.state == EmailState.SENT
    assert email.attempts == 1
    [message] = smtp_server.messages
    assert message["To"] == "lead@ccg.example.nhs.uk"
    event = AuditEvent.objects.get(verb="email.retried")
    assert (event.actor, event.target_id) == (admin, str(email.pk))
    assert event.before["state"] == EmailState.FAILED


@pytest.mark.django_db
def test_retrying_an_unknown_email_queues_it(client, django_capture_on_commit_callbacks):
    client.force_login(nhse_admin())
    email = OutboundEmailFactory(state=EmailState.UNKNOWN)

    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("retry_email", args=[email.pk]))

    email.refresh_from_db()
    assert email.state == EmailState.PENDING


@pytest.mark.django_db
def test_retrying_a_sent_email_is_refused_with_a_message(client, smtp_server):
    client.force_login(nhse_admin())
    sent_at = datetime(2026, 7, 2, tzinfo=UTC)
    email = OutboundEmailFactory(state=EmailState.SENT, sent_at=sent_at)

    response = client.post(reverse("retry_email", args=[email.pk]), follow=True)

    email.refresh_from_db()
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Only a failed email, or one whose sending is unknown, can be sent again. This one is sent."
    ]
    assert (email.state, email.sent_at) == (EmailState.SENT, sent_at)
    assert smtp_server.messages == []
    assert not AuditEvent.objects.filter(verb="email.retried").exists()


@pytest.mark.django_db
def test_retrying_a_failed_email_whose_private_link_was_erased_is_refused(client, smtp_server):
    client.force_login(nhse_admin())
    email = OutboundEmailFactory(
        state=EmailState.FAILED, contains_secret=True, body_text=PRIVATE_LINK_REMOVED
    )

    response = client.post(reverse("retry_email", args=[email.pk]), follow=True)

    email.refresh_from_db()
    assert email.state == EmailState.FAILED
    assert "cannot be sent again" in str(list(response.context["messages"])[0])
    assert smtp_server.messages == []


@pytest.mark.django_db
def test_person_who_is_not_an_nhse_admin_cannot_see_the_outbox_or_retry(client):
    reviewer = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user
    email = OutboundEmailFactory(state=EmailState.FAILED)
    client.force_login(reviewer)

    page = client.get(reverse("admin_outbox"))
    retry = client.post(reverse("retry_email", args=[email.pk]))

    email.refresh_from_db()
    assert (page.status_code, retry.status_code) == (403, 403)
    assert "Only NHS England admins can see the outbox." in page.content.decode()
    assert email.state == EmailState.FAILED


@pytest.mark.django_db
def test_signed_out_person_is_sent_to_sign_in(client):
    response = client.get(reverse("my_emails"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign_in"))


@pytest.mark.django_db
def test_person_sees_their_own_emails_and_not_someone_elses(client):
    person = UserFactory(email="me@ccg.example.nhs.uk")
    client.force_login(person)
    OutboundEmailFactory(to="me@ccg.example.nhs.uk", subject="Confirm your place")
    OutboundEmailFactory(
        to="Me@CCG.example.nhs.uk",
        subject="Sign off your roadmap",
        state=EmailState.SENT,
        sent_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
    )
    OutboundEmailFactory(to="someone.else@ccg.example.nhs.uk", subject="Someone else's email")

    response = client.get(reverse("my_emails"))

    page = response.content.decode()
    assert [email.subject for email in response.context["page"].object_list] == [
        "Sign off your roadmap",
        "Confirm your place",
    ]
    assert "Someone else&#x27;s email" not in page
    assert "someone.else@ccg.example.nhs.uk" not in page
    # In winter London time is UTC.
    assert "5 Jan 2026 09:30" in page


@pytest.mark.django_db
def test_home_page_links_to_the_outbox_only_for_nhse_admins(client):
    client.force_login(UserFactory())
    everyone = client.get(reverse("home")).content.decode()
    client.force_login(nhse_admin())
    admin = client.get(reverse("home")).content.decode()

    assert reverse("my_emails") in everyone
    assert reverse("admin_outbox") not in everyone
    assert reverse("admin_outbox") in admin


def add_emails_up_to(*, to=None):
    def grow(total):
        have = OutboundEmail.objects.count()
        OutboundEmail.objects.bulk_create(
            OutboundEmail(
                idempotency_key=f"bulk:{n}",
                to=to or f"bulk{n}@ccg.example.nhs.uk",
                template=["service_check", "invitation"][n % 2],
                subject=f"Bulk email {n}",
                body_text="Hello",
                state=[EmailState.FAILED, EmailState.SENT, EmailState.PENDING][n % 3],
                sent_at=datetime(2026, 7, 2, tzinfo=UTC),
                last_error="SMTP 550",
            )
            for n in range(have, total)
        )

    return grow


@pytest.mark.django_db
def test_outbox_queries_do_not_grow_with_emails(client):
    client.force_login(nhse_admin())

    assert_queries_do_not_grow(
        client, reverse("admin_outbox"), grow=add_emails_up_to(), sizes=(20, 300)
    )


@pytest.mark.django_db
def test_my_emails_queries_do_not_grow_with_emails(client):
    person = UserFactory(email="me@ccg.example.nhs.uk")
    client.force_login(person)

    assert_queries_do_not_grow(
        client,
        reverse("my_emails"),
        grow=add_emails_up_to(to="me@ccg.example.nhs.uk"),
        sizes=(20, 300),
    )
