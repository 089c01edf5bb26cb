"""Demonstration deadlines for ``manage.py load_demo``: extensions and reminder digests, so
the outbox, the task lists and the admin's *Deadline extensions* show them right after
``make run``.

Kirklees gets four more weeks for its roadmap, and Calderdale and Huddersfield NHS FT two
more for its self-assessment, through ``grant_extension``, which emails their editors and
approvers; "send reminders now" then emails a digest to each demo person with something
outstanding today. Safe to run again: nothing is granted or sent twice.
"""

from datetime import timedelta

from django.utils import formats

from accounts.models import Membership, Organisation, OutboundEmail, User
from roadmaps.enums import StageKind
from roadmaps.models import DeadlineExtension, Footprint
from roadmaps.selectors.deadlines import london_day
from roadmaps.services.extensions import grant_extension
from roadmaps.services.reminders import TEMPLATE as REMINDER_TEMPLATE
from roadmaps.services.reminders import preview_reminders_now, send_reminders_now

EXTENDED_FOOTPRINT = "Kirklees"
EXTRA_DAYS = 28
REASON = "The Kirklees digital board signs off the changed roadmap after the deadline."
# One organisation too, so the list of extensions shows both kinds.
EXTENDED_PROVIDER = "RWY"
PROVIDER_EXTRA_DAYS = 14
PROVIDER_REASON = "The trust's new patient record goes live in the last week of the window."
DEMO_DOMAIN = "@demo.example"
ADMIN_EMAIL = f"admin{DEMO_DOMAIN}"


def create_demo_reminders(*, cycle):
    """Grant the demo extension and send the demo digests, as the demo NHS England admin;
    returns what is there, to print."""
    admin = User.objects.get(email=ADMIN_EMAIL)
    return "\n".join([_extend(cycle, admin), _extend_provider(cycle, admin), _remind(admin)])


def _extend(cycle, admin):
    footprint = Footprint.objects.filter(cycle=cycle, name=EXTENDED_FOOTPRINT).first()
    if footprint is None:
        return f"Demo extension: no {EXTENDED_FOOTPRINT} footprint in {cycle}, none granted."
    stage = cycle.stages.get(kind=StageKind.ROADMAP)
    extension = DeadlineExtension.objects.filter(stage=stage, footprint=footprint).first()
    # Granted again only when a later load moved the stage past it, so it still shows.
    if extension is None or extension.due_at <= stage.due_at:
        extension = grant_extension(
            stage=stage,
            footprint=footprint,
            due_on=london_day(stage.due_at) + timedelta(days=EXTRA_DAYS),
            reason=REASON,
            granted_by=admin,
        )
    return (
        f"Demo extension: {footprint.name} has until "
        f"{formats.date_format(london_day(extension.due_at), 'j F Y')} for its roadmap; "
        f"its task list shows it and the outbox holds the emails to "
        f"{footprint.name.lower()}.editor@ and .approver{DEMO_DOMAIN}."
    )


def _extend_provider(cycle, admin):
    provider = Organisation.objects.filter(ods_code=EXTENDED_PROVIDER).first()
    if provider is None:
        return f"Demo extension: no organisation {EXTENDED_PROVIDER}, none granted."
    stage = cycle.stages.get(kind=StageKind.MATURITY)
    extension = DeadlineExtension.objects.filter(stage=stage, organisation=provider).first()
    # As for Kirklees: granted again only once a later load moved the stage past it.
    if extension is None or extension.due_at <= stage.due_at:
        extension = grant_extension(
            stage=stage,
            organisation=provider,
            due_on=london_day(stage.due_at) + timedelta(days=PROVIDER_EXTRA_DAYS),
            reason=PROVIDER_REASON,
            granted_by=admin,
        )
    return (
        f"Demo extension: {provider.name} has until "
        f"{formats.date_format(london_day(extension.due_at), 'j F Y')} for its self-assessment; "
        f"the admin's Deadline extensions lists both."
    )


def _remind(admin):
    digests = OutboundEmail.objects.filter(template=REMINDER_TEMPLATE, to__endswith=DEMO_DOMAIN)
    if not digests.exists():
        organisation_ids = sorted(
            set(
                Membership.objects.filter(user__email__endswith=DEMO_DOMAIN).values_list(
                    "organisation_id", flat=True
                )
            )
        )
        # Only when someone would get one: an empty run would still be audited.
        if preview_reminders_now(organisation_ids=organisation_ids).people:
            send_reminders_now(organisation_ids=organisation_ids, sent_by=admin)
    recipients = sorted(set(digests.values_list("to", flat=True)))
    digest = "reminder digest" if len(recipients) == 1 else "reminder digests"
    return (
        f"Demo reminders: {len(recipients)} {digest} in the outbox, for every demo person with "
        f"something outstanding today ({', '.join(recipients) or 'nobody'})."
    )
