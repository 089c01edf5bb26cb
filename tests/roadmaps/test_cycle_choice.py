"""Which cycles a page's picker offers and which it opens on: the newest by its footprint
stage's opening, among those that have started and have something for the page to show."""

from datetime import date, datetime

import pytest

from roadmaps.models import Cycle, Footprint
from roadmaps.selectors.cycle_picker import cycle_choice
from roadmaps.selectors.deadlines import LONDON
from tests.factories import RegionFactory
from tests.roadmaps.coverage_data import make_ccg, make_cycle, make_footprint, make_local_office

NOW = datetime(2016, 10, 1, 12, 0, tzinfo=LONDON)


@pytest.fixture
def cycles(db):
    """2015-16 and its refresh (both started), and 2017-18, made first but starting later."""
    later = make_cycle("2017-18", opens=date(2017, 9, 1))
    last = make_cycle("2015-16", opens=date(2015, 9, 4))
    refresh = make_cycle("2016-17 refresh", opens=date(2016, 9, 1))
    office = make_local_office(RegionFactory(), "Q72", "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)")
    make_footprint(last, make_ccg("NHS LEEDS CCG", office), name="Leeds")
    return {"last": last, "refresh": refresh, "later": later}


def names(choice):
    return [cycle.name for cycle in choice.cycles], choice.default.name if choice.default else None


def test_every_cycle_is_offered_newest_first_and_the_newest_started_is_the_default(cycles):
    assert names(cycle_choice(now=NOW)) == (
        ["2017-18", "2016-17 refresh", "2015-16"],
        "2016-17 refresh",
    )


def test_the_default_is_the_newest_started_cycle_with_something_to_show(cycles):
    choice = cycle_choice(showing=Footprint.objects.values("cycle_id"), now=NOW)

    assert names(choice) == (["2017-18", "2016-17 refresh", "2015-16"], "2015-16")


def test_only_cycles_with_something_to_show_are_offered_when_asked(cycles):
    choice = cycle_choice(showing=Footprint.objects.values("cycle_id"), only_showing=True, now=NOW)

    assert names(choice) == (["2015-16"], "2015-16")
    assert names(
        cycle_choice(showing=Footprint.objects.none().values("cycle_id"), only_showing=True)
    ) == ([], None)


def test_before_any_cycle_has_started_the_newest_is_the_default(cycles):
    assert names(cycle_choice(now=datetime(2015, 1, 1, tzinfo=LONDON)))[1] == "2017-18"


def test_with_no_cycle_there_is_nothing_to_offer(db):
    assert names(cycle_choice()) == ([], None)


@pytest.mark.parametrize("wanted", ["", None, "abc", "-1", "1.0", "9" * 40, "\x00"])
def test_picking_anything_but_an_offered_cycles_number_gives_the_default(cycles, wanted):
    choice = cycle_choice(now=NOW)

    assert choice.pick(wanted) == cycles["refresh"]
    assert choice.pick(str(cycles["last"].pk)) == cycles["last"]
    assert choice.pick(cycles["later"].pk) == cycles["later"]
    assert choice.pick(str(Cycle.objects.order_by("-pk").first().pk + 1)) == cycles["refresh"]
