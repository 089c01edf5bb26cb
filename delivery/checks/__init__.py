"""Cross-checks: every claim held against the evidence the service already has.

``CHECKS`` (``definitions.py``) lists them as data; ``check(id)`` finds one and
``checks_for(kind)`` those that run on a subject kind (``VERSION`` or ``RETURN``).
``delivery.services.checks.run_checks`` runs them and stores their findings;
``delivery/CHECKS.md`` writes each down with a worked example.
"""

from delivery.checks.definitions import CHECKS
from delivery.checks.registry import RETURN, SUBJECT_KINDS, VERSION, Check, Found, evidence

CHECKS_BY_ID = {each.id: each for each in CHECKS}


def check(check_id):
    """The check with this id, or None (a finding may outlive a check that was removed)."""
    return CHECKS_BY_ID.get(check_id)


def checks_for(kind):
    """The checks that run on subjects of ``kind``, in ``CHECKS`` order."""
    return [each for each in CHECKS if each.runs_on_kind(kind)]


def found_in(subject):
    """[(check, Found)] of every check that runs on the subject, in ``CHECKS`` order: what
    they find, stored by ``run_checks`` or shown as a preview, never written here."""
    return [(each, item) for each in checks_for(subject.kind) for item in each.find(subject)]


def current_versions(kind):
    """{check id: version} of the checks that run on ``kind`` now."""
    return {each.id: each.version for each in checks_for(kind)}


__all__ = [
    "CHECKS",
    "CHECKS_BY_ID",
    "RETURN",
    "SUBJECT_KINDS",
    "VERSION",
    "Check",
    "Found",
    "check",
    "checks_for",
    "current_versions",
    "evidence",
    "found_in",
]
