"""Which ratings count, written once: a return's self rating is the footprint's rating in its
latest submission; its assured rating is the region's rating in its latest *released*
assurance (a drafted one is nobody's business but the region's until it is released). The two
are always shown side by side, never merged.

Also how a pair of ratings is written in a strip of quarters: "A/G · A" (self · assured),
with the words for people who hear the page rather than see it.
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delivery.confidence import Confidence
from delivery.models import ReturnAssurance, ReturnSubmission

SHORT = {
    Confidence.GREEN: gettext_lazy("G"),
    Confidence.AMBER_GREEN: gettext_lazy("A/G"),
    Confidence.AMBER: gettext_lazy("A"),
    Confidence.AMBER_RED: gettext_lazy("A/R"),
    Confidence.RED: gettext_lazy("R"),
}
# How each rating is drawn beside its words (an extra, never the only sign): the NHS
# identity's colours, as the charts use them.
FILLS = {
    Confidence.GREEN: "#007f3b",
    Confidence.AMBER_GREEN: "#78be20",
    Confidence.AMBER: "#ffb81c",
    Confidence.AMBER_RED: "#ed8b00",
    Confidence.RED: "#d5281b",
}
# The value of a rating filter for "no rating".
NO_RATING = "none"


def self_rating(outer="pk"):
    """The delivery confidence of the latest submission of the return ``outer`` names."""
    latest = ReturnSubmission.objects.filter(progress_return=OuterRef(outer)).order_by("-number")
    return Subquery(latest.values("delivery_confidence")[:1])


def latest_number(outer="pk"):
    latest = ReturnSubmission.objects.filter(progress_return=OuterRef(outer)).order_by("-number")
    return Subquery(latest.values("number")[:1])


def assured_rating(outer="pk"):
    """The assured rating of the latest released assurance of the return ``outer`` names."""
    released = ReturnAssurance.objects.filter(
        progress_return=OuterRef(outer), released_at__isnull=False
    ).order_by("-submission__number")
    return Subquery(released.values("assured_confidence")[:1])


def with_ratings(returns):
    """The returns with ``self_rating``, ``assured_rating`` and ``latest_number`` (each None
    when there is none yet)."""
    return returns.annotate(
        self_rating=self_rating(), assured_rating=assured_rating(), latest_number=latest_number()
    )


def label(rating):
    return str(Confidence(rating).label) if rating else _("No rating")


def short(rating):
    return str(SHORT[rating]) if rating else "–"


@dataclass(frozen=True)
class Ratings:
    """A footprint's two ratings for one period (each a Confidence value or None)."""

    period: object
    self_rating: str | None = None
    assured_rating: str | None = None

    @property
    def text(self):
        """ "A/G · A": self · assured, a dash for no rating."""
        return f"{short(self.self_rating)} · {short(self.assured_rating)}"

    @property
    def words(self):
        return _("%(period)s: self %(self)s, assured %(assured)s") % {
            "period": self.period.label,
            "self": label(self.self_rating),
            "assured": label(self.assured_rating),
        }

    @property
    def self_fill(self):
        return FILLS.get(self.self_rating)

    @property
    def assured_fill(self):
        return FILLS.get(self.assured_rating)

    @property
    def self_label(self):
        return label(self.self_rating)

    @property
    def assured_label(self):
        return label(self.assured_rating)


def matches(rating, wanted):
    """Whether ``rating`` passes a rating filter: "" any, ``NO_RATING`` none, or a value."""
    if not wanted:
        return True
    if wanted == NO_RATING:
        return not rating
    return rating == wanted
