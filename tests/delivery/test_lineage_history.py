"""A merged footprint's delivery history, as reported and re-based, on a made-up history:
Leeds and Wakefield report Q1 and Q2 of 2016/17 apart, Wakefield merges into Leeds, and
Leeds reports Q3 alone (own · assured rating, money realised):

| quarter | Leeds              | Wakefield                  |
|---------|--------------------|----------------------------|
| Q1      | G · AG, £10,000    | A · AR, £2,000             |
| Q2      | AG · A, £5,000     | A · (not assured), no data |
| Q3      | G · G, £7,000      | (merged into Leeds)        |

Re-based, a quarter's money adds up and each rating is the least confident of its returns.
"""

from datetime import date
from decimal import Decimal

import pytest

from accounts.enums import Role
from delivery.models import ProgressReturn, ReturnAssurance, ReturnBenefit, ReturnSubmission
from delivery.selectors.lineage_history import (
    AS_REPORTED,
    REBASED,
    describe_returns,
    lineage_history,
)
from roadmaps.enums import BenefitCategory, BenefitDirection, FootprintState
from roadmaps.services.cycles import load_cycle
from roadmaps.services.merges import merge_footprints, preview_merge
from tests.delivery.tracker_data import AG, AR, A, G, add_return, tracked
from tests.delivery.world import add_periods
from tests.factories import (
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.roadmaps.coverage_data import make_footprint

pytestmark = pytest.mark.django_db


def realised(progress_return, amount):
    ReturnBenefit.objects.create(
        progress_return=progress_return, benefit_id=1, description="Fewer repeat tests",
        category=BenefitCategory.CASHABLE, direction=BenefitDirection.UP,
        baseline_value=Decimal(0), baseline_on=date(2016, 3, 31), target_value=Decimal(50000),
        baseline_target_on=date(2019, 3, 31),
        actual=None if amount is None else Decimal(amount), no_data=amount is None,
    )  # fmt: skip


def returns_and_ratings():
    return (
        list(ProgressReturn.objects.order_by("pk").values()),
        list(ReturnSubmission.objects.order_by("pk").values()),
        list(ReturnAssurance.objects.order_by("pk").values()),
    )


@pytest.fixture
def history():
    cycle = load_cycle(name="2015-16").cycle
    q1, q2, q3, _q4 = add_periods(cycle)
    leeds_ccg = OrganisationFactory(name="NHS Leeds North CCG")
    wakefield_ccg = OrganisationFactory(name="NHS Wakefield CCG")
    endorsed = FootprintState.ENDORSED
    leeds = tracked(make_footprint(cycle, leeds_ccg, name="Leeds", state=endorsed))
    wakefield = tracked(make_footprint(cycle, wakefield_ccg, name="Wakefield", state=endorsed))
    realised(add_return(leeds, q1, own=G, assured=AG), 10000)
    realised(add_return(wakefield, q1, own=A, assured=AR), 2000)
    realised(add_return(leeds, q2, own=AG, assured=A), 5000)
    realised(add_return(wakefield, q2, own=A, assured=None), None)
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN,
                              user=UserFactory()).user  # fmt: skip
    before = returns_and_ratings()
    merge_footprints(footprints=[leeds.footprint, wakefield.footprint], into=leeds.footprint,
                     reason="STP alignment", merged_by=admin)  # fmt: skip
    # The merge keeps every return, submission and assurance as it was.
    assert returns_and_ratings() == before
    realised(add_return(leeds, q3, own=G, assured=G), 7000)
    return leeds.footprint, wakefield.footprint


def test_as_reported_each_return_stays_under_the_footprint_that_made_it(history):
    leeds, _wakefield = history

    view, lines = lineage_history(leeds, view=AS_REPORTED)

    assert view == AS_REPORTED
    assert [
        (line.period_label, line.footprint_name, line.self_rating, line.assured_rating,
         line.realised_text)
        for line in lines
    ] == [
        ("2016/17 Q1", "Leeds", G, AG, "£10,000"),
        ("2016/17 Q1", "Wakefield", A, AR, "£2,000"),
        ("2016/17 Q2", "Leeds", AG, A, "£5,000"),
        ("2016/17 Q2", "Wakefield", A, None, "No data"),
        ("2016/17 Q3", "Leeds", G, G, "£7,000"),
    ]  # fmt: skip


def test_re_based_each_quarter_is_one_line_for_todays_footprint(history):
    leeds, _wakefield = history

    view, lines = lineage_history(leeds, view=REBASED)

    assert view == REBASED
    assert [
        (line.period_label, line.reported_by, line.self_rating, line.assured_rating,
         line.realised_text)
        for line in lines
    ] == [
        ("2016/17 Q1", ["Leeds", "Wakefield"], A, AR, "£12,000"),
        # Wakefield said "no data": Leeds's £5,000 alone, never £5,000 plus a zero.
        ("2016/17 Q2", ["Leeds", "Wakefield"], A, A, "£5,000"),
        ("2016/17 Q3", ["Leeds"], G, G, "£7,000"),
    ]  # fmt: skip


def test_the_footprint_merged_away_keeps_only_its_own_history(history):
    _leeds, wakefield = history

    _view, lines = lineage_history(wakefield, view=REBASED)

    assert [(line.period_label, line.reported_by) for line in lines] == [
        ("2016/17 Q1", ["Wakefield"]),
        ("2016/17 Q2", ["Wakefield"]),
    ]


def test_an_unknown_view_is_shown_as_reported(history):
    leeds, _wakefield = history

    assert lineage_history(leeds, view="re%00based")[0] == AS_REPORTED


def test_a_merge_preview_says_what_becomes_of_the_returns(history):
    leeds, wakefield = history

    assert describe_returns([wakefield]) == [
        "Wakefield's 2 progress returns and their ratings are kept as its history, and counted "
        "in the merged footprint's history re-based to today's footprints."
    ]
    york = make_footprint(leeds.cycle, OrganisationFactory(name="NHS York CCG"), name="York",
                          state=FootprintState.ENDORSED)  # fmt: skip
    preview = preview_merge(footprints=[leeds, york], into=york)
    assert "Leeds's 3 progress returns" in " ".join(preview.carried)
