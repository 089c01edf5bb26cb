"""A footprint's delivery history with its predecessors', as reported or re-based: the
footprint's people, the people of the footprints it was formed from (their own), and NHS
England; others 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from delivery.selectors.lineage_history import AS_REPORTED, REBASED, VIEWS, lineage_history
from roadmaps.rules import can_view_footprint
from roadmaps.selectors.footprints import footprint_for_user
from roadmaps.selectors.lineage import lineage


@login_required
@require_safe
def footprint_delivery_history(request, pk):
    footprint = footprint_for_user(request.user, pk)
    if footprint is None or not can_view_footprint(request.user, footprint):
        raise Http404(_("No footprint has that number."))
    view, lines = lineage_history(footprint, view=request.GET.get("view", ""))
    return render(
        request,
        "delivery/tracker/footprint_delivery_history.html",
        {
            "footprint": footprint,
            "lineage": lineage(footprint),
            "view": view,
            "views": VIEWS,
            "as_reported": AS_REPORTED,
            "rebased": REBASED,
            "lines": lines,
        },
    )
