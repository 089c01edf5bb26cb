"""Opening, pre-filling, submitting and assuring a progress return through its services."""

import threading
from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction

from accounts.errors import ActionRefused
from accounts.models import OutboundEmail
from delivery.confidence import Confidence
from delivery.enums import MilestoneStatus, ReturnState
from delivery.models import ProgressReturn, ReturnSubmission
from delivery.selectors.returns import return_figures
from delivery.services import assurance, returns, submission
from tests.delivery.world import make_delivery_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_return_opens_prefilled_from_the_accepted_version():
    world = make_delivery_world()
    progress_return = returns.open_return(roadmap=world.roadmap, period=world.periods[0])
    milestone = progress_return.milestones.get()
    assert (milestone.title, milestone.baseline_due, milestone.forecast_on) == (
        "Shared record live",
        date(2017, 9, 30),
        date(2017, 9, 30),
    )
    assert [(c.letter, c.planned_by) for c in progress_return.capabilities.all()][:2] == [
        ("A", date(2017, 12, 31)),
        ("B", date(2017, 12, 31)),
    ]
    assert [(d.group, d.plan) for d in progress_return.deployments.all()][0] == (
        "records",
        "records 2016",
    )
    assert [r.description for r in progress_return.risks.all()] == ["Suppliers late"]


def test_a_return_opened_twice_at_once_is_one_return():
    world = make_delivery_world()
    barrier = threading.Barrier(2)
    errors = []

    def open_it():
        try:
            barrier.wait()
            returns.open_returns(now=world.periods[0].opens_at)
        except Exception as error:  # noqa: BLE001 - the test reports it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_it) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert ProgressReturn.objects.filter(roadmap=world.roadmap).count() == 1
    assert returns.open_returns(now=world.periods[0].opens_at) == 0


def _write(progress_return, by, *, rating=Confidence.GREEN, **milestone):
    version = progress_return.version
    version = returns.save_return_section(
        progress_return=progress_return, section="narrative",
        data={"progress": "Went live in two wards", "next_quarter": "The rest"},
        expected_version=version, saved_by=by,
    )  # fmt: skip
    if milestone:
        line = progress_return.milestones.get()
        version = returns.save_return_section(
            progress_return=progress_return, section="milestones",
            data={line.pk: milestone}, expected_version=version, saved_by=by,
        )  # fmt: skip
    return returns.save_return_section(
        progress_return=progress_return, section="rating",
        data={"delivery_confidence": rating}, expected_version=version, saved_by=by,
    )  # fmt: skip


def test_a_slipped_milestone_rated_green_needs_a_reason_then_submits_frozen():
    world = make_delivery_world()
    progress_return = returns.open_return(roadmap=world.roadmap, period=world.periods[0])
    _write(progress_return, world.lead_editor, status=MilestoneStatus.LATE,
           forecast_on=date(2018, 1, 31))  # fmt: skip
    progress_return.refresh_from_db()
    figures = return_figures(progress_return)
    assert figures.milestones[0].slippage == 123
    assert figures.suggestion.rating == Confidence.AMBER_RED
    with pytest.raises(ActionRefused, match="say why you rate Green when the rules suggest"):
        submission.request_return_sign_off(
            progress_return=progress_return, requested_by=world.lead_editor
        )
    returns.save_return_section(
        progress_return=progress_return, section="rating",
        data={"override_reason": "The supplier has a fix"},
        expected_version=progress_return.version, saved_by=world.lead_editor,
    )  # fmt: skip
    submission.request_return_sign_off(
        progress_return=progress_return, requested_by=world.lead_editor
    )
    with pytest.raises(ActionRefused):
        submission.submit_return(progress_return=progress_return, submitted_by=world.lead_editor)
    frozen = submission.submit_return(
        progress_return=progress_return, submitted_by=world.lead_approver
    )
    assert (frozen.delivery_confidence, frozen.suggested_confidence) == ("green", "amber_red")
    assert frozen.snapshot["milestones"][0]["slippage"] == 123
    with pytest.raises(DatabaseError), transaction.atomic():
        ReturnSubmission.objects.filter(pk=frozen.pk).update(delivery_confidence="red")
    assert OutboundEmail.objects.filter(template="return_submitted").count() == 2


def test_the_region_assures_and_both_ratings_are_kept():
    world = make_delivery_world()
    progress_return = returns.open_return(roadmap=world.roadmap, period=world.periods[0])
    _write(progress_return, world.lead_editor)
    progress_return.refresh_from_db()
    submission.request_return_sign_off(
        progress_return=progress_return, requested_by=world.lead_editor
    )
    submission.submit_return(progress_return=progress_return, submitted_by=world.lead_approver)
    with pytest.raises(ActionRefused):
        assurance.draft_assurance(
            progress_return=progress_return, assured_confidence="amber", comment="x",
            internal_note="", decision="accept", drafted_by=world.review_world.london_reviewer,
        )  # fmt: skip
    assurance.draft_assurance(
        progress_return=progress_return, assured_confidence="amber", comment="Funding unclear",
        internal_note="Board doubts", decision="accept", drafted_by=world.reviewer,
    )  # fmt: skip
    assert not OutboundEmail.objects.filter(template="return_accepted").exists()
    assurance.release_assurance(progress_return=progress_return, released_by=world.reviewer)
    progress_return.refresh_from_db()
    assert progress_return.state == ReturnState.ACCEPTED
    assert progress_return.delivery_confidence == "green"
    assert progress_return.assurances.get().assured_confidence == "amber"
    emails = OutboundEmail.objects.filter(template="return_accepted")
    assert emails.count() == 2
    assert "Board doubts" not in str(emails.first().context)


def test_the_next_return_starts_from_the_last_one():
    world = make_delivery_world()
    first = returns.open_return(roadmap=world.roadmap, period=world.periods[0])
    _write(first, world.lead_editor, forecast_on=date(2017, 11, 30))
    second = returns.open_return(roadmap=world.roadmap, period=world.periods[1])
    line = second.milestones.get()
    assert (line.baseline_due, line.previous_forecast, line.forecast_on) == (
        date(2017, 9, 30),
        date(2017, 11, 30),
        date(2017, 11, 30),
    )
    assert second.previous == first
    assert second.delivery_confidence == "green"
