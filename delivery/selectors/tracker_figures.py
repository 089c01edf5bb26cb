"""The national tracker's figures worked out from what footprints submitted: milestones per
capability group, universal capabilities forecast after 31 March 2018, and how many
footprints had each rating in each quarter. Pure: they read submissions' frozen snapshots and
ratings already fetched, never the database.

The milestone counts, each over the milestones of the period's latest submissions:

- **due this quarter**: the date the accepted roadmap gave it falls in the quarter;
- **done**: reported done;
- **late**: reported late, or not done with its forecast date before the quarter's end (the
  same test as the suggested rating's "late milestone" rule, ``delivery/suggestion.py``);
- **slipped**: its slippage is more than 0 days (later than the accepted roadmap).
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from delivery.confidence import Confidence
from delivery.enums import MilestoneStatus
from roadmaps.enums import CapabilityGroup, UniversalCapability

NO_GROUP = ""
NO_GROUP_LABEL = _("No capability group")


def quarter_start(period_end):
    """The first day of the quarter ending ``period_end`` (30 June 2016 -> 1 April 2016)."""
    month = period_end.month - 2
    year = period_end.year
    if month < 1:
        month += 12
        year -= 1
    return date(year, month, 1)


def _day(value):
    return date.fromisoformat(value) if value else None


@dataclass
class GroupMilestones:
    group: str
    label: str
    milestones: int = 0
    due: int = 0
    done: int = 0
    late: int = 0
    slipped: int = 0


def milestones_by_group(snapshots, period):
    """One ``GroupMilestones`` per capability group with a milestone, in the groups' order,
    "No capability group" last; from the ``snapshots`` of ``period``'s submissions."""
    start, end = quarter_start(period.period_end), period.period_end
    labels = dict(CapabilityGroup.choices)
    groups = {}
    for snapshot in snapshots:
        for line in snapshot.get("milestones", []):
            group = line.get("group") or NO_GROUP
            if group not in groups:
                groups[group] = GroupMilestones(group, str(labels.get(group, NO_GROUP_LABEL)))
            counts = groups[group]
            baseline, forecast = _day(line.get("baseline_due")), _day(line.get("forecast_on"))
            done = line.get("status") == MilestoneStatus.DONE
            counts.milestones += 1
            counts.due += baseline is not None and start <= baseline <= end
            counts.done += done
            counts.late += line.get("status") == MilestoneStatus.LATE or (
                not done and forecast is not None and forecast < end
            )
            counts.slipped += (line.get("slippage") or 0) > 0
    order = [*CapabilityGroup.values, NO_GROUP]
    return [groups[group] for group in order if group in groups]


@dataclass(frozen=True)
class LateCapability:
    letter: str
    name: str
    footprints: int


def capabilities_after_deadline(snapshots):
    """For each universal capability, how many footprints' submissions forecast it after 31
    March 2018 (not in place by then)."""
    counts = dict.fromkeys(UniversalCapability.values, 0)
    for snapshot in snapshots:
        for line in snapshot.get("capabilities", []):
            if line.get("after_deadline") and line.get("letter") in counts:
                counts[line["letter"]] += 1
    return [
        LateCapability(letter, str(UniversalCapability(letter).label), counts[letter])
        for letter in UniversalCapability.values
    ]


@dataclass(frozen=True)
class PeriodDistribution:
    """How many footprints had each rating in one period (``counts`` in the scale's order,
    best first) and how many had none."""

    period: object
    counts: tuple
    unrated: int

    @property
    def rated(self):
        return sum(self.counts)

    def cells(self):
        """(rating, its label, count) in the scale's order."""
        return [
            (rating, Confidence(rating).label, count)
            for rating, count in zip(Confidence.values, self.counts, strict=True)
        ]


def distribution(periods, ratings_by_period):
    """Per period, the counts of each rating among ``ratings_by_period[period.pk]`` (a list
    of ratings or None, one per footprint in view)."""
    result = []
    for period in periods:
        ratings = ratings_by_period.get(period.pk, [])
        result.append(
            PeriodDistribution(
                period=period,
                counts=tuple(ratings.count(rating) for rating in Confidence.values),
                unrated=sum(1 for rating in ratings if not rating),
            )
        )
    return result
