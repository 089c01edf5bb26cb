"""Reminders: each person gets at most one email a day, on the days their deadlines call for,
listing everything they still have to do; a moved deadline tells the people it moves."""

import importlib
import json
import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from accounts.enums import OrganisationKind, Role
from accounts.errors import ActionRefused
from accounts.models import AuditEvent, OutboundEmail
from config.celery import app as celery_app
from roadmaps import tasks as roadmap_tasks
from roadmaps.enums import StageKind
from roadmaps.models import SignOff, Stage
from roadmaps.selectors.deadlines import LONDON
from roadmaps.selectors.reminders import outstanding_by_person
from roadmaps.services.cycles import change_stage_dates, end_of_day, load_cycle
from roadmaps.services.extensions import grant_extension
from roadmaps.services.reminders import (
    plan_reminders,
    preview_reminders_now,
    send_reminders_now,
)
from tests.factories import (
    AssessmentFactory,
    FootprintMemberFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RoadmapFactory,
    UserFactory,
)
from tests.roadmaps.coverage_data import make_footprint
from tests.roadmaps.submission_world import make_world, person

SCHEDULE_MIGRATION = importlib.import_module("roadmaps.migrations.0007_plan_reminders_schedule")

# Deadlines of the real 2015-16 cycle (23:59:59 London on each day).
FOOTPRINT_DUE = date(2015, 10, 30)
MATURITY_DUE = date(2016, 1, 15)
ROADMAP_DUE = date(2016, 6, 30)


def at(*parts):
    return datetime(*parts, tzinfo=LONDON)


def noon(day):
    return at(day.year, day.month, day.day, 12)


@pytest.fixture
def cycle(db):
    return load_cycle(name="2015-16").cycle


@pytest.fixture
def admin_user(db):
    return MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user


def stage(cycle, kind):
    return Stage.objects.get(cycle=cycle, kind=kind)


def ccg(name):
    return OrganisationFactory(name=name, kind=OrganisationKind.CCG)


def trust(name):
    return OrganisationFactory(name=name, kind=OrganisationKind.NHS_TRUST)


def digests():
    return OutboundEmail.objects.filter(template="reminder_digest").order_by("to")


def recipients(template="reminder_digest"):
    return sorted(OutboundEmail.objects.filter(template=template).values_list("to", flat=True))


def digest_for(user):
    return OutboundEmail.objects.get(template="reminder_digest", to=user.email)


def listed_tasks(email):
    """The numbered task lines of a digest's text body, in order."""
    return re.findall(r"^\d+\. (.+)$", email.body_text, flags=re.MULTILINE)


def link(name, *args):
    return django_settings.SITE_URL + reverse(name, args=args)


# --- Who is reminded of what ----------------------------------------------------------------


def test_a_draft_footprint_reminds_its_lead_ccg_editors_and_nobody_else(cycle):
    leeds = ccg("NHS LEEDS CCG")
    wakefield = ccg("NHS WAKEFIELD CCG")
    footprint = make_footprint(cycle, leeds, wakefield, name="West Yorkshire")
    editor = person(leeds, Role.EDITOR, "editor@leeds.example.nhs.uk")
    person(leeds, Role.APPROVER, "approver@leeds.example.nhs.uk")
    person(leeds, Role.VIEWER, "viewer@leeds.example.nhs.uk")
    # A partner is not asked anything until the footprint is submitted.
    person(wakefield, Role.EDITOR, "editor@wakefield.example.nhs.uk")
    person(wakefield, Role.APPROVER, "approver@wakefield.example.nhs.uk")
    # Another footprint, already submitted: nothing for its people.
    york = ccg("NHS VALE OF YORK CCG")
    make_footprint(cycle, york, name="York", state="submitted")
    person(york, Role.EDITOR, "editor@york.example.nhs.uk")

    run = plan_reminders(now=noon(FOOTPRINT_DUE))

    assert (run.queued, run.already_reminded) == (1, 0)
    assert recipients() == [editor.email]
    email = digest_for(editor)
    assert email.subject == "Finish by 30 October 2015: 1 task in the digital roadmap service"
    assert listed_tasks(email) == ["Submit the footprint West Yorkshire (NHS LEEDS CCG)"]
    assert "Due by 23:59 on 30 October 2015, London time: Due today" in email.body_text
    assert link("footprint_detail", footprint.pk) in email.body_text
    assert f'href="{link("footprint_detail", footprint.pk)}"' in email.body_html


def test_a_returned_footprint_reminds_its_lead_ccg_editors_again(cycle):
    camden = ccg("NHS CAMDEN CCG")
    footprint = make_footprint(cycle, camden, name="North Central London", state="returned")
    editor = person(camden, Role.EDITOR, "editor@camden.example.nhs.uk")

    plan_reminders(now=noon(FOOTPRINT_DUE - timedelta(days=2)))

    assert recipients() == [editor.email]
    assert listed_tasks(digest_for(editor)) == [
        "Submit the footprint North Central London (NHS CAMDEN CCG)"
    ]
    assert "2 days left" in digest_for(editor).body_text
    assert link("footprint_detail", footprint.pk) in digest_for(editor).body_text


def test_a_ccg_in_no_footprint_is_reminded_to_declare_one(cycle):
    darlington = ccg("NHS DARLINGTON CCG")
    editor = person(darlington, Role.EDITOR, "editor@darlington.example.nhs.uk")
    person(darlington, Role.APPROVER, "approver@darlington.example.nhs.uk")
    person(darlington, Role.VIEWER, "viewer@darlington.example.nhs.uk")

    plan_reminders(now=noon(FOOTPRINT_DUE - timedelta(days=7)))

    assert recipients() == [editor.email]
    email = digest_for(editor)
    assert listed_tasks(email) == [
        "Declare the footprint NHS DARLINGTON CCG leads or joins (NHS DARLINGTON CCG)"
    ]
    assert link("declare_footprint") in email.body_text


def test_a_partner_ccg_is_asked_to_confirm_its_place_in_a_submitted_footprint(cycle):
    leeds, wakefield, bradford = (
        ccg("NHS LEEDS CCG"),
        ccg("NHS WAKEFIELD CCG"),
        ccg("NHS BRADFORD CCG"),
    )
    footprint = make_footprint(
        cycle, leeds, wakefield, (bradford, "confirmed"), name="West Yorkshire", state="submitted"
    )
    for organisation, slug in ((leeds, "leeds"), (wakefield, "wakefield"), (bradford, "bradford")):
        for role in (Role.EDITOR, Role.APPROVER, Role.VIEWER):
            person(organisation, role, f"{role}@{slug}.example.nhs.uk")
    pending = footprint.members.get(organisation=wakefield)

    plan_reminders(now=noon(FOOTPRINT_DUE))

    assert recipients() == ["approver@wakefield.example.nhs.uk"]
    email = OutboundEmail.objects.get(template="reminder_digest")
    assert listed_tasks(email) == [
        "Confirm your place in the footprint West Yorkshire (NHS WAKEFIELD CCG)"
    ]
    assert link("confirm_footprint_membership", footprint.pk, pending.pk) in email.body_text


@pytest.fixture
def assessed(cycle):
    """An endorsed footprint led by Leeds with two trusts: one not yet started, one submitted."""
    leeds = ccg("NHS LEEDS CCG")
    footprint = make_footprint(cycle, leeds, name="Leeds", state="endorsed")
    hospitals, community = trust("LEEDS TEACHING HOSPITALS"), trust("LEEDS COMMUNITY HEALTHCARE")
    for provider in (hospitals, community):
        FootprintMemberFactory(footprint=footprint, organisation=provider, role="provider")
    return {
        "footprint": footprint,
        "started": AssessmentFactory(organisation=hospitals, cycle=cycle, state="not_started"),
        "submitted": AssessmentFactory(organisation=community, cycle=cycle, state="submitted"),
        "lead_editor": person(leeds, Role.EDITOR, "editor@leeds.example.nhs.uk"),
        "lead_approver": person(leeds, Role.APPROVER, "approver@leeds.example.nhs.uk"),
        "hospitals_editor": person(hospitals, Role.EDITOR, "editor@lth.example.nhs.uk"),
        "hospitals_approver": person(hospitals, Role.APPROVER, "approver@lth.example.nhs.uk"),
        "hospitals_viewer": person(hospitals, Role.VIEWER, "viewer@lth.example.nhs.uk"),
        "community_editor": person(community, Role.EDITOR, "editor@lch.example.nhs.uk"),
        "community_approver": person(community, Role.APPROVER, "approver@lch.example.nhs.uk"),
    }


def test_an_unsubmitted_assessment_reminds_its_editors_and_copies_the_lead_ccg(assessed):
    started, footprint = assessed["started"], assessed["footprint"]

    plan_reminders(now=noon(MATURITY_DUE))

    assert recipients() == [
        "approver@lch.example.nhs.uk",
        "editor@leeds.example.nhs.uk",
        "editor@lth.example.nhs.uk",
    ]
    provider_email = digest_for(assessed["hospitals_editor"])
    assert listed_tasks(provider_email) == [
        "Submit the digital maturity self-assessment (LEEDS TEACHING HOSPITALS)"
    ]
    assert link("assessment_tasks", started.pk) in provider_email.body_text
    lead_email = digest_for(assessed["lead_editor"])
    # The copy is about the trust that has not submitted, not the one waiting for sign-off.
    assert listed_tasks(lead_email) == [
        "Not yet submitted: the self-assessment of LEEDS TEACHING HOSPITALS "
        "(LEEDS TEACHING HOSPITALS)"
    ]
    assert link("footprint_results", footprint.pk) in lead_email.body_text
    assert lead_email.subject == (
        "Finish by 15 January 2016: 1 task in the digital roadmap service"
    )


def test_a_submitted_assessment_asks_its_approvers_to_sign_it_off(assessed):
    submitted = assessed["submitted"]

    plan_reminders(now=noon(MATURITY_DUE))

    email = digest_for(assessed["community_approver"])
    assert listed_tasks(email) == [
        "Sign off the digital maturity self-assessment (LEEDS COMMUNITY HEALTHCARE)"
    ]
    assert link("sign_off_assessment", submitted.pk) in email.body_text
    assert not OutboundEmail.objects.filter(to=assessed["community_editor"].email).exists()


def test_an_unsubmitted_assessment_in_a_footprint_not_yet_endorsed_copies_no_lead_ccg(cycle):
    leeds = ccg("NHS LEEDS CCG")
    footprint = make_footprint(cycle, leeds, name="Leeds", state="submitted")
    hospitals = trust("LEEDS TEACHING HOSPITALS")
    FootprintMemberFactory(footprint=footprint, organisation=hospitals, role="provider")
    AssessmentFactory(organisation=hospitals, cycle=cycle, state="in_progress")
    person(leeds, Role.EDITOR, "editor@leeds.example.nhs.uk")
    trust_editor = person(hospitals, Role.EDITOR, "editor@lth.example.nhs.uk")

    plan_reminders(now=noon(MATURITY_DUE))

    assert recipients() == [trust_editor.email]


@pytest.fixture
def awaiting(cycle):
    """The Leeds roadmap waiting for sign-off in its second round: Leeds and Wakefield have
    not signed this round, the trust has; in the first round only the trust was pending."""
    world = make_world()
    roadmap = world.roadmap
    roadmap.state, roadmap.sign_off_round = "awaiting_sign_off", 2
    roadmap.save(update_fields=["state", "sign_off_round"])
    SignOff.objects.create(roadmap=roadmap, round=1, organisation=world.trust)
    SignOff.objects.create(roadmap=roadmap, round=2, organisation=world.lead)
    SignOff.objects.create(roadmap=roadmap, round=2, organisation=world.partner)
    SignOff.objects.create(roadmap=roadmap, round=2, organisation=world.trust, decision="signed")
    return world


def test_a_draft_roadmap_reminds_the_lead_ccg_editors_only(cycle):
    world = make_world()

    plan_reminders(now=noon(ROADMAP_DUE))

    assert recipients() == [world.lead_editor.email]
    email = digest_for(world.lead_editor)
    assert listed_tasks(email) == ["Submit the local digital roadmap for Leeds (NHS Leeds CCG)"]
    assert link("roadmap_tasks", world.roadmap.pk) in email.body_text
    assert email.subject == "Finish by 30 June 2016: 1 task in the digital roadmap service"


def test_a_roadmap_awaiting_sign_off_asks_the_approvers_still_to_sign_this_round(awaiting):
    world = awaiting

    plan_reminders(now=noon(ROADMAP_DUE - timedelta(days=14)))

    assert recipients() == [
        world.lead_approver.email,
        world.partner_approver.email,
        world.lead_editor.email,
    ]
    assert listed_tasks(digest_for(world.partner_approver)) == [
        "Sign off the local digital roadmap for Leeds (NHS Wakefield CCG)"
    ]
    assert listed_tasks(digest_for(world.lead_approver)) == [
        "Sign off the local digital roadmap for Leeds (NHS Leeds CCG)"
    ]
    assert link("sign_off_roadmap", world.roadmap.pk) in digest_for(world.lead_approver).body_text
    assert "14 days left" in digest_for(world.lead_approver).body_text
    # The lead CCG's editors still have to submit it once everyone has signed.
    assert listed_tasks(digest_for(world.lead_editor)) == [
        "Submit the local digital roadmap for Leeds (NHS Leeds CCG)"
    ]


def test_finished_tasks_remind_nobody(cycle):
    leeds, wakefield = ccg("NHS LEEDS CCG"), ccg("NHS WAKEFIELD CCG")
    make_footprint(cycle, leeds, (wakefield, "confirmed"), name="West Yorkshire", state="submitted")
    hospitals = trust("LEEDS TEACHING HOSPITALS")
    AssessmentFactory(organisation=hospitals, cycle=cycle, state="signed_off")
    world = make_world()
    roadmap = world.roadmap
    roadmap.state, roadmap.sign_off_round = "submitted", 1
    roadmap.save(update_fields=["state", "sign_off_round"])
    for organisation in (world.lead, world.partner, world.trust):
        SignOff.objects.create(roadmap=roadmap, round=1, organisation=organisation,
                               decision="signed")  # fmt: skip
    for organisation in (leeds, wakefield, hospitals):
        for role in (Role.EDITOR, Role.APPROVER):
            MembershipFactory(organisation=organisation, role=role)

    with time_machine.travel(noon(ROADMAP_DUE), tick=False):
        assert outstanding_by_person() == {}
        for day in (FOOTPRINT_DUE, MATURITY_DUE, ROADMAP_DUE):
            run = plan_reminders(now=noon(day))
            assert (run.queued, run.already_reminded) == (0, 0)

    assert not OutboundEmail.objects.exists()


def test_a_signed_sign_off_ends_that_approvers_reminders(awaiting):
    world = awaiting
    SignOff.objects.filter(organisation=world.partner, round=2).update(decision="signed")

    plan_reminders(now=noon(ROADMAP_DUE))

    assert world.partner_approver.email not in recipients()
    assert world.lead_approver.email in recipients()


def test_an_inactive_person_and_a_closed_organisation_get_nothing(cycle):
    leeds = ccg("NHS LEEDS CCG")
    make_footprint(cycle, leeds, name="Leeds")
    active = person(leeds, Role.EDITOR, "editor@leeds.example.nhs.uk")
    gone = person(leeds, Role.EDITOR, "left@leeds.example.nhs.uk")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    # Closed on 30 September 2015, a month before the footprint deadline.
    closed = OrganisationFactory(name="NHS CLOSED CCG", close_date=date(2015, 9, 30))
    make_footprint(cycle, closed, name="Closed")
    person(closed, Role.EDITOR, "editor@closed.example.nhs.uk")
    unplaced_closed = OrganisationFactory(name="NHS GONE CCG", close_date=date(2015, 9, 30))
    person(unplaced_closed, Role.EDITOR, "editor@gone.example.nhs.uk")

    plan_reminders(now=noon(FOOTPRINT_DUE))

    assert recipients() == [active.email]


def test_one_person_with_tasks_in_two_organisations_gets_one_email_soonest_first(cycle, admin_user):
    someone = UserFactory(email="busy@leeds.example.nhs.uk")
    # Editor of a trust whose assessment is overdue since 15 January.
    hospitals = trust("LEEDS TEACHING HOSPITALS")
    AssessmentFactory(organisation=hospitals, cycle=cycle, state="in_progress")
    MembershipFactory(user=someone, organisation=hospitals, role=Role.EDITOR)
    # Editor of Leeds, whose draft roadmap is due on 30 June.
    leeds_roadmap = RoadmapFactory(
        footprint__cycle=cycle, footprint__lead_ccg=ccg("NHS LEEDS CCG"), footprint__name="Leeds"
    )
    MembershipFactory(user=someone, organisation=leeds_roadmap.footprint.lead_ccg, role=Role.EDITOR)
    # Approver of Wakefield, partner in York's roadmap, extended to 15 July.
    wakefield = ccg("NHS WAKEFIELD CCG")
    york_roadmap = RoadmapFactory(
        footprint__cycle=cycle,
        footprint__lead_ccg=ccg("NHS VALE OF YORK CCG"),
        footprint__name="York",
        state="awaiting_sign_off",
        sign_off_round=1,
    )
    FootprintMemberFactory(footprint=york_roadmap.footprint, organisation=wakefield,
                           role="partner_ccg", confirmation="confirmed")  # fmt: skip
    SignOff.objects.create(roadmap=york_roadmap, round=1, organisation=wakefield)
    MembershipFactory(user=someone, organisation=wakefield, role=Role.APPROVER)
    grant_extension(stage=stage(cycle, StageKind.ROADMAP), footprint=york_roadmap.footprint,
                    due_on=date(2016, 7, 15), reason="Board in July.",
                    granted_by=admin_user)  # fmt: skip

    run = plan_reminders(now=noon(ROADMAP_DUE - timedelta(days=14)))

    assert (run.queued, run.already_reminded) == (1, 0)
    email = digest_for(someone)
    assert email.subject == "Overdue since 15 January 2016: 3 tasks in the digital roadmap service"
    assert listed_tasks(email) == [
        "Submit the digital maturity self-assessment (LEEDS TEACHING HOSPITALS)",
        "Submit the local digital roadmap for Leeds (NHS LEEDS CCG)",
        "Sign off the local digital roadmap for York (NHS WAKEFIELD CCG)",
    ]
    due_lines = re.findall(r"Due by .+$", email.body_text, flags=re.MULTILINE)
    assert due_lines == [
        "Due by 23:59 on 15 January 2016, London time: 153 days overdue",
        "Due by 23:59 on 30 June 2016, London time: 14 days left",
        "Due by 23:59 on 15 July 2016, London time: 29 days left",
    ]


def test_planning_again_the_same_day_queues_nothing_new(cycle):
    leeds = ccg("NHS LEEDS CCG")
    make_footprint(cycle, leeds, name="Leeds")
    editor = person(leeds, Role.EDITOR, "editor@leeds.example.nhs.uk")
    day = FOOTPRINT_DUE - timedelta(days=7)

    first = plan_reminders(now=at(day.year, day.month, day.day, 7))
    second = plan_reminders(now=at(day.year, day.month, day.day, 17))
    late = plan_reminders(now=at(day.year, day.month, day.day, 23, 59, 59))

    assert (first.queued, first.already_reminded) == (1, 0)
    assert (second.queued, second.already_reminded) == (0, 1)
    assert (late.queued, late.already_reminded) == (0, 1)
    assert list(digests().values_list("idempotency_key", flat=True)) == [
        f"reminder:2015-10-23:{editor.pk}"
    ]


def test_no_reminder_between_reminder_days(cycle):
    leeds = ccg("NHS LEEDS CCG")
    make_footprint(cycle, leeds, name="Leeds")
    person(leeds, Role.EDITOR, "editor@leeds.example.nhs.uk")

    for days_left in (13, 8, 6, 3, 1):
        run = plan_reminders(now=noon(FOOTPRINT_DUE - timedelta(days=days_left)))
        assert run.queued == 0, days_left
    for overdue in (1, 6, 8, 13):
        run = plan_reminders(now=noon(FOOTPRINT_DUE + timedelta(days=overdue)))
        assert run.queued == 0, overdue

    assert not digests().exists()


def reminder_days(user):
    keys = digests().filter(to=user.email).values_list("idempotency_key", flat=True)
    return sorted(date.fromisoformat(key.split(":")[1]) for key in keys)


def test_an_extension_moves_the_reminder_days_of_that_footprint_only(cycle, admin_user):
    leeds, wakefield = ccg("NHS LEEDS CCG"), ccg("NHS WAKEFIELD CCG")
    make_footprint(cycle, leeds, name="Leeds")
    extended = make_footprint(cycle, wakefield, name="Wakefield")
    leeds_editor = person(leeds, Role.EDITOR, "editor@leeds.example.nhs.uk")
    wakefield_editor = person(wakefield, Role.EDITOR, "editor@wakefield.example.nhs.uk")
    grant_extension(stage=stage(cycle, StageKind.FOOTPRINT), footprint=extended,
                    due_on=date(2015, 11, 6), reason="Accountable officer left.",
                    granted_by=admin_user)  # fmt: skip

    day = date(2015, 10, 10)
    while day <= date(2015, 11, 14):
        plan_reminders(now=noon(day))
        day += timedelta(days=1)

    assert reminder_days(leeds_editor) == [
        date(2015, 10, 16),
        date(2015, 10, 23),
        date(2015, 10, 28),
        date(2015, 10, 30),
        date(2015, 11, 6),
        date(2015, 11, 13),
    ]
    assert reminder_days(wakefield_editor) == [
        date(2015, 10, 23),
        date(2015, 10, 30),
        date(2015, 11, 4),
        date(2015, 11, 6),
        date(2015, 11, 13),
    ]
    last = digests().get(to=wakefield_editor.email, idempotency_key__contains="2015-11-06")
    assert "Due by 23:59 on 6 November 2015, London time: Due today" in last.body_text


# --- The schedule: offsets, the periodic task and beat ---------------------------------------


def test_the_celery_task_takes_its_offsets_from_its_kwargs(cycle):
    leeds = ccg("NHS LEEDS CCG")
    make_footprint(cycle, leeds, name="Leeds")
    editor = person(leeds, Role.EDITOR, "editor@leeds.example.nhs.uk")

    results = {}
    for day in range(26, 32):
        with time_machine.travel(at(2015, 10, day, 9), tick=False):
            results[day] = roadmap_tasks.plan_reminders.run(days_before=[3], overdue_every_days=2)
    for day in range(1, 4):
        with time_machine.travel(at(2015, 11, day, 9), tick=False):
            results[31 + day] = roadmap_tasks.plan_reminders.run(
                days_before=[3], overdue_every_days=2
            )

    assert results[27] == {"queued": 1, "already_reminded": 0}
    assert results[30] == {"queued": 0, "already_reminded": 0}
    # 3 days before (27 October), then every other day once overdue: 1 and 3 November.
    assert reminder_days(editor) == [date(2015, 10, 27), date(2015, 11, 1), date(2015, 11, 3)]


def test_the_service_defaults_to_the_offsets_in_settings(cycle, settings):
    settings.REMINDER_DAYS_BEFORE = (5,)
    settings.REMINDER_OVERDUE_EVERY_DAYS = 3
    leeds = ccg("NHS LEEDS CCG")
    make_footprint(cycle, leeds, name="Leeds")
    editor = person(leeds, Role.EDITOR, "editor@leeds.example.nhs.uk")

    for offset in range(-7, 15):
        plan_reminders(now=noon(FOOTPRINT_DUE - timedelta(days=offset)))

    assert reminder_days(editor) == [date(2015, 10, 25), date(2015, 11, 2), date(2015, 11, 5)]


@pytest.mark.parametrize(
    ("days_before", "overdue_every_days"),
    [
        ([14, -1], 7),
        (["soon"], 7),
        ([2.5], 7),
        ("14", 7),
        (7, 7),
        (None, 0),
        (None, -7),
        (None, "weekly"),
        (None, 1.5),
        ([True], 7),
    ],
)
def test_bad_offsets_are_refused_and_nothing_is_queued(cycle, days_before, overdue_every_days):
    leeds = ccg("NHS LEEDS CCG")
    make_footprint(cycle, leeds, name="Leeds")
    person(leeds, Role.EDITOR, "editor@leeds.example.nhs.uk")

    with pytest.raises(ActionRefused) as refused:
        plan_reminders(
            now=noon(FOOTPRINT_DUE),
            days_before=days_before,
            overdue_every_days=overdue_every_days,
        )

    assert str(refused.value) in {
        "Reminder days must be whole numbers.",
        "Reminder days must be 0 or more, and overdue reminders at least a day apart.",
    }
    assert not OutboundEmail.objects.exists()


def test_the_celery_task_refuses_bad_offsets_too(cycle):
    with pytest.raises(ActionRefused):
        roadmap_tasks.plan_reminders.run(days_before=[-2], overdue_every_days=7)


@pytest.mark.django_db
def test_the_reminder_planner_runs_hourly_in_the_working_day_london_time():
    task = PeriodicTask.objects.get(name="plan-reminders")

    assert (task.task, task.enabled) == ("roadmaps.plan_reminders", True)
    assert task.interval is None
    crontab = task.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week) == ("0", "7-17", "*")
    assert (crontab.day_of_month, crontab.month_of_year) == ("*", "*")
    assert str(crontab.timezone) == "Europe/London"
    assert json.loads(task.kwargs) == {"days_before": [14, 7, 2, 0], "overdue_every_days": 7}
    assert task.task in celery_app.tasks


# The scheduler closes database connections as it starts, so no test transaction can wrap it.
@pytest.mark.django_db(transaction=True)
def test_an_admins_edit_to_the_reminder_schedule_survives_beat_starting():
    # An earlier transactional test may have emptied the tables the migration filled.
    SCHEDULE_MIGRATION.create_schedule(django_apps, None)
    task = PeriodicTask.objects.get(name="plan-reminders")
    task.crontab.hour = "8"
    task.crontab.save()
    task.kwargs = json.dumps({"days_before": [10, 3], "overdue_every_days": 3})
    task.save()

    DatabaseScheduler(app=celery_app)

    task = PeriodicTask.objects.get(name="plan-reminders")
    assert task.crontab.hour == "8"
    assert json.loads(task.kwargs) == {"days_before": [10, 3], "overdue_every_days": 3}
    assert task.enabled is True
    assert PeriodicTask.objects.filter(task="roadmaps.plan_reminders").count() == 1
    assert "roadmaps.plan_reminders" in celery_app.tasks


# --- A stage's deadline moves ----------------------------------------------------------------


@pytest.fixture
def roadmaps_due(cycle, admin_user):
    """Leeds (awaiting sign-off), Wakefield extended to 5 July and York extended to 31 July,
    both draft; and a trust whose assessment is not started (a task of another stage)."""
    world = make_world()
    roadmap = world.roadmap
    roadmap.state, roadmap.sign_off_round = "awaiting_sign_off", 1
    roadmap.save(update_fields=["state", "sign_off_round"])
    SignOff.objects.create(roadmap=roadmap, round=1, organisation=world.partner)
    roadmap_stage = stage(cycle, StageKind.ROADMAP)
    extended = {}
    for name, due_on in (("Wakefield", date(2016, 7, 5)), ("York", date(2016, 7, 31))):
        lead = ccg(f"NHS {name.upper()} LEAD CCG")
        draft = RoadmapFactory(footprint__cycle=cycle, footprint__lead_ccg=lead,
                               footprint__name=name)  # fmt: skip
        grant_extension(stage=roadmap_stage, footprint=draft.footprint, due_on=due_on,
                        reason="Board dates.", granted_by=admin_user)  # fmt: skip
        extended[name] = person(lead, Role.EDITOR, f"editor@{name.lower()}.example.nhs.uk")
    hospitals = trust("LEEDS TEACHING HOSPITALS")
    AssessmentFactory(organisation=hospitals, cycle=cycle, state="not_started")
    person(hospitals, Role.EDITOR, "editor@lth.example.nhs.uk")
    OutboundEmail.objects.all().delete()  # the extension notices
    return world, extended, roadmap_stage


def test_moving_a_due_date_emails_exactly_the_people_whose_tasks_move(roadmaps_due, admin_user):
    world, extended, roadmap_stage = roadmaps_due

    with time_machine.travel(at(2016, 6, 1, 10), tick=False):
        change_stage_dates(
            stage=roadmap_stage,
            opens_at=roadmap_stage.opens_at,
            due_at=end_of_day(date(2016, 7, 8)),
            changed_by=admin_user,
        )

    # Leeds' editor and its partner's approver; Wakefield's extension (5 July) now falls
    # before the stage's date; York's (31 July) is later than both and changes nothing.
    assert recipients("deadline_moved") == [
        world.partner_approver.email,
        world.lead_editor.email,
        extended["Wakefield"].email,
    ]
    assert not OutboundEmail.objects.exclude(template="deadline_moved").exists()
    lead_email = OutboundEmail.objects.get(to=world.lead_editor.email)
    assert lead_email.subject == (
        "Note the new date, 8 July 2016: NHS England has moved the roadmap deadline"
    )
    assert listed_tasks(lead_email) == [
        "Submit the local digital roadmap for Leeds (NHS Leeds CCG)"
    ]
    assert (
        "Was due on 30 June 2016; now due by 23:59 on 8 July 2016, London time: 37 days left"
        in lead_email.body_text
    )
    assert link("roadmap_tasks", world.roadmap.pk) in lead_email.body_text
    wakefield_email = OutboundEmail.objects.get(to=extended["Wakefield"].email)
    assert "Was due on 5 July 2016; now due by 23:59 on 8 July 2016" in wakefield_email.body_text
    assert AuditEvent.objects.filter(verb="stage.dates_changed").count() == 1


def test_moving_only_the_opening_date_emails_nobody(roadmaps_due, admin_user):
    _world, _extended, roadmap_stage = roadmaps_due

    with time_machine.travel(at(2016, 1, 20, 10), tick=False):
        change_stage_dates(
            stage=roadmap_stage,
            opens_at=at(2016, 2, 8),
            due_at=roadmap_stage.due_at,
            changed_by=admin_user,
        )

    assert not OutboundEmail.objects.exists()
    assert AuditEvent.objects.filter(verb="stage.dates_changed").count() == 1


def test_moving_a_due_date_to_the_same_day_again_emails_nobody_twice(roadmaps_due, admin_user):
    world, _extended, roadmap_stage = roadmaps_due
    new_due = end_of_day(date(2016, 7, 8))

    with time_machine.travel(at(2016, 6, 1, 10), tick=False):
        change_stage_dates(stage=roadmap_stage, opens_at=roadmap_stage.opens_at, due_at=new_due,
                           changed_by=admin_user)  # fmt: skip
        change_stage_dates(stage=roadmap_stage, opens_at=roadmap_stage.opens_at, due_at=new_due,
                           changed_by=admin_user)  # fmt: skip

    assert OutboundEmail.objects.filter(to=world.lead_editor.email).count() == 1


def test_reminders_follow_a_moved_due_date(roadmaps_due, admin_user):
    world, _extended, roadmap_stage = roadmaps_due
    with time_machine.travel(at(2016, 6, 1, 10), tick=False):
        change_stage_dates(stage=roadmap_stage, opens_at=roadmap_stage.opens_at,
                           due_at=end_of_day(date(2016, 7, 8)), changed_by=admin_user)  # fmt: skip

    plan_reminders(now=noon(ROADMAP_DUE))
    plan_reminders(now=noon(date(2016, 7, 1)))

    assert reminder_days(world.lead_editor) == [date(2016, 7, 1)]


# --- "Send reminders now" --------------------------------------------------------------------


def test_send_reminders_now_emails_everyone_outstanding_in_the_chosen_organisations(
    assessed, admin_user
):
    hospitals = assessed["started"].organisation
    now = noon(MATURITY_DUE - timedelta(days=5))
    preview = preview_reminders_now(organisation_ids=[hospitals.pk], now=now)

    run = send_reminders_now(organisation_ids=[hospitals.pk], sent_by=admin_user, now=now)
    again = send_reminders_now(organisation_ids=[hospitals.pk], sent_by=admin_user, now=now)

    assert (preview.people, preview.already_reminded) == (1, 0)
    assert (run.queued, run.already_reminded) == (1, 0)
    assert (again.queued, again.already_reminded) == (0, 1)
    assert recipients() == [assessed["hospitals_editor"].email]
    assert AuditEvent.objects.filter(verb="reminders.sent_now").count() == 2


def test_only_an_nhs_england_admin_can_send_reminders_now(assessed):
    lead_editor = assessed["lead_editor"]

    with pytest.raises(ActionRefused) as refused:
        send_reminders_now(organisation_ids=[lead_editor.memberships.get().organisation_id],
                           sent_by=lead_editor, now=noon(MATURITY_DUE))  # fmt: skip

    assert str(refused.value) == "Only NHS England admins can send reminders."
    assert not OutboundEmail.objects.exists()


# --- Cost ------------------------------------------------------------------------------------


def grow_everything(cycle, size):
    """``size`` more of each kind of task, each with its own people."""
    for _ in range(size):
        draft_lead = ccg("NHS DRAFT CCG")
        make_footprint(cycle, draft_lead)
        MembershipFactory(organisation=draft_lead, role=Role.EDITOR)
        submitted_lead, partner = ccg("NHS SUBMITTED CCG"), ccg("NHS PARTNER CCG")
        make_footprint(cycle, submitted_lead, partner, state="submitted")
        MembershipFactory(organisation=partner, role=Role.APPROVER)
        roadmap = RoadmapFactory(footprint__cycle=cycle, state="awaiting_sign_off",
                                 sign_off_round=1)  # fmt: skip
        lead = roadmap.footprint.lead_ccg
        MembershipFactory(organisation=lead, role=Role.EDITOR)
        MembershipFactory(organisation=lead, role=Role.APPROVER)
        SignOff.objects.create(roadmap=roadmap, round=1, organisation=lead)
        provider = trust("NHS TRUST")
        FootprintMemberFactory(footprint=roadmap.footprint, organisation=provider)
        AssessmentFactory(organisation=provider, cycle=cycle, state="in_progress")
        MembershipFactory(organisation=provider, role=Role.EDITOR)
        signing = trust("NHS SIGNING TRUST")
        AssessmentFactory(organisation=signing, cycle=cycle, state="submitted")
        MembershipFactory(organisation=signing, role=Role.APPROVER)


def test_planning_reminders_makes_as_many_queries_for_many_footprints_as_for_few(cycle):
    now = noon(ROADMAP_DUE - timedelta(days=14))
    counts = []
    for size, more in ((5, 5), (40, 35)):
        grow_everything(cycle, more)
        with CaptureQueriesContext(connection) as selector_queries:
            found = outstanding_by_person(now=now)
        plan_reminders(now=now)
        # Everybody has been reminded today: a second run only plans.
        with CaptureQueriesContext(connection) as planning_queries:
            run = plan_reminders(now=now)
        counts.append((len(selector_queries), len(planning_queries)))
        assert run.queued == 0

        assert len(found) == size * 6

    assert counts[0] == counts[1], counts
