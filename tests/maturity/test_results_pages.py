"""Results pages: an organisation against the country, a footprint side by side, national."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.enums import Role
from maturity.enums import AssessmentState
from maturity.services import scoring
from maturity.services.figures import recompute_figures
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
)
from tests.maturity.test_scoring import EXAMPLE_A, make_assessment, make_question_set

CAPTION = "A self-help benchmark, not a league table."

# A second provider's answers: every applicable answer one step lower than example (a).
EXAMPLE_B = {
    "readiness": {
        "leadership": [
            ("L1", None, "neither"),
            ("L2", None, "mostly_agree"),
            ("L3", None, "21_40"),
        ],
        "governance": [("G1", None, "mostly_disagree"), ("G2", None, "neither")],
    },
    "capabilities": {
        "transfers_of_care": [
            ("T1", None, "81_85"),
            ("T2", None, "unstructured"),
            ("T3", None, "41_60"),
        ],
        "medicines": [("M1", None, "41_60"), ("M2", None, "semi_structured")],
    },
}


@pytest.fixture
def results(db):
    """A footprint led by a CCG with two submitted providers (examples a and b) and a third
    provider still answering; scores and figures worked out as the periodic task does."""
    cycle = CycleFactory()
    question_set = make_question_set(EXAMPLE_A)
    lead = OrganisationFactory(name="NHS LEAD CCG")
    footprint = FootprintFactory(lead_ccg=lead, cycle=cycle, state="endorsed")
    providers = [
        FootprintMemberFactory(footprint=footprint, organisation__name=name).organisation
        for name in ("ALPHA TRUST", "BETA TRUST", "GAMMA TRUST")
    ]
    alpha = make_assessment(question_set, EXAMPLE_A, organisation=providers[0], cycle=cycle)
    beta = make_assessment(question_set, EXAMPLE_B, organisation=providers[1], cycle=cycle)
    gamma = make_assessment(
        question_set,
        {"readiness": {"leadership": [("L1", None, "agree_completely")]}},
        organisation=providers[2],
        cycle=cycle,
        state=AssessmentState.IN_PROGRESS,
    )
    for assessment in (alpha, beta):
        scoring.compute_assessment_scores(assessment_id=assessment.pk)
    recompute_figures(cycle=cycle)
    return {
        "cycle": cycle,
        "footprint": footprint,
        "alpha": alpha,
        "beta": beta,
        "gamma": gamma,
        "lead_editor": MembershipFactory(organisation=lead, role=Role.EDITOR).user,
        "alpha_editor": MembershipFactory(organisation=providers[0], role=Role.EDITOR).user,
        "reviewer": MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user,
    }


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_provider_sees_its_section_scores_against_the_national_median(client, results):
    html = page(
        client, results["alpha_editor"], reverse("assessment_results", args=[results["alpha"].pk])
    )

    # Worked example (a): Readiness 64.2, Capabilities 75.0, overall 69.6. Beta's Readiness
    # is (mean(50, 75, 40) + mean(25, 50)) / 2 = 46.25; over the two, the median is 55.2 and
    # the inclusive quartiles are a quarter and three quarters of the way: 50.7 and 59.7.
    assert "<strong>69.6</strong>" in html
    assert "Readiness: score 64.2; national median 55.2, middle half 50.7 to 59.7." in html
    assert "Capabilities: score 75.0;" in html
    assert CAPTION in html


def test_the_results_chart_has_a_text_alternative_and_a_table(client, results):
    html = page(
        client, results["alpha_editor"], reverse("assessment_results", args=[results["alpha"].pk])
    )

    assert 'role="img" aria-labelledby="results-chart-title results-chart-desc"' in html
    assert '<desc id="results-chart-desc">Readiness: score 64.2' in html
    assert "<caption>Scores out of 100, with the national" in html


def test_an_assessment_in_progress_shows_national_figures_but_no_score_yet(client, results):
    html = page(
        client, results["lead_editor"], reverse("assessment_results", args=[results["gamma"].pk])
    )

    assert "Scores appear here once the assessment is submitted." in html
    assert "Readiness: national median 55.2" in html


def test_the_lead_ccg_sees_every_provider_progress_and_scores_side_by_side(client, results):
    url = reverse("footprint_results", args=[results["footprint"].pk])

    html = page(client, results["lead_editor"], url)

    assert "GAMMA TRUST" in html and "In progress" in html and "1 of 10 answered" in html
    assert html.index("ALPHA TRUST") < html.index("BETA TRUST")
    # Readiness side by side: alpha 64.2, beta 46.3 (46.25); footprint mean and median 55.2.
    readiness = html[html.index(">Readiness</th>") :]
    readiness = readiness[: readiness.index("</tr>")]
    assert ["64.2", "46.3", "55.2", "55.2", "46.3 to 64.2", "55.2"] == [
        cell.split(">")[-1] for cell in readiness.split("</td>")[:-1]
    ]
    assert CAPTION in html


def test_a_provider_cannot_see_its_footprint_side_by_side(client, results):
    client.force_login(results["alpha_editor"])

    response = client.get(reverse("footprint_results", args=[results["footprint"].pk]))

    assert response.status_code == 403


def test_nhs_england_sees_the_national_distribution_per_section(client, results):
    html = page(client, results["reviewer"], reverse("national_results"))

    assert "2 of 3 assessments submitted." in html
    assert "Readiness: national median 55.2, middle half 50.7 to 59.7; range 46.3 to 64.2." in html
    assert CAPTION in html


def test_a_ccg_person_is_refused_the_national_results(client, results):
    client.force_login(results["lead_editor"])

    assert client.get(reverse("national_results")).status_code == 403


# --- Exports ------------------------------------------------------------------------------


def test_the_national_csv_neutralises_cells_a_spreadsheet_would_run(client, results):
    organisation = results["beta"].organisation
    organisation.name = '=HYPERLINK("http://evil.example","Click")'
    organisation.save()
    client.force_login(results["reviewer"])

    response = client.get(reverse("national_scores_export", args=["csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    readiness = rows[0].index("Readiness")
    by_name = {row[1]: row[readiness] for row in rows[1:]}
    assert by_name == {"ALPHA TRUST": "64.2", '\'=HYPERLINK("http://evil.example","Click")': "46.3"}
    assert response["Content-Disposition"].startswith('attachment; filename="maturity-scores-')


def test_the_footprint_xlsx_has_numbers_as_numbers_and_formulas_as_text(client, results):
    organisation = results["alpha"].organisation
    organisation.name = "@SUM(1+1)*cmd"
    organisation.save()
    client.force_login(results["lead_editor"])

    response = client.get(
        reverse("footprint_scores_export", args=[results["footprint"].pk, "xlsx"])
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    overall = rows[0].index("Overall (our summary)")
    by_name = {row[1]: row[overall] for row in rows[1:]}
    assert by_name == {"'@SUM(1+1)*cmd": 69.6, "BETA TRUST": 46.2}
    neutralised = next(cell for cell in sheet["B"] if cell.value == "'@SUM(1+1)*cmd")
    assert neutralised.data_type == "s"


def test_an_unknown_export_format_is_not_found(client, results):
    client.force_login(results["reviewer"])

    response = client.get(reverse("national_scores_export", args=["pdf"]))

    assert response.status_code == 404
