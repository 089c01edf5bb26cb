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


class CareSetting(models.TextChoices):
    """The care settings the 2017 assessment was tailored to; a question may apply to some."""

    ACUTE = "acute", _("Acute")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    COMMUNITY = "community", _("Community")
    AMBULANCE = "ambulance", _("Ambulance")


# The setting of an organisation whose trust type names none of the above ("other", or no
# trust type): acute, the widest of the four (SCORING.md, "Care settings").
DEFAULT_CARE_SETTING = CareSetting.ACUTE


class ScoreLevel(models.TextChoices):
    THEME = "theme", _("Theme")
    SECTION = "section", _("Section")
    OVERALL = "overall", _("Overall")
