"""Reporting periods: the quarters a cycle's accepted roadmaps report on.

A period is a progress stage of the cycle, so its dates move through ``change_stage_dates``
and its extensions through ``grant_extension``, like any stage. Its return opens the day
after the quarter ends and is due ``RETURN_WORKING_DAYS`` working days later (England's bank
holidays are not working days).
"""

from dataclasses import dataclass
from datetime import date, timedelta

import holidays
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from accounts.rules import is_nhse_admin
from accounts.services.audit import record_event
from accounts.transitions import authorise
from delivery.models import ReportingPeriod
from delivery.rules import ONLY_ADMINS
from roadmaps.enums import StageKind
from roadmaps.services.cycles import check_stage_dates, end_of_day, start_of_day

RETURN_WORKING_DAYS = 20


def working_days_after(day, count):
    """The ``count``-th working day after ``day`` in England."""
    bank_holidays = holidays.country_holidays(
        "GB", subdiv="ENG", years=range(day.year, day.year + 2)
    )
    current = day
    while count:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in bank_holidays:
            count -= 1
    return current


def quarter_label(period_end):
    """The financial year's quarter a quarter-end falls in: 30 June 2016 -> "2016/17 Q1"."""
    first_year = period_end.year if period_end.month > 3 else period_end.year - 1
    quarter = {6: 1, 9: 2, 12: 3, 3: 4}[period_end.month]
    return f"{first_year}/{(first_year + 1) % 100:02d} Q{quarter}"


def quarter_ends(first, count):
    """``count`` quarter-ends from ``first`` (the last day of June, September, December or
    March)."""
    ends, year, month = [], first.year, first.month
    for _index in range(count):
        following = date(year + (month == 12), month % 12 + 1, 1)
        ends.append(following - timedelta(days=1))
        month += 3
        if month > 12:
            month -= 12
            year += 1
    return ends


@dataclass(frozen=True)
class PeriodDates:
    label: str
    period_end: date
    opens_on: date
    due_on: date


def quarterly_periods(*, first_quarter_end, count):
    """The dates of ``count`` quarterly periods from the quarter ending ``first_quarter_end``."""
    if first_quarter_end.month not in (3, 6, 9, 12):
        raise ActionRefused(
            _("A quarter ends on the last day of March, June, September or December.")
        )
    return [
        PeriodDates(
            label=quarter_label(end),
            period_end=end,
            opens_on=end + timedelta(days=1),
            due_on=working_days_after(end, RETURN_WORKING_DAYS),
        )
        for end in quarter_ends(first_quarter_end, count)
    ]


@transaction.atomic
def add_reporting_period(*, cycle, label, period_end, opens_on, due_on, added_by):
    """A new reporting period for ``cycle``: audited; NHS England admins only."""
    authorise(is_nhse_admin, added_by, reason=ONLY_ADMINS)
    label = (label or "").strip()
    if not label:
        raise ActionRefused(_("Enter the reporting period's name, for example 2016/17 Q1."))
    opens_at, due_at = start_of_day(opens_on), end_of_day(due_on)
    check_stage_dates(opens_at=opens_at, due_at=due_at)
    try:
        with transaction.atomic():
            period = ReportingPeriod.objects.create(
                cycle=cycle,
                kind=StageKind.PROGRESS,
                label=label,
                period_end=period_end,
                opens_at=opens_at,
                due_at=due_at,
            )
    except IntegrityError:
        raise ActionRefused(
            _("%(cycle)s already has a reporting period called %(label)s.")
            % {"cycle": cycle.name, "label": label}
        ) from None
    record_event(
        actor=added_by,
        verb="period.added",
        target=period,
        after={"label": label, "period_end": period_end.isoformat(),
               "opens_on": opens_on.isoformat(), "due_on": due_on.isoformat()},
    )  # fmt: skip
    return period


@transaction.atomic
def add_quarterly_periods(*, cycle, first_quarter_end, count, added_by):
    """``count`` quarterly periods from ``first_quarter_end``; those the cycle already has
    (by name) are left as they are. Returns the periods added."""
    existing = set(ReportingPeriod.objects.filter(cycle=cycle).values_list("label", flat=True))
    return [
        add_reporting_period(
            cycle=cycle,
            label=dates.label,
            period_end=dates.period_end,
            opens_on=dates.opens_on,
            due_on=dates.due_on,
            added_by=added_by,
        )
        for dates in quarterly_periods(first_quarter_end=first_quarter_end, count=count)
        if dates.label not in existing
    ]
