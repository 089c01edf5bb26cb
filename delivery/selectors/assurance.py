"""What NHS England's reviewers read to assure progress returns: the returns waiting for
assurance in the regions they review, the assurances released lately, and a submission's
assurance. A submission beside the one it is compared with: ``assurance_comparison``."""

from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import OuterRef, Q, Subquery

from delivery.confidence import Confidence, is_better
from delivery.enums import ReturnState
from delivery.models import ProgressReturn, ReturnAssurance, ReturnSubmission
from delivery.selectors.returns import regions_reviewed_by

RECENTLY_RELEASED = 20


def _in_regions(user, prefix):
    """A filter of what lies in the regions ``user`` reviews (everything for a national
    reviewer); ``prefix`` leads from the model to the return."""
    regions = regions_reviewed_by(user)
    if regions is None:
        return Q()
    return Q(**{f"{prefix}roadmap__footprint__lead_ccg__region_id__in": regions})


# --- The queue ------------------------------------------------------------------------------


@dataclass
class QueueRow:
    progress_return: ProgressReturn
    # The footprint's rating and the suggestion in its latest submission.
    rating: str
    suggested: str
    # Last quarter's: the footprint's submitted rating and the region's released one.
    last_rating: str
    last_assured: str

    @property
    def labels(self):
        """The four ratings as people read them, "" for none."""
        return {
            name: Confidence(value).label if value else ""
            for name, value in (
                ("rating", self.rating),
                ("suggested", self.suggested),
                ("last_rating", self.last_rating),
                ("last_assured", self.last_assured),
            )
        }

    @property
    def worsened(self):
        """The footprint rates itself worse than it did last quarter."""
        return bool(self.rating and self.last_rating) and is_better(self.last_rating, self.rating)


def assurance_queue(user):
    """The returns waiting for assurance in the regions ``user`` reviews: those whose own
    rating worsened since last quarter first, then the longest waiting. One query."""
    latest = ReturnSubmission.objects.filter(progress_return=OuterRef("pk")).order_by("-number")
    last = ReturnSubmission.objects.filter(progress_return=OuterRef("previous_id")).order_by(
        "-number"
    )
    last_assured = ReturnAssurance.objects.filter(
        progress_return=OuterRef("previous_id"), released_at__isnull=False
    ).order_by("-submission__number")
    returns = (
        ProgressReturn.objects.filter(_in_regions(user, ""), state=ReturnState.SUBMITTED)
        .select_related(
            "period", "roadmap__footprint__lead_ccg__region", "roadmap__footprint__cycle"
        )
        .annotate(
            latest_rating=Subquery(latest.values("delivery_confidence")[:1]),
            latest_suggested=Subquery(latest.values("suggested_confidence")[:1]),
            last_rating=Subquery(last.values("delivery_confidence")[:1]),
            last_assured=Subquery(last_assured.values("assured_confidence")[:1]),
        )
    )
    rows = [
        QueueRow(
            progress_return=progress_return,
            rating=progress_return.latest_rating or "",
            suggested=progress_return.latest_suggested or "",
            last_rating=progress_return.last_rating or "",
            last_assured=progress_return.last_assured or "",
        )
        for progress_return in returns
    ]
    rows.sort(
        key=lambda row: (
            not row.worsened,
            row.progress_return.submitted_at is None,
            row.progress_return.submitted_at,
            row.progress_return.roadmap.footprint.name,
        )
    )
    return rows


def recently_released(user, *, limit=RECENTLY_RELEASED):
    """The assurances released most recently in the regions ``user`` reviews, or by them,
    newest first. One query."""
    return list(
        ReturnAssurance.objects.filter(
            _in_regions(user, "progress_return__") | Q(released_by=user),
            released_at__isnull=False,
        )
        .select_related(
            "progress_return__period",
            "progress_return__roadmap__footprint__lead_ccg__region",
            "released_by",
            "submission",
        )
        .defer("submission__snapshot")
        .order_by("-released_at", "-pk")[:limit]
    )


# --- The assurance of one submission --------------------------------------------------------


def assurance_of(submission):
    """The region's assurance of ``submission``, drafted or released, or None."""
    try:
        return submission.assurance
    except ObjectDoesNotExist:
        return None


def earlier_assurances(progress_return, submission):
    """The released assurances of this return's submissions before ``submission``: what
    NHS England asked for when it sent the return back."""
    return list(
        ReturnAssurance.objects.filter(
            progress_return=progress_return,
            submission__number__lt=submission.number,
            released_at__isnull=False,
        )
        .select_related("submission", "released_by")
        .defer("submission__snapshot")
        .order_by("submission__number")
    )
