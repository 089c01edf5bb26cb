"""Deadline extensions: NHS England gives a footprint or an organisation more time for a stage,
and every deadline shown or enforced moves with it, in London days."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import Role
from accounts.errors import ActionRefused
from accounts.models import AuditEvent, OutboundEmail
from roadmaps.enums import StageKind
from roadmaps.models import DeadlineExtension, RoadmapVersion, Stage
from roadmaps.selectors.deadlines import LONDON, effective_deadline, footprint_deadline
from roadmaps.services import submission
from roadmaps.services.cycles import end_of_day, load_cycle, start_of_day
from roadmaps.services.extensions import grant_extension
from tests.factories import (
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.board_data import grow_board
from tests.roadmaps.coverage_data import make_ccg, make_footprint, make_local_office, nhse_reviewer
from tests.roadmaps.submission_world import fill_draft, make_world


def at(*parts):
    return datetime(*parts, tzinfo=LONDON)


@pytest.fixture
def admin_user(db):
    return MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user


@pytest.fixture
def cycle(db):
    return load_cycle(name="2015-16").cycle


@pytest.fixture
def places(cycle):
    office = make_local_office(RegionFactory(), "Q72", "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)")
    leeds_north = make_ccg("NHS LEEDS NORTH CCG", office, ods_code="02V")
    wakefield = make_ccg("NHS WAKEFIELD CCG", office, ods_code="03R")
    return {
        "leeds": make_footprint(cycle, leeds_north, name="Leeds", state="endorsed"),
        "wakefield": make_footprint(cycle, wakefield, name="Wakefield", state="draft"),
        "leeds_north": leeds_north,
    }


def stage(cycle, kind):
    return Stage.objects.get(cycle=cycle, kind=kind)


def roadmap_deadline(footprint):
    return effective_deadline(
        cycle=footprint.cycle, stage_kind=StageKind.ROADMAP, footprint=footprint
    )


# --- The effective deadline ------------------------------------------------------------------


def test_an_extension_for_a_footprint_moves_only_that_footprints_deadline(
    cycle, places, admin_user
):
    grant_extension(
        stage=stage(cycle, StageKind.ROADMAP),
        footprint=places["leeds"],
        due_on=date(2016, 7, 15),
        reason="Their board meets on 14 July.",
        granted_by=admin_user,
    )

    assert roadmap_deadline(places["leeds"]) == at(2016, 7, 15, 23, 59, 59)
    assert roadmap_deadline(places["wakefield"]) == at(2016, 6, 30, 23, 59, 59)
    assert effective_deadline(cycle=cycle, stage_kind=StageKind.ROADMAP) == at(
        2016, 6, 30, 23, 59, 59
    )


def test_an_extension_for_the_lead_ccg_counts_for_its_footprint(cycle, places, admin_user):
    grant_extension(
        stage=stage(cycle, StageKind.ROADMAP),
        organisation=places["leeds_north"],
        due_on=date(2016, 7, 8),
        reason="A merger of CCGs.",
        granted_by=admin_user,
    )

    assert roadmap_deadline(places["leeds"]) == at(2016, 7, 8, 23, 59, 59)
    assert roadmap_deadline(places["wakefield"]) == at(2016, 6, 30, 23, 59, 59)


def test_the_latest_of_the_footprint_and_lead_ccg_extensions_applies(cycle, places, admin_user):
    roadmap_stage = stage(cycle, StageKind.ROADMAP)
    grant_extension(stage=roadmap_stage, organisation=places["leeds_north"],
                    due_on=date(2016, 7, 20), reason="Merger.", granted_by=admin_user)  # fmt: skip
    grant_extension(stage=roadmap_stage, footprint=places["leeds"],
                    due_on=date(2016, 7, 10), reason="Board.", granted_by=admin_user)  # fmt: skip

    assert roadmap_deadline(places["leeds"]) == at(2016, 7, 20, 23, 59, 59)


def test_an_extension_across_the_october_clock_change_counts_london_days(cycle, places, admin_user):
    # The footprint stage is due at 23:59:59 GMT on 30 October 2015; the clocks went back at
    # 02:00 BST on 25 October.
    grant_extension(
        stage=stage(cycle, StageKind.FOOTPRINT),
        footprint=places["wakefield"],
        due_on=date(2015, 11, 6),
        reason="The lead CCG's accountable officer left.",
        granted_by=admin_user,
    )

    with time_machine.travel(at(2015, 10, 24, 23, 30), tick=False):
        deadline = footprint_deadline(places["wakefield"])

    assert deadline.due_at == datetime(2015, 11, 6, 23, 59, 59, tzinfo=UTC)
    assert (deadline.stage_kind, deadline.days_left, deadline.words) == (
        StageKind.FOOTPRINT,
        13,
        "13 days left",
    )
    with time_machine.travel(datetime(2015, 11, 7, 0, 0, tzinfo=UTC), tick=False):
        assert footprint_deadline(places["wakefield"]).words == "1 day overdue"


# --- Granting --------------------------------------------------------------------------------


def test_someone_who_is_not_an_nhs_england_admin_cannot_grant_an_extension(cycle, places):
    for person in (nhse_reviewer(), UserFactory()):
        with pytest.raises(ActionRefused) as refused:
            grant_extension(
                stage=stage(cycle, StageKind.ROADMAP),
                footprint=places["leeds"],
                due_on=date(2016, 7, 15),
                reason="Please.",
                granted_by=person,
            )
        assert str(refused.value) == "Only NHS England admins can extend a deadline."

    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize("due_on", [date(2016, 6, 30), date(2016, 6, 1)])
def test_a_date_not_after_the_stages_due_date_is_refused(cycle, places, admin_user, due_on):
    with pytest.raises(ActionRefused) as refused:
        grant_extension(
            stage=stage(cycle, StageKind.ROADMAP),
            footprint=places["leeds"],
            due_on=due_on,
            reason="Board.",
            granted_by=admin_user,
        )

    assert (
        str(refused.value) == "The new due date must be after 30 June 2016, when the stage is due."
    )
    assert not DeadlineExtension.objects.exists()


def test_a_reason_and_exactly_one_target_are_required(cycle, places, admin_user):
    roadmap_stage = stage(cycle, StageKind.ROADMAP)
    with pytest.raises(ActionRefused) as no_reason:
        grant_extension(stage=roadmap_stage, footprint=places["leeds"], due_on=date(2016, 7, 1),
                        reason="  ", granted_by=admin_user)  # fmt: skip
    with pytest.raises(ActionRefused) as both:
        grant_extension(stage=roadmap_stage, footprint=places["leeds"],
                        organisation=places["leeds_north"], due_on=date(2016, 7, 1),
                        reason="Board.", granted_by=admin_user)  # fmt: skip

    assert str(no_reason.value) == "Say why the deadline is being extended."
    assert str(both.value) == "Choose either a footprint or an organisation, not both."


def test_a_second_grant_replaces_the_date_and_is_audited_with_before_and_after(
    cycle, places, admin_user
):
    roadmap_stage = stage(cycle, StageKind.ROADMAP)
    grant_extension(stage=roadmap_stage, footprint=places["leeds"], due_on=date(2016, 7, 15),
                    reason="Board.", granted_by=admin_user)  # fmt: skip
    grant_extension(stage=roadmap_stage, footprint=places["leeds"], due_on=date(2016, 7, 22),
                    reason="Board moved.", granted_by=admin_user)  # fmt: skip

    assert DeadlineExtension.objects.get().due_at == at(2016, 7, 22, 23, 59, 59)
    events = AuditEvent.objects.filter(verb="deadline.extended").order_by("at", "pk")
    assert [
        (event.before and event.before["due_at"], event.after["due_at"]) for event in events
    ] == [
        (None, "2016-07-15T23:59:59+01:00"),
        ("2016-07-15T23:59:59+01:00", "2016-07-22T23:59:59+01:00"),
    ]
    assert [event.actor for event in events] == [admin_user, admin_user]


def test_the_email_goes_to_the_leads_editors_and_approvers_with_the_new_date_in_london_time(
    cycle, places, admin_user
):
    lead = places["leeds_north"]
    for role, email in [(Role.EDITOR, "editor@leeds.example.nhs.uk"),
                        (Role.APPROVER, "approver@leeds.example.nhs.uk"),
                        (Role.VIEWER, "viewer@leeds.example.nhs.uk")]:  # fmt: skip
        MembershipFactory(organisation=lead, role=role, user=UserFactory(email=email))
    MembershipFactory(organisation=places["wakefield"].lead_ccg, role=Role.EDITOR)

    grant_extension(
        stage=stage(cycle, StageKind.ROADMAP),
        footprint=places["leeds"],
        due_on=date(2016, 7, 15),
        reason="Their board meets on 14 July.",
        granted_by=admin_user,
    )

    sent = OutboundEmail.objects.filter(template="deadline_extended").order_by("to")
    assert [email.to for email in sent] == [
        "approver@leeds.example.nhs.uk",
        "editor@leeds.example.nhs.uk",
    ]
    email = sent[0]
    assert email.subject == (
        "Submit by 15 July 2016: NHS England has extended the roadmap deadline for Leeds"
    )
    assert "It is now due by 23:59 on 15 July 2016 (London time)." in email.body_text
    assert "Their board meets on 14 July." in email.body_text
    assert reverse("footprint_detail", args=[places["leeds"].pk]) in email.body_text


# --- Submitting and showing ------------------------------------------------------------------


@pytest.fixture
def submission_world(db):
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead)
    Stage.objects.update_or_create(
        cycle=world.roadmap.footprint.cycle,
        kind=StageKind.ROADMAP,
        defaults={
            "opens_at": start_of_day(date(2016, 2, 1)),
            "due_at": end_of_day(date(2016, 6, 30)),
        },
    )
    submission.set_signatories(roadmap=world.roadmap, organisation_ids=[world.trust.pk],
                               set_by=world.lead_editor)  # fmt: skip
    submission.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)
    for organisation, approver in [(world.lead, world.lead_approver),
                                   (world.partner, world.partner_approver),
                                   (world.trust, world.trust_approver)]:  # fmt: skip
        submission.sign_off_roadmap(roadmap=world.roadmap, organisation=organisation,
                                    signed_by=approver)  # fmt: skip
    return world


@pytest.mark.parametrize(
    ("now", "accepted"),
    [
        (at(2016, 7, 15, 23, 59, 59), True),
        # 23:30 UTC on 15 July is already 16 July in London (British Summer Time).
        (datetime(2016, 7, 15, 23, 30, tzinfo=UTC), False),
    ],
)
def test_the_lead_can_submit_after_the_stage_deadline_until_its_extension(
    submission_world, admin_user, now, accepted
):
    world = submission_world
    grant_extension(
        stage=Stage.objects.get(cycle=world.roadmap.footprint.cycle, kind=StageKind.ROADMAP),
        footprint=world.roadmap.footprint,
        due_on=date(2016, 7, 15),
        reason="Board.",
        granted_by=admin_user,
    )

    with time_machine.travel(now, tick=False):
        if accepted:
            submission.submit_roadmap(roadmap=world.roadmap, submitted_by=world.lead_editor)
        else:
            with pytest.raises(ActionRefused) as refused:
                submission.submit_roadmap(roadmap=world.roadmap, submitted_by=world.lead_editor)
            assert str(refused.value).startswith("Roadmaps were due by 23:59 on 15 July 2016")

    assert RoadmapVersion.objects.count() == (1 if accepted else 0)


def test_an_extension_for_another_footprint_does_not_let_the_lead_submit(
    submission_world, admin_user
):
    world = submission_world
    other_cycle_stage = Stage.objects.get(cycle=world.roadmap.footprint.cycle,
                                          kind=StageKind.ROADMAP)  # fmt: skip
    other = make_footprint(world.roadmap.footprint.cycle, OrganisationFactory(), name="Other")
    grant_extension(stage=other_cycle_stage, footprint=other, due_on=date(2016, 7, 15),
                    reason="Board.", granted_by=admin_user)  # fmt: skip

    with time_machine.travel(at(2016, 7, 5, 12, 0), tick=False):
        with pytest.raises(ActionRefused) as refused:
            submission.submit_roadmap(roadmap=world.roadmap, submitted_by=world.lead_editor)

    assert str(refused.value).startswith("Roadmaps were due by 23:59 on 30 June 2016")
    assert not RoadmapVersion.objects.exists()


def test_the_footprint_page_and_task_list_show_the_extended_deadline_and_days_left(
    client, submission_world, admin_user
):
    world = submission_world
    footprint = world.roadmap.footprint
    footprint.state = "endorsed"
    footprint.save(update_fields=["state"])
    grant_extension(
        stage=Stage.objects.get(cycle=footprint.cycle, kind=StageKind.ROADMAP),
        footprint=footprint,
        due_on=date(2016, 7, 15),
        reason="Board.",
        granted_by=admin_user,
    )
    client.force_login(world.lead_editor)
    expected = (
        "Roadmap deadline: 23:59 on 15 July 2016 (London time) – <strong>5 days left</strong>"
    )

    with time_machine.travel(at(2016, 7, 10, 12, 0), tick=False):
        detail = client.get(reverse("footprint_detail", args=[footprint.pk]))
        tasks = client.get(reverse("roadmap_tasks", args=[world.roadmap.pk]))

    assert expected in detail.content.decode()
    assert expected in tasks.content.decode()


# --- The national board ----------------------------------------------------------------------


def test_the_board_shows_an_extended_deadline_and_its_queries_do_not_grow_with_extensions(
    client, cycle, admin_user
):
    office = make_local_office(RegionFactory(), "Q72", "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)")
    grow_ccgs = grow_board(cycle, office)
    roadmap_stage = stage(cycle, StageKind.ROADMAP)

    def grow(total):
        grow_ccgs(total)
        # Every footprint and every lead CCG gets an extension: one prefetch reads them all.
        for footprint in cycle.footprints.exclude(
            pk__in=DeadlineExtension.objects.filter(footprint__isnull=False).values("footprint")
        ):
            DeadlineExtension.objects.create(
                stage=roadmap_stage, footprint=footprint, due_at=end_of_day(date(2016, 7, 15))
            )
            DeadlineExtension.objects.create(
                stage=roadmap_stage,
                organisation=footprint.lead_ccg,
                due_at=end_of_day(date(2016, 7, 8)),
            )

    client.force_login(nhse_reviewer())
    url = reverse("national_board")

    assert_queries_do_not_grow(client, url, grow=grow, sizes=(20, 209))
    with time_machine.travel(at(2016, 7, 10, 12, 0), tick=False):
        response = client.get(url, {"sort": "name"})
    rows = [row for row in response.context["rows"] if row.footprint]
    assert {row.deadline for row in rows} == {at(2016, 7, 15, 23, 59, 59)}


def test_an_admin_grants_an_extension_in_the_admin_through_the_service(
    client, cycle, places, admin_user
):
    client.force_login(admin_user)
    roadmap_stage = stage(cycle, StageKind.ROADMAP)
    url = reverse("admin:roadmaps_deadlineextension_add")
    form = {"stage": roadmap_stage.pk, "footprint": places["leeds"].pk, "reason": "Board."}

    too_early = client.post(url, {**form, "due_on": "30/06/2016"})
    granted = client.post(url, {**form, "due_on": "15/07/2016"})

    assert "The new due date must be after 30 June 2016" in too_early.content.decode()
    assert granted.status_code == 302
    assert DeadlineExtension.objects.get().due_at == at(2016, 7, 15, 23, 59, 59)
    assert AuditEvent.objects.get(verb="deadline.extended").actor == admin_user
