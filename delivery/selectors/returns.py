"""Reading progress returns: which a person may see, the baseline a return reports against,
and a return's lines with what is computed from them."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from accounts.rules import is_nhse_staff, roles_by_organisation
from delivery import suggestion
from delivery.models import ProgressReturn, ReportingPeriod, ReturnSubmission
from delivery.selectors.benefits import benefits_with_figures
from roadmaps.enums import ReviewDecision, RoadmapState
from roadmaps.models import FootprintMember, RoadmapEditor, RoadmapVersion
from roadmaps.selectors.review import reviewable_region_ids

TRACKED_ROADMAP_STATES = (RoadmapState.ACCEPTED, RoadmapState.PUBLISHED)


def accepted_version(roadmap):
    """The roadmap's latest accepted version (its released review accepted it), or None."""
    return (
        RoadmapVersion.objects.filter(
            roadmap=roadmap,
            review__decision=ReviewDecision.ACCEPT,
            review__released_at__isnull=False,
        )
        .order_by("-number")
        .first()
    )


def previous_return(roadmap, period):
    """The roadmap's return for the latest period that ended before ``period``, or None."""
    return (
        ProgressReturn.objects.filter(roadmap=roadmap, period__period_end__lt=period.period_end)
        .order_by("-period__period_end")
        .first()
    )


def _visible_to(user):
    """A filter of the returns ``user`` may see: NHS England sees all; others see the returns
    of footprints one of their organisations is in, or whose roadmap they were asked to edit."""
    if is_nhse_staff(user):
        return Q()
    organisation_ids = list(roles_by_organisation(user))
    footprints = FootprintMember.objects.filter(organisation_id__in=organisation_ids).values(
        "footprint_id"
    )
    invited = RoadmapEditor.objects.filter(user_id=user.pk).values("roadmap_id")
    return Q(roadmap__footprint_id__in=footprints) | Q(roadmap_id__in=invited)


def returns_for_user(user):
    """Every return ``user`` may see, with what its pages show, newest period first."""
    if not (user.is_authenticated and user.is_active):
        return ProgressReturn.objects.none()
    return (
        ProgressReturn.objects.filter(_visible_to(user))
        .select_related(
            "period",
            "period__cycle",
            "roadmap",
            "roadmap__footprint",
            "roadmap__footprint__cycle",
            "roadmap__footprint__lead_ccg",
            "roadmap__footprint__lead_ccg__region",
        )
        .prefetch_related("roadmap__footprint__members", "roadmap__editors")
        .order_by("-period__period_end", "roadmap__footprint__name", "pk")
    )


def return_for_user(user, pk):
    """The return with ``pk`` if ``user`` may see it, else None (the view answers 404)."""
    return returns_for_user(user).filter(pk=pk).first()


def regions_reviewed_by(user):
    """None for a national reviewer (every region), else the ids of the regions the user
    reviews (empty for someone who reviews none: an NHS England admin is not a reviewer).
    The roadmap review's own rule, so a return is assured by whoever reviews its roadmap."""
    return reviewable_region_ids(user)


def periods_of(cycle):
    return list(ReportingPeriod.objects.filter(cycle=cycle).order_by("period_end"))


def latest_submission(progress_return):
    return (
        ReturnSubmission.objects.filter(progress_return=progress_return)
        .select_related("assurance")
        .order_by("-number")
        .first()
    )


def last_quarter_rating(progress_return):
    """The rating the footprint last submitted for the return before this one, or ""."""
    if progress_return.previous_id is None:
        return ""
    latest = (
        ReturnSubmission.objects.filter(progress_return_id=progress_return.previous_id)
        .order_by("-number")
        .first()
    )
    return latest.delivery_confidence if latest else ""


@dataclass
class ReturnFigures:
    """A return's lines, each with what is computed for it, and the suggested rating."""

    milestones: list
    capabilities: list
    deployments: list
    risks: list
    suggestion: suggestion.Suggestion
    # Each with its realisation (``delivery/benefits.py``).
    benefits: list = field(default_factory=list)

    @property
    def capabilities_after_deadline(self):
        return [line for line in self.capabilities if line.after_deadline]


def return_figures(progress_return, *, on=None, earlier_benefits=None):
    """The lines of ``progress_return`` with slippage and drift on each milestone and
    capability, the realisation of each benefit, and the suggested rating: six queries (five
    with ``earlier_benefits``, the earlier benefit lines by benefit id, already read)."""
    milestones = list(progress_return.milestones.all())
    capabilities = list(progress_return.capabilities.all())
    deployments = list(progress_return.deployments.all())
    risks = list(progress_return.risks.all())
    for line in milestones:
        line.slippage = suggestion.slippage(line)
        line.drift = suggestion.drift(line)
    for line in capabilities:
        line.slippage = suggestion.capability_slippage(line)
        line.drift = suggestion.capability_drift(line)
        line.after_deadline = suggestion.forecast_after_deadline(line)
    # Judged at the quarter's end, the day the return reports on.
    on = on or progress_return.period.period_end
    return ReturnFigures(
        milestones=milestones,
        capabilities=capabilities,
        deployments=deployments,
        risks=risks,
        suggestion=suggestion.suggest(
            milestones=milestones,
            capabilities=capabilities,
            deployments=deployments,
            risks=risks,
            on=on,
        ),
        benefits=benefits_with_figures(progress_return, earlier_benefits),
    )


def returns_with_lines():
    """Returns with their lines prefetched (for snapshots and exports)."""
    return ProgressReturn.objects.prefetch_related(
        Prefetch("milestones"), Prefetch("capabilities"), Prefetch("deployments"),
        Prefetch("risks"), Prefetch("benefits"),
    )  # fmt: skip
