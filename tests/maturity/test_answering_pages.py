"""Answering pages: a theme at a time, with and without JavaScript, then submit and sign off."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from maturity.enums import AssessmentState
from maturity.models import Answer, Assessment, Question, Theme
from maturity.scales import SCALE_OPTIONS
from maturity.services.assessments import save_answers
from maturity.services.question_sets import load_question_set
from tests.factories import (
    CycleFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
)
from tests.query_budget import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(db):
    question_set = load_question_set().question_set
    trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST, name="Leeds Teaching Hospitals")
    return Assessment.objects.create(
        organisation=trust, cycle=CycleFactory(), question_set=question_set
    )


@pytest.fixture
def editor(assessment):
    return MembershipFactory(organisation=assessment.organisation, role=Role.EDITOR).user


@pytest.fixture
def approver(assessment):
    return MembershipFactory(organisation=assessment.organisation, role=Role.APPROVER).user


def first_theme(assessment):
    return Theme.objects.filter(section__question_set=assessment.question_set).order_by(
        "section__order", "order"
    )[0]


def theme_url(assessment, theme):
    return reverse("answer_theme", args=[assessment.pk, theme.code])


def page_data(theme, *, version, option="agree_completely", comment=""):
    data = {"version": version}
    for question in theme.questions.all():
        data[f"q-{question.pk}"] = option
        data[f"c-{question.pk}"] = comment
    return data


def answer_everything(assessment, user):
    answers = {
        question.pk: (SCALE_OPTIONS[question.scale][-1][0], "")
        for question in all_questions(assessment)
    }
    save_answers(assessment=assessment, answers=answers, expected_version=0, saved_by=user)


def all_questions(assessment):
    return Question.objects.filter(question_set=assessment.question_set)


def test_saving_a_page_without_javascript_goes_on_to_the_next_theme(client, assessment, editor):
    theme = first_theme(assessment)
    client.force_login(editor)

    response = client.post(
        theme_url(assessment, theme), page_data(theme, version=0, comment="Board paper, May")
    )

    second = Theme.objects.filter(section__question_set=assessment.question_set).order_by(
        "section__order", "order"
    )[1]
    assert response.status_code == 302
    assert response["Location"] == theme_url(assessment, second)
    answers = Answer.objects.filter(assessment=assessment)
    assert answers.count() == theme.questions.count()
    assert {(a.option, a.comment) for a in answers} == {("agree_completely", "Board paper, May")}
    assessment.refresh_from_db()
    assert (assessment.version, assessment.state) == (1, AssessmentState.IN_PROGRESS)


def test_half_a_page_saves_and_the_task_list_shows_it_in_progress(client, assessment, editor):
    theme = first_theme(assessment)
    question = theme.questions.first()
    client.force_login(editor)

    client.post(theme_url(assessment, theme), {"version": 0, f"q-{question.pk}": "neither"})
    response = client.get(reverse("assessment_tasks", args=[assessment.pk]))

    html = response.content.decode()
    assert Answer.objects.get(assessment=assessment).option == "neither"
    assert f"1 of {theme.questions.count()} answered" in html
    assert "In progress" in html


def test_autosave_answers_json_with_the_new_version(client, assessment, editor):
    theme = first_theme(assessment)
    client.force_login(editor)

    response = client.post(
        theme_url(assessment, theme), page_data(theme, version=0), headers={"X-Autosave": "1"}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert len(body["saved_at"]) == 5 and body["saved_at"][2] == ":"


def test_autosave_over_a_newer_save_answers_409_json(client, assessment, editor):
    theme = first_theme(assessment)
    answer_everything(assessment, editor)
    client.force_login(editor)

    response = client.post(
        theme_url(assessment, theme), page_data(theme, version=0), headers={"X-Autosave": "1"}
    )

    assert response.status_code == 409
    assert response.json()["version"] == 1


def test_the_second_of_two_people_gets_a_conflict_page_keeping_both_answers(
    client, assessment, editor
):
    other = MembershipFactory(organisation=assessment.organisation, role=Role.EDITOR).user
    theme = first_theme(assessment)
    first_question = theme.questions.first()
    client.force_login(other)
    client.post(
        theme_url(assessment, theme),
        page_data(theme, version=0, option="mostly_disagree", comment="Theirs"),
    )
    client.force_login(editor)

    response = client.post(
        theme_url(assessment, theme),
        page_data(theme, version=0, option="agree_completely", comment="Mine"),
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved answers to this assessment after you opened the page" in html
    # The person's own answers stay in the form, ready to post again with the new version.
    mine = f'id="id_q-{first_question.pk}_4" checked'
    theirs = f'id="id_q-{first_question.pk}_1" checked'
    assert (mine in html, theirs in html) == (True, False)
    assert 'name="version" value="1"' in html
    assert ">Mine</textarea>" in html
    # The other person's saved answers are shown beside them.
    assert "Mostly disagree – Theirs" in html
    assert set(Answer.objects.values_list("option", flat=True)) == {"mostly_disagree"}


def test_an_option_that_is_not_the_questions_is_refused_by_the_field_and_saves_nothing(
    client, assessment, editor
):
    theme = first_theme(assessment)
    question = theme.questions.first()
    data = page_data(theme, version=0)
    data[f"q-{question.pk}"] = "81_100"  # a percentage band, on an agreement question
    client.force_login(editor)

    response = client.post(theme_url(assessment, theme), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in html
    assert f'href="#id_q-{question.pk}_0"' in html
    assert f'id="id_q-{question.pk}_error"' in html
    assert "Choose one of the answers listed" in html
    assert Answer.objects.count() == 0
    assessment.refresh_from_db()
    assert assessment.version == 0


def test_check_answers_lists_what_is_missing_and_offers_no_submit(client, assessment, editor):
    theme = first_theme(assessment)
    client.force_login(editor)
    client.post(theme_url(assessment, theme), page_data(theme, version=0))

    response = client.get(reverse("check_answers", args=[assessment.pk]))

    html = response.content.decode()
    missing = all_questions(assessment).count() - theme.questions.count()
    assert f"{missing} questions still to answer" in html
    assert "Submit the assessment" not in html
    second = (
        all_questions(assessment)
        .exclude(theme=theme)
        .order_by("theme__section__order", "theme__order", "order")[0]
    )
    assert f"#id_q-{second.pk}_0" in html


def test_submitting_an_incomplete_assessment_says_how_many_are_left(client, assessment, editor):
    theme = first_theme(assessment)
    client.force_login(editor)
    client.post(theme_url(assessment, theme), page_data(theme, version=0))

    response = client.post(reverse("submit_assessment", args=[assessment.pk]), follow=True)

    missing = all_questions(assessment).count() - theme.questions.count()
    assert f"Answer every question before you submit: {missing} still to answer." in (
        response.content.decode()
    )
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.IN_PROGRESS


def test_an_editor_submits_and_an_approver_signs_off(client, assessment, editor, approver):
    answer_everything(assessment, editor)
    client.force_login(editor)
    check = client.get(reverse("check_answers", args=[assessment.pk]))
    assert "Submit the assessment" in check.content.decode()

    submitted = client.post(reverse("submit_assessment", args=[assessment.pk]), follow=True)
    assert "Assessment submitted. Its approvers can now sign it off." in submitted.content.decode()
    client.force_login(approver)
    tasks = client.get(reverse("assessment_tasks", args=[assessment.pk]))
    assert "Sign off the assessment" in tasks.content.decode()
    signed = client.post(reverse("sign_off_assessment", args=[assessment.pk]), follow=True)

    assert "Assessment signed off." in signed.content.decode()
    assessment.refresh_from_db()
    assert (assessment.state, assessment.signed_off_by) == (AssessmentState.SIGNED_OFF, approver)


def test_an_editor_cannot_sign_off(client, assessment, editor):
    answer_everything(assessment, editor)
    client.force_login(editor)
    client.post(reverse("submit_assessment", args=[assessment.pk]))

    response = client.post(reverse("sign_off_assessment", args=[assessment.pk]))

    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.SUBMITTED


def test_an_approver_cannot_answer(client, assessment, approver):
    theme = first_theme(assessment)
    client.force_login(approver)

    response = client.post(theme_url(assessment, theme), page_data(theme, version=0))

    assert response.status_code == 403
    assert Answer.objects.count() == 0


def test_someone_from_another_organisation_gets_404_on_every_page(client, assessment):
    outsider = MembershipFactory(
        organisation=OrganisationFactory(kind=OrganisationKind.NHS_TRUST), role=Role.APPROVER
    ).user
    theme = first_theme(assessment)
    client.force_login(outsider)
    urls = [
        reverse(name, args=[assessment.pk])
        for name in (
            "assessment_tasks",
            "check_answers",
            "submit_assessment",
            "sign_off_assessment",
            "reopen_assessment",
        )
    ] + [theme_url(assessment, theme)]

    statuses = {url: (client.get(url).status_code, client.post(url).status_code) for url in urls}

    post_only = {"submit_assessment", "sign_off_assessment"}
    expected = {
        url: (405 if name in post_only else 404, 404)
        for url, name in zip(
            urls,
            [
                "assessment_tasks",
                "check_answers",
                "submit_assessment",
                "sign_off_assessment",
                "reopen_assessment",
                "answer_theme",
            ],
            strict=True,
        )
    }
    expected[reverse("assessment_tasks", args=[assessment.pk])] = (404, 405)
    expected[reverse("check_answers", args=[assessment.pk])] = (404, 405)
    assert statuses == expected
    list_page = client.get(reverse("assessment_list")).content.decode()
    assert assessment.organisation.name not in list_page


def test_an_nhs_england_admin_reopens_with_a_reason(client, assessment, editor):
    answer_everything(assessment, editor)
    client.force_login(editor)
    client.post(reverse("submit_assessment", args=[assessment.pk]))
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user
    client.force_login(admin)
    url = reverse("reopen_assessment", args=[assessment.pk])

    without_reason = client.post(url, {"reason": "  "})
    response = client.post(url, {"reason": "The board asked to correct section 2."}, follow=True)

    assert without_reason.status_code == 400
    assert "Assessment reopened. Its editors have been told." in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.IN_PROGRESS


def test_the_biggest_theme_posts_fewer_than_200_fields(client, assessment, editor):
    biggest = max(
        Theme.objects.filter(section__question_set=assessment.question_set),
        key=lambda theme: theme.questions.count(),
    )
    client.force_login(editor)

    html = client.get(theme_url(assessment, biggest)).content.decode()

    theme_form = html.split("data-autosave>", 1)[1].split("</form>", 1)[0]
    names = {part.split('"', 1)[0] for part in theme_form.split(' name="')[1:]}
    # The CSRF token, the version, and an option and a comment for each question.
    assert names - {"csrfmiddlewaretoken", "version"} == {
        f"{kind}-{question.pk}" for question in biggest.questions.all() for kind in "qc"
    }
    assert len(names) < 200


def test_the_theme_page_makes_as_many_queries_with_10_as_with_200_assessments(
    client, assessment, editor
):
    theme = first_theme(assessment)
    client.force_login(editor)
    cycle = assessment.cycle

    def grow(size):
        while Assessment.objects.count() < size:
            trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST)
            other = Assessment.objects.create(
                organisation=trust, cycle=cycle, question_set=assessment.question_set
            )
            Answer.objects.create(
                assessment=other, question=theme.questions.first(), option="neither"
            )

    assert_queries_do_not_grow(client, theme_url(assessment, theme), grow=grow, sizes=(10, 200))


def test_saving_a_theme_makes_as_many_queries_with_8_questions_as_with_5(
    client, assessment, editor
):
    themes = sorted(
        Theme.objects.filter(section__question_set=assessment.question_set),
        key=lambda theme: (theme.questions.count(), theme.section.order, theme.order),
    )
    smallest, biggest = themes[0], themes[-1]
    assert (smallest.questions.count(), biggest.questions.count()) == (5, 8)

    def answers(theme, *, version, choice, comment):
        questions = list(theme.questions.order_by("order"))
        data = {"version": version}
        for question in questions:
            data[f"q-{question.pk}"] = SCALE_OPTIONS[question.scale][choice][0]
            data[f"c-{question.pk}"] = comment
        return data, questions[0]

    client.force_login(editor)
    version = 0
    counts = {}
    for theme in (smallest, biggest):
        url = theme_url(assessment, theme)
        # First every answer is new; then every answer changes, and the first is cleared.
        data, _first_question = answers(theme, version=version, choice=0, comment="")
        with CaptureQueriesContext(connection) as first:
            response = client.post(url, data, headers={"X-Autosave": "1"})
        version = response.json()["version"]
        data, first_question = answers(theme, version=version, choice=-1, comment="Revised")
        data[f"q-{first_question.pk}"] = ""
        with CaptureQueriesContext(connection) as second:
            response = client.post(url, data, headers={"X-Autosave": "1"})
        version = response.json()["version"]
        counts[theme.questions.count()] = (len(first), len(second))

    assert counts[5] == counts[8]
    saved = Answer.objects.filter(assessment=assessment).select_related("question")
    assert {
        (answer.question.theme_id, answer.option == SCALE_OPTIONS[answer.question.scale][-1][0])
        for answer in saved
    } == {(smallest.pk, True), (biggest.pk, True)}
    assert (saved.count(), {answer.comment for answer in saved}) == (4 + 7, {"Revised"})
    assessment.refresh_from_db()
    assert (assessment.version, assessment.state) == (4, AssessmentState.IN_PROGRESS)
