from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import EmailState


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
