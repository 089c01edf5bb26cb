"""A submitted version's snapshot laid out for reading: the same sections, in the same order,
for its printable page and its PDF. A section the snapshot lacks reads as not recorded."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _

from roadmaps.enums import (
    MONEY_CATEGORIES,
    AttachmentKind,
    BenefitCategory,
    BenefitDirection,
    CapabilityGroup,
    MemberRole,
    RiskLevel,
    UniversalCapability,
)
from roadmaps.roadmap_sections import SECTIONS, TEXT_KINDS, YEARS, year_label


@dataclass
class Table:
    header: list
    rows: list
    caption: str = ""


@dataclass
class Record:
    heading: str
    pairs: list
    # The id the snapshot gives the row (a benefit), where a reviewer comments on each row.
    item: int | None = None
    tables: list = field(default_factory=list)


@dataclass
class ShownSection:
    key: str
    title: str
    recorded: bool = True
    # What the page says when the snapshot has no such section.
    absent: str = ""
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


def _decimal(value):
    """A value the snapshot keeps as text ("1200.00") as a Decimal; None when it is not one."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return amount if amount.is_finite() else None


def show_number(value):
    """ "1200.00" -> "1,200"; "62.50" -> "62.5"; anything not a number as it is."""
    amount = _decimal(value)
    if amount is None:
        return "" if value is None else str(value)
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount:,.2f}".rstrip("0")


def show_pounds(value):
    """ "12345.00" -> "£12,345"; "250000.50" -> "£250,000.50"; -20000 -> "-£20,000"; to the
    penny, half up; "" for none. Every page of the service shows money with this."""
    amount = _decimal(value)
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    amount = abs(amount).quantize(Decimal("0.01"), ROUND_HALF_UP)
    digits = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{sign}£{digits}"


def _capability(letter):
    if not letter:
        return ""
    try:
        return f"{letter}. {UniversalCapability(letter).label}"
    except ValueError:
        return str(letter)


def _measured(value, on, wording):
    if value in (None, ""):
        return ""
    return wording % {"value": show_number(value), "date": show_date(on)}


def _shares(shares):
    lines = [
        _("%(organisation)s %(percent)s%%")
        % {
            "organisation": share.get("organisation", ""),
            "percent": show_number(share.get("percent")),
        }
        for share in shares or []
    ]
    return "\n".join(lines) or _("Not shared")


def benefit_pairs(benefit):
    """What a benefit of the register says, label by label, as a person reads it."""
    return [
        (_("Category"), _label(BenefitCategory, benefit.get("category", ""))),
        (_("Universal capability"), _capability(benefit.get("capability_letter"))),
        (_("Capability group"), _label(CapabilityGroup, benefit.get("capability_group", ""))),
        (_("Owner"), benefit.get("owner", "")),
        (_("Owner's role"), benefit.get("owner_role", "")),
        (_("Measure"), benefit.get("measure", "")),
        (_("Unit"), benefit.get("unit", "")),
        (_("Direction"), _label(BenefitDirection, benefit.get("direction", ""))),
        (_("Baseline"), _measured(benefit.get("baseline_value"), benefit.get("baseline_on"),
                                  _("%(value)s on %(date)s"))),
        (_("Target"), _measured(benefit.get("target_value"), benefit.get("target_on"),
                                _("%(value)s by %(date)s"))),
        (_("Shares"), _shares(benefit.get("shares"))),
    ]  # fmt: skip


def benefit_years(benefit):
    """A money benefit's expected £ in each financial year of the roadmap, "" for a year
    without one: [(year, text)]; [] for a benefit that is not money."""
    yearly = benefit.get("yearly_values") or {}
    if benefit.get("category") not in MONEY_CATEGORIES and not yearly:
        return []
    return [(year_label(year), show_pounds(yearly.get(year_label(year)))) for year in YEARS]


def benefit_fields(benefit):
    """Everything a benefit says, as [(label, text)]: what a comparison of versions compares."""
    years = [
        (_("Expected value in %(year)s") % {"year": year}, text)
        for year, text in benefit_years(benefit)
    ]
    return [(_("Description"), benefit.get("description", "")), *benefit_pairs(benefit), *years]


def _years_table(benefit, years):
    amounts = [_decimal(value) for value in (benefit.get("yearly_values") or {}).values()]
    amounts = [amount for amount in amounts if amount is not None]
    total = show_pounds(sum(amounts)) if amounts else ""
    return Table(
        [_("Financial year"), _("Expected value")],
        [[label, text or "–"] for label, text in years] + [[_("Total"), total or "–"]],
        caption=_("Expected value of this benefit in each financial year"),
    )


def _benefits(shown, data):
    records = []
    for benefit in data:
        years = benefit_years(benefit)
        records.append(
            Record(
                benefit.get("description", ""),
                benefit_pairs(benefit),
                item=benefit.get("id"),
                tables=[_years_table(benefit, years)] if years else [],
            )
        )
    shown.records = records


SHOW = {
    "schedule": _schedule,
    "universal": _universal,
    "risks": _risks,
    "milestones": _milestones,
    "attachments": _attachments,
    "benefits": _benefits,
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
            if section.kind == "benefits":
                # Versions submitted before roadmaps kept a register.
                shown.absent = _("This version has no benefits register.")
        elif section.kind in TEXT_KINDS:
            _text_section(shown, section, data)
        elif section.kind in SHOW:
            SHOW[section.kind](shown, data)
        else:
            # A kind with no layout here reads as not recorded rather than breaking the page.
            shown.recorded = False
        shown_sections.append(shown)
    return shown_sections
