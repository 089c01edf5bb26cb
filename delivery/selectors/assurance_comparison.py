"""A submitted progress return beside the submission it is compared with, for its assurance.

A return is compared with last quarter's (the previous return's latest submission); a return
with no last quarter that was sent back for more information and submitted again is compared
with its own earlier submission. Both sides are read from the submissions' frozen snapshots,
never from the return's lines, which the footprint may be changing again.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delivery.confidence import Confidence
from delivery.enums import CapabilityStatus, DeploymentStatus, MilestoneStatus
from delivery.models import ReturnAssurance, ReturnSubmission
from delivery.selectors.benefit_display import benefit_rows
from delivery.suggestion import MAJOR_SLIP_DAYS, RULES_BY_ID
from roadmaps.enums import CapabilityGroup, UniversalCapability

LAST_QUARTER = "last_quarter"
EARLIER_SUBMISSION = "earlier_submission"


def _day(value):
    return date.fromisoformat(value) if value else None


def _milestone_day(line):
    """When the milestone was done, or is forecast, as the snapshot has it."""
    if line["status"] == "done" and line.get("done_on"):
        return _day(line["done_on"])
    return _day(line.get("forecast_on"))


def _days(earlier, later):
    return (later - earlier).days if earlier and later else None


def _key(line, id_name, text_name):
    """How a line is known from one quarter to the next: the id the accepted roadmap gave
    it, or, for a line added in a return, its text."""
    return ("id", line[id_name]) if line.get(id_name) else ("text", line[text_name])


@dataclass
class MilestoneRow:
    title: str
    owner: str
    baseline_due: date | None
    status: str
    on: date | None
    slippage: int | None
    added: bool
    # Last quarter's (or the earlier submission's) line; None for a milestone new since.
    last_status: str = ""
    last_on: date | None = None
    drift: int | None = None
    in_last: bool = False

    @property
    def slipped(self):
        return (self.slippage or 0) > 0

    @property
    def major_slip(self):
        return (self.slippage or 0) > MAJOR_SLIP_DAYS

    @property
    def status_label(self):
        return MilestoneStatus(self.status).label

    @property
    def last_status_label(self):
        return MilestoneStatus(self.last_status).label if self.last_status else ""

    @property
    def slippage_words(self):
        if self.slippage is None:
            return _("No accepted date: added since the roadmap was accepted")
        return _in_words(
            self.slippage,
            later=ngettext(
                "%(days)s day later than accepted", "%(days)s days later than accepted",
                abs(self.slippage),
            ),
            earlier=ngettext(
                "%(days)s day earlier than accepted", "%(days)s days earlier than accepted",
                abs(self.slippage),
            ),
            same=_("On the accepted date"),
        )  # fmt: skip

    @property
    def drift_words(self):
        return _drift_words(self.drift)


def _in_words(days, *, later, earlier, same):
    if days > 0:
        return later % {"days": days}
    if days < 0:
        return earlier % {"days": -days}
    return same


def _drift_words(days):
    if days is None:
        return "–"
    return _in_words(
        days,
        later=ngettext("%(days)s day later", "%(days)s days later", abs(days)),
        earlier=ngettext("%(days)s day earlier", "%(days)s days earlier", abs(days)),
        same=_("No change"),
    )


@dataclass
class CapabilityRow:
    letter: str
    planned_by: date | None
    status: str
    forecast_by: date | None
    after_deadline: bool
    last_status: str = ""
    last_forecast_by: date | None = None
    drift: int | None = None

    @property
    def name(self):
        return UniversalCapability(self.letter).label

    @property
    def status_label(self):
        return CapabilityStatus(self.status).label

    @property
    def last_status_label(self):
        return CapabilityStatus(self.last_status).label if self.last_status else ""

    @property
    def drift_words(self):
        return _drift_words(self.drift)


@dataclass
class Change:
    """A line whose status or rating changed, in words: what it was and what it is."""

    name: str
    was: str
    now: str


@dataclass
class RiskChanges:
    added: list = field(default_factory=list)
    closed: list = field(default_factory=list)
    rerated: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.added or self.closed or self.rerated)


@dataclass
class FiredRule:
    statement: str
    evidence: list


@dataclass
class Comparison:
    submission: ReturnSubmission
    # The submission compared with, and whether it is last quarter's or an earlier one of
    # this return; None when there is nothing to compare with.
    compared: ReturnSubmission | None
    compared_is: str | None
    milestones: list
    capabilities: list
    deployments: list
    risks: RiskChanges
    fired: list
    last_assured: str
    # The submission's benefit lines in words (``benefit_display.BenefitRow``).
    benefits: list = field(default_factory=list)

    @property
    def snapshot(self):
        return self.submission.snapshot

    @property
    def rating(self):
        """The footprint's own rating with its reasons, as submitted."""
        return self.snapshot.get("rating", {})

    @property
    def rating_labels(self):
        """The ratings beside each other as people read them, "" for none."""
        values = {
            "own": self.submission.delivery_confidence,
            "suggested": self.submission.suggested_confidence,
            "compared": self.compared.delivery_confidence if self.compared else "",
            "last_assured": self.last_assured,
        }
        return {name: Confidence(value).label if value else "" for name, value in values.items()}

    @property
    def with_last_quarter(self):
        return self.compared_is == LAST_QUARTER


def submission_compared_with(progress_return, submission):
    """(the submission ``submission`` is compared with, which one it is): the previous
    return's latest, else this return's submission before it, else (None, None)."""
    if progress_return.previous_id is not None:
        last = (
            ReturnSubmission.objects.filter(progress_return_id=progress_return.previous_id)
            .select_related("progress_return__period")
            .order_by("-number")
            .first()
        )
        if last is not None:
            return last, LAST_QUARTER
    if submission.number > 1:
        earlier = ReturnSubmission.objects.get(
            progress_return=progress_return, number=submission.number - 1
        )
        return earlier, EARLIER_SUBMISSION
    return None, None


def _milestone_rows(current, last):
    last_lines = {_key(line, "milestone_id", "title"): line for line in last}
    rows = []
    for line in current:
        row = MilestoneRow(
            title=line["title"],
            owner=line.get("owner", ""),
            baseline_due=_day(line.get("baseline_due")),
            status=line["status"],
            on=_milestone_day(line),
            slippage=line.get("slippage"),
            added=line.get("added", False),
        )
        before = last_lines.get(_key(line, "milestone_id", "title"))
        if before is not None:
            row.in_last = True
            row.last_status = before["status"]
            row.last_on = _milestone_day(before)
            row.drift = _days(row.last_on, row.on)
        rows.append(row)
    return rows


def _capability_rows(current, last):
    last_lines = {line["letter"]: line for line in last}
    rows = []
    for line in current:
        before = last_lines.get(line["letter"], {})
        forecast_by = _day(line.get("forecast_by"))
        last_forecast_by = _day(before.get("forecast_by"))
        rows.append(
            CapabilityRow(
                letter=line["letter"],
                planned_by=_day(line.get("planned_by")),
                status=line["status"],
                forecast_by=forecast_by,
                after_deadline=line.get("after_deadline", False),
                last_status=before.get("status", ""),
                last_forecast_by=last_forecast_by,
                drift=_days(last_forecast_by, forecast_by),
            )
        )
    return rows


def _deployment_changes(current, last):
    """The capability groups whose deployment status changed: (group, was, now)."""
    last_status = {line["group"]: line["status"] for line in last}
    return [
        Change(
            name=CapabilityGroup(line["group"]).label,
            was=DeploymentStatus(last_status[line["group"]]).label,
            now=DeploymentStatus(line["status"]).label,
        )
        for line in current
        if line["group"] in last_status and last_status[line["group"]] != line["status"]
    ]


def _risk_changes(current, last, *, compared):
    """Risks added, closed or re-rated since the compared submission; with none to compare
    with, since the roadmap was accepted."""
    last_lines = {_key(line, "risk_id", "description"): line for line in last}
    changes = RiskChanges()
    for line in current:
        before = last_lines.get(_key(line, "risk_id", "description"))
        if line["closed"]:
            if before is None or not before["closed"]:
                changes.closed.append(line)
        elif before is None:
            if compared or line.get("added"):
                changes.added.append(line)
        elif (before["likelihood"], before["impact"]) != (line["likelihood"], line["impact"]):
            changes.rerated.append(Change(name=line["description"], was=before, now=line))
    return changes


def _fired(snapshot):
    """The rules that fired for the suggestion, each with what made it fire, in the order of
    the rules."""
    evidence = {}
    for fired in snapshot.get("rating", {}).get("fired", []):
        evidence.setdefault(fired["rule"], []).append(fired["evidence"])
    return [
        FiredRule(statement=rule.statement, evidence=evidence[rule_id])
        for rule_id, rule in RULES_BY_ID.items()
        if rule_id in evidence
    ]


def compare_submission(progress_return, submission):
    """``submission`` beside the submission it is compared with, line by line."""
    compared, compared_is = submission_compared_with(progress_return, submission)
    now = submission.snapshot
    then = compared.snapshot if compared is not None else {}
    last_assured = ""
    if compared_is == LAST_QUARTER:
        assured = (
            ReturnAssurance.objects.filter(
                progress_return_id=progress_return.previous_id, released_at__isnull=False
            )
            .order_by("-submission__number")
            .first()
        )
        last_assured = assured.assured_confidence if assured else ""
    return Comparison(
        submission=submission,
        compared=compared,
        compared_is=compared_is,
        milestones=_milestone_rows(now.get("milestones", []), then.get("milestones", [])),
        capabilities=_capability_rows(now.get("capabilities", []), then.get("capabilities", [])),
        deployments=_deployment_changes(now.get("deployments", []), then.get("deployments", [])),
        risks=_risk_changes(
            now.get("risks", []), then.get("risks", []), compared=compared is not None
        ),
        fired=_fired(now),
        last_assured=last_assured,
        benefits=benefit_rows(now),
    )
