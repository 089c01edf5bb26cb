"""The lines of a seeded progress return: pre-filled as ``open_return`` fills them (the first
quarter from the accepted version, later ones from last quarter's return), then changed as a
footprint would report them, so that the rules of ``delivery/suggestion.py`` suggest the rating
the seed wants. The suggestion itself is always computed by those rules, never written here.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from delivery.confidence import Confidence, rank
from delivery.enums import CapabilityStatus, DeploymentStatus, MilestoneStatus
from delivery.models import ReturnCapability, ReturnDeployment, ReturnMilestone, ReturnRisk
from delivery.services.returns import financial_year
from delivery.suggestion import HIGH, MAJOR_SLIP_DAYS
from roadmaps.enums import CapabilityGroup, RiskLevel, UniversalCapability
from roadmaps.roadmap_sections import year_label

# A universal capability late enough to miss 31 March 2018.
LATE_CAPABILITY = date(2018, 9, 30)
# Days a milestone slips, by the rating it should suggest: Amber/Green is a slip, Amber a late
# milestone, Amber/Red and Red a major slip.
SLIP_DAYS = {
    Confidence.GREEN: 0,
    Confidence.AMBER_GREEN: 30,
    Confidence.AMBER: 60,
    Confidence.AMBER_RED: MAJOR_SLIP_DAYS + 30,
    Confidence.RED: MAJOR_SLIP_DAYS + 30,
}
ADDED_MILESTONES = (
    "Community pharmacies see the shared care record",
    "Care homes send transfers of care electronically",
    "Out-of-hours services on the shared care record",
    "Electronic prescribing in every inpatient ward",
)
ADDED_RISKS = (
    "Clinical staff are not released for training before go-live.",
    "The network upgrade in community sites slips with the landlord's works.",
    "A partner trust's electronic patient record procurement is delayed.",
)


@dataclass
class Lines:
    milestones: list
    capabilities: list
    deployments: list
    risks: list
    benefits: list = field(default_factory=list)  # made with the return (``benefit_lines``)

    def all_for(self, progress_return):
        """Every line, now belonging to ``progress_return`` (saved, so it has its id)."""
        groups = (self.milestones, self.capabilities, self.deployments, self.risks, self.benefits)
        for group in groups:
            for line in group:
                line.progress_return = progress_return
        return self


def _date(value):
    return date.fromisoformat(value) if value else None


def _deployments(sections, period_end, previous=None):
    """Each capability group's plan for the period's financial year; last quarter's status
    within the same year, on plan in a new one."""
    year = financial_year(period_end)
    plans = sections.get("capability_deployment", {})
    carried = {}
    if previous is not None and previous.year == year:
        carried = {line.group: line.status for line in previous.lines.deployments}
    return [
        ReturnDeployment(group=group, plan=plans.get(group, {}).get(year_label(year), ""),
                         status=carried.get(group, DeploymentStatus.ON_PLAN))
        for group in CapabilityGroup.values
    ]  # fmt: skip


def from_baseline(sections, period_end):
    """The first return's lines, from the accepted version's sections."""
    universal = sections.get("universal_capabilities", {})
    return Lines(
        milestones=[
            ReturnMilestone(milestone_id=row["id"], title=row["title"],
                            owner=row.get("owner", ""), baseline_due=_date(row["due_on"]),
                            forecast_on=_date(row["due_on"]), position=position)
            for position, row in enumerate(sections.get("milestones", []))
        ],
        capabilities=[
            ReturnCapability(letter=letter,
                             planned_by=_date(universal.get(letter, {}).get("in_place_by")),
                             forecast_by=_date(universal.get(letter, {}).get("in_place_by")))
            for letter in UniversalCapability.values
        ],
        deployments=_deployments(sections, period_end),
        risks=[
            ReturnRisk(risk_id=row["id"], description=row["description"],
                       likelihood=row["likelihood"], impact=row["impact"],
                       owner=row.get("owner", ""), mitigation=row.get("mitigation", ""),
                       position=position)
            for position, row in enumerate(sections.get("risks", []))
        ],
    )  # fmt: skip


def from_previous(sections, period_end, previous):
    """A later return's lines, carried over from last quarter's (``previous.lines``): its
    forecasts become last quarter's, its closed risks are left behind."""
    lines = previous.lines
    return Lines(
        milestones=[
            ReturnMilestone(
                milestone_id=line.milestone_id, title=line.title, owner=line.owner,
                group=line.group, baseline_due=line.baseline_due,
                previous_forecast=line.done_on if line.status == MilestoneStatus.DONE
                else line.forecast_on,
                status=line.status, forecast_on=line.forecast_on, done_on=line.done_on,
                comment=line.comment, added=line.added, position=line.position)
            for line in lines.milestones
        ],
        capabilities=[
            ReturnCapability(letter=line.letter, planned_by=line.planned_by,
                             previous_forecast=line.forecast_by, status=line.status,
                             forecast_by=line.forecast_by, comment=line.comment)
            for line in lines.capabilities
        ],
        deployments=_deployments(sections, period_end, previous),
        risks=[
            ReturnRisk(risk_id=line.risk_id, description=line.description,
                       likelihood=line.likelihood, impact=line.impact, owner=line.owner,
                       mitigation=line.mitigation, added=line.added, position=line.position)
            for line in lines.risks if not line.closed
        ],
    )  # fmt: skip


def _capabilities(lines, target, quarter, rng):
    """More capabilities in place each quarter; for Red, three forecast after 31 March 2018."""
    in_place = 2 * (quarter + 1) + rng.randint(0, 1)
    late = ()
    if target == Confidence.RED:
        late = {line.letter for line in lines.capabilities[-3:]}
        in_place = min(in_place, len(lines.capabilities) - 3)
    for position, line in enumerate(lines.capabilities):
        if line.letter in late:
            line.status, line.forecast_by = CapabilityStatus.LATE, LATE_CAPABILITY
            line.comment = "The interface supplier cannot deliver before the autumn."
        elif position < in_place:
            line.status, line.forecast_by, line.comment = CapabilityStatus.IN_PLACE, None, ""
        else:
            line.status, line.forecast_by = CapabilityStatus.ON_TRACK, line.planned_by
            line.comment = ""


def _milestones(lines, target, *, by_risk, by_deployment, period_end, last, rng):
    """The accepted milestones slip as ``target`` needs; added ones are done once due."""
    first = True
    for line in lines.milestones:
        if line.status == MilestoneStatus.DONE:
            continue
        if line.added:
            if line.forecast_on and line.forecast_on < period_end:
                line.status, line.done_on = MilestoneStatus.DONE, line.forecast_on
            continue
        slip = 0 if (by_risk or by_deployment or not first) else SLIP_DAYS[target]
        first = False
        if slip == 0 and (last or line.baseline_due <= period_end):
            # The quarter it was due in: done, a little early.
            line.status = MilestoneStatus.DONE
            line.done_on = line.baseline_due - timedelta(days=rng.randint(0, 20))
            continue
        line.forecast_on = line.baseline_due + timedelta(days=slip)
        line.status = (
            MilestoneStatus.ON_TRACK if slip == 0
            else MilestoneStatus.AT_RISK if slip <= 30 else MilestoneStatus.LATE
        )  # fmt: skip
        line.comment = f"{slip} days later than planned." if slip else ""


def _risks(lines, *, by_risk):
    for position, line in enumerate(lines.risks):
        if by_risk and position == 0:
            line.likelihood, line.impact = RiskLevel.HIGH, max(line.impact, RiskLevel.HIGH)
        elif line.likelihood >= HIGH and line.impact >= HIGH:
            line.likelihood = RiskLevel.MEDIUM  # mitigated


def _deployment_status(lines, *, behind):
    for line in lines.deployments:
        line.status = DeploymentStatus.BEHIND if line.group == behind else DeploymentStatus.ON_PLAN
        line.comment = "Behind the schedule's plan for this year." if line.group == behind else ""


def shape(lines, *, target, quarter, period_end, last, owner, rng):
    """Change ``lines`` as a footprint whose delivery the rules should rate ``target`` would
    report them; sometimes add a milestone or a risk."""
    by_risk = target == Confidence.AMBER and bool(lines.risks) and rng.random() < 0.4
    by_deployment = target == Confidence.AMBER_GREEN and rng.random() < 0.5
    _capabilities(lines, target, quarter, rng)
    _milestones(lines, target, by_risk=by_risk, by_deployment=by_deployment,
                period_end=period_end, last=last, rng=rng)  # fmt: skip
    _risks(lines, by_risk=by_risk)
    behind = None
    if by_deployment or (rank(target) >= rank(Confidence.AMBER) and rng.random() < 0.5):
        behind = rng.choice(CapabilityGroup.values)
    _deployment_status(lines, behind=behind)
    if not last and rng.random() < 0.2:
        lines.milestones.append(ReturnMilestone(
            title=rng.choice(ADDED_MILESTONES), owner=owner, added=True,
            status=MilestoneStatus.NOT_STARTED, forecast_on=period_end + timedelta(days=120),
            position=len(lines.milestones)))  # fmt: skip
    if rng.random() < 0.15:
        lines.risks.append(ReturnRisk(
            description=rng.choice(ADDED_RISKS), likelihood=rng.randint(2, 3),
            impact=rng.randint(2, 4), owner=owner, mitigation="Tracked by the programme board.",
            added=True, position=len(lines.risks)))  # fmt: skip
