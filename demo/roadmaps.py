"""Demonstration roadmaps for ``manage.py load_demo``: a draft, one awaiting sign-off and one
submitted, written through the services by the demo people, as they would write them."""

from datetime import date
from decimal import Decimal

from roadmaps.enums import (
    BenefitCategory,
    BenefitDirection,
    CapabilityGroup,
    RiskLevel,
    UniversalCapability,
)
from roadmaps.models import Footprint, Roadmap
from roadmaps.roadmap_sections import SECTIONS, YEARS, year_label
from roadmaps.selectors.lists import milestone_owners
from roadmaps.services.benefits import add_benefit
from roadmaps.services.drafts import save_section
from roadmaps.services.lists import add_milestone, add_risk
from roadmaps.services.submission import request_sign_off, sign_off_roadmap, submit_roadmap

# Footprint name -> (state to reach, editor's email, approver's email or None).
DEMO_ROADMAPS = {
    "Calderdale": ("draft", "calderdale.editor@demo.example", None),
    "Vale of York": ("awaiting_sign_off", "york.editor@demo.example", None),
    "Harrogate": ("submitted", "harrogate.editor@demo.example", "harrogate.approver@demo.example"),
}
# The sections the Calderdale draft has so far: the demo editor finishes the rest.
DRAFT_SECTIONS = ("key_information", "vision", "readiness")

TEXTS = {
    "stp_alignment": "The roadmap covers {name}, one part of its Sustainability and "
    "Transformation Plan footprint, and its milestones are the STP's digital milestones.",
    "vision": "By 2020/21 every professional caring for someone in {name} sees the same "
    "up-to-date record, and people manage their own care online.",
    "narrative": "Records and transfers of care are strongest; decision support and remote "
    "care lag the country, so the first two years put them first.",
    "leadership": "A chief clinical information officer in every organisation, reporting to "
    "the footprint's digital programme board.",
    "governance": "The programme board meets monthly; each workstream has a senior owner.",
    "resourcing": "A shared programme team of eight, funded jointly by the CCGs and trusts.",
    "benefits_management": "Benefits are tracked quarterly against the baseline measures.",
    "funding": "Bids to the Integrated Digital Care Fund for the shared care record.",
    "strategy": "One shared care record across primary, community, acute and social care.",
    "information_governance": "A single information sharing agreement for the footprint.",
    "interoperability": "Open standards: FHIR interfaces and NHS Number in every record.",
    "infrastructure": "Shared Wi-Fi in every care setting and a resilient network core.",
}


# A high risk written down with no mitigation yet: what NHS England's reviewers ask about.
LATE_SUPPLIER_RISK = "The shared care record supplier may not deliver the interfaces on time."


def add_unmitigated_risk(roadmap, *, editor):
    """Add a high risk with no mitigation to the draft's register."""
    add_risk(
        roadmap=roadmap,
        added_by=editor,
        description=LATE_SUPPLIER_RISK,
        likelihood=RiskLevel.HIGH,
        impact=RiskLevel.VERY_HIGH,
        owner="Programme board",
    )


def _texts(section):
    return {field.name: TEXTS[field.name] for field in section.fields}


def fill_roadmap(roadmap, *, editor, sections):
    """Write the named sections through the services, as the editor."""
    footprint = roadmap.footprint
    lead = footprint.lead_ccg
    for section in SECTIONS:
        if section.key not in sections:
            continue
        version = Roadmap.objects.get(pk=roadmap.pk).version
        if section.kind in ("text", "generated"):
            data = {
                name: text.format(name=footprint.name) for name, text in _texts(section).items()
            }
        elif section.kind == "schedule":
            data = {
                (group, year): f"{label}: stage {position + 1} in {year_label(year)}"
                for group, label in CapabilityGroup.choices
                for position, year in enumerate(YEARS)
            }
        elif section.kind == "universal":
            data = {
                letter: {
                    "current_position": "In place in some practices and one trust.",
                    "trajectory": "Every practice by March 2017; every provider by March 2018.",
                    "in_place_by": date(2018, 3, 31),
                    "lead_organisation": lead.pk,
                }
                for letter in UniversalCapability.values
            }
        elif section.key == "risks":
            add_risk(roadmap=roadmap, added_by=editor,
                     description="Suppliers cannot deliver interfaces in time.",
                     likelihood=RiskLevel.MEDIUM, impact=RiskLevel.HIGH,
                     owner="Programme board", mitigation="Contract milestones.")  # fmt: skip
            continue
        elif section.key == "milestones":
            add_milestone(roadmap=roadmap, added_by=editor, title="Shared care record live",
                          due_on=date(2017, 3, 31), owner_organisation=lead)  # fmt: skip
            continue
        elif section.key == "benefits":
            add_demo_benefits(roadmap, editor=editor)
            continue
        else:
            continue
        save_section(
            roadmap=roadmap, key=section.key, data=data, expected_version=version, saved_by=editor
        )


MONEY_BENEFIT = "Fewer duplicate pathology tests because results are shared"
QUALITY_BENEFIT = "Fewer emergency readmissions because discharge summaries arrive electronically"


def add_demo_benefits(roadmap, *, editor):
    """A money benefit shared by the lead CCG and another member, and a quality benefit."""
    lead = roadmap.footprint.lead_ccg
    partner = milestone_owners(roadmap).exclude(pk=lead.pk).order_by("name").first()
    shares = [(lead, Decimal(60)), (partner, Decimal(40))] if partner else []
    add_benefit(roadmap=roadmap, added_by=editor, description=MONEY_BENEFIT,
                category=BenefitCategory.CASHABLE, capability_group=CapabilityGroup.ORDERS,
                owner_organisation=lead, owner_role="Director of finance",
                measure="Pathology tests no longer repeated, valued at their cost", unit="£",
                direction=BenefitDirection.UP, baseline_value=Decimal(0),
                baseline_on=date(2016, 3, 31), target_value=Decimal(200000),
                target_on=date(2019, 3, 31),
                yearly_values={2016: Decimal(40000), 2017: Decimal(80000), 2018: Decimal(80000)},
                shares=shares)  # fmt: skip
    add_benefit(roadmap=roadmap, added_by=editor, description=QUALITY_BENEFIT,
                category=BenefitCategory.QUALITY_AND_SAFETY, capability_letter="E",
                capability_group=CapabilityGroup.TRANSFERS, owner_organisation=lead,
                owner_role="Chief nurse", measure="Emergency readmissions within 30 days",
                unit="%", direction=BenefitDirection.DOWN, baseline_value=Decimal("12.00"),
                baseline_on=date(2016, 3, 31), target_value=Decimal("10.00"),
                target_on=date(2018, 3, 31))  # fmt: skip


def create_demo_roadmaps(*, cycle, people):
    """Take the demo footprints' roadmaps to their states; ``people`` maps email -> user.
    Returns how many were written."""
    written = 0
    for name, (state, editor_email, approver_email) in DEMO_ROADMAPS.items():
        footprint = Footprint.objects.get(cycle=cycle, name=name)
        roadmap = Roadmap.objects.get(footprint=footprint)
        editor = people[editor_email]
        everything = [section.key for section in SECTIONS]
        fill_roadmap(
            roadmap, editor=editor, sections=DRAFT_SECTIONS if state == "draft" else everything
        )
        if state in ("awaiting_sign_off", "submitted"):
            request_sign_off(roadmap=roadmap, requested_by=editor)
        if state == "submitted":
            sign_off_roadmap(
                roadmap=roadmap, organisation=footprint.lead_ccg, signed_by=people[approver_email]
            )
            submit_roadmap(roadmap=roadmap, submitted_by=editor)
        written += 1
    return written
