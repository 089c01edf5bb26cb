"""The answers a person chooses from read as plain English."""

import re
from html import unescape

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from maturity.models import Assessment, Question
from maturity.services.question_sets import load_question_set
from tests.factories import CycleFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_an_agreement_question_offers_neither_agree_nor_disagree(client):
    question_set = load_question_set().question_set
    trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST, name="Leeds Teaching Hospitals")
    assessment = Assessment.objects.create(
        organisation=trust, cycle=CycleFactory(), question_set=question_set
    )
    question = Question.objects.filter(question_set=question_set, scale="agreement").first()
    client.force_login(MembershipFactory(organisation=trust, role=Role.EDITOR).user)

    page = client.get(
        reverse("answer_theme", args=[assessment.pk, question.theme.code])
    ).content.decode()

    labels = re.findall(
        rf'<label class="form-check-label" for="id_q-{question.pk}_\d+">(.*?)</label>', page
    )
    assert [unescape(label) for label in labels] == [
        "Disagree completely",
        "Mostly disagree",
        "Neither agree nor disagree",
        "Mostly agree",
        "Agree completely",
    ]
