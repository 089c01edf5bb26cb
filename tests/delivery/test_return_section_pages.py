"""A progress return's section pages: what is computed beside each line, saving with "Save
and continue" or by autosave, the conflict page, the rating with its definitions and the
suggestion, and adding a milestone or a risk."""

from datetime import date

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from delivery.confidence import DEFINITIONS, SOURCE, Confidence
from delivery.enums import CapabilityStatus, MilestoneStatus
from delivery.services import returns
from tests.delivery.return_page_helpers import (
    assure,
    date_parts,
    form_data,
    open_first,
    section_url,
    submit,
    text,
    texts,
)
from tests.delivery.world import make_delivery_world
from tests.form_pages import error_summary, field_errors, field_value
from tests.roadmaps.page_text import table_rows

pytestmark = pytest.mark.django_db


def save(progress_return, section, data, by):
    progress_return.refresh_from_db()
    return returns.save_return_section(
        progress_return=progress_return, section=section, data=data,
        expected_version=progress_return.version, saved_by=by,
    )  # fmt: skip


@pytest.fixture
def world():
    return make_delivery_world()


@pytest.fixture
def editor(client, world):
    client.force_login(world.lead_editor)
    return client


def test_an_unknown_section_is_not_found(editor, world):
    progress_return = open_first(world)

    assert editor.get(section_url(progress_return, "finances")).status_code == 404


def test_each_milestone_shows_its_slippage_and_drift_in_words(editor, world):
    first = open_first(world)
    line = first.milestones.get()
    save(first, "milestones", {line.pk: {"forecast_on": date(2018, 1, 31)}}, world.lead_editor)
    submit(world, first, rating=Confidence.AMBER_RED)
    assure(world, first)
    second = open_first(world, period=1)
    line = second.milestones.get()
    save(second, "milestones", {line.pk: {"forecast_on": date(2018, 1, 1)}}, world.lead_editor)
    returns.add_return_milestone(
        progress_return=second, title="Patient portal", owner="Leeds CCG",
        forecast_on=date(2017, 6, 30), expected_version=None, added_by=world.lead_editor,
    )  # fmt: skip

    page = text(editor.get(section_url(second, "milestones")))

    assert (
        "Shared record live Owner NHS Leeds CCG Due in the accepted roadmap 30 September 2017 "
        "Forecast last quarter 31 January 2018 "
        "Against the accepted roadmap 93 days later than accepted "
        "Since last quarter 30 days earlier than last quarter"
    ) in page
    assert (
        "Patient portal Added since acceptance Owner Leeds CCG "
        "Due in the accepted roadmap Not in the accepted roadmap "
        "Forecast last quarter No forecast last quarter Against the accepted roadmap – "
        "Since last quarter –"
    ) in page


def test_a_milestone_on_its_accepted_date_says_so(editor, world):
    progress_return = open_first(world)

    page = text(editor.get(section_url(progress_return, "milestones")))

    assert "Against the accepted roadmap on the accepted date" in page


def test_saving_milestones_changes_the_line_and_records_one_event(editor, world):
    progress_return = open_first(world)
    line = progress_return.milestones.get()
    page = editor.get(section_url(progress_return, "milestones"))
    key = f"line-{line.pk}"

    response = editor.post(
        section_url(progress_return, "milestones"),
        form_data(
            page,
            **{f"{key}-status": MilestoneStatus.LATE, f"{key}-group": "records",
               f"{key}-comment": "Supplier slipped"},
            **date_parts(f"{key}-forecast_on", date(2018, 1, 31)),
        ),
    )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == section_url(progress_return, "capabilities")
    line.refresh_from_db()
    assert (line.status, line.group, line.forecast_on, line.comment) == (
        MilestoneStatus.LATE,
        "records",
        date(2018, 1, 31),
        "Supplier slipped",
    )
    events = AuditEvent.objects.filter(verb="return.saved")
    assert [event.after for event in events] == [
        {"section": "milestones", "changed": [str(line.pk)]}
    ]
    follow = editor.get(response["Location"])
    assert "Milestones saved." in text(follow)


def test_autosave_answers_with_the_new_version(editor, world):
    progress_return = open_first(world)
    page = editor.get(section_url(progress_return, "narrative"))

    response = editor.post(
        section_url(progress_return, "narrative"),
        form_data(page, progress="Two wards live"),
        headers={"X-Autosave": "1", "Accept": "application/json"},
    )

    assert response.status_code == 200
    assert response.json()["version"] == 1
    progress_return.refresh_from_db()
    assert progress_return.progress == "Two wards live"


def test_a_stale_save_shows_the_conflict_page_with_both_values(editor, world, client):
    progress_return = open_first(world)
    page = editor.get(section_url(progress_return, "narrative"))
    save(progress_return, "narrative", {"progress": "Theirs: three wards"}, world.lead_editor)

    response = editor.post(
        section_url(progress_return, "narrative"), form_data(page, progress="Mine: two wards")
    )

    assert response.status_code == 409
    page_texts = texts(response)
    assert "Someone else saved this return after you opened the page" in page_texts
    assert field_value(response, "id_progress") == "Mine: two wards"
    assert field_value(response, "id_version") == "1"
    assert "Saved by someone else: Theirs: three wards" in text(response)
    progress_return.refresh_from_db()
    assert progress_return.progress == "Theirs: three wards"


def test_a_stale_save_of_lines_keeps_what_was_typed_beside_their_date(editor, world):
    progress_return = open_first(world)
    line = progress_return.milestones.get()
    page = editor.get(section_url(progress_return, "milestones"))
    save(progress_return, "milestones", {line.pk: {"forecast_on": date(2017, 12, 31)}},
         world.lead_editor)  # fmt: skip
    key = f"line-{line.pk}-forecast_on"

    response = editor.post(
        section_url(progress_return, "milestones"),
        form_data(page, **date_parts(key, date(2018, 3, 31))),
    )

    assert response.status_code == 409
    assert [field_value(response, f"id_{key}{part}") for part in ("", "_month", "_year")] == [
        "31",
        "3",
        "2018",
    ]
    assert "Saved by someone else: 31 December 2017" in text(response)
    stale = editor.post(
        section_url(progress_return, "milestones"),
        form_data(page),
        headers={"X-Autosave": "1", "Accept": "application/json"},
    )
    assert (stale.status_code, stale.json()["version"]) == (409, 1)


def test_a_capability_forecast_after_march_2018_is_flagged(editor, world):
    progress_return = open_first(world)
    line = progress_return.capabilities.get(letter="C")
    save(progress_return, "capabilities",
         {line.pk: {"forecast_by": date(2018, 6, 30), "status": CapabilityStatus.AT_RISK}},
         world.lead_editor)  # fmt: skip

    page = text(editor.get(section_url(progress_return, "capabilities")))

    assert "C. Patients can access their GP record" in page
    assert page.count("Forecast after 31 March 2018, when every universal capability") == 1
    assert "Planned in place by 31 December 2017" in page


def test_the_deployments_page_shows_this_years_plan(editor, world):
    progress_return = open_first(world)

    page = text(editor.get(section_url(progress_return, "deployments")))

    assert "Records, assessments and plans Planned for 2016/17: records 2016" in page


def test_the_rating_page_shows_every_definition_and_the_rule_that_fired(editor, world):
    progress_return = open_first(world)
    line = progress_return.milestones.get()
    save(progress_return, "milestones",
         {line.pk: {"forecast_on": date(2018, 1, 31), "status": MilestoneStatus.LATE}},
         world.lead_editor)  # fmt: skip

    response = editor.get(section_url(progress_return, "rating"))

    page_texts = texts(response)
    for rating in Confidence.values:
        assert str(DEFINITIONS[rating]) in page_texts
    assert page_texts.count(str(SOURCE)) == 1
    assert "The rating the rules suggest Amber/Red" in text(response)
    rows = table_rows(response.content.decode(), "Rules for the suggested rating")
    assert rows[3] == (
        "A milestone is more than 90 days later than in the accepted roadmap: Amber/Red at "
        "best. Yes : Shared record live: 123 days later"
    )
    assert rows[1].endswith(" No")


def test_green_against_a_worse_suggestion_needs_a_reason(editor, world):
    progress_return = open_first(world)
    line = progress_return.milestones.get()
    save(progress_return, "milestones",
         {line.pk: {"forecast_on": date(2018, 1, 31), "status": MilestoneStatus.LATE}},
         world.lead_editor)  # fmt: skip
    page = editor.get(section_url(progress_return, "rating"))

    response = editor.post(
        section_url(progress_return, "rating"),
        form_data(page, delivery_confidence=Confidence.GREEN),
    )

    message = "Say why you rate Green when the rules suggest Amber/Red"
    assert response.status_code == 400
    assert error_summary(response) == [("id_override_reason", message)]
    assert field_errors(response, "id_override_reason") == [message]
    assert 'value="green" id="id_delivery_confidence_0" aria-describedby' in (
        response.content.decode()
    )
    progress_return.refresh_from_db()
    assert progress_return.delivery_confidence == ""

    with_reason = editor.post(
        section_url(progress_return, "rating"),
        form_data(page, delivery_confidence=Confidence.GREEN,
                  override_reason="The supplier has a fix"),
    )  # fmt: skip
    assert with_reason.status_code == 302
    progress_return.refresh_from_db()
    assert (progress_return.delivery_confidence, progress_return.override_reason) == (
        Confidence.GREEN,
        "The supplier has a fix",
    )


def test_a_rating_that_changed_from_last_quarter_needs_its_rationale(editor, world):
    first = open_first(world)
    submit(world, first, rating=Confidence.AMBER)
    assure(world, first)
    second = open_first(world, period=1)
    page = editor.get(section_url(second, "rating"))

    assert "Your rating last quarter Amber" in text(page)
    response = editor.post(
        section_url(second, "rating"), form_data(page, delivery_confidence=Confidence.GREEN)
    )

    assert error_summary(response) == [
        ("id_rationale", "Say why your rating changed from Amber"),
    ]


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        (
            {"comment": "Walk\x00input"},
            "id_line-{pk}-comment",
            "The comment on “Shared record live” must not contain a null character: remove it",
        ),
        (
            {"comment": "x" * 10_000},
            "id_line-{pk}-comment",
            "The comment on “Shared record live” must be 2,000 characters or fewer",
        ),
        (
            {"forecast_on_day": "31", "forecast_on_month": "2", "forecast_on_year": "2018"},
            "id_line-{pk}-forecast_on",
            "The forecast date of “Shared record live” must be a real date",
        ),
        (
            {"forecast_on_day": "1", "forecast_on_month": "4", "forecast_on_year": "2030"},
            "id_line-{pk}-forecast_on",
            "The forecast date of “Shared record live” must be between 1 April 2016 and "
            "31 March 2021, the years the roadmap covers",
        ),
        (
            {"done_on_day": "1", "done_on_month": "4", "done_on_year": "99999999999999999999"},
            "id_line-{pk}-done_on",
            "The year must have 4 numbers, for example {this_year}",
        ),
        (
            {"status": "finished"},
            "id_line-{pk}-status",
            "Choose the status of “Shared record live” from the list",
        ),
    ],
)
def test_bad_input_comes_back_by_its_field_and_nothing_is_lost(
    editor, world, changes, field_id, message
):
    progress_return = open_first(world)
    line = progress_return.milestones.get()
    page = editor.get(section_url(progress_return, "milestones"))
    typed = {f"line-{line.pk}-{name}": value for name, value in changes.items()}

    response = editor.post(section_url(progress_return, "milestones"), form_data(page, **typed))

    field_id = field_id.format(pk=line.pk)
    assert response.status_code == 400
    message = message.format(this_year=timezone.localdate().year)
    assert error_summary(response) == [(field_id, message)]
    assert field_errors(response, field_id) == [message]
    for name, value in typed.items():
        if not name.endswith("status"):  # a select shows its options, not what was sent
            shown = field_value(response, f"id_{name}".replace("_day", ""))
            assert shown == value


def test_a_risk_level_out_of_range_is_refused_by_its_field(editor, world):
    progress_return = open_first(world)
    risk = progress_return.risks.get()
    page = editor.get(section_url(progress_return, "risks"))

    response = editor.post(
        section_url(progress_return, "risks"),
        form_data(page, **{f"line-{risk.pk}-likelihood": "9"}),
    )

    message = "Choose the likelihood of “Suppliers late”, from 1 to 5 from the list"
    assert error_summary(response) == [(f"id_line-{risk.pk}-likelihood", message)]


def test_closing_a_risk_saves_it(editor, world):
    progress_return = open_first(world)
    risk = progress_return.risks.get()
    page = editor.get(section_url(progress_return, "risks"))

    response = editor.post(
        section_url(progress_return, "risks"),
        form_data(page, **{f"line-{risk.pk}-closed": "on", f"line-{risk.pk}-impact": "5"}),
    )

    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.closed, risk.impact) == (True, 5)
