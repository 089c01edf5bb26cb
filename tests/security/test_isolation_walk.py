"""The isolation walk: every URL the service has, as every kind of person (quality goal S1, S2).

The patterns come from the resolver (``urlwalk.py``), who may reach each one from the table
(``url_table.py``). A pattern missing from the table fails here, so no view can skip the walk.
"""

import pytest
from django.urls import reverse

from tests.security.conftest import client_for
from tests.security.database import changes, described, snapshot
from tests.security.url_table import (
    NHSE_STAFF,
    OBJECT,
    PUBLIC,
    SIGNED_IN,
    URLS,
    access_for,
)
from tests.security.walk import (
    METHODS,
    PATTERNS,
    address,
    arguments,
    assert_refused,
    case,
    declared,
    follow,
    patterns_in,
    payload,
    person,
    send,
    sign_in_next,
)

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

    # A download may be binary: an XLSX is compressed, and its CSV twin is read as text.
    page = response.content.decode(errors="replace")
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
