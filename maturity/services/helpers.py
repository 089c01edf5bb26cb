"""Asking people of the lead CCG to help answer a self-assessment, and stopping them.

A provider's approvers may ask people of the lead CCG of a footprint (of the assessment's
cycle) that holds the provider to help; a helper may then answer, as the provider's editors
do, until the assessment is submitted.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from accounts.models import Organisation
from accounts.services.audit import record_event
from accounts.services.outbox import queue_email
from accounts.transitions import authorise
from maturity.models import Assessment, AssessmentHelper
from maturity.rules import can_manage_helpers
from maturity.selectors.assessments import lead_ccg_ids
from maturity.transitions import ASSESSMENT


def _locked_for_change(assessment, *, by):
    locked = (
        Assessment.objects.select_for_update()
        .select_related("organisation", "cycle")
        .get(pk=assessment.pk)
    )
    if not ASSESSMENT.allows(locked.state, "answer"):
        raise ActionRefused(
            _("People can be asked to help, or stopped, only until the assessment is submitted.")
        )
    authorise(
        can_manage_helpers,
        by,
        locked,
        reason=_("Only the approvers of %(organisation)s can choose who helps with its assessment.")
        % {"organisation": locked.organisation.name},
    )
    return locked


def _person(user):
    return user.full_name or user.email


@transaction.atomic
def add_helper(*, assessment, user, added_by):
    """Ask ``user`` to help answer ``assessment`` and email them a link to it.

    Refused unless ``added_by`` is an approver of the assessed organisation, the assessment
    is not yet submitted, and ``user`` is an active person of a lead CCG of a footprint of
    the cycle that holds the organisation; refused too if they already help. Writes one
    audit event; the email goes out after commit.
    """
    locked = _locked_for_change(assessment, by=added_by)
    leads = lead_ccg_ids(locked)
    if not (user.is_active and user.memberships.filter(organisation_id__in=leads).exists()):
        names = ", ".join(
            Organisation.objects.filter(pk__in=leads)
            .order_by("name")
            .values_list("name", flat=True)
        )
        if not names:
            raise ActionRefused(
                _("%(organisation)s is in no footprint with a lead CCG, so nobody can be asked.")
                % {"organisation": locked.organisation.name}
            )
        raise ActionRefused(
            _(
                "%(person)s cannot be asked to help: only people of %(leads)s, the lead CCG of "
                "a footprint that holds %(organisation)s, can be."
            )
            % {"person": _person(user), "leads": names, "organisation": locked.organisation.name}
        )
    if AssessmentHelper.objects.filter(assessment=locked, user=user).exists():
        raise ActionRefused(
            _("%(person)s already helps with this assessment.") % {"person": _person(user)}
        )
    helper = AssessmentHelper.objects.create(assessment=locked, user=user, added_by=added_by)
    record_event(
        actor=added_by,
        verb="assessment.helper_added",
        target=locked,
        organisation=locked.organisation,
        after={"helper": user.email},
    )
    queue_email(
        key=f"assessment_helper_added:{helper.pk}",
        to=user.email,
        template="assessment_helper_added",
        context={
            "organisation_name": locked.organisation.name,
            "cycle": locked.cycle.name,
            "added_by": _person(added_by),
            "link": settings.SITE_URL + reverse("assessment_tasks", args=[locked.pk]),
        },
    )
    return helper


@transaction.atomic
def remove_helper(*, helper, removed_by):
    """Stop ``helper`` helping: they can no longer answer. Refused unless ``removed_by`` is
    an approver of the assessed organisation and the assessment is not yet submitted.
    Writes one audit event."""
    locked = _locked_for_change(helper.assessment, by=removed_by)
    deleted, _rows = AssessmentHelper.objects.filter(pk=helper.pk, assessment=locked).delete()
    if not deleted:
        raise ActionRefused(_("That person no longer helps with this assessment."))
    record_event(
        actor=removed_by,
        verb="assessment.helper_removed",
        target=locked,
        organisation=locked.organisation,
        before={"helper": helper.user.email},
    )
    return locked
