"""What the cross-checks found (``delivery/checks``): one ``Finding`` per thing a check holds
against the evidence, on the submitted roadmap version or progress return it was found in,
and one ``CheckRun`` per subject saying when its checks last ran.

A finding is kept for the audit trail: when a later run no longer finds it, it gets
``cleared_at`` and stays; when it is found again, ``cleared_at`` is emptied. Its state moves
only through ``delivery.transitions.FINDING`` (open -> explained).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from delivery.enums import FindingState
from delivery.models.returns import ProgressReturn
from roadmaps.models import Footprint, RoadmapVersion

# Exactly one subject: a submitted roadmap version or a progress return.
ONE_SUBJECT = Q(roadmap_version__isnull=False, progress_return__isnull=True) | Q(
    roadmap_version__isnull=True, progress_return__isnull=False
)


class Finding(models.Model):
    """One thing a check found in one subject, with the evidence it was held against."""

    check_id = models.CharField(_("check"), max_length=60)
    # The version of the check's rule that last found it.
    check_version = models.PositiveIntegerField(_("check version"))
    roadmap_version = models.ForeignKey(
        RoadmapVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    progress_return = models.ForeignKey(
        ProgressReturn, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    # The subject's footprint, so findings are counted per footprint without joins.
    footprint = models.ForeignKey(Footprint, on_delete=models.PROTECT, related_name="+")
    # Which thing within the subject: "uc:A", "milestone:12", "risk:7", "member:RR8", ...
    key = models.CharField(_("what it is about"), max_length=120)
    summary = models.TextField(_("summary"))
    # [{"label", "value", and optionally "url_name" and "args"}], in the order to show them.
    evidence = models.JSONField(_("evidence"), default=list)
    state = models.CharField(
        _("state"), max_length=12, choices=FindingState.choices, default=FindingState.OPEN
    )
    note = models.TextField(_("explanation"), blank=True)
    explained_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    explained_at = models.DateTimeField(null=True, blank=True)
    first_found_at = models.DateTimeField(default=timezone.now)
    # When a run last found it.
    computed_at = models.DateTimeField(default=timezone.now)
    # When a run first no longer found it; empty while it is found.
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["check_id", "key"]
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="finding_has_one_subject"),
            models.UniqueConstraint(
                fields=["roadmap_version", "check_id", "key"],
                condition=Q(roadmap_version__isnull=False),
                name="finding_once_per_version",
            ),
            models.UniqueConstraint(
                fields=["progress_return", "check_id", "key"],
                condition=Q(progress_return__isnull=False),
                name="finding_once_per_return",
            ),
            models.CheckConstraint(
                condition=Q(state__in=FindingState.values), name="finding_state_valid"
            ),
            # An explanation is a note, by someone, at a time.
            models.CheckConstraint(
                condition=~Q(state=FindingState.EXPLAINED)
                | (Q(explained_at__isnull=False) & ~Q(note="")),
                name="finding_explained_has_note",
            ),
        ]
        indexes = [models.Index(fields=["footprint", "state"], name="finding_footprint_state")]

    def __str__(self):
        return f"{self.check_id} {self.key}"

    @property
    def subject(self):
        return self.roadmap_version or self.progress_return

    @property
    def is_cleared(self):
        return self.cleared_at is not None


class CheckRun(models.Model):
    """When a subject's checks last ran, and at which version of each check: what the sweep
    compares to find subjects to run again (a subject with no findings has no other trace)."""

    roadmap_version = models.ForeignKey(
        RoadmapVersion, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    progress_return = models.ForeignKey(
        ProgressReturn, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    ran_at = models.DateTimeField(default=timezone.now)
    # {check id: version} of the checks that ran.
    check_versions = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("check run")
        verbose_name_plural = _("check runs")
        constraints = [
            models.CheckConstraint(condition=ONE_SUBJECT, name="check_run_has_one_subject"),
            models.UniqueConstraint(
                fields=["roadmap_version"],
                condition=Q(roadmap_version__isnull=False),
                name="check_run_once_per_version",
            ),
            models.UniqueConstraint(
                fields=["progress_return"],
                condition=Q(progress_return__isnull=False),
                name="check_run_once_per_return",
            ),
        ]

    def __str__(self):
        return f"Checks of {self.roadmap_version or self.progress_return} at {self.ran_at}"
