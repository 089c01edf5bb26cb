"""Saving a section of a roadmap draft: what ``save_section`` refuses whatever a page sent,
and what it writes; reading a section back with ``draft_values`` and the baseline."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.enums import OrganisationKind, Role
from accounts.errors import ActionRefused
from accounts.models import AuditEvent
from roadmaps.enums import RoadmapState
from roadmaps.models import RoadmapText, UniversalCapabilityPlan
from roadmaps.selectors.baseline import baseline
from roadmaps.selectors.drafts import draft_values
from roadmaps.services.drafts import save_section
from roadmaps.services.roadmaps import DraftConflict
from tests.factories import (
    AssessmentFactory,
    FootprintMemberFactory,
    MembershipFactory,
    OrganisationFactory,
    RoadmapFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap():
    return RoadmapFactory()


@pytest.fixture
def editor(roadmap):
    return MembershipFactory(organisation=roadmap.footprint.lead_ccg, role=Role.EDITOR).user


def texts(roadmap, section):
    rows = RoadmapText.objects.filter(roadmap=roadmap, section=section)
    return dict(rows.values_list("field", "text"))


def version_of(roadmap):
    roadmap.refresh_from_db()
    return roadmap.version


def test_the_service_refuses_a_date_outside_the_roadmap_years_whatever_the_page_sent(
    roadmap, editor
):
    with pytest.raises(ActionRefused, match="Universal capability B: Enter a date between"):
        save_section(
            roadmap=roadmap,
            key="universal_capabilities",
            data={"B": {"in_place_by": date(2016, 3, 31)}},
            expected_version=0,
            saved_by=editor,
        )

    assert UniversalCapabilityPlan.objects.count() == 0
    assert version_of(roadmap) == 0


def test_the_service_refuses_a_lead_organisation_outside_the_footprint(roadmap, editor):
    stranger = OrganisationFactory(name="NHS ELSEWHERE CCG")

    with pytest.raises(ActionRefused, match="must be a member of the footprint"):
        save_section(
            roadmap=roadmap,
            key="universal_capabilities",
            data={"A": {"lead_organisation": stranger.pk}},
            expected_version=0,
            saved_by=editor,
        )


def test_the_service_refuses_a_stale_version(roadmap, editor):
    save_section(
        roadmap=roadmap, key="vision", data={"vision": "First"}, expected_version=0, saved_by=editor
    )

    with pytest.raises(DraftConflict):
        save_section(
            roadmap=roadmap,
            key="vision",
            data={"vision": "Second"},
            expected_version=0,
            saved_by=editor,
        )

    assert texts(roadmap, "vision") == {"vision": "First"}


def test_the_service_refuses_a_draft_awaiting_sign_off(roadmap, editor):
    roadmap.state = RoadmapState.AWAITING_SIGN_OFF
    roadmap.save()

    with pytest.raises(ActionRefused, match="awaiting sign-off, so its draft cannot change"):
        save_section(
            roadmap=roadmap,
            key="vision",
            data={"vision": "Late"},
            expected_version=0,
            saved_by=editor,
        )


def test_a_universal_plan_saves_and_reads_back_and_blanking_it_removes_it(roadmap, editor):
    lead = roadmap.footprint.lead_ccg
    plan = {
        "trajectory": "GP Connect in all practices",
        "in_place_by": date(2017, 9, 30),
        "lead_organisation": lead.pk,
    }

    save_section(
        roadmap=roadmap,
        key="universal_capabilities",
        data={"D": plan},
        expected_version=0,
        saved_by=editor,
    )

    assert draft_values(roadmap, "universal_capabilities") == {
        "D": {**plan, "current_position": "", "dependencies": "", "risks": ""}
    }
    blank = {"trajectory": "", "in_place_by": None, "lead_organisation": None}
    save_section(
        roadmap=roadmap,
        key="universal_capabilities",
        data={"D": blank},
        expected_version=1,
        saved_by=editor,
    )
    assert UniversalCapabilityPlan.objects.count() == 0
    assert version_of(roadmap) == 2


def test_a_save_that_changes_nothing_keeps_the_version_and_records_nothing(roadmap, editor):
    save_section(
        roadmap=roadmap, key="vision", data={"vision": "Same"}, expected_version=0, saved_by=editor
    )

    version = save_section(
        roadmap=roadmap,
        key="vision",
        data={"vision": " Same "},
        expected_version=1,
        saved_by=editor,
    )

    assert (version, version_of(roadmap)) == (1, 1)
    assert AuditEvent.objects.filter(verb="roadmap.section_saved").count() == 1


@pytest.mark.parametrize(
    ("key", "data", "message"),
    [
        ("vision", {"governance": "Not in vision"}, "not part of this section"),
        ("capability_deployment", {("records", 2021): "Too late"}, "not part of the deployment"),
        ("universal_capabilities", {"K": {"risks": "No K"}}, "not one of the universal"),
        ("risks", {}, "no section risks to save"),
        ("vision", {"vision": "x" * 20_001}, "longer than 20000 characters"),
    ],
)
def test_the_service_refuses_what_no_page_would_send(roadmap, editor, key, data, message):
    with pytest.raises(ActionRefused, match=message):
        save_section(roadmap=roadmap, key=key, data=data, expected_version=0, saved_by=editor)

    assert version_of(roadmap) == 0


def test_the_baseline_reads_in_the_same_number_of_queries_for_1_and_5_providers(roadmap):
    footprint = roadmap.footprint

    def add_providers(count):
        for _ in range(count):
            trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST)
            FootprintMemberFactory(footprint=footprint, organisation=trust)
            AssessmentFactory(organisation=trust, cycle=footprint.cycle)

    counts = []
    for count in (1, 4):
        add_providers(count)
        with CaptureQueriesContext(connection) as queries:
            found = baseline(footprint)
        counts.append((len(found["providers"]), len(queries)))

    assert [providers for providers, _ in counts] == [1, 5]
    assert counts[0][1] == counts[1][1]
