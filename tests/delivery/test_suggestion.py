"""Slippage, drift and the suggested rating (``delivery/suggestion.py``) on known dates,
each rule on a case of its own. Lines are plain objects with the fields of the return's
line models, so the rules are tested without a database."""

from dataclasses import dataclass
from datetime import date

from delivery.confidence import Confidence
from delivery.enums import CapabilityStatus, DeploymentStatus, MilestoneStatus
from delivery.suggestion import drift, slippage, suggest

QUARTER_END = date(2016, 9, 30)


@dataclass
class Milestone:
    title: str = "Shared record live"
    baseline_due: date | None = date(2017, 3, 31)
    previous_forecast: date | None = None
    forecast_on: date | None = date(2017, 3, 31)
    done_on: date | None = None
    status: str = MilestoneStatus.ON_TRACK


@dataclass
class Capability:
    letter: str = "A"
    planned_by: date | None = date(2017, 12, 31)
    forecast_by: date | None = date(2017, 12, 31)
    status: str = CapabilityStatus.ON_TRACK


@dataclass
class Deployment:
    group: str = "records"
    status: str = DeploymentStatus.ON_PLAN

    def get_group_display(self):
        return "Records, assessments and plans"


@dataclass
class Risk:
    description: str = "Suppliers late"
    likelihood: int = 3
    impact: int = 3
    closed: bool = False


def suggestion(milestones=(), capabilities=(), deployments=(), risks=()):
    return suggest(
        milestones=list(milestones) or [Milestone()],
        capabilities=list(capabilities) or [Capability()],
        deployments=list(deployments) or [Deployment()],
        risks=list(risks) or [Risk()],
        on=QUARTER_END,
    )


def fired(result):
    return [(rule.id, str(evidence)) for rule, evidence in result.fired]


def test_slippage_counts_days_from_the_accepted_date_to_the_forecast():
    line = Milestone(baseline_due=date(2017, 3, 31), forecast_on=date(2017, 7, 31))
    assert slippage(line) == 122


def test_slippage_of_a_done_milestone_counts_to_the_day_it_was_done():
    line = Milestone(baseline_due=date(2017, 3, 31), forecast_on=date(2017, 7, 31),
                     done_on=date(2017, 3, 1), status=MilestoneStatus.DONE)  # fmt: skip
    assert slippage(line) == -30


def test_drift_counts_days_from_last_quarters_forecast():
    line = Milestone(previous_forecast=date(2017, 7, 31), forecast_on=date(2017, 10, 31))
    assert drift(line) == 92


def test_a_milestone_added_since_acceptance_has_no_slippage_and_no_drift_at_first():
    line = Milestone(baseline_due=None, previous_forecast=None)
    assert (slippage(line), drift(line)) == (None, None)


def test_nothing_wrong_suggests_green():
    result = suggestion()
    assert (result.rating, fired(result)) == (Confidence.GREEN, [])


def test_a_milestone_a_day_late_or_at_risk_suggests_amber_green():
    later = suggestion(milestones=[Milestone(forecast_on=date(2017, 4, 1))])
    at_risk = suggestion(milestones=[Milestone(status=MilestoneStatus.AT_RISK)])
    assert (later.rating, fired(later)) == (
        Confidence.AMBER_GREEN,
        [("slipping", "Shared record live")],
    )
    assert at_risk.rating == Confidence.AMBER_GREEN


def test_a_deployment_behind_plan_suggests_amber_green():
    result = suggestion(deployments=[Deployment(status=DeploymentStatus.BEHIND)])
    assert (result.rating, fired(result)) == (
        Confidence.AMBER_GREEN,
        [("slipping", "Records, assessments and plans")],
    )


def test_a_milestone_past_its_forecast_and_not_done_suggests_amber():
    result = suggestion(milestones=[Milestone(baseline_due=date(2016, 9, 1),
                                              forecast_on=date(2016, 9, 1))])  # fmt: skip
    assert (result.rating, fired(result)) == (
        Confidence.AMBER,
        [("late-milestone", "Shared record live")],
    )


def test_a_milestone_marked_late_suggests_amber():
    assert (
        suggestion(milestones=[Milestone(status=MilestoneStatus.LATE)]).rating == Confidence.AMBER
    )


def test_an_open_risk_high_in_likelihood_and_impact_suggests_amber_until_closed():
    open_risk = suggestion(risks=[Risk(likelihood=4, impact=5)])
    closed = suggestion(risks=[Risk(likelihood=4, impact=5, closed=True)])
    assert (open_risk.rating, fired(open_risk)) == (
        Confidence.AMBER,
        [("major-risk", "Suppliers late")],
    )
    assert closed.rating == Confidence.GREEN


def test_a_milestone_more_than_90_days_late_suggests_amber_red_but_90_does_not():
    ninety = suggestion(milestones=[Milestone(forecast_on=date(2017, 6, 29))])
    ninety_one = suggestion(milestones=[Milestone(forecast_on=date(2017, 6, 30))])
    assert ninety.rating == Confidence.AMBER_GREEN
    assert ninety_one.rating == Confidence.AMBER_RED
    assert fired(ninety_one)[0] == ("major-slip", "Shared record live: 91 days later")


def test_a_universal_capability_forecast_after_march_2018_suggests_amber_red():
    result = suggestion(capabilities=[Capability(letter="C", forecast_by=date(2018, 4, 1))])
    assert (result.rating, fired(result)) == (
        Confidence.AMBER_RED,
        [("capability-late", "C forecast 2018-04-01")],
    )


def test_a_capability_in_place_is_never_late():
    result = suggestion(capabilities=[Capability(forecast_by=date(2018, 4, 1),
                                                 status=CapabilityStatus.IN_PLACE)])  # fmt: skip
    assert result.rating == Confidence.GREEN


def test_three_universal_capabilities_after_march_2018_suggest_red():
    late = [Capability(letter=letter, forecast_by=date(2018, 6, 30)) for letter in "ABC"]
    result = suggestion(capabilities=late)
    assert result.rating == Confidence.RED
    assert fired(result)[0] == ("capabilities-late", "A, B, C")


def test_the_worst_rule_that_fires_sets_the_suggestion():
    result = suggestion(
        milestones=[Milestone(status=MilestoneStatus.AT_RISK)],
        risks=[Risk(likelihood=5, impact=5)],
    )
    assert result.rating == Confidence.AMBER
    assert [rule for rule, _evidence in fired(result)] == ["slipping", "major-risk"]
