"""The benefit lines of a seeded progress return: pre-filled by ``benefit_lines`` exactly as
``open_return`` fills them (the accepted register, carried on from last quarter's return), then
reported as a footprint would: an actual, or "no data yet", quarter by quarter.

The seed chooses the figures, never the ratings: each line is rated by
``delivery.benefits.realisation``. A footprint walks ``CYCLE`` from a start of the seed's
choosing, its money benefit from there and its other benefits three steps on, and reports the
share of what the profile expected to date that leads to the step's rating; between them, its
lines show every rating. Some footprints move a target date later (later returns carry it on),
a few keep moving the same one later quarter after quarter, and a few rate a line themselves,
with their reason.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from delivery.benefits import expected_progress, planned_total, profile_to_date, realisation
from delivery.enums import BenefitRating
from delivery.services.benefit_lines import benefit_lines

R = BenefitRating
CYCLE = (R.ON_TRACK, R.AT_RISK, R.NO_DATA, R.ON_TRACK, R.OFF_TRACK, R.AT_RISK)
# Each step's share of the expected progress to date that is reported (inside the rules'
# bands of ``delivery/benefits.py`` with room for rounding).
RATIOS = {
    R.ON_TRACK: (0.95, 1.15),
    R.AT_RISK: (0.79, 0.86),
    R.OFF_TRACK: (0.45, 0.65),
}
# An off-track footprint expects this share of the planned change at the target date.
SHORTFALL = Decimal("0.75")
# A target date moved: half a year later.
MOVED_BY = timedelta(days=183)
# The quarters in which a footprint that keeps moving a target date moves it.
KEEPS_MOVING_IN = (0, 1, 2)
EVIDENCE = {
    True: "Pathology spend by the finance team, this quarter.",
    False: "Hospital episode statistics, last month.",
}
NO_DATA_EVIDENCE = "The first figures are due next quarter."
MOVED = "The go-live this depends on moved to the autumn."
# A rating of the footprint's own, one step from the suggested one, and why.
OVERRIDES = {
    R.ON_TRACK: (R.AT_RISK, "Early figures for next quarter fall short of the profile."),
    R.AT_RISK: (R.ON_TRACK, "The quarter's savings are invoiced late; the finance team has "
                            "confirmed them."),
    R.OFF_TRACK: (R.AT_RISK, "The recovery plan agreed with the trusts starts next month."),
}  # fmt: skip


@dataclass(frozen=True)
class Course:
    """What one roadmap's benefit lines do over the seeded quarters."""

    start: int  # where in ``CYCLE`` its money benefit starts
    moves_in: tuple  # the quarters a target date moves later, if one does
    moved: int  # which line's target date moves (its position, modulo the lines)
    overrides_in: int | None  # the quarter it rates a line itself, if it does


def _moves_in(index, rng):
    if index % 6 == 0:
        return KEEPS_MOVING_IN
    return (rng.choice((1, 2)),) if index % 3 == 0 else ()


def courses(count, rng):
    """A course for each of ``count`` roadmaps: every sixth (from the first) moves the same
    target date in each of the first three quarters, every other third moves one in the second
    or third quarter, and every third (others) rates a line itself in one of the first three."""
    made = [
        Course(
            start=rng.randrange(len(CYCLE)),
            moves_in=_moves_in(index, rng),
            moved=rng.randrange(2),
            overrides_in=rng.choice((0, 1, 2)) if index % 3 == 1 else None,
        )
        for index in range(count)
    ]
    rng.shuffle(made)
    return made


def _ratio(rating, rng):
    low, high = RATIOS[rating]
    return Decimal(str(round(rng.uniform(low, high), 3)))


def _actual(line, ratio, *, period_end, earlier):
    """The actual that puts ``line`` at ``ratio`` of the progress expected by ``period_end``."""
    if line.is_money:
        expected = profile_to_date(line.profile, period_end)
        before = sum((each.actual for each in earlier if each.actual is not None), Decimal(0))
        return max(Decimal(0), (expected * ratio - before).quantize(Decimal(1)))
    change = line.target_value - line.baseline_value
    share = expected_progress(line, period_end)
    return (line.baseline_value + change * share * ratio).quantize(Decimal("0.01"))


def _forecast(line, wanted):
    """Back on plan when on track; short of it when off track; otherwise as last quarter."""
    if wanted == R.ON_TRACK:
        line.forecast_total = planned_total(line)
    elif wanted == R.OFF_TRACK:
        if line.is_money:
            line.forecast_total = (planned_total(line) * SHORTFALL).quantize(Decimal(1))
        else:
            change = line.target_value - line.baseline_value
            line.forecast_total = line.baseline_value + change * SHORTFALL


def _override(lines, *, period_end, earlier):
    """The footprint rates its first line with an actual itself, one step from the rules."""
    for line in lines:
        if line.actual is None:
            continue
        suggested = realisation(line, period_end, earlier.get(line.benefit_id, ())).suggested
        line.rating_override, line.override_reason = OVERRIDES[suggested]
        return


def report(progress_return, *, sections, previous, period_end, quarter, course, answered,
           earlier, rng):  # fmt: skip
    """The benefit lines (unsaved) of ``progress_return`` for its ``quarter`` (0 to 3):
    ``previous`` is last quarter's return read with its benefits and period (None for the
    first), ``earlier`` the same roadmap's earlier lines by benefit id. A return not
    ``answered`` (a draft) leaves its last line for later."""
    lines = benefit_lines(
        progress_return, sections=sections, previous=previous, period_end=period_end
    )
    for position, line in enumerate(lines):
        if not answered and position == len(lines) - 1:
            continue
        wanted = CYCLE[(course.start + quarter + 3 * position) % len(CYCLE)]
        if wanted == R.NO_DATA:
            line.no_data, line.evidence = True, NO_DATA_EVIDENCE
            continue
        ratio = _ratio(wanted, rng)
        line.actual = _actual(line, ratio, period_end=period_end,
                              earlier=earlier.get(line.benefit_id, ()))  # fmt: skip
        line.evidence = EVIDENCE[line.is_money]
        _forecast(line, wanted)
    if lines and quarter in course.moves_in:
        moved = lines[course.moved % len(lines)]
        moved.target_on = moved.target_on + MOVED_BY
        moved.evidence = f"{moved.evidence} {MOVED}".strip()
    if quarter == course.overrides_in:
        _override(lines, period_end=period_end, earlier=earlier)
    return lines


def history(earlier, lines):
    """``earlier`` (lines by benefit id) with this quarter's ``lines`` added."""
    after = {benefit_id: list(found) for benefit_id, found in earlier.items()}
    for line in lines:
        after.setdefault(line.benefit_id, []).append(line)
    return after
