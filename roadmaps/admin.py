from django import forms
from django.contrib import admin, messages
from django.db.models import Max, Min
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import ReadOnlyAdmin
from accounts.enums import OrganisationKind
from accounts.errors import ActionRefused
from maturity.services.assessments import open_assessments_for_cycle
from maturity.services.figures import request_recompute
from roadmaps.models import Cycle, Footprint, FootprintMember, Stage
from roadmaps.services.cycles import (
    ASSESSABLE_KINDS,
    change_assessed_kinds,
    change_stage_dates,
    check_assessed_kinds,
    check_stage_dates,
)


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


class AssessedKindsForm(forms.ModelForm):
    """Who answers the cycle's self-assessment: the one thing changed on a cycle's page."""

    assessed_kinds = forms.MultipleChoiceField(
        label=_("Who answers the self-assessment"),
        help_text=_(
            "Kinds of organisation in an endorsed footprint that get a self-assessment. "
            "Applies to assessments opened from now on."
        ),
        choices=[(kind.value, kind.label) for kind in ASSESSABLE_KINDS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of organisation to answer.")},
    )

    class Meta:
        model = Cycle
        fields = ["assessed_kinds"]

    def clean_assessed_kinds(self):
        kinds = self.cleaned_data["assessed_kinds"]
        try:
            check_assessed_kinds(kinds)
        except ActionRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        return kinds


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    """Cycles and their stages come from ``manage.py load_cycle``. Only who answers the
    self-assessment changes here, through ``change_assessed_kinds``; the maturity stage is
    opened with the action."""

    form = AssessedKindsForm
    list_display = ["name", "opens", "closes", "assessed", "created_at"]
    fields = ["name", "assessed_kinds", "created_at"]
    readonly_fields = ["name", "created_at"]
    inlines = [StageInline]
    actions = ["open_self_assessments", "recompute_maturity_figures"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

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

    @admin.display(description=_("who answers the self-assessment"))
    def assessed(self, cycle):
        labels = dict(OrganisationKind.choices)
        return ", ".join(str(labels.get(kind, kind)) for kind in cycle.assessed_kinds)

    def save_model(self, request, obj, form, change):
        change_assessed_kinds(
            cycle=obj, kinds=form.cleaned_data["assessed_kinds"], changed_by=request.user
        )

    @admin.action(
        description=_("Open the self-assessments of endorsed footprints"), permissions=["change"]
    )
    def open_self_assessments(self, request, queryset):
        opened = 0
        for cycle in queryset:
            opened += len(open_assessments_for_cycle(cycle=cycle, opened_by=request.user))
        self.message_user(
            request,
            ngettext(
                "%(count)s self-assessment opened.",
                "%(count)s self-assessments opened.",
                opened,
            )
            % {"count": opened},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Recompute the maturity scores and figures now"), permissions=["change"]
    )
    def recompute_maturity_figures(self, request, queryset):
        """The periodic recompute, now and in full, for the chosen cycles (on the worker)."""
        cycles = list(queryset)
        for cycle in cycles:
            request_recompute(cycle=cycle, requested_by=request.user)
        self.message_user(
            request,
            _(
                "The maturity scores and figures of %(cycles)s are being worked out again. "
                "This takes a minute; the results pages show when they were worked out."
            )
            % {"cycles": ", ".join(cycle.name for cycle in cycles)},
            messages.SUCCESS,
        )


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
