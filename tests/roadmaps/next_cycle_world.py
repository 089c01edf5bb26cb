"""The end of a 2015-16 cycle, where a refresh starts: Leeds and Wakefield endorsed, each with
its roadmap filled, submitted as version 1 and accepted, and one NHS trust in both; Bradford
still a draft. People: NHS England's admin and reviewer, each lead CCG's editor, the trust's
editor and an outsider."""

from dataclasses import dataclass
from datetime import date

from accounts.enums import OrganisationKind, Role
from roadmaps.enums import FootprintState, RoadmapState, StageKind
from roadmaps.models import Roadmap, RoadmapText
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RoadmapFactory,
    UserFactory,
)
from tests.roadmaps.review_world import submit_directly
from tests.roadmaps.submission_world import fill_draft

STAGE_DAYS = {
    StageKind.FOOTPRINT: (date(2016, 9, 1), date(2016, 10, 31)),
    StageKind.MATURITY: (date(2016, 11, 1), date(2017, 1, 31)),
    StageKind.ROADMAP: (date(2017, 2, 1), date(2017, 3, 31)),
    StageKind.PUBLICATION: (date(2017, 4, 1), date(2017, 4, 30)),
}


@dataclass
class NextCycleWorld:
    cycle: object
    leeds: object
    wakefield: object
    bradford: object
    trust: object
    admin: object
    reviewer: object
    leeds_editor: object
    wakefield_editor: object
    trust_editor: object
    outsider: object


def person(organisation, role, email):
    return MembershipFactory(
        organisation=organisation, role=role, user=UserFactory(email=email)
    ).user


def accepted_footprint(cycle, name, lead, *, vision):
    roadmap = RoadmapFactory(footprint__cycle=cycle, footprint__name=name, footprint__lead_ccg=lead)
    fill_draft(roadmap, owner=lead)
    RoadmapText.objects.update_or_create(
        roadmap=roadmap, section="vision", field="vision", defaults={"text": vision}
    )
    submit_directly(roadmap)
    Roadmap.objects.filter(pk=roadmap.pk).update(state=RoadmapState.ACCEPTED)
    return roadmap.footprint


def make_next_cycle_world():
    cycle = CycleFactory(name="2015-16")
    nhse = NHSEnglandFactory()
    leeds_ccg = OrganisationFactory(name="NHS Leeds North CCG", ods_code="02V")
    wakefield_ccg = OrganisationFactory(name="NHS Wakefield CCG", ods_code="03R")
    bradford_ccg = OrganisationFactory(name="NHS Bradford City CCG", ods_code="02W")
    trust = OrganisationFactory(
        name="Mid Yorkshire Hospitals NHS Trust", ods_code="RXF", kind=OrganisationKind.NHS_TRUST
    )
    leeds = accepted_footprint(cycle, "Leeds", leeds_ccg, vision="Leeds: one record by 2020")
    wakefield = accepted_footprint(
        cycle, "Wakefield", wakefield_ccg, vision="Wakefield: paper-free wards"
    )
    for footprint in (leeds, wakefield):
        FootprintMemberFactory(footprint=footprint, organisation=trust, role="provider")
    bradford = FootprintFactory(cycle=cycle, name="Bradford", lead_ccg=bradford_ccg)
    assert {leeds.state, wakefield.state} == {FootprintState.ENDORSED}
    return NextCycleWorld(
        cycle=cycle,
        leeds=leeds,
        wakefield=wakefield,
        bradford=bradford,
        trust=trust,
        admin=person(nhse, Role.ADMIN, "admin@england.example.nhs.uk"),
        reviewer=person(nhse, Role.REVIEWER, "reviewer@england.example.nhs.uk"),
        leeds_editor=person(leeds_ccg, Role.EDITOR, "editor@leeds.example.nhs.uk"),
        wakefield_editor=person(wakefield_ccg, Role.EDITOR, "editor@wakefield.example.nhs.uk"),
        trust_editor=person(trust, Role.EDITOR, "editor@midyorks.example.nhs.uk"),
        outsider=person(OrganisationFactory(), Role.EDITOR, "someone@elsewhere.example.nhs.uk"),
    )
