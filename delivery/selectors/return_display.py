"""A progress return laid out for reading, section by section.

Every page reads the same plain data: a submission's frozen ``snapshot``, or the live return
in that very shape (``return_snapshot``), so what the approver signed off and what NHS England
reads afterwards are laid out alike and can be compared line by line. Stored keys become
words here (statuses, groups, ratings, dates, days of slippage); nothing is shown raw.
"""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delivery.confidence import DEFINITIONS, Confidence
from delivery.enums import CapabilityStatus, DeploymentStatus, MilestoneStatus
from delivery.selectors.benefit_display import benefit_rows
from delivery.suggestion import RULES_BY_ID
from roadmaps.enums import CapabilityGroup, RiskLevel, UniversalCapability
from roadmaps.selectors.version_display import show_date

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def days_in_words(days, *, same, none):
    """45 -> "45 days later", -3 -> "3 days earlier", 0 -> ``same``, None -> ``none``."""
    if days is None or days == "":
        return none
    days = int(days)
    if days == 0:
        return same
    if days > 0:
        return ngettext("%(days)s day later", "%(days)s days later", days) % {"days": days}
    return ngettext("%(days)s day earlier", "%(days)s days earlier", -days) % {"days": -days}


@dataclass
class Rating:
    value: str
    label: str
    definition: str


def rating(value):
    """A rating on the delivery confidence scale with its definition; None for none."""
    if value not in Confidence.values:
        return None
    return Rating(value, str(Confidence(value).label), str(DEFINITIONS[Confidence(value)]))


@dataclass
class MilestoneRow:
    title: str
    details: str
    added: bool
    status: str
    baseline_due: str
    previous_forecast: str
    when: str
    slippage: str
    drift: str
    comment: str


@dataclass
class CapabilityRow:
    letter: str
    name: str
    status: str
    planned_by: str
    previous_forecast: str
    forecast_by: str
    after_deadline: bool
    slippage: str
    drift: str
    comment: str


@dataclass
class DeploymentRow:
    group: str
    plan: str
    status: str
    comment: str


@dataclass
class RiskRow:
    description: str
    added: bool
    likelihood: str
    impact: str
    owner: str
    mitigation: str


@dataclass
class FiredRule:
    statement: str
    evidence: list


@dataclass
class ReturnSummary:
    footprint: str
    period: str
    milestones: list = field(default_factory=list)
    capabilities: list = field(default_factory=list)
    deployments: list = field(default_factory=list)
    open_risks: list = field(default_factory=list)
    closed_risks: list = field(default_factory=list)
    benefits: list = field(default_factory=list)
    narrative: list = field(default_factory=list)
    rating: Rating | None = None
    # Last quarter's submitted rating: known for the live return, not kept in a snapshot.
    last_quarter: Rating | None = None
    rationale: str = ""
    override_reason: str = ""
    suggested: Rating | None = None
    fired: list = field(default_factory=list)

    @property
    def capabilities_after_deadline(self):
        return [row for row in self.capabilities if row.after_deadline]

    @property
    def risk_tables(self):
        """(heading, caption, rows) for the open risks, then the closed ones."""
        opened, closed = len(self.open_risks), len(self.closed_risks)
        return [
            (
                ngettext("%(count)s open risk", "%(count)s open risks", opened) % {"count": opened},
                _("Open risks, with those added since the roadmap was accepted marked"),
                self.open_risks,
            ),
            (
                ngettext("%(count)s risk closed", "%(count)s risks closed", closed)
                % {"count": closed},
                _("Risks closed"),
                self.closed_risks,
            ),
        ]


def _milestone(row):
    done = row.get("status") == MilestoneStatus.DONE and row.get("done_on")
    when = (
        _("Done %(day)s") % {"day": show_date(row["done_on"])}
        if done
        else show_date(row.get("forecast_on")) or _("No forecast")
    )
    details = [
        _("Owner: %(owner)s") % {"owner": row["owner"]} if row.get("owner") else "",
        _label(CapabilityGroup, row["group"]) if row.get("group") else "",
    ]
    return MilestoneRow(
        title=row.get("title", ""),
        details=" · ".join(part for part in details if part),
        added=bool(row.get("added")),
        status=_label(MilestoneStatus, row.get("status")),
        baseline_due=show_date(row.get("baseline_due")) or _("Added since acceptance"),
        previous_forecast=show_date(row.get("previous_forecast")) or "–",
        when=when,
        slippage=days_in_words(
            row.get("slippage"), same=_("On the date accepted"), none=_("Nothing to compare")
        ),
        drift=days_in_words(
            row.get("drift"), same=_("Same as last quarter"), none=_("Nothing to compare")
        ),
        comment=row.get("comment", ""),
    )


def _capability(row):
    letter = row.get("letter", "")
    return CapabilityRow(
        letter=letter,
        name=_label(UniversalCapability, letter),
        status=_label(CapabilityStatus, row.get("status")),
        planned_by=show_date(row.get("planned_by")) or _("Not planned"),
        previous_forecast=show_date(row.get("previous_forecast")) or "–",
        forecast_by=show_date(row.get("forecast_by")) or _("No forecast"),
        after_deadline=bool(row.get("after_deadline")),
        slippage=days_in_words(
            row.get("slippage"), same=_("On the date planned"), none=_("Nothing to compare")
        ),
        drift=days_in_words(
            row.get("drift"), same=_("Same as last quarter"), none=_("Nothing to compare")
        ),
        comment=row.get("comment", ""),
    )


def _risk(row):
    return RiskRow(
        description=row.get("description", ""),
        added=bool(row.get("added")),
        likelihood=_label(RiskLevel, row.get("likelihood")),
        impact=_label(RiskLevel, row.get("impact")),
        owner=row.get("owner", ""),
        mitigation=row.get("mitigation", ""),
    )


def _readable_evidence(text):
    """Evidence as the rules wrote it, its ISO dates as people read them."""
    return ISO_DATE.sub(lambda match: show_date(match[0]), str(text))


def _fired(fired):
    """The rules that fired, each once with all its evidence, in the order they fired."""
    by_rule = {}
    for item in fired:
        by_rule.setdefault(item.get("rule", ""), []).append(_readable_evidence(item["evidence"]))
    return [
        FiredRule(str(RULES_BY_ID[key].statement) if key in RULES_BY_ID else key, evidence)
        for key, evidence in by_rule.items()
    ]


def return_summary(snapshot):
    """The return held in ``snapshot`` (``return_snapshot``'s shape), ready to show."""
    narrative = snapshot.get("narrative") or {}
    chosen = snapshot.get("rating") or {}
    risks = [(row.get("closed"), _risk(row)) for row in snapshot.get("risks", [])]
    return ReturnSummary(
        footprint=snapshot.get("footprint", ""),
        period=(snapshot.get("period") or {}).get("label", ""),
        milestones=[_milestone(row) for row in snapshot.get("milestones", [])],
        capabilities=[_capability(row) for row in snapshot.get("capabilities", [])],
        deployments=[
            DeploymentRow(
                group=_label(CapabilityGroup, row.get("group")),
                plan=row.get("plan", ""),
                status=_label(DeploymentStatus, row.get("status")),
                comment=row.get("comment", ""),
            )
            for row in snapshot.get("deployments", [])
        ],
        open_risks=[row for closed, row in risks if not closed],
        closed_risks=[row for closed, row in risks if closed],
        benefits=benefit_rows(snapshot),
        narrative=[
            (_("Progress this quarter"), narrative.get("progress", "")),
            (_("Planned for next quarter"), narrative.get("next_quarter", "")),
            (_("Issues and dependencies"), narrative.get("issues", "")),
        ],
        rating=rating(chosen.get("delivery_confidence")),
        rationale=chosen.get("rationale", ""),
        override_reason=chosen.get("override_reason", ""),
        suggested=rating(chosen.get("suggested")),
        fired=_fired(chosen.get("fired", [])),
    )
