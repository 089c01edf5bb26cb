"""The Benefits section of a progress return as its editor writes it (what is typed comes back
with messages that name the benefit and the field), sign-off held until every benefit line
is answered, and the benefit lines as the approver, the submission and NHS England's
assurance page show them."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.errors import ActionRefused
from delivery.confidence import Confidence
from delivery.models import ReturnBenefit
from delivery.services import returns, submission
from tests.delivery.return_page_helpers import (
    date_parts,
    form_data,
    open_first,
    section_url,
    text,
    write_complete,
)
from tests.delivery.world import PATHOLOGY, READMISSIONS, make_delivery_world
from tests.form_pages import error_summary, field_errors, field_value
from tests.roadmaps.page_text import table_rows

pytestmark = pytest.mark.django_db

D = Decimal
BENEFITS = "Each benefit: the actual this period"


@pytest.fixture
def world():
    return make_delivery_world(benefits=True)


@pytest.fixture
def editor(client, world):
    client.force_login(world.lead_editor)
    return client


def keys(progress_return):
    """The field name prefix of each benefit line: {description: "line-<pk>"}."""
    return {line.description: f"line-{line.pk}" for line in progress_return.benefits.all()}


def line(progress_return, description):
    return ReturnBenefit.objects.get(progress_return=progress_return, description=description)


def test_the_page_says_what_each_benefit_is_and_lists_the_rules(editor, world):
    progress_return = open_first(world)

    response = editor.get(section_url(progress_return, "benefits"))

    page = text(response)
    assert (
        f"{PATHOLOGY} Category Cashable Measure Savings on repeated pathology tests (£) "
        "Direction Up is good Baseline £0, measured on 31 March 2016 "
        "Target in the accepted roadmap £200,000 by 31 March 2019"
    ) in page
    assert (
        f"{READMISSIONS} Category Quality and safety Measure Emergency readmissions within "
        "30 days (%) Direction Down is good Baseline 12.00%, measured on 31 March 2016 "
        "Target in the accepted roadmap 10.00% by 31 March 2018"
    ) in page
    html = response.content.decode()
    assert table_rows(html, "Accepted profile of “Fewer duplicate pathology tests") == [
        "Financial year Expected",
        "2016/17 £40,000",
        "2017/18 £80,000",
        "2018/19 £80,000",
        "Planned total £200,000",
    ]
    assert table_rows(html, "Rules for the suggested rating of a benefit") == [
        "Rule Suggests",
        "No actual value is reported for this period. No data",
        "Less than 75% of what the accepted profile expected by now has been realised. Off track",
        "Between 75% and 90% of what the accepted profile expected by now has been realised. "
        "At risk",
        "The forecast at the target date falls short of the planned change by more than 10%. "
        "At risk",
        "None of the above. On track",
    ]
    # The readmissions benefit has no forecast for the year: it is not a money benefit.
    key = keys(progress_return)
    assert field_value(response, f"id_{key[PATHOLOGY]}-forecast_year") == "40000.00"
    assert field_value(response, f"id_{key[READMISSIONS]}-forecast_year") is None


def test_an_actual_and_no_data_are_saved_and_the_figures_follow(editor, world):
    progress_return = open_first(world)
    key = keys(progress_return)
    page = editor.get(section_url(progress_return, "benefits"))

    response = editor.post(
        section_url(progress_return, "benefits"),
        form_data(page, **{
            f"{key[PATHOLOGY]}-actual": "£8,000", f"{key[PATHOLOGY]}-evidence": "Lab invoices",
            f"{key[READMISSIONS]}-no_data": "on",
            **date_parts(f"{key[READMISSIONS]}-target_on", date(2018, 6, 30)),
        }),
    )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == section_url(progress_return, "narrative")
    pathology, readmissions = line(progress_return, PATHOLOGY), line(progress_return, READMISSIONS)
    assert (pathology.actual, pathology.no_data, pathology.evidence) == (
        D(8000),
        False,
        "Lab invoices",
    )
    assert (readmissions.actual, readmissions.no_data, readmissions.target_on) == (
        None,
        True,
        date(2018, 6, 30),
    )
    page = text(editor.get(section_url(progress_return, "benefits")))
    assert (
        "Expected to date £10,000 Realised to date £8,000 Realised against expected 80% "
        "Quarters without data None Forecast against the baseline As planned "
        "Forecast since last quarter No forecast last quarter "
        "Target date Target date as accepted "
        "Suggested rating At risk : Between 75% and 90%"
    ) in page
    assert (
        "The measure now No data yet Realised against expected – "
        "Quarters without data 1 quarter without data"
    ) in page
    assert "Target date 91 days later than accepted" in page


def test_refused_values_come_back_with_messages_naming_the_benefit_and_field(editor, world):
    progress_return = open_first(world)
    key = keys(progress_return)
    page = editor.get(section_url(progress_return, "benefits"))

    response = editor.post(
        section_url(progress_return, "benefits"),
        form_data(page, **{
            f"{key[PATHOLOGY]}-actual": "8000", f"{key[PATHOLOGY]}-no_data": "on",
            f"{key[PATHOLOGY]}-forecast_total": "lots",
            f"{key[READMISSIONS]}-actual": "11.605",
            f"{key[READMISSIONS]}-evidence": "Ward audit, December",
            **date_parts(f"{key[READMISSIONS]}-target_on", None),
            f"{key[READMISSIONS]}-target_on_day": "31",
            f"{key[READMISSIONS]}-target_on_month": "6",
            f"{key[READMISSIONS]}-target_on_year": "2018",
        }),
    )  # fmt: skip

    assert response.status_code == 400
    pathology, readmissions = key[PATHOLOGY], key[READMISSIONS]
    assert error_summary(response) == [
        (f"id_{pathology}-actual",
         f"Give the actual for “{PATHOLOGY}” or tick “No data yet”, not both"),
        (f"id_{pathology}-forecast_total",
         f"The forecast at the target date of “{PATHOLOGY}” must be a number, like 12500 or "
         "12.5"),
        (f"id_{readmissions}-actual",
         "The actual for “Fewer emergency readmissions because discharge summaries arrive "
         "electronically” must have no more than 2 decimal places"),
        (f"id_{readmissions}-target_on",
         f"The target date of “{READMISSIONS}” must be a real date"),
    ]  # fmt: skip
    assert field_value(response, f"id_{pathology}-forecast_total") == "lots"
    assert field_value(response, f"id_{readmissions}-actual") == "11.605"
    assert field_value(response, f"id_{readmissions}-evidence") == "Ward audit, December"
    assert line(progress_return, READMISSIONS).actual is None

    both = editor.post(
        section_url(progress_return, "benefits"),
        form_data(page, **{f"{pathology}-actual": "8000", f"{pathology}-no_data": "on",
                           f"{readmissions}-no_data": "on"}),
    )  # fmt: skip
    assert error_summary(both) == [
        (f"id_{pathology}-actual",
         f"Give the actual for “{PATHOLOGY}” or tick “No data yet”, not both"),
    ]  # fmt: skip
    assert field_value(both, f"id_{pathology}-actual") == "8000"


def test_save_and_continue_asks_for_an_actual_or_no_data_but_autosave_keeps_work(editor, world):
    progress_return = open_first(world)
    key = keys(progress_return)
    page = editor.get(section_url(progress_return, "benefits"))
    typed = form_data(page, **{f"{key[PATHOLOGY]}-actual": "8000"})

    pressed = editor.post(section_url(progress_return, "benefits"), typed)
    autosaved = editor.post(
        section_url(progress_return, "benefits"),
        typed,
        headers={"X-Autosave": "1", "Accept": "application/json"},
    )

    message = f"Give the actual for “{READMISSIONS}”, or tick “No data yet”"
    assert pressed.status_code == 400
    assert error_summary(pressed) == [(f"id_{key[READMISSIONS]}-actual", message)]
    assert field_errors(pressed, f"id_{key[READMISSIONS]}-actual") == [message]
    assert autosaved.status_code == 200
    assert line(progress_return, PATHOLOGY).actual == D(8000)
    assert line(progress_return, READMISSIONS).actual is None


def test_a_rating_other_than_the_suggested_one_needs_a_reason(editor, world):
    progress_return = open_first(world)
    key = keys(progress_return)[PATHOLOGY]
    page = editor.get(section_url(progress_return, "benefits"))
    answered = {f"{keys(progress_return)[READMISSIONS]}-no_data": "on"}

    # £8,000 of £10,000 expected: the rules suggest At risk.
    unexplained = editor.post(
        section_url(progress_return, "benefits"),
        form_data(page, **answered, **{f"{key}-actual": "8000",
                                       f"{key}-rating_override": "on_track"}),
    )  # fmt: skip
    as_suggested = editor.post(
        section_url(progress_return, "benefits"),
        form_data(page, **answered, **{f"{key}-actual": "8000",
                                       f"{key}-rating_override": "at_risk"}),
    )  # fmt: skip

    assert error_summary(unexplained) == [
        (f"id_{key}-override_reason",
         f"Say why you rate “{PATHOLOGY}” On track when the rules suggest At risk"),
    ]  # fmt: skip
    assert 'value="on_track" id="id_line' in unexplained.content.decode()
    assert as_suggested.status_code == 302
    saved = line(progress_return, PATHOLOGY)
    assert (saved.actual, saved.rating_override, saved.override_reason) == (D(8000), "at_risk", "")


def test_sign_off_waits_for_every_benefit_line_and_a_reason_for_an_override(editor, world):
    progress_return = write_complete(open_first(world), world.lead_editor)
    pathology, readmissions = line(progress_return, PATHOLOGY), line(progress_return, READMISSIONS)
    # write_complete says "no data yet" for both; take the readmissions answer back.
    ReturnBenefit.objects.filter(pk=readmissions.pk).update(no_data=False)
    ReturnBenefit.objects.filter(pk=pathology.pk).update(
        no_data=False, actual=D(8000), rating_override="on_track"
    )

    with pytest.raises(ActionRefused) as refused:
        submission.request_return_sign_off(
            progress_return=progress_return, requested_by=world.lead_editor
        )
    check = text(editor.get(reverse("return_check", args=[progress_return.pk])))

    missing = [
        f"Benefits: say why you rate “{PATHOLOGY}” On track when the rules suggest At risk",
        f"Benefits: give the actual for “{READMISSIONS}” this period, or say there is no data yet",
    ]
    assert str(refused.value) == (
        f"Complete the return before you ask for sign-off. Still missing: {missing[0]}; "
        f"{missing[1]}."
    )
    assert (
        "2 things are still missing Fill these in before you ask the lead CCG to sign the "
        f"return off. {missing[0]} {missing[1]} Milestones"
    ) in check
    progress_return.refresh_from_db()
    returns.save_return_section(
        progress_return=progress_return, section="benefits",
        data={readmissions.pk: {"actual": D("11.60")},
              pathology.pk: {"override_reason": "Invoices for June arrive late"}},
        expected_version=progress_return.version, saved_by=world.lead_editor,
    )  # fmt: skip
    submission.request_return_sign_off(
        progress_return=progress_return, requested_by=world.lead_editor
    )


def test_the_approver_the_submission_and_nhs_england_read_the_benefit_lines(client, world):
    first = open_first(world)
    pathology = line(first, PATHOLOGY)
    returns.save_return_section(
        progress_return=first, section="benefits",
        data={pathology.pk: {"actual": D(8000), "rating_override": "on_track",
                             "override_reason": "June invoices arrive late"}},
        expected_version=first.version, saved_by=world.lead_editor,
    )  # fmt: skip
    write_complete(first, world.lead_editor, rating=Confidence.AMBER)
    submission.request_return_sign_off(progress_return=first, requested_by=world.lead_editor)
    client.force_login(world.lead_approver)
    sign_off_page = client.get(reverse("sign_off_return", args=[first.pk])).content.decode()
    frozen = submission.submit_return(progress_return=first, submitted_by=world.lead_approver)

    rows = [
        f"{PATHOLOGY} Cashable · Savings on repeated pathology tests (£) £8,000 "
        "£8,000 of £10,000 expected (80%) £200,000 £40,000 in 2016/17 As planned "
        "No forecast last quarter 31 March 2019 Target date as accepted "
        "Suggested: At risk Chosen: On track Why: June invoices arrive late",
        f"{READMISSIONS} Quality and safety · Emergency readmissions within 30 days (%) "
        "No data yet 1 quarter without data No data yet 10.00% As planned "
        "No forecast last quarter 31 March 2018 Target date as accepted "
        "Suggested: No data Chosen: No data",
    ]
    assert table_rows(sign_off_page, BENEFITS)[1:] == rows
    assert frozen.snapshot["benefits"][0]["figures"] | {"rule": ""} == {
        "expected_to_date": "10000.0000", "realised_to_date": "8000.0000", "ratio": "0.8000",
        "quarters_without_data": 0, "drift_since_baseline": "0.0000",
        "drift_since_last_quarter": None, "target_days_later": 0,
        "target_days_later_since_last_quarter": None, "suggested": "at_risk", "rule": "",
        "rating": "on_track",
    }  # fmt: skip
    client.force_login(world.lead_editor)
    submission_page = client.get(reverse("return_submission", args=[first.pk, 1]))
    assert table_rows(submission_page.content.decode(), BENEFITS)[1:] == rows
    client.force_login(world.reviewer)
    assurance_page = client.get(reverse("assure_return", args=[first.pk])).content.decode()
    assert table_rows(assurance_page, BENEFITS)[1:] == rows
    detail = client.get(reverse("return_detail", args=[first.pk])).content.decode()
    assert table_rows(detail, BENEFITS)[1:] == rows
