from django import forms
from django.contrib import admin
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyAdmin
from accounts.errors import ActionRefused
from roadmaps.models import Cycle, Footprint, FootprintMember, Stage
from roadmaps.services.cycles import change_stage_dates, check_stage_dates


class StageInline(admin.TabularInline):
    """A cycle's stages, to read; each is changed on its own page, through the service."""

    model = Stage
    fields = ["kind", "opens_at", "due_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin):
    """Cycles and their stages come from ``manage.py load_cycle``."""

    list_display = ["name", "opens", "closes", "created_at"]
    inlines = [StageInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(opens=Min("stages__opens_at"), closes=Max("stages__due_at"))
        )

    @admin.display(description=_("first stage opens"), ordering="opens")
    def opens(self, cycle):
        return cycle.opens

    @admin.display(description=_("last stage due"), ordering="closes")
    def closes(self, cycle):
        return cycle.closes


class StageDatesForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["opens_at", "due_at"]
        help_texts = {
            "opens_at": _("London time. A stage usually opens at 00:00:00 on its first day."),
            "due_at": _("London time. A deadline means 23:59:59 on its day."),
        }

    def clean(self):
        cleaned_data = super().clean()
        opens_at, due_at = cleaned_data.get("opens_at"), cleaned_data.get("due_at")
        if opens_at and due_at:
            # The service's own check, so the person sees its refusal next to the field.
            try:
                check_stage_dates(opens_at=opens_at, due_at=due_at)
            except ActionRefused as refused:
                self.add_error("due_at", str(refused))
        return cleaned_data


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    """Only the dates change here, through ``change_stage_dates``, so each change is audited.
    Stages come from ``manage.py load_cycle``: none is added or deleted here."""

    form = StageDatesForm
    list_display = ["__str__", "kind", "opens_at", "due_at"]
    list_filter = ["cycle", "kind"]
    list_select_related = ["cycle"]
    fields = ["cycle", "kind", "opens_at", "due_at"]
    readonly_fields = ["cycle", "kind"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        change_stage_dates(
            stage=obj,
            opens_at=form.cleaned_data["opens_at"],
            due_at=form.cleaned_data["due_at"],
            changed_by=request.user,
        )


class FootprintMemberInline(admin.TabularInline):
    model = FootprintMember
    fields = ["organisation", "role", "confirmation", "confirmed_by", "confirmed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "confirmed_by")


@admin.register(Footprint)
class FootprintAdmin(ReadOnlyAdmin):
    list_display = ["name", "cycle", "lead_ccg", "state", "submitted_at", "endorsed_at"]
    list_filter = ["cycle", "state", "lead_ccg__region"]
    search_fields = ["name", "lead_ccg__name", "lead_ccg__ods_code"]
    list_select_related = ["cycle", "lead_ccg"]
    inlines = [FootprintMemberInline]


@admin.register(FootprintMember)
class FootprintMemberAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "footprint", "role", "confirmation", "confirmed_at"]
    list_filter = ["footprint__cycle", "role", "confirmation", "organisation__kind"]
    search_fields = ["organisation__name", "organisation__ods_code", "footprint__name"]
    list_select_related = ["organisation", "footprint__cycle"]
