import re
import threading
from collections import Counter

import pytest
import time_machine
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connections
from django.test import Client
from django.urls import reverse

from accounts.models import FailedSignIn
from tests.factories import UserFactory

PASSWORD = "correct horse battery staple"
WRONG_DETAILS = "The email address or password is not right. Check them and try again."
LOCKED_OUT = (
    "There have been too many failed attempts to sign in to this account. "
    "Wait 5 minutes and try again, or reset your password."
)


def sign_in(client, email, password, **extra):
    return client.post(reverse("sign_in"), {"username": email, "password": password}, **extra)


def fail_to_sign_in(client, email, times):
    for _attempt in range(times):
        sign_in(client, email, "not the password at all")


def error_summary(response):
    """The messages in the page's error summary, in order."""
    summary = re.search(r'<div class="error-summary".*?</ul>', response.content.decode(), re.S)
    if summary is None:
        return []
    return [text.strip() for text in re.findall(r"<li>(?:<a [^>]*>)?([^<]+)", summary.group())]


def is_signed_in(client):
    return "Signed in as" in client.get(reverse("home")).content.decode()


def without_variable_parts(response, email):
    """The page as anyone would see it, apart from the email typed and the CSRF token."""
    html = response.content.decode().replace(email, "EMAIL")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)


@pytest.mark.django_db
def test_signing_in_with_email_in_any_case_lands_on_the_home_page_signed_in(client):
    UserFactory(email="asha.patel@leeds-ccg.example.nhs.uk", full_name="Asha Patel")

    response = sign_in(client, " Asha.Patel@Leeds-CCG.example.NHS.uk ", PASSWORD, follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Signed in as Asha Patel" in response.content.decode()


@pytest.mark.django_db
def test_signing_in_returns_to_the_page_that_asked_for_it(client):
    user = UserFactory()

    response = client.post(
        reverse("sign_in") + "?next=" + reverse("password_change"),
        {"username": user.email, "password": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change")


@pytest.mark.django_db
def test_wrong_password_shows_the_error_in_the_summary_and_keeps_the_typed_email(client):
    UserFactory(email="lead@ccg.example.nhs.uk")

    response = sign_in(client, "Lead@ccg.example.nhs.uk", "a wrong password")

    html = response.content.decode()
    assert response.status_code == 200
    assert error_summary(response) == [WRONG_DETAILS]
    assert 'value="Lead@ccg.example.nhs.uk"' in html
    assert "a wrong password" not in html
    assert "<title>Error: Sign in – Digital roadmap service – NHS England</title>" in html
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_empty_sign_in_form_asks_for_the_email_address_and_password(client):
    response = sign_in(client, "", "")

    assert error_summary(response) == ["Enter your email address", "Enter your password"]


@pytest.mark.django_db
def test_inactive_account_gets_the_same_message_as_a_wrong_password(client):
    user = UserFactory(is_active=False)

    response = sign_in(client, user.email, PASSWORD)

    assert error_summary(response) == [WRONG_DETAILS]
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_sign_in_page_has_labelled_fields_for_password_managers_and_a_reset_link(client):
    response = client.get(reverse("sign_in"))

    html = response.content.decode()
    assert "<title>Sign in – Digital roadmap service – NHS England</title>" in html
    assert html.count("<h1") == 1
    assert re.search(r'<label\s+for="id_username"[^>]*>\s*Email address', html)
    assert re.search(r'<label\s+for="id_password"[^>]*>\s*Password', html)
    assert re.search(r'<input type="email" name="username"[^>]*autocomplete="username"', html)
    assert re.search(
        r'<input type="password" name="password"[^>]*autocomplete="current-password"', html
    )
    assert re.search(r'<input type="submit"[^>]*value="Sign in"', html)
    assert f'href="{reverse("password_reset")}"' in html
    assert "placeholder" not in html and "onpaste" not in html


@pytest.mark.django_db
def test_ten_failures_lock_the_account_even_against_the_right_password(client):
    user = UserFactory()
    fail_to_sign_in(client, user.email, times=10)

    response = sign_in(client, user.email, PASSWORD)

    assert response.status_code == 200
    assert error_summary(response) == [LOCKED_OUT]
    assert not is_signed_in(client)


class ProductionLikeHasher(PBKDF2PasswordHasher):
    """The production hasher, with fewer rounds: checking a password takes a few hundredths
    of a second, as it does in production (the suite's MD5 makes it instant)."""

    iterations = 100_000


@pytest.mark.django_db(transaction=True)
def test_simultaneous_wrong_passwords_get_no_more_than_ten_checked(settings):
    """However many attempts arrive at once, each is counted before its password is checked,
    so only the first ten are checked and every other one is refused unchecked."""
    settings.PASSWORD_HASHERS = [f"{__name__}.ProductionLikeHasher"]
    user = UserFactory()
    attempts = 24
    everyone_ready = threading.Barrier(attempts)
    replies = []

    def attempt():
        client = Client()
        everyone_ready.wait()
        try:
            replies.extend(error_summary(sign_in(client, user.email, "not the password at all")))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert Counter(replies) == {WRONG_DETAILS: 10, LOCKED_OUT: attempts - 10}
    assert FailedSignIn.objects.filter(email=user.email).count() == 10


@pytest.mark.django_db
def test_nine_failures_do_not_lock_the_account(client):
    user = UserFactory()
    fail_to_sign_in(client, user.email, times=9)

    response = sign_in(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


@pytest.mark.django_db
def test_failures_in_any_letter_case_count_against_one_account(client):
    user = UserFactory(email="lead@ccg.example.nhs.uk")
    for email in ["LEAD@ccg.example.nhs.uk", "Lead@CCG.example.nhs.uk"] * 5:
        sign_in(client, email, "not the password at all")

    response = sign_in(client, "lead@ccg.example.nhs.uk", PASSWORD)

    assert error_summary(response) == [LOCKED_OUT]
    assert user.email == "lead@ccg.example.nhs.uk"


@pytest.mark.django_db
def test_an_email_with_no_account_gets_the_same_replies_as_one_with_an_account(client):
    known, unknown = "known@ccg.example.nhs.uk", "nobody@ccg.example.nhs.uk"
    UserFactory(email=known)

    first_known = sign_in(client, known, "a wrong password")
    first_unknown = sign_in(client, unknown, "a wrong password")
    fail_to_sign_in(client, known, times=9)
    fail_to_sign_in(client, unknown, times=9)
    locked_known = sign_in(client, known, PASSWORD)
    locked_unknown = sign_in(client, unknown, PASSWORD)

    assert (first_known.status_code, locked_known.status_code) == (200, 200)
    assert (first_unknown.status_code, locked_unknown.status_code) == (200, 200)
    assert without_variable_parts(first_unknown, unknown) == without_variable_parts(
        first_known, known
    )
    assert without_variable_parts(locked_unknown, unknown) == without_variable_parts(
        locked_known, known
    )
    assert error_summary(locked_unknown) == [LOCKED_OUT]


@pytest.mark.django_db
def test_the_lockout_lifts_five_minutes_after_the_failures(client):
    user = UserFactory()
    with time_machine.travel("2016-01-15 09:00:00 +00:00", tick=False) as clock:
        fail_to_sign_in(client, user.email, times=10)
        clock.move_to("2016-01-15 09:04:59 +00:00")
        still_locked = sign_in(client, user.email, PASSWORD)
        clock.move_to("2016-01-15 09:05:00 +00:00")
        lifted = sign_in(client, user.email, PASSWORD, follow=True)

    assert error_summary(still_locked) == [LOCKED_OUT]
    assert lifted.redirect_chain == [(reverse("home"), 302)]
    assert "Signed in as" in lifted.content.decode()


@pytest.mark.django_db
def test_failures_for_one_account_do_not_lock_another(client):
    attacked, other = UserFactory(), UserFactory(full_name="Sam Jones")
    fail_to_sign_in(client, attacked.email, times=10)

    response = sign_in(client, other.email, PASSWORD, follow=True)

    assert "Signed in as Sam Jones" in response.content.decode()


@pytest.mark.django_db
def test_changing_the_client_address_does_not_reset_the_count(client):
    user = UserFactory()
    for n in range(10):
        address = f"198.51.100.{n}"
        client.post(
            reverse("sign_in"),
            {"username": user.email, "password": "not the password at all"},
            REMOTE_ADDR=address,
            HTTP_X_FORWARDED_FOR=address,
        )

    response = sign_in(client, user.email, PASSWORD, REMOTE_ADDR="203.0.113.7")

    assert error_summary(response) == [LOCKED_OUT]


@pytest.mark.django_db
def test_signing_in_clears_the_earlier_failures(client):
    user = UserFactory()
    fail_to_sign_in(client, user.email, times=9)
    sign_in(client, user.email, PASSWORD)
    client.post(reverse("sign_out"))
    fail_to_sign_in(client, user.email, times=9)

    response = sign_in(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert is_signed_in(client)


@pytest.mark.django_db
def test_failures_older_than_the_window_are_deleted_when_one_is_recorded(client):
    with time_machine.travel("2016-01-15 09:00 +00:00", tick=False):
        fail_to_sign_in(client, "first@ccg.example.nhs.uk", times=3)
    with time_machine.travel("2016-01-15 09:06 +00:00", tick=False):
        fail_to_sign_in(client, "second@ccg.example.nhs.uk", times=1)

    assert list(FailedSignIn.objects.values_list("email", flat=True)) == [
        "second@ccg.example.nhs.uk"
    ]


@pytest.mark.django_db
def test_sign_out_needs_a_post_and_then_signs_out(client):
    user = UserFactory()
    client.force_login(user)

    refused = client.get(reverse("sign_out"))
    still_signed_in = is_signed_in(client)
    response = client.post(reverse("sign_out"), follow=True)

    assert refused.status_code == 405
    assert still_signed_in
    assert response.redirect_chain == [(reverse("sign_in"), 302)]
    assert "You have signed out." in response.content.decode()
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_signed_in_person_visiting_sign_in_goes_to_the_home_page(client):
    client.force_login(UserFactory())

    response = client.get(reverse("sign_in"))

    assert (response.status_code, response["Location"]) == (302, reverse("home"))
