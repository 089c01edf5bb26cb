"""Pages for anyone, signed in or not: published roadmaps and published maturity results.

They show only what was published: a roadmap's published version (never its draft, another
version or its review), and each published assessment's section scores (never answers,
comments or people).
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from config.spreadsheets import spreadsheet_response
from maturity.selectors.published import published_result_cycles, published_section_scores
from maturity.services.scoring import for_display
from roadmaps.forms.filters import CycleFilterForm
from roadmaps.selectors.publication import (
    published_cycles,
    published_roadmap,
    published_roadmaps_by_region,
)
from roadmaps.selectors.version_display import footprint_facts, version_sections


@require_safe
def published_roadmaps(request):
    form = CycleFilterForm(request.GET or None, choice=published_cycles())
    cycle = form.cycle
    return render(
        request,
        "roadmaps/published_roadmaps.html",
        {
            "form": form,
            "cycle": cycle,
            "regions": published_roadmaps_by_region(cycle) if cycle else [],
        },
    )


@require_safe
def published_roadmap_version(request, pk):
    roadmap = published_roadmap(pk)
    if roadmap is None:
        raise Http404(_("No published roadmap has that number."))
    version = roadmap.published_version
    facts, members = footprint_facts(version.snapshot)
    return render(
        request,
        "roadmaps/roadmap_version.html",
        {
            "public": True,
            "roadmap": roadmap,
            "footprint": roadmap.footprint,
            "version": version,
            "facts": facts,
            "members": members,
            "sections": version_sections(version.snapshot),
        },
    )


def _scores_table(cycle):
    sections, rows = published_section_scores(cycle)
    table = [
        {
            "organisation": assessment.organisation,
            "scores": [for_display(value) for value in values],
        }
        for assessment, values in rows
    ]
    return sections, table


def _results_picker(request):
    """The public results' cycle picker: cycles with published results, the newest first."""
    return CycleFilterForm(request.GET or None, choice=published_result_cycles())


@require_safe
def published_maturity_results(request):
    form = _results_picker(request)
    cycle = form.cycle
    sections, rows = _scores_table(cycle) if cycle else ([], [])
    return render(
        request,
        "roadmaps/published_maturity_results.html",
        {"form": form, "cycle": cycle, "sections": sections, "rows": rows},
    )


def _number(shown):
    return float(shown) if shown else None


@require_safe
def published_maturity_scores_csv(request):
    cycle = _results_picker(request).cycle
    if cycle is None:
        raise Http404(_("No maturity results have been published yet."))
    sections, rows = _scores_table(cycle)
    header = [
        _("ODS code"),
        _("Organisation"),
        _("NHS England region"),
        _("Cycle"),
        *(section.title for section in sections),
    ]
    lines = [
        [
            row["organisation"].ods_code,
            row["organisation"].name,
            row["organisation"].region.name if row["organisation"].region else "",
            cycle.name,
            *(_number(shown) for shown in row["scores"]),
        ]
        for row in rows
    ]
    stem = f"published maturity scores {cycle.name}"
    return spreadsheet_response("csv", stem, header, lines, sheet_title=_("Scores"))
