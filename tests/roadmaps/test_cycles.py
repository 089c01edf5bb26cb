from datetime import UTC, date, datetime, timedelta
from io import StringIO

import factory
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.enums import Role
from accounts.errors import ActionRefused
from accounts.models import AuditEvent
from roadmaps.enums import MemberRole, StageKind
from roadmaps.models import Cycle, Footprint, FootprintMember, Stage
from roadmaps.selectors.cycles import current_cycle, is_open, stage_of
from roadmaps.services.cycles import (
    change_stage_dates,
    end_of_day,
    load_cycle,
    start_of_day,
)
from tests.factories import (
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    UserFactory,
)


class FootprintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Footprint

    cycle = factory.LazyFunction(lambda: load_cycle(name="2015-16").cycle)
    name = factory.Sequence(lambda n: f"Test footprint {n}")
    lead_ccg = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory)


class FootprintMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FootprintMember

    footprint = factory.SubFactory(FootprintFactory)
    cycle = factory.SelfAttribute("footprint.cycle")
    organisation = factory.SubFactory(OrganisationFactory)
    role = MemberRole.PARTNER_CCG


@pytest.fixture
def nhse_admin(db):
    return MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def windows(cycle):
    return {stage.kind: (stage.opens_at, stage.due_at) for stage in cycle.stages.all()}


def run_load_cycle(name):
    out = StringIO()
    call_command("load_cycle", name, stdout=out)
    return out.getvalue().splitlines()


def stage_change_form(stage, *, opens, due):
    """What the admin's change page posts: each datetime as a London date and time."""
    return {
        "opens_at_0": opens.isoformat(),
        "opens_at_1": "00:00:00",
        "due_at_0": due.isoformat(),
        "due_at_1": "23:59:59",
    }


def test_a_deadline_is_the_last_second_of_its_day_in_london_on_either_side_of_the_clock_change():
    # British Summer Time began at 01:00 GMT on 27 March 2016 and ended on 30 October 2016.
    assert end_of_day(date(2016, 3, 26)) == utc(2016, 3, 26, 23, 59, 59)
    assert end_of_day(date(2016, 3, 27)) == utc(2016, 3, 27, 22, 59, 59)
    assert start_of_day(date(2016, 3, 27)) == utc(2016, 3, 27, 0, 0, 0)
    assert start_of_day(date(2016, 10, 30)) == utc(2016, 10, 29, 23, 0, 0)
    assert end_of_day(date(2016, 10, 30)) == utc(2016, 10, 30, 23, 59, 59)


@pytest.mark.django_db
def test_the_2015_16_cycle_has_the_programmes_real_dates_in_london_time():
    cycle = load_cycle(name="2015-16").cycle

    assert windows(cycle) == {
        # Opens at midnight BST, which is 23:00 UTC the day before; due at 23:59:59 GMT.
        StageKind.FOOTPRINT: (utc(2015, 9, 3, 23, 0, 0), utc(2015, 10, 30, 23, 59, 59)),
        StageKind.MATURITY: (utc(2015, 11, 2, 0, 0, 0), utc(2016, 1, 15, 23, 59, 59)),
        # 30 June 2016 is in BST: 23:59:59 in London is 22:59:59 UTC.
        StageKind.ROADMAP: (utc(2016, 2, 1, 0, 0, 0), utc(2016, 6, 30, 22, 59, 59)),
        StageKind.PUBLICATION: (utc(2017, 1, 1, 0, 0, 0), utc(2017, 1, 31, 23, 59, 59)),
    }


@pytest.mark.django_db
def test_loading_2015_16_prints_every_stage_in_london_time():
    output = run_load_cycle("2015-16")

    assert output == [
        "Created cycle 2015-16 with 4 stages (London time):",
        "  Footprint: opens Fri 4 Sep 2015 00:00:00 BST, due Fri 30 Oct 2015 23:59:59 GMT",
        "  Digital maturity self-assessment: opens Mon 2 Nov 2015 00:00:00 GMT, "
        "due Fri 15 Jan 2016 23:59:59 GMT",
        "  Roadmap: opens Mon 1 Feb 2016 00:00:00 GMT, due Thu 30 Jun 2016 23:59:59 BST",
        "  Publication: opens Sun 1 Jan 2017 00:00:00 GMT, due Tue 31 Jan 2017 23:59:59 GMT",
    ]


@pytest.mark.django_db
def test_loading_a_cycle_again_changes_nothing_and_says_so():
    run_load_cycle("2015-16")
    stages_before = list(Stage.objects.order_by("pk").values())
    events_before = AuditEvent.objects.count()

    output = run_load_cycle("2015-16")

    assert output[0] == "No changes: cycle 2015-16 is already loaded (London time):"
    assert len(output) == 5
    assert list(Stage.objects.order_by("pk").values()) == stages_before
    assert AuditEvent.objects.count() == events_before
    assert Cycle.objects.count() == 1


@pytest.mark.django_db
def test_loading_a_cycle_again_keeps_dates_an_admin_has_changed(nhse_admin):
    cycle = load_cycle(name="2015-16").cycle
    roadmap = stage_of(cycle, StageKind.ROADMAP)
    change_stage_dates(
        stage=roadmap,
        opens_at=roadmap.opens_at,
        due_at=end_of_day(date(2016, 7, 29)),
        changed_by=nhse_admin,
    )

    report = load_cycle(name="2015-16")

    roadmap.refresh_from_db()
    assert report.changed is False
    assert roadmap.due_at == end_of_day(date(2016, 7, 29))


@pytest.mark.django_db
def test_loading_the_first_time_is_audited():
    load_cycle(name="2015-16")

    event = AuditEvent.objects.get()
    assert event.verb == "cycle.loaded"
    assert event.target_repr == "2015-16"
    assert event.after["roadmap"] == {
        "opens_at": "2016-02-01T00:00:00+00:00",
        "due_at": "2016-06-30T23:59:59+01:00",
    }


@pytest.mark.django_db
def test_an_unknown_cycle_is_refused_with_the_known_ones():
    with pytest.raises(ActionRefused) as refused:
        load_cycle(name="2016-17")
    with pytest.raises(CommandError) as command_refused:
        run_load_cycle("2016-17")

    expected = "There is no cycle called “2016-17” to load. The known cycles are: 2015-16."
    assert str(refused.value) == expected
    assert str(command_refused.value) == expected
    assert not Cycle.objects.exists()


@pytest.mark.django_db
def test_the_current_cycle_is_the_one_whose_footprint_stage_opened_last():
    assert current_cycle() is None

    earlier = load_cycle(name="2015-16").cycle
    later = Cycle.objects.create(name="2016-17")
    Stage.objects.create(
        cycle=later,
        kind=StageKind.FOOTPRINT,
        opens_at=start_of_day(date(2016, 9, 1)),
        due_at=end_of_day(date(2016, 10, 31)),
    )

    assert current_cycle() == later
    assert current_cycle() != earlier


@pytest.mark.django_db
def test_a_stage_is_open_from_its_first_second_to_the_end_of_its_last():
    footprint = stage_of(load_cycle(name="2015-16").cycle, StageKind.FOOTPRINT)

    assert is_open(footprint, now=footprint.opens_at - timedelta(microseconds=1)) is False
    assert is_open(footprint, now=footprint.opens_at) is True
    assert is_open(footprint, now=footprint.due_at + timedelta(milliseconds=500)) is True
    assert is_open(footprint, now=footprint.due_at + timedelta(seconds=1)) is False


@pytest.mark.django_db
def test_changing_a_stages_dates_records_before_and_after(nhse_admin):
    roadmap = stage_of(load_cycle(name="2015-16").cycle, StageKind.ROADMAP)

    change_stage_dates(
        stage=roadmap,
        opens_at=start_of_day(date(2016, 2, 1)),
        due_at=end_of_day(date(2016, 7, 29)),
        changed_by=nhse_admin,
    )

    roadmap.refresh_from_db()
    event = AuditEvent.objects.get(verb="stage.dates_changed")
    assert roadmap.due_at == utc(2016, 7, 29, 22, 59, 59)
    assert event.actor == nhse_admin
    assert event.target_repr == "2015-16 – Roadmap"
    assert event.before == {
        "opens_at": "2016-02-01T00:00:00+00:00",
        "due_at": "2016-06-30T23:59:59+01:00",
    }
    assert event.after == {
        "opens_at": "2016-02-01T00:00:00+00:00",
        "due_at": "2016-07-29T23:59:59+01:00",
    }


@pytest.mark.django_db
def test_a_stage_cannot_be_due_before_it_opens(nhse_admin):
    footprint = stage_of(load_cycle(name="2015-16").cycle, StageKind.FOOTPRINT)

    with pytest.raises(ActionRefused, match="The due date must be after the date the stage opens"):
        change_stage_dates(
            stage=footprint,
            opens_at=start_of_day(date(2015, 9, 4)),
            due_at=end_of_day(date(2015, 9, 3)),
            changed_by=nhse_admin,
        )

    footprint.refresh_from_db()
    assert footprint.due_at == utc(2015, 10, 30, 23, 59, 59)
    assert not AuditEvent.objects.filter(verb="stage.dates_changed").exists()


@pytest.mark.django_db
def test_an_nhs_england_admin_changes_a_stages_dates_in_the_admin_and_it_is_audited(
    client, nhse_admin
):
    roadmap = stage_of(load_cycle(name="2015-16").cycle, StageKind.ROADMAP)
    client.force_login(nhse_admin)

    response = client.post(
        reverse("admin:roadmaps_stage_change", args=[roadmap.pk]),
        stage_change_form(roadmap, opens=date(2016, 2, 1), due=date(2016, 7, 29)),
    )

    roadmap.refresh_from_db()
    event = AuditEvent.objects.get(verb="stage.dates_changed")
    assert response.status_code == 302
    assert roadmap.due_at == end_of_day(date(2016, 7, 29))
    assert event.actor == nhse_admin
    assert event.after["due_at"] == "2016-07-29T23:59:59+01:00"


@pytest.mark.django_db
def test_the_admin_shows_why_a_stage_cannot_be_due_before_it_opens(client, nhse_admin):
    footprint = stage_of(load_cycle(name="2015-16").cycle, StageKind.FOOTPRINT)
    client.force_login(nhse_admin)

    response = client.post(
        reverse("admin:roadmaps_stage_change", args=[footprint.pk]),
        stage_change_form(footprint, opens=date(2015, 9, 4), due=date(2015, 9, 1)),
    )

    footprint.refresh_from_db()
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "due_at": ["The due date must be after the date the stage opens."]
    }
    assert footprint.due_at == utc(2015, 10, 30, 23, 59, 59)
    assert not AuditEvent.objects.filter(verb="stage.dates_changed").exists()


@pytest.mark.django_db
def test_stages_cannot_be_added_or_deleted_in_the_admin(client, nhse_admin):
    footprint = stage_of(load_cycle(name="2015-16").cycle, StageKind.FOOTPRINT)
    client.force_login(nhse_admin)

    add = client.get(reverse("admin:roadmaps_stage_add"))
    delete = client.post(
        reverse("admin:roadmaps_stage_delete", args=[footprint.pk]), {"post": "yes"}
    )

    assert (add.status_code, delete.status_code) == (403, 403)
    assert Stage.objects.filter(pk=footprint.pk).exists()


@pytest.mark.django_db
def test_a_cycle_shows_its_stages_read_only_in_the_admin(client, nhse_admin):
    cycle = load_cycle(name="2015-16").cycle
    client.force_login(nhse_admin)

    changelist = client.get(reverse("admin:roadmaps_cycle_changelist"))
    page = client.get(reverse("admin:roadmaps_cycle_change", args=[cycle.pk]))

    assert changelist.status_code == 200
    assert page.status_code == 200
    # Only who answers the self-assessment is a field (tests/roadmaps/test_assessed_kinds.py).
    assert 'name="name"' not in page.content.decode()
    assert 'name="stages-0-due_at_0"' not in page.content.decode()
    # Shown in London time: the roadmap deadline is 22:59:59 UTC, in BST.
    assert "30 Jun 2016, 11:59 p.m." in page.content.decode()


@pytest.mark.django_db
def test_people_who_are_not_nhs_england_admins_cannot_reach_stages_in_the_admin(client):
    footprint = stage_of(load_cycle(name="2015-16").cycle, StageKind.FOOTPRINT)
    approver = MembershipFactory(role=Role.APPROVER).user
    reviewer = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user
    url = reverse("admin:roadmaps_stage_change", args=[footprint.pk])
    form = stage_change_form(footprint, opens=date(2015, 9, 4), due=date(2015, 12, 31))

    statuses = []
    for person in (approver, reviewer):
        client.force_login(person)
        statuses.append(client.get(url, follow=True).status_code)
        statuses.append(client.post(url, form, follow=True).status_code)

    footprint.refresh_from_db()
    assert statuses == [403, 403, 403, 403]
    assert footprint.due_at == utc(2015, 10, 30, 23, 59, 59)
    assert not AuditEvent.objects.filter(verb="stage.dates_changed").exists()


@pytest.mark.django_db
def test_footprints_and_their_members_are_read_only_in_the_admin(client, nhse_admin):
    member = FootprintMemberFactory()
    client.force_login(nhse_admin)

    pages = [
        client.get(reverse("admin:roadmaps_footprint_changelist")),
        client.get(reverse("admin:roadmaps_footprint_change", args=[member.footprint.pk])),
        client.get(reverse("admin:roadmaps_footprintmember_changelist")),
        client.get(reverse("admin:roadmaps_footprintmember_change", args=[member.pk])),
    ]
    add = client.get(reverse("admin:roadmaps_footprint_add"))

    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    assert all('name="_save"' not in page.content.decode() for page in pages)
    assert member.organisation.name in pages[1].content.decode()
    assert add.status_code == 403


@pytest.mark.django_db
def test_a_cycle_made_for_later_takes_over_only_once_it_starts():
    started = load_cycle(name="2015-16").cycle
    later = Cycle.objects.create(name="2016-17 refresh")
    Stage.objects.create(
        cycle=later,
        kind=StageKind.FOOTPRINT,
        opens_at=start_of_day(date(2016, 9, 1)),
        due_at=end_of_day(date(2016, 10, 31)),
    )

    assert current_cycle(now=end_of_day(date(2016, 8, 31))) == started
    assert current_cycle(now=start_of_day(date(2016, 9, 1))) == later
    # Before any cycle has started, the newest.
    assert current_cycle(now=start_of_day(date(2015, 1, 1))) == later
