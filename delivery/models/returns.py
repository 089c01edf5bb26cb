"""Delivery after acceptance: quarterly progress returns and their assurance.

A reporting period is a progress stage of the cycle (``roadmaps.Stage`` with kind
``progress``), so its dates, extensions and the one effective-deadline rule are the stages'.
A ``ProgressReturn`` is the footprint's draft for one period, its lines pre-filled from the
accepted roadmap version and the previous return. Each submission freezes it into a
``ReturnSubmission`` whose rows the database refuses to change (migration 0002). The region's
``ReturnAssurance`` of a submission holds the assured rating, never merged with the
footprint's own.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from delivery.confidence import Confidence
from delivery.enums import (
    AssuranceDecision,
    BenefitRating,
    CapabilityStatus,
    DeploymentStatus,
    MilestoneStatus,
    ReturnState,
)
from roadmaps.enums import (
    MONEY_CATEGORIES,
    BenefitCategory,
    BenefitDirection,
    CapabilityGroup,
    RiskLevel,
    StageKind,
    UniversalCapability,
)
from roadmaps.models import Roadmap, RoadmapVersion, Stage
from roadmaps.models.benefits import value_field


class ReportingPeriodManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=StageKind.PROGRESS)


class ReportingPeriod(Stage):
    """A quarter a progress return reports on: the cycle's progress stage with its label."""

    objects = ReportingPeriodManager()

    class Meta:
        proxy = True
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["cycle", "period_end"]

    def __str__(self):
        return f"{self.cycle} – {self.label}"


class ProgressReturn(models.Model):
    """A footprint's progress return for one reporting period."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.PROTECT, related_name="returns")
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("reporting period"), on_delete=models.PROTECT,
        related_name="returns",
    )  # fmt: skip
    # The accepted version the return reports against, and the return before it.
    baseline = models.ForeignKey(RoadmapVersion, on_delete=models.PROTECT, related_name="+")
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=ReturnState.choices, default=ReturnState.DRAFT
    )
    # Optimistic concurrency, as a roadmap draft: every save names the version it started from.
    version = models.PositiveIntegerField(default=0)
    progress = models.TextField(_("progress this quarter"), blank=True)
    next_quarter = models.TextField(_("planned for next quarter"), blank=True)
    issues = models.TextField(_("issues and dependencies"), blank=True)
    delivery_confidence = models.CharField(
        _("your delivery confidence"), max_length=12, choices=Confidence.choices, blank=True
    )
    rationale = models.TextField(_("why the rating changed"), blank=True)
    override_reason = models.TextField(_("why the rating is better than suggested"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("progress return")
        verbose_name_plural = _("progress returns")
        ordering = ["roadmap", "period__period_end"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "period"], name="return_once_per_period"),
            models.CheckConstraint(
                condition=Q(state__in=ReturnState.values), name="return_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(delivery_confidence__in=["", *Confidence.values]),
                name="return_confidence_valid",
            ),
        ]

    def __str__(self):
        return f"{self.roadmap.footprint.name} – {self.period.label}"


class ReturnMilestone(models.Model):
    """A milestone as this return reports it. ``milestone_id`` is the id the accepted version
    gave it (empty for a milestone added in a return); ``baseline_due`` the date it was
    accepted with and ``previous_forecast`` last quarter's forecast."""

    progress_return = models.ForeignKey(
        ProgressReturn, on_delete=models.CASCADE, related_name="milestones"
    )
    milestone_id = models.PositiveIntegerField(null=True, blank=True)
    title = models.TextField(_("title"))
    owner = models.CharField(_("owner"), max_length=255, blank=True)
    # Which capability group the milestone delivers, so the tracker can count by group;
    # chosen in the return (the roadmap's milestones do not say).
    group = models.CharField(
        _("capability group"), max_length=20, choices=CapabilityGroup.choices, blank=True
    )
    baseline_due = models.DateField(_("due in the accepted roadmap"), null=True, blank=True)
    previous_forecast = models.DateField(_("forecast last quarter"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MilestoneStatus.choices,
        default=MilestoneStatus.NOT_STARTED,
    )  # fmt: skip
    forecast_on = models.DateField(_("forecast date"), null=True, blank=True)
    done_on = models.DateField(_("date done"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    added = models.BooleanField(_("added since the roadmap was accepted"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MilestoneStatus.values), name="return_milestone_status"
            ),
        ]

    def __str__(self):
        return self.title[:60]


class ReturnCapability(models.Model):
    """A universal capability (A-J) as this return reports it."""

    progress_return = models.ForeignKey(
        ProgressReturn, on_delete=models.CASCADE, related_name="capabilities"
    )
    letter = models.CharField(max_length=1, choices=UniversalCapability.choices)
    planned_by = models.DateField(_("planned in place by"), null=True, blank=True)
    previous_forecast = models.DateField(_("forecast last quarter"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=CapabilityStatus.choices,
        default=CapabilityStatus.NOT_STARTED,
    )  # fmt: skip
    forecast_by = models.DateField(_("forecast in place by"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["letter"]
        constraints = [
            models.UniqueConstraint(
                fields=["progress_return", "letter"], name="return_capability_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CapabilityStatus.values), name="return_capability_status"
            ),
        ]

    def __str__(self):
        return f"{self.progress_return} – {self.letter}"


class ReturnDeployment(models.Model):
    """A capability group's deployment in the financial year the period falls in."""

    progress_return = models.ForeignKey(
        ProgressReturn, on_delete=models.CASCADE, related_name="deployments"
    )
    group = models.CharField(max_length=20, choices=CapabilityGroup.choices)
    # The accepted schedule's plan for this group and year, as the footprint wrote it.
    plan = models.TextField(_("planned this year"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DeploymentStatus.choices,
        default=DeploymentStatus.ON_PLAN,
    )  # fmt: skip
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["progress_return", "group"], name="return_deployment_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeploymentStatus.values), name="return_deployment_status"
            ),
        ]

    def __str__(self):
        return f"{self.progress_return} – {self.group}"


class ReturnRisk(models.Model):
    """A risk of the register as this return carries it: from the accepted roadmap (its id
    there in ``risk_id``), from last quarter, or added now."""

    progress_return = models.ForeignKey(
        ProgressReturn, on_delete=models.CASCADE, related_name="risks"
    )
    risk_id = models.PositiveIntegerField(null=True, blank=True)
    description = models.TextField(_("description"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), choices=RiskLevel.choices)
    impact = models.PositiveSmallIntegerField(_("impact"), choices=RiskLevel.choices)
    owner = models.CharField(_("owner"), max_length=255, blank=True)
    mitigation = models.TextField(_("mitigation"), blank=True)
    closed = models.BooleanField(_("closed"), default=False)
    added = models.BooleanField(_("added since the roadmap was accepted"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="return_risk_levels_valid",
            ),
        ]

    def __str__(self):
        return self.description[:60]


class ReturnBenefit(models.Model):
    """A benefit of the accepted register as this return reports its realisation.

    Copied from the baseline when the return opens: ``benefit_id`` (the id the version's
    snapshot gave it), what it is, its measure, its baseline and target, and for money benefits
    the expected value per financial year (``profile``: {"2016/17": "120000.00", ...}, as the
    snapshot keeps it). The footprint reports ``actual`` (None with ``no_data`` ticked when
    there is nothing to report yet, which is not zero), its forecasts and the target date it
    now expects. Last quarter's forecast and target date are kept to work out drift
    (``delivery/benefits.py``).
    """

    progress_return = models.ForeignKey(
        ProgressReturn, on_delete=models.CASCADE, related_name="benefits"
    )
    benefit_id = models.PositiveIntegerField()
    description = models.TextField(_("description"))
    category = models.CharField(_("category"), max_length=20, choices=BenefitCategory.choices)
    capability_letter = models.CharField(max_length=1, blank=True)
    capability_group = models.CharField(max_length=20, blank=True)
    measure = models.CharField(_("measure"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    direction = models.CharField(_("direction"), max_length=4, choices=BenefitDirection.choices)
    baseline_value = value_field(_("baseline value"))
    baseline_on = models.DateField(_("baseline measured on"))
    target_value = value_field(_("target value"))
    baseline_target_on = models.DateField(_("target date in the accepted roadmap"))
    profile = models.JSONField(default=dict, blank=True)
    previous_forecast = value_field(_("forecast last quarter"), null=True, blank=True)
    previous_target_on = models.DateField(_("target date last quarter"), null=True, blank=True)
    # What the footprint reports this quarter.
    actual = value_field(_("actual this period"), null=True, blank=True)
    no_data = models.BooleanField(_("no data yet"), default=False)
    forecast_year = value_field(_("forecast for this financial year"), null=True, blank=True)
    forecast_total = value_field(_("forecast at the target date"), null=True, blank=True)
    target_on = models.DateField(_("target date"), null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    rating_override = models.CharField(
        _("your rating"), max_length=12, choices=BenefitRating.choices, blank=True
    )
    override_reason = models.TextField(_("why your rating differs"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["progress_return", "benefit_id"], name="return_benefit_once"
            ),
            models.CheckConstraint(
                condition=Q(rating_override__in=["", *BenefitRating.values]),
                name="return_benefit_rating_valid",
            ),
            # "No data yet" is not zero: a line has an actual or says it has none, never both.
            models.CheckConstraint(
                condition=~Q(no_data=True, actual__isnull=False),
                name="return_benefit_no_data_has_no_actual",
            ),
        ]

    def __str__(self):
        return self.description[:60]

    @property
    def is_money(self):
        return self.category in MONEY_CATEGORIES


class ReturnSubmission(models.Model):
    """A submitted return, frozen: the whole return as JSON with its SHA-256, the computed
    slippage and suggested rating as they were. The database refuses UPDATE and DELETE."""

    progress_return = models.ForeignKey(
        ProgressReturn, on_delete=models.PROTECT, related_name="submissions"
    )
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    sha256 = models.CharField(max_length=64)
    delivery_confidence = models.CharField(max_length=12, choices=Confidence.choices)
    suggested_confidence = models.CharField(max_length=12, choices=Confidence.choices)
    submitted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["progress_return", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["progress_return", "number"], name="return_submission_once"
            ),
        ]

    def __str__(self):
        return f"{self.progress_return} submission {self.number}"


class ReturnAssurance(models.Model):
    """The region's assurance of one submission: an assured rating with a comment for the
    footprint, an internal note it never sees, and a decision drafted then released."""

    submission = models.OneToOneField(
        ReturnSubmission, on_delete=models.PROTECT, related_name="assurance"
    )
    progress_return = models.ForeignKey(
        ProgressReturn, on_delete=models.PROTECT, related_name="assurances"
    )
    reviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assured_confidence = models.CharField(
        _("assured delivery confidence"), max_length=12, choices=Confidence.choices, blank=True
    )
    comment = models.TextField(_("comment to the footprint"), blank=True)
    internal_note = models.TextField(_("internal note (NHS England only)"), blank=True)
    decision = models.CharField(
        _("decision"), max_length=20, choices=AssuranceDecision.choices, blank=True
    )
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["progress_return", "submission__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assured_confidence__in=["", *Confidence.values]),
                name="assured_confidence_valid",
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["", *AssuranceDecision.values]),
                name="assurance_decision_valid",
            ),
        ]

    def __str__(self):
        return f"Assurance of {self.submission}"


class PeriodPublication(models.Model):
    """A reporting period's assured ratings, published to everyone by an NHS England admin."""

    period = models.OneToOneField(
        ReportingPeriod, on_delete=models.PROTECT, related_name="publication"
    )
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.period} published"
