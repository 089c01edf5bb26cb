import re

import pytest
import time_machine
from django.urls import reverse

from accounts.models import OutboundEmail
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new kettle for the office"
LOCKED_OUT = (
    "There have been too many failed attempts to sign in to this account. "
    "Wait 5 minutes and try again, or reset your password."
)
# 64 characters: spaces, accents, a non-Latin script and an emoji, with a leading space.
PASSPHRASE = " Crème brûlée at the Öresund café — naïve façade, 東京 and 🚑 ok!!!"


def error_summary(response):
    """The messages in the page's error summary, in order."""
    summary = re.search(r'<div class="error-summary".*?</ul>', response.content.decode(), re.S)
    if summary is None:
        return []
    return [text.strip() for text in re.findall(r"<li>(?:<a [^>]*>)?([^<]+)", summary.group())]


def h1(response):
    return re.search(r"<h1[^>]*>([^<]+)</h1>", response.content.decode()).group(1)


def sign_in(client, email, password):
    return client.post(reverse("sign_in"), {"username": email, "password": password})


def request_reset(client, email, capture):
    with capture(execute=True):
        return client.post(reverse("password_reset"), {"email": email}, follow=True)


def reset_link(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https://roadmaps\.example\.nhs\.uk(/password-reset/\S+/)", text).group(1)


def choose_new_password(client, link, password):
    """Open the emailed link and save ``password`` on the page it leads to."""
    form_page = client.get(link, follow=True)
    form_url = form_page.redirect_chain[-1][0]
    return client.post(
        form_url, {"new_password1": password, "new_password2": password}, follow=True
    )


def change_password(client, new_password, current=PASSWORD, confirm=None):
    return client.post(
        reverse("password_change"),
        {
            "old_password": current,
            "new_password1": new_password,
            "new_password2": new_password if confirm is None else confirm,
        },
        follow=True,
    )


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://roadmaps.example.nhs.uk"


@pytest.mark.django_db
def test_reset_email_arrives_with_an_action_first_subject_and_a_link(
    client, smtp_server, django_capture_on_commit_callbacks, site_url
):
    UserFactory(email="asha.patel@ccg.example.nhs.uk", full_name="Asha Patel")

    response = request_reset(
        client, "Asha.Patel@CCG.example.nhs.uk", django_capture_on_commit_callbacks
    )

    assert response.redirect_chain == [(reverse("password_reset_done"), 302)]
    assert h1(response) == "Check your email"
    [message] = smtp_server.messages
    assert message["To"] == "asha.patel@ccg.example.nhs.uk"
    assert message["Subject"] == "Reset your password for the digital roadmap service"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    link = reset_link(message)
    assert text.splitlines()[0] == "Hello Asha Patel,"
    assert "The link works for 1 hour and only once." in text
    assert f'href="https://roadmaps.example.nhs.uk{link}"' in html


@pytest.mark.django_db
def test_reset_link_sets_a_new_password_that_signs_in_and_the_old_one_stops_working(
    client, smtp_server, django_capture_on_commit_callbacks, site_url
):
    user = UserFactory()
    request_reset(client, user.email, django_capture_on_commit_callbacks)
    [message] = smtp_server.messages

    saved = choose_new_password(client, reset_link(message), NEW_PASSWORD)

    assert saved.redirect_chain[-1] == (reverse("password_reset_complete"), 302)
    assert h1(saved) == "Your password has been changed"
    assert sign_in(client, user.email, PASSWORD).status_code == 200
    assert sign_in(client, user.email, NEW_PASSWORD)["Location"] == reverse("home")


@pytest.mark.django_db
def test_reset_link_moves_its_token_off_the_address_bar(
    client, smtp_server, django_capture_on_commit_callbacks, site_url
):
    user = UserFactory()
    request_reset(client, user.email, django_capture_on_commit_callbacks)
    link = reset_link(smtp_server.messages[0])

    response = client.get(link, follow=True)

    [(form_url, _status)] = response.redirect_chain
    html = response.content.decode()
    assert form_url.endswith("/set-password/")
    assert h1(response) == "Choose a new password"
    assert "Use at least 12 characters." in html
    assert re.search(r'<input type="submit"[^>]*value="Save new password"', html)


@pytest.mark.django_db
def test_a_used_reset_link_shows_the_link_no_longer_works_page(
    client, smtp_server, django_capture_on_commit_callbacks, site_url
):
    user = UserFactory()
    request_reset(client, user.email, django_capture_on_commit_callbacks)
    link = reset_link(smtp_server.messages[0])
    choose_new_password(client, link, NEW_PASSWORD)

    response = client.get(link)

    assert response.status_code == 200
    assert h1(response) == "This link no longer works"
    assert f'href="{reverse("password_reset")}"' in response.content.decode()


@pytest.mark.django_db
def test_a_reset_link_older_than_an_hour_no_longer_works(
    client, smtp_server, django_capture_on_commit_callbacks, site_url
):
    user = UserFactory()
    with time_machine.travel("2016-01-15 09:00 +00:00", tick=False):
        request_reset(client, user.email, django_capture_on_commit_callbacks)
    link = reset_link(smtp_server.messages[0])

    with time_machine.travel("2016-01-15 10:00:01 +00:00", tick=False):
        response = client.get(link)

    assert h1(response) == "This link no longer works"
    assert "Each link works for 1 hour and only once." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/password-reset/MQ/not-a-token/", "/password-reset/!!/x/", "/password-reset/OTk5OTk/x-y/"],
)
def test_a_broken_reset_link_shows_the_link_no_longer_works_page(client, path):
    UserFactory()

    response = client.get(path)

    assert response.status_code == 200
    assert h1(response) == "This link no longer works"


@pytest.mark.django_db
def test_an_unknown_email_gets_the_same_page_as_a_known_one_and_no_email(
    client, smtp_server, django_capture_on_commit_callbacks
):
    UserFactory(email="known@ccg.example.nhs.uk")

    unknown = request_reset(client, "nobody@ccg.example.nhs.uk", django_capture_on_commit_callbacks)
    sent_for_unknown = list(smtp_server.messages)
    known = request_reset(client, "known@ccg.example.nhs.uk", django_capture_on_commit_callbacks)

    assert unknown.redirect_chain == known.redirect_chain
    assert unknown.content == known.content
    assert sent_for_unknown == []
    assert [message["To"] for message in smtp_server.messages] == ["known@ccg.example.nhs.uk"]
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == ["known@ccg.example.nhs.uk"]


@pytest.mark.django_db
def test_reset_page_asks_for_the_email_address_with_a_labelled_field(client):
    response = client.get(reverse("password_reset"))

    html = response.content.decode()
    assert "<title>Reset your password – Digital roadmap service – NHS England</title>" in html
    assert re.search(r'<label\s+for="id_email"[^>]*>\s*Email address', html)
    assert re.search(r'<input type="email" name="email"[^>]*autocomplete="email"', html)
    assert re.search(r'<input type="submit"[^>]*value="Send reset link"', html)


@pytest.mark.django_db
def test_reset_form_asks_for_a_valid_email_address(client):
    response = client.post(reverse("password_reset"), {"email": "not an address"})

    assert error_summary(response) == [
        "Enter an email address in the correct format, like name@example.com"
    ]


@pytest.mark.django_db
def test_resetting_the_password_lifts_a_lockout(
    client, smtp_server, django_capture_on_commit_callbacks, site_url
):
    user = UserFactory()
    for _attempt in range(10):
        sign_in(client, user.email, "not the password at all")
    assert error_summary(sign_in(client, user.email, PASSWORD)) == [LOCKED_OUT]
    request_reset(client, user.email, django_capture_on_commit_callbacks)

    choose_new_password(client, reset_link(smtp_server.messages[0]), NEW_PASSWORD)

    assert sign_in(client, user.email, NEW_PASSWORD)["Location"] == reverse("home")


@pytest.mark.django_db
def test_changing_the_password_keeps_you_signed_in_and_the_new_one_works(client):
    user = UserFactory()
    client.force_login(user)

    response = change_password(client, NEW_PASSWORD)

    assert response.redirect_chain == [(reverse("password_change_done"), 302)]
    assert h1(response) == "Your password has been changed"
    assert "Signed in as" in response.content.decode()
    client.post(reverse("sign_out"))
    assert sign_in(client, user.email, NEW_PASSWORD)["Location"] == reverse("home")


@pytest.mark.django_db
def test_changing_the_password_needs_the_current_one(client):
    user = UserFactory()
    client.force_login(user)

    response = change_password(client, NEW_PASSWORD, current="a wrong guess")

    assert error_summary(response) == ["Your current password is not right. Enter it again."]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_changing_the_password_needs_the_same_new_password_twice(client):
    client.force_login(UserFactory())

    response = change_password(client, NEW_PASSWORD, confirm="a different new password")

    assert error_summary(response) == ["The passwords do not match. Enter the same password twice."]


def test_change_password_page_needs_signing_in(client):
    response = client.get(reverse("password_change"))

    assert response["Location"] == f"{reverse('sign_in')}?next={reverse('password_change')}"


@pytest.mark.django_db
def test_new_password_fields_show_the_rule_and_suit_password_managers(client):
    client.force_login(UserFactory())

    html = client.get(reverse("password_change")).content.decode()

    assert re.search(r'<input type="password" name="old_password"[^>]*"current-password"', html)
    new_password_inputs = r'<input type="password" name="new_password\d"[^>]*"new-password"'
    assert len(re.findall(new_password_inputs, html)) == 2
    assert re.search(r'name="new_password1"[^>]*aria-describedby="id_new_password1_helptext"', html)
    assert re.search(
        r'id="id_new_password1_helptext"[^>]*>Use at least 12 characters\. A few words you will '
        r"remember make a strong password, and spaces are fine\. Do not use a common password\.<",
        html,
    )
    assert re.search(r'<input type="submit"[^>]*value="Change password"', html)
    assert "onpaste" not in html and "placeholder" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "errors"),
    [
        ("eleven char", ["This password is too short. It must contain at least 12 characters."]),
        ("qwertyqwerty", ["This password is too common."]),
    ],
)
def test_password_policy_refuses_short_and_common_passwords(client, password, errors):
    user = UserFactory()
    client.force_login(user)

    response = change_password(client, password)

    assert error_summary(response) == errors
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_password_policy_accepts_twelve_characters_with_no_composition_rules(client):
    user = UserFactory()
    client.force_login(user)

    response = change_password(client, "mauve kettle")

    assert h1(response) == "Your password has been changed"
    user.refresh_from_db()
    assert user.check_password("mauve kettle")


@pytest.mark.django_db
def test_a_64_character_passphrase_with_spaces_and_unicode_is_kept_unchanged(
    client, smtp_server, django_capture_on_commit_callbacks, site_url
):
    assert len(PASSPHRASE) == 64
    user = UserFactory()
    request_reset(client, user.email, django_capture_on_commit_callbacks)

    saved = choose_new_password(client, reset_link(smtp_server.messages[0]), PASSPHRASE)

    assert h1(saved) == "Your password has been changed"
    user.refresh_from_db()
    assert user.check_password(PASSPHRASE)
    assert not user.check_password(PASSPHRASE.strip())
    assert sign_in(client, user.email, PASSPHRASE)["Location"] == reverse("home")
