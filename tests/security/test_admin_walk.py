"""The isolation walk over the Django admin: NHS England admins only, and nothing risky."""

from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from tests.security.conftest import client_for
from tests.security.database import changes, described, snapshot
from tests.security.url_table import (
    NHSE_ADMIN,
)
from tests.security.walk import (
    METHODS,
    REDIRECTS,
    address,
    case,
    follow,
    patterns_in,
    payload,
    person,
    send,
)

# --- The admin -----------------------------------------------------------------------------

NOT_ADMINS = ("a_approver", "b_approver", "nhse_reviewer", "staff_flag_only")


def is_refused_by_the_admin(response):
    # The walk does not fetch the admin's login page each time: its own case
    # (admin:login) checks that it answers 403 to people who are signed in.
    if response.status_code in REDIRECTS:
        return urlsplit(response["Location"]).path == reverse("admin:login")
    return response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", patterns_in(NHSE_ADMIN), ids=str)
def test_people_who_are_not_nhse_admins_get_no_admin_page(world, pattern):
    path = address(pattern, world)
    data = payload(pattern, world)
    clients = {person(world, who): client_for(person(world, who)) for who in NOT_ADMINS}
    before = snapshot()
    refused = []

    for method in METHODS:
        for user, client in clients.items():
            response, way = follow(
                client, send(client, method, path, data), stop_at=reverse("admin:login")
            )
            if not is_refused_by_the_admin(response):
                refused.append(f"  - {case(pattern, method, path, world, user)}: got {way}")

    found = changes(before, snapshot())
    assert not refused, (
        "Expected 403, or a redirect to the admin's login page (which answers 403 to anyone "
        "signed in):\n" + "\n".join(refused)
    )
    assert not found, f"GET and POST {path} [{pattern}] changed rows:\n" + described(found)


REGISTERED_MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


def changelist_name(model):
    return f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"


def changelist(model):
    url = changelist_name(model)
    return pytest.param(url, id=url)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["admin:index"] + [changelist(m) for m in REGISTERED_MODELS])
def test_nhse_admins_open_the_admin_index_and_every_changelist(world, url):
    user = world.nhse_admin.user
    client = client_for(user)

    response = client.get(reverse(url))

    way = follow(client, response)[1]
    assert response.status_code == 200, f"{case(url, 'GET', reverse(url), world, user)}: {way}"


@pytest.mark.django_db
def test_the_admin_index_links_nhse_admins_to_every_changelist_they_may_use(world):
    client = client_for(world.nhse_admin.user)

    page = client.get(reverse("admin:index")).content.decode()

    missing = [
        reverse(changelist_name(model))
        for model in REGISTERED_MODELS
        if f'href="{reverse(changelist_name(model))}"' not in page
    ]
    assert not missing, f"The admin index does not link to: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", patterns_in(NHSE_ADMIN), ids=str)
def test_nhse_admins_open_every_admin_address_without_a_server_error(world, pattern):
    user = world.nhse_admin.user
    client = client_for(user)
    client.raise_request_exception = False
    path = address(pattern, world)

    response = client.get(path)

    assert response.status_code < 500, (
        f"{case(pattern, 'GET', path, world, user)}: got {response.status_code}"
    )


@pytest.mark.django_db
def test_nhse_admins_cannot_make_anyone_a_superuser_through_the_admin(world):
    nhse_admin = world.nhse_admin.user
    client = client_for(nhse_admin)

    for target in (world.b_approver.user, nhse_admin):
        client.post(
            reverse("admin:accounts_user_change", args=[target.pk]),
            {
                "email": target.email,
                "full_name": target.full_name,
                "is_active": "on",
                "is_staff": "on",
                "is_superuser": "on",
                "date_joined_0": "2024-01-01",
                "date_joined_1": "10:00:00",
            },
        )

    flags = list(
        User.objects.filter(pk__in=[world.b_approver.user.pk, nhse_admin.pk]).values_list(
            "email", "is_staff", "is_superuser"
        )
    )
    assert flags == [(email, False, False) for email, _staff, _superuser in flags]
