"""NHS England's review of a submitted roadmap (design section 6): a reviewer is assigned,
comments on sections, keeps internal notes, rates each focus area, drafts a decision and
releases it to the footprint.

Each action locks the roadmap row, checks the states it starts from inside that lock, writes,
records one audit event and queues its emails through the outbox, which sends them after
commit. Internal notes never leave NHS England: no email reads them.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from accounts.services.audit import record_event
from accounts.transitions import authorise
from roadmaps.enums import FocusArea, Rating, ReviewDecision, RoadmapState
from roadmaps.models import (
    AssuranceRating,
    InternalNote,
    Review,
    ReviewComment,
    Roadmap,
    RoadmapVersion,
)
from roadmaps.roadmap_sections import SECTIONS_BY_KEY
from roadmaps.rules import can_review_roadmap
from roadmaps.selectors.review import items_to_comment_on
from roadmaps.services.notifications import email_lead
from roadmaps.services.roadmaps import lock_roadmap
from roadmaps.transitions import ROADMAP

# The transition each decision makes, once released.
DECISION_ACTIONS = {
    ReviewDecision.ACCEPT: "accept_roadmap",
    ReviewDecision.REQUEST_CHANGES: "request_changes",
}
DECISION_EMAILS = {
    ReviewDecision.ACCEPT: "roadmap_accepted",
    ReviewDecision.REQUEST_CHANGES: "roadmap_changes_requested",
}


class DecisionNotReady(ActionRefused):
    """The decision cannot be released yet; ``problems`` says each thing still missing."""

    def __init__(self, problems):
        super().__init__(" ".join(str(problem) for problem in problems))
        self.problems = problems


def _refuse_unless_reviewer(person, roadmap):
    authorise(
        can_review_roadmap,
        person,
        roadmap,
        reason=_("%(name)s is not an NHS England reviewer for this roadmap's region.")
        % {"name": person},
    )


def _record(locked, *, by, verb, target=None, before=None, after=None):
    record_event(
        actor=by,
        verb=verb,
        target=target or locked,
        organisation=locked.footprint.lead_ccg,
        before=before,
        after=after,
    )


@transaction.atomic
def assign_reviewer(*, roadmap, reviewer, assigned_by):
    """Assign a submitted roadmap, or one in review, to a reviewer who may review its region:
    the review of its latest version starts (or changes hands) and the roadmap is in review.
    Assigning the person already assigned changes nothing."""
    locked = lock_roadmap(roadmap)
    ROADMAP.check(locked, "assign_reviewer")
    _refuse_unless_reviewer(assigned_by, locked)
    _refuse_unless_reviewer(reviewer, locked)
    version = RoadmapVersion.objects.filter(roadmap=locked).order_by("-number").first()
    if version is None:
        raise ActionRefused(_("This roadmap has no submitted version to review."))
    review, created = Review.objects.get_or_create(
        version=version, defaults={"roadmap": locked, "reviewer": reviewer}
    )
    if locked.state == RoadmapState.IN_REVIEW and locked.assignee_id == reviewer.pk:
        return review
    if not created and review.reviewer_id != reviewer.pk:
        review.reviewer = reviewer
        review.save(update_fields=["reviewer"])
    ROADMAP.move(
        locked,
        "assign_reviewer",
        by=assigned_by,
        organisation=locked.footprint.lead_ccg,
        before={"assignee": locked.assignee.email if locked.assignee else None},
        after={"assignee": reviewer.email, "version": version.number},
        assignee=reviewer,
    )
    return review


def _open_review(review, by):
    """The roadmap, locked, and the review re-read inside the lock, if it may still change."""
    locked = lock_roadmap(Roadmap(pk=review.roadmap_id))
    fresh = Review.objects.select_related("version").get(pk=review.pk)
    if fresh.released_at is not None:
        raise ActionRefused(_("The decision on this review has been released: it cannot change."))
    ROADMAP.check(locked, "review_roadmap")
    _refuse_unless_reviewer(by, locked)
    return locked, fresh


def _required_text(text, message):
    text = (text or "").strip()
    if not text:
        raise ActionRefused(message)
    return text


@transaction.atomic
def comment_on_section(*, review, section, text, author, item=None):
    """A comment on one section of the reviewed version, or on one benefit of it (``item``:
    the id the version's snapshot gives the benefit), for the footprint to read once the
    decision is released."""
    if section not in SECTIONS_BY_KEY:
        raise ActionRefused(_("Choose a section of the roadmap to comment on."))
    text = _required_text(text, _("Write your comment."))
    locked, fresh = _open_review(review, author)
    if item is not None and item not in items_to_comment_on(fresh.version.snapshot, section):
        raise ActionRefused(_("Choose a benefit of the reviewed version to comment on."))
    comment = ReviewComment.objects.create(
        review=fresh, section=section, item=item, text=text, author=author
    )
    after = {"section": section, "comment": comment.pk}
    if item is not None:
        after["item"] = item
    _record(locked, by=author, verb="review.commented", target=fresh, after=after)
    return comment


@transaction.atomic
def add_internal_note(*, review, text, author):
    """A note for NHS England only: never emailed and never shown to the footprint."""
    text = _required_text(text, _("Write your note."))
    locked, fresh = _open_review(review, author)
    note = InternalNote.objects.create(review=fresh, text=text, author=author)
    _record(locked, by=author, verb="review.internal_note_added", target=fresh,
            after={"note": note.pk})  # fmt: skip
    return note


@transaction.atomic
def rate(*, review, focus_area, rating, note, rated_by):
    """Rate one focus area of the review; rating it again replaces the earlier rating."""
    if focus_area not in FocusArea.values:
        raise ActionRefused(_("Choose a focus area to rate."))
    if rating not in Rating.values:
        raise ActionRefused(_("Choose green, amber or red."))
    locked, fresh = _open_review(review, rated_by)
    earlier = AssuranceRating.objects.filter(review=fresh, focus_area=focus_area).first()
    saved, _created = AssuranceRating.objects.update_or_create(
        review=fresh,
        focus_area=focus_area,
        defaults={"rating": rating, "note": (note or "").strip()},
    )
    _record(locked, by=rated_by, verb="review.rated", target=fresh,
            before={"focus_area": focus_area, "rating": earlier.rating if earlier else None},
            after={"focus_area": focus_area, "rating": rating})  # fmt: skip
    return saved


@transaction.atomic
def draft_decision(*, review, decision, message, drafted_by):
    """Store the decision and its message to the footprint; nothing else changes until it is
    released. It can be drafted again until then."""
    if decision not in ReviewDecision.values:
        raise ActionRefused(_("Choose whether to accept the roadmap or ask for changes."))
    locked, fresh = _open_review(review, drafted_by)
    before = {"decision": fresh.decision or None}
    fresh.decision = decision
    fresh.message = (message or "").strip()
    fresh.save(update_fields=["decision", "message"])
    _record(locked, by=drafted_by, verb="review.decision_drafted", target=fresh,
            before=before, after={"decision": decision})  # fmt: skip
    return fresh


def _problems(review):
    problems = []
    if not review.decision:
        problems.append(_("Draft a decision before you release it."))
    if not review.message.strip():
        problems.append(_("Write the message to the footprint before you release the decision."))
    rated = set(AssuranceRating.objects.filter(review=review).values_list("focus_area", flat=True))
    missing = [str(area.label) for area in FocusArea if area.value not in rated]
    if missing:
        problems.append(
            _("Rate every focus area before you release the decision. Not rated yet: %(areas)s.")
            % {"areas": ", ".join(missing)}
        )
    return problems


@transaction.atomic
def release_decision(*, review, released_by):
    """Release a drafted decision with its message, once every focus area is rated: the
    roadmap is accepted, or changes are requested (its draft opens again; the submitted
    version never changes). The lead CCG's editors and approvers get the message by email."""
    locked, fresh = _open_review(review, released_by)
    problems = _problems(fresh)
    if problems:
        raise DecisionNotReady(problems)
    fresh.released_at = timezone.now()
    fresh.released_by = released_by
    fresh.save(update_fields=["released_at", "released_by"])
    event = ROADMAP.move(
        locked,
        DECISION_ACTIONS[fresh.decision],
        by=released_by,
        organisation=locked.footprint.lead_ccg,
        after={"version": fresh.version.number, "review": fresh.pk},
        updated_at=fresh.released_at,
    )
    email_lead(
        locked,
        template=DECISION_EMAILS[fresh.decision],
        event=event,
        link=reverse("roadmap_review_history", args=[locked.pk]),
        extra={"number": fresh.version.number, "message": fresh.message},
    )
    return fresh
