from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import (
    NHS_ENGLAND_KINDS,
    EmailState,
    OrganisationKind,
    Role,
    TrustType,
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("can use the Django admin"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class OutboundEmail(models.Model):
    """One email the service sends, written before it is sent and claimed before sending.

    The unique idempotency key makes queueing the same email twice a no-op; the state column
    makes sure that at most one worker sends a row (pending -> sending is a conditional update).
    """

    idempotency_key = models.CharField(_("idempotency key"), max_length=255, unique=True)
    template = models.CharField(_("template"), max_length=100)
    to = models.EmailField(_("recipient"))
    context = models.JSONField(_("template context"), default=dict, encoder=DjangoJSONEncoder)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    # A private link (invitation, password reset) is in the body: it is dropped once the
    # email has gone, so nobody who can read the outbox can use the link.
    contains_secret = models.BooleanField(_("holds a private link"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=EmailState.choices, default=EmailState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="outbox_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=EmailState.values), name="outbox_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state=EmailState.SENT) | Q(sent_at__isnull=False),
                name="outbox_sent_has_sent_at",
            ),
            models.CheckConstraint(
                condition=~Q(state=EmailState.SENDING) | Q(claimed_at__isnull=False),
                name="outbox_sending_has_claimed_at",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to} ({self.get_state_display()})"


class OrganisationQuerySet(models.QuerySet):
    def open_on(self, day):
        """Organisations open on ``day``: opened on or before it and not closed before it."""
        return self.filter(Q(open_date__isnull=True) | Q(open_date__lte=day)).filter(
            Q(close_date__isnull=True) | Q(close_date__gte=day)
        )


class Organisation(models.Model):
    """An organisation from the ODS registers (or added by NHS England admins)."""

    ods_code = models.CharField(_("ODS code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    trust_type = models.CharField(
        _("trust type"), max_length=20, choices=TrustType.choices, blank=True
    )
    # Local office -> region; CCG and trust -> local office.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # The NHS England commissioning region it belongs to (itself, for a region): stored so
    # that filtering and regional reviewers' scope are one indexed column.
    region = models.ForeignKey(
        "self",
        verbose_name=_("NHS England region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A CCG's sustainability and transformation plan (STP) footprint. A field rather than a
    # parent: the local office stays the CCG's line in NHS England, and an STP is a separate
    # grouping that roadmap footprints are compared against.
    stp = models.ForeignKey(
        "self",
        verbose_name=_("STP"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stp_ccgs",
        limit_choices_to={"kind": OrganisationKind.STP},
    )
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    open_date = models.DateField(_("opened"), null=True, blank=True)
    close_date = models.DateField(_("closed"), null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"], name="organisation_kind_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(trust_type="") | Q(kind=OrganisationKind.NHS_TRUST),
                name="organisation_trust_type_only_for_trusts",
            ),
            models.CheckConstraint(
                condition=Q(stp__isnull=True) | Q(kind=OrganisationKind.CCG),
                name="organisation_stp_only_for_ccgs",
            ),
            models.CheckConstraint(
                condition=Q(close_date__isnull=True)
                | Q(open_date__isnull=True)
                | Q(close_date__gte=F("open_date")),
                name="organisation_closes_after_it_opens",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.ods_code})"

    def clean(self):
        super().clean()
        if self.stp_id and self.kind != OrganisationKind.CCG:
            raise ValidationError({"stp": _("Only a CCG has an STP: leave STP empty.")})

    def is_open_on(self, day):
        return (self.open_date is None or self.open_date <= day) and (
            self.close_date is None or self.close_date >= day
        )

    @property
    def is_nhs_england(self):
        return self.kind in NHS_ENGLAND_KINDS


class Membership(models.Model):
    """A person's role in an organisation. NHS England roles come from NHS England or a region."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organisation.name}"


class Invitation(models.Model):
    """An invitation to join an organisation with a role; the link carries a secret token.

    Only a hash of the token is stored, so a copy of the database cannot be used to accept.
    """

    email = models.EmailField(_("email address"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="invitations",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("revoked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="invitation_role_valid"),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_both_accepted_and_revoked",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(accepted_by__isnull=False),
                name="invitation_accepted_has_person",
            ),
        ]

    def __str__(self):
        return f"{self.email} – {self.get_role_display()} – {self.organisation.name}"

    def is_pending(self, now=None):
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class AuditEvent(models.Model):
    """An append-only record of a change, written in the same transaction as the change."""

    actor = models.ForeignKey(
        User,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verb = models.CharField(_("what"), max_length=60)
    target_type = models.CharField(_("target type"), max_length=60)
    target_id = models.CharField(_("target id"), max_length=40)
    target_repr = models.CharField(_("target"), max_length=300)
    # The organisation the change concerns, so that its approvers can be shown its history.
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    before = models.JSONField(_("before"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("after"), null=True, blank=True, encoder=DjangoJSONEncoder)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.verb} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")


class FailedSignIn(models.Model):
    """One failed sign-in for an email address, whether or not an account has it."""

    email = models.CharField(max_length=254)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["email", "at"], name="failed_sign_in_recent_idx")]

    def __str__(self):
        return f"{self.email} at {self.at:%Y-%m-%d %H:%M:%S}"
