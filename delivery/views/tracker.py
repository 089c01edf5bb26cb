"""The national delivery tracker (NHS England staff), on screen or as CSV or XLSX, and a
footprint's own delivery history (its people and NHS England)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.selectors import regions
from config.spreadsheets import spreadsheet_response
from delivery import charts
from delivery.forms.tracker import TrackerFilterForm
from delivery.rules import can_use_tracker
from delivery.selectors import tracker as selectors
from delivery.selectors.benefits_rollup import RATED, footprint_benefits
from delivery.selectors.history import footprint_history
from delivery.selectors.periods import tracked_cycles
from delivery.views.finding_counts import counts_panel, findings_cells
from roadmaps.rules import can_view_roadmap
from roadmaps.selectors import coverage
from roadmaps.selectors.roadmaps import roadmap_for_user


def tracker_filters(request, *, compare=True):
    """The filter form and the selector's arguments; refuses people who are not NHS England.
    Without ``compare`` (the benefits view) the form has no period to compare with."""
    if not can_use_tracker(request.user):
        raise PermissionDenied(_("Only NHS England staff can see the national delivery tracker."))
    form = TrackerFilterForm(
        request.GET or None,
        choice=tracked_cycles(),
        periods=selectors.reporting_periods(),
        regions=regions(),
        local_offices=coverage.local_offices(),
        compare=compare,
    )
    return form, form.criteria()


@login_required
@require_safe
def delivery_tracker(request):
    form, criteria = tracker_filters(request)
    tracker = selectors.delivery_tracker(**criteria)
    footprint_ids = [row.footprint.pk for row in tracker.rows]
    findings = findings_cells(footprint_ids)
    return render(
        request,
        "delivery/tracker/tracker.html",
        {
            "form": form,
            "tracker": tracker,
            "rows": [(row, findings[row.footprint.pk]) for row in tracker.rows],
            "findings_panel": counts_panel(request, footprint_ids=footprint_ids),
            "self_chart": charts.ratings_chart(
                tracker.self_distribution, whose=_("Footprints' own ratings")
            ),
            "assured_chart": charts.ratings_chart(
                tracker.assured_distribution, whose=_("Assured ratings")
            ),
            "query_string": form.query_string(),
        },
    )


def export_header(tracker):
    period = tracker.period.label if tracker.period else ""
    comparison = tracker.comparison.label if tracker.comparison else ""
    header = [
        _("Footprint"),
        _("Lead CCG"),
        _("Lead CCG ODS code"),
        _("NHS England region"),
        _("Local office"),
        _("Return %(period)s") % {"period": period},
        _("Own rating %(period)s") % {"period": period},
        _("Assured rating %(period)s") % {"period": period},
    ]
    if tracker.comparison:
        header += [
            _("Own rating %(period)s") % {"period": comparison},
            _("Assured rating %(period)s") % {"period": comparison},
            _("Own rating since %(period)s") % {"period": comparison},
            _("Assured rating since %(period)s") % {"period": comparison},
        ]
    header += [_("%(period)s (own · assured)") % {"period": each.label} for each in tracker.periods]
    return header + [_("Open findings"), _("Explained findings")]


def export_row(row, tracker, findings):
    lead = row.lead_ccg
    cells = [
        row.footprint.name,
        lead.name,
        lead.ods_code,
        lead.region.name if lead.region else "",
        lead.parent.name if lead.parent else "",
        row.return_state_label or _("No return"),
        row.current.self_label,
        row.current.assured_label,
    ]
    if tracker.comparison:
        cells += [
            row.before.self_label,
            row.before.assured_label,
            row.self_move.words if row.self_move else _("No rating"),
            row.assured_move.words if row.assured_move else _("No rating"),
        ]
    return cells + [ratings.text for ratings in row.strip] + findings.values


def _export(request, file_format):
    form, criteria = tracker_filters(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("Check the filters: one of them is not a choice."))
    tracker = selectors.delivery_tracker(**criteria)
    period = tracker.period.label if tracker.period else _("no period")
    findings = findings_cells([row.footprint.pk for row in tracker.rows])
    return spreadsheet_response(
        file_format,
        f"delivery tracker {tracker.cycle or ''} {period}",
        export_header(tracker),
        (export_row(row, tracker, findings[row.footprint.pk]) for row in tracker.rows),
        sheet_title=_("Delivery tracker"),
    )


@login_required
@require_safe
def delivery_tracker_csv(request):
    return _export(request, "csv")


@login_required
@require_safe
def delivery_tracker_xlsx(request):
    return _export(request, "xlsx")


@login_required
@require_safe
def roadmap_delivery(request, pk):
    """The footprint's delivery history: its people and NHS England; others 404."""
    # As roadmaps.views.access.roadmap_or_404 finds it (views of another app are not imported).
    roadmap = roadmap_for_user(request.user, pk)
    if roadmap is None or not can_view_roadmap(request.user, roadmap):
        raise Http404(_("No roadmap has that number."))
    history = footprint_history(roadmap)
    return render(
        request,
        "delivery/tracker/roadmap_delivery.html",
        {
            "roadmap": roadmap,
            "footprint": roadmap.footprint,
            "history": history,
            "strip": [entry.ratings for entry in history],
            "any_slipped": any(entry.slipped for entry in history),
            "benefits": footprint_benefits(roadmap),
            "rated": RATED,
        },
    )
