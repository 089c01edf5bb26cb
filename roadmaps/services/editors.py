"""People the lead CCG asks to edit its roadmap, from any organisation (a commissioning
support unit, say), and stopping them."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.errors import ActionRefused
from accounts.models import User
from accounts.services.audit import record_event
from accounts.services.outbox import queue_email
from roadmaps.models import Roadmap, RoadmapEditor
from roadmaps.rules import can_lead_roadmap

UNKNOWN_PERSON = gettext_lazy(
    "No one with that email address has an account yet: invite them to your organisation first."
)


def _locked_for_leading(roadmap, *, by):
    locked = (
        Roadmap.objects.select_for_update()
        .select_related("footprint", "footprint__cycle", "footprint__lead_ccg")
        .get(pk=roadmap.pk)
    )
    if not can_lead_roadmap(by, locked):
        raise ActionRefused(
            _("Only editors and approvers of %(lead)s, the lead CCG, can choose who edits.")
            % {"lead": locked.footprint.lead_ccg.name}
        )
    return locked


def _person(user):
    return user.full_name or user.email


@transaction.atomic
def add_roadmap_editor(*, roadmap, email, added_by):
    """Let the active person with this email address edit the draft, and email them a link
    to it. Refused unless ``added_by`` leads the roadmap (an editor or approver of the lead
    CCG), or when nobody active has that address, or they already edit it. Writes one audit
    event; the email goes out after commit."""
    locked = _locked_for_leading(roadmap, by=added_by)
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise ActionRefused(str(UNKNOWN_PERSON))
    if not user.is_active:
        raise ActionRefused(
            _("%(email)s's account is closed, so they cannot edit the roadmap.")
            % {"email": user.email}
        )
    editor, created = RoadmapEditor.objects.get_or_create(
        roadmap=locked, user=user, defaults={"added_by": added_by}
    )
    if not created:
        raise ActionRefused(
            _("%(person)s can already edit this roadmap.") % {"person": _person(user)}
        )
    footprint = locked.footprint
    record_event(
        actor=added_by,
        verb="roadmap.editor_added",
        target=locked,
        organisation=footprint.lead_ccg,
        after={"editor": user.email},
    )
    queue_email(
        key=f"roadmap_editor_added:{editor.pk}",
        to=user.email,
        template="roadmap_editor_added",
        context={
            "footprint_name": footprint.name,
            "cycle": footprint.cycle.name,
            "added_by": _person(added_by),
            "link": settings.SITE_URL + reverse("roadmap_tasks", args=[locked.pk]),
        },
    )
    return editor


@transaction.atomic
def remove_roadmap_editor(*, editor, removed_by):
    """Stop someone the lead asked editing the draft. Refused unless ``removed_by`` leads
    the roadmap. Writes one audit event."""
    locked = _locked_for_leading(editor.roadmap, by=removed_by)
    deleted, _rows = RoadmapEditor.objects.filter(pk=editor.pk, roadmap=locked).delete()
    if not deleted:
        raise ActionRefused(_("That person no longer edits this roadmap."))
    record_event(
        actor=removed_by,
        verb="roadmap.editor_removed",
        target=locked,
        organisation=locked.footprint.lead_ccg,
        before={"editor": editor.user.email},
    )
    return locked
