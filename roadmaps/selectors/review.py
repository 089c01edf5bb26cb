"""Reads for NHS England's review of roadmaps: the review queue, the review in progress, what
changed since the last released review, and the footprint's history of released decisions.

``review_history_for_footprint`` is what the footprint reads: it never selects internal notes,
and it returns plain records, so a page built on it cannot reach them either.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Prefetch
from django.db.models.fields.json import KeyTransform
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import NHS_ENGLAND_KINDS, OrganisationKind, Role
from accounts.models import Membership
from accounts.rules import nhs_england_roles
from roadmaps.enums import FocusArea, Rating, ReviewDecision, RoadmapState
from roadmaps.models import (
    AssuranceRating,
    InternalNote,
    Review,
    ReviewComment,
    Roadmap,
    RoadmapVersion,
)
from roadmaps.roadmap_sections import SECTIONS
from roadmaps.selectors.compare import compare_snapshots
from roadmaps.selectors.cycle_picker import cycle_choice

QUEUE_STATES = (
    RoadmapState.SUBMITTED,
    RoadmapState.IN_REVIEW,
    RoadmapState.CHANGES_REQUESTED,
    RoadmapState.ACCEPTED,
)
# NHS England owes a decision on a roadmap in these states; the days waiting count for them.
WAITING_STATES = (RoadmapState.SUBMITTED, RoadmapState.IN_REVIEW)
NOBODY = "nobody"


def reviewable_region_ids(user):
    """The regions whose roadmaps the person reviews, as ``is_reviewer_for_region`` decides:
    None for a national reviewer (every region), else a set of region ids (maybe empty)."""
    regions = set()
    for kind, organisation_id, role in nhs_england_roles(user):
        if role != Role.REVIEWER:
            continue
        if kind == OrganisationKind.NHS_ENGLAND:
            return None
        regions.add(organisation_id)
    return regions


# Sections a reviewer also comments on row by row, each row by the id its snapshot gives it.
ITEM_SECTIONS = tuple(section.key for section in SECTIONS if section.kind == "benefits")


def items_to_comment_on(snapshot, section_key):
    """{id: name} of the rows of a version's section that each take comments of their own
    (its benefits), in order; empty for any other section, or a version without it."""
    if section_key not in ITEM_SECTIONS:
        return {}
    rows = ((snapshot or {}).get("sections") or {}).get(section_key)
    if not isinstance(rows, list):
        return {}
    return {
        row["id"]: str(row.get("description", ""))
        for row in rows
        if isinstance(row, dict) and isinstance(row.get("id"), int)
    }


@dataclass
class QueueRow:
    roadmap: Roadmap
    submitted_on: date | None
    days_waiting: int | None
    # Reviewers the roadmap can be assigned to; the page fills this in.
    colleagues: list = field(default_factory=list)

    @property
    def region(self):
        return self.roadmap.footprint.lead_ccg.region

    @property
    def can_assign(self):
        return self.roadmap.state in WAITING_STATES


def _days_waiting(roadmap, today):
    if roadmap.state not in WAITING_STATES or roadmap.submitted_at is None:
        return None
    return (today - timezone.localdate(roadmap.submitted_at)).days


def _queued(user):
    """Roadmaps in the queue's states of the regions the person reviews."""
    roadmaps = Roadmap.objects.filter(state__in=QUEUE_STATES)
    regions = reviewable_region_ids(user)
    if regions is not None:
        roadmaps = roadmaps.filter(footprint__lead_ccg__region_id__in=regions)
    return roadmaps


def queue_cycles(user):
    """The cycles the person's review queue offers: those with roadmaps in it, opening on the
    newest that has started. One query."""
    return cycle_choice(showing=_queued(user).values("footprint__cycle_id"), only_showing=True)


def waiting_in_other_cycles(user, cycle):
    """``[(cycle id, cycle name, how many)]``: roadmaps of the person's regions waiting for a
    decision in cycles other than ``cycle``, so the queue of one cycle hides no work. One
    query."""
    waiting = _queued(user).filter(state__in=WAITING_STATES).exclude(footprint__cycle=cycle)
    return list(
        waiting.values_list("footprint__cycle_id", "footprint__cycle__name")
        .annotate(count=Count("pk"))
        .order_by("footprint__cycle__name")
    )


def review_queue(user, *, cycle=None, region=None, state=None, assignee=None, longest_first=True):
    """Submitted, in-review, changes-requested and accepted roadmaps the person may review,
    of every cycle or ``cycle``, narrowed to a region id, a state, and an assignee (a user,
    ``NOBODY``, or None for anyone). The ones waiting for a decision come first, by days
    waiting (London dates); then the rest by footprint name. One query, whatever the number
    of roadmaps."""
    roadmaps = _queued(user).select_related(
        "footprint",
        "footprint__cycle",
        "footprint__lead_ccg",
        "footprint__lead_ccg__region",
        "assignee",
    )
    if cycle is not None:
        roadmaps = roadmaps.filter(footprint__cycle=cycle)
    if region is not None:
        roadmaps = roadmaps.filter(footprint__lead_ccg__region_id=region)
    if state:
        roadmaps = roadmaps.filter(state=state)
    if assignee == NOBODY:
        roadmaps = roadmaps.filter(assignee__isnull=True)
    elif assignee is not None:
        roadmaps = roadmaps.filter(assignee=assignee)
    today = timezone.localdate()
    rows = [
        QueueRow(
            roadmap=roadmap,
            submitted_on=timezone.localdate(roadmap.submitted_at) if roadmap.submitted_at else None,
            days_waiting=_days_waiting(roadmap, today),
        )
        for roadmap in roadmaps.order_by("footprint__name", "pk")
    ]
    sign = -1 if longest_first else 1
    return sorted(rows, key=lambda row: (row.days_waiting is None, sign * (row.days_waiting or 0)))


@dataclass
class ReviewerDirectory:
    """Every active NHS England reviewer: the national ones, and each region's."""

    national: list
    by_region: dict

    def for_region(self, region_id):
        people = {user.pk: user for user in [*self.national, *self.by_region.get(region_id, [])]}
        return sorted(people.values(), key=lambda user: (str(user).lower(), user.pk))


def assignable_reviewers():
    """The reviewers a roadmap can be assigned to, by region: one query."""
    national, by_region = [], {}
    memberships = Membership.objects.filter(
        role=Role.REVIEWER, organisation__kind__in=NHS_ENGLAND_KINDS, user__is_active=True
    ).select_related("user", "organisation")
    for membership in memberships:
        if membership.organisation.kind == OrganisationKind.NHS_ENGLAND:
            national.append(membership.user)
        else:
            by_region.setdefault(membership.organisation_id, []).append(membership.user)
    return ReviewerDirectory(national=national, by_region=by_region)


def latest_version(roadmap):
    return RoadmapVersion.objects.filter(roadmap_id=roadmap.pk).order_by("-number").first()


def review_of(version):
    """The review of a version, with its comments, internal notes and ratings, or None. For
    NHS England's pages only."""
    if version is None:
        return None
    return (
        Review.objects.filter(version=version)
        .select_related("reviewer", "released_by")
        .prefetch_related(
            Prefetch("comments", queryset=ReviewComment.objects.select_related("author")),
            Prefetch("internal_notes", queryset=InternalNote.objects.select_related("author")),
            "ratings",
        )
        .first()
    )


@dataclass(frozen=True)
class ChangesSinceReview:
    reviewed_version: RoadmapVersion
    decision: str
    comparisons: list

    @property
    def changed_count(self):
        return sum(1 for comparison in self.comparisons if not comparison.unchanged)


def changes_since_last_review(roadmap, version):
    """What changed from the version of the last released review before ``version`` to
    ``version``, section by section; None when no earlier decision was released."""
    reviewed = (
        Review.objects.filter(
            roadmap_id=roadmap.pk,
            released_at__isnull=False,
            version__number__lt=version.number,
        )
        .select_related("version")
        .order_by("-version__number")
        .first()
    )
    if reviewed is None:
        return None
    return ChangesSinceReview(
        reviewed_version=reviewed.version,
        decision=reviewed.get_decision_display(),
        comparisons=compare_snapshots(reviewed.version.snapshot, version.snapshot),
    )


# --- What the footprint reads -------------------------------------------------------------


@dataclass(frozen=True)
class ShownComment:
    text: str
    author: str
    created_at: datetime


@dataclass(frozen=True)
class ItemComments:
    """The comments on one row of a section (a benefit), named as the version names it."""

    item: int
    name: str
    comments: list


@dataclass(frozen=True)
class SectionComments:
    key: str
    title: str
    comments: list
    # Comments on single rows of the section (``ItemComments``), in the version's order.
    items: tuple = ()


@dataclass(frozen=True)
class ShownRating:
    focus_area: str
    focus_area_label: str
    rating: str
    rating_label: str
    note: str


@dataclass(frozen=True)
class ReleasedReview:
    version_number: int
    submitted_at: datetime
    decision: str
    decision_label: str
    message: str
    released_at: datetime
    released_by: str
    sections: list
    ratings: list


def _label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _kept_rows(key):
    """The rows a version kept for a section, read from its snapshot by the database."""
    return KeyTransform(key, KeyTransform("sections", "version__snapshot"))


def _item_comments(review, key, comments):
    kept = {"sections": {key: getattr(review, f"kept_{key}", None)}}
    names = items_to_comment_on(kept, key)
    commented = sorted(item for section, item in comments if section == key and item is not None)
    order = [item for item in names if item in commented]
    order += [item for item in commented if item not in names]
    return tuple(
        ItemComments(item, names.get(item) or _("A benefit not found in this version"),
                     comments[key, item])
        for item in order
    )  # fmt: skip


def _released(review):
    comments = {}
    for comment in review.comments.all():
        comments.setdefault((comment.section, comment.item), []).append(
            ShownComment(comment.text, str(comment.author), comment.created_at)
        )
    sections = []
    for section in SECTIONS:
        items = _item_comments(review, section.key, comments)
        if (section.key, None) in comments or items:
            sections.append(
                SectionComments(
                    section.key, str(section.title), comments.get((section.key, None), []), items
                )
            )
    ratings = {rating.focus_area: rating for rating in review.ratings.all()}
    return ReleasedReview(
        version_number=review.version.number,
        submitted_at=review.version.submitted_at,
        decision=review.decision,
        decision_label=_label(ReviewDecision, review.decision),
        message=review.message,
        released_at=review.released_at,
        released_by=str(review.released_by) if review.released_by else "",
        sections=sections,
        ratings=[
            ShownRating(
                area.value,
                str(area.label),
                ratings[area.value].rating,
                _label(Rating, ratings[area.value].rating),
                ratings[area.value].note,
            )
            for area in FocusArea
            if area.value in ratings
        ],  # fmt: skip
    )


def review_history_for_footprint(roadmap):
    """Released reviews of the roadmap, newest version first: decision, message, comments by
    section and by benefit, and ratings. Never internal notes. Three queries."""
    reviews = (
        Review.objects.filter(roadmap_id=roadmap.pk, released_at__isnull=False)
        .select_related("version", "released_by")
        .defer("version__snapshot")
        .annotate(**{f"kept_{key}": _kept_rows(key) for key in ITEM_SECTIONS})
        .prefetch_related(
            Prefetch("comments", queryset=ReviewComment.objects.select_related("author")),
            Prefetch("ratings", queryset=AssuranceRating.objects.all()),
        )
        .order_by("-version__number")
    )
    return [_released(review) for review in reviews]
