"""The admin's answers to values it cannot use: an out-of-range year in a date filter, a
periodic task named beyond its limit with no registered task chosen, a crontab schedule out
of cron's ranges. Each is refused on the page, with the error by the field; never a 500."""

import pytest
from django.urls import reverse
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from tests.form_pages import field_attributes
from tests.security.conftest import client_for
from tests.security.database import changes, described, snapshot

APPS = ("accounts", "roadmaps", "maturity", "django_celery_beat")


def errors_on_admin_form(response):
    """The admin's error note and each field's errors, as the page shows them."""
    import re

    page = response.content.decode()
    note = re.findall(r'<p class="errornote">\s*(.*?)\s*</p>', page, re.DOTALL)
    fields = re.findall(
        r'<ul class="errorlist"[^>]*id="id_(\w+)_error"[^>]*>\s*<li>(.*?)</li>', page, re.DOTALL
    )
    return note, fields


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("admin_list", "query"),
    [
        ("admin:accounts_auditevent_changelist", "at__year=99999999999999999999"),
        ("admin:accounts_auditevent_changelist", "at__year=9999"),
        ("admin:accounts_auditevent_changelist", "at__year=2016&at__month=12&at__day=99"),
        ("admin:accounts_outboundemail_changelist", "created_at__year=-99999999999999999999"),
        ("admin:django_celery_beat_periodictask_changelist", "start_time__year=99999999999"),
    ],
)
def test_a_date_filter_beyond_any_date_is_an_invalid_filter_not_a_500(world, admin_list, query):
    client = client_for(world.nhse_admin.user)
    path = reverse(admin_list)

    response = client.get(f"{path}?{query}")

    # Django's answer to any filter it cannot apply: the list again, flagged invalid.
    assert (response.status_code, response["Location"]) == (302, f"{path}?e=1")
    assert client.get(response["Location"]).status_code == 200


def periodic_task_form(periodic, **changes):
    return {
        "name": periodic.name,
        "regtask": "",
        "task": periodic.task,
        "enabled": "on",
        "description": "",
        "interval": periodic.interval_id,
        "start_time_0": "",
        "start_time_1": "",
        "args": "[]",
        "kwargs": "{}",
        "expires_0": "",
        "expires_1": "",
        "queue": "",
        "exchange": "",
        "routing_key": "",
        "headers": "{}",
        "priority": "",
        "expire_seconds": "",
        **changes,
    }


@pytest.mark.django_db
def test_a_custom_task_name_over_200_characters_with_no_registered_task_is_refused(world):
    client = client_for(world.nhse_admin.user)
    task = PeriodicTask.objects.create(
        name="Walk task",
        task="walk.not_registered",
        interval=IntervalSchedule.objects.create(every=2, period=IntervalSchedule.HOURS),
    )
    before = snapshot(APPS)

    response = client.post(
        reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]),
        periodic_task_form(task, task="walk." + "x" * 250),
    )

    assert response.status_code == 200
    assert errors_on_admin_form(response) == (
        ["Please correct the error below."],
        [("task", "Task (custom) must be 200 characters or fewer")],
    )
    assert field_attributes(response, "id_task").get("maxlength") is None
    assert not changes(before, snapshot(APPS)), described(changes(before, snapshot(APPS)))
    assert PeriodicTask.objects.get(pk=task.pk).task == "walk.not_registered"


@pytest.mark.django_db
def test_a_registered_task_the_service_does_not_have_is_refused(world):
    client = client_for(world.nhse_admin.user)
    task = PeriodicTask.objects.create(
        name="Walk task",
        task="walk.not_registered",
        interval=IntervalSchedule.objects.create(every=2, period=IntervalSchedule.HOURS),
    )

    response = client.post(
        reverse("admin:django_celery_beat_periodictask_change", args=[task.pk]),
        periodic_task_form(task, regtask="roadmaps.plan_reminders\x00"),
    )

    assert response.status_code == 200
    assert errors_on_admin_form(response) == (
        ["Please correct the error below."],
        [("regtask", "Choose a registered task from the list")],
    )
    assert PeriodicTask.objects.get(pk=task.pk).task == "walk.not_registered"


CRONTAB = {
    "minute": "15",
    "hour": "8-16",
    "day_of_month": "*",
    "month_of_year": "*",
    "day_of_week": "*",
    "timezone": "Europe/London",
    # The page's list of the tasks that use the schedule (none yet).
    "periodictask_set-TOTAL_FORMS": "0",
    "periodictask_set-INITIAL_FORMS": "0",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "what", "values"),
    [
        ("minute", "-1", "the minute", "from 0 to 59"),
        ("hour", "24", "the hour", "from 0 to 23"),
        ("day_of_month", "0", "the day of the month", "from 1 to 31"),
        ("month_of_year", "13", "the month", "from 1 to 12"),
        ("day_of_week", "-99999999999999999999", "the day of the week", "from 0 to 6"),
    ],
)
def test_a_crontab_schedule_out_of_crons_ranges_is_refused_by_the_field(
    world, field, value, what, values
):
    message = f"Enter {what} as cron does: {values}, or *, a range, a list or a step"
    client = client_for(world.nhse_admin.user)
    before = snapshot(APPS)

    response = client.post(
        reverse("admin:django_celery_beat_crontabschedule_add"), {**CRONTAB, field: value}
    )

    assert response.status_code == 200
    assert errors_on_admin_form(response) == (
        ["Please correct the error below."],
        [(field, message)],
    )
    assert not changes(before, snapshot(APPS)), described(changes(before, snapshot(APPS)))


@pytest.mark.django_db
def test_a_time_zone_that_is_no_time_zone_is_refused_by_the_field(world):
    client = client_for(world.nhse_admin.user)
    before = snapshot(APPS)

    response = client.post(
        reverse("admin:django_celery_beat_crontabschedule_add"),
        {**CRONTAB, "timezone": "Europe/" + "x" * 10_000, "initial-timezone": "x" * 10_000},
    )

    assert response.status_code == 200
    assert errors_on_admin_form(response) == (
        ["Please correct the error below."],
        [("timezone", "Choose a time zone from the list")],
    )
    assert not changes(before, snapshot(APPS)), described(changes(before, snapshot(APPS)))


@pytest.mark.django_db
def test_a_valid_crontab_schedule_is_still_saved(world):
    client = client_for(world.nhse_admin.user)

    response = client.post(reverse("admin:django_celery_beat_crontabschedule_add"), CRONTAB)

    assert response.status_code == 302
    assert CrontabSchedule.objects.filter(minute="15", hour="8-16").exists()
