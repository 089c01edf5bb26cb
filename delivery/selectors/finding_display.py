"""What a page shows of cross-check findings: each with its check's statement and why it
matters, its evidence linked only where the person reading may open what it names, and its
stored state; and what the checks would find in a draft beside what is stored of it.

Pages build their panels from these rows (``delivery/views/finding_panels.py``); the explain
form and the sentence to raise in a decision are added there, for whoever may use them.
"""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from accounts.rules import is_nhse_staff
from delivery import checks
from delivery.selectors.returns import return_for_user
from maturity.selectors.assessments import assessment_for_user
from roadmaps.rules import can_view_footprint_maturity
from roadmaps.selectors.footprints import footprint_for_user
from roadmaps.selectors.roadmaps import roadmap_for_user


def _roadmap(user, pk):
    return roadmap_for_user(user, pk) is not None


def _return(user, pk):
    return return_for_user(user, pk) is not None


def _footprint(user, pk):
    return footprint_for_user(user, pk) is not None


def _maturity(user, pk):
    footprint = footprint_for_user(user, pk)
    return footprint is not None and can_view_footprint_maturity(user, footprint)


def _assessment(user, pk):
    return assessment_for_user(user, pk) is not None


def _national(user, *args):
    return is_nhse_staff(user)


# The pages evidence links to: what each opens (its first argument names which), and the
# rule its view lets people in by.
OPENS = {
    "roadmap_version": ("roadmap", _roadmap),
    "roadmap_tasks": ("roadmap", _roadmap),
    "return_detail": ("return", _return),
    "return_section": ("return", _return),
    "footprint_detail": ("footprint", _footprint),
    "footprint_results": ("maturity", _maturity),
    "check_answers": ("assessment", _assessment),
    "national_results": ("national", _national),
}


class EvidenceLinks:
    """Where evidence may link, for one person: an address is given only when they may open
    the page it names. Each page is asked about once; the roadmaps and returns given are
    known to be open to them (the page they are reading is about them)."""

    def __init__(self, user, *, roadmaps=(), returns=()):
        self.user = user
        self.known = {("roadmap", pk): True for pk in roadmaps}
        self.known |= {("return", pk): True for pk in returns}

    def url(self, item):
        name, args = item.get("url_name"), list(item.get("args") or ())
        if name not in OPENS:
            return ""
        kind, rule = OPENS[name]
        key = (kind, args[0] if args else None)
        if key not in self.known:
            self.known[key] = bool(rule(self.user, *args[:1]))
        if not self.known[key]:
            return ""
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            return ""


@dataclass(frozen=True)
class EvidenceItem:
    label: str
    value: str
    url: str = ""


@dataclass
class FindingRow:
    """One finding as a page shows it: found now (``summary``, ``evidence``), and the stored
    ``finding`` of the same check and key when there is one (its state and explanation).
    ``form`` and ``raise_text`` are for the view to fill in, for whoever may use them."""

    check_id: str
    key: str
    summary: str
    evidence: list
    finding: object = None
    # Found by the checks on the subject as it stands now (a stored finding may be cleared).
    found_now: bool = True
    form: object = None
    raise_text: str = ""
    check: object = field(init=False)

    def __post_init__(self):
        self.check = checks.check(self.check_id)

    @property
    def statement(self):
        return self.check.statement if self.check else self.check_id

    @property
    def why(self):
        return self.check.why if self.check else ""

    @property
    def anchor(self):
        if self.finding is not None:
            return f"finding-{self.finding.pk}"
        return "found-" + "-".join(
            "".join(c if c.isalnum() else "-" for c in part) for part in (self.check_id, self.key)
        )


def _evidence(items, links):
    return [EvidenceItem(str(item["label"]), str(item["value"]), links.url(item)) for item in items]


def stored_row(finding, links):
    return FindingRow(
        check_id=finding.check_id,
        key=finding.key,
        summary=finding.summary,
        evidence=_evidence(finding.evidence, links),
        finding=finding,
        found_now=finding.cleared_at is None,
    )


def stored_rows(findings, links):
    """(still found, no longer found): rows of stored findings, in the order given."""
    rows = [stored_row(finding, links) for finding in findings]
    return [row for row in rows if row.found_now], [row for row in rows if not row.found_now]


def previewed_rows(found, stored, links):
    """(found now, found before but not now): rows of what the checks find in a draft
    (``found``: [(check, Found)]), each with the stored finding of the same check and key
    when the subject has one; and the stored findings still found that a submission now
    would clear."""
    by_key = {(finding.check_id, finding.key): finding for finding in stored}
    rows = [
        FindingRow(
            check_id=each.id,
            key=item.key,
            summary=item.summary,
            evidence=_evidence(item.evidence, links),
            finding=by_key.pop((each.id, item.key), None),
        )
        for each, item in found
    ]
    gone = [stored_row(finding, links) for finding in by_key.values() if finding.cleared_at is None]
    for row in gone:
        row.found_now = False
    return rows, gone
