"""Two cycles with made-up data in both, for the pages that show one cycle at a time: 2015-16,
and the "2016-17 refresh" that started after it (both have started by now). Rows are written
directly, as the pages read them.

| in each cycle          | 2015-16                   | 2016-17 refresh          |
|------------------------|---------------------------|--------------------------|
| published roadmap      | Aire Valley (NHS Leeds)   | West Yorkshire (Leeds)   |
| roadmap waiting review | Ouse (NHS York)           | North Yorkshire (York)   |
| published assessment   | AIREDALE NHS TRUST        | HARROGATE NHS TRUST, and |
|                        |                           | SCARBOROUGH NHS TRUST    |
| reporting period       | 2016/17 Q2, published     | 2017/18 Q1, published    |
| assured return         | Aire Valley: Green, Amber | West Yorkshire: Red, Red |

A third cycle, "2017-18", the newest, has started with nothing in it: the pages that show what
a cycle holds open on the refresh, and the public pages never offer it.
"""

from dataclasses import dataclass
from datetime import date, datetime

from accounts.enums import OrganisationKind
from accounts.models import Organisation
from delivery.models import PeriodPublication
from maturity.enums import AssessmentState, ScoreLevel
from maturity.models import Score
from maturity.services.figures import recompute_figures
from roadmaps.enums import MemberRole, RoadmapState, StageKind
from roadmaps.models import Cycle, FootprintMember, Roadmap, RoadmapVersion, Stage
from roadmaps.selectors.deadlines import LONDON
from roadmaps.services.cycles import end_of_day, load_cycle, start_of_day
from tests.delivery.tracker_data import add_return
from tests.delivery.world import add_periods
from tests.factories import (
    AssessmentFactory,
    OrganisationFactory,
    QuestionSetFactory,
    RegionFactory,
    SectionFactory,
    UserFactory,
)
from tests.roadmaps.coverage_data import make_ccg, make_footprint, make_local_office

REFRESH_DAYS = {
    StageKind.FOOTPRINT: (date(2016, 9, 1), date(2016, 9, 30)),
    StageKind.MATURITY: (date(2017, 1, 9), date(2017, 3, 31)),
    StageKind.ROADMAP: (date(2016, 10, 1), date(2016, 10, 31)),
    StageKind.PUBLICATION: (date(2017, 1, 1), date(2017, 1, 31)),
}


@dataclass
class CycleData:
    """What one cycle holds, by the names the pages show."""

    cycle: Cycle
    published: str  # the footprint whose roadmap is published, and tracked
    waiting: str  # the footprint whose roadmap waits for review
    trusts: list  # the trusts whose self-assessments are published
    reporting_period: object  # its reporting period, published

    @property
    def name(self):
        return self.cycle.name

    @property
    def period(self):
        return self.reporting_period.label


@dataclass
class TwoCycles:
    last: CycleData
    refresh: CycleData
    empty: Cycle
    sections: list
    office: object


def _cycle(name, days, carried_from):
    cycle = Cycle.objects.create(name=name, carried_from=carried_from)
    for kind, (opens, due) in days.items():
        Stage.objects.create(
            cycle=cycle, kind=kind, opens_at=start_of_day(opens), due_at=end_of_day(due)
        )
    return cycle


def add_published(data, lead, name, *, ratings=("green", "amber")):
    """A footprint of the cycle led by ``lead``, its roadmap published and its return for the
    cycle's period assured as ``ratings`` (own, assured)."""
    footprint = make_footprint(data.cycle, lead, name=name, state="endorsed")
    roadmap = Roadmap.objects.create(footprint=footprint, state=RoadmapState.PUBLISHED)
    version = RoadmapVersion.objects.create(
        roadmap=roadmap, number=1, snapshot={}, sha256="0" * 64,
        submitted_at=datetime(2016, 6, 20, tzinfo=LONDON),
    )  # fmt: skip
    Roadmap.objects.filter(pk=roadmap.pk).update(
        published_version=version, published_at=datetime(2016, 7, 1, tzinfo=LONDON)
    )
    own, assured = ratings
    add_return(roadmap, data.reporting_period, own=own, assured=assured)
    return footprint


def add_waiting(data, lead, name):
    """A footprint of the cycle led by ``lead`` whose roadmap waits for review."""
    footprint = make_footprint(data.cycle, lead, name=name, state="endorsed")
    roadmap = Roadmap.objects.create(
        footprint=footprint,
        state=RoadmapState.SUBMITTED,
        submitted_at=datetime(2016, 6, 25, tzinfo=LONDON),
    )
    RoadmapVersion.objects.create(
        roadmap=roadmap, number=1, snapshot={}, sha256="0" * 64,
        submitted_at=datetime(2016, 6, 25, tzinfo=LONDON),
    )  # fmt: skip
    return footprint


def add_assessment(data, footprint, name, sections):
    """A trust of ``footprint`` whose published self-assessment has a score per section."""
    trust = OrganisationFactory(
        name=name, kind=OrganisationKind.NHS_TRUST, region=footprint.lead_ccg.region
    )
    FootprintMember.objects.create(
        footprint=footprint, cycle=data.cycle, organisation=trust, role=MemberRole.PROVIDER
    )
    assessment = AssessmentFactory(
        organisation=trust, cycle=data.cycle, question_set=sections[0].question_set,
        state=AssessmentState.PUBLISHED,
    )  # fmt: skip
    Score.objects.bulk_create(
        Score(assessment=assessment, level=ScoreLevel.SECTION, code=section.code,
              value=40 + 10 * number)
        for number, section in enumerate(sections)
    )  # fmt: skip


def _fill(cycle, *, leeds, york, names, trusts, ratings, quarter_end, sections):
    [period] = add_periods(cycle, first_quarter_end=quarter_end, count=1)
    PeriodPublication.objects.create(period=period, published_by=UserFactory())
    published, waiting = names
    data = CycleData(
        cycle=cycle, published=published, waiting=waiting, trusts=list(trusts),
        reporting_period=period,
    )  # fmt: skip
    footprint = add_published(data, leeds, published, ratings=ratings)
    add_waiting(data, york, waiting)
    for name in trusts:
        add_assessment(data, footprint, name, sections)
    recompute_figures(cycle=cycle)
    return data


def make_two_cycles():
    last = load_cycle(name="2015-16").cycle
    refresh = _cycle("2016-17 refresh", REFRESH_DAYS, last)
    # The newest cycle of all, with nothing in it yet.
    empty = _cycle("2017-18", {StageKind.FOOTPRINT: (date(2017, 9, 1), date(2017, 9, 30))}, refresh)
    north = RegionFactory()
    yorkshire = make_local_office(north, "Q72", "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)")
    leeds = make_ccg("NHS LEEDS CCG", yorkshire, ods_code="02V")
    york = make_ccg("NHS YORK CCG", yorkshire, ods_code="03Q")
    question_set = QuestionSetFactory()
    sections = [
        SectionFactory(question_set=question_set, code=code, title=title, order=n)
        for n, (code, title) in enumerate(
            [("readiness", "Readiness"), ("capabilities", "Capabilities")]
        )
    ]
    common = {"leeds": leeds, "york": york, "sections": sections}
    return TwoCycles(
        sections=sections,
        office=yorkshire,
        last=_fill(
            last, names=("Aire Valley", "Ouse"), trusts=["AIREDALE NHS TRUST"],
            ratings=("green", "amber"), quarter_end=date(2016, 9, 30), **common,
        ),
        refresh=_fill(
            refresh, names=("West Yorkshire", "North Yorkshire"),
            trusts=["HARROGATE NHS TRUST", "SCARBOROUGH NHS TRUST"], ratings=("red", "red"),
            quarter_end=date(2017, 6, 30), **common,
        ),
        empty=empty,
    )  # fmt: skip


def grow_both(world):
    """Grow both cycles to ``size`` footprints of each kind: a CCG per footprint leads one in
    each cycle, its roadmap published (with a trust's published self-assessment and an assured
    return) or, every other one, waiting for review."""
    office = world.office

    def grow(size):
        have = Organisation.objects.filter(name__startswith="NHS BULK").count()
        for n in range(have, size):
            lead = make_ccg(f"NHS BULK {n:04d} CCG", office, ods_code=f"B{n:04d}")
            for data in (world.last, world.refresh):
                if n % 2:
                    add_waiting(data, lead, f"Bulk {n:04d} {data.name}")
                    continue
                footprint = add_published(data, lead, f"Bulk {n:04d} {data.name}")
                add_assessment(data, footprint, f"BULK {n:04d} {data.name} TRUST", world.sections)
        for data in (world.last, world.refresh):
            recompute_figures(cycle=data.cycle)

    return grow
