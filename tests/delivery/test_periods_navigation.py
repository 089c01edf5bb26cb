"""The site header's delivery links: each person sees the pages they may use, read from the
roles the page has already loaded, so the header costs no more queries as data grows."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.enums import Role
from tests.delivery.assured import nhse_admin
from tests.delivery.world import make_delivery_world
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

DELIVERY_LINKS = (
    "Progress returns", "Assurance", "Delivery tracker", "Findings", "Reporting periods",
)  # fmt: skip


@pytest.fixture
def world():
    return make_delivery_world()


def nav_links(client, user, url="my_emails"):
    client.force_login(user)
    html = client.get(reverse(url)).content.decode()
    nav = re.search(r'<nav class="service-nav".*?</nav>', html, flags=re.S).group(0)
    return [unescape(text) for text in re.findall(r"<a [^>]*>(.*?)</a>", nav)]


def delivery_links(client, user):
    return [link for link in nav_links(client, user) if link in DELIVERY_LINKS]


def test_a_ccgs_people_see_their_progress_returns_and_findings(client, world):
    assert delivery_links(client, world.lead_editor) == ["Progress returns", "Findings"]
    assert delivery_links(client, world.partner_approver) == ["Progress returns", "Findings"]


def test_a_trusts_people_and_someone_of_no_ccg_see_no_delivery_link(client, world):
    assert delivery_links(client, world.trust_viewer) == []


def test_a_reviewer_sees_the_assurance_queue_the_tracker_and_the_findings(client, world):
    assert delivery_links(client, world.reviewer) == ["Assurance", "Delivery tracker", "Findings"]
    assert delivery_links(client, world.review_world.national_reviewer) == [
        "Assurance",
        "Delivery tracker",
        "Findings",
    ]


def test_an_admin_sees_the_tracker_and_the_reporting_periods(client, world):
    assert delivery_links(client, nhse_admin()) == [
        "Delivery tracker",
        "Findings",
        "Reporting periods",
    ]


def test_the_links_go_to_the_delivery_pages(client, world):
    client.force_login(nhse_admin())
    html = client.get(reverse("my_emails")).content.decode()

    assert f'href="{reverse("delivery_tracker")}"' in html
    assert f'href="{reverse("reporting_periods")}"' in html
    assert f'href="{reverse("delivery_findings")}"' in html


def test_the_header_reads_a_persons_memberships_once_however_many_they_have(client, world):
    user = world.lead_editor
    client.force_login(user)
    counts = []
    for _size in range(2):
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("my_emails"))
        counts.append(
            sum('FROM "accounts_membership"' in query["sql"] for query in queries.captured_queries)
        )
        for _ in range(5):
            MembershipFactory(user=user, role=Role.VIEWER)

    assert counts == [1, 1]


def test_the_admins_home_page_links_to_the_reporting_periods(client, world):
    client.force_login(nhse_admin())
    html = client.get(reverse("home")).content.decode()

    assert (
        f'<a href="{reverse("reporting_periods")}">Add reporting periods and publish assured '
        "ratings</a>" in html
    )


def test_the_public_pages_link_to_the_published_ratings(client):
    for url in ("home", "published_roadmaps"):
        html = client.get(reverse(url)).content.decode()
        assert f'href="{reverse("published_ratings")}"' in html
