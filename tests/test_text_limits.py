"""Text longer than a field's limit is never cut: not by the browser (no ``maxlength``), not by
the server. The form comes back with "<Field> must be N characters or fewer" by the field and
in the error summary, with everything typed still in the field, and nothing is saved."""

import pytest
from django.urls import reverse

from roadmaps.models import Benefit, Footprint, Milestone, Risk, RoadmapText
from tests.form_pages import error_summary, field_attributes, field_errors, field_value
from tests.security.conftest import client_for, world  # noqa: F401 - the walk's world
from tests.security.database import changes, described, snapshot
from tests.security.url_table import URLS

TYPED = "A board whose name goes on and on. " * 286  # 10,010 characters


def page_shows(response, field_id, message):
    """(status, error summary, errors by the field, what the field holds, its maxlength)."""
    return (
        response.status_code,
        error_summary(response),
        field_errors(response, field_id),
        field_value(response, field_id),
        field_attributes(response, field_id).get("maxlength"),
    )


@pytest.mark.django_db
def test_a_footprint_board_name_of_10000_characters_comes_back_whole_with_its_limit(world):  # noqa: F811
    client = client_for(world.a_editor.user)
    before = snapshot()

    response = client.post(
        reverse("edit_footprint", args=[world.a_draft.pk]),
        {"name": "Alpha draft", "board_name": TYPED},
    )

    message = "Board or group that owns the roadmap must be 200 characters or fewer"
    assert page_shows(response, "id_board_name", message) == (
        400,
        [("id_board_name", message)],
        [message],
        TYPED,
        None,
    )
    assert Footprint.objects.get(pk=world.a_draft.pk).board_name == "Digital Programme Board"
    assert not changes(before, snapshot()), described(changes(before, snapshot()))


@pytest.mark.django_db
def test_the_footprint_form_has_no_maxlength_to_cut_what_is_typed(world):  # noqa: F811
    client = client_for(world.a_editor.user)

    response = client.get(reverse("edit_footprint", args=[world.a_draft.pk]))

    fields = ("id_name", "id_board_name", "id_chair_name", "id_sro_name", "id_contact_email")
    assert [
        (field_attributes(response, field).get("maxlength"),
         field_attributes(response, field).get("data-character-count"))
        for field in fields
    ] == [(None, "200"), (None, "200"), (None, "200"), (None, "200"), (None, "254")]  # fmt: skip


@pytest.mark.django_db
def test_a_milestone_title_of_10000_characters_is_refused_and_nothing_is_saved(world):  # noqa: F811
    client = client_for(world.a_editor.user)
    milestone = world.a_milestone
    before = snapshot()

    response = client.post(
        reverse("change_roadmap_milestone", args=[world.a_roadmap.pk, milestone.pk]),
        {"title": TYPED, "due_on": "01/04/2016", "owner_organisation": world.a.pk},
    )

    message = "Milestone must be 200 characters or fewer"
    assert page_shows(response, "id_title", message) == (
        400,
        [("id_title", message)],
        [message],
        TYPED,
        None,
    )
    assert Milestone.objects.get(pk=milestone.pk).title == "Walk milestone"
    assert not changes(before, snapshot()), described(changes(before, snapshot()))


@pytest.mark.django_db
def test_a_new_milestone_with_a_title_of_10000_characters_is_not_added(world):  # noqa: F811
    client = client_for(world.a_editor.user)

    response = client.post(
        reverse("roadmap_section", args=[world.a_roadmap.pk, "milestones"]),
        {"title": TYPED, "due_on": "01/04/2016", "owner_organisation": world.a.pk},
    )

    message = "Milestone must be 200 characters or fewer"
    assert page_shows(response, "id_title", message) == (
        400,
        [("id_title", message)],
        [message],
        TYPED,
        None,
    )
    assert list(Milestone.objects.filter(roadmap=world.a_roadmap).values_list("title")) == [
        ("Walk milestone",)
    ]


@pytest.mark.django_db
def test_a_risk_description_of_10000_characters_comes_back_whole(world):  # noqa: F811
    client = client_for(world.a_editor.user)
    before = snapshot()

    response = client.post(
        reverse("change_roadmap_risk", args=[world.a_roadmap.pk, world.a_risk.pk]),
        {"description": TYPED, "likelihood": "3", "impact": "3", "owner": "Alpha"},
    )

    message = "Description must be 2,000 characters or fewer"
    assert page_shows(response, "id_description", message) == (
        400,
        [("id_description", message)],
        [message],
        TYPED,
        None,
    )
    assert Risk.objects.get(pk=world.a_risk.pk).description == "Walk risk"
    assert not changes(before, snapshot()), described(changes(before, snapshot()))


@pytest.mark.django_db
def test_a_benefit_description_of_10000_characters_comes_back_whole(world):  # noqa: F811
    client = client_for(world.a_editor.user)
    before = snapshot()
    data = URLS["change_roadmap_benefit"].payload(world)

    response = client.post(
        reverse("change_roadmap_benefit", args=[world.a_roadmap.pk, world.a_benefit.pk]),
        {**data, "description": TYPED, "owner_role": "A chief officer " * 20},
    )

    message = "Description must be 2,000 characters or fewer"
    role_message = "Owner's role must be 200 characters or fewer"
    assert page_shows(response, "id_description", message) == (
        400,
        [("id_description", message), ("id_owner_role", role_message)],
        [message],
        TYPED,
        None,
    )
    assert field_value(response, "id_owner_role") == "A chief officer " * 20
    assert Benefit.objects.get(pk=world.a_benefit.pk).description == "Walk benefit"
    assert not changes(before, snapshot()), described(changes(before, snapshot()))


LONGER_THAN_A_SECTION = "Twenty-one thousand characters of vision. " * 500  # 21,000


@pytest.mark.django_db
def test_a_roadmap_section_over_its_limit_comes_back_whole_with_its_limit(world):  # noqa: F811
    client = client_for(world.a_editor.user)
    roadmap = world.a_roadmap

    response = client.post(
        reverse("roadmap_section", args=[roadmap.pk, "vision"]),
        {"version": roadmap.version, "vision": LONGER_THAN_A_SECTION},
    )

    message = "Vision must be 20,000 characters or fewer"
    assert page_shows(response, "id_vision", message) == (
        400,
        [("id_vision", message)],
        [message],
        LONGER_THAN_A_SECTION,
        None,
    )
    assert not RoadmapText.objects.filter(roadmap=roadmap).exists()


@pytest.mark.django_db
def test_autosave_refuses_a_section_over_its_limit_with_the_message(world):  # noqa: F811
    client = client_for(world.a_editor.user)
    roadmap = world.a_roadmap

    response = client.post(
        reverse("roadmap_section", args=[roadmap.pk, "vision"]),
        {"version": roadmap.version, "vision": LONGER_THAN_A_SECTION},
        headers={"X-Autosave": "1"},
    )

    assert (response.status_code, response.json()) == (
        400,
        {
            "errors": {
                "vision": [
                    {"message": "Vision must be 20,000 characters or fewer", "code": "max_length"}
                ]
            }
        },
    )
    assert not RoadmapText.objects.filter(roadmap=roadmap).exists()


@pytest.mark.django_db
def test_a_universal_capability_over_its_limit_says_which_capability(world):  # noqa: F811
    client = client_for(world.a_editor.user)
    roadmap = world.a_roadmap

    response = client.post(
        reverse("roadmap_section", args=[roadmap.pk, "universal_capabilities"]),
        {"version": roadmap.version, "C-risks": LONGER_THAN_A_SECTION},
    )

    message = "Capability C: Risks must be 20,000 characters or fewer"
    assert page_shows(response, "id_C-risks", message) == (
        400,
        [("id_C-risks", message)],
        [message],
        LONGER_THAN_A_SECTION,
        None,
    )


@pytest.mark.django_db
def test_the_organisation_lookup_matches_all_that_was_typed_not_its_first_part(world):  # noqa: F811
    long_name = "NHS " + "Very Long Place Name " * 8 + "CCG"  # 175 characters
    world.a.name = long_name
    world.a.save(update_fields=["name"])
    client = client_for(world.a_editor.user)

    whole = client.get(reverse("organisation_lookup"), {"q": long_name})
    more_than_the_name = client.get(reverse("organisation_lookup"), {"q": long_name + " Trust"})

    assert [result["label"] for result in whole.json()["results"]] == [
        f"{long_name} ({world.a.ods_code})"
    ]
    assert more_than_the_name.json() == {"results": []}
