"""A submitted progress return read as it was frozen: its values, hash, who submitted it and
when in London time, the ratings side by side and the region's assurance once released, with
the internal note for NHS England only."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from delivery.confidence import DEFINITIONS, Confidence
from delivery.services import assurance
from tests.delivery.test_return_signoff_pages import (
    MILESTONES,
    asked_to_sign_off,
    page,
    save,
    submitted,
    texts,
    url,
    with_first_return,
)
from tests.roadmaps.page_text import html_texts, raw_structure, table_rows


@pytest.fixture
def world(db):
    return with_first_return()


def assured_with_more_information(world):
    assurance.draft_assurance(
        progress_return=world.progress_return, assured_confidence=Confidence.AMBER,
        comment="Say how training is funded", internal_note="Board doubts the supplier",
        decision="more_information", drafted_by=world.reviewer,
    )  # fmt: skip
    assurance.release_assurance(progress_return=world.progress_return, released_by=world.reviewer)


def test_the_submission_shows_the_frozen_return_after_the_live_one_changed(client, world):
    frozen = submitted(world)
    assured_with_more_information(world)
    milestone = world.progress_return.milestones.get()
    save(world.progress_return, world.lead_editor, "milestones", {milestone.pk: {
        "forecast_on": date(2018, 1, 31), "comment": "Later still"}})  # fmt: skip

    html = page(client, world.lead_editor, url("return_submission", world, 1))
    text = texts(html)

    assert table_rows(html, MILESTONES)[1] == (
        "Shared record live Owner: NHS Leeds CCG At risk 30 September 2017 – "
        "31 October 2017 31 days later Nothing to compare Supplier slipped"
    )
    assert f"SHA-256: {frozen.sha256}" in text
    assert "Signed off and submitted by" in text
    assert f"The footprint's own rating Amber/Red {DEFINITIONS['amber_red']}" in text
    assert "Suggested by the rules Amber/Red" in text
    assert f"Assured by NHS England's regional team Amber {DEFINITIONS['amber']}" in text
    assert "NHS England's comment to the footprint Say how training is funded" in text
    assert "Board doubts the supplier" not in text
    assert "Internal note" not in text
    assert raw_structure(html_texts(html), frozen.snapshot) == []


def test_a_reviewer_sees_the_internal_note_marked_as_internal(client, world):
    submitted(world)
    assured_with_more_information(world)

    text = texts(page(client, world.reviewer, url("return_submission", world, 1)))

    assert (
        "Internal note NHS England only – never shown to the footprint. Board doubts the supplier"
    ) in text


def test_before_release_the_submission_says_it_is_not_assured_yet(client, world):
    submitted(world)
    assurance.draft_assurance(
        progress_return=world.progress_return, assured_confidence=Confidence.RED,
        comment="Draft comment", internal_note="Draft note", decision="accept",
        drafted_by=world.reviewer,
    )  # fmt: skip

    text = texts(page(client, world.lead_editor, url("return_submission", world, 1)))

    assert "Assured by NHS England's regional team Not assured yet." in text
    assert "Draft comment" not in text


@pytest.mark.parametrize(
    ("moment", "shown", "day"),
    [
        # Summer time: 23:30 in UTC is already the next day in London.
        (datetime(2016, 7, 31, 23, 30, tzinfo=UTC), "1 August 2016, 00:30", "1 August 2016"),
        (datetime(2016, 12, 31, 23, 30, tzinfo=UTC), "31 December 2016, 23:30",
         "31 December 2016"),
    ],
)  # fmt: skip
def test_who_submitted_and_when_is_shown_in_london_time(client, world, moment, shown, day):
    asked_to_sign_off(world)
    client.force_login(world.lead_approver)
    with time_machine.travel(moment, tick=False):
        client.post(url("sign_off_return", world), {"action": "submit"})
    client.force_login(world.lead_approver)  # the session of 2016 has long expired
    again = client.post(url("sign_off_return", world), {"action": "submit"}, follow=True)

    text = texts(page(client, world.trust_viewer, url("return_submission", world, 1)))

    assert f"Signed off and submitted by {world.lead_approver.full_name} on {shown}" in text
    assert f"This progress return has already been submitted, on {day}." in texts(
        again.content.decode()
    )


def test_an_unknown_submission_number_is_not_found(client, world):
    submitted(world)
    client.force_login(world.lead_editor)

    assert client.get(url("return_submission", world, 2)).status_code == 404
