"""A progress return signed off in the browser: the lead CCG's editor checks the Leeds return
and asks for sign-off, the lead CCG's approver sends it back once without saying why (and is
told what to enter), then signs it off and submits it, and the region's reviewer reads the
submission with the assurance and its internal note. Every page is checked with axe and the
Nu HTML checker as it arrives."""

from django.urls import reverse
from playwright.sync_api import expect

from delivery.confidence import Confidence
from delivery.models import ReturnSubmission
from delivery.services import assurance
from delivery.services.submission import request_return_sign_off
from tests.delivery.test_return_signoff_pages import with_first_return, write_complete

CHECK = "Check the Leeds progress return for 2016/17 Q1"
SIGN_OFF = "Sign off the Leeds progress return for 2016/17 Q1"
SUBMISSION = "Leeds progress return for 2016/17 Q1, submission 1"
INTERNAL_NOTE = "The board doubts the supplier's dates."


def arrange():
    world = with_first_return()
    write_complete(world)
    return world


def test_a_return_is_checked_signed_off_and_read_as_submitted(journey, sign_in):
    world = arrange()
    page = journey.page
    pk = world.progress_return.pk

    # The editor checks the return: every section with a link to change it, then asks.
    sign_in(world.lead_editor)
    journey.open(reverse("return_check", args=[pk]), heading=CHECK)
    expect(page.get_by_role("link", name="Change milestones")).to_be_visible()
    expect(page.get_by_text("After 31 March 2018", exact=True)).to_be_visible()
    journey.press("Ask the lead CCG to sign off", heading=CHECK)
    expect(page.get_by_text("Sign-off asked for.")).to_be_visible()
    expect(page.get_by_role("link", name="Change milestones")).to_have_count(0)

    # The approver presses "send back" without a reason: the page says what to enter.
    sign_in(world.lead_approver)
    journey.open(reverse("sign_off_return", args=[pk]), heading=SIGN_OFF)
    journey.press("Send it back to the editors", heading=SIGN_OFF)
    expect(page.get_by_role("link", name="Enter what the editors should change")).to_be_visible()

    # Then signs it off and submits it, and lands on the submission as frozen.
    journey.press("Sign off and submit to NHS England", heading=SUBMISSION)
    frozen = ReturnSubmission.objects.get(progress_return_id=pk)
    expect(page.get_by_text(frozen.sha256)).to_be_visible()
    expect(page.get_by_text("Not assured yet.")).to_be_visible()

    # The region assures it; its reviewer reads the internal note, marked as internal.
    assurance.draft_assurance(
        progress_return=world.progress_return, assured_confidence=Confidence.AMBER,
        comment="Say how training is funded.", internal_note=INTERNAL_NOTE,
        decision="accept", drafted_by=world.reviewer,
    )  # fmt: skip
    assurance.release_assurance(progress_return=world.progress_return, released_by=world.reviewer)
    sign_in(world.reviewer)
    journey.open(reverse("return_submission", args=[pk, 1]), heading=SUBMISSION)
    expect(page.get_by_text("NHS England only – never shown to the footprint.")).to_be_visible()
    expect(page.get_by_text(INTERNAL_NOTE)).to_be_visible()


def test_an_incomplete_return_lists_what_is_missing_and_an_approver_follows_the_link_to_sign(
    journey, sign_in
):
    world = with_first_return()
    page = journey.page
    check = reverse("return_check", args=[world.progress_return.pk])

    sign_in(world.lead_editor)
    journey.open(check, heading=CHECK)
    expect(page.get_by_text("3 things are still missing")).to_be_visible()
    expect(page.get_by_role("button", name="Ask the lead CCG to sign off")).to_have_count(0)

    write_complete(world)
    request_return_sign_off(progress_return=world.progress_return, requested_by=world.lead_editor)
    sign_in(world.lead_approver)
    journey.open(check, heading=CHECK)
    expect(page.get_by_text("has already been asked for")).to_be_visible()
    journey.follow("Sign off the return", heading=SIGN_OFF)
