"""Opening progress returns, pre-filled, and saving what the footprint writes in them.

A return is never written from scratch: ``open_return`` fills it from the previous return
when there is one (its forecasts become "last quarter's", its open risks carry over) and
otherwise from the accepted roadmap version. Saves use optimistic concurrency like the
roadmap draft: each names the version it started from, and a save over a newer one is
refused with ``ReturnConflict`` so that the page can keep both people's values.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from accounts.services.audit import record_event
from accounts.transitions import authorise
from delivery import rules
from delivery.enums import DeploymentStatus, MilestoneStatus
from delivery.models import (
    ProgressReturn,
    ReportingPeriod,
    ReturnBenefit,
    ReturnCapability,
    ReturnDeployment,
    ReturnMilestone,
    ReturnRisk,
)
from delivery.selectors.returns import (
    TRACKED_ROADMAP_STATES,
    accepted_version,
    previous_return,
)
from delivery.services.benefit_lines import benefit_lines, settle_actual
from delivery.transitions import RETURN
from roadmaps.enums import CapabilityGroup, UniversalCapability
from roadmaps.models import Roadmap
from roadmaps.roadmap_sections import year_label


class ReturnConflict(ActionRefused):
    """Someone saved the return after this person opened the page."""

    def __init__(self, *, current_version):
        super().__init__(_("Someone else saved this progress return after you opened the page."))
        self.current_version = current_version


def financial_year(day):
    """2016 for any day from 1 April 2016 to 31 March 2017."""
    return day.year if day.month > 3 else day.year - 1


def _date(value):
    return date.fromisoformat(value) if value else None


def _from_baseline(progress_return, sections):
    milestones = [
        ReturnMilestone(
            progress_return=progress_return,
            milestone_id=row["id"],
            title=row["title"],
            owner=row.get("owner", ""),
            baseline_due=_date(row["due_on"]),
            forecast_on=_date(row["due_on"]),
            position=position,
        )
        for position, row in enumerate(sections.get("milestones", []))
    ]
    universal = sections.get("universal_capabilities", {})
    capabilities = [
        ReturnCapability(
            progress_return=progress_return,
            letter=letter,
            planned_by=_date(universal.get(letter, {}).get("in_place_by")),
            forecast_by=_date(universal.get(letter, {}).get("in_place_by")),
        )
        for letter in UniversalCapability.values
    ]
    risks = [
        ReturnRisk(
            progress_return=progress_return,
            risk_id=row["id"],
            **{
                name: row[name]
                for name in ("description", "likelihood", "impact", "owner", "mitigation")
            },
            position=position,
        )  # fmt: skip
        for position, row in enumerate(sections.get("risks", []))
    ]
    return milestones, capabilities, risks


def _from_previous(progress_return, previous):
    milestones = [
        ReturnMilestone(
            progress_return=progress_return,
            milestone_id=line.milestone_id,
            title=line.title,
            owner=line.owner,
            group=line.group,
            baseline_due=line.baseline_due,
            previous_forecast=line.done_on
            if line.status == MilestoneStatus.DONE
            else line.forecast_on,
            status=line.status,
            forecast_on=line.forecast_on,
            done_on=line.done_on,
            comment=line.comment,
            added=line.added,
            position=line.position,
        )
        for line in previous.milestones.all()
    ]
    capabilities = [
        ReturnCapability(
            progress_return=progress_return,
            letter=line.letter,
            planned_by=line.planned_by,
            previous_forecast=line.forecast_by,
            status=line.status,
            forecast_by=line.forecast_by,
            comment=line.comment,
        )
        for line in previous.capabilities.all()
    ]
    risks = [
        ReturnRisk(
            progress_return=progress_return,
            risk_id=line.risk_id,
            description=line.description,
            likelihood=line.likelihood,
            impact=line.impact,
            owner=line.owner,
            mitigation=line.mitigation,
            added=line.added,
            position=line.position,
        )
        for line in previous.risks.all()
        if not line.closed
    ]
    return milestones, capabilities, risks


@transaction.atomic
def open_return(*, roadmap, period, opened_by=None):
    """The roadmap's return for ``period``, made and pre-filled the first time. Safe to run
    twice, or at once from two places: the second finds the first's return.

    Refuses a roadmap that is not accepted (or published)."""
    existing = ProgressReturn.objects.filter(roadmap=roadmap, period=period).first()
    if existing is not None:
        return existing
    locked = Roadmap.objects.select_for_update().select_related("footprint").get(pk=roadmap.pk)
    if locked.state not in TRACKED_ROADMAP_STATES:
        raise ActionRefused(_("Progress returns are written for accepted roadmaps."))
    baseline = accepted_version(locked)
    if baseline is None:
        raise ActionRefused(_("Progress returns are written for accepted roadmaps."))
    previous = previous_return(locked, period)
    try:
        with transaction.atomic():
            progress_return = ProgressReturn.objects.create(
                roadmap=locked,
                period=period,
                baseline=baseline,
                previous=previous,
                issues=previous.issues if previous else "",
                delivery_confidence=previous.delivery_confidence if previous else "",
            )
    except IntegrityError:
        # Someone else opened it between our look and our insert.
        return ProgressReturn.objects.get(roadmap=roadmap, period=period)
    sections = baseline.snapshot.get("sections", {})
    if previous is not None:
        milestones, capabilities, risks = _from_previous(progress_return, previous)
    else:
        milestones, capabilities, risks = _from_baseline(progress_return, sections)
    ReturnMilestone.objects.bulk_create(milestones)
    ReturnCapability.objects.bulk_create(capabilities)
    ReturnRisk.objects.bulk_create(risks)
    ReturnBenefit.objects.bulk_create(
        benefit_lines(
            progress_return, sections=sections, previous=previous, period_end=period.period_end
        )
    )
    year = financial_year(period.period_end)
    schedule = sections.get("capability_deployment", {})
    ReturnDeployment.objects.bulk_create(
        ReturnDeployment(
            progress_return=progress_return,
            group=group,
            plan=schedule.get(group, {}).get(year_label(year), ""),
            status=_previous_deployment(previous, group, year),
        )
        for group in CapabilityGroup.values
    )
    record_event(
        actor=opened_by,
        verb="return.opened",
        target=progress_return,
        organisation=locked.footprint.lead_ccg,
        after={"period": period.label, "baseline": baseline.number,
               "previous": previous.period.label if previous else None},
    )  # fmt: skip
    return progress_return


def _previous_deployment(previous, group, year):
    """Last quarter's status within the same financial year; on plan in a new year."""
    if previous is None or financial_year(previous.period.period_end) != year:
        return DeploymentStatus.ON_PLAN
    line = next((d for d in previous.deployments.all() if d.group == group), None)
    return line.status if line else DeploymentStatus.ON_PLAN


def open_returns(*, now=None):
    """A return for every accepted or published roadmap in every reporting period that is
    open now. Safe to run twice, and by two workers at once. Returns how many it made."""
    now = now or timezone.now()
    made = 0
    for period in ReportingPeriod.objects.filter(opens_at__lte=now, due_at__gte=now):
        roadmaps = Roadmap.objects.filter(
            footprint__cycle_id=period.cycle_id, state__in=TRACKED_ROADMAP_STATES
        ).exclude(returns__period=period)
        for roadmap in roadmaps:
            try:
                open_return(roadmap=roadmap, period=period)
            except ActionRefused:
                continue
            made += 1
    return made


# --- Saving ---------------------------------------------------------------------------------


def lock_return(progress_return):
    """The return row, locked, with its roadmap, footprint and period."""
    return (
        ProgressReturn.objects.select_for_update(of=("self",))
        .select_related(
            "roadmap", "roadmap__footprint", "roadmap__footprint__lead_ccg", "period",
            "period__cycle",
        )
        .get(pk=progress_return.pk)
    )  # fmt: skip


def lock_return_draft(progress_return, *, expected_version, by):
    """The return, locked, if it may change, ``by`` may write it and nobody saved since
    ``expected_version``."""
    locked = lock_return(progress_return)
    RETURN.check(locked, "edit_return")
    authorise(rules.is_return_editor, by, locked, reason=rules.ONLY_RETURN_EDITORS)
    if expected_version is not None and locked.version != expected_version:
        raise ReturnConflict(current_version=locked.version)
    return locked


def _mark_saved(locked, *, saved_by):
    ProgressReturn.objects.filter(pk=locked.pk).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by=saved_by
    )
    return locked.version + 1


NARRATIVE_FIELDS = ("progress", "next_quarter", "issues")
RATING_FIELDS = ("delivery_confidence", "rationale", "override_reason")
LINE_FIELDS = {
    "milestones": (ReturnMilestone, ("group", "status", "forecast_on", "done_on", "comment")),
    "capabilities": (ReturnCapability, ("status", "forecast_by", "comment")),
    "deployments": (ReturnDeployment, ("status", "comment")),
    "risks": (ReturnRisk, ("likelihood", "impact", "mitigation", "closed")),
    "benefits": (
        ReturnBenefit,
        (
            "actual",
            "no_data",
            "forecast_year",
            "forecast_total",
            "target_on",
            "evidence",
            "rating_override",
            "override_reason",
        ),
    ),  # fmt: skip
}


@transaction.atomic
def save_return_section(*, progress_return, section, data, expected_version, saved_by):
    """Save one section of the return if nobody saved since ``expected_version``; returns the
    return's version after the save.

    ``section`` is "narrative", "rating" or a key of ``LINE_FIELDS``. For the narrative and
    the rating, ``data`` is {field: value}; for lines, {line id: {field: value}}. Only what
    changed is written, with one audit event; a save that changes nothing keeps the version.
    Values arrive cleaned by the page's form; completeness is checked at sign-off."""
    locked = lock_return_draft(progress_return, expected_version=expected_version, by=saved_by)
    if section in ("narrative", "rating"):
        names = NARRATIVE_FIELDS if section == "narrative" else RATING_FIELDS
        changed = {
            name: value for name, value in data.items()
            if name in names and getattr(locked, name) != value
        }  # fmt: skip
        if changed:
            ProgressReturn.objects.filter(pk=locked.pk).update(**changed)
    elif section in LINE_FIELDS:
        model, names = LINE_FIELDS[section]
        lines = {line.pk: line for line in model.objects.filter(progress_return=locked)}
        changed = {}
        for pk, values in data.items():
            line = lines.get(int(pk))
            if line is None:
                raise ActionRefused(_("That line is not part of this return."))
            if section == "benefits":
                values = settle_actual(values)
            updates = {n: v for n, v in values.items() if n in names and getattr(line, n) != v}
            if updates:
                for name, value in updates.items():
                    setattr(line, name, value)
                line.save(update_fields=list(updates))
                changed[str(pk)] = sorted(updates)
    else:
        raise ActionRefused(_("The return has no section %(key)s.") % {"key": section})
    if not changed:
        return locked.version
    record_event(
        actor=saved_by,
        verb="return.saved",
        target=locked,
        organisation=locked.roadmap.footprint.lead_ccg,
        after={"section": section, "changed": sorted(changed)},
    )
    return _mark_saved(locked, saved_by=saved_by)


@transaction.atomic
def add_return_milestone(*, progress_return, title, owner, forecast_on, expected_version, added_by):
    """A milestone added since the roadmap was accepted, marked as added."""
    locked = lock_return_draft(progress_return, expected_version=expected_version, by=added_by)
    line = ReturnMilestone.objects.create(
        progress_return=locked,
        title=title,
        owner=owner,
        forecast_on=forecast_on,
        status=MilestoneStatus.NOT_STARTED,
        added=True,
        position=locked.milestones.count(),
    )
    record_event(
        actor=added_by,
        verb="return.milestone_added",
        target=locked,
        organisation=locked.roadmap.footprint.lead_ccg,
        after={"title": title},
    )
    _mark_saved(locked, saved_by=added_by)
    return line


@transaction.atomic
def add_return_risk(*, progress_return, description, likelihood, impact, owner, mitigation,
                    expected_version, added_by):  # fmt: skip
    """A risk added to the register in this return, marked as added."""
    locked = lock_return_draft(progress_return, expected_version=expected_version, by=added_by)
    line = ReturnRisk.objects.create(
        progress_return=locked,
        description=description,
        likelihood=likelihood,
        impact=impact,
        owner=owner,
        mitigation=mitigation,
        added=True,
        position=locked.risks.count(),
    )
    record_event(actor=added_by, verb="return.risk_added", target=locked,
                 organisation=locked.roadmap.footprint.lead_ccg,
                 after={"description": description[:200]})  # fmt: skip
    _mark_saved(locked, saved_by=added_by)
    return line
