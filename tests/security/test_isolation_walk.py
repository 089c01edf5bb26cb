"""The isolation walk: every URL the service has, as every kind of person (quality goal S1, S2).

The patterns come from the resolver (``urlwalk.py``), who may reach each one from the table
(``url_table.py``). A pattern missing from the table fails here, so no view can skip the walk.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from tests.security.conftest import client_for
from tests.security.database import changes, described, snapshot
from tests.security.url_table import (
    NHSE_ADMIN,
    NHSE_STAFF,
    OBJECT,
    PUBLIC,
    SIGNED_IN,
    URLS,
    access_for,
    admin_kwargs,
    hostile_admin_payload,
)
from tests.security.urlwalk import all_patterns

PATTERNS = list(all_patterns())
METHODS = ("GET", "POST")
REDIRECTS = (301, 302, 303, 307, 308)


def patterns_in(*categories):
    return [
        pattern
        for pattern in PATTERNS
        if (access := access_for(pattern)) is not None and access.category in categories
    ]


def declared(pattern):
    access = access_for(pattern)
    if access is None:
        view = getattr(pattern.callback, "__qualname__", repr(pattern.callback))
        pytest.fail(
            f"URL pattern {pattern} (route {pattern.route!r}, view "
            f"{pattern.callback.__module__}.{view}) is not in the isolation walk's table. "
            f"Add it to URLS in tests/security/url_table.py, saying who may reach it "
            f"(public, signed_in, object, nhse_staff or nhse_admin) and how to build its "
            f"arguments.",
            pytrace=False,
        )
    return access


def arguments(pattern, access, world):
    if access.category == NHSE_ADMIN:
        return admin_kwargs(pattern, world)
    return access.kwargs(world)


def address(pattern, world):
    path = pattern.address(arguments(pattern, declared(pattern), world))
    assert pattern.resolves(path), (
        f"The walk built {path} for {pattern}, but it reaches another view: "
        f"fix its arguments in tests/security/url_table.py."
    )
    return path


def payload(pattern, world):
    access = declared(pattern)
    if access.category == NHSE_ADMIN:
        return hostile_admin_payload(world)
    return access.payload(world)


def send(client, method, path, data=None):
    if method == "GET":
        return client.get(path)
    return client.post(path, data or {})


def follow(client, response, *, stop_at=None, hops=4):
    """Follow the site's own redirects with GET; returns the last response and the way there.

    Stops before fetching ``stop_at`` (a path), so the walk never renders the sign-in page.
    """
    way = [str(response.status_code)]
    for _ in range(hops):
        if response.status_code not in REDIRECTS:
            break
        location = response["Location"]
        way.append(f"-> {location}")
        target = urlsplit(location)
        if target.netloc or target.path == stop_at:
            break
        response = client.get(location)
        way.append(str(response.status_code))
    return response, " ".join(way)


def sign_in_next(response):
    """The ``next`` of the sign-in page this redirect sends to, or None if it goes elsewhere."""
    if response.status_code not in REDIRECTS:
        return None
    target = urlsplit(response["Location"])
    if target.path != reverse("sign_in"):
        return None
    return parse_qs(target.query).get("next", [""])[0]


def case(pattern, method, path, world, user):
    return f"{method} {path} [{pattern}] as {world.label(user)}"


def assert_refused(client, response, expected, before, request):
    """The response is one of ``expected`` and no row changed; says both when not."""
    found = changes(before, snapshot())
    problems = []
    if response.status_code not in expected:
        problems.append(f"expected {' or '.join(map(str, sorted(expected)))}")
    if found:
        problems.append("rows changed:\n" + described(found))
    assert not problems, f"{request}: got {follow(client, response)[1]} — " + "; ".join(problems)


# --- The table itself ----------------------------------------------------------------------


def test_every_url_pattern_is_in_the_table():
    missing = [
        f"  - {pattern} (route {pattern.route!r})"
        for pattern in PATTERNS
        if access_for(pattern) is None
    ]
    known = {pattern.key for pattern in PATTERNS}
    stale = [f"  - {name}" for name in URLS if name not in known]

    assert not missing, (
        "These URL patterns are not in the isolation walk's table. Add each to URLS in "
        "tests/security/url_table.py, saying who may reach it and how to build its "
        "arguments:\n" + "\n".join(missing)
    )
    assert not stale, (
        "These entries in tests/security/url_table.py name no URL pattern (renamed or "
        "removed?):\n" + "\n".join(stale)
    )


@pytest.mark.django_db
def test_the_walk_reaches_every_pattern_with_the_arguments_it_builds(world):
    unreachable = []
    for pattern in PATTERNS:
        access = access_for(pattern)
        if access is None:
            continue  # reported by test_every_url_pattern_is_in_the_table
        path = pattern.address(arguments(pattern, access, world))
        if not pattern.resolves(path):
            unreachable.append(f"  - {pattern}: {path}")

    assert not unreachable, "Built addresses that reach another view:\n" + "\n".join(unreachable)


# --- Signed out ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", PATTERNS, ids=str)
def test_signed_out_people_meet_the_sign_in_page_everywhere_but_public_pages(world, pattern):
    access = declared(pattern)
    path = address(pattern, world)
    # The admin's login and logout pages send on to its index.
    walled = {path, reverse("admin:index")} if pattern.namespace == "admin" else {path}
    wrong = []

    for method in METHODS:
        client = client_for(None)
        response, way = follow(
            client, send(client, method, path, payload(pattern, world)), stop_at=reverse("sign_in")
        )
        next_page = sign_in_next(response)
        # Sign-out ends on the sign-in page by design, but it is not a wall: it has no next.
        answered = not next_page if access.category == PUBLIC else next_page in walled
        if not answered:
            wrong.append(f"  - {case(pattern, method, path, world, None)}: got {way}")

    if access.category == PUBLIC:
        expectation = "A public page must answer without sending people to sign in"
    else:
        expectation = f"Expected a redirect to {reverse('sign_in')}?next={path}"
    assert not wrong, f"{expectation}:\n" + "\n".join(wrong)


# --- Another organisation's objects --------------------------------------------------------

OUTSIDERS = ("b_approver", "nhse_reviewer", "loner")


def person(world, who):
    value = getattr(world, who)
    return value.user if hasattr(value, "user") else value


@pytest.mark.django_db
@pytest.mark.parametrize("who", OUTSIDERS)
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", patterns_in(OBJECT), ids=str)
def test_outsiders_get_404_for_another_organisations_objects_and_change_nothing(
    world, pattern, method, who
):
    access = declared(pattern)
    user = person(world, who)
    client = client_for(user)
    path = address(pattern, world)
    before = snapshot()

    response = send(client, method, path, payload(pattern, world))

    # A method the view never answers is refused before the object is looked up, so its
    # 405 says nothing about whether the object exists.
    expected = {404} if method in access.methods else {405}
    assert_refused(client, response, expected, before, case(pattern, method, path, world, user))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ("a_editor", "a_viewer"))
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", patterns_in(OBJECT), ids=str)
def test_members_who_are_not_approvers_are_refused_and_change_nothing(world, pattern, method, who):
    access = declared(pattern)
    user = person(world, who)
    client = client_for(user)
    path = address(pattern, world)
    before = snapshot()

    response = send(client, method, path, payload(pattern, world))

    # 403 where they can see the organisation (with a reason), 404 for what they cannot see.
    expected = {403, 404} if method in access.methods else {405}
    assert_refused(client, response, expected, before, case(pattern, method, path, world, user))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ("a_approver", "nhse_admin"))
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", patterns_in(OBJECT), ids=str)
def test_approvers_and_nhse_admins_reach_the_same_addresses(world, pattern, method, who):
    """The control: the 404s above come from the checks, not from addresses that lead nowhere."""
    access = declared(pattern)
    user = person(world, who)
    client = client_for(user)
    path = address(pattern, world)

    response = send(client, method, path, payload(pattern, world))

    way = follow(client, response)[1]
    if method in access.methods:
        assert response.status_code < 400, f"{case(pattern, method, path, world, user)}: {way}"
    else:
        assert response.status_code == 405, (
            f"{case(pattern, method, path, world, user)}: got {way} — the table says "
            f"{pattern} answers only {', '.join(access.methods)}"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", patterns_in(PUBLIC, SIGNED_IN, OBJECT, NHSE_STAFF), ids=str)
def test_no_page_shows_an_outsider_who_belongs_to_another_organisation(world, pattern):
    user = world.b_approver.user
    client = client_for(user)
    path = address(pattern, world)

    response = client.get(path)

    page = response.content.decode()
    shown = [value for value in world.private_to_a() if value in page]
    assert not shown, (
        f"{case(pattern, 'GET', path, world, user)}: got {response.status_code} — the page "
        f"shows A's members or invitees: {shown}"
    )


@pytest.mark.django_db
def test_someone_else_holding_an_invitation_link_cannot_accept_it(world):
    user = world.b_approver.user
    client = client_for(user)
    before = snapshot()

    client.get(reverse("accept_invitation_link", args=[world.a_invitation.token]))
    shown = client.get(reverse("accept_invitation"))
    client.get(reverse("accept_invitation_link", args=[world.a_invitation.token]))
    accepted = client.post(reverse("accept_invitation"))

    assert (shown.status_code, accepted.status_code) == (403, 403)
    assert not changes(before, snapshot()), described(changes(before, snapshot()))


# --- NHS England staff pages ---------------------------------------------------------------

NOT_NHSE_STAFF = ("a_approver", "a_editor", "b_approver", "loner", "staff_flag_only")


@pytest.mark.django_db
@pytest.mark.parametrize("who", NOT_NHSE_STAFF)
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", patterns_in(NHSE_STAFF), ids=str)
def test_people_outside_nhs_england_are_refused_nhse_staff_pages(world, pattern, method, who):
    access = declared(pattern)
    user = person(world, who)
    client = client_for(user)
    path = address(pattern, world)
    before = snapshot()

    response = send(client, method, path, payload(pattern, world))

    # The page names nothing of theirs or anyone's: a refusal with a reason, never a 200.
    expected = {403} if method in access.methods else {405}
    assert_refused(client, response, expected, before, case(pattern, method, path, world, user))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ("nhse_reviewer", "nhse_admin"))
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", patterns_in(NHSE_STAFF), ids=str)
def test_nhse_reviewers_and_admins_reach_nhse_staff_pages(world, pattern, method, who):
    """The control: the 403s above come from the check, not from addresses that lead nowhere."""
    access = declared(pattern)
    user = person(world, who)
    client = client_for(user)
    path = address(pattern, world)

    response = send(client, method, path, payload(pattern, world))

    way = follow(client, response)[1]
    expected = 200 if method in access.methods else 405
    assert response.status_code == expected, f"{case(pattern, method, path, world, user)}: {way}"


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
