from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import OrganisationKind
from accounts.models import Organisation, User
from roadmaps.enums import (
    CCG_ROLES,
    SINGLE_STAGE_KINDS,
    Confirmation,
    FootprintState,
    MemberRole,
    StageKind,
)


def default_assessed_kinds():
    return [OrganisationKind.NHS_TRUST.value]


class Cycle(models.Model):
    """One round of the programme, e.g. "2015-16"."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    # Which kinds of organisation in an endorsed footprint answer the maturity self-assessment
    # (OrganisationKind values): NHS trusts in 2015-16; a later cycle may add others.
    assessed_kinds = models.JSONField(
        _("who answers the self-assessment"), default=default_assessed_kinds
    )
    # The question set its self-assessments answer (a ``QuestionSet.code``, newest published
    # version); empty for the newest published question set of any code.
    question_set_code = models.CharField(_("question set"), max_length=40, blank=True)
    # The cycle it was created from, when its footprints were carried forward.
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("created from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-name"]

    def __str__(self):
        return self.name


class Stage(models.Model):
    """A step of a cycle with its window. A deadline is 23:59:59 London time on its day."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="stages"
    )
    kind = models.CharField(_("stage"), max_length=20, choices=StageKind.choices)
    opens_at = models.DateTimeField(_("opens"))
    due_at = models.DateTimeField(_("due"))
    # A progress stage is a reporting period: "2016/17 Q1", the quarter it reports on ending
    # on ``period_end``; its return opens at ``opens_at`` and is due at ``due_at``.
    label = models.CharField(_("reporting period"), max_length=20, blank=True)
    period_end = models.DateField(_("quarter ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["cycle", "opens_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "kind"],
                condition=Q(kind__in=SINGLE_STAGE_KINDS),
                name="stage_one_per_kind",
            ),
            models.UniqueConstraint(
                fields=["cycle", "label"],
                condition=Q(kind=StageKind.PROGRESS),
                name="reporting_period_once",
            ),
            models.CheckConstraint(
                condition=Q(kind=StageKind.PROGRESS, period_end__isnull=False) & ~Q(label="")
                | Q(~Q(kind=StageKind.PROGRESS), period_end__isnull=True, label=""),
                name="stage_period_only_for_progress",
            ),
            models.CheckConstraint(
                condition=Q(due_at__gt=F("opens_at")), name="stage_due_after_open"
            ),
        ]

    def __str__(self):
        return f"{self.cycle} – {self.name}"

    @property
    def name(self):
        """What people call the stage: its kind, or a reporting period's label."""
        if self.kind == StageKind.PROGRESS:
            return _("%(label)s progress return") % {"label": self.label}
        return self.get_kind_display()

    @property
    def name_in_sentence(self):
        """The name inside a sentence: "the footprint deadline", "the 2016/17 Q1 progress
        return deadline"."""
        if self.kind == StageKind.PROGRESS:
            return str(self.name)
        return str(self.get_kind_display()).lower()


class DeadlineExtension(models.Model):
    """A later deadline for one stage, for one footprint or one organisation.

    Granted only through ``grant_extension``, which checks that it is later than the stage's
    own deadline; ``effective_deadline`` is what reads it.
    """

    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="extensions"
    )
    footprint = models.ForeignKey(
        "Footprint",
        verbose_name=_("footprint"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # 23:59:59 London time on the new day, like a stage's own deadline.
    due_at = models.DateTimeField(_("new due date"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["stage", "-due_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(footprint__isnull=False, organisation__isnull=True)
                    | Q(footprint__isnull=True, organisation__isnull=False)
                ),
                name="extension_for_footprint_or_organisation",
            ),
            models.UniqueConstraint(
                fields=["stage", "footprint"],
                condition=Q(footprint__isnull=False),
                name="extension_once_per_footprint",
            ),
            models.UniqueConstraint(
                fields=["stage", "organisation"],
                condition=Q(organisation__isnull=False),
                name="extension_once_per_organisation",
            ),
        ]

    def __str__(self):
        return f"{self.stage} – {self.footprint.name if self.footprint_id else self.organisation}"


class Footprint(models.Model):
    """The organisations a Local Digital Roadmap covers, declared by its lead CCG."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="footprints"
    )
    name = models.CharField(_("name"), max_length=200)
    lead_ccg = models.ForeignKey(
        Organisation, verbose_name=_("lead CCG"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=FootprintState.choices, default=FootprintState.DRAFT
    )
    board_name = models.CharField(
        _("board or group that owns the roadmap"), max_length=200, blank=True
    )
    chair_name = models.CharField(_("chair"), max_length=200, blank=True)
    sro_name = models.CharField(_("senior responsible owner"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    return_comments = models.TextField(_("comments from NHS England"), blank=True)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), on_delete=models.PROTECT, null=True, blank=True
    )
    # The footprint of an earlier cycle this one continues, when a new cycle carried it
    # forward.
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("carried forward from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_to",
    )
    # Empty when the service itself made the footprint (demo data, a merge).
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    endorsed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("footprint")
        verbose_name_plural = _("footprints")
        ordering = ["cycle", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=FootprintState.values), name="footprint_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.cycle})"


class FootprintMember(models.Model):
    """An organisation in a footprint. A CCG is in at most one footprint per cycle."""

    footprint = models.ForeignKey(
        Footprint, verbose_name=_("footprint"), on_delete=models.CASCADE, related_name="members"
    )
    # Copied from the footprint so the database itself can hold one CCG to one footprint.
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    confirmation = models.CharField(
        _("confirmation"), max_length=10, choices=Confirmation.choices, default=Confirmation.PENDING
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # When the organisation left the footprint: its footprint merged into another, or the
    # organisation moved. A row that has left is history, kept as it was reported.
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("footprint member")
        verbose_name_plural = _("footprint members")
        ordering = ["footprint", "role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["footprint", "organisation"],
                condition=Q(left_at__isnull=True),
                name="footprint_member_once",
            ),
            models.UniqueConstraint(
                fields=["footprint"],
                condition=Q(role=MemberRole.LEAD_CCG, left_at__isnull=True),
                name="footprint_one_lead_ccg",
            ),
            models.UniqueConstraint(
                fields=["cycle", "organisation"],
                condition=Q(role__in=CCG_ROLES, left_at__isnull=True),
                name="ccg_in_one_footprint_per_cycle",
            ),
            models.CheckConstraint(
                condition=Q(role__in=MemberRole.values), name="footprint_member_role_valid"
            ),
        ]

    def __str__(self):
        return f"{self.organisation.name} – {self.get_role_display()} – {self.footprint.name}"

    @property
    def confirmation_status(self):
        """What to show people: only partner CCGs confirm their place."""
        if self.role == MemberRole.LEAD_CCG:
            return _("Leads the footprint")
        if self.role != MemberRole.PARTNER_CCG:
            return ""
        return self.get_confirmation_display()


class FootprintMerge(models.Model):
    """Two or more footprints of a cycle made one: the event, with its reason.

    The footprints merged away (``merged_into`` set, state merged) keep their members as
    they were, their roadmaps and versions and their progress returns, read-only, as history
    of ``into``; their member rows are marked as having left, and ``into`` gains them.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="+")
    into = models.ForeignKey(
        Footprint, verbose_name=_("merged into"), on_delete=models.PROTECT, related_name="merges"
    )
    # Whether ``into`` was made by the merge (a new lead) rather than an existing footprint.
    into_created = models.BooleanField(default=False)
    reason = models.TextField(_("reason"))
    merged_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged"), default=timezone.now)

    class Meta:
        verbose_name = _("footprint merge")
        verbose_name_plural = _("footprint merges")
        ordering = ["-merged_at", "-pk"]

    def __str__(self):
        return f"{self.into.name} {self.merged_at:%Y-%m-%d}"


class MergedFootprint(models.Model):
    """A footprint a merge made part of another, as it was the moment before."""

    merge = models.ForeignKey(FootprintMerge, on_delete=models.CASCADE, related_name="sources")
    footprint = models.OneToOneField(
        Footprint, on_delete=models.PROTECT, related_name="merged_away"
    )
    # Its name and lead CCG as they were, so the lineage reads as it was reported.
    name = models.CharField(max_length=200)
    state_before = models.CharField(max_length=10, choices=FootprintState.choices)

    class Meta:
        verbose_name = _("merged footprint")
        verbose_name_plural = _("merged footprints")
        ordering = ["merge", "name"]

    def __str__(self):
        return f"{self.name} → {self.merge.into.name}"
