"""A section of a roadmap draft: a page each, saved without JavaScript ("Save and continue")
or by autosave, with a conflict page that loses neither person's work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.errors import ActionRefused
from accounts.rules import refuse_unless
from roadmaps import rules
from roadmaps.forms.drafts import FORMS
from roadmaps.roadmap_sections import next_section_url, section_or_none
from roadmaps.selectors.baseline import baseline
from roadmaps.selectors.drafts import draft_values, key_information
from roadmaps.services.drafts import save_section
from roadmaps.services.roadmaps import DraftConflict
from roadmaps.views import benefits, lists
from roadmaps.views.access import roadmap_or_404, why_not_editable

LIST_KINDS = ("risks", "milestones", "benefits", "attachments")
TEMPLATES = {
    "key_information": "roadmaps/sections/key_information.html",
    "baseline": "roadmaps/sections/baseline.html",
}


def _list_page(request, roadmap, section):
    pages = {
        "risks": lists.risks_page,
        "milestones": lists.milestones_page,
        "benefits": benefits.benefits_page,
        "attachments": lists.attachments_page,
    }
    return pages[section.kind](request, roadmap)


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_section(request, pk, key):
    roadmap = roadmap_or_404(request.user, pk)
    section = section_or_none(key)
    if section is None:
        raise Http404(_("The roadmap has no section with that name."))
    if section.kind in LIST_KINDS:
        return _list_page(request, roadmap, section)
    can_edit = rules.can_edit_roadmap(request.user, roadmap)
    form_class = FORMS[section.kind]
    values = draft_values(roadmap, key)
    if request.method == "GET":
        form = form_class(section=section, roadmap=roadmap, values=values)
        return _section_page(request, roadmap, section, form, can_edit=can_edit)

    refuse_unless(can_edit, why_not_editable(roadmap))
    autosave = request.headers.get("X-Autosave") == "1"
    form = form_class(request.POST, section=section, roadmap=roadmap, values=values)
    if not form.is_valid():
        if autosave:
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return _section_page(request, roadmap, section, form, status=400)
    try:
        version = save_section(
            roadmap=roadmap,
            key=key,
            data=form.data_for_service(),
            expected_version=form.cleaned_data["version"],
            saved_by=request.user,
        )
    except DraftConflict as conflict:
        if autosave:
            return JsonResponse(
                {"error": str(conflict), "version": conflict.current_version}, status=409
            )
        return _conflict_page(request, roadmap, section, conflict)
    except ActionRefused as refusal:
        if autosave:
            return JsonResponse({"error": str(refusal)}, status=409)
        form.add_error(None, str(refusal))
        return _section_page(request, roadmap, section, form, status=409)
    if autosave:
        saved_at = timezone.localtime().strftime("%H:%M")
        return JsonResponse({"version": version, "saved_at": saved_at})
    messages.success(request, _("%(section)s saved.") % {"section": section.title})
    return redirect(next_section_url(roadmap, section))


def _section_page(request, roadmap, section, form, *, can_edit=True, status=200, conflict=False):
    context = {
        "roadmap": roadmap,
        "footprint": roadmap.footprint,
        "section": section,
        "form": form,
        "can_edit": can_edit,
        "conflict": conflict,
        "read_only_reason": "" if can_edit else why_not_editable(roadmap),
        "next_url": next_section_url(roadmap, section),
    }
    if section.key == "key_information":
        context["facts"] = key_information(roadmap.footprint)
    elif section.key == "baseline":
        context["baseline"] = baseline(roadmap.footprint)
    template = TEMPLATES.get(section.key, f"roadmaps/sections/{section.kind}.html")
    return render(request, template, context, status=status)


def _conflict_page(request, roadmap, section, conflict):
    """The person's input kept in the form, now naming the newer version, with what the
    other person saved beside each field."""
    saved = draft_values(roadmap, section.key)
    data = request.POST.copy()
    data["version"] = str(conflict.current_version)
    form = FORMS[section.kind](data, section=section, roadmap=roadmap, values=saved, theirs=saved)
    form.is_valid()
    return _section_page(request, roadmap, section, form, status=409, conflict=True)
