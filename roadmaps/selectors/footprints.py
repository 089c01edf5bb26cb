"""Footprints as the person asking may see them."""

from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import AuditEvent, Membership
from accounts.rules import is_nhse_staff, roles_by_organisation
from roadmaps.enums import CCG_ROLES
from roadmaps.models import Footprint, FootprintMember
from roadmaps.selectors.lineage import history_ids_for

MEMBERS = Prefetch(
    "members",
    queryset=FootprintMember.objects.select_related("organisation", "confirmed_by").order_by(
        "role", "organisation__name"
    ),
)


def footprints_for_user(user):
    """Footprints with a member the person belongs to; every footprint for NHS England."""
    footprints = Footprint.objects.select_related("cycle", "lead_ccg", "lead_ccg__region")
    if not is_nhse_staff(user):
        footprints = footprints.filter(
            Q(members__organisation_id__in=list(roles_by_organisation(user)))
            | Q(pk__in=history_ids_for(user))
        ).distinct()
    return footprints.prefetch_related(MEMBERS).order_by("cycle__name", "name")


def footprint_for_user(user, pk):
    """One footprint the person may see, or None (the view answers 404)."""
    return footprints_for_user(user).filter(pk=pk).first()


def footprint_holding(*, cycle, organisation):
    """The footprint a CCG belongs to in a cycle, or None."""
    member = (
        FootprintMember.objects.select_related("footprint")
        .filter(cycle=cycle, organisation=organisation, role__in=CCG_ROLES, left_at__isnull=True)
        .first()
    )
    return member.footprint if member else None


HISTORY_LABELS = {
    "footprint.declared": _("Footprint declared"),
    "footprint.details_changed": _("Details changed"),
    "footprint.member_added": _("Organisation added"),
    "footprint.member_removed": _("Organisation removed"),
    "footprint.submitted": _("Submitted to NHS England"),
    "footprint.membership_confirmed": _("Partner CCG confirmed its place"),
    "footprint.membership_declined": _("Partner CCG declined its place"),
    "footprint.endorsed": _("Endorsed by NHS England"),
    "footprint.returned": _("Returned by NHS England"),
    "footprint.carried_forward": _("Carried forward from the last cycle"),
    "footprint.merged": _("Merged into another footprint"),
    "footprint.merge_received": _("Other footprints merged into it"),
    "footprint.formed_by_merge": _("Formed by merging footprints"),
    "footprint.member_moved_out": _("Organisation moved to another footprint"),
    "footprint.member_moved_in": _("Organisation moved in from another footprint"),
}


def footprint_history(footprint):
    """The footprint's audit events, oldest first, each with a ``label`` for people."""
    events = list(
        AuditEvent.objects.filter(target_type="roadmaps.footprint", target_id=str(footprint.pk))
        .select_related("actor", "organisation")
        .order_by("at", "pk")
    )
    for event in events:
        label = HISTORY_LABELS.get(event.verb, event.verb)
        detail = (event.after or event.before or {}).get("organisation")
        event.label = f"{label}: {detail}" if detail and "member" in event.verb else label
    return events


def people_with_roles(*, organisation_ids, roles):
    """Active people holding one of ``roles`` in any of the organisations."""
    return (
        Membership.objects.filter(
            organisation_id__in=organisation_ids, role__in=roles, user__is_active=True
        )
        .select_related("user", "organisation")
        .order_by("user__email")
    )
