"""Delivery tracking in the Django admin, for operators: returns, submissions and assurances
to read (every change goes through the services and their pages), and reporting periods
whose dates change through ``change_stage_dates`` like any stage."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyAdmin
from delivery.models import (
    PeriodPublication,
    ProgressReturn,
    ReportingPeriod,
    ReturnAssurance,
    ReturnBenefit,
    ReturnMilestone,
    ReturnRisk,
    ReturnSubmission,
)
from roadmaps.admin import StageAdmin


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MilestoneInline(ReadOnlyInline):
    model = ReturnMilestone
    fields = ["title", "group", "baseline_due", "status", "forecast_on", "done_on"]
    readonly_fields = fields


class BenefitInline(ReadOnlyInline):
    model = ReturnBenefit
    fields = ["description", "actual", "no_data", "forecast_total", "target_on",
              "rating_override"]  # fmt: skip
    readonly_fields = fields


class RiskInline(ReadOnlyInline):
    model = ReturnRisk
    fields = ["description", "likelihood", "impact", "owner", "closed"]
    readonly_fields = fields


@admin.register(ProgressReturn)
class ProgressReturnAdmin(ReadOnlyAdmin):
    """Returns are written, signed off and submitted on the service's own pages; here they
    are read, by footprint, period and state. None is ever deleted."""

    list_display = ["__str__", "period", "state", "delivery_confidence", "submitted_at"]
    list_filter = ["period__cycle", "period", "state", "delivery_confidence"]
    list_select_related = ["roadmap__footprint", "period__cycle"]
    search_fields = ["roadmap__footprint__name", "roadmap__footprint__lead_ccg__ods_code"]
    fields = [
        "roadmap", "period", "baseline", "previous", "state", "version", "progress",
        "next_quarter", "issues", "delivery_confidence", "rationale", "override_reason",
        "created_at", "updated_at", "updated_by", "submitted_at",
    ]  # fmt: skip
    readonly_fields = fields
    inlines = [MilestoneInline, RiskInline, BenefitInline]


@admin.register(ReturnSubmission)
class ReturnSubmissionAdmin(ReadOnlyAdmin):
    """Frozen by the database: read only, here as everywhere."""

    list_display = ["__str__", "number", "delivery_confidence", "suggested_confidence",
                    "submitted_by", "submitted_at"]  # fmt: skip
    list_filter = ["progress_return__period", "delivery_confidence"]
    list_select_related = ["progress_return__roadmap__footprint", "progress_return__period",
                           "submitted_by"]  # fmt: skip
    search_fields = ["progress_return__roadmap__footprint__name", "sha256"]
    fields = ["progress_return", "number", "sha256", "delivery_confidence",
              "suggested_confidence", "submitted_by", "submitted_at", "snapshot"]  # fmt: skip
    readonly_fields = fields


@admin.register(ReturnAssurance)
class ReturnAssuranceAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "assured_confidence", "decision", "reviewer", "released_at"]
    list_filter = ["progress_return__period", "assured_confidence", "decision"]
    list_select_related = ["submission__progress_return__roadmap__footprint",
                           "submission__progress_return__period", "reviewer"]  # fmt: skip
    search_fields = ["progress_return__roadmap__footprint__name"]
    fields = ["submission", "progress_return", "reviewer", "assured_confidence", "comment",
              "internal_note", "decision", "released_at", "released_by", "created_at",
              "updated_at"]  # fmt: skip
    readonly_fields = fields


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(StageAdmin):
    """The progress stages. Only their dates change here, through ``change_stage_dates`` (as
    on the Stage admin), so each change is audited and the people whose returns fall due at
    another time are emailed. Periods are added on the service's reporting periods page."""

    list_display = ["label", "cycle", "period_end", "opens_at", "due_at", "published"]
    list_filter = ["cycle"]
    list_select_related = ["cycle", "publication"]
    fields = ["cycle", "label", "period_end", "opens_at", "due_at"]
    readonly_fields = ["cycle", "label", "period_end"]

    @admin.display(description=_("assured ratings published"), boolean=True)
    def published(self, period):
        return hasattr(period, "publication")


@admin.register(PeriodPublication)
class PeriodPublicationAdmin(ReadOnlyAdmin):
    list_display = ["period", "published_by", "published_at"]
    list_select_related = ["period__cycle", "published_by"]
    fields = ["period", "published_by", "published_at"]
    readonly_fields = fields
