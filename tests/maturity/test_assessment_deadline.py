"""The self-assessment's task list shows when it is due for this provider, in London time."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from maturity.enums import AssessmentState
from maturity.models import Assessment
from maturity.services.question_sets import load_question_set
from roadmaps.enums import StageKind
from roadmaps.models import Stage
from roadmaps.selectors.deadlines import LONDON
from roadmaps.services.cycles import load_cycle
from roadmaps.services.extensions import grant_extension
from tests.factories import MembershipFactory, NHSEnglandFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(db):
    cycle = load_cycle(name="2015-16").cycle
    trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST, name="Leeds Teaching Hospitals")
    return Assessment.objects.create(
        organisation=trust, cycle=cycle, question_set=load_question_set().question_set
    )


def task_list(client, assessment):
    editor = MembershipFactory(organisation=assessment.organisation, role=Role.EDITOR).user
    client.force_login(editor)
    return client.get(reverse("assessment_tasks", args=[assessment.pk])).content.decode()


@time_machine.travel(datetime(2016, 1, 8, 9, 0, tzinfo=LONDON), tick=False)
def test_the_task_list_shows_the_maturity_deadline_and_days_left(client, assessment):
    html = task_list(client, assessment)

    assert "23:59 on 15 January 2016 (London time)" in html
    assert "7 days left" in html


@time_machine.travel(datetime(2016, 1, 8, 9, 0, tzinfo=LONDON), tick=False)
def test_an_extension_for_the_provider_moves_the_date_on_its_task_list(client, assessment):
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user
    grant_extension(
        stage=Stage.objects.get(cycle=assessment.cycle, kind=StageKind.MATURITY),
        organisation=assessment.organisation,
        due_on=date(2016, 1, 29),
        reason="New board chair.",
        granted_by=admin,
    )

    html = task_list(client, assessment)

    assert "23:59 on 29 January 2016 (London time)" in html
    assert "21 days left" in html
    assert "15 January 2016" not in html


@time_machine.travel(datetime(2016, 1, 20, 9, 0, tzinfo=LONDON), tick=False)
def test_a_signed_off_assessment_shows_no_deadline(client, assessment):
    Assessment.objects.filter(pk=assessment.pk).update(state=AssessmentState.SIGNED_OFF)

    html = task_list(client, assessment)

    assert "deadline:" not in html
    assert "overdue" not in html
