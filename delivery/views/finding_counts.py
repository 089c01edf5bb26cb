"""The cross-checks' findings counted on the national pages: per footprint (a column of the
delivery tracker and, through ``roadmaps.panels``, of the national status board, each count
linking to that footprint's findings) and per check for the footprints in view."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delivery.selectors.finding_list import FootprintCounts, checks_in_view, counts_by_footprint

COUNTS_PANEL = "delivery/findings/counts_panel.html"


@dataclass(frozen=True)
class FindingsCell:
    """A footprint's findings still found, in words and as the download's two numbers."""

    counts: FootprintCounts
    url: str

    @property
    def words(self):
        return self.counts.words

    @property
    def values(self):
        return [self.counts.open, self.counts.explained]


def findings_url(footprint_id):
    return f"{reverse('delivery_findings')}?footprint={footprint_id}"


def findings_cells(footprint_ids):
    """{footprint id: FindingsCell} of every one of ``footprint_ids``: one query."""
    counts = counts_by_footprint(footprint_ids)
    return {
        pk: FindingsCell(counts.get(pk, FootprintCounts()), findings_url(pk))
        for pk in footprint_ids
    }


class FindingsColumn:
    """The board's column of findings (``roadmaps.panels.BOARD_COLUMNS``)."""

    title = gettext_lazy("Cross-check findings")
    export_titles = (gettext_lazy("Open findings"), gettext_lazy("Explained findings"))

    def cells(self, footprint_ids):
        return findings_cells(footprint_ids)


FINDINGS_COLUMN = FindingsColumn()


def counts_panel(request, *, footprint_ids):
    """The findings of every check for the footprints in view (the board's and the
    tracker's), by state, with a link to the findings list: one query."""
    return render_to_string(
        COUNTS_PANEL,
        {
            "counts": checks_in_view(footprint_ids),
            "caption": _("Findings of each check for the footprints in this view, by state"),
        },
        request=request,
    )
