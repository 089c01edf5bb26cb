"""The whole seed, step by step, each step reported with its counts and time taken."""

import time
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Organisation, OutboundEmail, User
from accounts.services.outbox import deliveries_held
from demo.checks import findings_by_check, run_every_check
from demo.seed import (
    assessments,
    footprints,
    grouping,
    next_cycle,
    organisations,
    people,
    reminders,
    returns,
    roadmap_states,
)
from demo.seed.clock import at
from demo.seed.scale import DEFAULT_AS_AT, SCALES
from roadmaps.enums import FootprintState
from roadmaps.models import Cycle


class SeedRefused(Exception):
    """The database is not empty: nothing was changed."""


@dataclass
class SeedResult:
    counts: dict = field(default_factory=dict)
    sign_ins: list = field(default_factory=list)
    password: str = people.PASSWORD


def check_empty():
    """Refuse unless there are no organisations, people or cycles (what migrations make,
    such as the reminder schedule, does not count)."""
    found = (
        [
            ngettext("%(count)s organisation", "%(count)s organisations", count)
            % {"count": f"{count:,}"}
            for count in [Organisation.objects.count()]
            if count
        ]
        + [
            ngettext("%(count)s person", "%(count)s people", count) % {"count": f"{count:,}"}
            for count in [User.objects.count()]
            if count
        ]
        + [
            ngettext("%(count)s cycle", "%(count)s cycles", count) % {"count": f"{count:,}"}
            for count in [Cycle.objects.count()]
            if count
        ]
    )
    if found:
        listed = ", ".join(found)
        raise SeedRefused(
            _("The database is not empty (%(found)s). seed_national fills an empty database "
              "only: point DATABASE_URL at a new one.") % {"found": listed}
        )  # fmt: skip


class _Steps:
    def __init__(self, report):
        self.report = report
        self.started = time.perf_counter()

    def done(self, line):
        elapsed = time.perf_counter() - self.started
        self.report(f"{line} ({elapsed:.1f} s)")
        self.started = time.perf_counter()


def seed_national(*, scale="full", seed=1, as_at=None, report=print):
    """Fill an empty database with the national picture at ``scale`` ("full" or "small"),
    answers drawn from ``seed``, "as at" ``as_at``; ``report`` gets a line per step. All or
    nothing: one transaction. Raises ``SeedRefused`` on a database that is not empty."""
    size = SCALES[scale]
    as_at = as_at or DEFAULT_AS_AT
    steps = _Steps(report)
    result = SeedResult()
    # The emails the services queue stay pending in the outbox: nothing is sent while seeding.
    with transaction.atomic(), deliveries_held(), at(as_at):
        check_empty()
        total, cycle, question_set = organisations.load_reference_data()
        scope = organisations.choose_scope(size)
        steps.done(
            _("Organisations: %(total)s loaded; seeding %(ccgs)s CCGs, %(trusts)s NHS trusts, "
              "%(councils)s local authorities")
            % {"total": f"{total:,}", "ccgs": len(scope.ccgs), "trusts": len(scope.trusts),
               "councils": len(scope.councils)}
        )  # fmt: skip
        seeded = people.create_people(scope)
        steps.done(_("People: %(count)s, three per organisation and NHS England's")
                   % {"count": f"{seeded.count:,}"})  # fmt: skip
        plan = grouping.plan_footprints(scope, size.footprints)
        states = footprints.footprint_states(len(plan), seed)
        rows, members = footprints.create_footprints(
            cycle=cycle, plan=plan, states=states, people=seeded, as_at=as_at
        )
        opened = footprints.open_roadmaps(rows, as_at)
        endorsed = sum(state == FootprintState.ENDORSED for state in states)
        steps.done(
            _("Footprints: %(count)s with %(members)s members, %(endorsed)s endorsed")
            % {"count": len(rows), "members": f"{members:,}", "endorsed": endorsed}
        )
        made, answers = assessments.create_assessments(
            cycle=cycle, question_set=question_set, people=seeded, seed=seed, as_at=as_at
        )
        steps.done(_("Assessments: %(count)s with %(answers)s answers, scored and published")
                   % {"count": made, "answers": f"{answers:,}"})  # fmt: skip
        by_state = roadmap_states.create_roadmaps(
            opened, cycle=cycle, question_set=question_set, people=seeded, as_at=as_at
        )
        listed = ", ".join(f"{count} {state}" for state, count in by_state.items())
        steps.done(_("Roadmaps: %(count)s (%(states)s)") % {"count": len(opened),
                                                             "states": listed})  # fmt: skip
        periods, tracked, latest = returns.create_returns(
            cycle=cycle, people=seeded, seed=seed, as_at=as_at
        )
        listed = ", ".join(f"{count} {state}" for state, count in sorted(latest.items()))
        steps.done(
            _("Returns: %(count)s over %(first)s to %(last)s for %(roadmaps)s accepted roadmaps; "
              "the latest quarter's: %(states)s")
            % {"count": len(periods) * len(tracked), "first": periods[0].label,
               "last": periods[-1].label, "roadmaps": len(tracked), "states": listed}
        )  # fmt: skip
        versions, returns_checked = run_every_check(clock=at)
        found = findings_by_check()
        steps.done(
            _("Cross-checks: %(count)s findings (%(checks)s) on %(versions)s roadmap versions "
              "and %(returns)s progress returns")
            % {"count": f"{sum(found.values()):,}", "versions": versions,
               "returns": returns_checked,
               "checks": ", ".join(f"{check} {count:,}" for check, count in found.items())}
        )  # fmt: skip
        refresh, carried, after = next_cycle.create_refresh(cycle=cycle, people=seeded)
        steps.done(
            _("Next cycle: %(cycle)s, %(carried)s footprints carried forward and merged along "
              "STP lines into %(after)s")
            % {"cycle": refresh.name, "carried": carried, "after": after}
        )  # fmt: skip
        queued, digests = reminders.queue_reminders(scope=scope, people=seeded, as_at=as_at)
        pending = OutboundEmail.objects.count()
        steps.done(_("Reminders: %(queued)s digests queued; %(pending)s emails waiting in the "
                     "outbox") % {"queued": f"{queued:,}", "pending": f"{pending:,}"})  # fmt: skip
    result.counts = {
        "organisations": total,
        "people": seeded.count,
        "footprints": len(rows),
        "assessments": made,
        "answers": answers,
        "roadmaps": len(opened),
        "returns": len(periods) * len(tracked),
        "findings": found,
        "reminders": digests,
        "refresh_footprints": after,
    }
    lead = rows[0].lead_ccg if rows else None
    result.sign_ins = [seeded.admin.email, seeded.national_reviewer.email]
    result.sign_ins += [user.email for user in list(seeded.regional_reviewers.values())[:1]]
    if lead is not None:
        result.sign_ins += [people.email_for(role, lead) for role in ("editor", "approver")]
    return result
