"""Downloads as CSV and XLSX, with cells a spreadsheet would run as formulas neutralised.

A text cell that starts with = + - @ (or a tab or carriage return) is a formula to Excel,
LibreOffice and Google Sheets, so data someone typed could run when a colleague opens the
file (CSV or formula injection). Such a cell gets a leading apostrophe, in both formats.
Numbers are written as numbers.
"""

import csv
import io
import re

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


def safe_cell(value):
    """The cell as text, with a leading apostrophe if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _safe_value(value):
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return safe_cell(value)


def filename_for(stem, file_format):
    """``stem-2026-11-22.csv``: letters, digits and dashes only, dated in London."""
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower() or "export"
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{file_format}"


def _attachment(content_type, filename):
    return HttpResponse(
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def csv_response(filename, header, rows):
    response = _attachment("text/csv; charset=utf-8", filename)
    response.write("\ufeff")  # the byte order mark tells Excel the file is UTF-8
    writer = csv.writer(response)
    writer.writerow([safe_cell(title) for title in header])
    for row in rows:
        writer.writerow(["" if value is None else _safe_value(value) for value in row])
    return response


def xlsx_response(filename, header, rows, *, sheet_title):
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_title[:31]  # Excel's limit for a sheet name
    sheet.append([safe_cell(title) for title in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe_value(value) for value in row])
    for cell in (cell for row in sheet.iter_rows() for cell in row):
        if isinstance(cell.value, str):
            # openpyxl would store a text starting with "=" as a formula.
            cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _attachment(XLSX_CONTENT_TYPE, filename)
    response.write(buffer.getvalue())
    return response


def spreadsheet_response(file_format, stem, header, rows, *, sheet_title):
    """A CSV or XLSX download of ``rows`` under ``header``; ``file_format`` is in FORMATS."""
    filename = filename_for(stem, file_format)
    if file_format == "xlsx":
        return xlsx_response(filename, header, rows, sheet_title=sheet_title)
    return csv_response(filename, header, rows)
