import pytest
from django.urls import reverse

from accounts.enums import Role
from accounts.models import Organisation
from maturity.models import Assessment
from maturity.services.assessments import latest_question_set
from maturity.services.question_sets import load_question_set
from tests.factories import CycleFactory, MembershipFactory, NHSEnglandFactory, RegionFactory
from tests.query_budget import assert_queries_do_not_grow


@pytest.mark.django_db
def test_assessment_list_queries_do_not_grow_from_10_to_200_assessments(client):
    load_question_set()
    question_set, cycle, region = latest_question_set(), CycleFactory(), RegionFactory()
    client.force_login(MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user)

    def grow(total):
        have = Assessment.objects.count()
        trusts = Organisation.objects.bulk_create(
            Organisation(
                ods_code=f"TR{n:03d}", name=f"Trust {n:03d}", kind="nhs_trust", region=region
            )
            for n in range(have, total)
        )
        Assessment.objects.bulk_create(
            Assessment(organisation=trust, cycle=cycle, question_set=question_set)
            for trust in trusts
        )

    assert_queries_do_not_grow(client, reverse("assessment_list"), grow=grow, sizes=(10, 200))
    assert Assessment.objects.count() == 200
