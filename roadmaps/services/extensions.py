"""Deadline extensions: NHS England gives one footprint or one organisation more time for a
stage (design section 3). ``effective_deadline`` reads them; nothing else needs to know.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from accounts.rules import is_nhse_admin
from accounts.services.audit import record_event
from accounts.services.outbox import queue_email
from accounts.transitions import authorise
from roadmaps.models import DeadlineExtension
from roadmaps.selectors.deadlines import LONDON, london_day
from roadmaps.selectors.extensions import people_told_of_extension
from roadmaps.services.cycles import end_of_day

TEMPLATE = "deadline_extended"


def check_extension(*, stage, due_on, reason, footprint=None, organisation=None):
    """Refuse an extension that could not be granted: the checks the admin form shares."""
    if (footprint is None) == (organisation is None):
        raise ActionRefused(_("Choose either a footprint or an organisation, not both."))
    if footprint is not None and footprint.cycle_id != stage.cycle_id:
        raise ActionRefused(
            _("%(footprint)s is not in the %(cycle)s cycle.")
            % {"footprint": footprint.name, "cycle": stage.cycle.name}
        )
    if not (reason or "").strip():
        raise ActionRefused(_("Say why the deadline is being extended."))
    stage_due_on = london_day(stage.due_at)
    if due_on <= stage_due_on:
        raise ActionRefused(
            _("The new due date must be after %(date)s, when the stage is due.")
            % {"date": formats.date_format(stage_due_on, "j F Y")}
        )


def describe(extension):
    # In London time, with the offset, as the stage dates are audited.
    return {
        "stage": extension.stage.kind,
        "footprint": extension.footprint_id,
        "organisation": extension.organisation.ods_code if extension.organisation else None,
        "due_at": timezone.localtime(extension.due_at, LONDON).isoformat(),
        "reason": extension.reason,
    }


@transaction.atomic
def grant_extension(*, stage, due_on, reason, granted_by, footprint=None, organisation=None):
    """Give ``footprint`` or ``organisation`` until 23:59:59 London time on ``due_on`` for
    ``stage``.

    Only NHS England admins may grant one. The new date must be after the stage's own due
    date, and a reason is required. A second grant for the same stage and target replaces
    the first's date and reason. Writes one audit event (with the extension before and after)
    and queues an email, through the outbox, to the editors and approvers of the lead CCG
    (for a footprint) or of the organisation. Returns the extension.
    """
    authorise(is_nhse_admin, granted_by, reason=_("Only NHS England admins can extend a deadline."))
    check_extension(
        stage=stage, due_on=due_on, reason=reason, footprint=footprint, organisation=organisation
    )
    target = {"footprint": footprint} if footprint is not None else {"organisation": organisation}
    values = {"due_at": end_of_day(due_on), "reason": reason.strip(), "granted_by": granted_by}
    extension, before = _upsert(stage=stage, target=target, values=values)
    after = describe(extension)
    if before == after:
        return extension
    record_event(
        actor=granted_by,
        verb="deadline.extended",
        target=extension,
        organisation=footprint.lead_ccg if footprint is not None else organisation,
        before=before,
        after=after,
    )
    _email(extension)
    return extension


def _upsert(*, stage, target, values):
    """The extension for ``target`` with ``values``, and how it was before (None if new)."""
    existing = DeadlineExtension.objects.select_for_update().filter(stage=stage, **target).first()
    if existing is None:
        try:
            with transaction.atomic():
                created = DeadlineExtension.objects.create(
                    stage=stage, granted_at=timezone.now(), **target, **values
                )
            return created, None
        except IntegrityError:
            # Someone granted one for the same target just now: change theirs instead.
            existing = DeadlineExtension.objects.select_for_update().get(stage=stage, **target)
    before = describe(existing)
    for field, value in values.items():
        setattr(existing, field, value)
    existing.granted_at = timezone.now()
    if describe(existing) != before:
        existing.save()
    return existing, before


def _email(extension):
    footprint, organisation = extension.footprint, extension.organisation
    if footprint is not None:
        organisation = footprint.lead_ccg
        link = settings.SITE_URL + reverse("footprint_detail", args=[footprint.pk])
    else:
        link = settings.SITE_URL + reverse("home")
    local = timezone.localtime(extension.due_at, LONDON)
    # The same people the admin's check page lists before the grant.
    people = people_told_of_extension(footprint=footprint, organisation=organisation)
    for membership in people:
        queue_email(
            key=(
                f"{TEMPLATE}:{extension.pk}:{extension.due_at.isoformat()}:"
                f"{membership.user_id}:{membership.organisation_id}"
            ),
            to=membership.user.email,
            template=TEMPLATE,
            context={
                "stage": extension.stage.name_in_sentence,
                "cycle": extension.stage.cycle.name,
                "footprint_name": footprint.name if footprint is not None else "",
                "organisation_name": organisation.name,
                "due_time": formats.time_format(local, "H:i"),
                "due_date": formats.date_format(local, "j F Y"),
                "reason": extension.reason,
                "link": link,
            },
        )
