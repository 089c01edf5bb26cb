"""The coverage register: NHS England sees every open CCG and its footprint, on screen or as CSV."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.rules import is_nhse_staff
from accounts.selectors import regions
from config.spreadsheets import csv_response, filename_for
from roadmaps.forms.coverage import CoverageFilterForm
from roadmaps.selectors import coverage as selectors

ROWS_PER_PAGE = 50


def _filters(request):
    """The filter form and the selectors' arguments; refuses people who are not NHS England."""
    if not is_nhse_staff(request.user):
        raise PermissionDenied(_("Only NHS England staff can see the coverage register."))
    form = CoverageFilterForm(
        request.GET or None,
        choice=selectors.coverage_cycles(),
        regions=regions(),
        local_offices=selectors.local_offices(),
    )
    return form, form.criteria()


@login_required
@require_safe
def coverage_register(request):
    form, criteria = _filters(request)
    page = Paginator(selectors.coverage_rows(**criteria), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "roadmaps/coverage_register.html",
        {
            "form": form,
            "cycle": criteria["cycle"],
            "counts": selectors.coverage_counts(**criteria),
            "page": page,
            "rows": selectors.with_memberships(page.object_list, criteria["cycle"]),
            "query_string": form.query_string(),
        },
    )


@login_required
@require_safe
def coverage_register_csv(request):
    form, criteria = _filters(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("Check the filters: one of them is not a choice."))
    cycle = criteria["cycle"]
    header = [
        _("CCG"),
        _("ODS code"),
        _("NHS England region"),
        _("Local office"),
        _("Footprint"),
        _("Role"),
        _("Footprint state"),
        _("Membership confirmation"),
    ]
    rows = (
        _csv_row(ccg) for ccg in selectors.with_memberships(selectors.coverage_rows(**criteria))
    )
    return csv_response(filename_for(f"coverage {cycle or 'no cycle'}", "csv"), header, rows)


def _csv_row(ccg):
    member = ccg.footprint_member
    return [
        ccg.name,
        ccg.ods_code,
        ccg.region.name if ccg.region else "",
        ccg.parent.name if ccg.parent else "",
        member.footprint.name if member else "",
        member.get_role_display() if member else "",
        member.footprint.get_state_display() if member else _("No footprint yet"),
        member.confirmation_status if member else "",
    ]
