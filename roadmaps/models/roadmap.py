"""A footprint's Local Digital Roadmap: its editable draft, sign-offs and submitted versions.

The draft is the rows below keyed by roadmap; ``roadmaps/roadmap_sections.py`` says which
sections exist. Each submission freezes the whole draft into a ``RoadmapVersion`` whose rows
the database refuses to update or delete (see migration 0003).
"""

import uuid
from pathlib import PurePosixPath

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from roadmaps.enums import (
    AttachmentKind,
    CapabilityGroup,
    RiskLevel,
    RoadmapState,
    SignOffDecision,
    UniversalCapability,
)
from roadmaps.models.footprints import Footprint


class Roadmap(models.Model):
    """One per footprint (a footprint belongs to one cycle)."""

    footprint = models.OneToOneField(
        Footprint, verbose_name=_("footprint"), on_delete=models.PROTECT, related_name="roadmap"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=RoadmapState.choices, default=RoadmapState.DRAFT
    )
    # Optimistic concurrency: every save of the draft names the version it started from.
    version = models.PositiveIntegerField(default=0)
    # Which round of sign-off is current; each request for sign-off starts a new one.
    sign_off_round = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The NHS England reviewer the roadmap is assigned to.
    assignee = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The accepted version the public sees, while the roadmap is published.
    published_version = models.ForeignKey(
        "RoadmapVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    # The accepted version of an earlier cycle's roadmap this draft started as a copy of.
    carried_from_version = models.ForeignKey(
        "RoadmapVersion",
        verbose_name=_("carried forward from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=RoadmapState.values), name="roadmap_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.footprint.name} roadmap ({self.footprint.cycle})"


class RoadmapText(models.Model):
    """One narrative field of a section of the draft."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="texts")
    section = models.CharField(max_length=40)
    field = models.CharField(max_length=40)
    text = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "section", "field"], name="roadmap_text_once"
            ),
        ]

    def __str__(self):
        return f"{self.roadmap} – {self.section}.{self.field}"


class CapabilityDeployment(models.Model):
    """A cell of the capability deployment schedule: a planned level or milestone for one
    capability group in one financial year (``year`` 2016 is 2016/17)."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="deployments")
    group = models.CharField(max_length=20, choices=CapabilityGroup.choices)
    year = models.PositiveSmallIntegerField()
    plan = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "group", "year"], name="capability_deployment_once"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2016, year__lte=2020), name="capability_deployment_year"
            ),
        ]

    def __str__(self):
        return f"{self.roadmap} – {self.group} {self.year}"


class UniversalCapabilityPlan(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="universal_plans")
    letter = models.CharField(max_length=1, choices=UniversalCapability.choices)
    current_position = models.TextField(_("current position"), blank=True)
    trajectory = models.TextField(_("trajectory milestones to 31 March 2018"), blank=True)
    # When the capability is planned to be in place; after 31 March 2018 is a warning only.
    in_place_by = models.DateField(_("in place by"), null=True, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    dependencies = models.TextField(_("dependencies"), blank=True)
    risks = models.TextField(_("risks"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "letter"], name="universal_plan_once"),
        ]

    def __str__(self):
        return f"{self.roadmap} – {self.letter}"


class Risk(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="risks")
    description = models.TextField(_("description"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), choices=RiskLevel.choices)
    impact = models.PositiveSmallIntegerField(_("impact"), choices=RiskLevel.choices)
    owner = models.CharField(_("owner"), max_length=200)
    mitigation = models.TextField(_("mitigation"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="risk_levels_valid",
            ),
        ]

    def __str__(self):
        return self.description[:60]


class Milestone(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due"))
    owner_organisation = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return f"{self.title} ({self.due_on})"


def attachment_path(attachment, original_name):
    """A random stored name: the uploader's file name is never part of a path."""
    return f"attachments/{uuid.uuid4().hex}{PurePosixPath(original_name).suffix.lower()[:6]}"


class Attachment(models.Model):
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(max_length=10, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class RoadmapEditor(models.Model):
    """Someone the lead CCG asked to edit the draft (a commissioning support unit, say)."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="editors")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roadmaps_edited")
    added_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "user"], name="roadmap_editor_once"),
        ]

    def __str__(self):
        return f"{self.user} edits {self.roadmap}"


class RoadmapSignatory(models.Model):
    """A footprint member other than a CCG that the lead asks to sign the roadmap off.
    Every member CCG signs off in any case."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="signatories")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "organisation"], name="roadmap_signatory_once"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} signs {self.roadmap}"


class SignOff(models.Model):
    """One organisation's sign-off in one round of sign-off."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="sign_offs")
    round = models.PositiveIntegerField()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(
        max_length=10, choices=SignOffDecision.choices, default=SignOffDecision.PENDING
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "round", "organisation"], name="sign_off_once_per_round"
            ),
            models.CheckConstraint(
                condition=Q(decision__in=SignOffDecision.values), name="sign_off_decision_valid"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.roadmap} round {self.round}: {self.decision}"


class RoadmapVersion(models.Model):
    """A submitted roadmap, frozen: the whole draft as JSON and its SHA-256.

    Never changed once written: the database refuses UPDATE and DELETE of these rows.
    """

    roadmap = models.ForeignKey(Roadmap, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    sha256 = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["roadmap", "number"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "number"], name="roadmap_version_once"),
        ]

    def __str__(self):
        return f"{self.roadmap} v{self.number}"
