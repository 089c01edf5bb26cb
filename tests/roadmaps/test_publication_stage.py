"""Before a cycle's publication stage opens, NHS England admins are offered no way to publish
its roadmaps: the pages say when they can, and the service refuses a request all the same."""

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import Role
from roadmaps.enums import RoadmapState, StageKind
from roadmaps.models import Roadmap, Stage
from tests.factories import CycleFactory, MembershipFactory, NHSEnglandFactory
from tests.roadmaps.test_publication import accepted_roadmap

OPENS = datetime(2017, 1, 9, 9, 0, tzinfo=UTC)
REFUSAL = (
    "Roadmaps of 2016-17 can be published from 09:00 on 9 January 2017, when the publication "
    "stage opens."
)


@pytest.fixture
def admin(db):
    return MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user


@pytest.fixture
def roadmap(db):
    cycle = CycleFactory(name="2016-17")
    Stage.objects.filter(cycle=cycle, kind=StageKind.PUBLICATION).update(opens_at=OPENS)
    return accepted_roadmap(cycle=cycle, name="Wakefield")


def publishing_controls(html):
    """Every button and link on the page that would publish a roadmap, as read."""
    found = re.findall(r"<(button|a)\b[^>]*>(.*?)</\1>", html, re.S)
    texts = [" ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split()) for _tag, text in found]
    return [text for text in texts if text.startswith("Publish") and "maturity" not in text]


def alerts(html):
    boxes = re.findall(r'<div class="alert[^"]*" role="(?:alert|status)">(.*?)</div>', html, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", box)).split()) for box in boxes]


def test_before_the_stage_opens_no_publish_button_shows_and_the_pages_say_when_it_opens(
    client, roadmap, admin
):
    client.force_login(admin)
    cycle = roadmap.footprint.cycle

    with time_machine.travel(OPENS - timedelta(minutes=1), tick=False):
        overview = client.get(reverse("publication")).content.decode()
        confirm = client.get(reverse("publish_all_roadmaps", args=[cycle.pk])).content.decode()

    assert publishing_controls(overview) == []
    assert publishing_controls(confirm) == []
    assert reverse("publish_roadmap", args=[roadmap.pk]) not in overview
    assert reverse("publish_all_roadmaps", args=[cycle.pk]) not in overview
    when = "Roadmaps can be published once the publication stage opens on 9 January 2017, 09:00."
    assert when in overview
    assert "The publication stage opens on 9 January 2017, 09:00" in confirm


def test_from_the_moment_the_stage_opens_the_publish_buttons_show(client, roadmap, admin):
    client.force_login(admin)
    cycle = roadmap.footprint.cycle

    with time_machine.travel(OPENS, tick=False):
        overview = client.get(reverse("publication")).content.decode()
        confirm = client.get(reverse("publish_all_roadmaps", args=[cycle.pk])).content.decode()

    assert publishing_controls(overview) == [
        "Publish the Wakefield roadmap",
        "Publish all accepted roadmaps of 2016-17 (1)",
    ]
    assert publishing_controls(confirm) == ["Publish 1 roadmap"]


def test_a_publish_request_before_the_stage_opens_is_refused_with_the_reason(
    client, roadmap, admin
):
    client.force_login(admin)
    cycle = roadmap.footprint.cycle

    with time_machine.travel(OPENS - timedelta(minutes=1), tick=False):
        one = client.post(reverse("publish_roadmap", args=[roadmap.pk]), follow=True)
        every = client.post(reverse("publish_all_roadmaps", args=[cycle.pk]), follow=True)

    assert alerts(one.content.decode()) == [REFUSAL]
    assert alerts(every.content.decode()) == [REFUSAL]
    assert Roadmap.objects.get(pk=roadmap.pk).state == RoadmapState.ACCEPTED
