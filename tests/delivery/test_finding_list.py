"""The list of findings (every footprint's for NHS England, a footprint's own for its people),
with its filters, counts per check and downloads; one finding's page; and explaining a
finding, with who may, what is kept and what is said when the note is missing."""

import csv
import html as html_lib
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import AuditEvent, Organisation
from delivery.models import Finding
from delivery.services.checks import explain_finding, run_checks
from roadmaps.services import review as review_services
from tests.delivery.checks_world import make_place, sign_off, submit_version
from tests.delivery.finding_pages import findings_on
from tests.factories import CycleFactory
from tests.form_pages import error_summary, field_value
from tests.roadmaps.page_text import html_texts, table_rows
from tests.roadmaps.review_world import london, make_review_world

pytestmark = pytest.mark.django_db

LIST = "Findings you can see, by footprint, then by version or return, in the order of the checks"
COUNTS = "Findings of each check in the chosen region and cycle, by state"
NOTE = "The council signs off through the Health and Wellbeing Board, which met after."
CAMDEN_RISK = "“Suppliers go out of business” has likelihood 5 and impact 5, and no mitigation."


@pytest.fixture
def rw():
    """Leeds (North) with version 1 checked and in review, one finding explained; Camden
    (London) with a version whose high risk has no mitigation."""
    rw = make_review_world()
    run_checks(version=rw.version)
    review_services.assign_reviewer(roadmap=rw.roadmap, reviewer=rw.north_reviewer,
                                    assigned_by=rw.north_reviewer)  # fmt: skip
    explain_finding(finding=council_finding(rw), note=NOTE, explained_by=rw.north_reviewer)
    camden = make_place("Camden")
    Organisation.objects.filter(pk=camden.lead.pk).update(region=london())
    sign_off(camden, [camden.lead, *camden.trusts.values()])
    run_checks(version=submit_version(camden, risks=[
        {"description": "Suppliers go out of business", "likelihood": 5, "impact": 5},
    ]))  # fmt: skip
    rw.camden = camden
    return rw


def council_finding(rw):
    return Finding.objects.get(key=f"member:{rw.world.council.ods_code}")


def camden_risk(rw):
    return Finding.objects.get(footprint=rw.camden.footprint, check_id="unmitigated_high_risks")


def get(client, user, name, params=None, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args), params or {})


def counts(html):
    return table_rows(html, COUNTS)[1:]


def listed(html):
    """The summaries listed, each a link to the finding's page."""
    return [
        html_lib.unescape(text)
        for text in re.findall(r'<a href="/findings/\d+/">([^<]*)</a>', html)
    ]


# --- The list ---------------------------------------------------------------------------


def test_nhs_england_sees_every_footprints_findings_counted_per_check(client, rw):
    html = get(client, rw.north_reviewer, "delivery_findings").content.decode()

    rows = table_rows(html, LIST)
    assert len(rows) - 1 == Finding.objects.count() == 6
    assert rows[1].startswith("Camden 2015-16, LONDON COMMISSIONING REGION Version 1 ")
    assert rows[1].endswith(f"{CAMDEN_RISK} Open " + rows[1].rsplit(" Open ", 1)[1])
    assert any(row.startswith("Leeds ") and "Leeds City Council did not sign off version 1. "
                                           "Explained " in row for row in rows)  # fmt: skip
    assert counts(html)[-2:] == [
        "A roadmap version without the evidence behind it: a provider's self-assessment, or a "
        "member's sign-off. 4 1 0 5",
        "A high risk with no mitigation. 1 0 0 1",
    ]


def test_a_footprints_people_see_only_their_own_findings(client, rw):
    editor = rw.world.lead_editor

    html = get(client, editor, "delivery_findings").content.decode()
    other = get(client, editor, "finding_detail", None, camden_risk(rw).pk)
    own = get(client, editor, "finding_detail", None, council_finding(rw).pk)

    rows = table_rows(html, LIST)[1:]
    assert len(rows) == 5 and all(row.startswith("Leeds ") for row in rows)
    assert counts(html)[-1] == "A high risk with no mitigation. 0 0 0 0"
    assert (other.status_code, own.status_code) == (404, 200)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"state": "explained"}, ["Leeds City Council did not sign off version 1."]),
        ({"check": "unmitigated_high_risks"}, [CAMDEN_RISK]),
        ({"region": "Y56"}, [CAMDEN_RISK]),
        ({"cycle": "2016-17"}, []),
        ({"state": "cleared"}, []),
    ],
    ids=["explained", "one check", "London", "another cycle", "no longer found"],
)
def test_the_filters_choose_the_findings_listed(client, rw, params, expected):
    CycleFactory(name="2016-17")

    html = get(client, rw.north_reviewer, "delivery_findings", params).content.decode()

    assert listed(html) == expected
    if not expected:
        assert "No finding you can see matches these filters." in html


def test_a_filter_that_is_not_a_choice_is_named_and_the_download_refused(client, rw):
    page = get(client, rw.north_reviewer, "delivery_findings", {"state": "closed"})
    download = get(client, rw.north_reviewer, "delivery_findings_csv", {"state": "closed"})

    assert error_summary(page) == [("id_state", "Choose a state from the list")]
    assert download.status_code == 400


def test_the_csv_lists_every_finding_with_its_evidence_and_state(client, rw):
    response = get(client, rw.north_reviewer, "delivery_findings_csv", {"region": "Y56"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Footprint", "Lead CCG ODS code", "NHS England region", "Cycle", "Found in", "Check",
        "Check version", "Finding", "Evidence", "State", "Explanation", "Explained by",
        "Explained on", "First found on", "No longer found since",
    ]  # fmt: skip
    assert len(rows) == 2
    assert rows[1][:13] == [
        "Camden", rw.camden.lead.ods_code, "LONDON COMMISSIONING REGION", "2015-16",
        "Version 1", "A high risk with no mitigation.", "1", CAMDEN_RISK,
        "Risk: Suppliers go out of business; Likelihood: 5 – very high; Impact: 5 – very high; "
        "Owner: Programme board; Mitigation: None written",
        "Open", "", "", "",
    ]  # fmt: skip


def test_the_excel_download_has_a_row_per_finding(client, rw):
    response = get(client, rw.north_reviewer, "delivery_findings_xlsx", {"state": "explained"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][:5] == ("Leeds", rw.world.lead.ods_code, rw.world.lead.region.name,
                           "2015-16", "Version 1")  # fmt: skip
    assert rows[1][9:12] == ("Explained", NOTE, "Grace Adeyemi")


# --- One finding -------------------------------------------------------------------------


def test_a_findings_page_shows_the_check_its_evidence_and_the_explanation(client, rw):
    response = get(client, rw.world.lead_editor, "finding_detail", None, council_finding(rw).pk)

    html = response.content.decode()
    (shown,) = findings_on(html)
    assert shown.summary == "Leeds City Council did not sign off version 1."
    assert shown.pairs == [
        ("Sign-off of version 1 by Leeds City Council", "Not asked"),
        ("Role in the footprint", "Local authority"),
    ]
    assert shown.state.startswith("Explained by Grace Adeyemi on ")
    assert shown.state.endswith(NOTE)
    assert not shown.form
    text = " ".join(html_texts(html))
    assert "When it finds something A provider of the footprint" in text


# --- Explaining ---------------------------------------------------------------------------


def open_finding(rw):
    return Finding.objects.get(key=f"member:{rw.world.trust.ods_code}")


def explain(client, user, finding, note, next_url=None):
    client.force_login(user)
    data = {"note": note}
    if next_url is not None:
        data["next"] = next_url
    return client.post(reverse("explain_finding", args=[finding.pk]), data)


def test_the_reviewer_explains_a_finding_and_goes_back_to_the_page_she_was_on(client, rw):
    finding = open_finding(rw)
    review_page = reverse("review_roadmap", args=[rw.roadmap.pk])

    response = explain(client, rw.north_reviewer, finding, "Trusts sign through the CCG.",
                       review_page)  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == f"{review_page}#finding-{finding.pk}"
    finding.refresh_from_db()
    assert (finding.state, finding.note, finding.explained_by) == (
        "explained",
        "Trusts sign through the CCG.",
        rw.north_reviewer,
    )
    assert AuditEvent.objects.filter(verb="finding.explained").count() == 2
    shown = [f for f in findings_on(client.get(review_page).content.decode())
             if f.summary == finding.summary]  # fmt: skip
    assert shown[0].state.endswith("Trusts sign through the CCG.")


def test_an_explanation_left_empty_is_asked_for_by_name(client, rw):
    response = explain(client, rw.north_reviewer, open_finding(rw), "  ")

    assert response.status_code == 400
    assert error_summary(response) == [(
        f"finding-{open_finding(rw).pk}-note",
        "Enter the explanation: why it is not a problem, or what is being done about it",
    )]  # fmt: skip


def test_an_explanation_too_long_comes_back_whole_with_the_limit(client, rw):
    long = "Because " + "x" * 2000
    finding = open_finding(rw)

    response = explain(client, rw.north_reviewer, finding, long)

    assert response.status_code == 400
    assert error_summary(response) == [
        (f"finding-{finding.pk}-note", "The explanation must be 2,000 characters or fewer")
    ]
    assert field_value(response, f"finding-{finding.pk}-note") == long
    assert Finding.objects.get(pk=finding.pk).state == "open"


def test_a_finding_explained_already_is_refused_with_the_reason(client, rw):
    response = explain(client, rw.north_reviewer, council_finding(rw), "Again")

    assert response.status_code == 400
    assert "Someone has already explained this finding." in html_texts(response.content.decode())
    assert Finding.objects.get(pk=council_finding(rw).pk).note == NOTE


def test_only_those_allowed_explain_and_others_are_refused(client, rw):
    finding = open_finding(rw)

    lead = explain(client, rw.world.lead_editor, finding, "We disagree")
    london_reviewer = explain(client, rw.london_reviewer, finding, "Not mine")
    outsider = explain(client, rw.world.outsider, finding, "Nosy")

    # Version 1 is with NHS England: the lead CCG may not explain it now.
    assert (lead.status_code, london_reviewer.status_code, outsider.status_code) == (403, 403, 404)
    assert "or the lead CCG's editors and approvers while the roadmap" in html_lib.unescape(
        lead.content.decode()
    )
    assert Finding.objects.get(pk=finding.pk).state == "open"


def test_a_page_elsewhere_is_never_gone_back_to(client, rw):
    finding = open_finding(rw)

    response = explain(client, rw.north_reviewer, finding, "Fine", "https://elsewhere.example/")

    assert response["Location"] == (
        reverse("finding_detail", args=[finding.pk]) + f"#finding-{finding.pk}"
    )
