"""A footprint's roadmap: its task list of sections. Section pages, sign-off and versions
have modules of their own; they all find the roadmap through ``access.roadmap_or_404``."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from roadmaps import rules
from roadmaps.enums import StageKind
from roadmaps.selectors.deadlines import footprint_deadline
from roadmaps.selectors.roadmaps import roadmaps_for_user, section_progress, task_list_actions
from roadmaps.views.access import roadmap_or_404


@login_required
@require_safe
def roadmap_list(request):
    return render(
        request, "roadmaps/roadmap_list.html", {"roadmaps": roadmaps_for_user(request.user)}
    )


@login_required
@require_safe
def roadmap_tasks(request, pk):
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
