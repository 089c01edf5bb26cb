"""The cross-checks that read a submitted progress return (its latest submission, and the
roadmap's earlier returns): each finder takes a ``Subject`` and returns ``Found`` items,
writing nothing. ``definitions.py`` holds the checks as data; ``delivery/CHECKS.md`` writes
each down."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delivery import suggestion
from delivery.checks.registry import Found, evidence, evidence_at
from delivery.checks.subject import iso_day
from delivery.confidence import Confidence, steps_between
from delivery.enums import BenefitRating
from roadmaps.roadmap_sections import UNIVERSAL_CAPABILITIES_BY
from roadmaps.selectors.benefits import long_date, with_unit

# green_outside_red_inside: the self ratings that say all is well.
GREEN_RATINGS = (Confidence.GREEN, Confidence.AMBER_GREEN)
# self_better_than_assured: this many steps better, this many quarters running.
STEPS_BETTER = 2
QUARTERS_RUNNING = 2
# benefit_dates_keep_moving: the target date moved later in this many returns.
TARGET_MOVES = 3

# --- c. Green outside, red inside ----------------------------------------------------------


def _milestone_key(line):
    if line.get("milestone_id"):
        return f"milestone:{line['milestone_id']}"
    return f"milestone:line-{line['id']}"


def _reported_day(line):
    return iso_day(line.get("done_on") if line.get("status") == "done" else line.get("forecast_on"))


def _amount(value, unit):
    return with_unit(Decimal(value).quantize(Decimal("0.01")), unit) if value else ""


def _slipped_milestones(subject):
    for line in subject.snapshot.get("milestones", []):
        slipped = line.get("slippage")
        if slipped is None or slipped <= suggestion.MAJOR_SLIP_DAYS:
            continue
        yield (
            _milestone_key(line),
            {"title": line["title"], "days": slipped},
            [
                (_("Milestone"), line["title"]),
                (_("Due in the accepted roadmap"), long_date(iso_day(line["baseline_due"]))),
                (_("Done or forecast"), long_date(_reported_day(line))),
                (_("Days later than accepted"), slipped),
            ],
        )


def _late_capabilities(subject):
    deadline = long_date(UNIVERSAL_CAPABILITIES_BY)
    for line in subject.snapshot.get("capabilities", []):
        if not line.get("after_deadline"):
            continue
        day = iso_day(line.get("forecast_by") or line.get("planned_by"))
        forecast = long_date(day) if day else _("no date given")
        yield (
            f"uc:{line['letter']}",
            {"letter": line["letter"], "day": forecast},
            [
                (_("Universal capability"), line["letter"]),
                (_("Forecast in place by"), forecast),
                (_("Universal capabilities are due by"), deadline),
            ],
        )


def _off_track_benefits(subject):
    for line in subject.snapshot.get("benefits", []):
        figures = line.get("figures") or {}
        if figures.get("rating") != BenefitRating.OFF_TRACK:
            continue
        unit = line.get("unit", "")
        yield (
            f"benefit:{line['benefit_id']}",
            {"benefit": line["description"]},
            [
                (_("Benefit"), line["description"]),
                (_("Benefit rating"), BenefitRating.OFF_TRACK.label),
                (_("Realised to date"), _amount(figures.get("realised_to_date"), unit)),
                (_("Expected to date"), _amount(figures.get("expected_to_date"), unit)),
            ],
        )


# Each kind of trouble: the lines showing it, the return section they are in, and the summary.
RED_INSIDE = (
    (_slipped_milestones, "milestones",
     gettext_lazy("Rated %(rating)s while “%(title)s” is %(days)s days later than accepted.")),
    (_late_capabilities, "capabilities",
     gettext_lazy("Rated %(rating)s while %(letter)s is forecast in place by %(day)s, after "
                  "31 March 2018.")),
    (_off_track_benefits, "benefits",
     gettext_lazy("Rated %(rating)s while the benefit “%(benefit)s” is off track.")),
)  # fmt: skip


def find_green_outside_red_inside(subject):
    rating = subject.submission.delivery_confidence if subject.submission else ""
    if rating not in GREEN_RATINGS:
        return []
    label = str(Confidence(rating).label)
    rated = evidence(
        _("The footprint's delivery confidence"), label, *subject.section_link("rating")
    )
    return [
        Found(
            key=key,
            summary=str(summary) % {"rating": label, **words},
            evidence=[rated, *evidence_at(subject.section_link(section), pairs)],
        )
        for lines, section, summary in RED_INSIDE
        for key, words, pairs in lines(subject)
    ]


# --- d. Self rating better than the assured rating ------------------------------------------


def find_self_better_than_assured(subject):
    recent = subject.returns_so_far[-QUARTERS_RUNNING:]
    if len(recent) < QUARTERS_RUNNING or recent[-1].pk != subject.progress_return.pk:
        return []
    for each in recent:
        if not (each.self_rating and each.assured_rating):
            return []
        if steps_between(each.assured_rating, each.self_rating) < STEPS_BETTER:
            return []
    items = []
    for each in recent:
        words = {"period": each.period.label}
        items += [
            evidence(_("%(period)s: the footprint's rating") % words,
                     Confidence(each.self_rating).label, "return_detail", each.pk),
            evidence(_("%(period)s: the assured rating") % words,
                     Confidence(each.assured_rating).label, "return_detail", each.pk),
        ]  # fmt: skip
    return [Found(
        key="rating",
        summary=_("The footprint rated itself %(steps)s or more steps better than NHS England's "
                  "assured rating for %(quarters)s quarters running.")
        % {"steps": STEPS_BETTER, "quarters": QUARTERS_RUNNING},
        evidence=items,
    )]  # fmt: skip


# --- e. Benefit target dates that keep moving ---------------------------------------------


def find_benefit_dates_keep_moving(subject):
    moves, last, baseline = {}, {}, {}
    for each in subject.returns_so_far:
        for line in each.snapshot.get("benefits", []):
            benefit = line["benefit_id"]
            baseline.setdefault(benefit, iso_day(line.get("baseline_target_on")))
            before = last.get(benefit) or baseline[benefit]
            after = iso_day(line.get("target_on"))
            if after is None:
                continue
            if before is not None and after > before:
                moves.setdefault(benefit, []).append((each, before, after))
            last[benefit] = after
    found = []
    for line in subject.snapshot.get("benefits", []):
        moved = moves.get(line["benefit_id"], [])
        if len(moved) < TARGET_MOVES:
            continue
        accepted = baseline[line["benefit_id"]]
        baseline_link = ("roadmap_version", subject.roadmap.pk, subject.baseline_number)
        items = [
            evidence(_("Benefit"), line["description"], *subject.section_link("benefits")),
            evidence(_("Target date in the accepted roadmap"),
                     long_date(accepted) if accepted else "", *baseline_link),
        ]  # fmt: skip
        items += [
            evidence(_("%(period)s: target date") % {"period": each.period.label},
                     _("%(after)s (was %(before)s)") % {"after": long_date(after),
                                                        "before": long_date(before)},
                     "return_detail", each.pk)
            for each, before, after in moved
        ]  # fmt: skip
        found.append(Found(
            key=f"benefit:{line['benefit_id']}",
            summary=_("The target date of “%(benefit)s” moved later in %(count)s returns, to "
                      "%(day)s.")
            % {"benefit": line["description"], "count": len(moved),
               "day": long_date(moved[-1][2])},
            evidence=items,
        ))  # fmt: skip
    return found
