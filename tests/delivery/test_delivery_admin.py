"""Delivery tracking in the Django admin: returns, submissions, assurances and publications
to read, never to add, change or delete; reporting periods whose dates change through the
service, audited and emailed like any stage's."""

import re
from datetime import datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from accounts.models import AuditEvent
from delivery.models import ProgressReturn, ReportingPeriod
from delivery.services.publication import publish_period_ratings
from roadmaps.selectors.deadlines import LONDON, london_day
from tests.delivery.assured import assured, nhse_admin
from tests.delivery.world import make_delivery_world

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = datetime(2016, 10, 3, 12, tzinfo=LONDON)
MODELS = ("progressreturn", "returnsubmission", "returnassurance", "reportingperiod",
          "periodpublication")  # fmt: skip


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def world():
    world = make_delivery_world()
    assured(world, world.periods[0])
    return world


@pytest.fixture
def admin(world):
    return nhse_admin()


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def first_pk(model):
    from django.apps import apps

    return apps.get_model("delivery", model).objects.order_by("pk").values_list("pk", flat=True)[0]


def test_admins_open_every_delivery_list_and_row(admin_client, admin, world):
    publish_period_ratings(period=world.periods[0], published_by=admin)

    for model in MODELS:
        listing = admin_client.get(reverse(f"admin:delivery_{model}_changelist"))
        row = admin_client.get(reverse(f"admin:delivery_{model}_change", args=[first_pk(model)]))
        assert (model, listing.status_code, row.status_code) == (model, 200, 200)


def test_returns_are_listed_by_footprint_period_and_state_and_never_added_or_deleted(
    admin_client, world
):
    progress_return = ProgressReturn.objects.get()
    page = admin_client.get(reverse("admin:delivery_progressreturn_changelist")).content.decode()

    assert "Leeds – 2016/17 Q1" in unescape(page)
    assert "Accepted" in page
    for url in (
        reverse("admin:delivery_progressreturn_add"),
        reverse("admin:delivery_progressreturn_delete", args=[progress_return.pk]),
        reverse("admin:delivery_returnsubmission_delete", args=[first_pk("returnsubmission")]),
    ):
        assert admin_client.get(url).status_code == 403
    assert ProgressReturn.objects.count() == 1


def test_a_return_cannot_be_changed_in_the_admin(admin_client, world):
    progress_return = ProgressReturn.objects.get()

    admin_client.post(
        reverse("admin:delivery_progressreturn_change", args=[progress_return.pk]),
        {"state": "draft", "delivery_confidence": "red"},
    )

    progress_return.refresh_from_db()
    assert (progress_return.state, progress_return.delivery_confidence) == ("accepted", "green")


def test_a_periods_dates_move_through_the_service_with_one_audit_event(admin_client, world):
    q3 = world.periods[2]
    url = reverse("admin:delivery_reportingperiod_change", args=[q3.pk])

    response = admin_client.post(
        url,
        {"opens_at_0": "2017-01-01", "opens_at_1": "00:00:00",
         "due_at_0": "2017-02-06", "due_at_1": "23:59:59"},
    )  # fmt: skip

    assert response.status_code == 302
    q3.refresh_from_db()
    assert london_day(q3.due_at).isoformat() == "2017-02-06"
    assert q3.label == "2016/17 Q3"
    assert AuditEvent.objects.filter(verb="stage.dates_changed", target_id=str(q3.pk)).count() == 1


def test_a_period_due_before_it_opens_is_refused_by_the_field(admin_client, world):
    q3 = world.periods[2]
    url = reverse("admin:delivery_reportingperiod_change", args=[q3.pk])

    response = admin_client.post(
        url,
        {"opens_at_0": "2017-01-01", "opens_at_1": "00:00:00",
         "due_at_0": "2016-12-06", "due_at_1": "23:59:59"},
    )  # fmt: skip

    assert response.status_code == 200
    assert "The due date must be after the date the stage opens." in response.content.decode()
    assert ReportingPeriod.objects.get(pk=q3.pk).due_at == q3.due_at


def test_reporting_periods_are_added_on_the_service_page_not_in_the_admin(admin_client, world):
    assert admin_client.get(reverse("admin:delivery_reportingperiod_add")).status_code == 403


@pytest.mark.parametrize(
    "query",
    ["period__id__exact=not-a-number", "period__cycle__id__exact=99999999999999999999999",
     "state=" + "x" * 10_000, "o=99"],
)  # fmt: skip
def test_bad_filters_on_the_returns_list_are_refused_without_a_server_error(
    admin_client, world, query
):
    admin_client.raise_request_exception = False
    response = admin_client.get(f"{reverse('admin:delivery_progressreturn_changelist')}?{query}")

    assert response.status_code in (200, 302)


def test_someone_who_is_not_an_admin_gets_no_delivery_admin_page(client, world):
    client.force_login(world.reviewer)

    response = client.get(reverse("admin:delivery_progressreturn_changelist"))

    assert response.status_code in (302, 403)
    assert "Leeds" not in response.content.decode()


def test_the_admin_index_lists_the_delivery_models(admin_client, world):
    page = admin_client.get(reverse("admin:index")).content.decode()

    names = set(re.findall(r'href="/admin/delivery/(\w+)/"', page))
    assert names == set(MODELS)
