"""The isolation walk for the service's own NHS England admin pages (publication).

NHS England admins reach them; every other signed-in person, NHS England reviewers included,
is refused with 403 and changes nothing."""

import pytest

from tests.security.conftest import client_for
from tests.security.url_table import ADMIN_PAGE
from tests.security.walk import (
    address,
    assert_refused,
    case,
    declared,
    follow,
    patterns_in,
    payload,
    person,
    send,
    snapshot,
)

NOT_ADMINS = ("a_approver", "a_editor", "b_approver", "nhse_reviewer", "loner", "staff_flag_only")
METHODS = ("GET", "POST")


@pytest.mark.django_db
@pytest.mark.parametrize("who", NOT_ADMINS)
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", patterns_in(ADMIN_PAGE), ids=str)
def test_people_who_are_not_nhse_admins_are_refused_admin_pages(world, pattern, method, who):
    access = declared(pattern)
    user = person(world, who)
    client = client_for(user)
    path = address(pattern, world)
    before = snapshot()

    response = send(client, method, path, payload(pattern, world))

    expected = {403} if method in access.methods else {403, 405}
    assert_refused(client, response, expected, before, case(pattern, method, path, world, user))


@pytest.mark.django_db
@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", patterns_in(ADMIN_PAGE), ids=str)
def test_nhse_admins_reach_admin_pages(world, pattern, method):
    """The control: the 403s above come from the check, not from addresses that lead nowhere."""
    access = declared(pattern)
    user = person(world, "nhse_admin")
    client = client_for(user)
    path = address(pattern, world)

    response = send(client, method, path, payload(pattern, world))

    way = follow(client, response)[1]
    if method in access.methods:
        assert response.status_code < 400, f"{case(pattern, method, path, world, user)}: {way}"
    else:
        assert response.status_code == 405, f"{case(pattern, method, path, world, user)}: {way}"
