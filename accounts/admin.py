from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from accounts.errors import ActionRefused
from accounts.forms.admin import AdminUserChangeForm, AdminUserCreationForm
from accounts.models import (
    AuditEvent,
    FailedSignIn,
    Invitation,
    Membership,
    Organisation,
    OutboundEmail,
    User,
)
from accounts.services.memberships import (
    grant_membership,
    refuse_removing_the_last_nhse_admin,
    revoke_membership,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only services write: viewable, never edited here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RefusalsAsMessages:
    """Deleting through the admin, where a service may refuse (``ActionRefused``): the
    refusal is shown as a message and nothing changes, never a 500. Bulk delete is Django's
    own action, all or nothing: one refusal keeps every selected row."""

    actions = ["delete_selected"]

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ActionRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    @admin.action(permissions=["delete"], description=_("Delete selected %(verbose_name_plural)s"))
    def delete_selected(self, request, queryset):
        try:
            with transaction.atomic():
                return django_delete_selected(self, request, queryset)
        except ActionRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return None


@admin.register(User)
class UserAdmin(RefusalsAsMessages, BaseUserAdmin):
    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "last_login", "date_joined"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal details"), {"fields": ["full_name"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "usable_password", "password1", "password2"]},
        ),
    ]
    # Roles come from memberships (audited); these flags bypass them, so only an operator's
    # superuser account may set them.
    OPERATOR_ONLY_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += self.OPERATOR_ONLY_FIELDS
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            return form

        class KeepsAnAdmin(form):
            def clean_is_active(self):
                # Deactivated, NHS England's last admin could no longer sign in to be one.
                active = self.cleaned_data.get("is_active")
                if self.instance.is_active and not active:
                    try:
                        refuse_removing_the_last_nhse_admin(user=self.instance)
                    except ActionRefused as refusal:
                        raise ValidationError(str(refusal)) from None
                return active

        return KeepsAnAdmin

    def delete_model(self, request, obj):
        refuse_removing_the_last_nhse_admin(user=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            refuse_removing_the_last_nhse_admin(user=user)
        super().delete_queryset(request, queryset)

    def user_change_password(self, request, id, form_url=""):
        # People set their own passwords (reset link); an admin who set one could sign in as them.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "ods_code", "kind", "trust_type", "region", "open_date", "close_date"]
    list_filter = ["kind", "trust_type", "region"]
    search_fields = ["name", "ods_code"]
    list_select_related = ["region"]
    raw_id_fields = ["parent", "region", "stp"]


@admin.register(Membership)
class MembershipAdmin(RefusalsAsMessages, admin.ModelAdmin):
    """Added and removed through the membership services, so every change is audited."""

    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", "organisation__kind"]
    search_fields = [
        "user__email",
        "user__full_name",
        "organisation__name",
        "organisation__ods_code",
    ]
    list_select_related = ["user", "organisation"]
    raw_id_fields = ["user", "organisation"]
    fields = ["user", "organisation", "role"]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        membership, _created = grant_membership(
            user=obj.user, organisation=obj.organisation, role=obj.role, granted_by=request.user
        )
        obj.pk = membership.pk

    # revoke_membership refuses to remove a role someone must hold (an organisation's last
    # approver, NHS England's last admin): RefusalsAsMessages shows why.
    def delete_model(self, request, obj):
        revoke_membership(membership=obj, revoked_by=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            revoke_membership(membership=membership, revoked_by=request.user)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = [
        "email",
        "organisation",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role"]
    search_fields = ["email", "organisation__name", "organisation__ods_code"]
    list_select_related = ["organisation", "invited_by"]
    exclude = ["token_hash"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "verb", "target_repr", "organisation"]
    list_filter = ["verb", "target_type"]
    search_fields = ["target_repr", "actor__email", "verb"]
    list_select_related = ["actor", "organisation"]
    date_hierarchy = "at"


@admin.register(FailedSignIn)
class FailedSignInAdmin(ReadOnlyAdmin):
    list_display = ["email", "at"]
    search_fields = ["email"]
    date_hierarchy = "at"


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = ["subject", "to", "state", "attempts", "created_at", "sent_at"]
    list_filter = ["state", "template"]
    search_fields = ["to", "subject", "idempotency_key"]
    date_hierarchy = "created_at"


# Permissions come from accounts/rules.py; Django's groups would be a second, unaudited layer.
admin.site.unregister(Group)
