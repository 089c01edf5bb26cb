"""A provider's approvers ask people of its lead CCG to help answer its self-assessment."""

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from accounts.errors import ActionRefused
from accounts.models import AuditEvent, Membership, OutboundEmail
from maturity.models import Answer, Assessment, AssessmentHelper, Theme
from maturity.selectors.assessments import assessments_for_user
from maturity.services.helpers import add_helper, remove_helper
from maturity.services.question_sets import load_question_set
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.query_budget import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(db):
    return OrganisationFactory(name="NHS LEEDS NORTH CCG")


@pytest.fixture
def assessment(lead):
    question_set = load_question_set().question_set
    trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST, name="Leeds Teaching Hospitals")
    footprint = FootprintFactory(lead_ccg=lead, cycle=CycleFactory())
    FootprintMemberFactory(footprint=footprint, organisation=trust)
    return Assessment.objects.create(
        organisation=trust, cycle=footprint.cycle, question_set=question_set
    )


@pytest.fixture
def approver(assessment):
    return MembershipFactory(organisation=assessment.organisation, role=Role.APPROVER).user


@pytest.fixture
def lead_editor(lead):
    return MembershipFactory(
        organisation=lead, role=Role.EDITOR, user__full_name="Lena Lead-Editor"
    ).user


def helpers_url(assessment):
    return reverse("assessment_helpers", args=[assessment.pk])


def first_theme(assessment):
    return Theme.objects.filter(section__question_set=assessment.question_set).order_by(
        "section__order", "order"
    )[0]


def answer_first_theme(client, assessment):
    theme = first_theme(assessment)
    data = {"version": assessment.version}
    for question in theme.questions.all():
        data[f"q-{question.pk}"] = "agree_completely"
    return client.post(reverse("answer_theme", args=[assessment.pk, theme.code]), data)


def test_a_lead_ccg_editor_asked_to_help_can_save_answers(
    client, assessment, approver, lead_editor
):
    client.force_login(approver)
    asked = client.post(helpers_url(assessment), {"user": lead_editor.pk})
    client.force_login(lead_editor)

    saved = answer_first_theme(client, assessment)

    assert asked.status_code == 302
    assert saved.status_code == 302
    assert set(
        Answer.objects.filter(assessment=assessment).values_list("updated_by", flat=True)
    ) == {lead_editor.pk}
    assert list(assessments_for_user(lead_editor)) == [assessment]
    event = AuditEvent.objects.get(verb="assessment.helper_added")
    assert (event.actor, event.after) == (approver, {"helper": lead_editor.email})


def test_a_lead_ccg_editor_not_asked_cannot_answer(client, assessment, lead_editor):
    client.force_login(lead_editor)

    response = answer_first_theme(client, assessment)

    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_someone_from_another_ccg_cannot_be_asked_and_is_told_why_by_the_field(
    client, assessment, approver
):
    other = MembershipFactory(
        organisation=OrganisationFactory(name="NHS BRADFORD CCG"), role=Role.EDITOR
    ).user
    client.force_login(approver)

    response = client.post(helpers_url(assessment), {"user": other.pk})

    html = response.content.decode()
    message = (
        f"{other.full_name} cannot be asked to help: only people of NHS LEEDS NORTH CCG, the "
        "lead CCG of a footprint that holds Leeds Teaching Hospitals, can be."
    )
    assert response.status_code == 400
    assert html.count(message) == 2  # in the error summary and by the field
    assert '<a href="#id_user">' in html
    assert 'id="error_1_id_user"' in html
    assert not AssessmentHelper.objects.exists()


@pytest.mark.parametrize(
    "data",
    [{}, {"user": ""}, {"user": "abc"}, {"user": "99999999999999999999999"}, {"user": "-1"}],
    ids=["nothing", "blank", "text", "huge", "negative"],
)
def test_a_malformed_post_is_refused_by_the_field_not_a_server_error(
    client, assessment, approver, data
):
    client.force_login(approver)
    client.raise_request_exception = False

    response = client.post(helpers_url(assessment), data)

    assert response.status_code == 400
    assert '<a href="#id_user">' in response.content.decode()
    assert not AssessmentHelper.objects.exists()


def test_a_provider_editor_who_is_not_an_approver_cannot_ask_anyone(
    client, assessment, lead_editor
):
    editor = MembershipFactory(organisation=assessment.organisation, role=Role.EDITOR).user
    client.force_login(editor)

    page = client.get(helpers_url(assessment))
    ask = client.post(helpers_url(assessment), {"user": lead_editor.pk})
    tasks = client.get(reverse("assessment_tasks", args=[assessment.pk]))

    assert (page.status_code, ask.status_code) == (403, 403)
    assert helpers_url(assessment) not in tasks.content.decode()
    assert not AssessmentHelper.objects.exists()


def test_the_task_list_links_approvers_to_people_helping(client, assessment, approver):
    client.force_login(approver)

    response = client.get(reverse("assessment_tasks", args=[assessment.pk]))

    assert f'<a href="{helpers_url(assessment)}">People helping</a>' in response.content.decode()


def test_the_page_offers_only_the_lead_ccgs_people_who_do_not_help_yet(
    client, assessment, approver, lead_editor, lead
):
    already = MembershipFactory(organisation=lead, role=Role.VIEWER, user__full_name="Al Ready")
    add_helper(assessment=assessment, user=already.user, added_by=approver)
    MembershipFactory(organisation=OrganisationFactory(), user__full_name="Otto Outsider")
    client.force_login(approver)

    html = client.get(helpers_url(assessment)).content.decode()

    assert f'<option value="{lead_editor.pk}">Lena Lead-Editor ({lead_editor.email})</option>' in (
        html
    )
    assert "Otto Outsider" not in html
    assert f'<option value="{already.user.pk}"' not in html
    assert "Stop Al Ready helping" in html


def test_removing_a_helper_takes_the_right_to_answer_away(
    client, assessment, approver, lead_editor
):
    helper = add_helper(assessment=assessment, user=lead_editor, added_by=approver)
    client.force_login(approver)

    removed = client.post(
        reverse("remove_assessment_helper", args=[assessment.pk, helper.pk]), follow=True
    )
    client.force_login(lead_editor)
    answered = answer_first_theme(client, assessment)

    assert "Lena Lead-Editor no longer helps with the assessment." in removed.content.decode()
    assert answered.status_code == 403
    assert not AssessmentHelper.objects.exists()
    assert AuditEvent.objects.get(verb="assessment.helper_removed").before == {
        "helper": lead_editor.email
    }


def test_a_helper_who_leaves_the_lead_ccg_can_no_longer_answer(
    client, assessment, approver, lead_editor
):
    add_helper(assessment=assessment, user=lead_editor, added_by=approver)
    Membership.objects.filter(user=lead_editor).delete()
    client.force_login(lead_editor)

    response = answer_first_theme(client, assessment)

    assert response.status_code == 404
    assert not Answer.objects.exists()


def test_the_helper_is_emailed_a_link_to_the_assessment(
    assessment, approver, lead_editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        add_helper(assessment=assessment, user=lead_editor, added_by=approver)

    email = OutboundEmail.objects.get(template="assessment_helper_added")
    link = f"/assessments/{assessment.pk}/"
    assert (email.to, email.subject) == (
        lead_editor.email,
        "Help answer the digital maturity self-assessment for Leeds Teaching Hospitals",
    )
    assert link in email.body_text
    assert f'{link}" style=' in email.body_html
    assert str(approver) in email.body_text


def test_nobody_is_asked_or_stopped_once_the_assessment_is_submitted(
    assessment, approver, lead_editor, lead
):
    helper = add_helper(assessment=assessment, user=lead_editor, added_by=approver)
    Assessment.objects.filter(pk=assessment.pk).update(state="submitted")
    assessment.refresh_from_db()
    viewer = MembershipFactory(organisation=lead, role=Role.VIEWER)

    with pytest.raises(ActionRefused, match="only until the assessment is submitted"):
        add_helper(assessment=assessment, user=viewer.user, added_by=approver)
    with pytest.raises(ActionRefused, match="only until the assessment is submitted"):
        remove_helper(helper=helper, removed_by=approver)


def test_only_an_approver_may_ask_even_through_the_service(assessment, lead_editor):
    editor = MembershipFactory(organisation=assessment.organisation, role=Role.EDITOR).user

    with pytest.raises(ActionRefused, match="Only the approvers of Leeds Teaching Hospitals"):
        add_helper(assessment=assessment, user=lead_editor, added_by=editor)


def test_someone_already_helping_is_not_asked_twice(assessment, approver, lead_editor):
    add_helper(assessment=assessment, user=lead_editor, added_by=approver)

    with pytest.raises(ActionRefused) as refusal:
        add_helper(assessment=assessment, user=lead_editor, added_by=approver)

    assert str(refusal.value) == "Lena Lead-Editor already helps with this assessment."


def test_the_helpers_page_makes_the_same_queries_however_many_help(
    client, assessment, approver, lead
):
    client.force_login(approver)

    def grow(size):
        for _ in range(size - AssessmentHelper.objects.count()):
            person = MembershipFactory(organisation=lead, user=UserFactory()).user
            AssessmentHelper.objects.create(assessment=assessment, user=person, added_by=approver)
            MembershipFactory(organisation=lead)

    assert_queries_do_not_grow(client, helpers_url(assessment), grow=grow, sizes=(5, 40))
