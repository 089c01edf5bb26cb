"""Benefits rolled up from progress returns, nationally (the delivery tracker's benefits view)
and for one footprint (its delivery history). The definitions are written down in
``delivery/BENEFITS.md`` ("Roll-ups"); each line's figures and rating are
``delivery.benefits.realisation``'s.

Only submitted and accepted returns count: a draft, one awaiting sign-off and one sent back
for more information say nothing yet. A benefit is counted once, from its latest line (the
latest counted return that reports it); realised money and lines with no data are counted
over every counted line.

A fixed number of queries however many footprints there are: the tracked roadmaps with their
lead CCG (one), their returns' ratings when a rating filter is chosen (one), and every counted
benefit line with its return and period (one). The figures are worked out in Python.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from delivery.benefits import amount, financial_year, planned_total, profile_total, realisation
from delivery.enums import BenefitRating, ReturnState
from delivery.models import ProgressReturn, ReturnBenefit
from delivery.selectors.ratings import matches, with_ratings
from delivery.selectors.tracker import tracked_roadmaps
from roadmaps.enums import MONEY_CATEGORIES, BenefitCategory, CapabilityGroup, UniversalCapability
from roadmaps.roadmap_sections import YEARS, year_label

# The returns whose benefit lines count.
COUNTED_STATES = (ReturnState.SUBMITTED, ReturnState.ACCEPTED)
# The ratings a benefit line can have, in the columns' order; No data is its own column.
RATED = (BenefitRating.ON_TRACK, BenefitRating.AT_RISK, BenefitRating.OFF_TRACK)
NON_MONEY_CATEGORIES = tuple(c for c in BenefitCategory.values if c not in MONEY_CATEGORIES)
ZERO = Decimal(0)


@dataclass(frozen=True)
class BenefitStanding:
    """A benefit as its latest counted line reports it, with that line's figures."""

    roadmap: object
    line: ReturnBenefit
    period: object
    figures: object  # delivery.benefits.Realisation
    key: tuple = ()  # (roadmap id, benefit id)

    @property
    def footprint(self):
        return self.roadmap.footprint

    @property
    def lead_ccg(self):
        return self.roadmap.footprint.lead_ccg

    @property
    def no_data(self):
        return self.line.actual is None

    @property
    def planned(self):
        """The profile's total (money, in pounds), else the target (in the measure's unit)."""
        return planned_total(self.line)

    @property
    def category_label(self):
        return BenefitCategory(self.line.category).label

    @property
    def letter_label(self):
        letter = self.line.capability_letter
        return f"{letter}: {UniversalCapability(letter).label}" if letter else ""

    @property
    def group_label(self):
        group = self.line.capability_group
        return CapabilityGroup(group).label if group else ""

    @property
    def rating_label(self):
        return BenefitRating(self.figures.rating).label

    @property
    def suggested_label(self):
        return BenefitRating(self.figures.suggested).label

    @property
    def days_later(self):
        """Days the target date is later than accepted (0 when not later)."""
        return max(self.figures.target_days_later or 0, 0)

    @property
    def days_earlier(self):
        return max(-(self.figures.target_days_later or 0), 0)

    @property
    def overridden(self):
        return self.figures.rating != self.figures.suggested


@dataclass(frozen=True)
class MoneyYear:
    """Money benefits in one financial year: planned, forecast and realised pounds, and how
    many money lines reported no data (``realised`` and ``no_data`` are None for a year no
    counted return falls in yet, whose forecast is the plan)."""

    year: int
    planned: Decimal
    forecast: Decimal
    realised: Decimal | None
    no_data: int | None

    @property
    def label(self):
        return year_label(self.year)

    @property
    def reported(self):
        return self.realised is not None


@dataclass(frozen=True)
class CategoryRatings:
    """How many benefits of one category have each rating (``counts`` in ``RATED`` order) and
    how many have no data."""

    category: str
    counts: tuple
    no_data: int

    @property
    def label(self):
        return BenefitCategory(self.category).label

    @property
    def total(self):
        return sum(self.counts) + self.no_data


@dataclass
class CapabilityBenefits:
    """The benefits one universal capability or capability group enables, and the money
    planned from them."""

    code: str
    label: str
    benefits: int = 0
    money_benefits: int = 0
    planned: Decimal = ZERO


@dataclass(frozen=True)
class BenefitsRollup:
    period: object  # the counted returns are this period's and earlier ones (None: all)
    benefits: list  # BenefitStanding, by footprint then position
    years: list  # MoneyYear
    categories: list  # CategoryRatings of the non-money categories
    letters: list  # CapabilityBenefits, A to J
    groups: list  # CapabilityBenefits, the groups' order
    footprints: int = 0  # footprints in view
    reporting: int = 0  # footprints in view with a counted benefit line
    money: list = field(default_factory=list)  # the money benefits among ``benefits``

    @property
    def any_money(self):
        return bool(self.money)


def counted_lines(returns):
    """The benefit lines of the counted ones among ``returns`` (a ProgressReturn queryset),
    oldest period first, with their return and period: one query."""
    return list(
        ReturnBenefit.objects.filter(
            progress_return__in=returns.filter(state__in=COUNTED_STATES).values("pk")
        )
        .select_related("progress_return__period")
        .order_by("progress_return__period__period_end", "position", "pk")
    )


def _money_years(lines_by_benefit, latest):
    """Planned, forecast and realised pounds per financial year over the money benefits."""
    years = set(YEARS)
    for standing in latest:
        years |= {int(label[:4]) for label in standing.line.profile}
    realised, no_data = defaultdict(Decimal), defaultdict(int)
    # {(benefit key, year): forecast for the year in the benefit's latest line in it}
    forecasts, reported = {}, set()
    for key, lines in lines_by_benefit.items():
        for line in lines:
            if not line.is_money:
                continue
            year = financial_year(line.progress_return.period.period_end)
            reported.add(year)
            years.add(year)
            if line.actual is None:
                no_data[year] += 1
            else:
                realised[year] += line.actual
            forecasts[key, year] = line.forecast_year
    result = []
    for year in sorted(years):
        planned = forecast = ZERO
        for standing in latest:
            plan = amount(standing.line.profile.get(year_label(year))) or ZERO
            planned += plan
            given = forecasts.get((standing.key, year))
            forecast += plan if given is None else given
        result.append(
            MoneyYear(
                year=year,
                planned=planned,
                forecast=forecast,
                realised=realised[year] if year in reported else None,
                no_data=no_data[year] if year in reported else None,
            )
        )
    return result


def _categories(latest):
    counts = {category: dict.fromkeys(BenefitRating.values, 0) for category in NON_MONEY_CATEGORIES}
    for standing in latest:
        if standing.line.category in counts:
            counts[standing.line.category][standing.figures.rating] += 1
    return [
        CategoryRatings(
            category=category,
            counts=tuple(counts[category][rating] for rating in RATED),
            no_data=counts[category][BenefitRating.NO_DATA],
        )
        for category in NON_MONEY_CATEGORIES
    ]


def _capabilities(latest):
    letters = {
        letter: CapabilityBenefits(letter, f"{letter}: {label}")
        for letter, label in UniversalCapability.choices
    }
    groups = {
        group: CapabilityBenefits(group, str(label)) for group, label in CapabilityGroup.choices
    }
    for standing in latest:
        line = standing.line
        for enabler in (letters.get(line.capability_letter), groups.get(line.capability_group)):
            if enabler is None:
                continue
            enabler.benefits += 1
            if line.is_money:
                enabler.money_benefits += 1
                enabler.planned += profile_total(line.profile)
    return list(letters.values()), list(groups.values())


def rollup(lines, roadmaps, *, period=None):
    """The roll-up of ``lines`` (``counted_lines``, oldest first) of ``roadmaps`` (in the
    order to list them, with footprint and lead CCG loaded)."""
    in_view = {roadmap.pk: roadmap for roadmap in roadmaps}
    lines_by_benefit = defaultdict(list)
    for line in lines:
        roadmap_pk = line.progress_return.roadmap_id
        if roadmap_pk in in_view:
            lines_by_benefit[roadmap_pk, line.benefit_id].append(line)
    order = {pk: index for index, pk in enumerate(in_view)}
    latest = []
    for key, benefit_lines in lines_by_benefit.items():
        *earlier, line = benefit_lines
        period_of_line = line.progress_return.period
        latest.append(
            BenefitStanding(
                roadmap=in_view[key[0]],
                line=line,
                period=period_of_line,
                figures=realisation(line, period_of_line.period_end, earlier),
                key=key,
            )
        )
    latest.sort(key=lambda each: (order[each.roadmap.pk], each.line.position, each.line.pk))
    letters, groups = _capabilities(latest)
    return BenefitsRollup(
        period=period,
        benefits=latest,
        years=_money_years(lines_by_benefit, [each for each in latest if each.line.is_money]),
        categories=_categories(latest),
        letters=letters,
        groups=groups,
        footprints=len(in_view),
        reporting=len({each.roadmap.pk for each in latest}),
        money=[each for each in latest if each.line.is_money],
    )


def benefits_rollup(
    *, cycle, period, region_code="", local_office_code="", self_rating="", assured_rating=""
):
    """The national roll-up of ``cycle``'s tracked footprints, filtered as the tracker is
    (their region, local office and ratings for ``period``), from their counted returns for
    ``period`` and the periods before it. A fixed number of queries."""
    if cycle is None or period is None:
        return rollup([], [], period=period)
    roadmaps = tracked_roadmaps(
        cycle=cycle, region_code=region_code, local_office_code=local_office_code
    )
    loaded = list(
        roadmaps.select_related(
            "footprint", "footprint__lead_ccg", "footprint__lead_ccg__region",
            "footprint__lead_ccg__parent",
        ).order_by("footprint__name", "pk")
    )  # fmt: skip
    if self_rating or assured_rating:
        ratings = {
            row["roadmap_id"]: row
            for row in with_ratings(
                ProgressReturn.objects.filter(roadmap__in=roadmaps.values("pk"), period=period)
            ).values("roadmap_id", "self_rating", "assured_rating")
        }
        loaded = [
            roadmap
            for roadmap in loaded
            if matches(ratings.get(roadmap.pk, {}).get("self_rating"), self_rating)
            and matches(ratings.get(roadmap.pk, {}).get("assured_rating"), assured_rating)
        ]
    returns = ProgressReturn.objects.filter(
        roadmap__in=roadmaps.values("pk"),
        period__cycle=cycle,
        period__period_end__lte=period.period_end,
    )
    return rollup(counted_lines(returns), loaded, period=period)


def footprint_benefits(roadmap):
    """The roll-up of one footprint's counted returns, all of them: one query. ``roadmap``
    comes with its footprint and lead CCG."""
    return rollup(counted_lines(ProgressReturn.objects.filter(roadmap=roadmap)), [roadmap])
