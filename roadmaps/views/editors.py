"""People the lead CCG asks to edit its roadmap: the list, asking someone, and stopping them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.errors import ActionRefused
from accounts.refusals import redirect_on_refusal
from accounts.rules import refuse_unless
from roadmaps import rules
from roadmaps.forms.lists import EditorForm
from roadmaps.selectors.lists import editors_of
from roadmaps.services import editors as services
from roadmaps.views.access import roadmap_or_404


def _refuse_unless_lead(user, roadmap):
    refuse_unless(
        rules.can_lead_roadmap(user, roadmap),
        _("Only editors and approvers of %(lead)s, the lead CCG, can choose who edits.")
        % {"lead": roadmap.footprint.lead_ccg.name},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def roadmap_editors(request, pk):
    roadmap = roadmap_or_404(request.user, pk)
    _refuse_unless_lead(request.user, roadmap)
    form = EditorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            editor = services.add_roadmap_editor(
                roadmap=roadmap, email=form.cleaned_data["email"], added_by=request.user
            )
        except ActionRefused as refusal:
            form.add_error("email", str(refusal))
        else:
            messages.success(
                request,
                _("%(person)s can now edit the roadmap. We have emailed them.")
                % {"person": editor.user.full_name or editor.user.email},
            )
            return redirect("roadmap_editors", pk=roadmap.pk)
    return render(
        request,
        "roadmaps/lists/editors.html",
        {
            "roadmap": roadmap,
            "footprint": roadmap.footprint,
            "editors": editors_of(roadmap),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@redirect_on_refusal("roadmap_editors")
@login_required
@require_POST
def remove_roadmap_editor(request, pk, editor_pk):
    roadmap = roadmap_or_404(request.user, pk)
    editor = editors_of(roadmap).filter(pk=editor_pk).first()
    if editor is None:
        raise Http404(_("Nobody with that number was asked to edit this roadmap."))
    _refuse_unless_lead(request.user, roadmap)
    services.remove_roadmap_editor(editor=editor, removed_by=request.user)
    messages.success(
        request,
        _("%(person)s can no longer edit the roadmap.")
        % {"person": editor.user.full_name or editor.user.email},
    )
    return redirect("roadmap_editors", pk=roadmap.pk)
