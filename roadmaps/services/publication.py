"""Publishing accepted roadmaps to the public, and taking them down again (design section 6).

NHS England admins publish an accepted roadmap once its cycle's publication stage has opened:
the public then sees its latest version, read-only. Unpublishing, with a reason, takes it
off the public pages and leaves it accepted. Each transition locks the roadmap row, checks
the state it starts from, writes the new state and one audit event, and queues emails to
the lead CCG's editors and approvers through the outbox.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from accounts.rules import is_nhse_admin
from accounts.transitions import authorise
from roadmaps.enums import RoadmapState, StageKind
from roadmaps.models import Roadmap, RoadmapVersion, Stage
from roadmaps.services.notifications import email_lead
from roadmaps.services.roadmaps import lock_roadmap
from roadmaps.transitions import ROADMAP

ONLY_ADMINS = _("Only NHS England admins can publish or unpublish roadmaps.")


def publication_opens_at(cycle):
    """When the cycle's publication stage opens, or None when the cycle has none."""
    return (
        Stage.objects.filter(cycle=cycle, kind=StageKind.PUBLICATION)
        .values_list("opens_at", flat=True)
        .first()
    )


def refuse_before_publication(cycle):
    """Refuse while the cycle's publication stage has not opened yet."""
    opens_at = publication_opens_at(cycle)
    if opens_at is not None and timezone.now() < opens_at:
        local = timezone.localtime(opens_at)
        raise ActionRefused(
            _("Roadmaps of %(cycle)s can be published from %(time)s on %(date)s, when the "
              "publication stage opens.")
            % {"cycle": cycle.name, "time": formats.time_format(local, "H:i"),
               "date": formats.date_format(local, "j F Y")}
        )  # fmt: skip


def _publish(locked, published_by):
    ROADMAP.check(locked, "publish_roadmap")
    latest = RoadmapVersion.objects.filter(roadmap=locked).defer("snapshot").order_by("-number")
    version = latest.first()
    if version is None:
        raise ActionRefused(_("This roadmap has no submitted version to publish."))
    event = ROADMAP.move(
        locked,
        "publish_roadmap",
        by=published_by,
        organisation=locked.footprint.lead_ccg,
        after={"version": version.number, "sha256": version.sha256},
        published_version=version,
        published_at=timezone.now(),
    )
    email_lead(
        locked,
        template="roadmap_published",
        event=event,
        link=reverse("published_roadmap", args=[locked.pk]),
        extra={"number": version.number},
    )
    return locked


@transaction.atomic
def publish_roadmap(*, roadmap, published_by):
    """Publish an accepted roadmap's latest version, once its cycle's publication stage has
    opened (at any time when the cycle has no publication stage). Returns the roadmap."""
    authorise(is_nhse_admin, published_by, reason=ONLY_ADMINS)
    locked = lock_roadmap(roadmap)
    refuse_before_publication(locked.footprint.cycle)
    return _publish(locked, published_by)


@transaction.atomic
def publish_accepted_roadmaps(*, cycle, published_by):
    """Publish every accepted roadmap of the cycle at once, all or none, under the same rule
    as ``publish_roadmap``. Returns how many were published."""
    authorise(is_nhse_admin, published_by, reason=ONLY_ADMINS)
    refuse_before_publication(cycle)
    accepted = (
        Roadmap.objects.select_for_update(of=("self",))
        .select_related("footprint", "footprint__cycle", "footprint__lead_ccg")
        .filter(footprint__cycle=cycle, state=RoadmapState.ACCEPTED)
        .order_by("footprint__name", "pk")
    )
    published = [_publish(roadmap, published_by) for roadmap in accepted]
    return len(published)


@transaction.atomic
def unpublish_roadmap(*, roadmap, reason, unpublished_by):
    """Take a published roadmap off the public pages, saying why: it goes back to accepted
    and no version is public any more. The lead CCG is told the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Say why the roadmap is being unpublished."))
    authorise(is_nhse_admin, unpublished_by, reason=ONLY_ADMINS)
    locked = lock_roadmap(roadmap)
    ROADMAP.check(locked, "unpublish_roadmap")
    version_id = locked.published_version_id
    number = RoadmapVersion.objects.filter(pk=version_id).values_list("number", flat=True).first()
    event = ROADMAP.move(
        locked,
        "unpublish_roadmap",
        by=unpublished_by,
        organisation=locked.footprint.lead_ccg,
        after={"version": number, "reason": reason},
        published_version=None,
        published_at=None,
    )
    email_lead(
        locked,
        template="roadmap_unpublished",
        event=event,
        link=reverse("roadmap_tasks", args=[locked.pk]),
        extra={"reason": reason},
    )
    return locked
