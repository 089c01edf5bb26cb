from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from accounts.models import AuditEvent
from demo.cycle import create_demo_cycle
from roadmaps.enums import StageKind
from roadmaps.models import Cycle
from roadmaps.selectors.cycles import current_cycle, is_open, stage_of
from roadmaps.services.cycles import LONDON, end_of_day, load_cycle, start_of_day


def windows(cycle):
    return {stage.kind: (stage.opens_at, stage.due_at) for stage in cycle.stages.all()}


def run_load_demo_cycle():
    out = StringIO()
    call_command("load_demo_cycle", stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.django_db
def test_the_demo_cycle_is_in_its_footprint_stage_today_with_2015_16s_lengths_and_gaps():
    with time_machine.travel(datetime(2025, 3, 20, 12, 0, tzinfo=LONDON), tick=False):
        output = run_load_demo_cycle()
        cycle = Cycle.objects.get(name="Demo")
        footprint = stage_of(cycle, StageKind.FOOTPRINT)
        footprint_open = is_open(footprint)
        maturity_open = is_open(stage_of(cycle, StageKind.MATURITY))

    assert windows(cycle) == {
        StageKind.FOOTPRINT: (start_of_day(date(2025, 3, 6)), end_of_day(date(2025, 5, 1))),
        StageKind.MATURITY: (start_of_day(date(2025, 5, 4)), end_of_day(date(2025, 7, 17))),
        StageKind.ROADMAP: (start_of_day(date(2025, 8, 3)), end_of_day(date(2025, 12, 31))),
        StageKind.PUBLICATION: (start_of_day(date(2026, 7, 4)), end_of_day(date(2026, 8, 3))),
    }
    assert (footprint_open, maturity_open) == (True, False)
    assert output[:2] == [
        "Created cycle Demo with 4 stages (London time):",
        "  Footprint: opens Thu 6 Mar 2025 00:00:00 GMT, due Thu 1 May 2025 23:59:59 BST",
    ]


@pytest.mark.django_db
def test_a_later_run_moves_the_demo_cycle_to_fit_that_day_and_audits_each_move():
    with time_machine.travel(datetime(2025, 3, 20, 12, 0, tzinfo=LONDON), tick=False):
        create_demo_cycle()
    with time_machine.travel(datetime(2025, 4, 29, 9, 0, tzinfo=LONDON), tick=False):
        moved = run_load_demo_cycle()
        again = run_load_demo_cycle()
        footprint = stage_of(Cycle.objects.get(name="Demo"), StageKind.FOOTPRINT)
        footprint_open = is_open(footprint)

    assert moved[0] == "Moved 4 stages of cycle Demo to fit today (London time):"
    assert again[0] == "No changes: cycle Demo already fits today (London time):"
    assert (footprint.opens_at, footprint.due_at) == (
        start_of_day(date(2025, 4, 15)),
        end_of_day(date(2025, 6, 10)),
    )
    assert footprint_open is True
    assert AuditEvent.objects.filter(verb="stage.dates_changed").count() == 4
    assert Cycle.objects.filter(name="Demo").count() == 1


@pytest.mark.django_db
def test_the_demo_cycle_becomes_the_current_cycle():
    load_cycle(name="2015-16")
    demo = create_demo_cycle(today=date(2025, 3, 20)).cycle

    assert current_cycle() == demo
