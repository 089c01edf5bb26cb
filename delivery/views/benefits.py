"""The national delivery tracker's benefits view (NHS England staff), on screen or as CSV or
XLSX: money benefits per financial year, the others by category and rating, and the
benefits each capability enables, with the tracker's filters."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from config.spreadsheets import spreadsheet_response
from delivery import charts
from delivery.selectors.benefits_rollup import RATED, benefits_rollup
from delivery.views.tracker import tracker_filters


def _rollup(criteria):
    return benefits_rollup(
        cycle=criteria["cycle"],
        period=criteria["period"],
        region_code=criteria["region_code"],
        local_office_code=criteria["local_office_code"],
        self_rating=criteria["self_rating"],
        assured_rating=criteria["assured_rating"],
    )


@login_required
@require_safe
def delivery_benefits(request):
    form, criteria = tracker_filters(request, compare=False)
    rollup = _rollup(criteria)
    return render(
        request,
        "delivery/tracker/benefits.html",
        {
            "form": form,
            "cycle": criteria["cycle"],
            "rollup": rollup,
            "rated": RATED,
            "chart": charts.money_chart(rollup.years) if rollup.any_money else None,
            "query_string": form.query_string(),
        },
    )


def _number(value):
    """A figure as a spreadsheet number: whole pounds as an integer, else a float."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


EXPORT_HEADER = (
    gettext_lazy("Footprint"),
    gettext_lazy("Lead CCG ODS code"),
    gettext_lazy("NHS England region"),
    gettext_lazy("Local office"),
    gettext_lazy("Benefit"),
    gettext_lazy("Category"),
    gettext_lazy("Universal capability"),
    gettext_lazy("Capability group"),
    gettext_lazy("Latest return"),
    gettext_lazy("Unit"),
    gettext_lazy("Planned total"),
    gettext_lazy("Realised to date"),
    gettext_lazy("Forecast at the target date"),
    gettext_lazy("Target date moved (days)"),
    gettext_lazy("Rating"),
    gettext_lazy("Suggested rating"),
    gettext_lazy("No data"),
)


def export_row(standing):
    line, figures, lead = standing.line, standing.figures, standing.lead_ccg
    return [
        standing.footprint.name,
        lead.ods_code,
        lead.region.name if lead.region else "",
        lead.parent.name if lead.parent else "",
        line.description,
        standing.category_label,
        standing.letter_label,
        standing.group_label,
        standing.period.label,
        "£" if line.is_money else line.unit,
        _number(standing.planned),
        _number(figures.realised_to_date),
        _number(line.forecast_total),
        figures.target_days_later,
        standing.rating_label,
        standing.suggested_label,
        _("Yes") if standing.no_data else _("No"),
    ]


def _export(request, file_format):
    form, criteria = tracker_filters(request, compare=False)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("Check the filters: one of them is not a choice."))
    rollup = _rollup(criteria)
    period = rollup.period.label if rollup.period else _("no period")
    return spreadsheet_response(
        file_format,
        f"benefits {criteria['cycle'] or ''} {period}",
        [str(title) for title in EXPORT_HEADER],
        (export_row(standing) for standing in rollup.benefits),
        sheet_title=_("Benefits"),
    )


@login_required
@require_safe
def delivery_benefits_csv(request):
    return _export(request, "csv")


@login_required
@require_safe
def delivery_benefits_xlsx(request):
    return _export(request, "xlsx")
