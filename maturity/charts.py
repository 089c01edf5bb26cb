"""Score charts drawn on the server as SVG, so they need no script and print as they show.

Each row is a 0-100 scale: the middle half of the national scores (lower to upper quartile)
as a band, the median as a line, the whole range as whiskers (national distribution), and
an organisation's own score as a dot. The numbers the chart shows are also given as a table
and as the chart's text alternative, so nobody needs to read the picture.
"""

import textwrap
from dataclasses import dataclass

from django.utils.translation import gettext as _

from maturity.services.scoring import for_display

LABEL_WIDTH = 250
SCALE_WIDTH = 400
RIGHT_MARGIN = 20
ROW_HEIGHT = 34  # a row whose label is one line; a longer label makes its row taller
LINE_HEIGHT = 16
# Characters on a line of a label: titles are wrapped, never cut, and even in a wide font
# (DejaVu Sans, bold, at 14px) a line ends before the scale begins at LABEL_WIDTH.
LABEL_CHARACTERS = 22
TOP = 36  # room for the axis labels
WIDTH = LABEL_WIDTH + SCALE_WIDTH + RIGHT_MARGIN
TICKS = (0, 25, 50, 75, 100)


def _x(score):
    return None if score is None else round(LABEL_WIDTH + SCALE_WIDTH * score / 100, 1)


def label_lines(label):
    """A label as the lines the chart writes it on: whole words, none cut off."""
    return textwrap.wrap(label, LABEL_CHARACTERS, break_long_words=False) or [label]


@dataclass(frozen=True)
class ChartRow:
    label: str
    y: float
    # Each is an x position, or None when there is no such figure.
    value_x: float | None = None
    lower_x: float | None = None
    median_x: float | None = None
    upper_x: float | None = None
    minimum_x: float | None = None
    maximum_x: float | None = None
    indent: bool = False
    lines: tuple = ()
    height: int = ROW_HEIGHT

    @property
    def band_width(self):
        return round(self.upper_x - self.lower_x, 1)

    @property
    def middle_y(self):
        return self.y + self.height / 2

    @property
    def band_y(self):
        return self.middle_y - (ROW_HEIGHT / 2 - 8)

    @property
    def band_bottom(self):
        return self.middle_y + (ROW_HEIGHT / 2 - 8)

    @property
    def median_top(self):
        return self.band_y - 4

    @property
    def median_bottom(self):
        return self.band_bottom + 4

    @property
    def label_x(self):
        return 24 if self.indent else 8

    @property
    def label_ys(self):
        """Each line of the label with its y, the lines centred on the row."""
        first = self.middle_y - (len(self.lines) - 1) * LINE_HEIGHT / 2
        return [(line, first + number * LINE_HEIGHT) for number, line in enumerate(self.lines)]


@dataclass(frozen=True)
class Chart:
    rows: list
    height: int
    ticks: list
    description: str
    shows_value: bool
    shows_range: bool


def score_chart(entries, *, shows_value, shows_range):
    """A chart of ``entries``: dicts with ``label`` and any of ``value``, ``lower``,
    ``median``, ``upper``, ``minimum``, ``maximum`` (scores 0-100 or None), and ``indent``
    for a theme under its section. ``description`` is the text alternative."""
    rows = []
    sentences = []
    y = TOP
    for entry in entries:
        lines = label_lines(entry["label"])
        height = max(ROW_HEIGHT, len(lines) * LINE_HEIGHT + 12)
        rows.append(
            ChartRow(
                label=entry["label"],
                y=y,
                lines=tuple(lines),
                height=height,
                value_x=_x(entry.get("value")) if shows_value else None,
                lower_x=_x(entry.get("lower")),
                median_x=_x(entry.get("median")),
                upper_x=_x(entry.get("upper")),
                minimum_x=_x(entry.get("minimum")) if shows_range else None,
                maximum_x=_x(entry.get("maximum")) if shows_range else None,
                indent=entry.get("indent", False),
            )
        )
        y += height
        sentences.append(_describe(entry, shows_value=shows_value, shows_range=shows_range))
    return Chart(
        rows=rows,
        height=y + 8,
        ticks=[{"score": tick, "x": _x(tick)} for tick in TICKS],
        description=" ".join(sentences),
        shows_value=shows_value,
        shows_range=shows_range,
    )


def _describe(entry, *, shows_value, shows_range):
    parts = []
    if shows_value:
        value = for_display(entry.get("value"))
        parts.append(_("score %(value)s") % {"value": value} if value else _("no score"))
    if entry.get("median") is None:
        parts.append(_("no national figures yet"))
    else:
        parts.append(
            _("national median %(median)s, middle half %(lower)s to %(upper)s")
            % {
                "median": for_display(entry["median"]),
                "lower": for_display(entry["lower"]),
                "upper": for_display(entry["upper"]),
            }
        )
        if shows_range:
            parts.append(
                _("range %(minimum)s to %(maximum)s")
                % {
                    "minimum": for_display(entry.get("minimum")),
                    "maximum": for_display(entry.get("maximum")),
                }
            )
    return f"{entry['label']}: {'; '.join(parts)}."


def geometry():
    """The fixed measures the chart template needs."""
    return {
        "width": WIDTH,
        "label_width": LABEL_WIDTH,
        "scale_width": SCALE_WIDTH,
        "row_height": ROW_HEIGHT,
        "band_height": ROW_HEIGHT - 16,
    }
