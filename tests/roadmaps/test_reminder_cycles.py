"""Reminders while two cycles run at once: the 2015-16 roadmaps are still being written when
the next cycle's footprints are declared. Each cycle's tasks are planned once, each with its
own cycle's deadline; a CCG that never declared a 2015-16 footprint is asked to declare one
in the new cycle only."""

import re
from datetime import date, datetime

import pytest
import time_machine

from accounts.enums import OrganisationKind, Role
from accounts.models import OutboundEmail
from roadmaps.enums import RoadmapState, StageKind
from roadmaps.models import Cycle, Stage
from roadmaps.selectors.deadlines import LONDON, effective_deadline
from roadmaps.selectors.reminders import outstanding_by_person
from roadmaps.services.cycles import end_of_day, load_cycle, start_of_day
from roadmaps.services.extensions import grant_extension
from roadmaps.services.reminders import plan_reminders
from tests.factories import (
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RoadmapFactory,
)
from tests.roadmaps.coverage_data import make_footprint
from tests.roadmaps.submission_world import person

# 16 June 2016, noon in London: the 2015-16 roadmaps are due in 14 days (30 June), and the
# refresh's footprints in 7 (23 June).
NOW = datetime(2016, 6, 16, 12, 0, tzinfo=LONDON)


def ccg(name):
    return OrganisationFactory(name=name, kind=OrganisationKind.CCG)


def listed(email):
    """(task, its deadline line) of each task in a digest's text body, in order."""
    return re.findall(r"^\d+\. (.+)\n\s*(Due by .+?),", email.body_text, flags=re.MULTILINE)


@pytest.fixture
def world(db):
    last = load_cycle(name="2015-16").cycle
    refresh = Cycle.objects.create(name="2016-17 refresh", carried_from=last)
    Stage.objects.create(
        cycle=refresh,
        kind=StageKind.FOOTPRINT,
        opens_at=start_of_day(date(2016, 6, 1)),
        due_at=end_of_day(date(2016, 6, 23)),
    )
    leeds, wakefield, york = ccg("NHS LEEDS CCG"), ccg("NHS WAKEFIELD CCG"), ccg("NHS YORK CCG")
    leeds_2015 = make_footprint(last, leeds, name="Leeds", state="endorsed")
    RoadmapFactory(footprint=leeds_2015, state=RoadmapState.DRAFT)
    wakefield_2015 = make_footprint(last, wakefield, name="Wakefield", state="endorsed")
    RoadmapFactory(footprint=wakefield_2015, state=RoadmapState.DRAFT)
    # In the refresh, Leeds leads West Yorkshire with Wakefield (not asked until submitted).
    make_footprint(refresh, leeds, wakefield, name="West Yorkshire")
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user
    # A 2015-16 extension for Leeds: the refresh's deadlines do not move with it.
    grant_extension(
        stage=Stage.objects.get(cycle=last, kind=StageKind.ROADMAP),
        footprint=leeds_2015,
        due_on=date(2016, 7, 14),
        reason="The partnership board meets on 12 July.",
        granted_by=admin,
    )
    return {
        "last": last,
        "refresh": refresh,
        "leeds_2015": leeds_2015,
        "leeds": person(leeds, Role.EDITOR, "editor@leeds.example.nhs.uk"),
        "wakefield": person(wakefield, Role.EDITOR, "editor@wakefield.example.nhs.uk"),
        "york": person(york, Role.EDITOR, "editor@york.example.nhs.uk"),
    }


def digest_for(user):
    return OutboundEmail.objects.get(template="reminder_digest", to=user.email)


def test_each_cycles_reminders_are_planned_once_with_that_cycles_deadline(world):
    with time_machine.travel(NOW, tick=False):
        first = plan_reminders()
        again = plan_reminders()

    assert (first.queued, first.already_reminded) == (3, 0)
    assert (again.queued, again.already_reminded) == (0, 3)
    assert listed(digest_for(world["leeds"])) == [
        ("Submit the footprint West Yorkshire (NHS LEEDS CCG)", "Due by 23:59 on 23 June 2016"),
        (
            "Submit the local digital roadmap for Leeds (NHS LEEDS CCG)",
            "Due by 23:59 on 14 July 2016",
        ),
    ]
    assert listed(digest_for(world["wakefield"])) == [
        (
            "Submit the local digital roadmap for Wakefield (NHS WAKEFIELD CCG)",
            "Due by 23:59 on 30 June 2016",
        ),
    ]
    # York declared no 2015-16 footprint: it is asked to declare one in the refresh only.
    assert listed(digest_for(world["york"])) == [
        (
            "Declare the footprint NHS YORK CCG leads or joins (NHS YORK CCG)",
            "Due by 23:59 on 23 June 2016",
        ),
    ]


def test_the_last_cycles_footprint_stage_asks_until_the_next_ones_opens(world):
    york = world["york"]
    before = datetime(2016, 5, 31, 12, 0, tzinfo=LONDON)

    tasks = {
        when: [
            (task.title, task.due_at) for task in outstanding_by_person(now=when).get(york.pk).tasks
        ]
        for when in (before, NOW)
    }

    declare = "Declare the footprint NHS YORK CCG leads or joins"
    assert tasks == {
        before: [(declare, end_of_day(date(2015, 10, 30)))],
        NOW: [(declare, end_of_day(date(2016, 6, 23)))],
    }


def test_the_effective_deadline_is_each_cycles_own(world):
    leeds_2015 = world["leeds_2015"]

    assert effective_deadline(
        cycle=world["last"], stage_kind=StageKind.ROADMAP, footprint=leeds_2015
    ) == end_of_day(date(2016, 7, 14))
    assert effective_deadline(
        cycle=world["refresh"], stage_kind=StageKind.FOOTPRINT, organisation=leeds_2015.lead_ccg
    ) == end_of_day(date(2016, 6, 23))
    assert effective_deadline(cycle=world["refresh"], stage_kind=StageKind.ROADMAP) is None
