"""What a cross-check is, as data: its id, version, statement, threshold, why it matters,
what it runs on, and the function that finds what it holds against the evidence.

The checks themselves are in ``definitions.py``; ``delivery/CHECKS.md`` writes each down
with a worked example. ``delivery.services.checks.run_checks`` runs them and stores what they
find as ``Finding`` rows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

# What a check runs on.
VERSION = "version"  # a submitted RoadmapVersion
RETURN = "return"  # a submitted ProgressReturn (its latest submission)
SUBJECT_KINDS = (VERSION, RETURN)


@dataclass(frozen=True)
class Check:
    """One cross-check. ``id`` is a stable slug; ``version`` goes up whenever the rule
    changes what it finds, so that stored findings can be recomputed (the sweep does).
    ``statement``, ``threshold`` and ``why`` are what a person reads; ``limits`` holds the
    threshold's constants by name. ``find(subject)`` returns a list of ``Found``."""

    id: str
    version: int
    statement: str
    threshold: str
    why: str
    runs_on: tuple
    find: Callable
    limits: dict = field(default_factory=dict)

    def runs_on_kind(self, kind):
        return kind in self.runs_on


def evidence(label, value, url_name=None, *args):
    """One item of a finding's evidence: what it is, its value as text, and where a page can
    link to it (``url_name`` reversed with ``args``), when it applies."""
    item = {"label": str(label), "value": str(value)}
    if url_name:
        item["url_name"] = url_name
        item["args"] = list(args)
    return item


def evidence_at(link, pairs):
    """``evidence()`` items for (label, value) pairs that all link to ``link``, a
    (url name, *args) tuple."""
    return [evidence(label, value, *link) for label, value in pairs]


@dataclass(frozen=True)
class Found:
    """What a check found about one thing of its subject: ``key`` says which ("uc:A",
    "milestone:12", "member:RR8", ...), ``summary`` says what in one line, ``evidence`` lists
    ``evidence()`` items."""

    key: str
    summary: str
    evidence: list
