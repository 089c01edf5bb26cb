"""Emails about a roadmap: one per person, keyed on the audit event that caused it, so a
transition asked for twice, or re-run by a retry, queues each email once."""

from django.conf import settings

from accounts.enums import Role
from accounts.services.outbox import queue_email
from roadmaps.selectors.footprints import people_with_roles

# The lead CCG's people who hear how the roadmap is getting on.
LEAD_ROLES = [Role.EDITOR, Role.APPROVER]


def email_people(roadmap, *, template, people, event, link, extra=None, per_organisation=False):
    """One email per person (per person and organisation with ``per_organisation``) about
    ``event``, with a link to the page where they act."""
    footprint = roadmap.footprint
    for membership in people:
        suffix = f":{membership.organisation_id}" if per_organisation else ""
        queue_email(
            key=f"{template}:{event.pk}:{membership.user_id}{suffix}",
            to=membership.user.email,
            template=template,
            context={
                "footprint_name": footprint.name,
                "cycle": footprint.cycle.name,
                "lead_ccg": footprint.lead_ccg.name,
                "organisation_name": membership.organisation.name,
                "link": settings.SITE_URL + link,
                **(extra or {}),
            },
        )


def email_lead(roadmap, *, template, event, link, extra=None):
    """``email_people`` to the lead CCG's editors and approvers."""
    email_people(
        roadmap,
        template=template,
        people=people_with_roles(
            organisation_ids=[roadmap.footprint.lead_ccg_id], roles=LEAD_ROLES
        ),
        event=event,
        link=link,
        extra=extra,
    )
