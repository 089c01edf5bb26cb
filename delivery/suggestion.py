"""What a progress return's figures say, computed and never typed: each milestone's slippage
and drift, the universal capabilities now forecast after 31 March 2018, and the delivery
confidence rating the rules below suggest.

The rules are written here and nowhere else; the return's rating page lists them with
``RULES`` and says which fired and why. Each rule caps the suggestion: the suggestion is the
worst cap of the rules that fire, and Green when none does. The footprint chooses its own
rating; one better than the suggestion needs its reason.

- **Slippage** of a milestone: days from the date it was accepted with (the baseline) to its
  forecast date, or to the date it was done. Positive is later.
- **Drift**: days from last quarter's forecast to this quarter's. Positive is later.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from delivery.confidence import Confidence, rank
from delivery.enums import CapabilityStatus, DeploymentStatus, MilestoneStatus
from roadmaps.roadmap_sections import UNIVERSAL_CAPABILITIES_BY

# A milestone more than this many days later than accepted is a major slip.
MAJOR_SLIP_DAYS = 90
# This many universal capabilities forecast after 31 March 2018 make delivery unachievable.
CAPABILITIES_LATE_FOR_RED = 3
# A risk with likelihood and impact both at least this (4, high) is a major risk.
HIGH = 4


def days_between(earlier, later):
    if earlier is None or later is None:
        return None
    return (later - earlier).days


def milestone_date(line):
    """When the milestone was done, or is now forecast."""
    if line.status == MilestoneStatus.DONE and line.done_on:
        return line.done_on
    return line.forecast_on


def slippage(line):
    """Days the milestone moved against the accepted roadmap; None for one added since."""
    return days_between(line.baseline_due, milestone_date(line))


def drift(line):
    """Days the milestone's forecast moved since last quarter; None without one."""
    return days_between(line.previous_forecast, milestone_date(line))


def capability_date(line):
    return line.forecast_by or line.planned_by


def forecast_after_deadline(line):
    """A universal capability not in place and now forecast after 31 March 2018."""
    day = capability_date(line)
    return (
        line.status != CapabilityStatus.IN_PLACE
        and day is not None
        and day > UNIVERSAL_CAPABILITIES_BY
    )


def capability_drift(line):
    return days_between(line.previous_forecast, line.forecast_by)


def capability_slippage(line):
    return days_between(line.planned_by, line.forecast_by)


@dataclass(frozen=True)
class Rule:
    id: str
    cap: str
    statement: str


RULES = (
    Rule(
        "capabilities-late",
        Confidence.RED,
        _("Three or more universal capabilities are forecast after 31 March 2018: Red."),
    ),
    Rule(
        "capability-late",
        Confidence.AMBER_RED,
        _("A universal capability is forecast after 31 March 2018: Amber/Red at best."),
    ),
    Rule(
        "major-slip",
        Confidence.AMBER_RED,
        _(
            "A milestone is more than 90 days later than in the accepted roadmap: Amber/Red "
            "at best."
        ),
    ),
    Rule(
        "late-milestone",
        Confidence.AMBER,
        _(
            "A milestone is late, or its forecast date has passed and it is not done: Amber "
            "at best."
        ),
    ),
    Rule(
        "major-risk",
        Confidence.AMBER,
        _("An open risk has high likelihood and high impact (4 or 5 each): Amber at best."),
    ),
    Rule(
        "slipping",
        Confidence.AMBER_GREEN,
        _(
            "A milestone is later than accepted or at risk, or a capability group's deployment "
            "is behind plan: Amber/Green at best."
        ),
    ),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}


@dataclass
class Suggestion:
    """The suggested rating and, for each rule that fired, what made it fire."""

    rating: str = Confidence.GREEN
    fired: list = field(default_factory=list)

    def add(self, rule_id, evidence):
        rule = RULES_BY_ID[rule_id]
        self.fired.append((rule, evidence))
        if rank(rule.cap) > rank(self.rating):
            self.rating = rule.cap

    @property
    def label(self):
        return Confidence(self.rating).label


def suggest(*, milestones, capabilities, deployments, risks, on):
    """The suggestion for a return's lines as they stand on ``on`` (the period's end, or
    today while the quarter runs): lines need the fields of the ``Return*`` models."""
    suggestion = Suggestion()
    late_capabilities = [line for line in capabilities if forecast_after_deadline(line)]
    if len(late_capabilities) >= CAPABILITIES_LATE_FOR_RED:
        suggestion.add("capabilities-late", ", ".join(c.letter for c in late_capabilities))
    for line in late_capabilities:
        suggestion.add("capability-late", _("%(letter)s forecast %(day)s") % {
            "letter": line.letter, "day": capability_date(line).isoformat()})  # fmt: skip
    for line in milestones:
        slipped = slippage(line)
        if slipped is not None and slipped > MAJOR_SLIP_DAYS:
            suggestion.add("major-slip", _("%(title)s: %(days)s days later") % {
                "title": line.title, "days": slipped})  # fmt: skip
        overdue = (
            line.status != MilestoneStatus.DONE
            and line.forecast_on is not None
            and line.forecast_on < on
        )
        if line.status == MilestoneStatus.LATE or overdue:
            suggestion.add("late-milestone", str(line.title))
        elif line.status == MilestoneStatus.AT_RISK or (slipped or 0) > 0:
            suggestion.add("slipping", str(line.title))
    for line in risks:
        if not line.closed and line.likelihood >= HIGH and line.impact >= HIGH:
            suggestion.add("major-risk", str(line.description)[:120])
    for line in deployments:
        if line.status == DeploymentStatus.BEHIND:
            suggestion.add("slipping", str(line.get_group_display()))
    return suggestion
