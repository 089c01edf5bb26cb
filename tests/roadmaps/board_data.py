"""A small known world and a growing one for the national status board tests."""

from datetime import date, datetime

from accounts.enums import OrganisationKind
from accounts.models import AuditEvent, Organisation
from roadmaps.enums import FootprintState, MemberRole, RoadmapState
from roadmaps.models import Footprint, FootprintMember, Roadmap, RoadmapVersion
from roadmaps.selectors.deadlines import LONDON
from roadmaps.services.cycles import load_cycle
from tests.factories import (
    AssessmentFactory,
    FootprintMemberFactory,
    OrganisationFactory,
    RegionFactory,
    RoadmapFactory,
    UserFactory,
)
from tests.roadmaps.coverage_data import make_ccg, make_footprint, make_local_office


def at(*parts):
    return datetime(*parts, tzinfo=LONDON)


def first_version(roadmap, submitted_at):
    return RoadmapVersion.objects.create(
        roadmap=roadmap, number=1, snapshot={}, sha256="0" * 64, submitted_at=submitted_at
    )


def add_providers(footprint, cycle, *states):
    for state in states:
        trust = OrganisationFactory(
            kind=OrganisationKind.NHS_TRUST, region=footprint.lead_ccg.region
        )
        FootprintMemberFactory(footprint=footprint, organisation=trust)
        AssessmentFactory(organisation=trust, cycle=cycle, state=state)


def make_world():
    """Six CCGs open in 2015-16: one in no footprint, one in a submitted footprint, four in
    three endorsed footprints at different places on the way to a published roadmap."""
    cycle = load_cycle(name="2015-16").cycle
    north, london = RegionFactory(), RegionFactory(ods_code="Y56", name="LONDON REGION")
    yorkshire = make_local_office(north, "Q72", "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)")
    cumbria = make_local_office(north, "Q74", "NHS ENGLAND NORTH (CUMBRIA AND NORTH EAST)")
    london_office = make_local_office(london, "Q71", "NHS ENGLAND LONDON")
    leeds_north = make_ccg("NHS LEEDS NORTH CCG", yorkshire, ods_code="02V")
    leeds_west = make_ccg("NHS LEEDS WEST CCG", yorkshire, ods_code="03C")
    durham = make_ccg("NHS NORTH DURHAM CCG", cumbria, ods_code="00J")
    make_ccg("NHS DARLINGTON CCG", cumbria, ods_code="00C")
    camden = make_ccg("NHS CAMDEN CCG", london_office, ods_code="07R")
    islington = make_ccg("NHS ISLINGTON CCG", london_office, ods_code="08H")

    leeds = make_footprint(cycle, leeds_north, leeds_west, name="Leeds", state="endorsed")
    add_providers(leeds, cycle, "submitted", "signed_off", "in_progress")
    leeds_roadmap = RoadmapFactory(footprint=leeds, state=RoadmapState.IN_REVIEW)
    first_version(leeds_roadmap, at(2016, 6, 20, 10, 0))
    make_footprint(cycle, durham, name="County Durham", state=FootprintState.SUBMITTED)
    camden_fp = make_footprint(cycle, camden, name="North Central London", state="endorsed")
    add_providers(camden_fp, cycle, "not_started")
    RoadmapFactory(footprint=camden_fp, state=RoadmapState.DRAFT)
    islington_fp = make_footprint(cycle, islington, name="Islington", state="endorsed")
    islington_roadmap = RoadmapFactory(footprint=islington_fp, state=RoadmapState.PUBLISHED)
    first_version(islington_roadmap, at(2016, 7, 5, 9, 0))
    Footprint.objects.update(updated_at=at(2016, 1, 10, 9, 0))
    return {"cycle": cycle, "london_office": london_office, "leeds_roadmap": leeds_roadmap}


def grow_board(cycle, office):
    """Grow to ``total`` CCGs in groups of four: three in a footprint with a provider, an
    assessment, a roadmap with a version and an audit event; one in no footprint."""
    user = UserFactory()

    def grow(total):
        have = Organisation.objects.filter(name__startswith="NHS BULK").count()
        ccgs = Organisation.objects.bulk_create(
            Organisation(
                ods_code=f"B{n:04d}",
                name=f"NHS BULK {n:04d} CCG",
                kind=OrganisationKind.CCG,
                region=office.region,
                parent=office,
                open_date=date(2013, 4, 1),
            )
            for n in range(have, total)
        )
        for start in range(0, len(ccgs), 4):
            group = ccgs[start : start + 3]
            footprint = Footprint.objects.create(
                cycle=cycle, name=f"Bulk {group[0].ods_code}", lead_ccg=group[0], state="endorsed"
            )
            FootprintMember.objects.bulk_create(
                FootprintMember(
                    footprint=footprint,
                    cycle=cycle,
                    organisation=ccg,
                    role=MemberRole.LEAD_CCG if n == 0 else MemberRole.PARTNER_CCG,
                )
                for n, ccg in enumerate(group)
            )
            add_providers(footprint, cycle, "submitted")
            roadmap = Roadmap.objects.create(footprint=footprint, state=RoadmapState.SUBMITTED)
            first_version(roadmap, at(2016, 6, 1 + start % 28, 9))
            AuditEvent.objects.create(
                actor=user, verb="roadmap.submitted", target_type="roadmaps.roadmap",
                target_id=str(roadmap.pk), target_repr="bulk",
            )  # fmt: skip

    return grow
