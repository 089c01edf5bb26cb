"""The walk's machinery: every URL pattern, its address and payload, and how to judge a reply."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from tests.security.conftest import client_for
from tests.security.database import changes, described, snapshot
from tests.security.url_table import (
    NHSE_ADMIN,
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


def person(world, who):
    value = getattr(world, who)
    return value.user if hasattr(value, "user") else value


def assert_only_the_named_reach(world, pattern, method, who, *, sees):
    """For an address whose table entry names ``reached_by``: those people get through;
    others who ``sees(world, who, pk)`` get 403; everyone else 404; refusals change no row."""
    access = declared(pattern)
    user = person(world, who)
    client = client_for(user)
    path = address(pattern, world)
    before = snapshot()

    response = send(client, method, path, payload(pattern, world))

    request = case(pattern, method, path, world, user)
    if method not in access.methods:
        assert response.status_code == 405, f"{request}: got {response.status_code}"
    elif who in (access.read_by if method == "GET" and access.read_by else access.reached_by):
        way = follow(client, response)[1]
        assert response.status_code < 400, f"{request}: {way}"
    elif sees(world, who, access.kwargs(world)["pk"]):
        assert_refused(client, response, {403}, before, request)
    else:
        assert_refused(client, response, {404}, before, request)
