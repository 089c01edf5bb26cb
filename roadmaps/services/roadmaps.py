"""A footprint's roadmap comes into being when the footprint is endorsed (design section 6),
empty, or as a copy of the accepted roadmap of the footprint it carries forward.

The draft's sections are saved by ``roadmaps.services.drafts``; sign-off and submission are
in ``roadmaps.services.submission``.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from accounts.services.audit import record_event
from accounts.transitions import authorise
from roadmaps import rules
from roadmaps.enums import FootprintState
from roadmaps.models import Roadmap
from roadmaps.services.carry_forward import copy_accepted_roadmap
from roadmaps.transitions import ROADMAP


class DraftConflict(ActionRefused):
    """Someone saved the roadmap draft after this person opened the page."""

    def __init__(self, *, current_version):
        super().__init__(_("Someone else saved this roadmap after you opened the page."))
        self.current_version = current_version


@transaction.atomic
def open_roadmap(*, footprint, opened_by=None):
    """The endorsed footprint's roadmap, made as an empty draft the first time. Safe to run
    again: an existing roadmap is returned as it is."""
    if footprint.state != FootprintState.ENDORSED:
        raise ActionRefused(_("A roadmap is written for an endorsed footprint."))
    roadmap, created = Roadmap.objects.get_or_create(footprint=footprint)
    if created:
        # A footprint carried forward from an earlier cycle starts from its accepted roadmap.
        version = copy_accepted_roadmap(roadmap) if footprint.carried_from_id else None
        record_event(
            actor=opened_by,
            verb="roadmap.opened",
            target=roadmap,
            organisation=footprint.lead_ccg,
            after={"carried_from_version": version.pk} if version else None,
        )
    return roadmap


def lock_roadmap(roadmap):
    """The roadmap row, locked for the rest of the transaction, with its footprint's cycle
    and lead CCG: where every roadmap transition starts."""
    locked = (
        Roadmap.objects.select_for_update(of=("self",))
        .select_related("footprint", "footprint__cycle", "footprint__lead_ccg")
        .get(pk=roadmap.pk)
    )
    if not rules.is_live(locked.footprint):
        raise ActionRefused(
            _(
                "%(name)s has been merged into another footprint: its roadmap is kept as "
                "history and cannot change."
            )
            % {"name": locked.footprint.name}
        )
    return locked


def lock_draft(roadmap, *, expected_version, by):
    """The roadmap row, locked, if its draft may change (else ``ActionRefused``), ``by`` may
    change it (else ``ActionRefused``) and nobody saved since ``expected_version`` (else
    ``DraftConflict``). Call inside a transaction; every service that changes the draft
    starts here and ends with ``mark_saved``."""
    locked = lock_roadmap(roadmap)
    ROADMAP.check(locked, "edit_roadmap")
    authorise(rules.can_edit_roadmap, by, locked, reason=rules.ONLY_ROADMAP_EDITORS)
    if expected_version is not None and locked.version != expected_version:
        raise DraftConflict(current_version=locked.version)
    return locked


def mark_saved(locked, *, saved_by):
    """Move the draft on one version; returns the new version."""
    Roadmap.objects.filter(pk=locked.pk).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by=saved_by
    )
    return locked.version + 1
