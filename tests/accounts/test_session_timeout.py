import pytest
import time_machine
from django.urls import reverse

from tests.factories import UserFactory


def signed_in_as(client, response):
    return response.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_an_hour_without_a_request_signs_the_person_out(client):
    with time_machine.travel("2016-01-15 09:00 +00:00", tick=False):
        client.force_login(UserFactory())
    with time_machine.travel("2016-01-15 10:01 +00:00", tick=False):
        response = client.get(reverse("home"))

    assert not signed_in_as(client, response)


@pytest.mark.django_db
def test_each_request_restarts_the_hour(client):
    with time_machine.travel("2016-01-15 09:00 +00:00", tick=False):
        client.force_login(UserFactory())
    with time_machine.travel("2016-01-15 09:50 +00:00", tick=False):
        client.get(reverse("home"))
    with time_machine.travel("2016-01-15 10:40 +00:00", tick=False):
        response = client.get(reverse("home"))

    assert signed_in_as(client, response)


@pytest.mark.django_db
def test_stay_signed_in_restarts_the_hour_and_says_how_long(client):
    with time_machine.travel("2016-01-15 09:00 +00:00", tick=False):
        client.force_login(UserFactory())
    with time_machine.travel("2016-01-15 09:58 +00:00", tick=False):
        stay = client.post(reverse("stay_signed_in"))
    with time_machine.travel("2016-01-15 10:50 +00:00", tick=False):
        response = client.get(reverse("home"))

    assert stay.json() == {"expires_in": 3600}
    assert signed_in_as(client, response)


@pytest.mark.django_db
def test_the_warning_is_on_signed_in_pages_only(client):
    signed_out = client.get(reverse("home")).content.decode()
    client.force_login(UserFactory())
    signed_in = client.get(reverse("home")).content.decode()

    assert 'id="session-timeout"' not in signed_out
    assert 'data-session-seconds="3600"' in signed_in
    assert "we will sign you out in 2 minutes" in signed_in
