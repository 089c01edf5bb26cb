"""How ratings moved between two reporting periods, with joiners and leavers kept apart.

Given each footprint's rating in an earlier period A and a later period B (None for no
rating), every footprint is improved, worsened or unchanged, or new (a rating in B and none
in A: a roadmap accepted late, or a return missed) or missing (a rating in A and none in B).
New and missing are never counted as change: a trend must separate who joined and who left
from who moved (the National Audit Office's lesson, ``research/tracking.md`` A4). The self
ratings and the assured ratings are compared separately, never merged.

Pure: no database, so it is tested on its own.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delivery.confidence import Confidence, rank

IMPROVED = "improved"
WORSENED = "worsened"
UNCHANGED = "unchanged"
NEW = "new"
MISSING = "missing"
CATEGORIES = (IMPROVED, WORSENED, UNCHANGED, NEW, MISSING)
CATEGORY_LABELS = {
    IMPROVED: gettext_lazy("Improved"),
    WORSENED: gettext_lazy("Worsened"),
    UNCHANGED: gettext_lazy("Unchanged"),
    NEW: gettext_lazy("New"),
    MISSING: gettext_lazy("Missing"),
}


def label(rating):
    return str(Confidence(rating).label)


def classify(before, after):
    """The category of a move from ``before`` to ``after`` (ratings or None); None when
    there is a rating in neither period."""
    if before is None and after is None:
        return None
    if before is None:
        return NEW
    if after is None:
        return MISSING
    if rank(after) < rank(before):
        return IMPROVED
    if rank(after) > rank(before):
        return WORSENED
    return UNCHANGED


@dataclass(frozen=True)
class Move:
    before: str | None
    after: str | None

    @property
    def category(self):
        return classify(self.before, self.after)

    @property
    def words(self):
        """The move in words: "Worsened from Green to Amber", "New at Amber", "Missing (was
        Amber/Green)", "Unchanged at Amber"; "No rating" when there is none either time."""
        category = self.category
        if category is None:
            return _("No rating")
        if category == NEW:
            return _("New at %(after)s") % {"after": label(self.after)}
        if category == MISSING:
            return _("Missing (was %(before)s)") % {"before": label(self.before)}
        if category == UNCHANGED:
            return _("Unchanged at %(after)s") % {"after": label(self.after)}
        template = (
            _("Improved from %(before)s to %(after)s")
            if category == IMPROVED
            else _("Worsened from %(before)s to %(after)s")
        )
        return template % {"before": label(self.before), "after": label(self.after)}


@dataclass(frozen=True)
class Movement:
    """Each footprint's move (by key) and how many footprints are in each category."""

    moves: dict
    counts: dict

    @property
    def changed(self):
        return self.counts[IMPROVED] + self.counts[WORSENED]

    def rows(self):
        """(category, its label, count) for each category, in order."""
        return [
            (category, CATEGORY_LABELS[category], self.counts[category]) for category in CATEGORIES
        ]


def movement(before, after):
    """The movement from ``before`` to ``after``, each {key: rating or None} (a key missing
    from one of them has no rating there). Keys with no rating in either are left out."""
    moves = {}
    counts = dict.fromkeys(CATEGORIES, 0)
    for key in {*before, *after}:
        move = Move(before.get(key) or None, after.get(key) or None)
        if move.category is None:
            continue
        moves[key] = move
        counts[move.category] += 1
    return Movement(moves=moves, counts=counts)
