"""A submitted version's snapshot laid out for reading: the same sections, in the same order,
for its printable page and its PDF. A section the snapshot lacks reads as not recorded."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from roadmaps.enums import AttachmentKind, CapabilityGroup, MemberRole, RiskLevel
from roadmaps.roadmap_sections import SECTIONS, TEXT_KINDS, YEARS, year_label


@dataclass
class Table:
    header: list
    rows: list


@dataclass
class Record:
    heading: str
    pairs: list


@dataclass
class ShownSection:
    key: str
    title: str
    recorded: bool = True
    texts: list = field(default_factory=list)
    records: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    # The baseline section's figures as the draft shows them (see ``_baseline``).
    has_baseline: bool = False
    baseline: dict | None = None


def _label(choices, value):
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def show_date(iso):
    """ "2018-03-31" -> "31 March 2018"; anything else as it is."""
    try:
        return format_date(date.fromisoformat(iso), "j F Y")
    except (TypeError, ValueError):
        return iso or ""


def footprint_facts(snapshot):
    footprint = snapshot.get("footprint") or {}
    members = Table(
        [_("Organisation"), _("ODS code"), _("Role")],
        [
            [m.get("name", ""), m.get("ods_code", ""), _label(MemberRole, m.get("role", ""))]
            for m in footprint.get("members", [])
        ],
    )
    facts = [
        (_("Footprint"), footprint.get("name", "")),
        (_("Cycle"), footprint.get("cycle", "")),
        (_("Lead CCG"), footprint.get("lead_ccg", "")),
        (_("NHS England region"), footprint.get("region", "")),
    ]
    return facts, members


def _figure(value):
    return "" if value is None else str(value)


def _baseline(figures):
    """The maturity figures a version kept for its baseline, in the shape
    ``roadmaps.selectors.baseline.baseline`` gives them (each figure as text), so the
    version shows the draft's table; None when it kept none that can be read."""
    if not isinstance(figures, dict):
        return None
    try:
        return {
            "sections": [{"title": str(section["title"])} for section in figures["sections"]],
            "national_medians": [_figure(median) for median in figures["national_medians"]],
            "providers": [
                {"name": str(provider["name"]), "scores": [_figure(s) for s in provider["scores"]]}
                for provider in figures["providers"]
            ],
        }
    except (KeyError, TypeError):
        return None


def _text_section(shown, section, data):
    shown.texts = [(str(f.label), data.get(f.name, "")) for f in section.fields]
    if section.key == "baseline":
        shown.has_baseline = True
        shown.baseline = _baseline(data.get("figures"))


def _schedule(shown, data):
    labels = [year_label(year) for year in YEARS]
    rows = [
        [_label(CapabilityGroup, group), *[cells.get(label, "") for label in labels]]
        for group, cells in data.items()
    ]
    shown.tables = [Table([_("Capability group"), *labels], rows)]


def _universal(shown, data):
    names = {
        "current_position": _("Current position"),
        "trajectory": _("Trajectory to 31 March 2018"),
        "in_place_by": _("In place by"),
        "lead_organisation": _("Lead organisation"),
        "dependencies": _("Dependencies"),
        "risks": _("Risks"),
    }
    shown.records = [
        Record(
            f"{letter}. {plan.get('wording', '')}",
            [
                (label, show_date(plan.get(name)) if name == "in_place_by" else plan.get(name, ""))
                for name, label in names.items()
            ],
        )
        for letter, plan in data.items()
    ]


def _risks(shown, data):
    shown.records = [
        Record(
            risk.get("description", ""),
            [
                (_("Likelihood"), _label(RiskLevel, risk.get("likelihood"))),
                (_("Impact"), _label(RiskLevel, risk.get("impact"))),
                (_("Owner"), risk.get("owner", "")),
                (_("Mitigation"), risk.get("mitigation", "")),
            ],
        )
        for risk in data
    ]


def _milestones(shown, data):
    rows = [[m.get("title", ""), show_date(m.get("due_on")), m.get("owner", "")] for m in data]
    shown.tables = [Table([_("Milestone"), _("Due"), _("Owner")], rows)]


def _attachments(shown, data):
    rows = [
        [a.get("name", ""), _label(AttachmentKind, a.get("kind", "")), str(a.get("size", "")),
         a.get("sha256", "")]
        for a in data
    ]  # fmt: skip
    shown.tables = [Table([_("File"), _("Kind"), _("Bytes"), _("SHA-256")], rows)]


SHOW = {
    "schedule": _schedule,
    "universal": _universal,
    "risks": _risks,
    "milestones": _milestones,
    "attachments": _attachments,
}


def version_sections(snapshot):
    """Every section of ``SECTIONS`` with what the snapshot recorded for it."""
    recorded = snapshot.get("sections") or {}
    shown_sections = []
    for section in SECTIONS:
        shown = ShownSection(section.key, str(section.title))
        data = recorded.get(section.key)
        if data is None:
            shown.recorded = False
        elif section.kind in TEXT_KINDS:
            _text_section(shown, section, data)
        elif section.kind in SHOW:
            SHOW[section.kind](shown, data)
        else:
            # A kind with no layout here reads as not recorded rather than breaking the page.
            shown.recorded = False
        shown_sections.append(shown)
    return shown_sections
