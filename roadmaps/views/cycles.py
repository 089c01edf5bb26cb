"""NHS England admins start a new cycle from the last one, and merge footprints.

Both show a check page before anything changes: the footprints a new cycle carries forward;
what a merge carries over, what stops it and who is emailed.
"""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.errors import ActionRefused
from accounts.rules import is_nhse_admin, refuse_unless
from roadmaps.forms.cycles import CycleForm, MergeForm, MoveForm
from roadmaps.models import Cycle
from roadmaps.selectors.cycles import current_cycle
from roadmaps.services.carry_forward import create_cycle, footprints_to_carry
from roadmaps.services.merges import merge_footprints, preview_merge
from roadmaps.services.moves import move_member, preview_move


def _refuse_unless_nhse_admin(user, what):
    refuse_unless(is_nhse_admin(user), what)


@login_required
@require_http_methods(["GET", "POST"])
def new_cycle(request):
    """GET: the form. POST: the check page (or the form again), then, from the check page's
    button, the new cycle."""
    _refuse_unless_nhse_admin(request.user, _("Only NHS England admins can create a cycle."))
    form = CycleForm(request.POST if request.method == "POST" else None)
    if request.method == "GET" or "change" in request.POST or not form.is_valid():
        return _page(request, "roadmaps/cycles/new_cycle.html", {"form": form})
    source = form.cleaned_data["carry_forward_from"]
    carried = footprints_to_carry(source) if source else []
    if "confirm" not in request.POST:
        return render(
            request,
            "roadmaps/cycles/check_cycle.html",
            {"form": form, "source": source, "carried": carried},
        )
    try:
        cycle, carried = create_cycle(
            name=form.cleaned_data["name"],
            stage_days=form.stage_days(),
            question_set_code=form.cleaned_data["question_set"],
            carry_forward_from=source,
            created_by=request.user,
        )
    except ActionRefused as refusal:
        form.add_error(None, str(refusal))
        return _page(request, "roadmaps/cycles/new_cycle.html", {"form": form})
    messages.success(
        request,
        ngettext(
            "The %(cycle)s cycle has started. %(count)s footprint was carried forward as a "
            "draft; its lead CCG has been emailed.",
            "The %(cycle)s cycle has started. %(count)s footprints were carried forward as "
            "drafts; their lead CCGs have been emailed.",
            len(carried),
        )
        % {"cycle": cycle.name, "count": len(carried)},
    )
    return redirect("footprint_list")


def _page(request, template, context):
    form = context["form"]
    return render(request, template, context, status=400 if form.is_bound and form.errors else 200)


def _merge_cycle(request):
    wanted = request.POST.get("cycle") or request.GET.get("cycle") or ""
    valid = re.fullmatch(r"[0-9]{1,9}", wanted)
    cycle = Cycle.objects.filter(pk=int(wanted)).first() if valid else None
    return cycle or current_cycle()


@login_required
@require_http_methods(["GET", "POST"])
def merge(request):
    """GET: the form. POST: the preview (or the form again), then, from the preview's
    button, the merge."""
    _refuse_unless_nhse_admin(request.user, _("Only NHS England admins can merge footprints."))
    cycle = _merge_cycle(request)
    if cycle is None:
        return render(request, "roadmaps/cycles/merge.html", {"form": None, "cycle": None})
    form = MergeForm(request.POST if request.method == "POST" else None, cycle=cycle)
    context = {"form": form, "cycle": cycle, "cycles": Cycle.objects.order_by("-created_at")}
    if request.method == "GET" or "change" in request.POST or not form.is_valid():
        return _page(request, "roadmaps/cycles/merge.html", context)
    data = form.cleaned_data
    target = {"into": data["into"], "new_name": data["new_name"], "lead_ccg": data["lead_ccg"]}
    preview = preview_merge(footprints=list(data["footprints"]), **target)
    if "confirm" not in request.POST or preview.problems:
        return render(
            request,
            "roadmaps/cycles/check_merge.html",
            {**context, "preview": preview},
            status=409 if "confirm" in request.POST else 200,
        )
    try:
        done = merge_footprints(
            footprints=list(data["footprints"]),
            reason=data["reason"],
            merged_by=request.user,
            **target,
        )
    except ActionRefused as refusal:
        form.add_error(None, str(refusal))
        return _page(request, "roadmaps/cycles/merge.html", context)
    messages.success(
        request,
        ngettext(
            "%(names)s are now one footprint, %(name)s. %(count)s person is being emailed.",
            "%(names)s are now one footprint, %(name)s. %(count)s people are being emailed.",
            len(preview.people),
        )
        % {
            "names": ", ".join(f.name for f in preview.footprints),
            "name": done.into.name,
            "count": len(preview.people),
        },
    )
    return redirect("footprint_detail", done.into.pk)


@login_required
@require_http_methods(["GET", "POST"])
def move(request):
    """GET: the form. POST: the preview (or the form again), then, from the preview's
    button, the move."""
    _refuse_unless_nhse_admin(
        request.user, _("Only NHS England admins can move an organisation between footprints.")
    )
    cycle = _merge_cycle(request)
    if cycle is None:
        return render(request, "roadmaps/cycles/move.html", {"form": None, "cycle": None})
    form = MoveForm(request.POST if request.method == "POST" else None, cycle=cycle)
    context = {"form": form, "cycle": cycle, "cycles": Cycle.objects.order_by("-created_at")}
    if request.method == "GET" or "change" in request.POST or not form.is_valid():
        return _page(request, "roadmaps/cycles/move.html", context)
    data = form.cleaned_data
    preview = preview_move(member=data["member"], to_footprint=data["to_footprint"])
    if "confirm" not in request.POST or preview.problems:
        return render(
            request,
            "roadmaps/cycles/check_move.html",
            {**context, "preview": preview},
            status=409 if "confirm" in request.POST else 200,
        )
    try:
        move_member(
            member=data["member"],
            to_footprint=data["to_footprint"],
            reason=data["reason"],
            moved_by=request.user,
        )
    except ActionRefused as refusal:
        form.add_error(None, str(refusal))
        return _page(request, "roadmaps/cycles/move.html", context)
    messages.success(
        request,
        ngettext(
            "%(organisation)s has moved from %(source)s to %(target)s. %(count)s person is "
            "being emailed.",
            "%(organisation)s has moved from %(source)s to %(target)s. %(count)s people are "
            "being emailed.",
            len(preview.people),
        )
        % {
            "organisation": data["member"].organisation.name,
            "source": preview.source.name,
            "target": preview.target.name,
            "count": len(preview.people),
        },
    )
    return redirect("footprint_detail", preview.target.pk)
