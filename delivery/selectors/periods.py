"""Reading reporting periods: the admins' overview of a cycle's periods, and the assured
ratings of published periods that anyone may read."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from delivery.confidence import Confidence
from delivery.enums import ReturnState
from delivery.models import PeriodPublication, ProgressReturn, ReportingPeriod, ReturnAssurance
from roadmaps.selectors.cycle_picker import cycle_choice
from roadmaps.selectors.cycles import is_open


def tracked_cycles():
    """The cycles the national tracker offers: every one, opening on the newest that has
    started and has progress returns (a refresh whose roadmaps are not accepted yet has
    nothing to track)."""
    return cycle_choice(showing=ProgressReturn.objects.values("period__cycle_id"))


@dataclass
class PeriodRow:
    """A reporting period as the admins' page lists it."""

    period: ReportingPeriod
    is_open: bool
    has_opened: bool
    # [(state label, how many returns)] in the order of ``ReturnState``.
    counts: list
    returns: int
    released: int
    publication: PeriodPublication | None

    @property
    def publishable(self):
        return self.publication is None and self.released > 0


def periods_overview(cycle, *, now=None):
    """The cycle's reporting periods, earliest quarter first, each with its returns counted by
    state, how many assured ratings are released and its publication. Three queries."""
    now = now or timezone.now()
    periods = list(ReportingPeriod.objects.filter(cycle=cycle).order_by("period_end", "pk"))
    by_state = {}
    for period_id, state, count in (
        ProgressReturn.objects.filter(period__cycle=cycle)
        .values_list("period_id", "state")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        by_state.setdefault(period_id, {})[state] = count
    released = dict(
        ProgressReturn.objects.filter(period__cycle=cycle)
        .values_list("period_id")
        .annotate(count=Count("pk", filter=Q(assurances__released_at__isnull=False), distinct=True))
        .order_by()
    )
    publications = {
        publication.period_id: publication
        for publication in PeriodPublication.objects.filter(period__cycle=cycle).select_related(
            "published_by"
        )
    }
    rows = []
    for period in periods:
        counts = by_state.get(period.pk, {})
        rows.append(
            PeriodRow(
                period=period,
                is_open=is_open(period, now=now),
                has_opened=period.opens_at <= now,
                counts=[(label, counts.get(state, 0)) for state, label in ReturnState.choices],
                returns=sum(counts.values()),
                released=released.get(period.pk, 0),
                publication=publications.get(period.pk),
            )
        )
    return rows


@dataclass
class PublishedRating:
    """One footprint's ratings for a published period: its own, and NHS England's assured."""

    footprint: str
    lead_ccg: str
    lead_ccg_code: str
    region: str
    own: str
    assured: str

    @property
    def own_label(self):
        return Confidence(self.own).label if self.own else ""

    @property
    def assured_label(self):
        return Confidence(self.assured).label


@dataclass
class PublishedPeriod:
    period: ReportingPeriod
    publication: PeriodPublication
    ratings: list = field(default_factory=list)


def released_ratings(period_ids):
    """{period id: [PublishedRating]} from the latest released assurance of each return of
    those periods, by footprint name; a return whose assurance is not released is left out.
    One query."""
    assurances = (
        ReturnAssurance.objects.filter(
            released_at__isnull=False, progress_return__period_id__in=period_ids
        )
        .select_related(
            "submission",
            "progress_return__roadmap__footprint__lead_ccg__region",
        )
        .order_by(
            "progress_return__roadmap__footprint__name",
            "progress_return_id",
            "-submission__number",
        )
    )
    seen, found = set(), {}
    for assurance in assurances:
        progress_return = assurance.progress_return
        if progress_return.pk in seen:
            continue  # an earlier submission's assurance: the latest one stands
        seen.add(progress_return.pk)
        footprint = progress_return.roadmap.footprint
        lead = footprint.lead_ccg
        found.setdefault(progress_return.period_id, []).append(
            PublishedRating(
                footprint=footprint.name,
                lead_ccg=lead.name,
                lead_ccg_code=lead.ods_code,
                region=lead.region.name if lead.region_id else "",
                own=assurance.submission.delivery_confidence,
                assured=assurance.assured_confidence,
            )
        )
    return found


def published_rating_cycles():
    """The cycles the published ratings offer: those with a published period, opening on the
    newest. One query."""
    return cycle_choice(
        showing=PeriodPublication.objects.values("period__cycle_id"), only_showing=True
    )


def published_periods(cycle):
    """Every published period of ``cycle``, newest quarter first, with its footprints'
    released ratings. Two queries."""
    publications = list(
        PeriodPublication.objects.filter(period__cycle=cycle)
        .select_related("period", "period__cycle")
        .order_by("-period__period_end", "-pk")
    )
    ratings = released_ratings([publication.period_id for publication in publications])
    return [
        PublishedPeriod(
            period=publication.period,
            publication=publication,
            ratings=ratings.get(publication.period_id, []),
        )
        for publication in publications
    ]


def published_period(pk):
    """The published period with ``pk`` and its ratings, or None when it is not published."""
    publication = (
        PeriodPublication.objects.select_related("period", "period__cycle")
        .filter(period_id=pk)
        .first()
    )
    if publication is None:
        return None
    return PublishedPeriod(
        period=publication.period,
        publication=publication,
        ratings=released_ratings([publication.period_id]).get(publication.period_id, []),
    )
