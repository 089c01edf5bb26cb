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
from maturity.services.scoring import SUBMITTED_STATES, for_display
from maturity.views.answering import assessment_or_404
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
    """The cycle the national pages show (``?cycle=`` or the newest with assessments) and the
    cycles there are to choose from. Refuses everyone but NHS England staff."""
    if not is_nhse_staff(request.user):
        raise PermissionDenied(_("Only NHS England staff can see the national results."))
    cycles = selectors.cycles_with_assessments()
    wanted = request.GET.get("cycle", "")
    chosen = next((cycle for cycle in cycles if str(cycle.pk) == wanted), None)
    return chosen or (cycles[0] if cycles else None), cycles


def _figure_cells(figure):
    if figure is None or not figure.count:
        return {"count": 0}
    return {
        "count": figure.count,
        "minimum": figure.minimum,
        "lower": figure.lower_quartile,
        "median": figure.median,
        "upper": figure.upper_quartile,
        "maximum": figure.maximum,
        "mean": figure.mean,
    }


def _shown(cells):
    return {name: for_display(value) if name != "count" else value for name, value in cells.items()}


def comparison(lines, values, national):
    """Table rows and chart entries: each line's own score against the national figures."""
    rows, entries = [], []
    for line in lines:
        cells = _figure_cells(national.get(line.key))
        value = values.get(line.key)
        rows.append({"line": line, "value": for_display(value), "national": _shown(cells)})
        entries.append(
            {"label": line.title, "value": value, "indent": not line.is_section, **cells}
        )
    return rows, entries


@login_required
@require_safe
def assessment_results(request, pk):
    assessment = assessment_or_404(request.user, pk)
    lines = selectors.result_lines(assessment.question_set_id)
    scored = assessment.state in SUBMITTED_STATES
    values = selectors.scores_of([assessment.pk]).get(assessment.pk, {}) if scored else {}
    national = selectors.national_figures(assessment.cycle_id)
    rows, entries = comparison(lines, values, national)
    return render(
        request,
        "maturity/assessment_results.html",
        {
            "assessment": assessment,
            "scored": scored,
            "overall": for_display(values.get(selectors.OVERALL)),
            "rows": rows,
            "chart": charts.score_chart(entries, shows_value=scored, shows_range=False),
            "geometry": charts.geometry(),
            "computed_at": selectors.figures_computed_at(national),
        },
    )


def footprint_side_by_side(footprint):
    """Progress of every assessment in the footprint, and the submitted ones' scores side by
    side with the footprint's and the country's figures."""
    assessments = selectors.footprint_assessments(footprint)
    counted = [assessment for assessment in assessments if assessment.counts]
    scores = selectors.scores_of([assessment.pk for assessment in counted])
    question_set_id = counted[0].question_set_id if counted else None
    if question_set_id is None and assessments:
        question_set_id = assessments[0].question_set_id
    lines = selectors.result_lines(question_set_id) if question_set_id else []
    figures = selectors.footprint_figures(footprint)
    national = selectors.national_figures(footprint.cycle_id)
    rows = [
        {
            "line": line,
            "values": [for_display(scores[a.pk].get(line.key)) for a in counted],
            "footprint": _shown(_figure_cells(figures.get(line.key))),
            "national": _shown(_figure_cells(national.get(line.key))),
        }
        for line in lines
    ]
    return {
        "assessments": assessments,
        "counted": counted,
        "rows": rows,
        "computed_at": selectors.figures_computed_at(figures),
    }


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
    cycle, cycles = national_cycle(request)
    context = {"cycle": cycle, "cycles": cycles, "can_recompute": is_nhse_admin(request.user)}
    if cycle is not None:
        question_set_id = selectors.main_question_set_id(cycle.pk)
        lines = selectors.result_lines(question_set_id)
        national = selectors.national_figures(cycle.pk)
        rows, entries = comparison(lines, {}, national)
        counts = selectors.state_counts(cycle.pk)
        context |= {
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
