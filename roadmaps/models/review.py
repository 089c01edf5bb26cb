"""NHS England's review of a submitted roadmap version: comments per section the footprint
sees, internal notes it never sees, assurance ratings and a staged decision."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from roadmaps.enums import FocusArea, Rating, ReviewDecision
from roadmaps.models.roadmap import Roadmap, RoadmapVersion


class Review(models.Model):
    """One review per submitted version. The decision is drafted, then released: only on
    release does the roadmap change state and the footprint get the email."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.PROTECT, related_name="reviews")
    version = models.OneToOneField(RoadmapVersion, on_delete=models.PROTECT, related_name="review")
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(
        _("decision"), max_length=20, choices=ReviewDecision.choices, blank=True
    )
    # The decision's message to the footprint: the body of the email sent on release.
    message = models.TextField(_("message to the footprint"), blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["roadmap", "version__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=["", *ReviewDecision.values]),
                name="review_decision_valid",
            ),
        ]

    def __str__(self):
        return f"Review of {self.version}"


class ReviewComment(models.Model):
    """A comment on one section of the version, for the footprint to see."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    section = models.CharField(max_length=40)
    # The id the version's snapshot gives the row commented on (a benefit); empty for a
    # comment on the whole section.
    item = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.review} – {self.section}"


class InternalNote(models.Model):
    """A note for NHS England only: never shown to the footprint."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="internal_notes")
    text = models.TextField(_("internal note"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.review} – internal note"


class AssuranceRating(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    focus_area = models.CharField(max_length=30, choices=FocusArea.choices)
    rating = models.CharField(max_length=10, choices=Rating.choices)
    note = models.TextField(_("why"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "focus_area"], name="rating_once"),
            models.CheckConstraint(condition=Q(rating__in=Rating.values), name="rating_valid"),
        ]

    def __str__(self):
        return f"{self.review} – {self.focus_area}: {self.rating}"
