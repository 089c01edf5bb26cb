"""The results pages and downloads with the year-on-year comparison make as many queries with
many providers compared as with a few."""

import random

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from accounts.models import Organisation
from maturity.models import Answer, Assessment, Question
from maturity.scales import SCALE_OPTIONS
from maturity.services.figures import recompute_figures
from maturity.services.question_sets import QUESTION_SET_2017, load_question_set
from roadmaps.models import FootprintMember
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RegionFactory,
)
from tests.maturity.test_results_queries import signed_in
from tests.query_budget import assert_queries_do_not_grow

SETTINGS = ("acute", "mental_health", "community", "ambulance")


@pytest.fixture
def compared(db):
    """Providers with a scored 2015-16 assessment and a scored 2017 one, grown on demand."""
    set_2015 = load_question_set().question_set
    set_2017 = load_question_set(path=QUESTION_SET_2017).question_set
    year_1, year_2 = (
        CycleFactory(name="2015-16"),
        CycleFactory(name="2017", question_set_code="2017"),
    )
    region = RegionFactory()
    lead = OrganisationFactory(region=region)
    footprint = FootprintFactory(lead_ccg=lead, cycle=year_2, state="endorsed")
    questions = {
        question_set.pk: list(Question.objects.filter(question_set=question_set))
        for question_set in (set_2015, set_2017)
    }
    chosen = random.Random(17)

    def answered(trust, cycle, question_set, setting):
        assessment = Assessment.objects.create(
            organisation=trust, cycle=cycle, question_set=question_set, care_setting=setting,
            state="submitted",
        )  # fmt: skip
        Answer.objects.bulk_create(
            Answer(
                assessment=assessment,
                question=question,
                option=chosen.choice(SCALE_OPTIONS[question.scale])[0],
            )
            for question in questions[question_set.pk]
            if not question.care_settings or f"|{setting}|" in question.care_settings
        )
        return assessment

    def grow(total):
        have = Organisation.objects.filter(kind=OrganisationKind.NHS_TRUST).count()
        for n in range(have, total):
            setting = SETTINGS[n % 4]
            trust = Organisation.objects.create(
                ods_code=f"TR{n:03d}", name=f"Trust {n:03d}", kind="nhs_trust",
                trust_type=setting, region=region,
            )  # fmt: skip
            FootprintMember.objects.create(
                footprint=footprint, cycle=year_2, organisation=trust, role="provider"
            )
            answered(trust, year_1, set_2015, setting)
            answered(trust, year_2, set_2017, setting)
        recompute_figures(cycle=year_1)
        recompute_figures(cycle=year_2)

    grow(1)
    first = Assessment.objects.get(cycle=year_2)
    return {"grow": grow, "year_2": year_2, "footprint": footprint, "lead": lead, "first": first}


def test_the_national_page_with_its_comparison_queries_do_not_grow(client, compared):
    signed_in(client, NHSEnglandFactory(), Role.REVIEWER)

    assert_queries_do_not_grow(
        client,
        reverse("national_results"),
        grow=compared["grow"],
        sizes=(4, 24),
        params={"cycle": compared["year_2"].pk},
    )
    html = client.get(reverse("national_results"), {"cycle": compared["year_2"].pk}).content
    assert "24 providers submitted a self-assessment in both 2015-16 and 2017." in html.decode()


def test_the_national_download_with_its_comparison_queries_do_not_grow(client, compared):
    signed_in(client, NHSEnglandFactory(), Role.ADMIN)

    assert_queries_do_not_grow(
        client,
        reverse("national_scores_export", args=["csv"]),
        grow=compared["grow"],
        sizes=(4, 24),
        params={"cycle": compared["year_2"].pk},
    )


def test_a_providers_results_page_and_download_queries_do_not_grow(client, compared):
    signed_in(client, compared["first"].organisation, Role.EDITOR)

    for url in (
        reverse("assessment_results", args=[compared["first"].pk]),
        reverse("assessment_scores_export", args=[compared["first"].pk, "xlsx"]),
    ):
        assert_queries_do_not_grow(client, url, grow=compared["grow"], sizes=(4, 24))
    html = client.get(reverse("assessment_results", args=[compared["first"].pk])).content
    assert "Compared with 2015-16" in html.decode()


def test_the_footprint_download_with_its_comparison_queries_do_not_grow(client, compared):
    signed_in(client, compared["lead"], Role.VIEWER)

    assert_queries_do_not_grow(
        client,
        reverse("footprint_scores_export", args=[compared["footprint"].pk, "csv"]),
        grow=compared["grow"],
        sizes=(4, 24),
    )
