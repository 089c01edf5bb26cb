"""The roadmap submissions chart, drawn on the server as SVG so it needs no script.

A step line of how many footprints have submitted a roadmap (a first version) by each day,
with the roadmap deadline as a dashed line. The same figures are given as the chart's text
alternative and as a table, so nobody needs to read the picture.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from roadmaps.selectors.deadlines import london_day

WIDTH = 640
HEIGHT = 260
LEFT = 48  # room for the count labels
RIGHT = 24
TOP = 28  # room for the deadline label
BOTTOM = 36  # room for the date labels
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM
STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 500)


def _long(day):
    return formats.date_format(day, "j F Y")


def _short(day):
    return formats.date_format(day, "j M Y")


@dataclass(frozen=True)
class SubmissionDay:
    day: date
    added: int
    total: int


@dataclass(frozen=True)
class SubmissionChart:
    days: list  # SubmissionDay, one per day with a first submission
    path: str
    y_ticks: list  # {"count", "y"}
    x_labels: list  # {"text", "x", "anchor"}
    deadline_x: float | None
    deadline_label: str
    deadline_anchor: str
    total: int
    by_deadline: int | None
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_top: int = TOP
    plot_bottom: int = HEIGHT - BOTTOM


def _step(top):
    return next((step for step in STEPS if top / step <= 5), STEPS[-1])


def submissions_chart(first_versions, *, deadline=None, opens_at=None):
    """The chart of ``first_versions`` (when each footprint first submitted, oldest first)
    against ``deadline``, from the day the stage opened (or the first submission) to the
    deadline (or the last submission, if later). None when nothing has been submitted."""
    if not first_versions:
        return None
    per_day = Counter(london_day(moment) for moment in first_versions)
    days, total = [], 0
    for day in sorted(per_day):
        total += per_day[day]
        days.append(SubmissionDay(day=day, added=per_day[day], total=total))
    deadline_day = london_day(deadline) if deadline else None
    candidates = [days[0].day] + ([london_day(opens_at)] if opens_at else [])
    start = min(candidates)
    end = max([days[-1].day] + ([deadline_day] if deadline_day else []))
    span = max((end - start).days, 1)
    step = _step(total)
    top = -(-total // step) * step

    def x(day):
        return round(LEFT + PLOT_WIDTH * (day - start).days / span, 1)

    def y(count):
        return round(TOP + PLOT_HEIGHT * (1 - count / top), 1)

    path = [f"M {x(start)} {y(0)}"]
    for entry in days:
        path.append(f"H {x(entry.day)} V {y(entry.total)}")
    if days[-1].day < end:
        path.append(f"H {x(end)}")
    by_deadline = sum(1 for moment in first_versions if moment <= deadline) if deadline else None
    return SubmissionChart(
        days=days,
        path=" ".join(path),
        y_ticks=[{"count": count, "y": y(count)} for count in range(0, top + 1, step)],
        x_labels=[
            {"text": _short(start), "x": x(start), "anchor": "start"},
            {"text": _short(end), "x": x(end), "anchor": "end"},
        ],
        deadline_x=x(deadline_day) if deadline_day else None,
        # The label sits on the side of the line where there is room for it.
        deadline_anchor="end"
        if deadline_day and x(deadline_day) > LEFT + PLOT_WIDTH / 2
        else "start",
        deadline_label=(
            _("Deadline %(day)s") % {"day": _short(deadline_day)} if deadline_day else ""
        ),
        total=total,
        by_deadline=by_deadline,
        description=_describe(
            days, start=start, deadline_day=deadline_day, by_deadline=by_deadline
        ),
    )


def _describe(days, *, start, deadline_day, by_deadline):
    total = days[-1].total
    sentences = [
        ngettext(
            "%(total)s footprint has submitted a roadmap: the first on %(first)s, "
            "the latest on %(last)s.",
            "%(total)s footprints have submitted a roadmap: the first on %(first)s, "
            "the latest on %(last)s.",
            total,
        )
        % {"total": total, "first": _long(days[0].day), "last": _long(days[-1].day)}
    ]
    if deadline_day is None:
        sentences.append(_("There is no roadmap deadline."))
    else:
        sentences.append(
            ngettext(
                "By the roadmap deadline, %(deadline)s, %(count)s footprint had submitted.",
                "By the roadmap deadline, %(deadline)s, %(count)s footprints had submitted.",
                by_deadline,
            )
            % {"deadline": _long(deadline_day), "count": by_deadline}
        )
    sentences.append(_("The chart starts on %(start)s.") % {"start": _long(start)})
    return " ".join(str(sentence) for sentence in sentences)
