from django.db import models
from django.utils.translation import gettext_lazy as _


class Scale(models.TextChoices):
    """The answer scales of the 2015-16 assessment; their options and scores are in scales.py."""

    AGREEMENT = "agreement", _("Agreement")
    PERCENTAGE = "percentage", _("Percentage bands")
    RECORD_STRUCTURE = "record_structure", _("Record structure")
    NHS_NUMBER = "nhs_number", _("NHS Number uptake")


class AssessmentState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    SIGNED_OFF = "signed_off", _("Signed off")
    PUBLISHED = "published", _("Published")


class ScoreLevel(models.TextChoices):
    THEME = "theme", _("Theme")
    SECTION = "section", _("Section")
    OVERALL = "overall", _("Overall")
