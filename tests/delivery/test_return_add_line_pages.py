"""Adding a milestone or a risk to a progress return: back to the section with a
confirmation and the line tagged as added; bad input comes back by its field, never a 500."""

from datetime import date

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from delivery.models import ReturnMilestone, ReturnRisk
from tests.delivery.return_page_helpers import date_parts, open_first, section_url, text
from tests.delivery.world import make_delivery_world
from tests.form_pages import error_summary, field_errors, field_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_delivery_world()


@pytest.fixture
def editor(client, world):
    client.force_login(world.lead_editor)
    return client


def test_adding_a_milestone_returns_to_the_section_with_it_tagged(editor, world):
    progress_return = open_first(world)

    response = editor.post(
        reverse("add_return_milestone", args=[progress_return.pk]),
        {"title": "Patient portal", "owner": "Leeds CCG",
         **date_parts("forecast_on", date(2017, 6, 30))},
    )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == section_url(progress_return, "milestones")
    page = text(editor.get(response["Location"]))
    assert "Milestone “Patient portal” added." in page
    assert "Patient portal Added since acceptance" in page
    assert AuditEvent.objects.filter(verb="return.milestone_added").count() == 1


def test_a_milestone_without_a_date_comes_back_saying_so(editor, world):
    progress_return = open_first(world)

    response = editor.post(
        reverse("add_return_milestone", args=[progress_return.pk]),
        {"title": "Patient portal", **date_parts("forecast_on", None)},
    )

    assert response.status_code == 400
    assert error_summary(response) == [("id_forecast_on", "Enter the forecast date")]
    assert field_value(response, "id_title") == "Patient portal"


def test_adding_a_risk_returns_to_the_section_with_it_tagged(editor, world):
    progress_return = open_first(world)

    response = editor.post(
        reverse("add_return_risk", args=[progress_return.pk]),
        {"description": "Clinical system upgrade clashes", "likelihood": "4", "impact": "4",
         "owner": "Programme board", "mitigation": "Move the go-live"},
    )  # fmt: skip

    assert response["Location"] == section_url(progress_return, "risks")
    page = text(editor.get(response["Location"]))
    assert "Risk “Clinical system upgrade clashes” added." in page
    assert "Risk 2 Added since acceptance Clinical system upgrade clashes" in page


@pytest.mark.parametrize(
    ("posted", "field_id", "message"),
    [
        (
            {"title": "x" * 10_000},
            "id_title",
            "Milestone must be 200 characters or fewer",
        ),
        (
            {"title": "Portal\x00live"},
            "id_title",
            "Milestone must not contain a null character: remove it",
        ),
        (
            date_parts("forecast_on", date(2030, 4, 1)),
            "id_forecast_on",
            "The forecast date must be between 1 April 2016 and 31 March 2021, the years the "
            "roadmap covers",
        ),
        (
            {"forecast_on_day": "1", "forecast_on_month": "1", "forecast_on_year": "-1"},
            "id_forecast_on",
            "The forecast date must be a real date",
        ),
    ],
)
def test_a_milestone_that_cannot_be_added_comes_back_by_its_field(
    editor, world, posted, field_id, message
):
    progress_return = open_first(world)
    data = {"title": "Patient portal", **date_parts("forecast_on", date(2017, 6, 30)), **posted}

    response = editor.post(reverse("add_return_milestone", args=[progress_return.pk]), data)

    assert response.status_code == 400
    assert error_summary(response) == [(field_id, message)]
    assert field_errors(response, field_id) == [message]
    assert field_value(response, "id_title") == data["title"]
    assert not ReturnMilestone.objects.filter(added=True).exists()


def test_a_risk_level_out_of_range_is_not_added(editor, world):
    progress_return = open_first(world)

    response = editor.post(
        reverse("add_return_risk", args=[progress_return.pk]),
        {"description": "Upgrade clashes", "likelihood": "9", "impact": "0", "owner": "Board"},
    )

    assert response.status_code == 400
    assert error_summary(response) == [
        ("id_likelihood_0", "Choose a likelihood from 1 to 5."),
        ("id_impact_0", "Choose an impact from 1 to 5."),
    ]
    assert not ReturnRisk.objects.filter(added=True).exists()


def test_a_section_sent_without_its_version_saves_nothing_and_says_why(editor, world):
    progress_return = open_first(world)

    response = editor.post(
        section_url(progress_return, "narrative"), {"version": "many", "progress": "Mine"}
    )

    assert response.status_code == 400
    assert "This page was sent without the version it was opened at" in text(response)
    assert field_value(response, "id_progress") == "Mine"
    progress_return.refresh_from_db()
    assert progress_return.progress == ""
