"""axe and the Nu HTML checker on every page of the isolation walk that renders.

The walk's table (tests/security/url_table.py) lists every URL; each one a signed-in person
can open with GET is opened here in Chromium, as the person best placed to see all of it
(an NHS England admin for the admin and NHS England staff pages, an approver of the
organisation otherwise), and must show no WCAG 2.0/2.1/2.2 A or AA violation and no HTML
error; public pages are opened signed out too. A new page joins this test by joining the walk.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import EmailState
from roadmaps.roadmap_sections import SECTIONS
from tests.browser.axe import assert_accessible
from tests.browser.markup import assert_valid_html
from tests.factories import OutboundEmailFactory
from tests.security.conftest import client_for
from tests.security.url_table import (
    ADMIN_PAGE,
    ASSESSMENT,
    FINDING,
    FOOTPRINT,
    NHSE_ADMIN,
    NHSE_STAFF,
    OBJECT,
    PUBLIC,
    REACHED_BY_CATEGORIES,
    RETURN,
    ROADMAP,
    SIGNED_IN,
    access_for,
)
from tests.security.walk import PATTERNS, address

pytestmark = pytest.mark.django_db(transaction=True)


def pages_for_signed_in_people():
    for pattern in PATTERNS:
        access = access_for(pattern)
        if access and access.category in (
            SIGNED_IN,
            OBJECT,
            NHSE_STAFF,
            NHSE_ADMIN,
            ADMIN_PAGE,
            FOOTPRINT,
            ASSESSMENT,
            ROADMAP,
            RETURN,
            FINDING,
        ):
            if "GET" in access.methods:
                yield pytest.param(pattern, id=str(pattern))


@pytest.mark.parametrize("pattern", list(pages_for_signed_in_people()))
def test_every_signed_in_page_has_no_accessibility_violations(
    pattern,
    world,
    page,
    live_server,
    sign_in,
    axe_source,  # noqa: F811
    html_checker,
):
    access = access_for(pattern)
    if access.category in REACHED_BY_CATEGORIES:
        viewer = getattr(world, access.reached_by[0])  # someone the page is for
    elif access.category in (NHSE_STAFF, NHSE_ADMIN, ADMIN_PAGE):
        viewer = world.nhse_admin
    else:
        viewer = world.a_approver
    path = address(pattern, world)
    probe = client_for(viewer.user).get(path)
    if probe.status_code == 405 or "text/html" not in probe.get("Content-Type", ""):
        pytest.skip(f"{path} is not a page for GET ({probe.status_code})")
    sign_in(viewer.user)

    response = page.goto(live_server.url + path)

    assert response.status < 500, f"{path} answered {response.status}"
    assert_accessible(page, axe_source)
    assert_valid_html(html_checker, response.text(), url=response.url)


def public_pages():
    for pattern in PATTERNS:
        access = access_for(pattern)
        if access and access.category == PUBLIC and "GET" in access.methods:
            yield pytest.param(pattern, id=str(pattern))


@pytest.mark.parametrize("pattern", list(public_pages()))
def test_every_public_page_has_no_accessibility_violations_signed_out(
    pattern,
    world,
    page,
    live_server,
    axe_source,  # noqa: F811
    html_checker,
):
    path = address(pattern, world)
    probe = client_for(None).get(path)
    if probe.status_code != 200 or "text/html" not in probe.get("Content-Type", ""):
        pytest.skip(f"{path} is not a page for GET signed out ({probe.status_code})")

    response = page.goto(live_server.url + path)

    assert response.status < 500, f"{path} answered {response.status}"
    assert_accessible(page, axe_source)
    assert_valid_html(html_checker, response.text(), url=response.url)


def test_every_roadmap_section_page_has_no_accessibility_violations_or_html_errors(
    world,
    page,
    live_server,
    sign_in,
    axe_source,  # noqa: F811
    html_checker,
):
    """The walk opens one section page (the vision); each kind of section has its own form
    (text, schedule, universal capabilities, risks, milestones, attachments), so an editor
    opens them all."""
    sign_in(world.a_editor.user)
    problems = []

    for section in SECTIONS:
        path = reverse("roadmap_section", args=[world.a_roadmap.pk, section.key])
        response = page.goto(live_server.url + path)
        try:
            assert response.status == 200, f"{path} answered {response.status}"
            assert_accessible(page, axe_source)
            assert_valid_html(html_checker, response.text(), url=response.url)
        except AssertionError as problem:
            problems.append(str(problem))

    assert problems == [], "\n\n".join(problems)


def test_the_emails_page_with_an_email_sent_is_valid_html(
    world,
    page,
    live_server,
    sign_in,
    axe_source,  # noqa: F811
    html_checker,
):
    """The walk's approver has no email sent, so the walk's page of their emails shows no
    time; here one was sent, to the microsecond as the outbox records it."""
    sent_at = timezone.now().replace(microsecond=123456)
    OutboundEmailFactory(to=world.a_approver.user.email, state=EmailState.SENT, sent_at=sent_at)
    sign_in(world.a_approver.user)

    response = page.goto(live_server.url + reverse("my_emails"))

    assert page.locator("time").count() == 1
    assert_accessible(page, axe_source)
    assert_valid_html(html_checker, response.text(), url=response.url)
