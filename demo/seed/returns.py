"""Four quarters of progress returns for every accepted and published roadmap: the year after
the seed's moment, each quarter's return submitted before its due date and assured by the
region, ratings that improve, worsen and stay the same (a few footprints rate themselves Green
over a milestone months late and are assured two steps lower), and in the latest quarter
returns in every state (most assured, some submitted and waiting, some sent back for more
information, some overdue with nothing submitted).

The reporting periods are added through ``add_quarterly_periods``; the returns, their lines,
submissions, assurances and audit events are written in bulk, as the seed writes footprints
and answers. They keep the services' invariants: lines pre-filled as ``open_return`` fills
them (benefit lines by its own ``benefit_lines``, see ``demo/seed/benefit_lines.py``; every
return that reaches sign-off answers each of them), the suggested rating computed by
``delivery/suggestion.py`` from the lines, a reason wherever the footprint rates better than
suggested and a rationale wherever its rating changed, and each submission frozen with
``return_snapshot`` and its SHA-256 as ``submit_return`` freezes it. The same seed gives the
same returns.
"""

import copy
import random
from dataclasses import dataclass
from datetime import date, timedelta

from accounts.enums import Role
from accounts.models import AuditEvent
from delivery.confidence import ORDER, Confidence, is_better
from delivery.enums import AssuranceDecision, ReturnState
from delivery.models import (
    ProgressReturn,
    ReturnAssurance,
    ReturnBenefit,
    ReturnCapability,
    ReturnDeployment,
    ReturnMilestone,
    ReturnRisk,
    ReturnSubmission,
)
from delivery.selectors.returns import TRACKED_ROADMAP_STATES, return_figures
from delivery.services.periods import add_quarterly_periods
from delivery.services.returns import financial_year
from delivery.services.submission import return_snapshot
from delivery.suggestion import suggest
from demo.seed import benefit_lines, return_lines
from demo.seed.reviews import reviewer_for
from roadmaps.enums import ReviewDecision
from roadmaps.models import Roadmap, RoadmapVersion
from roadmaps.selectors.snapshot import snapshot_sha256

QUARTERS = 4
S = ReturnState
# The latest quarter's states, (state, share); at least one of each while there are enough
# roadmaps, in this order; the rest accepted.
LATEST_SHARES = (
    (S.SUBMITTED, 0.15),
    (S.DRAFT, 0.10),  # overdue: nothing submitted
    (S.MORE_INFORMATION_REQUESTED, 0.08),
    (S.AWAITING_SIGN_OFF, 0.07),  # overdue too: still waiting for the approver
)
# Earlier quarters: this share was sent back for more information once, then accepted.
RESUBMITTED_SHARE = 0.12
PROGRESS = (
    "The shared care record reached two more practices and the community trust.",
    "Transfers of care from the acute trust are now sent electronically.",
    "The information sharing agreement was signed by every partner.",
    "Wi-Fi is in place in every community clinic.",
)
NEXT_QUARTER = (
    "Connect social care to the shared care record.",
    "Start electronic prescribing on two wards.",
    "Replace the remaining paper referrals.",
)
RATIONALE = {
    True: "Milestones were met and the main risk was mitigated.",
    False: "Milestones slipped and a risk to delivery has grown.",
}
OVERRIDE = "The supplier has a recovery plan that brings the work back on time."
MORE_INFORMATION = "Say how the late milestones will be recovered, and by when."
ASSURED_COMMENTS = {
    0: "Agreed.",
    1: "We rate delivery lower: the recovery plan is not yet funded.",
    -1: "We rate delivery higher: the recovery plan is credible.",
    2: "We rate delivery two steps lower: the rating leaves out a milestone months late.",
}
# Every this-many-th roadmap (from the first) is an optimist: it rates itself Amber/Green,
# then Green, Green and Amber/Green again while its main milestone is more than 90 days late
# every quarter, and the region assures it two steps lower each time.
OPTIMIST_EVERY = 4
OPTIMIST_RANKS = [1, 0, 0, 1]
OPTIMIST_LINES = Confidence.AMBER_RED
OPTIMIST_ASSURED_LOWER_BY = 2
NOTE = "Discuss at the regional delivery board."
LINE_MODELS = (
    ("milestones", ReturnMilestone),
    ("capabilities", ReturnCapability),
    ("deployments", ReturnDeployment),
    ("risks", ReturnRisk),
    ("benefits", ReturnBenefit),
)


def quarter_end_after(day):
    """The first quarter end on or after ``day``."""
    month = (day.month - 1) // 3 * 3 + 3
    following = date(day.year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


def latest_states(count):
    """The latest quarter's state for each of ``count`` roadmaps."""
    states = []
    for state, share in LATEST_SHARES:
        states += [state] * min(max(1, round(count * share)), count - len(states))
    return states + [S.ACCEPTED] * (count - len(states))


@dataclass
class Plan:
    """What the seed wants of one roadmap's returns."""

    ratings: list  # the footprint's own, quarter by quarter
    latest: str
    benefits: benefit_lines.Course
    optimist: bool = False


@dataclass
class Reported:
    """A return as written: the row (read again with its lines and period), its lines, its
    financial year, its rating, and the roadmap's benefit lines so far by benefit id."""

    row: ProgressReturn
    lines: return_lines.Lines
    year: int
    submitted_rating: str
    benefits: dict


def _plans(count, rng):
    """Ratings that move by one step each quarter: improve, worsen and stay, in an order of
    the seed's choosing (the optimists' fixed), so every roadmap shows all three."""
    states = latest_states(count)
    rng.shuffle(states)
    courses = benefit_lines.courses(count, rng)
    plans = []
    for index in range(count):
        start = rng.choice((1, 2, 3))
        steps = [1, 0, -1]
        rng.shuffle(steps)
        ranks = [start]
        for step in steps:
            ranks.append(ranks[-1] + step)
        optimist = index % OPTIMIST_EVERY == 0
        plans.append(Plan(ratings=[ORDER[r] for r in (OPTIMIST_RANKS if optimist else ranks)],
                          latest=states[index], benefits=courses[index],
                          optimist=optimist))  # fmt: skip
    return plans


def _suggestion_wanted(rating, rng):
    """Usually the rating itself; sometimes one worse (the footprint rates better than the
    rules and says why) or one better (the footprint is more cautious)."""
    position = ORDER.index(rating)
    draw = rng.random()
    if draw < 0.15 and position < len(ORDER) - 1:
        return ORDER[position + 1]
    if draw < 0.25 and position > 0:
        return ORDER[position - 1]
    return rating


def _event(verb, row, *, actor, at, before, after):
    return AuditEvent(actor=actor, verb=verb, target_type="delivery.progressreturn",
                      target_id=str(row.pk), target_repr=str(row)[:300],
                      organisation=row.roadmap.footprint.lead_ccg, before={"state": before},
                      after={"state": after}, at=at)  # fmt: skip


class _Quarter:
    """One reporting period's returns, written in a handful of bulk inserts."""

    def __init__(self, *, period, index, people, rng):
        self.period, self.index, self.people, self.rng = period, index, people, rng
        self.last = index == QUARTERS - 1
        self.events, self.submissions, self.assurances = [], [], []

    def state_for(self, plan):
        return plan.latest if self.last else S.ACCEPTED

    def build(self, roadmap, baseline, plan, previous):
        """The return row (unsaved) and its lines for ``roadmap``."""
        period, rng = self.period, self.rng
        sections = baseline.snapshot.get("sections", {})
        if previous is None:
            lines = return_lines.from_baseline(sections, period.period_end)
        else:
            lines = return_lines.from_previous(sections, period.period_end, previous)
        rating = plan.ratings[self.index]
        wanted = OPTIMIST_LINES if plan.optimist else _suggestion_wanted(rating, rng)
        return_lines.shape(
            lines, target=wanted, quarter=self.index,
            period_end=period.period_end, last=self.last,
            owner=roadmap.footprint.lead_ccg.name, rng=rng,
        )  # fmt: skip
        suggested = suggest(milestones=lines.milestones, capabilities=lines.capabilities,
                            deployments=lines.deployments, risks=lines.risks,
                            on=period.period_end).rating  # fmt: skip
        state = self.state_for(plan)
        written = state != S.DRAFT
        earlier = previous.submitted_rating if previous else ""
        opened = period.opens_at + timedelta(hours=1)
        row = ProgressReturn(
            roadmap=roadmap, period=period, baseline=baseline,
            previous=previous.row if previous else None, state=state,
            version=rng.randint(3, 9), progress=rng.choice(PROGRESS),
            next_quarter=rng.choice(NEXT_QUARTER) if written else "",
            delivery_confidence=rating if written else earlier,
            rationale=RATIONALE[is_better(rating, earlier)]
            if written and earlier and earlier != rating else "",
            override_reason=OVERRIDE if written and is_better(rating, suggested) else "",
            created_at=opened, updated_at=opened + timedelta(days=rng.randint(3, 12)),
            updated_by=self.people.of(roadmap.footprint.lead_ccg_id, Role.EDITOR),
        )  # fmt: skip
        lines.benefits = benefit_lines.report(
            row, sections=sections, previous=previous.row if previous else None,
            period_end=period.period_end, quarter=self.index, course=plan.benefits,
            answered=written, earlier=previous.benefits if previous else {}, rng=rng,
        )  # fmt: skip
        return row, lines

    def unsubmitted(self, row):
        """A return still with the footprint: opened, and perhaps sent for sign-off."""
        self.events.append(_event("return.opened", row, actor=None, at=row.created_at,
                                  before=None, after=S.DRAFT))  # fmt: skip
        if row.state == S.AWAITING_SIGN_OFF:
            self.events.append(_event("return.sign_off_requested", row, actor=row.updated_by,
                                      at=row.updated_at, before=S.DRAFT,
                                      after=S.AWAITING_SIGN_OFF))  # fmt: skip

    def submit(self, row, roadmap, earlier_benefits, *, optimist=False):
        """Freeze ``row`` (re-read with its lines; ``earlier_benefits`` its roadmap's earlier
        benefit lines) as ``submit_return`` does, once or, when the region first asked for more
        information, twice; assure what the state needs (an ``optimist`` two steps lower)."""
        rng, people = self.rng, self.people
        editor = people.of(roadmap.footprint.lead_ccg_id, Role.EDITOR)
        approver = people.of(roadmap.footprint.lead_ccg_id, Role.APPROVER)
        reviewer = reviewer_for(roadmap, people)
        figures = return_figures(row, earlier_benefits=earlier_benefits)
        snapshot = return_snapshot(row, figures)
        due = self.period.due_at
        resubmitted = not self.last and rng.random() < RESUBMITTED_SHARE
        first_at = due - timedelta(days=rng.randint(2, 12), hours=rng.randint(0, 8))
        rounds = [(copy.deepcopy(snapshot), first_at)]
        if resubmitted:
            rounds[0][0]["narrative"]["next_quarter"] = ""
            rounds.append((snapshot, first_at + timedelta(days=rng.randint(8, 15))))
        self.events.append(_event("return.opened", row, actor=None, at=row.created_at,
                                  before=None, after=S.DRAFT))  # fmt: skip
        for number, (frozen, at) in enumerate(rounds, start=1):
            self.events.append(_event(
                "return.sign_off_requested", row, actor=editor, at=at - timedelta(days=1),
                before=S.DRAFT if number == 1 else S.MORE_INFORMATION_REQUESTED,
                after=S.AWAITING_SIGN_OFF))  # fmt: skip
            self.events.append(_event("return.submitted", row, actor=approver, at=at,
                                      before=S.AWAITING_SIGN_OFF, after=S.SUBMITTED))  # fmt: skip
            submission = ReturnSubmission(
                progress_return=row, number=number, snapshot=frozen,
                sha256=snapshot_sha256(frozen), delivery_confidence=row.delivery_confidence,
                suggested_confidence=figures.suggestion.rating, submitted_by=approver,
                submitted_at=at,
            )  # fmt: skip
            self.submissions.append(submission)
            decision = self._decision(row.state, final=number == len(rounds))
            if decision is None:
                # Waiting for the region; some have an assurance drafted, not yet released.
                if rng.random() < 0.5:
                    self.assurances.append(self._assurance(
                        row, submission, reviewer, at, decision="", released=False,
                        optimist=optimist))  # fmt: skip
                continue
            assurance = self._assurance(row, submission, reviewer, at, decision=decision,
                                        released=True, optimist=optimist)  # fmt: skip
            self.assurances.append(assurance)
            accepted = decision == AssuranceDecision.ACCEPT
            self.events.append(_event(
                "return.accepted" if accepted else "return.more_information_requested", row,
                actor=reviewer, at=assurance.released_at, before=S.SUBMITTED,
                after=S.ACCEPTED if accepted else S.MORE_INFORMATION_REQUESTED))  # fmt: skip
        row.submitted_at = rounds[-1][1]

    @staticmethod
    def _decision(state, *, final):
        if not final:
            return AssuranceDecision.MORE_INFORMATION
        return {
            S.ACCEPTED: AssuranceDecision.ACCEPT,
            S.MORE_INFORMATION_REQUESTED: AssuranceDecision.MORE_INFORMATION,
        }.get(state)

    def _assurance(self, row, submission, reviewer, submitted_at, *, decision, released,
                   optimist):  # fmt: skip
        rng = self.rng
        draw = rng.random()
        offset = 1 if draw < 0.25 else -1 if draw < 0.35 else 0
        if optimist:
            offset = OPTIMIST_ASSURED_LOWER_BY
        position = min(max(ORDER.index(row.delivery_confidence) + offset, 0), len(ORDER) - 1)
        assured = ORDER[position]
        comment = (
            MORE_INFORMATION
            if decision == AssuranceDecision.MORE_INFORMATION
            else ASSURED_COMMENTS[position - ORDER.index(row.delivery_confidence)]
        )
        drafted = submitted_at + timedelta(days=rng.randint(2, 6))
        released_at = drafted + timedelta(days=rng.randint(1, 10)) if released else None
        return ReturnAssurance(
            submission=submission, progress_return=row, reviewer=reviewer,
            assured_confidence=assured, comment=comment,
            internal_note=NOTE if rng.random() < 0.3 else "", decision=decision,
            released_at=released_at, released_by=reviewer if released else None,
            created_at=drafted, updated_at=released_at or drafted,
        )  # fmt: skip


def _baselines(roadmaps):
    """Each roadmap's latest accepted version, as ``accepted_version`` finds it."""
    versions = RoadmapVersion.objects.filter(
        roadmap__in=roadmaps, review__decision=ReviewDecision.ACCEPT,
        review__released_at__isnull=False,
    ).order_by("roadmap_id", "number")  # fmt: skip
    return {version.roadmap_id: version for version in versions}


def create_returns(*, cycle, people, seed, as_at):
    """Add the cycle's four reporting periods after ``as_at`` and the returns of its accepted
    and published roadmaps; returns (periods, roadmaps, {state: count of the latest quarter's
    returns})."""
    rng = random.Random(f"{seed}:returns")  # noqa: S311 - seeded test data, not secrets
    periods = add_quarterly_periods(cycle=cycle, first_quarter_end=quarter_end_after(as_at.date()),
                                    count=QUARTERS, added_by=people.admin)  # fmt: skip
    roadmaps = list(
        Roadmap.objects.filter(footprint__cycle=cycle, state__in=TRACKED_ROADMAP_STATES)
        .select_related("footprint__lead_ccg")
        .order_by("pk")
    )
    baselines = _baselines(roadmaps)
    roadmaps = [roadmap for roadmap in roadmaps if roadmap.pk in baselines]
    plans = _plans(len(roadmaps), rng)
    previous = {}
    for index, period in enumerate(periods):
        quarter = _Quarter(period=period, index=index, people=people, rng=rng)
        built = [quarter.build(roadmap, baselines[roadmap.pk], plan, previous.get(roadmap.pk))
                 for roadmap, plan in zip(roadmaps, plans, strict=True)]  # fmt: skip
        rows = ProgressReturn.objects.bulk_create([row for row, _lines in built])
        lines = [found.all_for(row) for row, found in built]
        for name, model in LINE_MODELS:
            model.objects.bulk_create(
                [line for found in lines for line in getattr(found, name)], batch_size=1000
            )
        reread = {
            row.pk: row
            for row in ProgressReturn.objects.filter(pk__in=[r.pk for r in rows])
            .select_related("roadmap__footprint__lead_ccg", "period", "baseline")
            .prefetch_related("milestones", "capabilities", "deployments", "risks", "benefits")
        }
        submitted = []
        for row, found, plan in zip(rows, lines, plans, strict=True):
            before = previous[row.roadmap_id].benefits if row.previous_id else {}
            again = reread[row.pk]
            if row.state in (S.DRAFT, S.AWAITING_SIGN_OFF):
                quarter.unsubmitted(row)
            else:
                quarter.submit(again, again.roadmap, before, optimist=plan.optimist)
                row.submitted_at = again.submitted_at
                submitted.append(row)
            previous[row.roadmap_id] = Reported(
                row=again, lines=found, year=financial_year(period.period_end),
                submitted_rating=row.delivery_confidence if row.submitted_at else "",
                benefits=benefit_lines.history(before, found.benefits),
            )  # fmt: skip
        ProgressReturn.objects.bulk_update(submitted, ["submitted_at"])
        # The assurances' submissions have their ids once these are written.
        ReturnSubmission.objects.bulk_create(quarter.submissions)
        ReturnAssurance.objects.bulk_create(quarter.assurances)
        AuditEvent.objects.bulk_create(quarter.events)
    latest = {}
    for plan in plans:
        latest[plan.latest] = latest.get(plan.latest, 0) + 1
    return periods, roadmaps, latest
