"""A footprint with a roadmap to sign off and submit: a lead CCG and a partner CCG, an NHS
trust and a local authority, each with people in it; and a draft filled in directly with the
ORM, so that these tests depend only on the models."""

from dataclasses import dataclass
from datetime import date

from accounts.enums import OrganisationKind, Role
from roadmaps.enums import CapabilityGroup, UniversalCapability
from roadmaps.models import (
    CapabilityDeployment,
    Milestone,
    Risk,
    Roadmap,
    RoadmapText,
    UniversalCapabilityPlan,
)
from roadmaps.roadmap_sections import SECTIONS, TEXT_KINDS, YEARS
from tests.factories import (
    FootprintMemberFactory,
    MembershipFactory,
    OrganisationFactory,
    RoadmapFactory,
    UserFactory,
)
from tests.roadmaps.benefit_data import add_quality_benefit


@dataclass
class World:
    roadmap: Roadmap
    lead: object
    partner: object
    trust: object
    council: object
    lead_editor: object
    lead_approver: object
    partner_approver: object
    trust_approver: object
    trust_viewer: object
    outsider: object


def person(organisation, role, email):
    return MembershipFactory(
        organisation=organisation, role=role, user=UserFactory(email=email)
    ).user


def make_world():
    lead = OrganisationFactory(name="NHS Leeds CCG")
    roadmap = RoadmapFactory(footprint__lead_ccg=lead, footprint__name="Leeds")
    footprint = roadmap.footprint
    partner = OrganisationFactory(name="NHS Wakefield CCG")
    trust = OrganisationFactory(name="Leeds Teaching Hospitals", kind=OrganisationKind.NHS_TRUST)
    council = OrganisationFactory(name="Leeds City Council", kind=OrganisationKind.LOCAL_AUTHORITY)
    FootprintMemberFactory(footprint=footprint, organisation=partner, role="partner_ccg",
                           confirmation="confirmed")  # fmt: skip
    FootprintMemberFactory(footprint=footprint, organisation=trust, role="provider")
    FootprintMemberFactory(footprint=footprint, organisation=council, role="local_authority")
    return World(
        roadmap=roadmap,
        lead=lead,
        partner=partner,
        trust=trust,
        council=council,
        lead_editor=person(lead, Role.EDITOR, "editor@leeds.example.nhs.uk"),
        lead_approver=person(lead, Role.APPROVER, "approver@leeds.example.nhs.uk"),
        partner_approver=person(partner, Role.APPROVER, "approver@wakefield.example.nhs.uk"),
        trust_approver=person(trust, Role.APPROVER, "approver@lth.example.nhs.uk"),
        trust_viewer=person(trust, Role.VIEWER, "viewer@lth.example.nhs.uk"),
        outsider=person(OrganisationFactory(), Role.APPROVER, "someone@elsewhere.example.nhs.uk"),
    )


def fill_draft(roadmap, *, owner, leave_out=()):
    """Write every required section of the draft, except the section keys in ``leave_out``."""
    for section in SECTIONS:
        if section.kind in TEXT_KINDS and section.key not in leave_out:
            for field in section.field_names:
                RoadmapText.objects.create(
                    roadmap=roadmap, section=section.key, field=field, text=f"{field} plan"
                )
    if "capability_deployment" not in leave_out:
        CapabilityDeployment.objects.bulk_create(
            CapabilityDeployment(roadmap=roadmap, group=group, year=year, plan=f"{group} {year}")
            for group in CapabilityGroup.values
            for year in YEARS
        )
    if "universal_capabilities" not in leave_out:
        UniversalCapabilityPlan.objects.bulk_create(
            UniversalCapabilityPlan(roadmap=roadmap, letter=letter, current_position="Partly",
                                    trajectory="Done by 2018", in_place_by=date(2017, 12, 31),
                                    lead_organisation=owner)
            for letter in UniversalCapability.values
        )  # fmt: skip
    if "risks" not in leave_out:
        Risk.objects.create(
            roadmap=roadmap,
            description="Suppliers late",
            likelihood=3,
            impact=4,
            owner="Programme board",
            mitigation="Contract terms",
        )
    if "milestones" not in leave_out:
        Milestone.objects.create(roadmap=roadmap, title="Shared record live",
                                 due_on=date(2017, 9, 30), owner_organisation=owner)  # fmt: skip
    if "benefits" not in leave_out:
        add_quality_benefit(roadmap, owner=owner)
    return roadmap
