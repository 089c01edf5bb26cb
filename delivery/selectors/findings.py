"""Reading what the cross-checks found: a subject's findings in the order of the checks, the
findings a person may see, counts per footprint, and the subjects whose findings are stale
(what the sweep runs the checks on again)."""

from datetime import UTC, datetime

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from accounts.rules import is_nhse_staff, roles_by_organisation
from delivery import checks
from delivery.enums import FindingState
from delivery.models import CheckRun, Finding, ProgressReturn, ReturnAssurance, ReturnSubmission
from maturity.models import FigureComputation
from roadmaps.models import FootprintMember, RoadmapEditor, RoadmapVersion
from roadmaps.selectors.lineage import history_ids_for

# Subjects the sweep runs the checks on at most, each time.
SWEEP_BATCH = 100
# Earlier than anything the service holds: "never" in comparisons of times.
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def _in_check_order(findings):
    order = {each.id: position for position, each in enumerate(checks.CHECKS)}
    return sorted(
        findings,
        key=lambda f: (f.cleared_at is not None, order.get(f.check_id, len(order)), f.key),
    )


def findings_of(*, version=None, progress_return=None):
    """The findings of one subject (a version or a return), still found first, in the order
    of the checks, then by key; each with ``explained_by``. One query."""
    if (version is None) == (progress_return is None):
        raise ValueError("findings_of takes a roadmap version or a progress return.")
    if version is not None:
        findings = Finding.objects.filter(roadmap_version=version)
    else:
        findings = Finding.objects.filter(progress_return=progress_return)
    return _in_check_order(findings.select_related("explained_by"))


def _visible_to(user):
    if is_nhse_staff(user):
        return Q()
    footprints = FootprintMember.objects.filter(
        organisation_id__in=list(roles_by_organisation(user))
    ).values("footprint_id")
    invited = RoadmapEditor.objects.filter(user_id=user.pk).values("roadmap__footprint_id")
    history = history_ids_for(user)
    return (
        Q(footprint_id__in=footprints)
        | Q(footprint_id__in=invited)
        | Q(footprint_id__in=sorted(history))
    )


def findings_for_user(user):
    """Every finding ``user`` may see (members of the footprint's organisations, its invited
    editors, the people of a footprint it is history of, NHS England), with what a page
    about it shows."""
    if not (user.is_authenticated and user.is_active):
        return Finding.objects.none()
    return Finding.objects.filter(_visible_to(user)).select_related(
        "footprint",
        "footprint__lead_ccg",
        "explained_by",
        "roadmap_version__roadmap",
        "progress_return__roadmap",
        "progress_return__period",
    )


def finding_for_user(user, pk):
    """The finding with ``pk`` if ``user`` may see it, else None (the view answers 404)."""
    return findings_for_user(user).filter(pk=pk).first()


def open_finding_counts(footprint_ids):
    """{footprint id: findings still found and not explained}: one query."""
    return dict(
        Finding.objects.filter(
            footprint_id__in=footprint_ids, state=FindingState.OPEN, cleared_at__isnull=True
        )
        .values_list("footprint_id")
        .annotate(count=Count("pk"))
        .values_list("footprint_id", "count")
    )


# --- Stale subjects ---------------------------------------------------------------------


def _fresh_run(subject_field, current, since):
    """A run of the subject with the checks as they are now, made at or after ``since``."""
    return Exists(
        CheckRun.objects.filter(
            **{subject_field: OuterRef("pk")}, check_versions=current, ran_at__gte=since
        )
    )


def _last_run(subject_field):
    return Subquery(CheckRun.objects.filter(**{subject_field: OuterRef("pk")}).values("ran_at")[:1])


def stale_versions(*, limit=SWEEP_BATCH):
    """Roadmap versions whose checks never ran, ran with another version of a check, or ran
    before their cycle's maturity figures were last worked out; longest waiting first."""
    figures_at = FigureComputation.objects.filter(
        cycle_id=OuterRef("roadmap__footprint__cycle_id")
    ).values("computed_at")[:1]
    return list(
        RoadmapVersion.objects.annotate(
            since=Coalesce(Subquery(figures_at), Value(LONG_AGO)),
            ran_at=_last_run("roadmap_version"),
        )
        .annotate(
            fresh=_fresh_run(
                "roadmap_version", checks.current_versions(checks.VERSION), OuterRef("since")
            )
        )  # fmt: skip
        .filter(fresh=False)
        .select_related("roadmap__footprint__cycle", "roadmap__footprint__lead_ccg")
        .order_by(Coalesce("ran_at", Value(LONG_AGO)), "pk")[:limit]
    )


def _latest(model, time_field, **filters):
    rows = model.objects.filter(
        progress_return__roadmap_id=OuterRef("roadmap_id"),
        progress_return__period__period_end__lte=OuterRef("period__period_end"),
        **filters,
    ).order_by(f"-{time_field}")
    return Coalesce(Subquery(rows.values(time_field)[:1]), Value(LONG_AGO))


def stale_returns(*, limit=SWEEP_BATCH):
    """Submitted progress returns whose checks never ran, ran with another version of a
    check, or ran before the latest submission or released assurance of the roadmap's
    returns up to theirs; longest waiting first."""
    if limit <= 0:
        return []
    submitted = ReturnSubmission.objects.filter(progress_return=OuterRef("pk"))
    return list(
        ProgressReturn.objects.filter(Exists(submitted))
        .annotate(
            since=Greatest(
                _latest(ReturnSubmission, "submitted_at"),
                _latest(ReturnAssurance, "released_at", released_at__isnull=False),
            ),
            ran_at=_last_run("progress_return"),
        )
        .annotate(
            fresh=_fresh_run(
                "progress_return", checks.current_versions(checks.RETURN), OuterRef("since")
            )
        )  # fmt: skip
        .filter(fresh=False)
        .select_related("roadmap__footprint__cycle", "roadmap__footprint__lead_ccg", "period")
        .order_by(Coalesce("ran_at", Value(LONG_AGO)), "pk")[:limit]
    )
