"""Finding organisations, and the members of one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import selectors
from accounts.forms.organisations import OrganisationSearchForm
from accounts.refusals import redirect_on_refusal_to
from accounts.rules import can_manage_members, is_member_of, is_nhse_admin, roles_grantable_by
from accounts.services.memberships import revoke_membership as revoke_membership_service

RESULTS_PER_PAGE = 25


@login_required
@require_safe
def organisation_search(request):
    form = OrganisationSearchForm(request.GET or None, regions=selectors.regions())
    criteria = form.cleaned_data if form.is_valid() else {}
    organisations = selectors.search_organisations(
        query=criteria.get("q", ""),
        kind=criteria.get("kind", ""),
        region_code=criteria.get("region", ""),
    )
    page = Paginator(organisations, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "accounts/organisation_search.html",
        {"form": form, "page": page, "query_string": query_string.urlencode()},
    )


def _organisation_or_404(ods_code):
    organisation = selectors.organisation_by_code(ods_code)
    if organisation is None:
        raise Http404(_("No organisation has that ODS code."))
    return organisation


@login_required
@require_safe
def organisation_detail(request, ods_code):
    organisation = _organisation_or_404(ods_code)
    allowed = can_manage_members(request.user, organisation)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "can_manage_members": allowed,
            # Who belongs is shown only to those who may manage it (design section 5).
            "memberships": selectors.members_of(organisation) if allowed else None,
        },
    )


def organisation_for_member_management(user, ods_code):
    """The organisation whose members ``user`` may manage.

    Outsiders get 404 (they may not learn who belongs); members without the approver role
    get 403 with a reason.
    """
    organisation = _organisation_or_404(ods_code)
    if not (is_member_of(user, organisation) or is_nhse_admin(user)):
        raise Http404(_("No organisation has that ODS code."))
    if not can_manage_members(user, organisation):
        raise PermissionDenied(
            _("Only approvers of %(organisation)s can see and change who belongs to it.")
            % {"organisation": organisation.name}
        )
    return organisation


@login_required
@require_safe
def organisation_members(request, ods_code):
    organisation = organisation_for_member_management(request.user, ods_code)
    return render(
        request,
        "accounts/organisation_members.html",
        {
            "organisation": organisation,
            "memberships": selectors.members_of(organisation),
            "invitations": selectors.pending_invitations_for(organisation, now=timezone.now()),
            "can_invite": bool(roles_grantable_by(request.user, organisation)),
        },
    )


@login_required
@require_POST
def revoke_membership(request, pk):
    membership = get_object_or_404(selectors.memberships_for_user(request.user), pk=pk)
    organisation = organisation_for_member_management(
        request.user, membership.organisation.ods_code
    )
    back = reverse("organisation_members", args=[organisation.ods_code])
    redirect_on_refusal_to(request, back)
    revoke_membership_service(membership=membership, revoked_by=request.user)
    messages.success(
        request,
        _("%(person)s no longer has the %(role)s role in %(organisation)s.")
        % {
            "person": membership.user,
            "role": membership.get_role_display().lower(),
            "organisation": organisation.name,
        },
    )
    return redirect(back)
