"""A submitted version as a PDF, built from its snapshot with ReportLab's platypus.

Every piece of text from the snapshot is escaped before it reaches a ``Paragraph``, whose
mini-markup would otherwise read ``<`` and ``&`` in a person's words as tags.
"""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from roadmaps.selectors.version_display import footprint_facts, version_sections

STYLES = getSampleStyleSheet()
BODY = STYLES["BodyText"]
SMALL = STYLES["BodyText"].clone("Small", fontSize=8, leading=10)
TABLE_STYLE = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
)


def _para(text, style=BODY):
    """A paragraph of a person's words: escaped, with their line breaks kept."""
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def _table(header, rows, width):
    data = [[_para(cell, SMALL) for cell in header]]
    data += [[_para(cell, SMALL) for cell in row] for row in rows]
    column = width / max(len(header), 1)
    table = LongTable(data, colWidths=[column] * len(header), repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def _pairs(pairs, width):
    table = LongTable(
        [[_para(label, SMALL), _para(value or "–", SMALL)] for label, value in pairs],
        colWidths=[width * 0.3, width * 0.7],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def _baseline(baseline, width):
    """The baseline's table as the pages show it: a row per provider, the national median
    last; or why there is none."""
    heading = _para(_("Providers' digital maturity"), STYLES["Heading4"])
    if baseline is None:
        return [heading, _para(_("No maturity figures were kept with this version."))]
    if not baseline["providers"]:
        return [
            heading,
            _para(
                _(
                    "No organisation in the footprint had submitted its self-assessment when "
                    "this version was submitted."
                )
            ),
        ]
    bold = SMALL.clone("SmallBold", fontName="Helvetica-Bold")
    header = [_("Provider"), *(section["title"] for section in baseline["sections"])]
    rows = [[provider["name"], *provider["scores"]] for provider in baseline["providers"]]
    data = [[_para(cell, SMALL) for cell in header]]
    data += [[_para(cell or "–", SMALL) for cell in row] for row in rows]
    data.append(
        [_para(cell or "–", bold) for cell in [_("National median"), *baseline["national_medians"]]]
    )
    # Half the width for the provider's name, so a trust's long name keeps to one line.
    others = (width * 0.5) / max(len(header) - 1, 1)
    table = LongTable(data, colWidths=[width * 0.5, *[others] * (len(header) - 1)], repeatRows=1)
    table.setStyle(TABLE_STYLE)
    caption = _(
        "Section scores out of 100 from each provider's submitted self-assessment, against the "
        "national median"
    )
    return [heading, _para(caption, SMALL), table]


def _section(shown, width):
    flowables = [_para(shown.title, STYLES["Heading2"])]
    if not shown.recorded:
        return [*flowables, _para(shown.absent or _("Not recorded in this version."))]
    if shown.has_baseline:
        flowables += _baseline(shown.baseline, width)
    for label, text in shown.texts:
        flowables += [_para(label, STYLES["Heading4"]), _para(text or _("Not given."))]
    for record in shown.records:
        parts = [_para(record.heading, STYLES["Heading4"]), _pairs(record.pairs, width)]
        for table in record.tables:
            figures = _table(table.header, table.rows, width / 2)
            figures.hAlign = "LEFT"
            parts += [_para(table.caption, SMALL), figures]
        flowables.append(KeepTogether(parts))
    for table in shown.tables:
        flowables.append(
            _table(table.header, table.rows, width) if table.rows else _para(_("None recorded."))
        )
    if not (shown.texts or shown.records or shown.tables):
        flowables.append(_para(_("None recorded.")))
    return [*flowables, Spacer(1, 4 * mm)]


def version_pdf(version):
    """The bytes of a PDF of ``version``: the footprint, every section, and its SHA-256."""
    buffer = io.BytesIO()
    snapshot = version.snapshot
    facts, members = footprint_facts(snapshot)
    name = (snapshot.get("footprint") or {}).get("name", "")
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("%(name)s roadmap, version %(number)s") % {"name": name, "number": version.number},
    )
    width = document.width
    submitted = date_format(timezone.localtime(version.submitted_at), "j F Y, H:i")
    story = [
        _para(
            _("%(name)s Local Digital Roadmap") % {"name": name},
            STYLES["Title"],
        ),
        _para(
            _("Version %(number)s, submitted %(when)s")
            % {"number": version.number, "when": submitted}
        ),
        _para(_("SHA-256: %(sha)s") % {"sha": version.sha256}, SMALL),
        Spacer(1, 4 * mm),
        _pairs(facts, width),
        Spacer(1, 2 * mm),
    ]
    if members.rows:
        story.append(_table(members.header, members.rows, width))
    for shown in version_sections(snapshot):
        story += _section(shown, width)
    document.build(story)
    return buffer.getvalue()
