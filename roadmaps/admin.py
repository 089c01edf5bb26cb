from django import forms
from django.contrib import admin, messages
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import ReadOnlyAdmin
from accounts.enums import OrganisationKind
from accounts.errors import ActionRefused
from accounts.forms.fields import TextField
from maturity.services.assessments import open_assessments_for_cycle
from maturity.services.figures import request_recompute
from roadmaps.models import Cycle, DeadlineExtension, Footprint, FootprintMember, Stage
from roadmaps.selectors.deadlines import LONDON
from roadmaps.services.cycles import (
    ASSESSABLE_KINDS,
    change_assessed_kinds,
    change_stage_dates,
    check_assessed_kinds,
    check_stage_dates,
)
from roadmaps.services.extensions import check_extension, grant_extension


class StageInline(admin.TabularInline):
    """A cycle's stages, to read; each is changed on its own page, through the service."""

    model = Stage
    fields = ["kind", "label", "opens_at", "due_at"]
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
        error_messages={
            "required": _("Choose at least one kind of organisation to answer."),
            "invalid_choice": _("Choose kinds of organisation from the list."),
        },
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


def date_time_messages(what):
    """A date and time field's messages, naming it: "Enter the date the stage opens"."""
    return {
        "required": _("Enter %(what)s") % {"what": what},
        "invalid": _("Enter %(what)s as a real date and time") % {"what": what},
        "invalid_date": _("Enter %(what)s as a real date, for example 2016-06-30") % {"what": what},
        "invalid_time": _("Enter %(what)s as a real time, for example 23:59:59") % {"what": what},
        "overflow": _("Enter %(what)s as a real date and time") % {"what": what},
    }


class StageDatesForm(forms.ModelForm):
    class Meta:
        model = Stage
        fields = ["opens_at", "due_at"]
        help_texts = {
            "opens_at": _("London time. A stage usually opens at 00:00:00 on its first day."),
            "due_at": _("London time. A deadline means 23:59:59 on its day."),
        }
        error_messages = {
            "opens_at": date_time_messages(_("the date and time the stage opens")),
            "due_at": date_time_messages(_("the date and time the stage is due")),
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


class DeadlineExtensionForm(forms.ModelForm):
    """Stage, footprint or organisation, the new due date (a day) and the reason. On an
    existing extension only the date and the reason change."""

    due_on = forms.DateField(
        label=_("New due date"),
        help_text=_("A day, e.g. 15/07/2016. The deadline is 23:59:59 London time on that day."),
        error_messages={
            "required": _("Enter the new due date"),
            "invalid": _("Enter the new due date as a real date, for example 15/07/2016"),
        },
    )
    reason = TextField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 40}),
        error_messages={"required": _("Say why the deadline is extended")},
    )

    class Meta:
        model = DeadlineExtension
        fields = ["stage", "footprint", "organisation", "reason"]
        error_messages = {
            "stage": {
                "required": _("Choose the stage to extend"),
                "invalid_choice": _("Choose a stage from the list"),
            },
            "footprint": {"invalid_choice": _("Enter the id of a footprint")},
            "organisation": {"invalid_choice": _("Enter the id of an organisation")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["due_on"].initial = timezone.localtime(self.instance.due_at, LONDON).date()

    def _target(self, name):
        if name in self.fields:
            return self.cleaned_data.get(name)
        return getattr(self.instance, name)

    def clean(self):
        cleaned_data = super().clean()
        stage, due_on = self._target("stage"), cleaned_data.get("due_on")
        if stage and due_on and cleaned_data.get("reason"):
            # The service's own checks, so the person sees its refusal on the form.
            try:
                check_extension(
                    stage=stage,
                    due_on=due_on,
                    reason=cleaned_data["reason"],
                    footprint=self._target("footprint"),
                    organisation=self._target("organisation"),
                )
            except ActionRefused as refused:
                raise forms.ValidationError(str(refused)) from refused
        return cleaned_data

    def validate_unique(self):
        # A second grant for the same stage and target replaces the first (``grant_extension``).
        pass


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(admin.ModelAdmin):
    """Extensions are granted here, through ``grant_extension``, so each is audited and the
    people affected are emailed. None is deleted: a later grant replaces the date."""

    form = DeadlineExtensionForm
    list_display = ["stage", "footprint", "organisation", "due_at", "granted_by", "granted_at"]
    list_filter = ["stage__cycle", "stage__kind"]
    list_select_related = ["stage__cycle", "footprint__cycle", "organisation", "granted_by"]
    search_fields = ["footprint__name", "organisation__name", "organisation__ods_code"]
    # Raw ids, as elsewhere in this admin: the autocomplete widget has no accessible name.
    raw_id_fields = ["footprint", "organisation"]
    fields = ["stage", "footprint", "organisation", "due_on", "reason", "granted_by", "granted_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["granted_by", "granted_at"]
        return ["stage", "footprint", "organisation", "granted_by", "granted_at"]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        extension = grant_extension(
            stage=obj.stage,
            due_on=form.cleaned_data["due_on"],
            reason=form.cleaned_data["reason"],
            granted_by=request.user,
            footprint=obj.footprint,
            organisation=obj.organisation,
        )
        # The admin logs and links to ``obj``: make it the row the service wrote.
        obj.pk = extension.pk
        obj.due_at, obj.granted_by, obj.granted_at = (
            extension.due_at,
            extension.granted_by,
            extension.granted_at,
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
