"""``manage.py load_demo``'s next cycle: "Demo refresh" starting 30 days after the day it is
loaded, the Demo cycle's endorsed footprints carried into it, and Sheffield and Doncaster
merged into South Yorkshire and Bassetlaw, with the history the merged footprint's pages show."""

import re
from datetime import datetime, timedelta
from html import unescape
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from demo.cycle import DEMO_NAME
from demo.next_cycle import MERGED_NAME, REFRESH_NAME
from roadmaps.enums import FootprintState, StageKind
from roadmaps.models import Cycle, Footprint, FootprintMerge, Stage
from roadmaps.selectors.cycles import current_cycle
from roadmaps.services.cycles import LONDON, start_of_day

DEMO_DAY = datetime(2025, 11, 20, 12, 0, tzinfo=LONDON)
LATER_DAY = DEMO_DAY + timedelta(days=3)


def load_demo(moment):
    with time_machine.travel(moment, tick=False), override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(DEMO_DAY)
        load_demo(LATER_DAY)
        yield
        transaction.set_rollback(True)


def text_of(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.django_db
def test_the_refresh_starts_30_days_after_the_last_load_and_the_demo_cycle_stays_current(demo):
    refresh = Cycle.objects.get(name=REFRESH_NAME)
    footprint_stage = Stage.objects.get(cycle=refresh, kind=StageKind.FOOTPRINT)

    assert footprint_stage.opens_at == start_of_day(LATER_DAY.date() + timedelta(days=30))
    with time_machine.travel(LATER_DAY, tick=False):
        assert current_cycle().name == DEMO_NAME
    assert refresh.carried_from.name == DEMO_NAME


@pytest.mark.django_db
def test_every_endorsed_footprint_is_carried_forward_and_one_pair_merged_once(demo):
    refresh = Cycle.objects.get(name=REFRESH_NAME)
    demo_cycle = Cycle.objects.get(name=DEMO_NAME)
    endorsed = set(
        Footprint.objects.filter(cycle=demo_cycle, state=FootprintState.ENDORSED).values_list(
            "name", flat=True
        )
    )

    carried = set(refresh.footprints.exclude(name=MERGED_NAME).values_list("name", flat=True))
    assert carried == endorsed
    assert FootprintMerge.objects.filter(cycle=refresh).count() == 1
    assert sorted(refresh.footprints.filter(state=FootprintState.MERGED).values_list(
        "name", flat=True)) == ["Doncaster", "Sheffield"]  # fmt: skip
    merged = refresh.footprints.get(name=MERGED_NAME)
    assert merged.lead_ccg.ods_code == "03N" and merged.state == FootprintState.DRAFT


@pytest.mark.django_db
def test_the_merged_footprint_shows_its_lineage_and_both_histories(demo):
    merged = Footprint.objects.get(name=MERGED_NAME)
    client = Client()
    client.force_login(User.objects.get(email="sheffield.approver@demo.example"))

    page = text_of(client.get(reverse("footprint_detail", args=[merged.pk])).content.decode())

    assert re.search(r"Formed on \d+ \w+ \d{4} from Doncaster and Sheffield\.", page)
    assert "Sheffield Demo Version 1" in page and "Doncaster Demo Version 1" in page
    history = client.get(reverse("footprint_delivery_history", args=[merged.pk]) + "?view=rebased")
    text = text_of(history.content.decode())
    assert "Showing the history re-based to today's footprint" in text
    assert "Doncaster, Sheffield" in text
