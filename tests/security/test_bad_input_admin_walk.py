"""The bad-input walk over the Django admin, as an NHS England admin: every admin address, its
list filters, date hierarchy, search and ordering, and every field of its add, change and
delete forms and of the list's actions, each sent the walk's bad values one at a time.

Nothing may answer 500; a refused request changes no row (the schedule's tables included); a
refused form shows the admin's error note. The service's pages: ``test_bad_input_walk.py``.
"""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from tests.security.bad_requests import (
    argument_requests,
    field_requests,
    forms_for,
    page_of,
    query_requests,
)
from tests.security.badinput import forms_on, problems_with, request
from tests.security.conftest import client_for
from tests.security.database import SERVICE_APPS, snapshot
from tests.security.url_table import NHSE_ADMIN, admin_kwargs, admin_model
from tests.security.urlwalk import REGEX_GROUP, ROUTE_PARAMETER
from tests.security.walk import address, declared, patterns_in

APPS = (*SERVICE_APPS, "django_celery_beat")
REDIRECTS = (301, 302, 303)


@pytest.fixture
def schedules(world):
    """One of each schedule, and a periodic task whose task is not a registered one (so its
    form's "Task (custom)" field is the one that counts)."""
    every_hour = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    task = PeriodicTask.objects.create(
        name="Walk task", task="walk.not_a_registered_task", interval=every_hour
    )
    world.objects_by_model.update(
        {
            "django_celery_beat.PeriodicTask": task.pk,
            "django_celery_beat.IntervalSchedule": every_hour.pk,
            "django_celery_beat.CrontabSchedule": CrontabSchedule.objects.create(
                minute="0", hour="7-17"
            ).pk,
            "django_celery_beat.SolarSchedule": SolarSchedule.objects.create(
                event="sunrise", latitude=53.8, longitude=-1.55
            ).pk,
            "django_celery_beat.ClockedSchedule": ClockedSchedule.objects.create(
                clocked_time="2016-06-30T12:00:00Z"
            ).pk,
        }
    )
    return world


def changelist_parameters(pattern, user):
    """The query parameters a model's list reads: its filters' and date hierarchy's, search
    and ordering, worked out by the admin itself rather than from the links it happens to show."""
    model = admin_model(pattern)
    if model is None or not pattern.name or not pattern.name.endswith("_changelist"):
        return set()
    model_admin = admin.site._registry[model]
    fake = RequestFactory().get("/")
    fake.user = user
    changelist = model_admin.get_changelist_instance(fake)
    names = {"q", "o", "p", "e", "_to_field", "_popup"}
    for spec in changelist.filter_specs:
        names |= set(spec.expected_parameters())
    if model_admin.date_hierarchy:
        names |= {f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")}
    return names


def admin_judged(answer, bad_request, before):
    page = answer.page
    shows = 'class="errornote"' in page or 'class="errorlist' in page
    if bad_request.method == "GET":
        may_change, refused_form = False, False
    else:
        may_change = answer.status in REDIRECTS
        refused_form = answer.status == 200 and "<form" in page and shows
    return problems_with(
        answer,
        before=before,
        may_change=may_change,
        refused_form=refused_form,
        shows_errors=shows,
        typed=bad_request.typed,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", patterns_in(NHSE_ADMIN), ids=str)
def test_bad_input_never_breaks_an_admin_page_nor_changes_what_it_should_not(schedules, pattern):
    world = schedules
    access = declared(pattern)
    user = world.nhse_admin.user
    client = client_for(user)
    path = address(pattern, world)
    values = admin_kwargs(pattern, world)
    kwargs = {name: values[name] for name in pattern_names(pattern)}
    page_path, html = page_of(client, path)
    forms = forms_for(client, pattern, page_path, html)
    bad_requests = [
        # A bad object id is looked up the same way by GET and POST.
        *(r for r in argument_requests(pattern, access, kwargs, []) if r.method == "GET"),
        *query_requests(pattern, page_path, html, changelist_parameters(pattern, user)),
        *field_requests(page_path, forms, {}),
    ]
    before = snapshot(APPS)
    problems = [
        f"  - {page_path}: field {name} has a maxlength, where a browser cuts what is typed"
        for form in forms_on(html)
        for name in form.capped
    ]

    for bad_request in bad_requests:
        answer = request(
            client,
            bad_request.method,
            bad_request.path,
            query=bad_request.query,
            body=bad_request.body,
            apps=APPS,
        )
        problems += [
            f"  - {bad_request.what} ({bad_request.path[:120]}): {problem}"
            for problem in admin_judged(answer, bad_request, before)
        ]

    assert not problems, f"{pattern}:\n" + "\n".join(problems)


def pattern_names(pattern):
    names = []
    for text, is_regex in pattern.pieces:
        names += (REGEX_GROUP if is_regex else ROUTE_PARAMETER).findall(text)
    return names
