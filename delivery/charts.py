"""Delivery charts drawn on the server as SVG so they need no script: the distribution of
ratings per quarter, and money benefits per financial year.

Ratings: a stacked bar per reporting period, how many footprints in view had each rating,
Green at the bottom to Red at the top, each segment with its count written in it when there
is room. Money: three bars per financial year, planned, forecast and realised, in that order
(a forecast that is only the plan drawn as an outline). Either way the same figures are the
chart's text alternative and a table beside it, so nobody needs to read the picture, and the
colours are never the only way to tell the bars apart.
"""

from dataclasses import dataclass

from django.utils import formats
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


# --- Money benefits per financial year -------------------------------------------------------

MONEY_LEFT = 64  # room for "£250k"
# (key, fill) of each bar of a year, in the order drawn; each at least 3:1 against white.
MONEY_BARS = (("planned", "#005eb8"), ("forecast", "#768692"), ("realised", "#007f3b"))


def pounds(value):
    """£12,345 (whole pounds)."""
    text = formats.number_format(abs(value), 0, force_grouping=True)
    return f"-£{text}" if value < 0 else f"£{text}"


def _short_pounds(value):
    """An axis label: £0, £500, £50k, £1.5m."""
    if value >= 1_000_000:
        return f"£{value / 1_000_000:g}m"
    if value >= 1000:
        return f"£{value / 1000:g}k"
    return f"£{value:g}"


def _money_step(top):
    """A round step (1, 2, 2.5 or 5 times a power of ten) that splits ``top`` into at most
    five."""
    scale = 1
    while True:
        for step in (1, 2, 2.5, 5):
            if top / (step * scale) <= 5:
                return step * scale
        scale *= 10


@dataclass(frozen=True)
class MoneyBar:
    key: str
    label: str
    x: float
    y: float
    width: float
    height: float
    fill: str
    # A forecast that is only the plan (no return in the year yet) is drawn as an outline.
    outline: bool = False


@dataclass(frozen=True)
class MoneyChart:
    groups: list  # {"label", "middle_x", "bars"}
    y_ticks: list  # {"text", "y"}
    legend: list  # (label, fill)
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = MONEY_LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM


def money_labels():
    return {
        "planned": _("Planned"),
        "forecast": _("Forecast"),
        "realised": _("Realised"),
    }


def money_chart(years):
    """Planned, forecast and realised pounds per financial year (``MoneyYear``s, in order),
    as a bar of each per year; a year with no return yet has no realised bar. None without
    years or when every figure is nothing."""
    values = [max(year.planned, year.forecast, year.realised or 0) for year in years]
    if not years or not any(value > 0 for value in values):
        return None
    step = _money_step(float(max(values)))
    top = step * -(-float(max(values)) // step)
    plot_width = WIDTH - MONEY_LEFT - RIGHT
    slot = plot_width / len(years)
    bar_width = round(min(slot * 0.8 / len(MONEY_BARS), 28), 1)
    labels = money_labels()

    def height(value):
        return round(PLOT_HEIGHT * max(float(value), 0) / top, 1)

    groups = []
    for index, year in enumerate(years):
        start = MONEY_LEFT + slot * index + (slot - bar_width * len(MONEY_BARS)) / 2
        bars = []
        for position, (key, fill) in enumerate(MONEY_BARS):
            value = getattr(year, key)
            if value is None or value <= 0:
                continue  # nothing to draw: the description and the table say it
            tall = height(value)
            bars.append(
                MoneyBar(
                    key=key,
                    label=str(labels[key]),
                    x=round(start + bar_width * position, 1),
                    y=round(HEIGHT - BOTTOM - tall, 1),
                    width=bar_width,
                    height=tall,
                    fill=fill,
                    outline=key == "forecast" and not year.reported,
                )
            )
        middle = round(MONEY_LEFT + slot * index + slot / 2, 1)
        groups.append({"label": year.label, "middle_x": middle, "bars": bars})
    ticks = []
    tick = 0.0
    while tick <= top:
        ticks.append({"text": _short_pounds(tick), "y": round(HEIGHT - BOTTOM - height(tick), 1)})
        tick += step
    return MoneyChart(
        groups=groups,
        y_ticks=ticks,
        legend=[(str(labels[key]), fill) for key, fill in MONEY_BARS],
        description=_describe_money(years),
    )


def _describe_money(years):
    sentences = [_("Money benefits per financial year: planned, forecast and realised.")]
    for year in years:
        figures = {
            "year": year.label,
            "planned": pounds(year.planned),
            "forecast": pounds(year.forecast),
        }
        if year.reported:
            figures["realised"] = pounds(year.realised)
            sentence = (
                _("%(year)s: planned %(planned)s, forecast %(forecast)s, realised %(realised)s")
                % figures
            )
            no_data = ngettext(
                "%(count)s line with no data", "%(count)s lines with no data", year.no_data
            ) % {"count": year.no_data}
            sentences.append(f"{sentence}, {no_data}.")
        else:
            sentences.append(
                _("%(year)s: planned %(planned)s, forecast %(forecast)s (the plan: no return yet).")
                % figures
            )
    return " ".join(str(sentence) for sentence in sentences)
