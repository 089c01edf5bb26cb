"""The distribution of ratings per quarter, drawn on the server as SVG so it needs no script.

A stacked bar per reporting period: how many footprints in view had each rating, Green at
the bottom to Red at the top, each segment with its count written in it when there is room.
The same figures are the chart's text alternative and a table beside it, so nobody needs to
read the picture, and the colours are never the only way to tell the ratings apart.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from delivery.confidence import Confidence
from delivery.selectors.ratings import FILLS

WIDTH = 640
HEIGHT = 280
LEFT = 48  # room for the count labels
RIGHT = 16
TOP = 16
BOTTOM = 40  # room for the period labels
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500)
# A segment shorter than this has no room for its count.
LABEL_ROOM = 16
# (fill, text colour) of each rating; the text has at least 4.5:1 against its fill.
DARK, LIGHT = "#212b32", "#ffffff"
COLOURS = {
    rating: (FILLS[rating], LIGHT if rating in (Confidence.GREEN, Confidence.RED) else DARK)
    for rating in Confidence.values
}


@dataclass(frozen=True)
class Segment:
    rating: str
    label: str
    count: int
    y: float
    height: float
    fill: str
    text_colour: str

    @property
    def shows_count(self):
        return self.height >= LABEL_ROOM

    @property
    def middle_y(self):
        return round(self.y + self.height / 2, 1)


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    width: float
    segments: list

    @property
    def middle_x(self):
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class RatingsChart:
    bars: list
    y_ticks: list  # {"count", "y"}
    legend: list  # (label, fill)
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM


def _step(top):
    return next((step for step in STEPS if top / step <= 5), STEPS[-1])


def ratings_chart(distribution, *, whose):
    """The chart of ``distribution`` (``PeriodDistribution`` per period, in order); ``whose``
    names the ratings in the description ("Footprints' own ratings"). None without periods
    or without a rating in any of them."""
    if not distribution or not any(entry.rated for entry in distribution):
        return None
    top = max(entry.rated for entry in distribution)
    step = _step(top)
    top = -(-top // step) * step
    slot = PLOT_WIDTH / len(distribution)
    bar_width = round(min(slot * 0.6, 72), 1)

    def height(count):
        return round(PLOT_HEIGHT * count / top, 1)

    bars = []
    for index, entry in enumerate(distribution):
        segments, bottom = [], HEIGHT - BOTTOM
        for rating, label, count in entry.cells():
            if not count:
                continue
            tall = height(count)
            bottom = round(bottom - tall, 1)
            fill, text = COLOURS[rating]
            segments.append(Segment(rating, str(label), count, bottom, tall, fill, text))
        bars.append(
            Bar(
                label=entry.period.label,
                x=round(LEFT + slot * index + (slot - bar_width) / 2, 1),
                width=bar_width,
                segments=segments,
            )
        )
    return RatingsChart(
        bars=bars,
        y_ticks=[
            {"count": count, "y": round(HEIGHT - BOTTOM - height(count), 1)}
            for count in range(0, top + 1, step)
        ],
        legend=[(str(label), COLOURS[rating][0]) for rating, label in Confidence.choices],
        description=_describe(distribution, whose),
    )


def _describe(distribution, whose):
    sentences = [_("%(whose)s per quarter.") % {"whose": whose}]
    for entry in distribution:
        parts = [f"{count} {label}" for _rating, label, count in entry.cells() if count]
        rated = ngettext(
            "%(period)s: %(count)s footprint rated",
            "%(period)s: %(count)s footprints rated",
            entry.rated,
        ) % {"period": entry.period.label, "count": entry.rated}
        sentences.append(f"{rated}{' (' + ', '.join(parts) + ')' if parts else ''}.")
    return " ".join(sentences)
