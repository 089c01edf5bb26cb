"""The panel of cross-check findings on the pages where they are read and explained: the
roadmap's review page and check page (added through ``roadmaps.panels``, since roadmaps never
imports delivery), and the progress return's assurance page and check page.

Each finding shows its check's statement, its summary, its evidence (linked where the person
may open it), why it matters and its state; whoever may explain it gets the explain form, and
a reviewer deciding on the subject gets a sentence to raise it in the decision. Before a
submission the footprint's check page shows what the checks would find in the draft.
"""

from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from delivery import rules
from delivery.checks.preview import preview_findings, preview_return_findings
from delivery.enums import FindingState
from delivery.forms.findings import ExplainForm
from delivery.models import CheckRun
from delivery.selectors.finding_display import (
    EvidenceLinks,
    previewed_rows,
    stored_rows,
)
from delivery.selectors.findings import findings_of
from roadmaps.selectors.review import latest_version

PANEL = "delivery/findings/panel.html"
PANELS = "delivery/findings/panels.html"


@dataclass
class Panel:
    """What ``delivery/findings/panel.html`` shows."""

    id: str
    title: str
    intro: str
    empty: str
    rows: list = field(default_factory=list)
    folded: list = field(default_factory=list)
    folded_title: str = ""
    # The id of the decision's message field a finding can be raised in ("" for none).
    raise_into: str = ""


def _offer(user, rows, *, next_url, raise_words=""):
    """The explain form on each stored finding still found, open, that ``user`` may explain;
    the sentence to raise it in a decision, when ``raise_words`` are given."""
    for row in rows:
        finding = row.finding
        if (
            finding is not None
            and row.found_now
            and finding.cleared_at is None
            and finding.state == FindingState.OPEN
            and rules.can_explain_finding(user, finding)
        ):
            row.form = ExplainForm(finding=finding, next_url=next_url)
        if raise_words and row.found_now:
            row.raise_text = raise_words % {"summary": row.summary}
    return rows


def _stored(version=None, progress_return=None):
    """The subject's findings, each holding the subject already loaded."""
    findings = findings_of(version=version, progress_return=progress_return)
    for finding in findings:
        if version is not None:
            finding.roadmap_version = version
        else:
            finding.progress_return = progress_return
    return findings


def _stored_panel(request, *, version=None, progress_return=None, panel, raise_words=""):
    findings = _stored(version=version, progress_return=progress_return)
    subject = progress_return or version
    links = EvidenceLinks(
        request.user,
        roadmaps=[subject.roadmap_id],
        returns=[progress_return.pk] if progress_return else [],
    )
    rows, folded = stored_rows(findings, links)
    next_url = request.get_full_path()
    panel.rows = _offer(request.user, rows, next_url=next_url, raise_words=raise_words)
    panel.folded = folded
    panel.folded_title = panel.folded_title or _("No longer found")
    ran = CheckRun.objects.filter(roadmap_version=version, progress_return=progress_return)
    if not findings and not ran.exists():
        panel.empty = _("The cross-checks have not run on it yet: they run soon after it is "
                        "submitted, and again every 15 minutes until they have.")  # fmt: skip
    return panel


RAISE_WORDS = gettext_lazy("The cross-checks found: %(summary)s Please explain this, or say "
                           "what you will change.")  # fmt: skip


# --- The roadmap's pages (roadmaps.panels) ---------------------------------------------


def review_panel(request, *, roadmap, version, decision_field=""):
    """On the review page of a submitted version, for NHS England's reviewers."""
    words = {"number": version.number}
    panel = Panel(
        id="findings",
        title=_("Findings of the cross-checks"),
        intro=_(
            "What the cross-checks found in version %(number)s, held against the providers' "
            "self-assessments and maturity results and the members' sign-offs. Explain a "
            "finding with a note when it needs no change, or raise it in your decision."
        ) % words,
        empty=_("The cross-checks found nothing in version %(number)s.") % words,
        raise_into=decision_field,
    )  # fmt: skip
    _stored_panel(request, version=version, panel=panel,
                  raise_words=RAISE_WORDS if decision_field else "")  # fmt: skip
    return render_to_string(PANEL, {"panel": panel}, request=request)


def _draft_panel(request, roadmap):
    links = EvidenceLinks(request.user, roadmaps=[roadmap.pk])
    rows, _gone = previewed_rows(preview_findings(roadmap), [], links)
    return Panel(
        id="findings-draft",
        title=_("What the cross-checks would find"),
        intro=_(
            "NHS England runs these checks on every roadmap submitted. Here they are run on the "
            "draft as it stands, and nothing is stored: put right what you can before you "
            "submit. Once it is submitted, NHS England's reviewers read what they find."
        ),
        empty=_("As the draft stands, the cross-checks find nothing."),
        rows=rows,
    )


def _version_panel(request, version, *, with_footprint):
    words = {"number": version.number}
    intro = [_("What the cross-checks found in version %(number)s, as NHS England's reviewers "
               "read it.") % words]  # fmt: skip
    if with_footprint:
        intro.append(_("While the roadmap is back with the footprint, the lead CCG's editors "
                       "and approvers can explain a finding; the explanation stays with "
                       "version %(number)s.") % words)  # fmt: skip
    panel = Panel(
        id="findings",
        title=_("Findings of version %(number)s") % words,
        intro=" ".join(intro),
        empty=_("The cross-checks found nothing in version %(number)s.") % words,
    )
    return _stored_panel(request, version=version, panel=panel)


def check_panel(request, *, roadmap):
    """On the roadmap's check page: while it is with the footprint, what the checks would find
    in the draft, and the findings of its last version (which its lead may explain then);
    once submitted, the findings of the version submitted."""
    with_footprint = rules.is_roadmap_with_footprint(roadmap)
    panels = [_draft_panel(request, roadmap)] if with_footprint else []
    version = latest_version(roadmap)
    if version is not None:
        version.roadmap = roadmap
        panels.append(_version_panel(request, version, with_footprint=with_footprint))
    return render_to_string(PANELS, {"panels": panels}, request=request)


# --- The progress return's pages --------------------------------------------------------


def assurance_panel(request, progress_return, *, decision_field=""):
    """The panel for the assurance page, for NHS England."""
    panel = Panel(
        id="findings",
        title=_("Findings of the cross-checks"),
        intro=_(
            "What the cross-checks found in this return, held against its own lines, the "
            "roadmap's earlier returns and the assured ratings. Explain a finding with a note "
            "when it needs nothing more, or raise it in your comment to the footprint."
        ),
        empty=_("The cross-checks found nothing in this return."),
        raise_into=decision_field,
    )
    return _stored_panel(request, progress_return=progress_return, panel=panel,
                         raise_words=RAISE_WORDS if decision_field else "")  # fmt: skip


def return_check_panel(request, progress_return, snapshot):
    """The panel for the return's check page: while the return is with the footprint, what
    the checks would find in it as it stands (``snapshot``), with what is stored of its
    earlier submission; once submitted, what they found."""
    if not rules.is_return_with_footprint(progress_return):
        return _stored_panel(request, progress_return=progress_return, panel=Panel(
            id="findings",
            title=_("Findings of the cross-checks"),
            intro=_("What the cross-checks found in the return submitted, as NHS England's "
                    "reviewers read it."),
            empty=_("The cross-checks found nothing in this return."),
        ))  # fmt: skip
    stored = _stored(progress_return=progress_return)
    links = EvidenceLinks(
        request.user, roadmaps=[progress_return.roadmap_id], returns=[progress_return.pk]
    )
    rows, gone = previewed_rows(preview_return_findings(progress_return, snapshot), stored, links)
    intro = _(
        "NHS England runs these checks on every return submitted. Here they are run on the "
        "return as it stands, and nothing new is stored: put right what you can before it is "
        "submitted."
    )
    if stored:
        intro += " " + _(
            "Where the return submitted before had the same finding, its state is shown; the "
            "lead CCG's editors and approvers can explain it until the return is submitted "
            "again."
        )
    return Panel(
        id="findings",
        title=_("What the cross-checks would find"),
        intro=intro,
        empty=_("As the return stands, the cross-checks find nothing."),
        rows=_offer(request.user, rows, next_url=request.get_full_path()),
        folded=gone,
        folded_title=_("Found in the return submitted, but not in the return as it stands"),
    )
