"""The region's assurance of a submitted progress return (DESIGN section 7): an assured
rating on the same scale as the footprint's own, a comment for the footprint, an internal
note it never sees, and a decision, all drafted and changed freely until released. Release
accepts the return or asks for more information, and emails the footprint. The footprint's
rating is never touched: both are kept and shown side by side.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from accounts.services.audit import record_event
from accounts.transitions import authorise
from delivery import rules
from delivery.confidence import Confidence
from delivery.enums import AssuranceDecision
from delivery.models import ReturnAssurance, ReturnSubmission
from delivery.services.returns import lock_return
from delivery.tasks import run_checks_for_return
from delivery.transitions import RETURN
from roadmaps.services.notifications import email_lead

DECISION_ACTIONS = {
    AssuranceDecision.ACCEPT: "accept_return",
    AssuranceDecision.MORE_INFORMATION: "request_more_information",
}
DECISION_EMAILS = {
    AssuranceDecision.ACCEPT: "return_accepted",
    AssuranceDecision.MORE_INFORMATION: "return_more_information",
}


class AssuranceNotReady(ActionRefused):
    """What the assurance still needs, by field: ``by_field`` is {field name: message}."""

    def __init__(self, by_field):
        super().__init__(" ".join(str(problem) for problem in by_field.values()))
        self.problems = list(by_field.values())
        self.by_field = dict(by_field)


def _open_assurance(progress_return, by):
    """The return, locked, once it waits for assurance and ``by`` may assure it, with the
    assurance of its latest submission (made the first time)."""
    locked = lock_return(progress_return)
    RETURN.check(locked, "assure_return")
    authorise(rules.can_assure_return, by, locked, reason=rules.ONLY_RETURN_REVIEWERS)
    submission = ReturnSubmission.objects.filter(progress_return=locked).order_by("-number").first()
    assurance, _created = ReturnAssurance.objects.get_or_create(
        submission=submission, defaults={"progress_return": locked, "reviewer": by}
    )
    return locked, assurance


@transaction.atomic
def draft_assurance(*, progress_return, assured_confidence, comment, internal_note, decision,
                    drafted_by):  # fmt: skip
    """Store the assured rating, the comment, the internal note and the decision as drafted;
    nothing reaches the footprint until ``release_assurance``."""
    if assured_confidence and assured_confidence not in Confidence.values:
        raise ActionRefused(_("Choose an assured rating from the scale."))
    if decision and decision not in AssuranceDecision.values:
        raise ActionRefused(_("Choose whether to accept the return or ask for more information."))
    locked, assurance = _open_assurance(progress_return, drafted_by)
    before = {"assured_confidence": assurance.assured_confidence, "decision": assurance.decision}
    assurance.assured_confidence = assured_confidence or ""
    assurance.comment = (comment or "").strip()
    assurance.internal_note = (internal_note or "").strip()
    assurance.decision = decision or ""
    assurance.reviewer = drafted_by
    assurance.updated_at = timezone.now()
    assurance.save()
    record_event(
        actor=drafted_by,
        verb="return.assurance_drafted",
        target=locked,
        organisation=locked.roadmap.footprint.lead_ccg,
        before=before,
        after={"assured_confidence": assurance.assured_confidence, "decision": assurance.decision},
    )
    return assurance


def assurance_problems(assurance):
    """What is missing before release, by the field it belongs to."""
    problems = {}
    if not assurance.assured_confidence:
        problems["assured_confidence"] = _(
            "Choose the assured rating before you release the assurance."
        )
    if not assurance.comment:
        problems["comment"] = _(
            "Write the comment to the footprint before you release the assurance."
        )
    if not assurance.decision:
        problems["decision"] = _("Choose whether to accept the return or ask for more information.")
    return problems


@transaction.atomic
def release_assurance(*, progress_return, released_by):
    """Release the drafted assurance: the return is accepted, or goes back to the footprint
    for more information; the lead CCG's editors and approvers are emailed the assured rating
    and the comment (never the internal note)."""
    locked, assurance = _open_assurance(progress_return, released_by)
    problems = assurance_problems(assurance)
    if problems:
        raise AssuranceNotReady(problems)
    assurance.released_at = timezone.now()
    assurance.released_by = released_by
    assurance.save(update_fields=["released_at", "released_by"])
    event = RETURN.move(
        locked,
        DECISION_ACTIONS[assurance.decision],
        by=released_by,
        organisation=locked.roadmap.footprint.lead_ccg,
        after={"assured_confidence": assurance.assured_confidence,
               "submission": assurance.submission.number},
    )  # fmt: skip
    email_lead(
        locked.roadmap,
        template=DECISION_EMAILS[assurance.decision],
        event=event,
        link=reverse("return_detail", args=[locked.pk]),
        extra={
            "period": locked.period.label,
            "assured_confidence": str(Confidence(assurance.assured_confidence).label),
            "delivery_confidence": str(Confidence(locked.delivery_confidence).label),
            "comment": assurance.comment,
        },
    )
    # The assured rating is evidence the cross-checks hold the footprint's own against.
    run_checks_for_return.delay_on_commit(locked.pk)
    return assurance
