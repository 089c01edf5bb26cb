"""The demo's 2017 self-assessments: answered from each provider's earlier answers, submitted
and scored, and compared year on year."""

import pytest

from accounts.enums import OrganisationKind
from demo.assessments import demo_answers
from demo.assessments_2017 import create_2017_assessments, load_2017_question_set
from maturity.models import Assessment, Question, QuestionSet
from maturity.selectors.year_on_year import provider_comparison
from maturity.services.assessments import save_answers, submit_assessment
from tests.factories import CycleFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def earlier_assessment(cycle, question_set, trust_type, level):
    trust = OrganisationFactory(
        kind=OrganisationKind.NHS_TRUST, trust_type=trust_type, name=f"{trust_type} trust"
    )
    assessment = Assessment.objects.create(
        organisation=trust, cycle=cycle, question_set=question_set
    )
    questions = Question.objects.filter(question_set=question_set)
    save_answers(
        assessment=assessment,
        answers=demo_answers(questions, ods_code=trust.ods_code, level=level),
        expected_version=0,
        saved_by=None,
    )
    submit_assessment(assessment=assessment, submitted_by=None)
    return trust


def test_each_provider_answers_2017_from_its_earlier_answers_and_is_compared():
    set_2017 = load_2017_question_set()
    set_2015 = QuestionSet.objects.get(code=set_2017.maps_to_code)
    year_1 = CycleFactory(name="2015-16")
    trusts = [
        earlier_assessment(year_1, set_2015, setting, level)
        for setting, level in (("acute", 0.4), ("ambulance", 0.6), ("other", 0.5))
    ]
    year_2 = CycleFactory(name="2017", question_set_code="2017")

    answered = create_2017_assessments(cycle=year_2, earlier_cycle=year_1, sign_off=True)

    assert answered == 3
    later = {a.organisation: a for a in Assessment.objects.filter(cycle=year_2)}
    assert {trust.name: later[trust].care_setting for trust in trusts} == {
        "acute trust": "acute",
        "ambulance trust": "ambulance",
        "other trust": "acute",
    }
    for trust in trusts:
        assessment = later[trust]
        assert assessment.state == "signed_off"
        assert assessment.answers.count() == Question.objects.of_assessment(assessment).count()
        comparison = provider_comparison(assessment)
        assert comparison.result.compared > 40
        assert comparison.result.sections["readiness"].change is not None
    assert create_2017_assessments(cycle=year_2, earlier_cycle=year_1) == 0


def test_a_cycle_that_names_another_question_set_is_refused():
    with pytest.raises(ValueError, match="must name question set 2017"):
        create_2017_assessments(cycle=CycleFactory(name="Refresh"), earlier_cycle=CycleFactory())
