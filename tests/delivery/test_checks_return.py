"""The cross-checks that read a submitted progress return, each on a made-up footprint where
it fires and one where it does not, with the evidence it stores."""

from datetime import date

import pytest

from delivery.confidence import Confidence
from delivery.models import Finding
from delivery.services.checks import run_checks
from tests.delivery.checks_world import (
    benefit_line,
    labels_and_values,
    make_quarters,
    submit_return,
)

pytestmark = pytest.mark.django_db

G, AG, A, AR, R = (
    Confidence.GREEN,
    Confidence.AMBER_GREEN,
    Confidence.AMBER,
    Confidence.AMBER_RED,
    Confidence.RED,
)

SLIPPED = {
    "id": 501, "milestone_id": 12, "title": "Shared record live", "status": "late",
    "baseline_due": "2017-09-30", "forecast_on": "2018-01-31", "done_on": "", "slippage": 123,
}  # fmt: skip
LATE_CAPABILITY = {
    "letter": "E", "planned_by": "2017-12-31", "forecast_by": "2018-06-30", "status": "late",
    "after_deadline": True,
}  # fmt: skip
OFF_TRACK = benefit_line(
    3, "Fewer duplicate pathology tests", target_on=date(2019, 3, 31), rating="off_track",
    unit="£", realised="20000.0000", expected="30000.0000",
)  # fmt: skip


def found(progress_return, check_id):
    run_checks(progress_return=progress_return)
    return list(
        Finding.objects.filter(progress_return=progress_return, check_id=check_id).order_by("key")
    )


# --- green_outside_red_inside -------------------------------------------------------------


def test_a_green_return_with_a_major_slip_a_late_capability_and_an_off_track_benefit_is_found():
    quarters = make_quarters()
    progress_return = submit_return(
        quarters, rating=G, milestones=[SLIPPED], capabilities=[LATE_CAPABILITY],
        benefits=[OFF_TRACK],
    )  # fmt: skip

    benefit, milestone, capability = found(progress_return, "green_outside_red_inside")

    assert (benefit.key, milestone.key, capability.key) == ("benefit:3", "milestone:12", "uc:E")
    assert milestone.summary == (
        "Rated Green while “Shared record live” is 123 days later than accepted."
    )
    assert labels_and_values(milestone) == [
        ("The footprint's delivery confidence", "Green"),
        ("Milestone", "Shared record live"),
        ("Due in the accepted roadmap", "30 September 2017"),
        ("Done or forecast", "31 January 2018"),
        ("Days later than accepted", "123"),
    ]
    assert milestone.evidence[1]["url_name"] == "return_section"
    assert milestone.evidence[1]["args"] == [progress_return.pk, "milestones"]
    assert capability.summary == (
        "Rated Green while E is forecast in place by 30 June 2018, after 31 March 2018."
    )
    assert labels_and_values(capability)[1:] == [
        ("Universal capability", "E"),
        ("Forecast in place by", "30 June 2018"),
        ("Universal capabilities are due by", "31 March 2018"),
    ]
    assert benefit.summary == (
        "Rated Green while the benefit “Fewer duplicate pathology tests” is off track."
    )
    assert labels_and_values(benefit)[1:] == [
        ("Benefit", "Fewer duplicate pathology tests"),
        ("Benefit rating", "Off track"),
        ("Realised to date", "£20,000"),
        ("Expected to date", "£30,000"),
    ]


def test_an_amber_green_return_with_a_slip_is_found_too():
    quarters = make_quarters()
    progress_return = submit_return(quarters, rating=AG, milestones=[SLIPPED])

    [milestone] = found(progress_return, "green_outside_red_inside")

    assert milestone.summary == (
        "Rated Amber/Green while “Shared record live” is 123 days later than accepted."
    )


def test_an_amber_return_with_red_lines_or_a_green_one_slipping_90_days_is_not_found():
    quarters = make_quarters()
    amber = submit_return(
        quarters, rating=A, milestones=[SLIPPED], capabilities=[LATE_CAPABILITY],
        benefits=[OFF_TRACK],
    )  # fmt: skip
    green = submit_return(
        quarters, rating=G, milestones=[SLIPPED | {"slippage": 90}],
        capabilities=[LATE_CAPABILITY | {"after_deadline": False}],
        benefits=[OFF_TRACK | {"figures": {"rating": "at_risk"}}],
    )  # fmt: skip

    assert found(amber, "green_outside_red_inside") == []
    assert found(green, "green_outside_red_inside") == []


# --- self_better_than_assured -------------------------------------------------------------


def test_a_self_rating_two_steps_better_than_assured_two_quarters_running_is_found():
    quarters = make_quarters()
    first = submit_return(quarters, rating=G, assured=A)
    second = submit_return(quarters, rating=AG, assured=AR)

    [finding] = found(second, "self_better_than_assured")

    assert finding.key == "rating"
    assert finding.summary == (
        "The footprint rated itself 2 or more steps better than NHS England's assured rating "
        "for 2 quarters running."
    )
    assert labels_and_values(finding) == [
        ("2016/17 Q1: the footprint's rating", "Green"),
        ("2016/17 Q1: the assured rating", "Amber"),
        ("2016/17 Q2: the footprint's rating", "Amber/Green"),
        ("2016/17 Q2: the assured rating", "Amber/Red"),
    ]
    assert [item["args"] for item in finding.evidence] == [[first.pk]] * 2 + [[second.pk]] * 2
    # One quarter alone is not a pattern.
    assert found(first, "self_better_than_assured") == []


def test_a_gap_of_one_step_or_a_quarter_not_yet_assured_is_not_found():
    quarters = make_quarters()
    submit_return(quarters, rating=G, assured=AG)
    one_step = submit_return(quarters, rating=G, assured=AR)
    not_assured = submit_return(quarters, rating=G)

    assert found(one_step, "self_better_than_assured") == []
    assert found(not_assured, "self_better_than_assured") == []


# --- benefit_dates_keep_moving ------------------------------------------------------------


def readmissions(target_on):
    return benefit_line(7, "Fewer emergency readmissions", target_on=target_on)


def test_a_benefit_whose_target_moved_later_in_three_returns_is_found_with_each_move():
    quarters = make_quarters()
    for target in (date(2018, 6, 30), date(2018, 6, 30), date(2018, 9, 30)):
        submit_return(quarters, rating=A, benefits=[readmissions(target)])
    fourth = submit_return(quarters, rating=A, benefits=[readmissions(date(2018, 12, 31))])

    [finding] = found(fourth, "benefit_dates_keep_moving")

    assert finding.key == "benefit:7"
    assert finding.summary == (
        "The target date of “Fewer emergency readmissions” moved later in 3 returns, to "
        "31 December 2018."
    )
    assert labels_and_values(finding) == [
        ("Benefit", "Fewer emergency readmissions"),
        ("Target date in the accepted roadmap", "31 March 2018"),
        ("2016/17 Q1: target date", "30 June 2018 (was 31 March 2018)"),
        ("2016/17 Q3: target date", "30 September 2018 (was 30 June 2018)"),
        ("2016/17 Q4: target date", "31 December 2018 (was 30 September 2018)"),
    ]
    first, _second, third, _fourth = quarters.returns
    assert [item.get("args") for item in finding.evidence[2:]] == [
        [first.pk], [third.pk], [fourth.pk]
    ]  # fmt: skip


def test_a_benefit_whose_target_moved_twice_or_moved_earlier_is_not_found():
    quarters = make_quarters()
    for target in (date(2018, 6, 30), date(2018, 3, 31), date(2018, 6, 30)):
        submit_return(quarters, rating=A, benefits=[readmissions(target)])

    assert found(quarters.returns[-1], "benefit_dates_keep_moving") == []


# --- unmitigated_high_risks (return) ------------------------------------------------------


def test_an_open_high_risk_without_mitigation_in_a_return_is_found_and_closed_ones_are_not():
    quarters = make_quarters()
    risk = {"likelihood": 4, "impact": 4, "owner": "", "mitigation": " ", "closed": False}
    progress_return = submit_return(quarters, rating=A, risks=[
        risk | {"id": 31, "risk_id": 7, "description": "Suppliers go out of business"},
        risk | {"id": 32, "risk_id": None, "description": "Clinicians reject the system"},
        risk | {"id": 33, "risk_id": 8, "description": "Funding withdrawn", "closed": True},
    ])  # fmt: skip

    suppliers, clinicians = found(progress_return, "unmitigated_high_risks")

    assert (suppliers.key, clinicians.key) == ("risk:7", "risk:line-32")
    assert labels_and_values(clinicians) == [
        ("Risk", "Clinicians reject the system"),
        ("Likelihood", "4 – high"),
        ("Impact", "4 – high"),
        ("Owner", "None named"),
        ("Mitigation", "None written"),
    ]
    assert clinicians.evidence[0]["args"] == [progress_return.pk, "risks"]
