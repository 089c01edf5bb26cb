"""What progress returns ask of people, for the reminders' planner.

``roadmaps/selectors/reminders.py`` reads every stage's outstanding work through its
collectors; roadmaps never imports delivery, so delivery registers this one from its
``ready()``. A progress stage is one reporting period, several a cycle, so the planner calls
the collector once per period that has opened (overdue ones too, while the cycle is live).
Through it the daily digest, "send reminders now", each person's home-page tasks and the
people told of a moved period all read the same returns.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.enums import Role
from delivery.models import ProgressReturn
from delivery.transitions import RETURN
from roadmaps.enums import StageKind
from roadmaps.selectors.deadlines import effective_deadline
from roadmaps.selectors.reminders import OutstandingTask, register_collector

# Being written (draft, or sent back for more information): the lead CCG's editors submit it.
UNSUBMITTED = RETURN.states_allowing("request_return_sign_off")
# Waiting for the lead CCG's approvers to sign it off and submit it.
AWAITING_SIGN_OFF = RETURN.states_allowing("submit_return")


def returns_outstanding(cycle, today, only, *, stage):
    """The period's returns not yet submitted (for the lead CCG's editors) or waiting for
    sign-off (for its approvers), each due when ``effective_deadline`` says. A roadmap with no
    return yet is nobody's task: the ``delivery.open_returns`` task opens returns. One query."""
    returns = ProgressReturn.objects.filter(
        period_id=stage.pk, state__in=[*UNSUBMITTED, *AWAITING_SIGN_OFF]
    ).select_related("roadmap__footprint__lead_ccg")
    if only is not None:
        returns = returns.filter(roadmap__footprint__lead_ccg_id__in=only)
    for progress_return in returns.order_by("pk"):
        footprint = progress_return.roadmap.footprint
        lead = footprint.lead_ccg
        names = {"name": footprint.name, "period": stage.label}
        if progress_return.state in AWAITING_SIGN_OFF:
            role = Role.APPROVER
            key = f"return-sign-off:{progress_return.pk}"
            title = _("Sign off the progress return for %(name)s, %(period)s") % names
            path = reverse("sign_off_return", args=[progress_return.pk])
        else:
            role = Role.EDITOR
            key = f"return:{progress_return.pk}"
            title = _("Submit the progress return for %(name)s, %(period)s") % names
            path = reverse("return_detail", args=[progress_return.pk])
        yield (
            lead.pk,
            role,
            OutstandingTask(
                key=key,
                stage_kind=StageKind.PROGRESS,
                title=title,
                organisation_name=lead.name,
                due_at=effective_deadline(stage=stage, footprint=footprint, organisation=lead),
                path=path,
            ),
        )


def register():
    register_collector(StageKind.PROGRESS, returns_outstanding, per_stage=True)
