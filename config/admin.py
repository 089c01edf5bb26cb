from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.rules import is_nhse_admin


class ServiceAdminSite(admin.AdminSite):
    """The Django admin, for NHS England admins (and operators' superuser accounts)."""

    site_header = _("Digital roadmap service: administration")
    site_title = _("Digital roadmap service admin")
    index_title = _("Manage the service")

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
