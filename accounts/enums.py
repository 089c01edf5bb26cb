from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailState(models.TextChoices):
    PENDING = "pending", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # The worker claimed the row but never reported back: it may or may not have gone out.
    # A person decides whether to resend; the service never does so on its own.
    UNKNOWN = "unknown", _("Unknown")
