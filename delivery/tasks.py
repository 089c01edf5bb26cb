"""Background work of delivery tracking."""

from dataclasses import asdict

from celery import shared_task

from delivery.models import ProgressReturn
from delivery.selectors.findings import SWEEP_BATCH, stale_returns, stale_versions
from delivery.services import checks
from delivery.services.returns import open_returns as open_returns_now
from roadmaps.models import RoadmapVersion


@shared_task(name="delivery.open_returns")
def open_returns():
    """Open a progress return for every accepted roadmap in every open reporting period.

    Driven by the database (which periods are open, which roadmaps lack a return), so a run
    that was missed or ran twice, even by two beats at once, leaves one return each."""
    return open_returns_now()


@shared_task(name="delivery.run_checks_for_version")
def run_checks_for_version(version_id):
    """Run the cross-checks on a submitted roadmap version; a version that is gone is left."""
    version = RoadmapVersion.objects.filter(pk=version_id).first()
    if version is None:
        return None
    return asdict(checks.run_checks(version=version))


@shared_task(name="delivery.run_checks_for_return")
def run_checks_for_return(progress_return_id):
    """Run the cross-checks on a submitted progress return; a return that is gone is left."""
    progress_return = ProgressReturn.objects.filter(pk=progress_return_id).first()
    if progress_return is None:
        return None
    return asdict(checks.run_checks(progress_return=progress_return))


@shared_task(name="delivery.sweep_checks")
def sweep_checks(limit=SWEEP_BATCH):
    """Run the checks again on subjects whose findings are stale: never run, run with an
    older version of a check, run before the cycle's maturity figures were last worked out
    (versions), or before the return's latest submission or released assurance (returns).
    At most ``limit`` subjects a sweep, the longest waiting first; the next sweep takes the
    rest. Safe to run twice, or by two beats at once."""
    ran = 0
    for version in stale_versions(limit=limit):
        checks.run_checks(version=version)
        ran += 1
    for progress_return in stale_returns(limit=max(limit - ran, 0)):
        checks.run_checks(progress_return=progress_return)
        ran += 1
    return {"ran": ran}


def queue_version_checks(version_id):
    """Called by ``roadmaps.services.submission`` after a version is submitted and
    committed (``AFTER_SUBMIT``)."""
    run_checks_for_version.delay(version_id)
