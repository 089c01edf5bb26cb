"""A known national history of progress returns for the tracker tests, and a growing one for
the query budgets. Rows are written directly (a submission's snapshot holds what the tracker
reads: its milestones and capabilities), far faster than through the services.

The known world, the 2015-16 cycle with the four 2016/17 quarters (own · assured rating):

| footprint (lead)    | region, office   | Q1     | Q2     | Q3             | Q4                   |
|---------------------|------------------|--------|--------|----------------|----------------------|
| Leeds (02V)         | North, Yorkshire | G · AG | AG · A | A · A          | A · (drafted only)   |
| York (03Q)          | North, Yorkshire | A · A  | A · A  | AG · A         | G · AG               |
| County Durham (00J) | North, Cumbria   | R · R  | AR · R | AR · AR        | R · R                |
| Camden (07R), late  | London           |        |        | A · AR         | AG · A               |
| Islington (08H)     | London           | AG · A | AG · A | draft, overdue | A · (not assured)    |

Wakefield (03R) has a draft roadmap: it is not tracked.
"""

from datetime import date, datetime, timedelta

from accounts.enums import OrganisationKind
from accounts.models import Organisation
from delivery.enums import ReturnState
from delivery.models import ProgressReturn, ReturnAssurance, ReturnBenefit, ReturnSubmission
from roadmaps.enums import FootprintState, MemberRole, RoadmapState
from roadmaps.models import Footprint, FootprintMember, Roadmap, RoadmapVersion
from roadmaps.selectors.deadlines import LONDON
from roadmaps.services.cycles import load_cycle
from tests.delivery.world import add_periods
from tests.factories import RegionFactory, RoadmapFactory, UserFactory
from tests.roadmaps.coverage_data import make_ccg, make_footprint, make_local_office

G, AG, A, AR, R = "green", "amber_green", "amber", "amber_red", "red"
# After every 2016/17 return was due: all four quarters have opened.
JUNE_2017 = datetime(2017, 6, 1, 12, 0, tzinfo=LONDON)


def milestone(title, group, baseline, forecast, status="on_track", done_on=None):
    """A milestone as a submission's snapshot holds it, with its slippage."""
    moved_to = done_on if status == "done" and done_on else forecast
    return {
        "title": title, "group": group, "baseline_due": baseline.isoformat(),
        "forecast_on": forecast.isoformat() if forecast else "", "status": status,
        "done_on": done_on.isoformat() if done_on else "",
        "slippage": (moved_to - baseline).days if moved_to and baseline else None,
    }  # fmt: skip


def capabilities(*late_letters):
    return [{"letter": letter, "after_deadline": letter in late_letters} for letter in "ABCDEFGHIJ"]


def version_of(roadmap):
    return RoadmapVersion.objects.create(
        roadmap=roadmap, number=1, snapshot={}, sha256="0" * 64,
        submitted_at=datetime(2016, 6, 20, tzinfo=LONDON),
    )  # fmt: skip


def add_return(roadmap, period, *, own=None, assured=None, released=True, state=None,
               milestones=(), late=(), reviewer=None, version=None):  # fmt: skip
    """The roadmap's return for ``period``: submitted with ``own`` (unless None) and assured
    with ``assured`` (released unless told otherwise)."""
    version = version or RoadmapVersion.objects.get(roadmap=roadmap, number=1)
    if state is None:
        state = ReturnState.ACCEPTED if assured and released else ReturnState.SUBMITTED
    progress_return = ProgressReturn.objects.create(
        roadmap=roadmap, period=period, baseline=version, state=state,
        delivery_confidence=own or "",
    )  # fmt: skip
    if own is None:
        return progress_return
    submission = ReturnSubmission.objects.create(
        progress_return=progress_return, number=1, sha256="0" * 64,
        snapshot={"milestones": list(milestones), "capabilities": capabilities(*late)},
        delivery_confidence=own, suggested_confidence=own,
        submitted_at=period.due_at - timedelta(days=3),
    )  # fmt: skip
    if assured:
        ReturnAssurance.objects.create(
            submission=submission, progress_return=progress_return,
            reviewer=reviewer or UserFactory(), assured_confidence=assured,
            decision="accept", comment="Seen",
            released_at=period.due_at if released else None,
        )  # fmt: skip
    return progress_return


def tracked(footprint, state=RoadmapState.ACCEPTED):
    roadmap = RoadmapFactory(footprint=footprint, state=state)
    version_of(roadmap)
    return roadmap


def make_tracker_world():
    cycle = load_cycle(name="2015-16").cycle
    q1, q2, q3, q4 = periods = add_periods(cycle)
    north, london = RegionFactory(), RegionFactory(ods_code="Y56", name="LONDON REGION")
    yorkshire = make_local_office(north, "Q72", "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)")
    cumbria = make_local_office(north, "Q74", "NHS ENGLAND NORTH (CUMBRIA AND NORTH EAST)")
    london_office = make_local_office(london, "Q71", "NHS ENGLAND LONDON")
    endorsed = FootprintState.ENDORSED

    def footprint(name, code, office):
        ccg = make_ccg(f"NHS {name.upper()} CCG", office, ods_code=code)
        return make_footprint(cycle, ccg, name=name, state=endorsed)

    leeds = tracked(footprint("Leeds", "02V", yorkshire))
    york = tracked(footprint("York", "03Q", yorkshire), RoadmapState.PUBLISHED)
    durham = tracked(footprint("County Durham", "00J", cumbria))
    camden = tracked(footprint("Camden", "07R", london_office))
    islington = tracked(footprint("Islington", "08H", london_office))
    RoadmapFactory(footprint=footprint("Wakefield", "03R", yorkshire), state=RoadmapState.DRAFT)

    for period, own, assured in zip(periods, (G, AG, A, A), (AG, A, A, AR), strict=True):
        add_return(leeds, period, own=own, assured=assured, released=period != q4,
                   milestones=[
                       milestone("Shared record live", "records", date(2017, 3, 15),
                                 date(2017, 6, 30), status="at_risk"),
                       milestone("e-Referrals", "transfers", date(2017, 2, 1), None,
                                 status="done", done_on=date(2017, 1, 20)),
                   ] if period == q4 else (), late="AB" if period == q4 else "")  # fmt: skip
    for period, own, assured in zip(periods, (A, A, AG, G), (A, A, A, AG), strict=True):
        add_return(york, period, own=own, assured=assured,
                   milestones=[
                       milestone("Order comms", "orders", date(2016, 12, 1), date(2017, 2, 1),
                                 status="late"),
                       milestone("Bed board", "", date(2017, 6, 1), date(2017, 6, 1)),
                   ] if period == q4 else (), late="A" if period == q4 else "")  # fmt: skip
    for period, own, assured in zip(periods, (R, AR, AR, R), (R, R, AR, R), strict=True):
        add_return(durham, period, own=own, assured=assured,
                   milestones=[
                       milestone("Shared record phase 2", "records", date(2017, 1, 31),
                                 date(2017, 3, 1)),
                   ] if period == q4 else ())  # fmt: skip
    add_return(camden, q3, own=A, assured=AR)
    add_return(camden, q4, own=AG, assured=A, late="J")
    add_return(islington, q1, own=AG, assured=A)
    add_return(islington, q2, own=AG, assured=A)
    add_return(islington, q3, state=ReturnState.DRAFT)
    add_return(islington, q4, own=A, milestones=[
        milestone("Community records", "records", date(2017, 9, 30), date(2017, 9, 30),
                  status="not_started"),
    ])  # fmt: skip
    return {
        "cycle": cycle, "periods": periods, "leeds": leeds, "york": york, "durham": durham,
        "camden": camden, "islington": islington, "london_office": london_office,
    }  # fmt: skip


def bulk_benefits(progress_return, index):
    """A money and a quality benefit line for a bulk footprint's return, the ``index``th of
    its roadmap (every third one without data)."""
    no_data = index % 3 == 2
    common = {
        "progress_return": progress_return, "direction": "up", "baseline_on": date(2016, 3, 31),
        "baseline_target_on": date(2018, 3, 31), "target_on": date(2018, 6, 30),
        "forecast_total": 100, "no_data": no_data, "actual": None if no_data else 10,
    }  # fmt: skip
    ReturnBenefit.objects.bulk_create(
        [
            ReturnBenefit(
                benefit_id=1, description="Bulk savings", category="cashable",
                capability_letter="A", capability_group="records", baseline_value=0,
                target_value=100, profile={"2016/17": "40.00", "2017/18": "60.00"},
                forecast_year=40, **common,
            ),
            ReturnBenefit(
                benefit_id=2, description="Bulk quality", category="quality_and_safety",
                capability_letter="E", measure="Share", unit="%", baseline_value=0,
                target_value=100, position=1, rating_override="at_risk" if index else "",
                **common,
            ),
        ]
    )  # fmt: skip


def grow_tracker(cycle, periods, office):
    """Grow to ``total`` CCGs in groups of three, each group a footprint whose accepted roadmap
    has a submitted, assured return in every period with a money and a quality benefit line."""
    reviewer = UserFactory()
    ratings = (G, AG, A, AR, R)

    def grow(total):
        have = Organisation.objects.filter(name__startswith="NHS BULK").count()
        ccgs = Organisation.objects.bulk_create(
            Organisation(
                ods_code=f"B{n:04d}", name=f"NHS BULK {n:04d} CCG", kind=OrganisationKind.CCG,
                region=office.region, parent=office, open_date=date(2013, 4, 1),
            )
            for n in range(have, total)
        )  # fmt: skip
        for start in range(0, len(ccgs), 3):
            group = ccgs[start : start + 3]
            footprint = Footprint.objects.create(
                cycle=cycle, name=f"Bulk {group[0].ods_code}", lead_ccg=group[0], state="endorsed"
            )
            FootprintMember.objects.bulk_create(
                FootprintMember(
                    footprint=footprint, cycle=cycle, organisation=ccg,
                    role=MemberRole.LEAD_CCG if n == 0 else MemberRole.PARTNER_CCG,
                )
                for n, ccg in enumerate(group)
            )  # fmt: skip
            roadmap = Roadmap.objects.create(footprint=footprint, state=RoadmapState.ACCEPTED)
            version = version_of(roadmap)
            for index, period in enumerate(periods):
                rating = ratings[(start + index) % len(ratings)]
                if index == 2 and start % 2:
                    # Every other footprint has not submitted its Q3 return: overdue.
                    add_return(roadmap, period, state=ReturnState.DRAFT, version=version)
                    continue
                progress_return = add_return(
                    roadmap, period, own=rating, assured=rating, reviewer=reviewer,
                    version=version, late="C",
                    milestones=[milestone("Bulk", "records", date(2017, 1, 1), date(2017, 2, 1))],
                )  # fmt: skip
                bulk_benefits(progress_return, index)

    return grow
