"""The national status board: NHS England sees where every CCG is across the programme's
three steps, on screen (with a chart of roadmap submissions) or as CSV or XLSX."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from accounts.rules import is_nhse_staff
from accounts.selectors import regions
from config.spreadsheets import FORMATS, spreadsheet_response
from roadmaps import charts
from roadmaps.enums import StageKind
from roadmaps.forms.board import BoardFilterForm
from roadmaps.panels import BOARD_COLUMNS, BOARD_PANELS, panels
from roadmaps.selectors import board as selectors
from roadmaps.selectors import coverage
from roadmaps.selectors.deadlines import LONDON, effective_deadline

ROWS_PER_PAGE = 50
HEADER = (
    gettext_lazy("CCG"),
    gettext_lazy("ODS code"),
    gettext_lazy("NHS England region"),
    gettext_lazy("Local office"),
    gettext_lazy("Footprint"),
    gettext_lazy("Footprint state"),
    gettext_lazy("Assessments submitted"),
    gettext_lazy("Assessments expected"),
    gettext_lazy("Roadmap state"),
    gettext_lazy("Stage that applies now"),
    gettext_lazy("Deadline (London time)"),
    gettext_lazy("Days left (negative when overdue)"),
    gettext_lazy("Deadline status"),
    gettext_lazy("Last activity (London time)"),
)


def _filters(request):
    """The filter form and the selector's arguments; refuses people who are not NHS England."""
    if not is_nhse_staff(request.user):
        raise PermissionDenied(_("Only NHS England staff can see the national status board."))
    form = BoardFilterForm(
        request.GET or None,
        choice=coverage.coverage_cycles(),
        regions=regions(),
        local_offices=coverage.local_offices(),
    )
    return form, form.criteria()


def _footprint_ids(rows):
    return sorted({row.footprint.pk for row in rows if row.footprint})


def _with_columns(rows):
    """Each row with its cells of the columns other apps add (``BOARD_COLUMNS``), one
    query a column for the rows given."""
    footprint_ids = _footprint_ids(rows)
    cells = [column.cells(footprint_ids) for column in BOARD_COLUMNS]
    for row in rows:
        pk = row.footprint.pk if row.footprint else None
        yield row, [column.get(pk) for column in cells]


@login_required
@require_safe
def national_board(request):
    form, criteria = _filters(request)
    board = selectors.national_board(**criteria)
    page = Paginator(board.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    cycle = criteria["cycle"]
    stage = selectors.roadmap_stage(cycle)
    return render(
        request,
        "roadmaps/board.html",
        {
            "form": form,
            "cycle": cycle,
            "totals": board.totals,
            "page": page,
            "rows": page.object_list,
            "rows_and_cells": list(_with_columns(page.object_list)),
            "columns": BOARD_COLUMNS,
            "panels": panels(BOARD_PANELS, request, footprint_ids=_footprint_ids(board.rows)),
            "chart": charts.submissions_chart(
                board.first_versions,
                deadline=effective_deadline(cycle=cycle, stage_kind=StageKind.ROADMAP),
                opens_at=stage.opens_at if stage else None,
            ),
            "query_string": form.query_string(),
        },
    )


def _london(moment):
    return formats.date_format(timezone.localtime(moment, LONDON), "Y-m-d H:i") if moment else ""


def _export_row(row, cells):
    footprint = row.footprint
    extra = [
        value
        for column, cell in zip(BOARD_COLUMNS, cells, strict=True)
        for value in (cell.values if cell else [None] * len(column.export_titles))
    ]
    return [
        row.ccg.name,
        row.ccg.ods_code,
        row.ccg.region_name or "",
        row.ccg.local_office_name or "",
        footprint.name if footprint else "",
        row.footprint_state_label or _("No footprint"),
        footprint.assessments_submitted if footprint else None,
        footprint.assessments_expected if footprint else None,
        row.roadmap_state_label or _("Not started"),
        row.stage_label,
        _london(row.deadline),
        row.open_days_left,
        row.deadline_words,
        _london(row.last_activity),
        *extra,
    ]


@login_required
@require_safe
def national_board_export(request, file_format):
    form, criteria = _filters(request)
    if file_format not in FORMATS:
        raise Http404(_("The board downloads as csv or xlsx."))
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(_("Check the filters: one of them is not a choice."))
    cycle = criteria["cycle"]
    header = [*HEADER, *(title for column in BOARD_COLUMNS for title in column.export_titles)]
    rows = selectors.national_board(**criteria).rows
    return spreadsheet_response(
        file_format,
        f"national status board {cycle or 'no cycle'}",
        header,
        (_export_row(row, cells) for row, cells in _with_columns(rows)),
        sheet_title=_("Status board"),
    )
