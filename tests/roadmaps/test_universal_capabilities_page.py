"""The universal capabilities page: ten capabilities, each with a date that must fall in the
roadmap's years and should fall by 31 March 2018."""

from datetime import date

import pytest

from accounts.enums import Role
from roadmaps.models import UniversalCapabilityPlan
from tests.factories import MembershipFactory
from tests.roadmaps.section_pages import (
    leeds_roadmap,
    member,
    section_url,
    universal_data,
    version_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap():
    return leeds_roadmap()


@pytest.fixture
def editor(roadmap):
    return MembershipFactory(organisation=roadmap.footprint.lead_ccg, role=Role.EDITOR).user


def test_a_universal_capability_saves_with_its_lead_organisation(client, roadmap, editor):
    trust = member(roadmap, "provider")
    client.force_login(editor)

    client.post(
        section_url(roadmap, "universal_capabilities"),
        universal_data(
            version=0,
            **{
                "E-current_position": "Discharge summaries by post",
                "E-in_place_by": "31/12/2017",
                "E-lead_organisation": str(trust.pk),
            },
        ),
    )

    plan = UniversalCapabilityPlan.objects.get(roadmap=roadmap)
    assert (plan.letter, plan.current_position, plan.in_place_by, plan.lead_organisation) == (
        "E",
        "Discharge summaries by post",
        date(2017, 12, 31),
        trust,
    )
    html = client.get(section_url(roadmap, "universal_capabilities")).content.decode()
    assert f'<option value="{trust.pk}" selected>Leeds Teaching Hospitals</option>' in html
    assert 'value="31/12/2017"' in html
    assert "E. GPs receive timely electronic discharge summaries from secondary care" in html


def test_a_universal_date_after_31_march_2018_saves_with_a_warning(client, roadmap, editor):
    client.force_login(editor)

    response = client.post(
        section_url(roadmap, "universal_capabilities"),
        universal_data(version=0, **{"C-in_place_by": "30/06/2018"}),
        follow=True,
    )

    assert UniversalCapabilityPlan.objects.get(roadmap=roadmap).in_place_by == date(2018, 6, 30)
    html = client.get(section_url(roadmap, "universal_capabilities")).content.decode()
    assert 'id="id_C-in_place_by_warning"' in html
    assert "This is after 31 March 2018, when every universal capability should be in place" in (
        html
    )
    assert 'aria-describedby="id_C-in_place_by_helptext id_C-in_place_by_warning"' in html
    assert "There is a problem" not in response.content.decode()


def test_a_date_outside_the_roadmap_years_is_refused_by_the_field_and_nothing_is_saved(
    client, roadmap, editor
):
    client.force_login(editor)

    response = client.post(
        section_url(roadmap, "universal_capabilities"),
        universal_data(
            version=0,
            **{"C-in_place_by": "01/04/2021", "C-current_position": "Online access pilot"},
        ),
    )

    html = response.content.decode()
    message = "Enter a date between 1 April 2016 and 31 March 2021, the years the roadmap covers."
    assert response.status_code == 400
    assert f'<li><a href="#id_C-in_place_by">{message}</a></li>' in html
    assert 'id="id_C-in_place_by_error"' in html
    assert 'value="01/04/2021"' in html
    assert ">\nOnline access pilot</textarea>" in html
    assert UniversalCapabilityPlan.objects.count() == 0
    assert version_of(roadmap) == 0


def test_autosave_of_a_date_outside_the_roadmap_answers_400_json(client, roadmap, editor):
    client.force_login(editor)

    response = client.post(
        section_url(roadmap, "universal_capabilities"),
        universal_data(version=0, **{"A-in_place_by": "01/01/2030"}),
        headers={"X-Autosave": "1"},
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["A-in_place_by"]
