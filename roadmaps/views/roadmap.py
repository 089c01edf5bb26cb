"""A footprint's roadmap: its task list of sections. Section pages, sign-off and versions
have modules of their own; they all find the roadmap through ``roadmap_or_404``."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from roadmaps import rules
from roadmaps.enums import StageKind
from roadmaps.selectors.deadlines import footprint_deadline
from roadmaps.selectors.roadmaps import roadmap_for_user, roadmaps_for_user, section_progress


def roadmap_or_404(user, pk):
    """The roadmap if the person may see it; 404 otherwise, as if it did not exist."""
    roadmap = roadmap_for_user(user, pk)
    if roadmap is None:
        raise Http404(_("No roadmap has that number."))
    return roadmap


def refuse_unless(allowed, reason):
    """403 with a reason, for an action on a roadmap the person can see."""
    if not allowed:
        raise PermissionDenied(reason)


@login_required
@require_safe
def roadmap_list(request):
    return render(
        request, "roadmaps/roadmap_list.html", {"roadmaps": roadmaps_for_user(request.user)}
    )


@login_required
@require_safe
def roadmap_tasks(request, pk):
    # Imported here: the sign-off views import ``roadmap_or_404`` from this module.
    from roadmaps.views.signoff import task_list_actions

    roadmap = roadmap_or_404(request.user, pk)
    progress = section_progress(roadmap)
    return render(
        request,
        "roadmaps/roadmap_tasks.html",
        {
            "roadmap": roadmap,
            "footprint": roadmap.footprint,
            "progress": progress,
            "completed": sum(1 for item in progress if item.complete),
            "can_edit": rules.can_edit_roadmap(request.user, roadmap),
            "can_lead": rules.can_lead_roadmap(request.user, roadmap),
            "can_sign_off": rules.can_sign_off_roadmap(request.user, roadmap),
            "deadline": footprint_deadline(roadmap.footprint, stage_kind=StageKind.ROADMAP),
            **task_list_actions(request.user, roadmap),
        },
    )
