"""An assessment's life at the service level: opened on endorsement, answered, submitted."""

import pytest

from accounts.enums import OrganisationKind, Role
from accounts.errors import ActionRefused
from accounts.models import AuditEvent
from maturity.enums import AssessmentState
from maturity.models import Assessment, Question, Score
from maturity.scales import NOT_APPLICABLE, SCALE_OPTIONS
from maturity.services import assessments as services
from maturity.services.question_sets import load_question_set
from roadmaps.services import footprints
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    OrganisationFactory,
)


@pytest.fixture
def question_set(db):
    load_question_set()
    return services.latest_question_set()


def endorsed_footprint_with(*providers, cycle=None):
    footprint = FootprintFactory(cycle=cycle or CycleFactory())
    for provider in providers:
        FootprintMemberFactory(footprint=footprint, organisation=provider)
    footprints.submit_footprint(footprint=footprint, submitted_by=None)
    footprints.endorse_footprint(footprint=footprint, endorsed_by=None)
    return footprint


def every_answer(assessment, option_index=-1):
    """An answer to every question: the option at ``option_index`` of its scale."""
    return {
        question.pk: (SCALE_OPTIONS[question.scale][option_index][0], "")
        for question in Question.objects.filter(question_set=assessment.question_set)
    }


@pytest.mark.django_db
def test_endorsing_a_footprint_opens_one_assessment_per_provider_and_emails_its_people(
    question_set, smtp_server, django_capture_on_commit_callbacks
):
    trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST, name="Leeds Teaching Hospitals")
    editor = MembershipFactory(organisation=trust, role=Role.EDITOR)

    with django_capture_on_commit_callbacks(execute=True):
        endorsed_footprint_with(trust)

    assessment = Assessment.objects.get()
    assert (assessment.organisation, assessment.state) == (trust, AssessmentState.NOT_STARTED)
    assert [(m["To"], m["Subject"]) for m in smtp_server.messages] == [
        (
            editor.user.email,
            "Complete the digital maturity self-assessment for Leeds Teaching Hospitals",
        )
    ]


@pytest.mark.django_db
def test_a_provider_in_two_footprints_has_one_assessment(question_set):
    trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST)
    cycle = CycleFactory()

    endorsed_footprint_with(trust, cycle=cycle)
    endorsed_footprint_with(trust, cycle=cycle)

    assert Assessment.objects.filter(organisation=trust).count() == 1


@pytest.mark.django_db
def test_endorsing_without_a_question_set_still_endorses_and_opens_nothing():
    footprint = endorsed_footprint_with(OrganisationFactory(kind=OrganisationKind.NHS_TRUST))

    footprint.refresh_from_db()
    assert footprint.state == "endorsed"
    assert not Assessment.objects.exists()


@pytest.fixture
def assessment(question_set):
    trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST)
    endorsed_footprint_with(trust)
    return Assessment.objects.get(organisation=trust)


@pytest.mark.django_db
def test_saving_answers_moves_the_version_on_and_a_stale_save_is_a_conflict(assessment):
    first_question = Question.objects.filter(question_set=assessment.question_set).first()
    option = SCALE_OPTIONS[first_question.scale][0][0]

    version = services.save_answers(
        assessment=assessment,
        answers={first_question.pk: (option, "Board paper, May 2015")},
        expected_version=0,
        saved_by=None,
    )
    with pytest.raises(services.AnswersConflict) as conflict:
        services.save_answers(
            assessment=assessment,
            answers={first_question.pk: ("", "")},
            expected_version=0,
            saved_by=None,
        )

    assessment.refresh_from_db()
    assert (version, assessment.version, conflict.value.current_version) == (1, 1, 1)
    assert assessment.state == AssessmentState.IN_PROGRESS
    assert assessment.answers.get().comment == "Board paper, May 2015"


@pytest.mark.django_db
def test_an_option_from_another_scale_or_not_applicable_where_not_allowed_is_refused(assessment):
    questions = Question.objects.filter(question_set=assessment.question_set)
    strict = questions.filter(allows_not_applicable=False).first()

    with pytest.raises(ActionRefused, match=f"is not an answer to question {strict.code}"):
        services.save_answers(
            assessment=assessment,
            answers={strict.pk: (NOT_APPLICABLE, "")},
            expected_version=0,
            saved_by=None,
        )

    assert not assessment.answers.exists()


@pytest.mark.django_db
def test_submitting_needs_every_question_answered(assessment):
    first = Question.objects.filter(question_set=assessment.question_set).first()
    services.save_answers(
        assessment=assessment,
        answers={first.pk: (SCALE_OPTIONS[first.scale][0][0], "")},
        expected_version=0,
        saved_by=None,
    )
    total = Question.objects.filter(question_set=assessment.question_set).count()

    with pytest.raises(ActionRefused) as refusal:
        services.submit_assessment(assessment=assessment, submitted_by=None)

    assert str(refusal.value) == (
        f"Answer every question before you submit: {total - 1} still to answer."
    )


@pytest.mark.django_db
def test_submitting_a_complete_assessment_scores_it_after_commit_and_locks_the_answers(
    assessment, django_capture_on_commit_callbacks
):
    services.save_answers(
        assessment=assessment, answers=every_answer(assessment), expected_version=0, saved_by=None
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, submitted_by=None)

    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SUBMITTED
    assert Score.objects.get(assessment=assessment, level="overall").value == 100
    with pytest.raises(ActionRefused, match="cannot change"):
        services.save_answers(
            assessment=assessment, answers={}, expected_version=assessment.version, saved_by=None
        )


@pytest.mark.django_db
def test_sign_off_then_reopen_with_a_reason(assessment):
    services.save_answers(
        assessment=assessment, answers=every_answer(assessment), expected_version=0, saved_by=None
    )
    services.submit_assessment(assessment=assessment, submitted_by=None)

    services.sign_off_assessment(assessment=assessment, signed_off_by=None)
    with pytest.raises(ActionRefused, match="Say why"):
        services.reopen_assessment(assessment=assessment, reason=" ", reopened_by=None)
    services.reopen_assessment(
        assessment=assessment, reason="Answers to transfers of care were mixed up", reopened_by=None
    )

    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.IN_PROGRESS
    assert AuditEvent.objects.get(verb="assessment.reopened").after == {
        "state": "in_progress",
        "reason": "Answers to transfers of care were mixed up",
    }
