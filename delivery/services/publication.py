"""Publishing a reporting period's assured ratings to everyone (DESIGN section 7).

An NHS England admin publishes a period once its region has released assured ratings; from
then on the public page lists, for each footprint whose assurance was released, its own
rating and NHS England's assured rating side by side. A period is published once.
"""

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.errors import ActionRefused
from accounts.rules import is_nhse_admin
from accounts.services.audit import record_event
from accounts.transitions import authorise
from delivery.models import PeriodPublication, ReportingPeriod, ReturnAssurance
from roadmaps.selectors.deadlines import LONDON

ONLY_ADMINS = gettext_lazy(
    "Only NHS England admins can publish a reporting period's assured ratings."
)


@transaction.atomic
def publish_period_ratings(*, period, published_by):
    """Publish ``period``'s released assured ratings: one ``PeriodPublication`` and one audit
    event. Refused for anyone but an NHS England admin, for a period with no released assured
    rating, and for a period published already (a double click, or another admin just now),
    all judged with the period's row locked. Returns the publication."""
    locked = ReportingPeriod.objects.select_for_update().select_related("cycle").get(pk=period.pk)
    authorise(is_nhse_admin, published_by, reason=ONLY_ADMINS)
    existing = PeriodPublication.objects.filter(period=locked).select_related("published_by")
    existing = existing.first()
    if existing is not None:
        raise ActionRefused(
            _("The %(period)s assured ratings were already published on %(date)s by %(name)s.")
            % {
                "period": locked.label,
                "date": formats.date_format(
                    timezone.localtime(existing.published_at, LONDON), "j F Y"
                ),
                "name": existing.published_by.get_full_name(),
            }
        )
    released = (
        ReturnAssurance.objects.filter(progress_return__period=locked, released_at__isnull=False)
        .values("progress_return_id")
        .distinct()
        .count()
    )
    if not released:
        raise ActionRefused(
            _(
                "No assured rating of %(period)s has been released yet, so there is nothing to "
                "publish."
            )
            % {"period": locked.label}
        )
    publication = PeriodPublication.objects.create(period=locked, published_by=published_by)
    record_event(
        actor=published_by,
        verb="period.published",
        target=locked,
        after={"label": locked.label, "ratings": released},
    )
    return publication
