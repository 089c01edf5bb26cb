"""Cycles, CCGs and footprints for the coverage register tests, made directly."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from accounts.enums import OrganisationKind, Role
from accounts.models import Organisation
from roadmaps.enums import Confirmation, FootprintState, MemberRole, StageKind
from roadmaps.models import Cycle, Footprint, FootprintMember, Stage
from tests.factories import (
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)

LONDON = ZoneInfo("Europe/London")


# --- Helpers: cycles, footprints and their members, made directly --------------------------


def make_cycle(name="2015-16", opens=date(2015, 9, 1)):
    cycle = Cycle.objects.create(name=name)
    opens_at = datetime(opens.year, opens.month, opens.day, 9, tzinfo=LONDON)
    Stage.objects.create(
        cycle=cycle,
        kind=StageKind.FOOTPRINT,
        opens_at=opens_at,
        due_at=opens_at + timedelta(days=60),
    )
    return cycle


def make_footprint(cycle, lead, *partners, name=None, state=FootprintState.DRAFT, **lead_kw):
    """A footprint led by ``lead``; each partner is a CCG or a (CCG, confirmation) pair."""
    footprint = Footprint.objects.create(
        cycle=cycle,
        name=name or f"{lead.name} footprint",
        lead_ccg=lead,
        state=state,
        created_by=UserFactory(),
    )
    FootprintMember.objects.create(
        footprint=footprint,
        cycle=cycle,
        organisation=lead,
        role=MemberRole.LEAD_CCG,
        confirmation=lead_kw.get("confirmation", Confirmation.CONFIRMED),
    )
    for partner in partners:
        ccg, confirmation = partner if isinstance(partner, tuple) else (partner, "pending")
        FootprintMember.objects.create(
            footprint=footprint,
            cycle=cycle,
            organisation=ccg,
            role=MemberRole.PARTNER_CCG,
            confirmation=confirmation,
        )
    return footprint


def make_local_office(region, ods_code, name):
    return Organisation.objects.create(
        ods_code=ods_code,
        name=name,
        kind=OrganisationKind.NHSE_LOCAL_OFFICE,
        parent=region,
        region=region,
        open_date=date(2013, 4, 1),
    )


def make_ccg(name, office, **fields):
    return OrganisationFactory(name=name, region=office.region, parent=office, **fields)


def nhse_reviewer():
    return MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user


@pytest.fixture
def country(db):
    """Two regions, three local offices, seven CCGs open in 2015-16 and two that are not."""
    north = RegionFactory()
    london = RegionFactory(ods_code="Y56", name="LONDON COMMISSIONING REGION")
    yorkshire = make_local_office(north, "Q72", "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)")
    cumbria = make_local_office(north, "Q74", "NHS ENGLAND NORTH (CUMBRIA AND NORTH EAST)")
    london_office = make_local_office(london, "Q71", "NHS ENGLAND LONDON")
    cycle = make_cycle()
    ccgs = {
        "leeds_north": make_ccg("NHS LEEDS NORTH CCG", yorkshire, ods_code="02V"),
        "leeds_west": make_ccg("NHS LEEDS WEST CCG", yorkshire, ods_code="03C"),
        "leeds_south": make_ccg("NHS LEEDS SOUTH AND EAST CCG", yorkshire, ods_code="03G"),
        "darlington": make_ccg("NHS DARLINGTON CCG", cumbria, ods_code="00C"),
        "durham": make_ccg("NHS NORTH DURHAM CCG", cumbria, ods_code="00J"),
        "camden": make_ccg("NHS CAMDEN CCG", london_office, ods_code="07R"),
        "islington": make_ccg("NHS ISLINGTON CCG", london_office, ods_code="08H"),
        # Closed before the footprint stage opened; opened after it.
        "gateshead": make_ccg(
            "NHS GATESHEAD CCG", cumbria, ods_code="00F", close_date=date(2015, 3, 31)
        ),
        "newcomer": make_ccg(
            "NHS NEWCOMER CCG", cumbria, ods_code="99N", open_date=date(2016, 4, 1)
        ),
    }
    leeds = make_footprint(
        cycle,
        ccgs["leeds_north"],
        (ccgs["leeds_west"], Confirmation.CONFIRMED),
        ccgs["leeds_south"],
        name="Leeds",
        state=FootprintState.ENDORSED,
    )
    durham = make_footprint(
        cycle, ccgs["durham"], name="County Durham", state=FootprintState.SUBMITTED
    )
    london_fp = make_footprint(
        cycle,
        ccgs["camden"],
        (ccgs["islington"], Confirmation.DECLINED),
        name="North Central London",
        state=FootprintState.RETURNED,
    )
    return {
        "cycle": cycle,
        "north": north,
        "london": london,
        "yorkshire": yorkshire,
        "cumbria": cumbria,
        "footprints": {"leeds": leeds, "durham": durham, "london": london_fp},
        **ccgs,
    }
