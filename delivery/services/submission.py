"""A progress return's way to NHS England (DESIGN section 7): the footprint's editors ask
the lead CCG's approvers to sign it off; an approver signs it off and submits it in one step,
or sends it back. Submitting freezes the return into a ``ReturnSubmission`` with its SHA-256,
the figures computed from it and the suggested rating as they were, and, once committed, the
cross-checks run on it.

Each transition locks the return, checks its state and who is acting under the lock, moves
it with one audit event, and queues emails keyed on that event.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.enums import Role
from accounts.errors import ActionRefused
from accounts.transitions import authorise
from delivery import confidence, rules
from delivery.enums import BenefitRating, MilestoneStatus, ReturnState
from delivery.models import ReturnSubmission
from delivery.selectors.benefits import benefit_data
from delivery.selectors.returns import last_quarter_rating, return_figures
from delivery.services.returns import lock_return
from delivery.tasks import run_checks_for_return
from delivery.transitions import RETURN
from roadmaps.selectors.footprints import people_with_roles
from roadmaps.selectors.snapshot import snapshot_sha256
from roadmaps.services.notifications import LEAD_ROLES, email_lead, email_people

# A benefit is named in what is missing by its description's first words.
NAMED_WORDS = 12


class AlreadySubmitted(ActionRefused):
    """The return was submitted already: a double click, or someone else just now."""

    def __init__(self, *, submission):
        super().__init__(
            _("This progress return has already been submitted, on %(day)s.")
            % {"day": formats.date_format(timezone.localtime(submission.submitted_at), "j F Y")}
        )
        self.submission = submission


class Missing(str):
    """One thing still missing, in words, with the section of the return (a
    ``return_section`` key) where it is filled in, so that a page can link to it."""

    def __new__(cls, text, *, section):
        missing = super().__new__(cls, text)
        missing.section = section
        return missing


def missing_for_sign_off(progress_return, figures=None):
    """What must be filled in before sign-off can be asked for, in words (each a ``Missing``
    naming its section); empty when none."""
    by_section = missing_by_section(progress_return, figures)
    return [part for parts in by_section.values() for part in parts]


def missing_by_section(progress_return, figures=None):
    """``missing_for_sign_off`` by section of the return: {"narrative": [words], ...} with
    the keys "narrative", "milestones", "capabilities", "benefits" and "rating"; a complete
    section is left out. The return's task list marks its sections with it."""
    figures = figures or return_figures(progress_return)
    missing = {}

    def add(section, words):
        missing.setdefault(section, []).append(Missing(words, section=section))

    if not progress_return.progress.strip():
        add("narrative", _("Narrative: say what progress was made this quarter"))
    if not progress_return.next_quarter.strip():
        add("narrative", _("Narrative: say what is planned for next quarter"))
    for line in figures.milestones:
        if line.status == MilestoneStatus.DONE and line.done_on is None:
            add(
                "milestones",
                _("Milestones: give the date “%(title)s” was done") % {"title": line.title},
            )
        if line.status != MilestoneStatus.DONE and line.forecast_on is None:
            add(
                "milestones",
                _("Milestones: give a forecast date for “%(title)s”") % {"title": line.title},
            )
    for line in figures.capabilities:
        if line.status != "in_place" and line.forecast_by is None:
            add(
                "capabilities",
                _("Universal capabilities: give a forecast date for %(letter)s")
                % {"letter": line.letter},
            )
    for problem in benefit_problems(figures):
        add("benefits", problem)
    for problem in rating_problems(progress_return, figures):
        add("rating", problem)
    return missing


def benefit_problems(figures):
    """What each benefit line still needs: an actual or "no data yet", and a reason for a
    rating of the footprint's own that is not the one the rules suggest."""
    problems = []
    for line in figures.benefits:
        named = {"benefit": Truncator(line.description).words(NAMED_WORDS)}
        if line.actual is None and not line.no_data:
            problems.append(
                _("Benefits: give the actual for “%(benefit)s” this period, or say there is no "
                  "data yet") % named
            )  # fmt: skip
        suggested = line.realisation.suggested
        chosen = line.rating_override
        if chosen and chosen != suggested and not line.override_reason.strip():
            problems.append(
                _("Benefits: say why you rate “%(benefit)s” %(rating)s when the rules suggest "
                  "%(suggested)s")
                % {**named, "rating": BenefitRating(chosen).label,
                   "suggested": BenefitRating(suggested).label}
            )  # fmt: skip
    return problems


def rating_problems(progress_return, figures):
    """What the rating still needs: a rating, a rationale when it differs from last
    quarter's, and a reason when it is better than the suggestion."""
    problems = []
    rating = progress_return.delivery_confidence
    if not rating:
        return [Missing(_("Delivery confidence: choose your rating"), section="rating")]
    previous = last_quarter_rating(progress_return)
    if previous and previous != rating and not progress_return.rationale.strip():
        problems.append(Missing(
            _("Delivery confidence: say why the rating changed from %(previous)s")
            % {"previous": confidence.Confidence(previous).label},
            section="rating",
        ))  # fmt: skip
    suggested = figures.suggestion.rating
    if confidence.is_better(rating, suggested) and not progress_return.override_reason.strip():
        problems.append(Missing(
            _(
                "Delivery confidence: say why you rate %(rating)s when the rules suggest "
                "%(suggested)s"
            )
            % {"rating": confidence.Confidence(rating).label,
               "suggested": confidence.Confidence(suggested).label},
            section="rating",
        ))  # fmt: skip
    return problems


def _lead_approvers(locked):
    return people_with_roles(
        organisation_ids=[locked.roadmap.footprint.lead_ccg_id], roles=[Role.APPROVER]
    )


@transaction.atomic
def request_return_sign_off(*, progress_return, requested_by):
    """A complete return goes to the lead CCG's approvers, who are emailed."""
    locked = lock_return(progress_return)
    RETURN.check(locked, "request_return_sign_off")
    authorise(rules.is_return_editor, requested_by, locked, reason=rules.ONLY_RETURN_EDITORS)
    missing = missing_for_sign_off(locked)
    if missing:
        raise ActionRefused(
            _("Complete the return before you ask for sign-off. Still missing: %(parts)s.")
            % {"parts": "; ".join(str(part) for part in missing)}
        )
    event = RETURN.move(
        locked,
        "request_return_sign_off",
        by=requested_by,
        organisation=locked.roadmap.footprint.lead_ccg,
        after={"period": locked.period.label},
    )
    email_people(
        locked.roadmap,
        template="return_sign_off_requested",
        people=_lead_approvers(locked),
        event=event,
        link=reverse("sign_off_return", args=[locked.pk]),
        extra={"period": locked.period.label},
    )
    return locked


@transaction.atomic
def send_back_return(*, progress_return, reason, sent_back_by):
    """The approver sends the return back to its editors with a reason, instead of signing."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Say what the editors should change before you sign it off."))
    locked = lock_return(progress_return)
    RETURN.check(locked, "send_back_return")
    authorise(rules.is_lead_approver, sent_back_by, locked, reason=rules.ONLY_LEAD_APPROVERS)
    back_to = (
        ReturnState.MORE_INFORMATION_REQUESTED
        if ReturnSubmission.objects.filter(progress_return=locked).exists()
        else ReturnState.DRAFT
    )
    event = RETURN.move(
        locked,
        "send_back_return",
        to=back_to,
        by=sent_back_by,
        organisation=locked.roadmap.footprint.lead_ccg,
        after={"reason": reason},
    )
    email_lead(
        locked.roadmap,
        template="return_sent_back",
        event=event,
        link=reverse("return_detail", args=[locked.pk]),
        extra={"period": locked.period.label, "reason": reason},
    )
    return locked


def return_snapshot(progress_return, figures):
    """The whole return as plain JSON data, with what was computed from it."""

    def day(value):
        return value.isoformat() if value else ""

    period = progress_return.period
    return {
        "footprint": progress_return.roadmap.footprint.name,
        "period": {"label": period.label, "period_end": day(period.period_end)},
        "baseline_version": progress_return.baseline.number,
        "narrative": {
            "progress": progress_return.progress,
            "next_quarter": progress_return.next_quarter,
            "issues": progress_return.issues,
        },
        "milestones": [
            {"id": line.pk, "milestone_id": line.milestone_id, "title": line.title,
             "owner": line.owner, "group": line.group, "baseline_due": day(line.baseline_due),
             "previous_forecast": day(line.previous_forecast), "status": line.status,
             "forecast_on": day(line.forecast_on), "done_on": day(line.done_on),
             "comment": line.comment, "added": line.added, "slippage": line.slippage,
             "drift": line.drift}
            for line in figures.milestones
        ],
        "capabilities": [
            {"letter": line.letter, "planned_by": day(line.planned_by),
             "previous_forecast": day(line.previous_forecast), "status": line.status,
             "forecast_by": day(line.forecast_by), "comment": line.comment,
             "after_deadline": line.after_deadline, "slippage": line.slippage,
             "drift": line.drift}
            for line in figures.capabilities
        ],
        "deployments": [
            {"group": line.group, "plan": line.plan, "status": line.status,
             "comment": line.comment}
            for line in figures.deployments
        ],
        "risks": [
            {"id": line.pk, "risk_id": line.risk_id, "description": line.description,
             "likelihood": line.likelihood, "impact": line.impact, "owner": line.owner,
             "mitigation": line.mitigation, "closed": line.closed, "added": line.added}
            for line in figures.risks
        ],
        "benefits": [benefit_data(line) for line in figures.benefits],
        "rating": {
            "delivery_confidence": progress_return.delivery_confidence,
            "rationale": progress_return.rationale,
            "override_reason": progress_return.override_reason,
            "suggested": figures.suggestion.rating,
            "fired": [{"rule": rule.id, "evidence": str(evidence)}
                      for rule, evidence in figures.suggestion.fired],
        },
    }  # fmt: skip


@transaction.atomic
def submit_return(*, progress_return, submitted_by):
    """The lead CCG's approver signs off and submits the return: it is frozen as the next
    ``ReturnSubmission`` with its SHA-256, and the footprint's people get a receipt. One
    submission however many times it is asked for at once: the others get
    ``AlreadySubmitted``."""
    locked = lock_return(progress_return)
    if locked.state in (ReturnState.SUBMITTED, ReturnState.ACCEPTED):
        latest = ReturnSubmission.objects.filter(progress_return=locked).order_by("-number")
        raise AlreadySubmitted(submission=latest.first())
    RETURN.check(locked, "submit_return")
    authorise(rules.is_lead_approver, submitted_by, locked, reason=rules.ONLY_LEAD_APPROVERS)
    figures = return_figures(locked)
    missing = missing_for_sign_off(locked, figures)
    if missing:
        raise ActionRefused(
            _("The return is not complete: %(parts)s.")
            % {"parts": "; ".join(str(part) for part in missing)}
        )
    snapshot = return_snapshot(locked, figures)
    submission = ReturnSubmission.objects.create(
        progress_return=locked,
        number=ReturnSubmission.objects.filter(progress_return=locked).count() + 1,
        snapshot=snapshot,
        sha256=snapshot_sha256(snapshot),
        delivery_confidence=locked.delivery_confidence,
        suggested_confidence=figures.suggestion.rating,
        submitted_by=submitted_by,
    )
    event = RETURN.move(
        locked,
        "submit_return",
        by=submitted_by,
        organisation=locked.roadmap.footprint.lead_ccg,
        after={"submission": submission.number, "sha256": submission.sha256,
               "rating": locked.delivery_confidence},
        submitted_at=submission.submitted_at,
    )  # fmt: skip
    email_people(
        locked.roadmap,
        template="return_submitted",
        people=people_with_roles(
            organisation_ids=[locked.roadmap.footprint.lead_ccg_id], roles=LEAD_ROLES
        ),
        event=event,
        link=reverse("return_detail", args=[locked.pk]),
        extra={"period": locked.period.label, "sha256": submission.sha256},
    )
    run_checks_for_return.delay_on_commit(locked.pk)
    return submission
