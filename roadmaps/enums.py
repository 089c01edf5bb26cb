from django.db import models
from django.utils.translation import gettext_lazy as _


class StageKind(models.TextChoices):
    FOOTPRINT = "footprint", _("Footprint")
    MATURITY = "maturity", _("Digital maturity self-assessment")
    ROADMAP = "roadmap", _("Roadmap")
    PUBLICATION = "publication", _("Publication")


class FootprintState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ENDORSED = "endorsed", _("Endorsed")
    RETURNED = "returned", _("Returned")
    MERGED = "merged", _("Merged")


EDITABLE_FOOTPRINT_STATES = (FootprintState.DRAFT, FootprintState.RETURNED)


class MemberRole(models.TextChoices):
    LEAD_CCG = "lead_ccg", _("Lead CCG")
    PARTNER_CCG = "partner_ccg", _("Partner CCG")
    PROVIDER = "provider", _("NHS provider")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    ASSOCIATE = "associate", _("Associate")
    OTHER = "other", _("Other partner")


CCG_ROLES = (MemberRole.LEAD_CCG, MemberRole.PARTNER_CCG)


class Confirmation(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
