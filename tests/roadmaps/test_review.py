"""NHS England's review of a submitted roadmap at the service level: assigning, comments,
internal notes, ratings, drafting and releasing the decision, and what the footprint gets."""

import pytest

from accounts.enums import Role
from accounts.errors import ActionRefused
from accounts.models import AuditEvent, OutboundEmail
from roadmaps import rules
from roadmaps.enums import FocusArea, Rating, ReviewDecision, RoadmapState
from roadmaps.models import AssuranceRating, Review, Roadmap, RoadmapText, RoadmapVersion
from roadmaps.selectors.compare import CHANGED, Change
from roadmaps.selectors.review import changes_since_last_review, review_history_for_footprint
from roadmaps.services import review as services
from roadmaps.services import submission
from tests.factories import NHSEnglandFactory
from tests.roadmaps.review_world import (
    INTERNAL_NOTE,
    make_review_world,
    ready_to_release,
    reviewer_of,
    submit_directly,
)


@pytest.fixture
def rw(db):
    return make_review_world()


def in_review(rw):
    return services.assign_reviewer(
        roadmap=rw.roadmap, reviewer=rw.north_reviewer, assigned_by=rw.north_reviewer
    )


def verbs():
    return list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))


def test_regional_reviewers_review_their_region_and_national_reviewers_every_region(rw):
    admin = reviewer_of(NHSEnglandFactory(), "ada@england.nhs.uk", "Ada Admin", role=Role.ADMIN)

    assert rules.can_review_roadmap(rw.north_reviewer, rw.roadmap)
    assert rules.can_review_roadmap(rw.national_reviewer, rw.roadmap)
    assert not rules.can_review_roadmap(rw.london_reviewer, rw.roadmap)
    assert not rules.can_review_roadmap(admin, rw.roadmap)
    assert not rules.can_review_roadmap(rw.world.lead_editor, rw.roadmap)


def test_a_reviewer_assigns_a_submitted_roadmap_to_themselves_and_its_review_starts(rw):
    review = in_review(rw)

    roadmap = Roadmap.objects.get()
    assert (roadmap.state, roadmap.assignee) == (RoadmapState.IN_REVIEW, rw.north_reviewer)
    assert (review.version, review.reviewer, review.decision) == (rw.version, rw.north_reviewer, "")
    event = AuditEvent.objects.get()
    assert (event.verb, event.before, event.after) == (
        "roadmap.reviewer_assigned",
        {"state": "submitted", "assignee": None},
        {"state": "in_review", "assignee": "grace@north.england.nhs.uk", "version": 1},
    )


def test_a_roadmap_in_review_is_reassigned_to_a_colleague(rw):
    in_review(rw)

    review = services.assign_reviewer(
        roadmap=rw.roadmap, reviewer=rw.national_reviewer, assigned_by=rw.north_reviewer
    )

    roadmap = Roadmap.objects.get()
    assert (roadmap.state, roadmap.assignee) == (RoadmapState.IN_REVIEW, rw.national_reviewer)
    assert Review.objects.get() == review and review.reviewer == rw.national_reviewer
    assert verbs() == ["roadmap.reviewer_assigned", "roadmap.reviewer_assigned"]


def test_assigning_the_person_already_assigned_changes_nothing(rw):
    in_review(rw)

    in_review(rw)

    assert verbs() == ["roadmap.reviewer_assigned"]


def test_a_reviewer_of_another_region_can_neither_be_assigned_nor_assign(rw):
    with pytest.raises(ActionRefused) as assigned:
        services.assign_reviewer(
            roadmap=rw.roadmap, reviewer=rw.london_reviewer, assigned_by=rw.north_reviewer
        )
    with pytest.raises(ActionRefused) as assigning:
        services.assign_reviewer(
            roadmap=rw.roadmap, reviewer=rw.london_reviewer, assigned_by=rw.london_reviewer
        )

    assert str(assigned.value) == (
        "Lola Martin is not an NHS England reviewer for this roadmap's region."
    )
    assert str(assigning.value) == str(assigned.value)
    assert Roadmap.objects.get().state == RoadmapState.SUBMITTED
    assert not Review.objects.exists() and not AuditEvent.objects.exists()


def test_a_draft_roadmap_cannot_be_assigned(rw):
    Roadmap.objects.filter(pk=rw.roadmap.pk).update(state=RoadmapState.DRAFT)

    with pytest.raises(ActionRefused) as refused:
        in_review(rw)

    assert str(refused.value) == "Only a submitted roadmap, or one in review, can be assigned."


def test_comments_notes_and_ratings_are_kept_on_the_review(rw):
    review = in_review(rw)

    services.comment_on_section(review=review, section="vision", text="Say who leads it.",
                                author=rw.north_reviewer)  # fmt: skip
    services.add_internal_note(review=review, text=INTERNAL_NOTE, author=rw.north_reviewer)
    services.rate(review=review, focus_area=FocusArea.STP_ALIGNMENT, rating=Rating.AMBER,
                  note="Dates differ from the STP", rated_by=rw.north_reviewer)  # fmt: skip
    services.rate(review=review, focus_area=FocusArea.STP_ALIGNMENT, rating=Rating.GREEN,
                  note="", rated_by=rw.national_reviewer)  # fmt: skip

    assert list(review.comments.values_list("section", "text")) == [("vision", "Say who leads it.")]
    assert list(review.internal_notes.values_list("text", flat=True)) == [INTERNAL_NOTE]
    assert list(AssuranceRating.objects.values_list("focus_area", "rating", "note")) == [
        ("stp_alignment", "green", "")
    ]
    assert verbs() == [
        "roadmap.reviewer_assigned",
        "review.commented",
        "review.internal_note_added",
        "review.rated",
        "review.rated",
    ]


def test_nothing_is_added_to_a_review_without_words_or_by_another_region(rw):
    review = in_review(rw)

    with pytest.raises(ActionRefused) as empty:
        services.comment_on_section(review=review, section="vision", text="  ",
                                    author=rw.north_reviewer)  # fmt: skip
    with pytest.raises(ActionRefused) as unknown:
        services.comment_on_section(review=review, section="nonsense", text="Hm",
                                    author=rw.north_reviewer)  # fmt: skip
    with pytest.raises(ActionRefused) as outsider:
        services.add_internal_note(review=review, text="Mine", author=rw.london_reviewer)

    assert str(empty.value) == "Write your comment."
    assert str(unknown.value) == "Choose a section of the roadmap to comment on."
    assert "not an NHS England reviewer" in str(outsider.value)
    assert not review.comments.exists() and not review.internal_notes.exists()


def test_drafting_a_decision_changes_nothing_else_and_can_be_redrafted(rw):
    review = in_review(rw)

    services.draft_decision(review=review, decision=ReviewDecision.ACCEPT, message="Good",
                            drafted_by=rw.north_reviewer)  # fmt: skip
    services.draft_decision(review=review, decision=ReviewDecision.REQUEST_CHANGES,
                            message="Please add owners", drafted_by=rw.north_reviewer)  # fmt: skip

    review.refresh_from_db()
    assert (review.decision, review.message, review.released_at) == (
        "request_changes",
        "Please add owners",
        None,
    )
    assert Roadmap.objects.get().state == RoadmapState.IN_REVIEW
    assert not OutboundEmail.objects.exists()


def test_release_is_refused_until_every_focus_area_is_rated_and_a_message_is_written(rw):
    review = in_review(rw)
    services.rate(review=review, focus_area=FocusArea.STP_ALIGNMENT, rating=Rating.GREEN,
                  note="", rated_by=rw.north_reviewer)  # fmt: skip
    services.draft_decision(review=review, decision=ReviewDecision.ACCEPT, message="",
                            drafted_by=rw.north_reviewer)  # fmt: skip

    with pytest.raises(services.DecisionNotReady) as refused:
        services.release_decision(review=review, released_by=rw.north_reviewer)

    assert [str(problem) for problem in refused.value.problems] == [
        "Write the message to the footprint before you release the decision.",
        "Rate every focus area before you release the decision. Not rated yet: "
        "Information sharing, Universal capability plans.",
    ]
    review.refresh_from_db()
    assert review.released_at is None
    assert Roadmap.objects.get().state == RoadmapState.IN_REVIEW
    assert not OutboundEmail.objects.exists()


def test_release_is_refused_without_a_drafted_decision(rw):
    review = in_review(rw)

    with pytest.raises(services.DecisionNotReady) as refused:
        services.release_decision(review=review, released_by=rw.north_reviewer)

    assert str(refused.value.problems[0]) == "Draft a decision before you release it."


def test_asking_for_changes_reopens_the_draft_keeps_the_version_and_emails_the_lead(rw):
    review = in_review(rw)
    services.add_internal_note(review=review, text=INTERNAL_NOTE, author=rw.north_reviewer)
    ready_to_release(review, rw.north_reviewer, decision=ReviewDecision.REQUEST_CHANGES,
                     message="Please name an owner for each milestone.")  # fmt: skip
    snapshot, sha256 = rw.version.snapshot, rw.version.sha256

    services.release_decision(review=review, released_by=rw.north_reviewer)

    roadmap = Roadmap.objects.get()
    assert roadmap.state == RoadmapState.CHANGES_REQUESTED
    assert rules.can_edit_roadmap(rw.world.lead_editor, roadmap)
    version = RoadmapVersion.objects.get()
    assert (version.number, version.snapshot, version.sha256) == (1, snapshot, sha256)
    emails = OutboundEmail.objects.filter(template="roadmap_changes_requested").order_by("to")
    assert [email.to for email in emails] == [
        "approver@leeds.example.nhs.uk",
        "editor@leeds.example.nhs.uk",
    ]
    assert emails[0].subject == (
        "Change and resubmit the Leeds roadmap: NHS England has asked for changes"
    )
    assert "Please name an owner for each milestone." in emails[0].body_text
    assert f"/roadmaps/{roadmap.pk}/reviews/" in emails[0].body_text
    for email in OutboundEmail.objects.all():
        assert INTERNAL_NOTE not in f"{email.subject}{email.body_text}{email.body_html}"
        assert INTERNAL_NOTE not in str(email.context)
    event = AuditEvent.objects.get(verb="roadmap.changes_requested")
    assert (event.before, event.after) == (
        {"state": "in_review"},
        {"state": "changes_requested", "version": 1, "review": review.pk},
    )


def test_accepting_the_roadmap_releases_the_decision_to_the_lead(rw):
    review = in_review(rw)
    ready_to_release(review, rw.north_reviewer, decision=ReviewDecision.ACCEPT,
                     message="A credible roadmap.")  # fmt: skip

    services.release_decision(review=review, released_by=rw.north_reviewer)

    review.refresh_from_db()
    assert review.released_by == rw.north_reviewer and review.released_at is not None
    assert Roadmap.objects.get().state == RoadmapState.ACCEPTED
    subjects = set(
        OutboundEmail.objects.filter(template="roadmap_accepted").values_list("subject", flat=True)
    )
    assert subjects == {"Read NHS England's decision: the Leeds roadmap is accepted"}
    assert AuditEvent.objects.filter(verb="roadmap.accepted").count() == 1


def test_a_released_review_cannot_change(rw):
    review = in_review(rw)
    ready_to_release(review, rw.north_reviewer, decision=ReviewDecision.ACCEPT)
    services.release_decision(review=review, released_by=rw.north_reviewer)

    with pytest.raises(ActionRefused) as refused:
        services.draft_decision(
            review=review, decision="request_changes", message="Later", drafted_by=rw.north_reviewer
        )
    with pytest.raises(ActionRefused):
        services.release_decision(review=review, released_by=rw.north_reviewer)

    assert str(refused.value) == "The decision on this review has been released: it cannot change."
    assert OutboundEmail.objects.filter(template="roadmap_accepted").count() == 2


def test_every_step_and_decision_of_a_review_is_audited(rw):
    review = in_review(rw)
    ready_to_release(review, rw.north_reviewer, decision=ReviewDecision.REQUEST_CHANGES)
    services.release_decision(review=review, released_by=rw.north_reviewer)
    submit_directly(rw.roadmap, by=rw.world.lead_editor)
    second = services.assign_reviewer(
        roadmap=rw.roadmap, reviewer=rw.national_reviewer, assigned_by=rw.national_reviewer
    )
    ready_to_release(second, rw.national_reviewer, decision=ReviewDecision.ACCEPT)
    services.release_decision(review=second, released_by=rw.national_reviewer)

    rating = ["review.rated"] * len(FocusArea.values)
    assert verbs() == [
        "roadmap.reviewer_assigned",
        *rating,
        "review.decision_drafted",
        "roadmap.changes_requested",
        "roadmap.reviewer_assigned",
        *rating,
        "review.decision_drafted",
        "roadmap.accepted",
    ]
    assert Review.objects.filter(released_at__isnull=False).count() == 2


def test_a_resubmitted_version_shows_what_changed_since_the_reviewed_one(rw):
    review = in_review(rw)
    ready_to_release(review, rw.north_reviewer, decision=ReviewDecision.REQUEST_CHANGES)
    services.release_decision(review=review, released_by=rw.north_reviewer)
    RoadmapText.objects.filter(roadmap=rw.roadmap, section="vision").update(
        text="Shared records for every resident by 2020"
    )
    # Resubmitted as the lead would: sign-off by every CCG, then submission.
    world = rw.world
    submission.request_sign_off(roadmap=rw.roadmap, requested_by=world.lead_editor)
    for organisation, approver in [(world.lead, world.lead_approver),
                                   (world.partner, world.partner_approver)]:  # fmt: skip
        submission.sign_off_roadmap(roadmap=rw.roadmap, organisation=organisation,
                                    signed_by=approver)  # fmt: skip
    second = submission.submit_roadmap(roadmap=rw.roadmap, submitted_by=world.lead_editor)

    changes = changes_since_last_review(rw.roadmap, second)

    assert (second.number, Roadmap.objects.get().state) == (2, RoadmapState.SUBMITTED)
    assert changes.reviewed_version == rw.version
    assert changes.decision == "Ask for changes"
    assert changes.changed_count == 1
    vision = next(c for c in changes.comparisons if c.key == "vision")
    assert vision.changes == [
        Change(CHANGED, "Vision", "vision plan", "Shared records for every resident by 2020")
    ]
    assert changes_since_last_review(rw.roadmap, rw.version) is None


def test_the_footprints_review_history_has_released_decisions_and_no_internal_notes(rw):
    review = in_review(rw)
    services.comment_on_section(review=review, section="risks", text="Add a cyber risk.",
                                author=rw.north_reviewer)  # fmt: skip
    services.add_internal_note(review=review, text=INTERNAL_NOTE, author=rw.north_reviewer)
    ready_to_release(review, rw.north_reviewer, decision=ReviewDecision.REQUEST_CHANGES,
                     message="Please add the risks we list.")  # fmt: skip
    assert review_history_for_footprint(rw.roadmap) == []

    services.release_decision(review=review, released_by=rw.north_reviewer)
    history = review_history_for_footprint(rw.roadmap)

    assert len(history) == 1
    released = history[0]
    assert (released.version_number, released.decision, released.message) == (
        1,
        "request_changes",
        "Please add the risks we list.",
    )
    assert [(s.key, [c.text for c in s.comments]) for s in released.sections] == [
        ("risks", ["Add a cyber risk."])
    ]
    assert [(r.focus_area, r.rating) for r in released.ratings] == [
        (area, "green") for area in FocusArea.values
    ]
    assert INTERNAL_NOTE not in repr(history)
    assert not hasattr(released, "internal_notes")
