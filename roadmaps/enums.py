from django.db import models
from django.utils.translation import gettext_lazy as _


class StageKind(models.TextChoices):
    FOOTPRINT = "footprint", _("Footprint")
    MATURITY = "maturity", _("Digital maturity self-assessment")
    ROADMAP = "roadmap", _("Roadmap")
    PUBLICATION = "publication", _("Publication")
    # A quarter's progress return after acceptance: a cycle has several, each with its label.
    PROGRESS = "progress", _("Progress return")


# Kinds a cycle has once each; a cycle has one progress stage per reporting period.
SINGLE_STAGE_KINDS = (
    StageKind.FOOTPRINT,
    StageKind.MATURITY,
    StageKind.ROADMAP,
    StageKind.PUBLICATION,
)


class FootprintState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ENDORSED = "endorsed", _("Endorsed")
    RETURNED = "returned", _("Returned")
    MERGED = "merged", _("Merged")


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


class RoadmapState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AWAITING_SIGN_OFF = "awaiting_sign_off", _("Awaiting sign-off")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ACCEPTED = "accepted", _("Accepted")
    PUBLISHED = "published", _("Published")


class SignOffDecision(models.TextChoices):
    PENDING = "pending", _("Waiting for sign-off")
    SIGNED = "signed", _("Signed off")
    DECLINED = "declined", _("Declined")


class CapabilityGroup(models.TextChoices):
    """The seven capability groups of the 2015-16 programme (deployment schedule rows)."""

    RECORDS = "records", _("Records, assessments and plans")
    TRANSFERS = "transfers", _("Transfers of care")
    ORDERS = "orders", _("Orders and results management")
    MEDICINES = "medicines", _("Medicines management and optimisation")
    DECISION_SUPPORT = "decision_support", _("Decision support")
    REMOTE_CARE = "remote_care", _("Remote and assistive care")
    ASSETS = "assets", _("Asset and resource optimisation")


class UniversalCapability(models.TextChoices):
    """The ten universal capabilities every roadmap plans for by 31 March 2018."""

    A = (
        "A",
        _(
            "Professionals across care settings can access GP-held information on GP-prescribed "
            "medications, patient allergies and adverse reactions"
        ),
    )
    B = (
        "B",
        _(
            "Clinicians in urgent and emergency care settings can access key GP-held information "
            "for those patients previously identified by GPs as most likely to present in urgent "
            "and emergency care"
        ),
    )
    C = "C", _("Patients can access their GP record")
    D = "D", _("GPs can refer electronically to secondary care")
    E = "E", _("GPs receive timely electronic discharge summaries from secondary care")
    F = (
        "F",
        _(
            "Social care receive timely electronic Assessment, Discharge and Withdrawal Notices "
            "from acute care"
        ),
    )
    G = (
        "G",
        _(
            "Clinicians in unscheduled care settings can access child protection information, "
            "with social care professionals notified accordingly"
        ),
    )
    H = (
        "H",
        _(
            "Professionals across care settings are made aware of end-of-life preference "
            "information"
        ),
    )
    I = "I", _("GPs and community pharmacists can utilise electronic prescriptions")  # noqa: E741
    J = (
        "J",
        _("Patients can book appointments and order repeat prescriptions from their GP practice"),
    )


class RiskLevel(models.IntegerChoices):
    """Likelihood and impact of a risk, on the usual five-point scale."""

    VERY_LOW = 1, _("1 – very low")
    LOW = 2, _("2 – low")
    MEDIUM = 3, _("3 – medium")
    HIGH = 4, _("4 – high")
    VERY_HIGH = 5, _("5 – very high")


class AttachmentKind(models.TextChoices):
    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word document (DOCX)")
    XLSX = "xlsx", _("Excel workbook (XLSX)")


class ReviewDecision(models.TextChoices):
    ACCEPT = "accept", _("Accept the roadmap")
    REQUEST_CHANGES = "request_changes", _("Ask for changes")


class FocusArea(models.TextChoices):
    """What NHS England assures in every roadmap."""

    STP_ALIGNMENT = "stp_alignment", _("Alignment with the STP")
    INFORMATION_SHARING = "information_sharing", _("Information sharing")
    UNIVERSAL_CAPABILITIES = "universal_capabilities", _("Universal capability plans")


class Rating(models.TextChoices):
    """Assurance ratings; ``RATING_DEFINITIONS`` says what each means."""

    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")


RATING_DEFINITIONS = {
    Rating.GREEN: _("Credible and complete: plans, owners and dates are clear; no action needed."),
    Rating.AMBER: _(
        "Mostly credible: gaps or risks that the footprint should address in its next version."
    ),
    Rating.RED: _("Not credible yet: essential parts are missing or unrealistic; must change."),
}


class BenefitCategory(models.TextChoices):
    """What kind of benefit: the first two are money, valued in pounds a year."""

    CASHABLE = "cashable", _("Cashable")
    NON_CASHABLE = "non_cashable", _("Non-cashable")
    QUALITY_AND_SAFETY = "quality_and_safety", _("Quality and safety")
    PATIENT_EXPERIENCE = "patient_experience", _("Patient experience")
    WORKFORCE = "workforce", _("Workforce")


MONEY_CATEGORIES = (BenefitCategory.CASHABLE, BenefitCategory.NON_CASHABLE)


class BenefitDirection(models.TextChoices):
    """Which way the measure moves when the benefit is realised."""

    UP = "up", _("Up is good")
    DOWN = "down", _("Down is good")
