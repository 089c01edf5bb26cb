"""Publishing a reporting period's assured ratings: NHS England admins publish a period once
its region has released assured ratings; then anyone reads, for each footprint whose
assurance was released, its own rating beside the assured one, on a page and as CSV."""

import csv
import io
import re
from datetime import datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from accounts.errors import ActionRefused
from accounts.models import AuditEvent
from delivery.models import PeriodPublication
from delivery.services import assurance, submission
from delivery.services.publication import publish_period_ratings
from roadmaps.selectors.deadlines import LONDON
from tests.delivery.assured import assured, nhse_admin, submitted
from tests.delivery.world import make_delivery_world
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.section_pages import rows_of

pytestmark = pytest.mark.django_db(transaction=True)

PUBLISHED = reverse("published_ratings")
# 3 October 2016: Q1's returns are in and assured.
TODAY = datetime(2016, 10, 3, 12, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def world():
    return make_delivery_world()


@pytest.fixture
def admin():
    return nhse_admin()


def text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_a_period_with_no_released_rating_is_not_published(world, admin):
    assured(world, world.periods[0], release=False)

    with pytest.raises(ActionRefused, match="No assured rating of 2016/17 Q1 has been released"):
        publish_period_ratings(period=world.periods[0], published_by=admin)
    assert not PeriodPublication.objects.exists()


def test_only_an_nhs_england_admin_publishes(world):
    assured(world, world.periods[0])

    for person in (world.reviewer, world.lead_approver):
        with pytest.raises(ActionRefused, match="Only NHS England admins can publish"):
            publish_period_ratings(period=world.periods[0], published_by=person)
    assert not PeriodPublication.objects.exists()


def test_an_admin_publishes_once_with_one_audit_event_and_a_second_time_is_refused(world, admin):
    assured(world, world.periods[0])

    publication = publish_period_ratings(period=world.periods[0], published_by=admin)
    with pytest.raises(ActionRefused) as refusal:
        publish_period_ratings(period=world.periods[0], published_by=nhse_admin("Ann Other"))

    assert str(refusal.value) == (
        "The 2016/17 Q1 assured ratings were already published on 3 October 2016 by Owen Price."
    )
    assert (publication.period, publication.published_by) == (world.periods[0], admin)
    events = AuditEvent.objects.filter(verb="period.published")
    assert [(e.actor, e.after) for e in events] == [(admin, {"label": "2016/17 Q1", "ratings": 1})]


def test_the_publish_button_publishes_and_the_page_says_so(client, world, admin):
    assured(world, world.periods[0])
    client.force_login(admin)
    before = text(client.get(reverse("reporting_periods")).content.decode())

    response = client.post(reverse("publish_period", args=[world.periods[0].pk]), follow=True)

    assert "1 released, not published Publish the 2016/17 Q1 assured ratings" in before
    page = text(response.content.decode())
    assert "The 2016/17 Q1 assured ratings are published: anyone can now read them." in page
    assert "Published on 3 October 2016" in page


def test_publishing_twice_from_the_page_says_why_not(client, world, admin):
    assured(world, world.periods[0])
    client.force_login(admin)
    publish = reverse("publish_period", args=[world.periods[0].pk])
    client.post(publish)

    response = client.post(publish, follow=True)

    assert response.redirect_chain == [(reverse("reporting_periods"), 302)]
    assert "were already published on 3 October 2016" in text(response.content.decode())
    assert PeriodPublication.objects.count() == 1


def test_someone_who_is_not_an_admin_cannot_publish(client, world):
    assured(world, world.periods[0])
    client.force_login(world.reviewer)

    response = client.post(reverse("publish_period", args=[world.periods[0].pk]))

    assert response.status_code == 403
    assert not PeriodPublication.objects.exists()


def test_anyone_reads_both_ratings_of_released_assurances_of_published_periods(
    client, world, admin
):
    q1, q2, q3 = world.periods[:3]
    assured(world, q1)
    publish_period_ratings(period=q1, published_by=admin)
    # Q2 is assured but not published; Q3's assurance is only drafted.
    assured(world, q2, own="amber", assured="red")
    assured(world, q3, own="amber", assured="red", release=False)

    html = client.get(PUBLISHED).content.decode()

    assert rows_of(html, "Delivery confidence ratings, 2016/17 Q1") == [
        "Footprint Lead CCG NHS England region Footprint's own rating NHS England's assured rating",
        f"Leeds NHS Leeds CCG ({world.lead.ods_code}) {world.lead.region.name} Green Amber",
    ]
    assert "2016/17 Q2" not in html
    assert "2016/17 Q3" not in html
    assert "Board doubts" not in html


def test_a_resubmitted_return_shows_its_last_released_assurance_not_a_drafted_one(
    client, world, admin
):
    q1 = world.periods[0]
    progress_return = submitted(world, q1)
    assurance.draft_assurance(
        progress_return=progress_return, assured_confidence="amber_red", comment="Say more",
        internal_note="", decision="more_information", drafted_by=world.reviewer,
    )  # fmt: skip
    assurance.release_assurance(progress_return=progress_return, released_by=world.reviewer)
    progress_return.refresh_from_db()
    submission.request_return_sign_off(progress_return=progress_return,
                                       requested_by=world.lead_editor)  # fmt: skip
    submission.submit_return(progress_return=progress_return, submitted_by=world.lead_approver)
    # The second submission's assurance is only drafted.
    assurance.draft_assurance(
        progress_return=progress_return, assured_confidence="green", comment="Thanks",
        internal_note="", decision="accept", drafted_by=world.reviewer,
    )  # fmt: skip
    publish_period_ratings(period=q1, published_by=admin)

    html = client.get(PUBLISHED).content.decode()

    assert rows_of(html, "Delivery confidence ratings, 2016/17 Q1")[1:] == [
        f"Leeds NHS Leeds CCG ({world.lead.ods_code}) {world.lead.region.name} Green Amber/Red"
    ]


def test_the_csv_has_the_periods_ratings(client, world, admin):
    q1 = world.periods[0]
    assured(world, q1)
    publish_period_ratings(period=q1, published_by=admin)

    response = client.get(reverse("published_ratings_csv", args=[q1.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="assured-ratings-2016-17-q1-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Reporting period", "Footprint", "Lead CCG", "Lead CCG ODS code", "NHS England region",
         "Footprint's own rating", "NHS England's assured rating"],
        ["2016/17 Q1", "Leeds", "NHS Leeds CCG", world.lead.ods_code, world.lead.region.name,
         "Green", "Amber"],
    ]  # fmt: skip


def test_an_unpublished_periods_csv_is_not_found(client, world):
    submitted(world, world.periods[0])

    response = client.get(reverse("published_ratings_csv", args=[world.periods[0].pk]))

    assert response.status_code == 404


def test_the_public_page_says_when_nothing_is_published(client, world):
    assert "No delivery confidence ratings have been published yet." in text(
        client.get(PUBLISHED).content.decode()
    )


def test_the_public_page_makes_as_many_queries_for_many_periods_as_for_a_few(client, world, admin):
    periods = iter(world.periods)

    def grow(size):
        for _ in range(size):
            period = next(periods)
            assured(world, period)
            publish_period_ratings(period=period, published_by=admin)

    assert_queries_do_not_grow(client, PUBLISHED, grow=grow, sizes=(1, 3))
