"""Figures follow the assessments: refreshed when one is scored or reopened, and on demand."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import Role
from accounts.models import AuditEvent
from maturity.enums import AssessmentState, ScoreLevel
from maturity.models import BenchmarkFigure, FigureComputation, Score
from maturity.services.assessments import reopen_assessment, submit_assessment
from maturity.services.figures import recompute_figures
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    NHSEnglandFactory,
)
from tests.maturity.test_scoring import EXAMPLE_A, make_assessment, make_question_set

READINESS = (ScoreLevel.SECTION, "readiness")
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def provider_assessment(db):
    """An in-progress assessment answering every question of example (a) but T3 as example
    (a) does, with T3 answered "not applicable" so that it can be submitted."""
    cycle = CycleFactory()
    footprint = FootprintFactory(cycle=cycle, state="endorsed")
    trust = FootprintMemberFactory(footprint=footprint).organisation
    example = {
        **EXAMPLE_A,
        "capabilities": {
            **EXAMPLE_A["capabilities"],
            "transfers_of_care": [
                *EXAMPLE_A["capabilities"]["transfers_of_care"][:2],
                ("T3", None, "not_applicable"),
            ],
        },
    }
    assessment = make_assessment(
        make_question_set(EXAMPLE_A),
        example,
        organisation=trust,
        cycle=cycle,
        state=AssessmentState.IN_PROGRESS,
    )
    return assessment, footprint


def figure(cycle, footprint=None):
    return BenchmarkFigure.objects.get(
        cycle=cycle, footprint=footprint, level=READINESS[0], code=READINESS[1]
    )


def test_submitting_refreshes_the_footprint_and_national_figures(
    provider_assessment, django_capture_on_commit_callbacks
):
    assessment, footprint = provider_assessment
    editor = MembershipFactory(organisation=assessment.organisation, role=Role.EDITOR).user

    with django_capture_on_commit_callbacks(execute=True):
        submit_assessment(assessment=assessment, submitted_by=editor)

    assert round(figure(assessment.cycle).median, 1) == 64.2
    assert figure(assessment.cycle, footprint).count == 1


def test_reopening_takes_the_assessment_out_of_the_figures(
    provider_assessment, django_capture_on_commit_callbacks
):
    assessment, _footprint = provider_assessment
    editor = MembershipFactory(organisation=assessment.organisation, role=Role.EDITOR).user
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user
    with django_capture_on_commit_callbacks(execute=True):
        submit_assessment(assessment=assessment, submitted_by=editor)
    assert BenchmarkFigure.objects.filter(cycle=assessment.cycle).exists()

    with django_capture_on_commit_callbacks(execute=True):
        reopen_assessment(assessment=assessment, reason="Wrong trust answered", reopened_by=admin)

    assert not BenchmarkFigure.objects.filter(cycle=assessment.cycle).exists()


def test_an_admin_recomputes_from_the_national_page_and_it_is_audited(
    client, provider_assessment, django_capture_on_commit_callbacks
):
    assessment, _footprint = provider_assessment
    Assessment = type(assessment)
    # Submitted, but its scores were lost: no Score rows, no figures.
    Assessment.objects.filter(pk=assessment.pk).update(
        state=AssessmentState.SUBMITTED, scored_version=assessment.version
    )
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user
    client.force_login(admin)
    national = client.get(reverse("national_results")).content.decode()
    assert "Recompute the scores and figures now" in national

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:roadmaps_cycle_changelist"),
            {"action": "recompute_maturity_figures", "_selected_action": assessment.cycle.pk},
            follow=True,
        )

    assert "are being worked out again" in response.content.decode()
    assert Score.objects.get(assessment=assessment, level="overall").value == pytest.approx(
        ((235 / 3 + 50) / 2 + 75) / 2
    )
    assert round(figure(assessment.cycle).median, 1) == 64.2
    assert AuditEvent.objects.filter(
        verb="maturity.recompute_requested", actor=admin, target_id=str(assessment.cycle.pk)
    ).exists()


def test_a_reviewer_sees_no_recompute_button(client, provider_assessment):
    reviewer = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user
    client.force_login(reviewer)

    national = client.get(reverse("national_results")).content.decode()

    assert "Recompute the scores and figures now" not in national


def test_the_results_pages_say_when_the_figures_were_last_worked_out_even_if_none_changed(
    client, provider_assessment, django_capture_on_commit_callbacks
):
    assessment, _footprint = provider_assessment
    editor = MembershipFactory(organisation=assessment.organisation, role=Role.EDITOR).user
    reviewer = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user
    with (
        time_machine.travel(datetime(2016, 6, 1, 9, 0, tzinfo=LONDON), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        submit_assessment(assessment=assessment, submitted_by=editor)
    figure_ids = sorted(BenchmarkFigure.objects.values_list("pk", flat=True))

    with time_machine.travel(datetime(2016, 6, 2, 14, 30, tzinfo=LONDON), tick=False):
        recompute_figures(cycle=assessment.cycle, force=True)

    assert sorted(BenchmarkFigure.objects.values_list("pk", flat=True)) == figure_ids
    assert FigureComputation.objects.get(cycle=assessment.cycle).computed_at == datetime(
        2016, 6, 2, 14, 30, tzinfo=LONDON
    )
    client.force_login(reviewer)
    national = client.get(reverse("national_results")).content.decode()
    assert "Figures worked out on 2 June 2016, 14:30 (London time)." in national
    client.force_login(editor)
    own = client.get(reverse("assessment_results", args=[assessment.pk])).content.decode()
    assert "National figures worked out on 2 June 2016, 14:30 (London time)." in own
