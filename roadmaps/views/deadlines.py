"""NHS England admins grant deadline extensions: the list, and a form whose check page names
everyone who will be emailed before ``grant_extension`` saves anything."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from accounts.errors import ActionRefused
from accounts.rules import is_nhse_admin, refuse_unless
from roadmaps.forms.deadlines import ExtensionForm
from roadmaps.selectors.deadlines import LONDON, days_left, days_left_words
from roadmaps.selectors.extensions import (
    extension_preview,
    extensions_newest_first,
    footprint_suggestions,
)
from roadmaps.services.cycles import end_of_day
from roadmaps.services.extensions import grant_extension


def _refuse_unless_nhse_admin(user):
    refuse_unless(is_nhse_admin(user), _("Only NHS England admins can extend a deadline."))


@login_required
@require_safe
def extension_list(request):
    _refuse_unless_nhse_admin(request.user)
    return render(
        request,
        "roadmaps/deadlines/extensions.html",
        {"extensions": extensions_newest_first()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant(request):
    """GET: the form. POST: the check page (or the form again, with what was typed), then,
    from the check page's button, the grant."""
    _refuse_unless_nhse_admin(request.user)
    if request.method == "GET":
        return _form_page(request, ExtensionForm())
    form = ExtensionForm(request.POST)
    if "change" in request.POST or not form.is_valid():
        return _form_page(request, form)
    data = form.cleaned_data
    target = {"footprint": data["footprint"], "organisation": data["organisation"]}
    preview = extension_preview(stage=data["stage"], **target)
    if "confirm" not in request.POST:
        return _check_page(request, form, preview)
    try:
        grant_extension(
            stage=data["stage"],
            due_on=data["due_on"],
            reason=data["reason"],
            granted_by=request.user,
            **target,
        )
    except ActionRefused as refusal:
        form.add_error(None, str(refusal))
        return _form_page(request, form)
    messages.success(request, _granted_message(form, preview))
    return redirect("deadline_extensions")


def _form_page(request, form):
    return render(
        request,
        "roadmaps/deadlines/grant_extension.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def _check_page(request, form, preview):
    data = form.cleaned_data
    due_at = end_of_day(data["due_on"])
    return render(
        request,
        "roadmaps/deadlines/check_extension.html",
        {
            "form": form,
            "stage": data["stage"],
            "target_name": form.target_name(),
            "preview": preview,
            "due_at": due_at,
            "due_now_words": days_left_words(days_left(preview.due_now)),
            "due_at_words": days_left_words(days_left(due_at)),
            "unchanged": preview.unchanged_by(due_at=due_at, reason=data["reason"]),
        },
    )


def _granted_message(form, preview):
    data = form.cleaned_data
    local = timezone.localtime(end_of_day(data["due_on"]), LONDON)
    granted = _(
        "%(name)s has until %(time)s on %(date)s (London time) for the %(cycle)s %(stage)s stage."
    ) % {
        "name": (data["footprint"] or data["organisation"]).name,
        "time": formats.time_format(local, "H:i"),
        "date": formats.date_format(local, "j F Y"),
        "cycle": data["stage"].cycle.name,
        "stage": data["stage"].name_in_sentence,
    }
    if preview.unchanged_by(due_at=end_of_day(data["due_on"]), reason=data["reason"]):
        unchanged = _("It was already granted with this date and reason: nobody is emailed.")
        return f"{granted} {unchanged}"
    count = len(preview.people)
    emailed = ngettext(
        "%(count)s person is being emailed.", "%(count)s people are being emailed.", count
    ) % {"count": count}
    return f"{granted} {emailed}"


@login_required
@require_safe
def footprint_lookup(request):
    """Type-ahead suggestions for the footprint field: "Name (lead CCG's code)"."""
    _refuse_unless_nhse_admin(request.user)
    text = request.GET.get("q", "").strip()[:100]
    if len(text) < 2:
        return JsonResponse({"results": []})
    results = [
        {
            "label": f"{footprint.name} ({footprint.lead_ccg.ods_code})",
            "kind": _("%(cycle)s, led by %(lead)s")
            % {"cycle": footprint.cycle.name, "lead": footprint.lead_ccg.name},
        }
        for footprint in footprint_suggestions(text)
    ]
    return JsonResponse({"results": results})
