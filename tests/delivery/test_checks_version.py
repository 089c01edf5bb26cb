"""The cross-checks that read a submitted roadmap version, each on a made-up footprint where
it fires and one where it does not, with the evidence it stores."""

from datetime import date

import pytest

from accounts.enums import OrganisationKind
from delivery.models import Finding
from delivery.services.checks import run_checks
from roadmaps.enums import MemberRole
from tests.delivery.checks_world import (
    answer,
    labels_and_values,
    make_place,
    set_figures,
    sign_off,
    submit_version,
)
from tests.factories import FootprintMemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def found(version, check_id):
    run_checks(version=version)
    return list(Finding.objects.filter(roadmap_version=version, check_id=check_id).order_by("key"))


# --- uc_early_weak_maturity -------------------------------------------------------------


def test_a_capability_planned_early_on_bottom_quartile_maturity_is_found_with_its_figures():
    place = make_place()
    set_figures(
        place, footprint={"medicines_management": 30.0}, national={"medicines_management": 45.0}
    )
    version = submit_version(place, universal={"A": date(2016, 12, 31), "I": date(2017, 6, 30)})

    [finding] = found(version, "uc_early_weak_maturity")

    assert finding.key == "uc:A"
    assert finding.summary == (
        "A is planned in place by 31 December 2016, but the providers' Medicines management "
        "and optimisation score, 30.0, is below the national lower quartile, 45.0."
    )
    assert labels_and_values(finding) == [
        ("A planned in place by", "31 December 2016"),
        ("Providers' median score: Medicines management and optimisation", "30.0"),
        ("National lower quartile: Medicines management and optimisation", "45.0"),
    ]
    assert [(e.get("url_name"), e.get("args")) for e in finding.evidence] == [
        ("roadmap_version", [place.roadmap.pk, 1]),
        ("footprint_results", [place.footprint.pk]),
        ("national_results", []),
    ]
    assert (finding.footprint, finding.check_version, finding.state) == (place.footprint, 1, "open")


def test_a_capability_planned_early_whose_questions_score_nothing_is_found_with_the_answers():
    place = make_place(trusts=("Leeds Teaching Hospitals", "Leeds Community Healthcare"))
    set_figures(place, footprint={"transfers_of_care": 60.0}, national={"transfers_of_care": 45.0})
    answer(place, "Leeds Community Healthcare", "C-TC-04", "disagree_completely")
    answer(place, "Leeds Teaching Hospitals", "C-TC-04", "mostly_agree")
    version = submit_version(place, universal={"D": date(2017, 3, 31)})

    [finding] = found(version, "uc_early_weak_maturity")

    assert finding.summary == (
        "D is planned in place by 31 March 2017, but 1 answer to its questions scores 0."
    )
    assert labels_and_values(finding) == [
        ("D planned in place by", "31 March 2017"),
        ("Providers' median score: Transfers of care", "60.0"),
        ("National lower quartile: Transfers of care", "45.0"),
        ("Leeds Community Healthcare, C-TC-04: Referrals from GPs are received electronically "
         "and can be accepted, triaged and booked without paper.", "Disagree completely"),
    ]  # fmt: skip
    assessment = place.assessments["Leeds Community Healthcare"]
    assert finding.evidence[-1]["url_name"] == "check_answers"
    assert finding.evidence[-1]["args"] == [assessment.pk]


def test_a_capability_planned_early_on_sound_maturity_or_late_on_weak_maturity_is_not_found():
    place = make_place()
    set_figures(
        place,
        footprint={"medicines_management": 50.0, "transfers_of_care": 10.0},
        national={"medicines_management": 45.0, "transfers_of_care": 45.0},
    )
    answer(place, "Leeds Teaching Hospitals", "C-MM-03", "neither")
    version = submit_version(place, universal={"A": date(2016, 12, 31), "E": date(2017, 4, 1)})

    assert found(version, "uc_early_weak_maturity") == []


# --- schedule_ignores_baseline -----------------------------------------------------------

MEDIANS = {
    "records_assessments_plans": 80.0,
    "transfers_of_care": 60.0,
    "orders_results": 50.0,
    "medicines_management": 40.0,
    "decision_support": 20.0,
    "remote_assistive_care": 45.0,
    "asset_resource_optimisation": 55.0,
}
OTHERS = ("transfers", "orders", "medicines", "remote_care", "assets")


def test_a_schedule_starting_with_the_strongest_theme_and_ending_with_the_weakest_is_found():
    place = make_place()
    set_figures(place, footprint=MEDIANS)
    schedule = {group: {2017: "Roll out"} for group in OTHERS}
    schedule |= {
        "records": {2016: "Shared record", 2017: "More"},
        "decision_support": {2019: "Alerts"},
    }
    version = submit_version(place, schedule=schedule)

    first, last = found(version, "schedule_ignores_baseline")

    assert (first.key, last.key) == ("first:records", "last:decision_support")
    assert first.summary == (
        "Records, assessments and plans, the providers' strongest theme, is scheduled first "
        "(2016/17), before Decision support, their weakest (2019/20)."
    )
    assert labels_and_values(first) == [
        ("Providers' median score: Records, assessments and plans", "80.0"),
        ("Providers' median score: Decision support", "20.0"),
        ("Records, assessments and plans first planned in", "2016/17"),
        ("Decision support first planned in", "2019/20"),
    ]
    assert last.summary == (
        "Decision support, the providers' weakest theme, is scheduled last (2019/20), after "
        "Records, assessments and plans, their strongest (2016/17)."
    )


def test_a_weakest_theme_never_planned_counts_as_last():
    place = make_place()
    set_figures(place, footprint=MEDIANS)
    schedule = {group: {2016: "Roll out"} for group in (*OTHERS, "records")}
    version = submit_version(place, schedule=schedule)

    first, last = found(version, "schedule_ignores_baseline")

    assert (first.key, last.key) == ("first:records", "last:decision_support")
    assert labels_and_values(last)[-1] == (
        "Decision support first planned in",
        "Not planned in any year",
    )


def test_a_schedule_that_starts_with_the_weakest_theme_is_not_found():
    place = make_place()
    set_figures(place, footprint=MEDIANS)
    schedule = {group: {2017: "Roll out"} for group in OTHERS}
    schedule |= {"records": {2018: "Shared record"}, "decision_support": {2016: "Alerts"}}
    version = submit_version(place, schedule=schedule)

    assert found(version, "schedule_ignores_baseline") == []


def test_no_baseline_check_without_the_providers_figures():
    place = make_place()
    schedule = {"records": {2016: "Shared record"}, "decision_support": {2019: "Alerts"}}
    version = submit_version(place, schedule=schedule)

    assert found(version, "schedule_ignores_baseline") == []
    assert found(version, "uc_early_weak_maturity") == []


# --- missing_evidence -------------------------------------------------------------------


def test_a_provider_without_a_submitted_assessment_and_a_member_that_did_not_sign_are_found():
    place = make_place(
        trusts=("Leeds Teaching Hospitals", "Mid Yorkshire Hospitals"),
        unsubmitted=("Mid Yorkshire Hospitals",),
    )
    council = OrganisationFactory(name="Leeds City Council", kind=OrganisationKind.LOCAL_AUTHORITY)
    FootprintMemberFactory(footprint=place.footprint, organisation=council,
                           role=MemberRole.LOCAL_AUTHORITY)  # fmt: skip
    sign_off(place, [place.lead, *place.trusts.values()])
    version = submit_version(place)

    by_key = {f.key: f for f in found(version, "missing_evidence")}

    mid_yorkshire = place.trusts["Mid Yorkshire Hospitals"]
    assert sorted(by_key) == [f"assessment:{mid_yorkshire.ods_code}", f"member:{council.ods_code}"]
    assessment = by_key[f"assessment:{mid_yorkshire.ods_code}"]
    assert assessment.summary == (
        "Mid Yorkshire Hospitals has no submitted self-assessment for 2015-16."
    )
    assert labels_and_values(assessment) == [
        ("Self-assessment of Mid Yorkshire Hospitals for 2015-16", "In progress")
    ]
    member = by_key[f"member:{council.ods_code}"]
    assert member.summary == "Leeds City Council did not sign off version 1."
    assert labels_and_values(member) == [
        ("Sign-off of version 1 by Leeds City Council", "Not asked"),
        ("Role in the footprint", "Local authority"),
    ]


def test_a_footprint_whose_providers_submitted_and_whose_members_signed_has_nothing_missing():
    place = make_place(trusts=("Leeds Teaching Hospitals", "Mid Yorkshire Hospitals"))
    # An earlier round that a trust declined does not count: the last round before the
    # version was submitted does.
    sign_off(place, [place.lead], round_=1)
    sign_off(place, [place.lead, *place.trusts.values()], round_=2)
    version = submit_version(place)

    assert found(version, "missing_evidence") == []


# --- unmitigated_high_risks (version) ------------------------------------------------------


def test_a_high_risk_without_mitigation_in_a_version_is_found_and_others_are_not():
    place = make_place()
    version = submit_version(place, risks=[
        {"description": "Suppliers go out of business", "likelihood": 4, "impact": 5},
        {"description": "Staff leave", "likelihood": 5, "impact": 5, "mitigation": "Retention"},
        {"description": "Network outage", "likelihood": 3, "impact": 5},
    ])  # fmt: skip

    [finding] = found(version, "unmitigated_high_risks")

    assert finding.key == "risk:1"
    assert finding.summary == (
        "“Suppliers go out of business” has likelihood 4 and impact 5, and no mitigation."
    )
    assert labels_and_values(finding) == [
        ("Risk", "Suppliers go out of business"),
        ("Likelihood", "4 – high"),
        ("Impact", "5 – very high"),
        ("Owner", "Programme board"),
        ("Mitigation", "None written"),
    ]
