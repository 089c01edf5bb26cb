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
from roadmaps.enums import RoadmapState, StageKind
from roadmaps.models import Roadmap, RoadmapVersion, Stage
from roadmaps.selectors.footprints import people_with_roles
from roadmaps.services.submission import LEAD_ROLES, _email, _locked, _move


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
    if locked.state != RoadmapState.ACCEPTED:
        raise ActionRefused(
            _("Only an accepted roadmap can be published; the %(name)s roadmap is %(state)s.")
            % {"name": locked.footprint.name, "state": locked.get_state_display().lower()}
        )
    latest = RoadmapVersion.objects.filter(roadmap=locked).defer("snapshot").order_by("-number")
    version = latest.first()
    if version is None:
        raise ActionRefused(_("This roadmap has no submitted version to publish."))
    now = timezone.now()
    _move(locked, RoadmapState.PUBLISHED, by=published_by, verb="roadmap.published",
          after={"version": version.number, "sha256": version.sha256},
          published_version=version, published_at=now)  # fmt: skip
    _email_lead(
        locked,
        template="roadmap_published",
        stamp=now,
        link=reverse("published_roadmap", args=[locked.pk]),
        extra={"number": version.number},
    )
    return locked


@transaction.atomic
def publish_roadmap(*, roadmap, published_by):
    """Publish an accepted roadmap's latest version, once its cycle's publication stage has
    opened (at any time when the cycle has no publication stage). Returns the roadmap."""
    locked = _locked(roadmap)
    refuse_before_publication(locked.footprint.cycle)
    return _publish(locked, published_by)


@transaction.atomic
def publish_accepted_roadmaps(*, cycle, published_by):
    """Publish every accepted roadmap of the cycle at once, all or none, under the same rule
    as ``publish_roadmap``. Returns how many were published."""
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
    locked = _locked(roadmap)
    if locked.state != RoadmapState.PUBLISHED:
        raise ActionRefused(_("Only a published roadmap can be unpublished."))
    version_id = locked.published_version_id
    number = RoadmapVersion.objects.filter(pk=version_id).values_list("number", flat=True).first()
    _move(locked, RoadmapState.ACCEPTED, by=unpublished_by, verb="roadmap.unpublished",
          after={"version": number, "reason": reason},
          published_version=None, published_at=None)  # fmt: skip
    _email_lead(
        locked,
        template="roadmap_unpublished",
        stamp=locked.updated_at,
        link=reverse("roadmap_tasks", args=[locked.pk]),
        extra={"reason": reason},
    )
    return locked


def _email_lead(roadmap, *, template, stamp, link, extra):
    """One email to each editor and approver of the lead CCG; a roadmap may be published and
    unpublished more than once, so the key names the moment."""
    _email(
        roadmap,
        template=template,
        people=people_with_roles(
            organisation_ids=[roadmap.footprint.lead_ccg_id], roles=LEAD_ROLES
        ),
        key=f"{template}:{roadmap.pk}:{stamp.isoformat()}",
        link=link,
        extra=extra,
    )
