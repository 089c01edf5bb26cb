"""Addresses and query strings the service cannot read: a NUL byte (PostgreSQL refuses it in
any text, so it used to reach the database and answer 500) or bytes that are not UTF-8.
Each answers 400 with a plain page saying what was wrong, before any view runs."""

import pytest
from django.urls import reverse

from tests.security.conftest import client_for
from tests.security.database import changes, described, snapshot

REFUSAL = "The address of this page has a character in it that the service cannot read."


def refused_plainly(response):
    return (
        response.status_code,
        response["Content-Type"],
        response.content.decode().splitlines()[0],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/footprints/organisation-lookup/?q=le%00eds",
        "/organisations/?q=le%00eds",
        "/organisations/?kind=c%00cg",
        "/footprints/organisation-lookup/?q=%FF%FEleeds",
        "/organisations/?q=leeds&%00=1",
    ],
)
def test_a_query_string_with_a_nul_byte_or_bytes_that_are_not_utf8_answers_400(world, path):
    client = client_for(world.a_editor.user)
    before = snapshot()

    response = client.get(path)

    assert refused_plainly(response) == (400, "text/plain; charset=utf-8", REFUSAL)
    assert not changes(before, snapshot()), described(changes(before, snapshot()))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/organisations/01H%00/",
        "/organisations/01H%00/members/",
        "/organisations/01H%00/invitations/new/",
    ],
)
def test_an_address_with_a_nul_byte_answers_400(world, path):
    client = client_for(world.nhse_admin.user)

    get = client.get(path)
    post = client.post(path, {"email": "someone@example.org", "role": "editor"})

    assert refused_plainly(get) == (400, "text/plain; charset=utf-8", REFUSAL)
    assert refused_plainly(post) == (400, "text/plain; charset=utf-8", REFUSAL)


@pytest.mark.django_db
def test_a_theme_address_with_a_nul_byte_answers_400(world):
    client = client_for(world.p_editor.user)
    path = f"/assessments/{world.p_assessment.pk}/themes/leadership%00/"
    before = snapshot()

    get = client.get(path)
    post = client.post(path, {"version": "0"})

    assert refused_plainly(get) == (400, "text/plain; charset=utf-8", REFUSAL)
    assert refused_plainly(post) == (400, "text/plain; charset=utf-8", REFUSAL)
    assert not changes(before, snapshot()), described(changes(before, snapshot()))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "kind__exact=c%00cg",
        "region__id__exact=1%00",
        "q=al%00pha",
    ],
)
def test_an_admin_list_filter_with_a_nul_byte_answers_400(world, query):
    client = client_for(world.nhse_admin.user)

    response = client.get(f"{reverse('admin:accounts_organisation_changelist')}?{query}")

    assert refused_plainly(response) == (400, "text/plain; charset=utf-8", REFUSAL)


@pytest.mark.django_db
def test_the_audit_trail_filter_with_a_nul_byte_answers_400(world):
    client = client_for(world.nhse_admin.user)

    response = client.get(f"{reverse('admin:accounts_auditevent_changelist')}?verb=a%00")

    assert refused_plainly(response) == (400, "text/plain; charset=utf-8", REFUSAL)


@pytest.mark.django_db
def test_a_readable_address_is_still_served(world):
    client = client_for(world.a_editor.user)

    response = client.get("/footprints/organisation-lookup/?q=ALPHA")

    assert (response.status_code, response.json()) == (
        200,
        {
            "results": [
                {
                    "label": f"NHS ALPHA CCG ({world.a.ods_code})",
                    "kind": "Clinical commissioning group",
                }
            ]
        },
    )
