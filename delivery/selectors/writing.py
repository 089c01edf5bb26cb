"""What the pages where a footprint writes its progress return read: the returns a person
sees with their deadlines and ratings, a return's task list of sections, and the words for
what is computed beside each line (slippage, drift).

The footprint's own rating and the region's assured rating are shown side by side, never
merged; the assured rating and the region's comment only once the region released them, and
the internal note never.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from delivery.enums import ReturnState
from delivery.models import ReturnAssurance
from delivery.selectors.benefit_display import benefit_row
from delivery.selectors.benefits import benefit_data
from delivery.selectors.returns import returns_for_user
from delivery.services.submission import missing_by_section
from roadmaps.selectors.deadlines import days_left, days_left_words, effective_deadline


@dataclass(frozen=True)
class Section:
    key: str
    title: str


SECTIONS = (
    Section("milestones", _("Milestones")),
    Section("capabilities", _("Universal capabilities")),
    Section("deployments", _("Capability deployment this year")),
    Section("risks", _("Risks")),
    Section("benefits", _("Benefits")),
    Section("narrative", _("Narrative")),
    Section("rating", _("Delivery confidence")),
)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}


def section_or_none(key):
    return SECTIONS_BY_KEY.get(key)


def next_section(section):
    """The section after ``section``, or None after the last."""
    keys = [each.key for each in SECTIONS]
    position = keys.index(section.key)
    return SECTIONS[position + 1] if position + 1 < len(SECTIONS) else None


@dataclass(frozen=True)
class ReturnDeadline:
    """When a return is due, in London time, and how many days are left while it is written."""

    due_at: object
    days_left: int
    # Days left only mean something while the return is still being written.
    counting: bool

    @property
    def words(self):
        return days_left_words(self.days_left)


def return_deadline(progress_return, now=None):
    """The deadline of the return's period for its footprint, extensions applied; None when
    the period has no due date. Uses the period's prefetched extensions when it has them."""
    footprint = progress_return.roadmap.footprint
    due_at = effective_deadline(
        stage=progress_return.period, footprint=footprint, organisation=footprint.lead_ccg
    )
    if due_at is None:
        return None
    counting = progress_return.state not in (ReturnState.SUBMITTED, ReturnState.ACCEPTED)
    return ReturnDeadline(due_at=due_at, days_left=days_left(due_at, now), counting=counting)


def _released_assurances():
    return Prefetch(
        "assurances",
        queryset=ReturnAssurance.objects.filter(released_at__isnull=False).order_by(
            "-released_at", "-pk"
        ),
        to_attr="released_assurances",
    )


def released_assurance(progress_return):
    """The region's latest released assurance of the return, or None."""
    released = getattr(progress_return, "released_assurances", None)
    if released is None:
        return (
            progress_return.assurances.filter(released_at__isnull=False)
            .order_by("-released_at", "-pk")
            .first()
        )
    return released[0] if released else None


@dataclass
class ListedReturn:
    progress_return: object
    deadline: ReturnDeadline
    assurance: object


def returns_listed_for(user, now=None):
    """The returns ``user`` may see, each with its deadline and released assurance: a fixed
    number of queries however many there are."""
    returns = returns_for_user(user).prefetch_related("period__extensions", _released_assurances())
    return [
        ListedReturn(
            progress_return=progress_return,
            deadline=return_deadline(progress_return, now),
            assurance=released_assurance(progress_return),
        )
        for progress_return in returns
    ]


@dataclass
class SectionProgress:
    section: Section
    missing: list

    @property
    def complete(self):
        return not self.missing


def section_progress(progress_return, figures):
    """Each section of the return with what it still needs before sign-off."""
    missing = missing_by_section(progress_return, figures)
    return [SectionProgress(section, missing.get(section.key, [])) for section in SECTIONS]


def submissions_of(progress_return):
    return list(progress_return.submissions.order_by("number"))


# --- Words for what is computed ------------------------------------------------------------


def slippage_words(days):
    """Slippage against the accepted roadmap in words; "" without a baseline date."""
    if days is None:
        return ""
    if days == 0:
        return _("on the accepted date")
    if days > 0:
        return ngettext(
            "%(days)s day later than accepted", "%(days)s days later than accepted", days
        ) % {"days": days}
    return ngettext(
        "%(days)s day earlier than accepted", "%(days)s days earlier than accepted", -days
    ) % {"days": -days}


def drift_words(days):
    """How far the forecast moved since last quarter in words; "" without last quarter's."""
    if days is None:
        return ""
    if days == 0:
        return _("the same as last quarter")
    if days > 0:
        return ngettext(
            "%(days)s day later than last quarter", "%(days)s days later than last quarter", days
        ) % {"days": days}
    return ngettext(
        "%(days)s day earlier than last quarter",
        "%(days)s days earlier than last quarter",
        -days,
    ) % {"days": -days}


def with_words(figures):
    """``figures`` with the slippage and drift of each milestone and capability in words, and
    each benefit line's figures (``shown``)."""
    for line in (*figures.milestones, *figures.capabilities):
        line.slippage_words = slippage_words(line.slippage)
        line.drift_words = drift_words(line.drift)
    for line in figures.benefits:
        line.shown = benefit_row(benefit_data(line))
    return figures
