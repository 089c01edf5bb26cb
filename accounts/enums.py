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


class OrganisationKind(models.TextChoices):
    CCG = "ccg", _("Clinical commissioning group")
    NHS_TRUST = "nhs_trust", _("NHS trust")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    CSU = "csu", _("Commissioning support unit")
    OTHER_PROVIDER = "other_provider", _("Other provider")
    NHSE_REGION = "nhse_region", _("NHS England region")
    NHSE_LOCAL_OFFICE = "nhse_local_office", _("NHS England local office")
    NHS_ENGLAND = "nhs_england", _("NHS England")
    STP = "stp", _("Sustainability and transformation plan footprint")


NHS_ENGLAND_KINDS = (OrganisationKind.NHS_ENGLAND, OrganisationKind.NHSE_REGION)


class TrustType(models.TextChoices):
    ACUTE = "acute", _("Acute")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    COMMUNITY = "community", _("Community")
    AMBULANCE = "ambulance", _("Ambulance")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    EDITOR = "editor", _("Editor")
    APPROVER = "approver", _("Approver")
    VIEWER = "viewer", _("Viewer")
    # Only for memberships of NHS England and its regions.
    REVIEWER = "reviewer", _("Reviewer")
    ADMIN = "admin", _("Admin")


ORGANISATION_ROLES = (Role.EDITOR, Role.APPROVER, Role.VIEWER)
NHS_ENGLAND_ROLES = (Role.REVIEWER, Role.ADMIN)
