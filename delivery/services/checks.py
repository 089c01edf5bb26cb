"""Running the cross-checks on a subject and storing what they find, and explaining a finding
(DESIGN section 7; the checks are ``delivery/checks``, written down in ``delivery/CHECKS.md``).

A run is idempotent: the subject's findings become exactly what the checks find now, matched
by (check, key). A finding no longer found is kept with ``cleared_at`` for the audit trail; one
found again is uncleared; an explanation is never lost by a run.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import ActionRefused
from accounts.transitions import authorise
from delivery import checks, rules
from delivery.checks.subject import Subject
from delivery.enums import FindingState
from delivery.models import CheckRun, Finding
from delivery.services.returns import lock_return
from delivery.transitions import FINDING
from roadmaps.models import Roadmap


@dataclass(frozen=True)
class RunCounts:
    """What one run of a subject's checks did."""

    found: int = 0
    new: int = 0
    cleared: int = 0
    reappeared: int = 0
    open: int = 0


def _subject_filter(version, progress_return):
    if version is not None:
        return {"roadmap_version": version}
    return {"progress_return": progress_return}


def _lock_run(subject_filter, now):
    """The subject's CheckRun row, made if need be and locked: one run of a subject at a
    time, however many tasks ask at once."""
    CheckRun.objects.bulk_create([CheckRun(**subject_filter, ran_at=now)], ignore_conflicts=True)
    return CheckRun.objects.select_for_update().get(**subject_filter)


def _found_now(subject):
    """{(check id, key): (check, Found)} of every check that runs on the subject."""
    return {(check.id, item.key): (check, item) for check, item in checks.found_in(subject)}


def _store(subject_filter, footprint, found, now):
    """Upsert the found findings by (check, key) and clear those no longer found."""
    stored = {
        (finding.check_id, finding.key): finding
        for finding in Finding.objects.select_for_update().filter(**subject_filter)
    }
    new, reappeared, changed = [], 0, []
    for key, (check, item) in found.items():
        finding = stored.get(key)
        if finding is None:
            new.append(Finding(
                **subject_filter, footprint=footprint, check_id=check.id,
                check_version=check.version, key=item.key, summary=item.summary,
                evidence=item.evidence, first_found_at=now, computed_at=now,
            ))  # fmt: skip
            continue
        reappeared += finding.cleared_at is not None
        finding.check_version = check.version
        finding.summary = item.summary
        finding.evidence = item.evidence
        finding.computed_at = now
        finding.cleared_at = None
        changed.append(finding)
    gone = [
        finding
        for key, finding in stored.items()
        if key not in found and finding.cleared_at is None
    ]
    for finding in gone:
        finding.cleared_at = now
    Finding.objects.bulk_create(new)
    Finding.objects.bulk_update(
        changed, ["check_version", "summary", "evidence", "computed_at", "cleared_at"]
    )
    Finding.objects.bulk_update(gone, ["cleared_at"])
    return len(new), reappeared, len(gone)


def run_checks(*, version=None, progress_return=None):
    """Run every check that applies to one submitted roadmap version or one submitted
    progress return (exactly one of them), and make its stored findings what they find now.

    Guarantees: one run of a subject at a time; running it again with nothing changed
    changes no finding's state, note or first-found time, only when it was last computed;
    a finding no longer found gets ``cleared_at`` and is kept; a cleared one found again is
    uncleared, keeping its explanation. A return never submitted is left alone. Returns
    ``RunCounts``.
    """
    if (version is None) == (progress_return is None):
        raise ValueError("run_checks takes a roadmap version or a progress return.")
    subject = Subject(version=version, progress_return=progress_return)
    if progress_return is not None and subject.submission is None:
        return RunCounts()
    subject_filter = _subject_filter(version, progress_return)
    with transaction.atomic():
        now = timezone.now()
        run = _lock_run(subject_filter, now)
        found = _found_now(subject)
        new, reappeared, cleared = _store(subject_filter, subject.footprint, found, now)
        run.ran_at = now
        run.check_versions = checks.current_versions(subject.kind)
        run.save(update_fields=["ran_at", "check_versions"])
        still_open = Finding.objects.filter(
            **subject_filter, cleared_at__isnull=True, state=FindingState.OPEN
        ).count()
    return RunCounts(
        found=len(found), new=new, cleared=cleared, reappeared=reappeared, open=still_open
    )


def lock_finding(finding):
    """The finding row locked, and the state its subject is in locked with it (the return,
    or the version's roadmap): whether the lead CCG may explain it depends on that state."""
    locked = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("footprint__lead_ccg", "roadmap_version")
        .get(pk=finding.pk)
    )
    if locked.progress_return_id is not None:
        locked.progress_return = lock_return(locked.progress_return)
    else:
        locked.roadmap_version.roadmap = (
            Roadmap.objects.select_for_update(of=("self",))
            .select_related("footprint__lead_ccg")
            .get(pk=locked.roadmap_version.roadmap_id)
        )
    return locked


@transaction.atomic
def explain_finding(*, finding, note, explained_by):
    """Mark an open finding explained with a note: by NHS England reviewers of the
    footprint's region (or national ones), or by the lead CCG's editors and approvers while
    the roadmap or return is back with the footprint. One audit event. A finding no longer
    found needs no explanation and is refused."""
    note = (note or "").strip()
    if not note:
        raise ActionRefused(
            _("Write a note that explains the finding: say why it is not a problem, or what is "
              "being done about it.")
        )  # fmt: skip
    locked = lock_finding(finding)
    FINDING.check(locked, "explain_finding")
    authorise(rules.can_explain_finding, explained_by, locked, reason=rules.ONLY_FINDING_EXPLAINERS)
    if locked.cleared_at is not None:
        raise ActionRefused(_("This finding is no longer found, so it needs no explanation."))
    FINDING.move(
        locked,
        "explain_finding",
        by=explained_by,
        organisation=locked.footprint.lead_ccg,
        after={"check": locked.check_id, "key": locked.key, "note": note},
        note=note,
        explained_by=explained_by,
        explained_at=timezone.now(),
    )
    return locked
