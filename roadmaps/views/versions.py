"""A roadmap's submitted versions: the history, a comparison of two, and one version to read,
print or download as a PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from roadmaps.forms.signoff import CompareVersionsForm
from roadmaps.models import RoadmapVersion
from roadmaps.selectors.compare import compare_snapshots
from roadmaps.selectors.version_display import footprint_facts, version_sections
from roadmaps.views.access import roadmap_or_404
from roadmaps.views.version_pdf import version_pdf


def _version_or_404(roadmap, number):
    version = (
        RoadmapVersion.objects.filter(roadmap=roadmap, number=number)
        .select_related("submitted_by")
        .first()
    )
    if version is None:
        raise Http404(_("This roadmap has no version %(number)s.") % {"number": number})
    return version


def _compare_form(roadmap, data=None):
    numbers = list(
        RoadmapVersion.objects.filter(roadmap=roadmap)
        .order_by("number")
        .values_list("number", flat=True)
    )
    action = reverse("compare_roadmap_versions", args=[roadmap.pk])
    return CompareVersionsForm(data, numbers=numbers, action=action)


@login_required
@require_safe
def versions(request, pk):
    roadmap = roadmap_or_404(request.user, pk)
    history = (
        RoadmapVersion.objects.filter(roadmap=roadmap)
        .defer("snapshot")
        .select_related("submitted_by")
        .order_by("-number")
    )
    return render(
        request,
        "roadmaps/roadmap_versions.html",
        {
            "roadmap": roadmap,
            "footprint": roadmap.footprint,
            "versions": history,
            "form": _compare_form(roadmap),
        },
    )


@login_required
@require_safe
def compare(request, pk):
    roadmap = roadmap_or_404(request.user, pk)
    chosen = "old" in request.GET or "new" in request.GET
    form = _compare_form(roadmap, request.GET if chosen else None)
    context = {"roadmap": roadmap, "footprint": roadmap.footprint, "form": form}
    if not chosen:
        # Nothing chosen yet: the page asks which two versions to compare.
        return render(request, "roadmaps/compare_roadmap_versions.html", context)
    if not form.is_valid():
        # Missing, malformed or unknown version numbers: say so by the fields, not a 500.
        return render(request, "roadmaps/compare_roadmap_versions.html", context, status=400)
    old = _version_or_404(roadmap, form.cleaned_data["old"])
    new = _version_or_404(roadmap, form.cleaned_data["new"])
    comparisons = compare_snapshots(old.snapshot, new.snapshot)
    context |= {
        "old": old,
        "new": new,
        "comparisons": comparisons,
        "changed_count": sum(1 for c in comparisons if not c.unchanged),
    }
    return render(request, "roadmaps/compare_roadmap_versions.html", context)


@login_required
@require_safe
def version(request, pk, number):
    roadmap = roadmap_or_404(request.user, pk)
    found = _version_or_404(roadmap, number)
    facts, members = footprint_facts(found.snapshot)
    return render(
        request,
        "roadmaps/roadmap_version.html",
        {
            "roadmap": roadmap,
            "footprint": roadmap.footprint,
            "version": found,
            "facts": facts,
            "members": members,
            "sections": version_sections(found.snapshot),
        },
    )


@login_required
@require_safe
def version_pdf_download(request, pk, number):
    roadmap = roadmap_or_404(request.user, pk)
    found = _version_or_404(roadmap, number)
    response = HttpResponse(version_pdf(found), content_type="application/pdf")
    name = slugify(roadmap.footprint.name) or "roadmap"
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-roadmap-version-{found.number}.pdf"'
    )
    return response
