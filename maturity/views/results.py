"""Maturity results: an organisation against the country, a footprint side by side, and the
national distribution (NHS England). Every page reads stored scores and figures."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.rules import is_nhse_admin, is_nhse_staff
from maturity import charts
from maturity.enums import AssessmentState
from maturity.selectors import results as selectors
from maturity.selectors.comparisons import (
    comparison,
    footprint_side_by_side,
    national_year_on_year,
    year_on_year_rows,
)
from maturity.selectors.year_on_year import national_comparison, provider_comparison
from maturity.services.scoring import METHOD_VERSION, SUBMITTED_STATES, for_display
from maturity.services.year_on_year import COMPARISON_VERSION
from maturity.views.answering import assessment_or_404
from roadmaps.forms.filters import CycleFilterForm
from roadmaps.rules import can_view_footprint_maturity
from roadmaps.selectors.footprints import footprint_for_user


def footprint_or_404(user, pk):
    """A footprint whose maturity results the person may see; 404 or 403 otherwise."""
    footprint = footprint_for_user(user, pk)
    if footprint is None:
        raise Http404(_("No footprint has that number."))
    if not can_view_footprint_maturity(user, footprint):
        raise PermissionDenied(
            _("Only the footprint's CCGs and NHS England can see its providers' results.")
        )
    return footprint


def national_cycle(request):
    """The national pages' cycle picker (``?cycle=``, else the newest cycle with
    assessments); its ``cycle`` is the one they show. Refuses everyone but NHS England
    staff."""
    if not is_nhse_staff(request.user):
        raise PermissionDenied(_("Only NHS England staff can see the national results."))
    return CycleFilterForm(request.GET or None, choice=selectors.assessment_cycles())


@login_required
@require_safe
def assessment_results(request, pk):
    assessment = assessment_or_404(request.user, pk)
    lines = selectors.result_lines(assessment.question_set_id, assessment.care_setting)
    scored = assessment.state in SUBMITTED_STATES
    values = selectors.scores_of([assessment.pk]).get(assessment.pk, {}) if scored else {}
    national = selectors.national_figures(assessment.cycle_id)
    rows, entries = comparison(lines, values, national)
    earlier = provider_comparison(assessment)
    source = selectors.score_sources([assessment.pk]).get(assessment.pk) if scored else None
    return render(
        request,
        "maturity/assessment_results.html",
        {
            "assessment": assessment,
            "source": source,
            "earlier": earlier,
            "year_on_year": year_on_year_rows(lines, earlier.result) if earlier else [],
            "comparison_version": COMPARISON_VERSION,
            "scoring_method": METHOD_VERSION,
            "scored": scored,
            "overall": for_display(values.get(selectors.OVERALL)),
            "rows": rows,
            "chart": charts.score_chart(entries, shows_value=scored, shows_range=False),
            "geometry": charts.geometry(),
            "computed_at": selectors.figures_computed_at(national),
        },
    )


@login_required
@require_safe
def footprint_results(request, pk):
    footprint = footprint_or_404(request.user, pk)
    return render(
        request,
        "maturity/footprint_results.html",
        {"footprint": footprint, **footprint_side_by_side(footprint)},
    )


@login_required
@require_safe
def national_results(request):
    form = national_cycle(request)
    cycle = form.cycle
    context = {
        "cycle": cycle,
        "form": form,
        "can_recompute": is_nhse_admin(request.user),
        "scoring_method": METHOD_VERSION,
    }
    if cycle is not None:
        question_set_id = selectors.main_question_set_id(cycle.pk)
        lines = selectors.result_lines(question_set_id)
        national = selectors.national_figures(cycle.pk)
        rows, entries = comparison(lines, {}, national)
        counts = selectors.state_counts(cycle.pk)
        context |= {
            "year_on_year": national_year_on_year(
                lines, national_comparison(cycle, question_set_id)
            ),
            "rows": rows,
            "chart": charts.score_chart(
                [entry for entry in entries if not entry["indent"]],
                shows_value=False,
                shows_range=True,
            ),
            "geometry": charts.geometry(),
            "computed_at": selectors.figures_computed_at(national),
            "states": [(label, counts.get(state, 0)) for state, label in AssessmentState.choices],
            "total": sum(counts.values()),
            "submitted": sum(counts.get(state, 0) for state in SUBMITTED_STATES),
        }
    return render(request, "maturity/national_results.html", context)
