"""Checking a progress return, asking the lead CCG to sign it off, signing it off and
submitting it or sending it back, and reading a submission as it was frozen: the pages as
the footprint's people and NHS England see them."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from accounts.models import OutboundEmail
from delivery.confidence import DEFINITIONS, Confidence
from delivery.enums import CapabilityStatus, MilestoneStatus, ReturnState
from delivery.models import ReturnMilestone, ReturnRisk, ReturnSubmission
from delivery.services import returns, submission
from tests.delivery.world import make_delivery_world
from tests.form_pages import error_summary, field_errors
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.page_text import html_texts, raw_structure, table_rows

MILESTONES = "Each milestone's status and dates"
CAPABILITIES = "Each universal capability's status"
DEPLOYMENTS = "Each capability group's deployment"
OPEN_RISKS = "Open risks, with those added"
CLOSED_RISKS = "Risks closed"
SECTIONS = ("milestones", "capabilities", "deployments", "risks", "narrative", "rating")


def with_first_return():
    """The delivery world with its first quarter's return opened (``world.progress_return``)."""
    world = make_delivery_world()
    world.progress_return = returns.open_return(roadmap=world.roadmap, period=world.periods[0])
    return world


@pytest.fixture
def world(db):
    return with_first_return()


def save(progress_return, by, section, data):
    progress_return.refresh_from_db()
    returns.save_return_section(
        progress_return=progress_return, section=section, data=data,
        expected_version=progress_return.version, saved_by=by,
    )  # fmt: skip
    progress_return.refresh_from_db()


def write_complete(world, *, rating=Confidence.AMBER_RED, override_reason=""):
    """The return filled in: the milestone forecast 31 days late, capability C after
    31 March 2018, the carried risk closed and a new one added, rated as the rules suggest
    unless told otherwise."""
    progress_return = world.progress_return
    by = world.lead_editor
    save(progress_return, by, "narrative", {
        "progress": "Went live in two wards", "next_quarter": "The other wards",
        "issues": "Waiting for the supplier's release"})  # fmt: skip
    milestone = progress_return.milestones.get()
    save(progress_return, by, "milestones", {milestone.pk: {
        "status": MilestoneStatus.AT_RISK, "forecast_on": date(2017, 10, 31),
        "comment": "Supplier slipped"}})  # fmt: skip
    capability = progress_return.capabilities.get(letter="C")
    save(progress_return, by, "capabilities", {capability.pk: {
        "status": CapabilityStatus.AT_RISK, "forecast_by": date(2018, 6, 30)}})  # fmt: skip
    risk = progress_return.risks.get()
    save(progress_return, by, "risks", {risk.pk: {"closed": True}})
    progress_return.refresh_from_db()
    returns.add_return_risk(
        progress_return=progress_return, description="Ward staff not trained", likelihood=2,
        impact=3, owner="Chief nurse", mitigation="Training days booked",
        expected_version=progress_return.version, added_by=by,
    )  # fmt: skip
    save(progress_return, by, "rating", {
        "delivery_confidence": rating, "override_reason": override_reason})  # fmt: skip
    return progress_return


def asked_to_sign_off(world):
    write_complete(world)
    submission.request_return_sign_off(
        progress_return=world.progress_return, requested_by=world.lead_editor
    )
    world.progress_return.refresh_from_db()
    return world.progress_return


def submitted(world):
    asked_to_sign_off(world)
    return submission.submit_return(
        progress_return=world.progress_return, submitted_by=world.lead_approver
    )


def url(name, world, *args):
    return reverse(name, args=[world.progress_return.pk, *args])


def page(client, user, address):
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200
    return response.content.decode()


def texts(html):
    return " ".join(html_texts(html))


def links(html):
    """Each link of the page as (address, text)."""
    return [
        (unescape(href), " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split()))
        for href, text in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', html, flags=re.S)
    ]


# --- Checking the return ----------------------------------------------------------------


def test_the_check_page_shows_every_section_with_what_is_computed_and_a_change_link(client, world):
    write_complete(world, rating=Confidence.AMBER_GREEN, override_reason="A fix is promised")

    html = page(client, world.lead_editor, url("return_check", world))
    text = texts(html)

    assert table_rows(html, MILESTONES)[1:] == [
        "Shared record live Owner: NHS Leeds CCG At risk 30 September 2017 – "
        "31 October 2017 31 days later Nothing to compare Supplier slipped"
    ]
    assert table_rows(html, CAPABILITIES)[3].startswith("C ")
    assert table_rows(html, CAPABILITIES)[3].endswith(
        "At risk 31 December 2017 – 30 June 2018 After 31 March 2018 181 days later –"
    )
    assert "1 universal capability is forecast after 31 March 2018" in text
    assert table_rows(html, DEPLOYMENTS)[1] == (
        "Records, assessments and plans records 2016 On plan –"
    )
    assert table_rows(html, OPEN_RISKS)[1:] == [
        "Ward staff not trained Added 2 – low 3 – medium Chief nurse Training days booked"
    ]
    assert table_rows(html, CLOSED_RISKS)[1:] == [
        "Suppliers late 3 – medium 4 – high Programme board Contract terms"
    ]
    assert "Progress this quarter Went live in two wards" in text
    assert "Issues and dependencies Waiting for the supplier's release" in text
    assert f"The footprint's rating Amber/Green {DEFINITIONS[Confidence.AMBER_GREEN]}" in text
    assert f"Suggested by the rules Amber/Red {DEFINITIONS[Confidence.AMBER_RED]}" in text
    assert "Why the rating is better than suggested A fix is promised" in text
    assert (
        "A universal capability is forecast after 31 March 2018: Amber/Red at best. "
        "C forecast 30 June 2018"
    ) in text
    for section in SECTIONS:
        assert f'href="{url("return_section", world, section)}"' in html
    assert raw_structure(html_texts(html), {"delivery_confidence": 1, "next_quarter": 1}) == []


def test_an_incomplete_return_lists_what_is_missing_with_links_and_no_button(client, world):
    html = page(client, world.lead_editor, url("return_check", world))
    text = texts(html)

    assert "3 things are still missing" in text
    assert [link for link in links(html) if "/returns/" in link[0]][1:4] == [
        (url("return_section", world, "narrative"),
         "Narrative: say what progress was made this quarter"),
        (url("return_section", world, "narrative"),
         "Narrative: say what is planned for next quarter"),
        (url("return_section", world, "rating"), "Delivery confidence: choose your rating"),
    ]  # fmt: skip
    assert "Ask the lead CCG to sign off" not in text


def test_the_editor_asks_for_sign_off_and_the_lead_approvers_are_emailed(client, world):
    write_complete(world)
    client.force_login(world.lead_editor)
    before = page(client, world.lead_editor, url("return_check", world))

    response = client.post(url("return_check", world))
    after = texts(client.get(url("return_check", world)).content.decode())

    assert "Ask the lead CCG to sign off" in texts(before)
    assert response.headers["Location"] == url("return_check", world)
    world.progress_return.refresh_from_db()
    assert world.progress_return.state == ReturnState.AWAITING_SIGN_OFF
    assert list(
        OutboundEmail.objects.filter(template="return_sign_off_requested").values_list(
            "to", flat=True
        )
    ) == [world.lead_approver.email]
    assert "Sign-off asked for. The approvers of NHS Leeds CCG have been emailed" in after
    assert "Sign-off of the Leeds 2016/17 Q1 return has already been asked for." in after
    assert "Ask the lead CCG to sign off" not in after
    assert url("return_section", world, "milestones") not in after


def test_asking_for_sign_off_of_an_incomplete_return_says_what_is_missing(client, world):
    client.force_login(world.lead_editor)

    response = client.post(url("return_check", world), follow=True)

    assert "Complete the return before you ask for sign-off. Still missing: Narrative" in texts(
        response.content.decode()
    )
    world.progress_return.refresh_from_db()
    assert world.progress_return.state == ReturnState.DRAFT


def test_someone_who_may_not_write_the_return_sees_it_read_only_with_the_reason(client, world):
    write_complete(world)

    html = page(client, world.trust_viewer, url("return_check", world))
    client.force_login(world.trust_viewer)
    refused = client.post(url("return_check", world))

    assert "Only editors of the footprint's CCGs" in texts(html)
    assert "Ask the lead CCG to sign off" not in texts(html)
    assert url("return_section", world, "milestones") not in html
    assert refused.status_code == 403
    assert "Only editors of the footprint's CCGs" in texts(refused.content.decode())


def test_the_check_page_makes_as_many_queries_with_many_lines_as_with_few(client, world):
    write_complete(world)
    progress_return = world.progress_return
    client.force_login(world.lead_editor)

    def grow(size):
        have = progress_return.milestones.count()
        ReturnMilestone.objects.bulk_create(
            ReturnMilestone(progress_return=progress_return, title=f"Ward {n} live",
                            forecast_on=date(2017, 6, 30), added=True, position=n)
            for n in range(have, size)
        )  # fmt: skip
        ReturnRisk.objects.bulk_create(
            ReturnRisk(progress_return=progress_return, description=f"Risk {n}", likelihood=4,
                       impact=4, added=True, closed=n % 2 == 0, position=n)
            for n in range(have, size)
        )  # fmt: skip

    assert_queries_do_not_grow(client, url("return_check", world), grow=grow, sizes=(5, 60))


def test_last_quarters_rating_is_shown_on_the_next_return(client, world):
    submitted(world)
    second = returns.open_return(roadmap=world.roadmap, period=world.periods[1])

    html = page(client, world.lead_editor, reverse("return_check", args=[second.pk]))

    assert "Last quarter's rating Amber/Red" in texts(html)


# --- Signing off ------------------------------------------------------------------------


def test_the_approver_signs_off_and_submits_and_lands_on_the_frozen_submission(client, world):
    asked_to_sign_off(world)
    html = page(client, world.lead_approver, url("sign_off_return", world))

    response = client.post(url("sign_off_return", world), {"action": "submit"}, follow=True)

    frozen = ReturnSubmission.objects.get(progress_return=world.progress_return)
    world.progress_return.refresh_from_db()
    assert "Sign off and submit to NHS England" in texts(html)
    assert table_rows(html, MILESTONES)[1].startswith("Shared record live")
    assert response.redirect_chain == [(url("return_submission", world, 1), 302)]
    assert world.progress_return.state == ReturnState.SUBMITTED
    assert len(frozen.sha256) == 64
    assert sorted(
        OutboundEmail.objects.filter(template="return_submitted").values_list("to", flat=True)
    ) == sorted([world.lead_editor.email, world.lead_approver.email])
    assert "Signed off and submitted to NHS England." in texts(response.content.decode())


def test_a_second_press_says_it_was_already_submitted_and_makes_no_second_submission(client, world):
    asked_to_sign_off(world)
    client.force_login(world.lead_approver)
    client.post(url("sign_off_return", world), {"action": "submit"})

    again = client.post(url("sign_off_return", world), {"action": "submit"}, follow=True)

    assert again.redirect_chain == [(url("return_submission", world, 1), 302)]
    assert "This progress return has already been submitted, on" in texts(again.content.decode())
    assert ReturnSubmission.objects.filter(progress_return=world.progress_return).count() == 1


def test_sending_back_without_a_reason_shows_the_message_by_the_field(client, world):
    asked_to_sign_off(world)
    client.force_login(world.lead_approver)

    response = client.post(url("sign_off_return", world), {"action": "send_back", "reason": ""})

    assert response.status_code == 400
    assert error_summary(response) == [("id_reason", "Enter what the editors should change")]
    assert field_errors(response, "id_reason") == ["Enter what the editors should change"]
    world.progress_return.refresh_from_db()
    assert world.progress_return.state == ReturnState.AWAITING_SIGN_OFF


def test_sending_back_with_a_reason_gives_the_return_back_to_its_editors(client, world):
    asked_to_sign_off(world)
    client.force_login(world.lead_approver)

    response = client.post(
        url("sign_off_return", world),
        {"action": "send_back", "reason": "Say when the wards go live"},
        follow=True,
    )

    world.progress_return.refresh_from_db()
    assert world.progress_return.state == ReturnState.DRAFT
    assert "The return is back with its editors." in texts(response.content.decode())
    assert OutboundEmail.objects.filter(template="return_sent_back").count() == 2


def test_an_editor_cannot_sign_off_and_is_told_why(client, world):
    asked_to_sign_off(world)
    client.force_login(world.lead_editor)

    shown = client.get(url("sign_off_return", world))
    pressed = client.post(url("sign_off_return", world), {"action": "submit"})

    assert (shown.status_code, pressed.status_code) == (403, 403)
    assert "Only approvers of the lead CCG can sign off and submit" in texts(shown.content.decode())
    assert not ReturnSubmission.objects.exists()


def test_an_approver_is_told_the_return_is_not_waiting_for_sign_off(client, world):
    client.force_login(world.lead_approver)

    response = client.get(url("sign_off_return", world))

    assert response.status_code == 403
    assert "The Leeds 2016/17 Q1 return is not waiting for sign-off." in texts(
        response.content.decode()
    )


def test_an_outsider_finds_none_of_the_pages(client, world):
    submitted(world)
    client.force_login(world.outsider)

    assert [
        client.get(url("return_check", world)).status_code,
        client.post(url("return_check", world)).status_code,
        client.get(url("sign_off_return", world)).status_code,
        client.post(url("sign_off_return", world), {"action": "submit"}).status_code,
        client.get(url("return_submission", world, 1)).status_code,
    ] == [404] * 5
