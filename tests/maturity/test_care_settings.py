"""Care settings: which questions an assessment answers, how it is opened, and NHS England's
correction of a trust's setting."""

from html import unescape

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from accounts.errors import ActionRefused
from accounts.models import AuditEvent
from maturity.enums import AssessmentState
from maturity.models import Assessment, Question
from maturity.services.assessments import (
    open_assessments_for_footprint,
    question_set_for_cycle,
    save_answers,
    submit_assessment,
    unanswered_questions,
)
from maturity.services.care_settings import correct_care_setting
from maturity.services.question_sets import QUESTION_SET_2017, load_question_set
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

AMBULANCE_ONLY = {"C-RA-08", "C-TC-06", "C-TC-09", "C-DS-06", "C-AR-05", "I-DM-05"}


@pytest.fixture
def sets():
    return load_question_set().question_set, load_question_set(path=QUESTION_SET_2017).question_set


def trust(trust_type, name="A TRUST"):
    return OrganisationFactory(kind=OrganisationKind.NHS_TRUST, trust_type=trust_type, name=name)


def endorsed_footprint(cycle, *providers):
    footprint = FootprintFactory(cycle=cycle, state="endorsed")
    for provider in providers:
        FootprintMemberFactory(footprint=footprint, organisation=provider)
    return footprint


def test_a_cycle_naming_2017_opens_each_trust_for_its_setting(sets):
    cycle = CycleFactory(name="2017", question_set_code="2017")
    ambulance, acute, other = (
        trust("ambulance", "AMB"),
        trust("acute", "ACU"),
        trust("other", "OTH"),
    )

    opened = open_assessments_for_footprint(
        footprint=endorsed_footprint(cycle, ambulance, acute, other)
    )

    assert {(a.organisation.name, a.question_set.code, a.care_setting) for a in opened} == {
        ("AMB", "2017", "ambulance"),
        ("ACU", "2017", "acute"),
        ("OTH", "2017", "acute"),
    }


def test_a_cycle_naming_no_set_opens_with_the_newest_as_before(sets):
    _earlier, newest = sets
    cycle = CycleFactory(name="Refresh", question_set_code="")

    assert question_set_for_cycle(cycle) == newest
    cycle.question_set_code = "2015-16"
    assert question_set_for_cycle(cycle) == sets[0]
    cycle.question_set_code = "2019"
    assert question_set_for_cycle(cycle) is None


def test_each_setting_answers_only_its_questions(sets):
    _earlier, set_2017 = sets
    cycle = CycleFactory(name="2017", question_set_code="2017")
    ambulance = Assessment.objects.create(
        organisation=trust("ambulance"),
        cycle=cycle,
        question_set=set_2017,
        care_setting="ambulance",
    )
    acute = Assessment.objects.create(
        organisation=trust("acute", "B"), cycle=cycle, question_set=set_2017, care_setting="acute"
    )

    ambulance_codes = set(unanswered_questions(ambulance).values_list("code", flat=True))
    acute_codes = set(unanswered_questions(acute).values_list("code", flat=True))

    assert AMBULANCE_ONLY <= ambulance_codes
    assert not AMBULANCE_ONLY & acute_codes
    assert "C-TC-08" in acute_codes and "C-TC-08" not in ambulance_codes
    assert "C-OR-01" in acute_codes and "C-OR-01" not in ambulance_codes
    assert (len(ambulance_codes), len(acute_codes)) == (92, 92)


def test_an_answer_to_another_settings_question_is_refused(sets):
    _earlier, set_2017 = sets
    assessment = Assessment.objects.create(
        organisation=trust("acute"), cycle=CycleFactory(), question_set=set_2017
    )
    ambulance_question = Question.objects.get(question_set=set_2017, code="C-TC-06")

    with pytest.raises(ActionRefused, match="not part of this assessment"):
        save_answers(
            assessment=assessment,
            answers={ambulance_question.pk: ("agree_completely", "")},
            expected_version=0,
            saved_by=None,
        )


def test_an_assessment_is_complete_with_its_settings_questions_answered(
    sets, django_capture_on_commit_callbacks
):
    _earlier, set_2017 = sets
    assessment = Assessment.objects.create(
        organisation=trust("ambulance"), cycle=CycleFactory(), question_set=set_2017,
        care_setting="ambulance",
    )  # fmt: skip
    answers = {
        question.pk: ("agree_completely" if question.scale == "agreement" else "fully_structured"
                      if question.scale == "record_structure" else
                      "96_100" if question.scale == "nhs_number" else "81_100", "")
        for question in Question.objects.of_assessment(assessment)
    }  # fmt: skip
    save_answers(assessment=assessment, answers=answers, expected_version=0, saved_by=None)

    with django_capture_on_commit_callbacks(execute=True):
        submit_assessment(assessment=assessment, submitted_by=None)

    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SUBMITTED
    themes = set(assessment.scores.filter(level="theme").values_list("code", flat=True))
    assert len(themes) == 16
    overall = assessment.scores.get(level="overall")
    assert (overall.value, overall.question_set_code, overall.question_set_version) == (
        100,
        "2017",
        1,
    )
    assert overall.method_version == 1


def test_the_task_list_counts_the_settings_questions(client, sets):
    _earlier, set_2017 = sets
    provider = trust("ambulance")
    assessment = Assessment.objects.create(
        organisation=provider, cycle=CycleFactory(), question_set=set_2017, care_setting="ambulance"
    )
    client.force_login(MembershipFactory(organisation=provider, role=Role.EDITOR).user)

    html = client.get(reverse("assessment_tasks", args=[assessment.pk])).content.decode()

    assert "0 of 92 questions answered." in html
    assert "The questions are those for ambulance services." in html
    page = client.get(reverse("answer_theme", args=[assessment.pk, "transfers_of_care"]))
    codes = [q.code for q in page.context["form"].questions]
    assert codes == ["C-TC-01", "C-TC-02", "C-TC-03", "C-TC-04", "C-TC-05", "C-TC-06", "C-TC-07",
                     "C-TC-09"]  # fmt: skip


# --- Correcting a trust's care setting -----------------------------------------------------


@pytest.fixture
def admin():
    return MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user


def test_an_admin_corrects_a_trusts_setting_and_an_assessment_not_started_takes_it(
    client, sets, admin
):
    _earlier, set_2017 = sets
    provider = trust("acute", "NORTH WEST AMBULANCE SERVICE")
    not_started = Assessment.objects.create(
        organisation=provider, cycle=CycleFactory(name="2017"), question_set=set_2017
    )
    started = Assessment.objects.create(
        organisation=provider, cycle=CycleFactory(name="2016"), question_set=set_2017,
        state=AssessmentState.IN_PROGRESS,
    )  # fmt: skip
    client.force_login(admin)

    detail = client.get(reverse("organisation_detail", args=[provider.ods_code])).content.decode()
    assert "Correct the care setting of its self-assessment" in detail
    form = client.get(reverse("correct_care_setting", args=[provider.ods_code])).content.decode()
    assert "Acute services" in form
    response = client.post(
        reverse("correct_care_setting", args=[provider.ods_code]),
        {"care_setting": "ambulance", "reason": "The register lists the ambulance trust as acute."},
        follow=True,
    )

    assert (
        "NORTH WEST AMBULANCE SERVICE's self-assessments are now for ambulance services; 1 not "
        "yet started takes the new setting." in unescape(response.content.decode())
    )
    not_started.refresh_from_db()
    started.refresh_from_db()
    assert (not_started.care_setting, not_started.version) == ("ambulance", 1)
    assert started.care_setting == "acute"
    event = AuditEvent.objects.get(verb="maturity.care_setting_corrected")
    assert (event.actor, event.before, event.after) == (
        admin,
        {"care_setting": "acute"},
        {
            "care_setting": "ambulance",
            "reason": "The register lists the ambulance trust as acute.",
            "assessments": [not_started.pk],
        },
    )
    # Assessments opened from now on take it too.
    cycle = CycleFactory(name="2018", question_set_code="2017")
    (opened,) = open_assessments_for_footprint(footprint=endorsed_footprint(cycle, provider))
    assert opened.care_setting == "ambulance"


def test_a_correction_needs_a_setting_and_a_reason_named_by_their_fields(client, sets, admin):
    provider = trust("other")
    client.force_login(admin)

    response = client.post(
        reverse("correct_care_setting", args=[provider.ods_code]),
        {"care_setting": "", "reason": ""},
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose the care setting the trust&#x27;s self-assessment is for" in html
    assert "Say why the care setting is being corrected" in html


def test_the_same_setting_again_is_refused_with_a_reason_by_the_field(client, sets, admin):
    provider = trust("ambulance")
    client.force_login(admin)

    response = client.post(
        reverse("correct_care_setting", args=[provider.ods_code]),
        {"care_setting": "ambulance", "reason": "Typed twice"},
    )

    assert response.status_code == 400
    assert "self-assessment is already for ambulance services." in response.content.decode()
    assert not AuditEvent.objects.filter(verb="maturity.care_setting_corrected").exists()


def test_only_nhs_england_admins_may_correct_and_only_a_trust(client, sets):
    provider = trust("acute")
    reviewer = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user
    approver = MembershipFactory(organisation=provider, role=Role.APPROVER).user
    for person in (reviewer, approver):
        client.force_login(person)
        assert (
            client.get(reverse("correct_care_setting", args=[provider.ods_code])).status_code == 403
        )
        detail = client.get(reverse("organisation_detail", args=[provider.ods_code]))
        assert "Correct the care setting" not in detail.content.decode()
    with pytest.raises(ActionRefused, match="Only NHS England admins"):
        correct_care_setting(
            organisation=provider, care_setting="ambulance", reason="No", corrected_by=reviewer
        )
    ccg = OrganisationFactory()
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user
    client.force_login(admin)
    assert client.get(reverse("correct_care_setting", args=[ccg.ods_code])).status_code == 404
