"""The results chart and its table name every section and theme by its whole title."""

import re
from html import unescape

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from maturity.models import Section, Theme
from maturity.services.figures import recompute_figures
from maturity.services.question_sets import load_question_set
from tests.factories import CycleFactory, MembershipFactory, OrganisationFactory
from tests.roadmaps.baseline_world import answer_everything

pytestmark = pytest.mark.django_db


def text_of(markup):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def chart_labels(html):
    """Each row label of the chart as it reads, its lines joined (axis numbers left out)."""
    svg = re.search(r'<figure class="score-chart.*?</svg>', html, re.S).group(0)
    return [
        text_of(text)
        for text in re.findall(r"<text(?![^>]*text-anchor)[^>]*>(.*?)</text>", svg, re.S)
    ]


def table_row_headings(html):
    table = re.search(r"<table.*?</table>", html[html.index("</figure>") :], re.S).group(0)
    return [text_of(cell) for cell in re.findall(r'<th scope="row"[^>]*>(.*?)</th>', table, re.S)]


def titles_in_order(question_set):
    titles = []
    for section in Section.objects.filter(question_set=question_set).order_by("order"):
        titles.append(section.title)
        titles += (
            Theme.objects.filter(section=section).order_by("order").values_list("title", flat=True)
        )
    return titles


def test_every_title_is_whole_in_the_results_chart_and_its_table(client):
    question_set = load_question_set().question_set
    cycle = CycleFactory()
    trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST, name="Leeds Teaching Hospitals")
    assessment = answer_everything(trust, cycle=cycle, question_set=question_set, offset=1)
    recompute_figures(cycle=cycle)
    client.force_login(MembershipFactory(organisation=trust, role=Role.VIEWER).user)

    html = client.get(reverse("assessment_results", args=[assessment.pk])).content.decode()

    titles = titles_in_order(question_set)
    assert "Medicines management and optimisation" in titles
    assert chart_labels(html) == titles
    assert table_row_headings(html) == titles
