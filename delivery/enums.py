from django.db import models
from django.utils.translation import gettext_lazy as _


class ReturnState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_SIGN_OFF = "awaiting_sign_off", _("Awaiting sign-off")
    SUBMITTED = "submitted", _("Submitted")
    MORE_INFORMATION_REQUESTED = "more_information", _("More information requested")
    ACCEPTED = "accepted", _("Accepted")


class MilestoneStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    DONE = "done", _("Done")


class CapabilityStatus(models.TextChoices):
    """Where a universal capability stands against its plan."""

    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    LATE = "late", _("Late")
    IN_PLACE = "in_place", _("In place")


class DeploymentStatus(models.TextChoices):
    """A capability group's deployment this financial year against the schedule."""

    ON_PLAN = "on_plan", _("On plan")
    BEHIND = "behind", _("Behind plan")
    AHEAD = "ahead", _("Ahead of plan")


class AssuranceDecision(models.TextChoices):
    ACCEPT = "accept", _("Accept the return")
    MORE_INFORMATION = "more_information", _("Ask for more information")


class BenefitRating(models.TextChoices):
    """Where a benefit stands against its profile: worked out by ``delivery/benefits.py``,
    which the footprint may override with a reason."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")


class FindingState(models.TextChoices):
    """A cross-check's finding: open until someone explains it (``delivery/CHECKS.md``)."""

    OPEN = "open", _("Open")
    EXPLAINED = "explained", _("Explained")
