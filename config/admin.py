from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_nhse_admin


class ServiceAdminSite(admin.AdminSite):
    """The Django admin, for NHS England admins (and operators' superuser accounts)."""

    site_header = _("Digital roadmap service: administration")
    site_title = _("Digital roadmap service admin")
    index_title = _("Manage the service")

    def register(self, model_or_iterable, admin_class=None, **options):
        """Every model's admin, ours or a package's, with ``ServiceModelAdmin`` first."""
        admin_class = admin_class or admin.ModelAdmin
        guarded = type(
            admin_class.__name__,
            (ServiceModelAdmin, admin_class),
            {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
        )
        super().register(model_or_iterable, guarded, **options)

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or is_nhse_admin(user))

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            raise PermissionDenied(_("Only NHS England admins can use the admin."))
        # One way to sign in, with its lockout: the service's own page.
        return redirect_to_login(
            request.GET.get("next", reverse("admin:index")), reverse("sign_in")
        )


class GuardedChangeList(ChangeList):
    """A list filtered by a date no date can be (``?at__year=99999999999``, or 9999, whose
    next year Django works out) is refused as Django refuses any filter it cannot apply: the
    list again, marked invalid (``?e=1``), rather than a 500."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class ServiceModelAdmin:
    """What every admin page of the service gets, whoever wrote its ModelAdmin: a list that
    refuses impossible filters, and text fields that are never cut."""

    def get_changelist(self, request, **kwargs):
        return GuardedChangeList

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        limit = getattr(field, "max_length", None)
        if limit and isinstance(field, forms.CharField):
            # A browser cuts what is typed at maxlength; the form says so by the field instead.
            field.widget.attrs.pop("maxlength", None)
            field.error_messages["max_length"] = _(
                "%(field)s must be %(limit)s characters or fewer"
            ) % {"field": capfirst(field.label), "limit": f"{limit:,}"}
        return field
