"""The list sections of a roadmap draft: risks, milestones and attachments.

Every change locks the draft (``lock_draft``: refused unless the roadmap is a draft or has
had changes requested), checks the person may edit it, writes, records one audit event and
moves the draft on one version (``mark_saved``).
"""

import hashlib

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from accounts.services.audit import record_event
from roadmaps.models import Attachment, Milestone, Risk
from roadmaps.roadmap_sections import ROADMAP_ENDS, ROADMAP_STARTS
from roadmaps.selectors.lists import milestone_owners
from roadmaps.services.roadmaps import lock_draft, mark_saved
from roadmaps.uploads import AttachmentRefused, attachment_kind, display_name

RISK_FIELDS = ("description", "likelihood", "impact", "owner", "mitigation")


def lock_for_editing(roadmap, *, by):
    """The draft, locked, if ``by`` may change it now (else ``ActionRefused``)."""
    return lock_draft(roadmap, expected_version=None, by=by)


def record_change(locked, *, actor, verb, before=None, after=None):
    """One audit event for a change to the draft's lists, and the draft one version on."""
    record_event(
        actor=actor,
        verb=verb,
        target=locked,
        organisation=locked.footprint.lead_ccg,
        before=before,
        after=after,
    )
    mark_saved(locked, saved_by=actor)


def _risk_values(risk):
    return {name: getattr(risk, name) for name in RISK_FIELDS}


@transaction.atomic
def add_risk(*, roadmap, added_by, description, likelihood, impact, owner, mitigation=""):
    """Add a risk to the draft's register."""
    locked = lock_for_editing(roadmap, by=added_by)
    risk = Risk.objects.create(
        roadmap=locked,
        description=description,
        likelihood=likelihood,
        impact=impact,
        owner=owner,
        mitigation=mitigation,
    )
    record_change(locked, actor=added_by, verb="roadmap.risk_added", after=_risk_values(risk))
    return risk


@transaction.atomic
def change_risk(*, risk, changed_by, description, likelihood, impact, owner, mitigation=""):
    """Change a risk of the draft's register."""
    locked = lock_for_editing(risk.roadmap, by=changed_by)
    current = Risk.objects.filter(pk=risk.pk, roadmap=locked).first()
    if current is None:
        raise ActionRefused(_("That risk has been removed."))
    before = _risk_values(current)
    current.description, current.likelihood, current.impact = description, likelihood, impact
    current.owner, current.mitigation = owner, mitigation
    current.save(update_fields=list(RISK_FIELDS))
    record_change(
        locked,
        actor=changed_by,
        verb="roadmap.risk_changed",
        before=before,
        after=_risk_values(current),
    )
    return current


@transaction.atomic
def remove_risk(*, risk, removed_by):
    """Take a risk off the draft's register."""
    locked = lock_for_editing(risk.roadmap, by=removed_by)
    deleted, _rows = Risk.objects.filter(pk=risk.pk, roadmap=locked).delete()
    if not deleted:
        raise ActionRefused(_("That risk has already been removed."))
    record_change(locked, actor=removed_by, verb="roadmap.risk_removed", before=_risk_values(risk))
    return locked


def check_due_date(due_on):
    """``ActionRefused`` unless the date is within the years the roadmap covers."""
    if not ROADMAP_STARTS <= due_on <= ROADMAP_ENDS:
        raise ActionRefused(
            _("The due date must be between %(starts)s and %(ends)s, the years the roadmap covers.")
            % {
                "starts": date_format(ROADMAP_STARTS, "j F Y"),
                "ends": date_format(ROADMAP_ENDS, "j F Y"),
            }
        )


def _check_milestone(locked, *, due_on, owner_organisation):
    check_due_date(due_on)
    if not milestone_owners(locked).filter(pk=owner_organisation.pk).exists():
        raise ActionRefused(
            _("%(organisation)s is not in this footprint, so it cannot own a milestone.")
            % {"organisation": owner_organisation.name}
        )


def _milestone_values(milestone):
    return {
        "title": milestone.title,
        "due_on": milestone.due_on.isoformat(),
        "owner_organisation": milestone.owner_organisation.name,
    }


@transaction.atomic
def add_milestone(*, roadmap, added_by, title, due_on, owner_organisation):
    """Add a milestone due within the roadmap's years, owned by an organisation of the
    footprint."""
    locked = lock_for_editing(roadmap, by=added_by)
    _check_milestone(locked, due_on=due_on, owner_organisation=owner_organisation)
    milestone = Milestone.objects.create(
        roadmap=locked, title=title, due_on=due_on, owner_organisation=owner_organisation
    )
    record_change(
        locked, actor=added_by, verb="roadmap.milestone_added", after=_milestone_values(milestone)
    )
    return milestone


@transaction.atomic
def change_milestone(*, milestone, changed_by, title, due_on, owner_organisation):
    """Change a milestone; the same checks as adding one."""
    locked = lock_for_editing(milestone.roadmap, by=changed_by)
    current = (
        Milestone.objects.filter(pk=milestone.pk, roadmap=locked)
        .select_related("owner_organisation")
        .first()
    )
    if current is None:
        raise ActionRefused(_("That milestone has been removed."))
    _check_milestone(locked, due_on=due_on, owner_organisation=owner_organisation)
    before = _milestone_values(current)
    current.title, current.due_on, current.owner_organisation = title, due_on, owner_organisation
    current.save(update_fields=["title", "due_on", "owner_organisation"])
    record_change(
        locked,
        actor=changed_by,
        verb="roadmap.milestone_changed",
        before=before,
        after=_milestone_values(current),
    )
    return current


@transaction.atomic
def remove_milestone(*, milestone, removed_by):
    """Take a milestone off the draft."""
    locked = lock_for_editing(milestone.roadmap, by=removed_by)
    deleted, _rows = Milestone.objects.filter(pk=milestone.pk, roadmap=locked).delete()
    if not deleted:
        raise ActionRefused(_("That milestone has already been removed."))
    record_change(
        locked,
        actor=removed_by,
        verb="roadmap.milestone_removed",
        before=_milestone_values(milestone),
    )
    return locked


def _sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def add_attachment(*, roadmap, upload, uploaded_by):
    """Keep an uploaded PDF, DOCX or XLSX (known by its content, at most 20 MB) with the
    draft, under a random name; the name it came with is kept only to show. Refused with
    the reason for any other file."""
    locked = lock_for_editing(roadmap, by=uploaded_by)
    try:
        kind = attachment_kind(upload)
    except AttachmentRefused as refusal:
        raise ActionRefused(str(refusal)) from None
    attachment = Attachment(
        roadmap=locked,
        original_name=display_name(upload.name),
        kind=kind,
        size=upload.size,
        sha256=_sha256(upload),
        uploaded_by=uploaded_by,
    )
    # The stored name's suffix is the type the content is, not the one the name claims.
    attachment.file.save(f"upload.{kind}", upload, save=False)
    stored = attachment.file.name
    try:
        attachment.save()
        record_change(
            locked,
            actor=uploaded_by,
            verb="roadmap.attachment_added",
            after={"name": attachment.original_name, "kind": kind, "sha256": attachment.sha256},
        )
    except BaseException:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def remove_attachment(*, attachment, removed_by):
    """Take an attachment off the draft. Its stored file is deleted once that is committed,
    unless a submitted version of the roadmap may name it."""
    locked = lock_for_editing(attachment.roadmap, by=removed_by)
    deleted, _rows = Attachment.objects.filter(pk=attachment.pk, roadmap=locked).delete()
    if not deleted:
        raise ActionRefused(_("That attachment has already been removed."))
    record_change(
        locked,
        actor=removed_by,
        verb="roadmap.attachment_removed",
        before={"name": attachment.original_name, "sha256": attachment.sha256},
    )
    if not locked.versions.exists():
        storage, name = attachment.file.storage, attachment.file.name
        transaction.on_commit(lambda: storage.delete(name))
    return locked
