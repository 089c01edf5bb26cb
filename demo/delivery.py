"""Demonstration delivery tracking for ``manage.py load_demo``: reporting periods around today
and three quarters of progress returns for the accepted and published demo roadmaps, in every
state a return reaches, written, signed off, submitted and assured through the services by the
demo people, so that the audit trail and the emails are real.

**Where the periods fall.** The demo cycle's dates move so that today is in its footprint
stage, but a reporting period's name must stay a real quarter's, so the periods are not
shifted: they are the quarter today falls in and the two before it, by their real names and
ends ("2026/27 Q1" ends on 30 June 2026). The two past quarters have the usual window (the
return opens the day after the quarter ends and is due 20 working days later). The current
quarter's return is open now: in the demo its window opens on the quarter's first day rather
than the day after it ends, so that it can be written today; it is due on the usual day. A
later ``load_demo`` adds the quarters that have begun since, the newest again open from its
first day, and opens their returns as the ``delivery.open_returns`` task would.

The demo does not move the clock (``make run`` has no time-travel tool), so every step is
dated the day the demo is first loaded, whichever quarter it reports on.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from delivery.confidence import Confidence
from delivery.enums import (
    AssuranceDecision,
    CapabilityStatus,
    DeploymentStatus,
    MilestoneStatus,
    ReturnState,
)
from delivery.models import ProgressReturn, ReportingPeriod
from delivery.services import assurance, returns, submission
from delivery.services.periods import add_reporting_period, quarterly_periods
from demo.reviews import demo_ccg_people
from roadmaps.enums import CapabilityGroup, RiskLevel
from roadmaps.models import Roadmap
from roadmaps.services.cycles import LONDON

# How many quarters have returns: the current one and the two before it.
DEMO_QUARTERS = 3
C = Confidence


@dataclass(frozen=True)
class Assurance:
    """The region's assurance of a submitted return, drafted then released."""

    rating: str
    decision: str
    comment: str
    internal_note: str = ""


@dataclass(frozen=True)
class Quarter:
    """What a footprint reports for one quarter, and how far its return gets."""

    state: str
    rating: str
    progress: str
    next_quarter: str = ""
    rationale: str = ""
    override_reason: str = ""
    # The accepted roadmap's milestone done this many days after the date it was accepted
    # with (more than 90 is a major slip).
    milestone_done_late_by: int | None = None
    # {letter: {field: value}}, {group: {field: value}}, {risk description: {field: value}}
    capabilities: dict = field(default_factory=dict)
    deployments: dict = field(default_factory=dict)
    risks: dict = field(default_factory=dict)
    # A milestone added since the roadmap was accepted, forecast at the end of the next
    # quarter: its title.
    added_milestone: str = ""
    # A risk added since: (description, likelihood, impact, owner, mitigation).
    added_risk: tuple | None = None
    assurance: Assurance | None = None
    # What the footprint reports of its two demo benefits: {"money" | "quality": {field:
    # value}}; every return that reaches sign-off answers both.
    benefits: dict = field(default_factory=dict)


IN_PLACE = {"status": CapabilityStatus.IN_PLACE}
ON_TRACK = {"status": CapabilityStatus.ON_TRACK}
SOCIAL_CARE_RISK = "The council's social care record system's contract ends in March."


def realised(pounds, evidence="Pathology spend by the finance team, this quarter.", **more):
    return {"actual": Decimal(pounds), "evidence": evidence, **more}


def readmissions(percent, evidence="Hospital episode statistics, last month.", **more):
    return {"actual": Decimal(percent), "evidence": evidence, **more}


NO_DATA = {"no_data": True, "evidence": "The first figures are due next quarter."}

# Footprint -> (place of its <place>.editor@ and <place>.approver@demo.example, the returns of
# the two past quarters and the current one). Between them: every state of a return, ratings
# that improve, worsen and stay, a major slip, a capability forecast after 31 March 2018, an
# added milestone and risks (one high with no mitigation), a rating better than suggested, and
# assured ratings that differ.
DEMO_RETURNS = {
    "Salford": ("salford", (
        Quarter(
            ReturnState.ACCEPTED, C.GREEN,
            progress="The shared care record is live in every practice and at Salford Royal.",
            next_quarter="Start on decision support in urgent care.",
            milestone_done_late_by=0,
            benefits={"money": realised(190000), "quality": NO_DATA},
            capabilities={letter: IN_PLACE for letter in "ABCDEF"}
            | {letter: ON_TRACK for letter in "GHIJ"},
            assurance=Assurance(C.GREEN, AssuranceDecision.ACCEPT,
                                "Agreed: delivery is on track."),
        ),
        Quarter(
            ReturnState.ACCEPTED, C.AMBER_GREEN,
            progress="Community nursing joined the shared care record; the decision support "
                     "supplier changed, which set that work back.",
            next_quarter="Agree the decision support recovery plan with the new supplier.",
            rationale="Decision support is behind plan after the supplier changed.",
            deployments={CapabilityGroup.DECISION_SUPPORT: {
                "status": DeploymentStatus.BEHIND,
                "comment": "New supplier from September."}},
            added_milestone="GP practices' out-of-hours services on the shared care record",
            benefits={"money": realised(20000),
                      "quality": readmissions("10.40", target_on=date(2018, 6, 30))},
            assurance=Assurance(
                C.AMBER, AssuranceDecision.ACCEPT,
                "We rate delivery Amber: the decision support recovery plan is not agreed yet.",
                internal_note="Raise the supplier change at the regional digital board."),
        ),
        # Being written now: the narrative is started, nothing else yet.
        Quarter(ReturnState.DRAFT, C.AMBER_GREEN,
                progress="The recovery plan for decision support is drafted.",
                benefits={"money": realised(8000)}),
    )),
    "Sheffield": ("sheffield", (
        Quarter(
            ReturnState.ACCEPTED, C.AMBER,
            progress="The shared care record went live two months later than planned.",
            next_quarter="Agree the social care record system's future with the council.",
            milestone_done_late_by=61,
            benefits={"money": realised(100000), "quality": readmissions("11.00")},
            added_risk=(SOCIAL_CARE_RISK, RiskLevel.HIGH, RiskLevel.HIGH,
                        "Director of adult social care",
                        "Negotiate an extension while the council procures."),
            assurance=Assurance(C.AMBER, AssuranceDecision.ACCEPT,
                                "Agreed: the social care contract is the main risk."),
        ),
        Quarter(
            ReturnState.ACCEPTED, C.AMBER_GREEN,
            progress="The council extended the social care record system's contract by two "
                     "years.",
            next_quarter="Connect the social care record to the shared care record.",
            rationale="The contract extension removes the main risk to delivery.",
            risks={SOCIAL_CARE_RISK: {"likelihood": RiskLevel.LOW}},
            benefits={"money": realised(60000), "quality": readmissions("10.10")},
            assurance=Assurance(C.AMBER_GREEN, AssuranceDecision.ACCEPT,
                                "Agreed: the risk has been dealt with."),
        ),
        # Complete and waiting for the lead CCG's approver.
        Quarter(ReturnState.AWAITING_SIGN_OFF, C.AMBER_GREEN,
                progress="Social care records are visible in the shared care record.",
                next_quarter="Extend the shared care record to the hospice.",
                benefits={"money": NO_DATA, "quality": readmissions("10.00")}),
    )),
    "Doncaster": ("doncaster", (
        Quarter(
            ReturnState.ACCEPTED, C.AMBER_RED,
            progress="The shared care record went live four months later than planned.",
            next_quarter="Recover the programme's timetable.",
            milestone_done_late_by=122,
            benefits={"money": NO_DATA, "quality": NO_DATA},
            assurance=Assurance(C.AMBER_RED, AssuranceDecision.ACCEPT,
                                "Agreed: the delay needs urgent attention."),
        ),
        Quarter(
            ReturnState.MORE_INFORMATION_REQUESTED, C.RED,
            progress="The interfaces for three universal capabilities will not be ready in "
                     "time.",
            next_quarter="Find another supplier for the interfaces.",
            rationale="Three universal capabilities are now forecast after 31 March 2018.",
            capabilities={letter: {"status": CapabilityStatus.LATE,
                                   "forecast_by": date(2018, 9, 30),
                                   "comment": "Interface supplier withdrew."}
                          for letter in "HIJ"},
            benefits={
                "money": realised(150000, forecast_total=Decimal(160000)),
                "quality": readmissions(
                    "10.40", rating_override="off_track",
                    override_reason="Readmissions rose again in the quarter's last month."),
            },
            assurance=Assurance(
                C.RED, AssuranceDecision.MORE_INFORMATION,
                "Say how you will bring capabilities H, I and J back to 31 March 2018, and who "
                "owns each recovery plan.",
                internal_note="Consider an escalation to the national programme team."),
        ),
        # Submitted and waiting for the region's assurance.
        Quarter(
            ReturnState.SUBMITTED, C.AMBER,
            progress="Capabilities H and I are in place with the new supplier.",
            next_quarter="Put capability J in place.",
            rationale="Two of the three late capabilities are now in place.",
            override_reason="The interface for capability J is built and in testing; only its "
                            "go-live date remains.",
            benefits={"money": realised(40000),
                      "quality": readmissions("10.20", target_on=date(2018, 9, 30))},
            # No mitigation written yet: the cross-checks find it.
            added_risk=("The new interface supplier has not connected to our GP systems "
                        "before.", RiskLevel.HIGH, RiskLevel.VERY_HIGH, "Programme director", ""),
            capabilities={"H": IN_PLACE, "I": IN_PLACE,
                          "J": {"status": CapabilityStatus.AT_RISK,
                                "forecast_by": date(2018, 6, 30)}},
        ),
    )),
}  # fmt: skip


def quarter_end_of(day):
    """The last day of the quarter (April-June, ...) ``day`` falls in."""
    month = (day.month - 1) // 3 * 3 + 3
    return date(day.year, month, calendar.monthrange(day.year, month)[1])


def quarter_start_of(quarter_end):
    return date(quarter_end.year, quarter_end.month - 2, 1)


def demo_quarter_ends(today):
    """The ends of the quarter ``today`` falls in and of the two before it, oldest first."""
    ends = [quarter_end_of(today)]
    while len(ends) < DEMO_QUARTERS:
        ends.insert(0, quarter_start_of(ends[0]) - timedelta(days=1))
    return ends


def add_demo_periods(*, cycle, today=None):
    """The cycle's reporting periods for the demo quarters of ``today`` (and any quarter
    since the latest it has), added as a command would (``added_by=None``) when missing;
    returns the demo quarters' periods, oldest first."""
    today = today or timezone.localdate(timezone=LONDON)
    ends = demo_quarter_ends(today)
    current_end = ends[-1]
    latest = ReportingPeriod.objects.filter(cycle=cycle).order_by("-period_end").first()
    first_end = ends[0]
    if latest is not None and latest.period_end < first_end:
        # Fill the gap since an earlier load, so that no quarter is missing from the list.
        first_end = quarter_end_of(latest.period_end + timedelta(days=1))
    count = ((current_end.year - first_end.year) * 12 + current_end.month - first_end.month) // 3
    existing = set(ReportingPeriod.objects.filter(cycle=cycle).values_list("label", flat=True))
    for dates in quarterly_periods(first_quarter_end=first_end, count=count + 1):
        if dates.label in existing:
            continue
        opens_on = dates.opens_on
        if dates.period_end == current_end:
            opens_on = quarter_start_of(current_end)
        add_reporting_period(cycle=cycle, label=dates.label, period_end=dates.period_end,
                             opens_on=opens_on, due_on=dates.due_on, added_by=None)  # fmt: skip
    return list(
        ReportingPeriod.objects.filter(cycle=cycle, period_end__in=ends).order_by("period_end")
    )


def create_demo_returns(*, cycle, periods, reviewer, password):
    """Write the DEMO_RETURNS of the roadmaps that have none yet; returns how many."""
    written = 0
    for name, (place, quarters) in DEMO_RETURNS.items():
        roadmap = Roadmap.objects.select_related("footprint__lead_ccg").get(
            footprint__cycle=cycle, footprint__name=name
        )
        if ProgressReturn.objects.filter(roadmap=roadmap).exists():
            continue
        editor, approver = demo_ccg_people(roadmap.footprint.lead_ccg, place, password)
        for period, quarter in zip(periods, quarters, strict=True):
            progress_return = returns.open_return(roadmap=roadmap, period=period)
            _write(progress_return, quarter, editor=editor, next_period_end=_after(period))
            _move(progress_return, quarter, editor=editor, approver=approver, reviewer=reviewer)
            written += 1
    return written


def _after(period):
    return quarter_end_of(period.period_end + timedelta(days=1))


class _Writer:
    """Saves through ``save_return_section`` as the editor, chaining the versions."""

    def __init__(self, progress_return, editor):
        self.progress_return = progress_return
        self.editor = editor
        self.version = ProgressReturn.objects.get(pk=progress_return.pk).version

    def save(self, section, data):
        if data:
            self.version = returns.save_return_section(
                progress_return=self.progress_return, section=section, data=data,
                expected_version=self.version, saved_by=self.editor,
            )  # fmt: skip

    def lines(self, section, changes, key):
        """Save ``changes`` ({key value: {field: value}}) to the lines whose ``key`` matches."""
        model = returns.LINE_FIELDS[section][0]
        lines = model.objects.filter(progress_return=self.progress_return)
        self.save(section, {line.pk: changes[getattr(line, key)] for line in lines
                            if getattr(line, key) in changes})  # fmt: skip


def _write(progress_return, quarter, *, editor, next_period_end):
    writer = _Writer(progress_return, editor)
    writer.save("narrative", {"progress": quarter.progress, "next_quarter": quarter.next_quarter})
    if quarter.added_milestone:
        returns.add_return_milestone(
            progress_return=progress_return, title=quarter.added_milestone,
            owner=progress_return.roadmap.footprint.lead_ccg.name, forecast_on=next_period_end,
            expected_version=writer.version, added_by=editor,
        )  # fmt: skip
        writer.version += 1
    if quarter.added_risk:
        description, likelihood, impact, owner, mitigation = quarter.added_risk
        returns.add_return_risk(
            progress_return=progress_return, description=description, likelihood=likelihood,
            impact=impact, owner=owner, mitigation=mitigation,
            expected_version=writer.version, added_by=editor,
        )  # fmt: skip
        writer.version += 1
    if quarter.milestone_done_late_by is not None:
        milestones = progress_return.milestones.filter(added=False)
        writer.save("milestones", {
            line.pk: {"status": MilestoneStatus.DONE,
                      "done_on": line.baseline_due + timedelta(days=quarter.milestone_done_late_by)}
            for line in milestones
        })  # fmt: skip
    writer.lines("capabilities", quarter.capabilities, "letter")
    writer.lines("deployments", quarter.deployments, "group")
    writer.lines("risks", quarter.risks, "description")
    writer.save("benefits", {
        line.pk: quarter.benefits[_kind(line)] for line in progress_return.benefits.all()
        if _kind(line) in quarter.benefits
    })  # fmt: skip
    writer.save("rating", {"delivery_confidence": quarter.rating, "rationale": quarter.rationale,
                           "override_reason": quarter.override_reason})  # fmt: skip


def _kind(line):
    return "money" if line.is_money else "quality"


def _move(progress_return, quarter, *, editor, approver, reviewer):
    """Take the written return as far as ``quarter.state``."""
    if quarter.state == ReturnState.DRAFT:
        return
    submission.request_return_sign_off(progress_return=progress_return, requested_by=editor)
    if quarter.state == ReturnState.AWAITING_SIGN_OFF:
        return
    submission.submit_return(progress_return=progress_return, submitted_by=approver)
    if quarter.assurance is None:
        return
    assurance.draft_assurance(
        progress_return=progress_return, assured_confidence=quarter.assurance.rating,
        comment=quarter.assurance.comment, internal_note=quarter.assurance.internal_note,
        decision=quarter.assurance.decision, drafted_by=reviewer,
    )  # fmt: skip
    assurance.release_assurance(progress_return=progress_return, released_by=reviewer)
