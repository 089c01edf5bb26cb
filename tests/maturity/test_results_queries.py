"""The results pages and exports make as many queries with 200 assessments as with 10."""

import random

import pytest
from django.urls import reverse

from accounts.enums import Role
from accounts.models import Organisation
from maturity.enums import AssessmentState, ScoreLevel
from maturity.models import Assessment, Score, Section, Theme
from maturity.services.assessments import latest_question_set
from maturity.services.figures import recompute_figures
from maturity.services.question_sets import load_question_set
from roadmaps.models import FootprintMember
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RegionFactory,
)
from tests.query_budget import assert_queries_do_not_grow


@pytest.fixture
def national(db):
    load_question_set()
    question_set, cycle, region = latest_question_set(), CycleFactory(), RegionFactory()
    lead = OrganisationFactory(region=region)
    footprint = FootprintFactory(lead_ccg=lead, cycle=cycle, state="endorsed")
    codes = [
        *((ScoreLevel.SECTION, code) for code in Section.objects.values_list("code", flat=True)),
        *((ScoreLevel.THEME, code) for code in Theme.objects.values_list("code", flat=True)),
        (ScoreLevel.OVERALL, ""),
    ]
    scores = random.Random(7)

    def grow(total):
        """Submitted, scored assessments of trusts in the footprint, up to ``total``."""
        have = Assessment.objects.count()
        trusts = Organisation.objects.bulk_create(
            Organisation(
                ods_code=f"TR{n:03d}", name=f"Trust {n:03d}", kind="nhs_trust", region=region
            )
            for n in range(have, total)
        )
        FootprintMember.objects.bulk_create(
            FootprintMember(footprint=footprint, cycle=cycle, organisation=trust, role="provider")
            for trust in trusts
        )
        assessments = Assessment.objects.bulk_create(
            Assessment(
                organisation=trust,
                cycle=cycle,
                question_set=question_set,
                state=AssessmentState.SUBMITTED,
                scored_version=0,
            )
            for trust in trusts
        )
        Score.objects.bulk_create(
            Score(assessment=assessment, level=level, code=code, value=scores.uniform(0, 100))
            for assessment in assessments
            for level, code in codes
        )
        recompute_figures(cycle=cycle)

    return {"cycle": cycle, "footprint": footprint, "lead": lead, "grow": grow}


def signed_in(client, organisation, role):
    client.force_login(MembershipFactory(organisation=organisation, role=role).user)
    return client


def test_the_national_results_page_queries_do_not_grow_from_10_to_200(client, national):
    signed_in(client, NHSEnglandFactory(), Role.REVIEWER)

    assert_queries_do_not_grow(
        client, reverse("national_results"), grow=national["grow"], sizes=(10, 200)
    )
    assert Assessment.objects.count() == 200


def test_the_national_scores_export_queries_do_not_grow_from_10_to_200(client, national):
    signed_in(client, NHSEnglandFactory(), Role.ADMIN)

    assert_queries_do_not_grow(
        client,
        reverse("national_scores_export", args=["csv"]),
        grow=national["grow"],
        sizes=(10, 200),
    )


def test_the_footprint_results_page_queries_do_not_grow_from_10_to_60_providers(client, national):
    signed_in(client, national["lead"], Role.VIEWER)

    assert_queries_do_not_grow(
        client,
        reverse("footprint_results", args=[national["footprint"].pk]),
        grow=national["grow"],
        sizes=(10, 60),
    )
