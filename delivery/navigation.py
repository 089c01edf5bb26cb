"""Which delivery pages the site header links to, for the person signed in.

A context processor, worked out only when the header reads it, from the roles cached on the
user (``accounts.rules``): a page that has asked any predicate already pays nothing more,
and any other page one query at most, whatever the data.
"""

from dataclasses import dataclass

from django.utils.functional import SimpleLazyObject

from accounts.rules import is_ccg_member, is_nhse_reviewer
from delivery.rules import can_manage_periods, can_use_tracker


@dataclass(frozen=True)
class DeliveryLinks:
    returns: bool
    assurance: bool
    tracker: bool
    periods: bool
    findings: bool


def links_for(user):
    return DeliveryLinks(
        returns=is_ccg_member(user),
        assurance=is_nhse_reviewer(user),
        tracker=can_use_tracker(user),
        periods=can_manage_periods(user),
        # Every footprint's findings for NHS England, a CCG's own footprints' for its people.
        findings=can_use_tracker(user) or is_ccg_member(user),
    )


def delivery_links(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"delivery_links": SimpleLazyObject(lambda: links_for(user))}
