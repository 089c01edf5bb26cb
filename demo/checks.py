"""The cross-checks run on demonstration data in one go (``load_demo`` and ``seed_national``),
rather than one Celery task per submission: every submitted roadmap version and progress
return whose findings are stale, as the sweep (``delivery.sweep_checks``) would find them, so
that afterwards the sweep has nothing to do."""

from collections import Counter
from contextlib import nullcontext

from delivery import checks
from delivery.models import Finding, ProgressReturn
from delivery.selectors.findings import stale_returns, stale_versions
from delivery.services.checks import run_checks
from roadmaps.models import RoadmapVersion


def run_every_check(*, clock=None):
    """Run the checks on every stale version, then on every stale return, each in the order
    its evidence was complete: a version once submitted and once its cycle's maturity figures
    were worked out, a return once it and the roadmap's returns before it were submitted and
    assured. ``clock(moment)``, when given, is a context manager that stands the clock at that
    moment, so that each run is dated then. Returns (versions, returns) run."""
    versions = [
        (max(version.since, version.submitted_at), version.pk, version)
        for version in stale_versions(limit=RoadmapVersion.objects.count())
    ]
    returns = [
        (each.since, each.pk, each) for each in stale_returns(limit=ProgressReturn.objects.count())
    ]
    for moment, _pk, version in sorted(versions):
        with clock(moment) if clock else nullcontext():
            run_checks(version=version)
    for moment, _pk, progress_return in sorted(returns):
        with clock(moment) if clock else nullcontext():
            run_checks(progress_return=progress_return)
    return len(versions), len(returns)


def findings_by_check():
    """{check id: findings still found}, every check in the order of ``CHECKS``."""
    found = Counter(
        Finding.objects.filter(cleared_at__isnull=True).values_list("check_id", flat=True)
    )
    return {each.id: found[each.id] for each in checks.CHECKS}
