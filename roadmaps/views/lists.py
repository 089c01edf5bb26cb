"""The list sections of a roadmap draft: risks, milestones and attachments.

``risks_page``, ``milestones_page`` and ``attachments_page`` are the section pages: the
section view hands them a roadmap the person may see. Changing and removing one row, and
downloading an attachment, have addresses of their own. The benefits register, a list
section too, has its views in ``roadmaps/views/benefits.py`` and uses the helpers here.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.errors import ActionRefused
from accounts.refusals import redirect_on_refusal_to
from accounts.rules import refuse_unless
from roadmaps import rules
from roadmaps.forms.lists import AttachmentForm, MilestoneForm, RiskForm
from roadmaps.roadmap_sections import SECTIONS_BY_KEY, next_section_url
from roadmaps.selectors.lists import attachments_of, milestone_owners, milestones_of, risks_of
from roadmaps.services import lists as services
from roadmaps.uploads import CONTENT_TYPES, download_name, upload_was_too_large
from roadmaps.views.access import roadmap_or_404, why_not_editable

PAGE_METHODS = ("GET", "HEAD", "POST")


def refuse_unless_editor(user, roadmap):
    refuse_unless(rules.can_edit_roadmap(user, roadmap), why_not_editable(roadmap))


def redirect_on_refusal_to_section(key):
    """A refused change to a row goes back to its section's page with the reason."""

    def mark(view):
        @wraps(view)
        def marked(request, pk, **kwargs):
            redirect_on_refusal_to(request, reverse("roadmap_section", args=[pk, key]))
            return view(request, pk, **kwargs)

        return marked

    return mark


def section_url(roadmap, key):
    return reverse("roadmap_section", args=[roadmap.pk, key])


def section_page(request, roadmap, key, *, form, can_edit, context, status=None):
    if status is None:
        status = 400 if form is not None and form.errors else 200
    return render(
        request,
        f"roadmaps/lists/{key}.html",
        {
            "roadmap": roadmap,
            "footprint": roadmap.footprint,
            "section": SECTIONS_BY_KEY[key],
            "form": form,
            "can_edit": can_edit,
            "read_only_reason": "" if can_edit else why_not_editable(roadmap),
            "next_url": next_section_url(roadmap, SECTIONS_BY_KEY[key]),
            **context,
        },
        status=status,
    )


def add_row(request, roadmap, key, form, add, added_message):
    """Validate ``form`` and call the ``add`` service with its data; a redirect when saved,
    else None with the reasons on the form."""
    if not form.is_valid():
        return None
    try:
        add(form)
    except ActionRefused as refusal:
        form.add_error(None, str(refusal))
        return None
    messages.success(request, added_message)
    return redirect(section_url(roadmap, key))


def risks_page(request, roadmap):
    if request.method not in PAGE_METHODS:
        return HttpResponseNotAllowed(PAGE_METHODS)
    can_edit = rules.can_edit_roadmap(request.user, roadmap)
    form = RiskForm() if can_edit else None
    if request.method == "POST":
        refuse_unless_editor(request.user, roadmap)
        form = RiskForm(request.POST)
        saved = add_row(
            request,
            roadmap,
            "risks",
            form,
            lambda form: services.add_risk(
                roadmap=roadmap, added_by=request.user, **form.cleaned_data
            ),
            _("Risk added."),
        )
        if saved:
            return saved
    return section_page(
        request,
        roadmap,
        "risks",
        form=form,
        can_edit=can_edit,
        context={"risks": risks_of(roadmap)},
    )


def milestones_page(request, roadmap):
    if request.method not in PAGE_METHODS:
        return HttpResponseNotAllowed(PAGE_METHODS)
    can_edit = rules.can_edit_roadmap(request.user, roadmap)
    owners = milestone_owners(roadmap)
    form = MilestoneForm(owners=owners) if can_edit else None
    if request.method == "POST":
        refuse_unless_editor(request.user, roadmap)
        form = MilestoneForm(request.POST, owners=owners)
        saved = add_row(
            request,
            roadmap,
            "milestones",
            form,
            lambda form: services.add_milestone(
                roadmap=roadmap, added_by=request.user, **form.cleaned_data
            ),
            _("Milestone added."),
        )
        if saved:
            return saved
    return section_page(
        request,
        roadmap,
        "milestones",
        form=form,
        can_edit=can_edit,
        context={"milestones": milestones_of(roadmap)},
    )


def attachments_page(request, roadmap):
    if request.method not in PAGE_METHODS:
        return HttpResponseNotAllowed(PAGE_METHODS)
    can_edit = rules.can_edit_roadmap(request.user, roadmap)
    form = AttachmentForm() if can_edit else None
    status = None
    if request.method == "POST":
        refuse_unless_editor(request.user, roadmap)
        files = request.FILES  # read the body first: that is when a large file is dropped
        too_large = upload_was_too_large(request)
        form = AttachmentForm(request.POST, files, too_large=too_large)
        saved = add_row(
            request,
            roadmap,
            "attachments",
            form,
            lambda form: services.add_attachment(
                roadmap=roadmap, upload=form.cleaned_data["file"], uploaded_by=request.user
            ),
            _("File uploaded."),
        )
        if saved:
            return saved
        status = 413 if too_large else None
    return section_page(
        request,
        roadmap,
        "attachments",
        form=form,
        can_edit=can_edit,
        context={"attachments": attachments_of(roadmap)},
        status=status,
    )


def row_or_404(rows, pk, message):
    row = rows.filter(pk=pk).first()
    if row is None:
        raise Http404(message)
    return row


def change_page(request, roadmap, key, *, form, heading):
    return render(
        request,
        "roadmaps/lists/change.html",
        {
            "roadmap": roadmap,
            "footprint": roadmap.footprint,
            "section": SECTIONS_BY_KEY[key],
            "form": form,
            "heading": heading,
        },
        status=400 if form.errors else 200,
    )


def change_row(request, roadmap, key, form, change, changed_message):
    if request.method == "POST" and form.is_valid():
        try:
            change(form)
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, changed_message)
            return redirect(section_url(roadmap, key))
    return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def change_risk(request, pk, risk_pk):
    roadmap = roadmap_or_404(request.user, pk)
    risk = row_or_404(risks_of(roadmap), risk_pk, _("This roadmap has no risk with that number."))
    refuse_unless_editor(request.user, roadmap)
    initial = {name: getattr(risk, name) for name in services.RISK_FIELDS}
    data = request.POST if request.method == "POST" else None
    form = RiskForm(data, initial=initial, submit_text=_("Save risk"))
    saved = change_row(
        request,
        roadmap,
        "risks",
        form,
        lambda form: services.change_risk(risk=risk, changed_by=request.user, **form.cleaned_data),
        _("Risk changed."),
    )
    return saved or change_page(request, roadmap, "risks", form=form, heading=_("Change a risk"))


@redirect_on_refusal_to_section("risks")
@login_required
@require_POST
def remove_risk(request, pk, risk_pk):
    roadmap = roadmap_or_404(request.user, pk)
    risk = row_or_404(risks_of(roadmap), risk_pk, _("This roadmap has no risk with that number."))
    refuse_unless_editor(request.user, roadmap)
    remove_row(
        request,
        lambda: services.remove_risk(risk=risk, removed_by=request.user),
        _("Risk removed."),
    )
    return redirect(section_url(roadmap, "risks"))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def change_milestone(request, pk, milestone_pk):
    roadmap = roadmap_or_404(request.user, pk)
    milestone = row_or_404(
        milestones_of(roadmap), milestone_pk, _("This roadmap has no milestone with that number.")
    )
    refuse_unless_editor(request.user, roadmap)
    initial = {
        "title": milestone.title,
        "due_on": milestone.due_on,
        "owner_organisation": milestone.owner_organisation_id,
    }
    data = request.POST if request.method == "POST" else None
    form = MilestoneForm(
        data, initial=initial, owners=milestone_owners(roadmap), submit_text=_("Save milestone")
    )
    saved = change_row(
        request,
        roadmap,
        "milestones",
        form,
        lambda form: services.change_milestone(
            milestone=milestone, changed_by=request.user, **form.cleaned_data
        ),
        _("Milestone changed."),
    )
    return saved or change_page(
        request, roadmap, "milestones", form=form, heading=_("Change a milestone")
    )


@redirect_on_refusal_to_section("milestones")
@login_required
@require_POST
def remove_milestone(request, pk, milestone_pk):
    roadmap = roadmap_or_404(request.user, pk)
    milestone = row_or_404(
        milestones_of(roadmap), milestone_pk, _("This roadmap has no milestone with that number.")
    )
    refuse_unless_editor(request.user, roadmap)
    remove_row(
        request,
        lambda: services.remove_milestone(milestone=milestone, removed_by=request.user),
        _("Milestone removed."),
    )
    return redirect(section_url(roadmap, "milestones"))


def _attachment_or_404(roadmap, attachment_pk):
    return row_or_404(
        attachments_of(roadmap), attachment_pk, _("This roadmap has no file with that number.")
    )


@login_required
@require_safe
def download_attachment(request, pk, attachment_pk):
    """The file itself, only to people who may see the roadmap, always as a download."""
    roadmap = roadmap_or_404(request.user, pk)
    attachment = _attachment_or_404(roadmap, attachment_pk)
    try:
        stored = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404(_("This file is no longer kept.")) from None
    response = FileResponse(
        stored,
        as_attachment=True,
        filename=download_name(attachment),
        content_type=CONTENT_TYPES[attachment.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@redirect_on_refusal_to_section("attachments")
@login_required
@require_POST
def remove_attachment(request, pk, attachment_pk):
    roadmap = roadmap_or_404(request.user, pk)
    attachment = _attachment_or_404(roadmap, attachment_pk)
    refuse_unless_editor(request.user, roadmap)
    remove_row(
        request,
        lambda: services.remove_attachment(attachment=attachment, removed_by=request.user),
        _("%(name)s removed.") % {"name": attachment.original_name},
    )
    return redirect(section_url(roadmap, "attachments"))


def remove_row(request, remove, removed_message):
    remove()
    messages.success(request, removed_message)
