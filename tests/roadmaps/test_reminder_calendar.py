"""Reminders on the calendar: planned at several moments of every London day across the
2015-16 dates and both clock changes (25 October 2015 and 27 March 2016), each person's
reminder goes out on the right London day, exactly once, from the first run that day."""

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.enums import OrganisationKind, Role
from accounts.models import OutboundEmail
from roadmaps.enums import StageKind
from roadmaps.models import SignOff, Stage
from roadmaps.selectors.deadlines import LONDON
from roadmaps.services.cycles import change_stage_dates, end_of_day, load_cycle
from roadmaps.services.reminders import plan_reminders
from tests.factories import AssessmentFactory, FootprintMemberFactory, OrganisationFactory
from tests.roadmaps.coverage_data import make_footprint
from tests.roadmaps.submission_world import make_world, person

# Just after London midnight (still the day before in UTC while London is on BST), before
# 01:00, midday, and just before London midnight.
INSTANTS = (time(0, 0, 30), time(0, 59), time(12, 0), time(23, 59, 30))
FIRST_RUN = INSTANTS[0]
# On the days the clocks change, also the hour that happens twice (25 October 2015: 01:30
# BST, then 01:30 GMT) or not at all (27 March 2016: 01:30 is read as GMT, 02:30 BST).
CLOCK_CHANGES = {date(2015, 10, 25), date(2016, 3, 27)}
CLOCK_CHANGE_INSTANTS = (time(1, 30), time(1, 30, fold=1), time(2, 30))
# Between reminder days of a long stretch, once a day is enough to show nothing goes out.
MIDDAY = (time(12, 0),)


def at(day, moment):
    return datetime.combine(day, moment, tzinfo=LONDON)


def instants(day, moments):
    if day in CLOCK_CHANGES:
        moments = sorted({*moments, *CLOCK_CHANGE_INSTANTS}, key=lambda m: at(day, m))
    return [at(day, moment) for moment in moments]


def days(first, last):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def plan_every_day(first, last, *, moments=INSTANTS, events=None, **offsets):
    """Plan reminders at each of ``moments`` of every London day from ``first`` to ``last``;
    ``events`` ({London datetime: callable}) run, time frozen at their moment, in between."""
    pending = sorted((events or {}).items())
    for day in days(first, last):
        for instant in instants(day, moments):
            while pending and pending[0][0] <= instant:
                when, event = pending.pop(0)
                with time_machine.travel(when, tick=False):
                    event()
            with time_machine.travel(instant, tick=False):
                plan_reminders(**offsets)


def reminders_of(user):
    """(London day in the key, when it was queued in London) of each reminder to ``user``."""
    emails = OutboundEmail.objects.filter(template="reminder_digest", to=user.email)
    log = []
    for email in emails.order_by("created_at"):
        prefix, day, user_id = email.idempotency_key.split(":")
        assert (prefix, int(user_id)) == ("reminder", user.pk)
        log.append((date.fromisoformat(day), timezone.localtime(email.created_at, LONDON)))
    return log


def assert_reminded_on(user, expected):
    """Reminded on exactly these London days, once each, by the first run of the day."""
    assert reminders_of(user) == [(day, at(day, FIRST_RUN)) for day in expected]


@pytest.fixture
def cycle(db):
    return load_cycle(name="2015-16").cycle


def ccg(name):
    return OrganisationFactory(name=name, kind=OrganisationKind.CCG)


@pytest.fixture
def footprint_people(cycle):
    """Leeds' draft footprint (its editor must submit it) and York's submitted one (where
    Selby's approver must confirm its place), both due on 30 October 2015."""
    leeds, york, selby = ccg("NHS LEEDS CCG"), ccg("NHS VALE OF YORK CCG"), ccg("NHS SELBY CCG")
    make_footprint(cycle, leeds, name="Leeds")
    make_footprint(cycle, york, selby, name="York", state="submitted")
    return {
        "leeds_editor": person(leeds, Role.EDITOR, "editor@leeds.example.nhs.uk"),
        "selby_approver": person(selby, Role.APPROVER, "approver@selby.example.nhs.uk"),
    }


def test_footprint_reminders_across_the_october_clock_change(footprint_people):
    plan_every_day(date(2015, 10, 10), date(2015, 11, 21))

    expected = [
        date(2015, 10, 16),  # 14 days before, on BST
        date(2015, 10, 23),
        date(2015, 10, 28),  # after the clocks went back on 25 October
        date(2015, 10, 30),  # the day itself
        date(2015, 11, 6),  # then weekly while overdue
        date(2015, 11, 13),
        date(2015, 11, 20),
    ]
    assert_reminded_on(footprint_people["leeds_editor"], expected)
    assert_reminded_on(footprint_people["selby_approver"], expected)
    assert OutboundEmail.objects.filter(template="reminder_digest").count() == 2 * len(expected)


def test_a_reminder_due_on_the_october_clock_change_day_goes_out_that_day(footprint_people):
    plan_every_day(date(2015, 10, 20), date(2015, 11, 1), days_before=[5, 4], overdue_every_days=30)

    assert_reminded_on(footprint_people["leeds_editor"], [date(2015, 10, 25), date(2015, 10, 26)])


def test_maturity_reminders_before_and_after_the_15_january_deadline(cycle):
    leeds = ccg("NHS LEEDS CCG")
    footprint = make_footprint(cycle, leeds, name="Leeds", state="endorsed")
    hospitals = OrganisationFactory(
        name="LEEDS TEACHING HOSPITALS", kind=OrganisationKind.NHS_TRUST
    )
    FootprintMemberFactory(footprint=footprint, organisation=hospitals, role="provider")
    AssessmentFactory(organisation=hospitals, cycle=cycle, state="not_started")
    trust_editor = person(hospitals, Role.EDITOR, "editor@lth.example.nhs.uk")
    lead_editor = person(leeds, Role.EDITOR, "editor@leeds.example.nhs.uk")

    plan_every_day(date(2015, 12, 28), date(2016, 1, 31))

    expected = [
        date(2016, 1, 1),
        date(2016, 1, 8),
        date(2016, 1, 13),
        date(2016, 1, 15),
        date(2016, 1, 22),
        date(2016, 1, 29),
    ]
    assert_reminded_on(trust_editor, expected)
    # The lead CCG is copied on the same days about its trust's assessment.
    assert_reminded_on(lead_editor, expected)


@pytest.fixture
def roadmap_due_in_april(cycle):
    """The roadmap stage as first announced, due on 8 April 2016, and the Leeds roadmap
    waiting for Wakefield's sign-off."""
    roadmap_stage = Stage.objects.get(cycle=cycle, kind=StageKind.ROADMAP)
    with time_machine.travel(at(date(2016, 1, 4), time(9)), tick=False):
        change_stage_dates(stage=roadmap_stage, opens_at=roadmap_stage.opens_at,
                           due_at=end_of_day(date(2016, 4, 8)), changed_by=None)  # fmt: skip
    world = make_world()
    roadmap = world.roadmap
    roadmap.state, roadmap.sign_off_round = "awaiting_sign_off", 1
    roadmap.save(update_fields=["state", "sign_off_round"])
    SignOff.objects.create(roadmap=roadmap, round=1, organisation=world.partner)
    return world, roadmap_stage


def test_roadmap_reminders_follow_the_deadline_moved_from_april_to_june(roadmap_due_in_april):
    world, roadmap_stage = roadmap_due_in_april
    moved_at = at(date(2016, 4, 4), time(10))

    def move_to_30_june():
        change_stage_dates(stage=roadmap_stage, opens_at=roadmap_stage.opens_at,
                           due_at=end_of_day(date(2016, 6, 30)), changed_by=None)  # fmt: skip

    plan_every_day(date(2016, 3, 18), date(2016, 4, 17), events={moved_at: move_to_30_june})
    plan_every_day(date(2016, 4, 18), date(2016, 6, 8), moments=MIDDAY)
    plan_every_day(date(2016, 6, 9), date(2016, 7, 2))

    expected = [
        date(2016, 3, 25),  # 14 days before 8 April, on GMT
        date(2016, 4, 1),  # 7 days before, after the clocks went forward on 27 March
        # Moved on 4 April: nothing on 6 or 8 April, nor weekly afterwards.
        date(2016, 6, 16),
        date(2016, 6, 23),
        date(2016, 6, 28),
        date(2016, 6, 30),
    ]
    for user in (world.lead_editor, world.partner_approver):
        assert_reminded_on(user, expected)
        moved = OutboundEmail.objects.filter(template="deadline_moved", to=user.email)
        assert moved.count() == 1
        notice = moved.get()
        assert timezone.localtime(notice.created_at, LONDON) == moved_at
        assert notice.subject == (
            "Note the new date, 30 June 2016: NHS England has moved the roadmap deadline"
        )
        assert "Was due on 8 April 2016; now due by 23:59 on 30 June 2016" in notice.body_text
    # Nobody else had anything to do with the roadmap.
    assert set(OutboundEmail.objects.values_list("to", flat=True)) == {
        world.lead_editor.email,
        world.partner_approver.email,
    }


def test_a_reminder_due_on_the_march_clock_change_day_goes_out_that_day(roadmap_due_in_april):
    world, _roadmap_stage = roadmap_due_in_april

    plan_every_day(date(2016, 3, 24), date(2016, 3, 30), days_before=[12, 11])

    assert_reminded_on(world.lead_editor, [date(2016, 3, 27), date(2016, 3, 28)])
