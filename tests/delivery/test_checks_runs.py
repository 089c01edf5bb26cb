"""Running the checks and keeping what they find: idempotent runs, findings cleared and found
again with their explanations kept, who may explain, and the tasks on submit and the sweep."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.enums import Role
from accounts.errors import ActionRefused
from accounts.models import AuditEvent
from delivery.confidence import Confidence
from delivery.enums import MilestoneStatus
from delivery.models import CheckRun, Finding, ReturnAssurance, ReturnSubmission
from delivery.selectors.findings import (
    findings_of,
    open_finding_counts,
    stale_returns,
    stale_versions,
)
from delivery.services.checks import RunCounts, explain_finding, run_checks
from delivery.tasks import run_checks_for_return, run_checks_for_version, sweep_checks
from maturity.models import FigureComputation
from roadmaps.models import Roadmap
from roadmaps.services import submission as roadmap_submission
from tests.delivery.assurance_world import assure, write_and_submit
from tests.delivery.checks_world import (
    answer,
    make_place,
    make_quarters,
    national_reviewer,
    north_reviewer,
    person,
    set_figures,
    sign_off,
    submit_return,
    submit_version,
)
from tests.delivery.world import make_delivery_world
from tests.factories import OrganisationFactory, RegionFactory
from tests.roadmaps.submission_world import fill_draft, make_world

pytestmark = pytest.mark.django_db


def high_risk_version(place, **extra):
    return submit_version(place, risks=[
        {"description": "Suppliers go out of business", "likelihood": 5, "impact": 5},
    ], **extra)  # fmt: skip


def rows(version):
    """Every stored field of the version's findings but when they were last computed."""
    return sorted(
        Finding.objects.filter(roadmap_version=version).values_list(
            "pk", "check_id", "check_version", "key", "summary", "evidence", "state", "note",
            "first_found_at", "cleared_at",
        )
    )  # fmt: skip


def test_running_the_checks_twice_keeps_the_same_rows():
    place = make_place(unsubmitted=("Leeds Teaching Hospitals",))
    version = high_risk_version(place)

    first = run_checks(version=version)
    before = rows(version)
    second = run_checks(version=version)

    assert first == RunCounts(found=4, new=4, cleared=0, reappeared=0, open=4)
    assert second == RunCounts(found=4, new=0, cleared=0, reappeared=0, open=4)
    assert rows(version) == before
    trust = place.trusts["Leeds Teaching Hospitals"]
    assert [(f.check_id, f.key) for f in findings_of(version=version)] == [
        ("missing_evidence", f"assessment:{trust.ods_code}"),
        ("missing_evidence", f"member:{place.lead.ods_code}"),
        ("missing_evidence", f"member:{trust.ods_code}"),
        ("unmitigated_high_risks", "risk:1"),
    ]
    assert open_finding_counts([place.footprint.pk]) == {place.footprint.pk: 4}
    assert CheckRun.objects.get(roadmap_version=version).check_versions == {
        "uc_early_weak_maturity": 1,
        "schedule_ignores_baseline": 1,
        "missing_evidence": 1,
        "unmitigated_high_risks": 1,
    }


def assessment_finding(place, version):
    ods = place.trusts["Leeds Teaching Hospitals"].ods_code
    return Finding.objects.get(roadmap_version=version, key=f"assessment:{ods}")


def test_a_finding_no_longer_found_is_cleared_and_kept_and_cleared_again_when_found_again():
    place = make_place(unsubmitted=("Leeds Teaching Hospitals",))
    sign_off(place, [place.lead, *place.trusts.values()])
    version = submit_version(place)
    run_checks(version=version)
    assessment = place.assessments["Leeds Teaching Hospitals"]

    assessment.state = "submitted"
    assessment.save(update_fields=["state"])
    cleared = run_checks(version=version)
    finding = assessment_finding(place, version)

    assert cleared == RunCounts(found=0, new=0, cleared=1, reappeared=0, open=0)
    assert finding.cleared_at is not None
    assert findings_of(version=version) == [finding]

    assessment.state = "in_progress"
    assessment.save(update_fields=["state"])
    again = run_checks(version=version)

    assert again == RunCounts(found=1, new=0, cleared=0, reappeared=1, open=1)
    assert assessment_finding(place, version).cleared_at is None
    assert assessment_finding(place, version).pk == finding.pk


def test_an_explained_finding_keeps_its_note_when_it_is_cleared_and_found_again():
    place = make_place(unsubmitted=("Leeds Teaching Hospitals",))
    sign_off(place, [place.lead, *place.trusts.values()])
    version = submit_version(place)
    run_checks(version=version)
    reviewer = north_reviewer()
    explain_finding(finding=assessment_finding(place, version), note="Submitted late, on paper.",
                    explained_by=reviewer)  # fmt: skip
    assessment = place.assessments["Leeds Teaching Hospitals"]

    for state in ("submitted", "in_progress"):
        assessment.state = state
        assessment.save(update_fields=["state"])
        run_checks(version=version)

    finding = assessment_finding(place, version)
    assert (finding.state, finding.note, finding.explained_by, finding.cleared_at) == (
        "explained", "Submitted late, on paper.", reviewer, None
    )  # fmt: skip
    assert open_finding_counts([place.footprint.pk]) == {}


def test_a_finding_has_exactly_one_subject():
    quarters = make_quarters()
    progress_return = submit_return(quarters, rating=Confidence.GREEN)

    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.create(
            check_id="missing_evidence", check_version=1, roadmap_version=quarters.version,
            progress_return=progress_return, footprint=quarters.place.footprint, key="x",
            summary="x",
        )  # fmt: skip


# --- explain_finding ----------------------------------------------------------------------


@pytest.fixture
def risk_finding(db):
    place = make_place()
    version = high_risk_version(place)
    run_checks(version=version)
    finding = Finding.objects.get(roadmap_version=version, check_id="unmitigated_high_risks")
    finding.place = place
    return finding


def test_a_reviewer_of_the_region_explains_a_finding_with_a_note_and_it_is_audited(risk_finding):
    reviewer = north_reviewer()

    explain_finding(finding=risk_finding, note="  Insurance covers it.  ", explained_by=reviewer)

    risk_finding.refresh_from_db()
    assert (risk_finding.state, risk_finding.note, risk_finding.explained_by) == (
        "explained", "Insurance covers it.", reviewer
    )  # fmt: skip
    assert risk_finding.explained_at is not None
    event = AuditEvent.objects.get(verb="finding.explained")
    assert (event.actor, event.target_id, event.organisation) == (
        reviewer, str(risk_finding.pk), risk_finding.place.lead
    )  # fmt: skip
    assert event.after["note"] == "Insurance covers it."
    with pytest.raises(ActionRefused, match="Someone has already explained this finding."):
        explain_finding(finding=risk_finding, note="Again", explained_by=national_reviewer())


def test_an_empty_note_is_refused_saying_what_to_write(risk_finding):
    with pytest.raises(ActionRefused) as refused:
        explain_finding(finding=risk_finding, note="   ", explained_by=north_reviewer())

    assert str(refused.value) == (
        "Write a note that explains the finding: say why it is not a problem, or what is being "
        "done about it."
    )
    risk_finding.refresh_from_db()
    assert (risk_finding.state, risk_finding.note) == ("open", "")


def test_reviewers_of_other_regions_and_the_lead_after_submission_may_not_explain(risk_finding):
    london = OrganisationFactory(ods_code="Y56", name="LONDON COMMISSIONING REGION",
                                 kind="nhse_region", region=None)  # fmt: skip
    lead = risk_finding.place.lead
    refused_people = [
        person(london, Role.REVIEWER, "lola@london.england.nhs.uk"),
        person(lead, Role.EDITOR, "editor@leeds.example.nhs.uk"),
        person(RegionFactory(), Role.ADMIN, "admin@north.england.nhs.uk"),
    ]

    for someone in refused_people:
        with pytest.raises(ActionRefused) as refused:
            explain_finding(finding=risk_finding, note="Fine", explained_by=someone)
        assert str(refused.value) == (
            "Only NHS England reviewers for the footprint's region can explain this finding, or "
            "the lead CCG's editors and approvers while the roadmap or return is back with the "
            "footprint, before it is submitted again."
        )
    assert Finding.objects.get(pk=risk_finding.pk).state == "open"


def test_the_lead_ccg_explains_a_finding_while_its_roadmap_is_back_with_it(risk_finding):
    approver = person(risk_finding.place.lead, Role.APPROVER, "approver@leeds.example.nhs.uk")
    Roadmap.objects.filter(pk=risk_finding.place.roadmap.pk).update(state="changes_requested")

    explain_finding(
        finding=risk_finding, note="Mitigation added in version 2.", explained_by=approver
    )

    assert Finding.objects.get(pk=risk_finding.pk).state == "explained"


def test_a_finding_no_longer_found_needs_no_explanation():
    place = make_place(unsubmitted=("Leeds Teaching Hospitals",))
    version = submit_version(place)
    run_checks(version=version)
    assessment = place.assessments["Leeds Teaching Hospitals"]
    assessment.state = "submitted"
    assessment.save(update_fields=["state"])
    run_checks(version=version)

    with pytest.raises(ActionRefused, match="no longer found, so it needs no explanation"):
        explain_finding(finding=assessment_finding(place, version), note="Late",
                        explained_by=north_reviewer())  # fmt: skip


# --- Tasks ---------------------------------------------------------------------------------


def test_submitting_a_roadmap_runs_the_checks_on_its_version_after_commit(
    django_capture_on_commit_callbacks,
):
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead)
    roadmap_submission.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)
    for organisation, approver in [(world.lead, world.lead_approver),
                                   (world.partner, world.partner_approver)]:  # fmt: skip
        roadmap_submission.sign_off_roadmap(roadmap=world.roadmap, organisation=organisation,
                                            signed_by=approver)  # fmt: skip

    with django_capture_on_commit_callbacks(execute=True):
        version = roadmap_submission.submit_roadmap(
            roadmap=world.roadmap, submitted_by=world.lead_editor
        )

    assert sorted(f.summary for f in findings_of(version=version)) == [
        "Leeds City Council did not sign off version 1.",
        "Leeds Teaching Hospitals did not sign off version 1.",
        "Leeds Teaching Hospitals has no submitted self-assessment for 2015-16.",
    ]


def test_submitting_a_return_runs_its_checks_and_releasing_its_assurance_runs_them_again(
    django_capture_on_commit_callbacks,
):
    world = make_delivery_world()
    slipped = {"status": MilestoneStatus.LATE, "forecast_on": date(2018, 1, 31)}

    with django_capture_on_commit_callbacks(execute=True):
        progress_return = write_and_submit(world, world.periods[0], rating=Confidence.GREEN,
                                           milestone=slipped)  # fmt: skip

    [finding] = findings_of(progress_return=progress_return)
    assert finding.summary == (
        "Rated Green while “Shared record live” is 123 days later than accepted."
    )
    ran = CheckRun.objects.get(progress_return=progress_return).ran_at
    with django_capture_on_commit_callbacks(execute=True):
        assure(progress_return, world.reviewer, rating=Confidence.AMBER_RED)
    assert CheckRun.objects.get(progress_return=progress_return).ran_at > ran


def test_the_tasks_leave_a_subject_that_is_gone_alone():
    assert run_checks_for_version.delay(version_id=0).get() is None
    assert run_checks_for_return.delay(progress_return_id=0).get() is None


# --- The sweep -----------------------------------------------------------------------------


def test_the_sweep_runs_subjects_never_run_then_only_those_gone_stale():
    quarters = make_quarters()
    progress_return = submit_return(quarters, rating=Confidence.GREEN)
    fresh = submit_version(quarters.place, number=2)

    assert sweep_checks.delay().get() == {"ran": 3}
    assert (stale_versions(), stale_returns()) == ([], [])
    assert sweep_checks.delay().get() == {"ran": 0}

    # The figures are worked out again: the versions' maturity evidence may have changed.
    FigureComputation.objects.update_or_create(
        cycle=quarters.place.cycle, defaults={"computed_at": timezone.now()}
    )
    assert stale_versions() == [quarters.version, fresh]
    assert stale_returns() == []

    # A check's rule changed since the return's checks ran.
    CheckRun.objects.filter(progress_return=progress_return).update(
        check_versions={"green_outside_red_inside": 0}
    )
    assert stale_returns() == [progress_return]
    assert sweep_checks.delay(limit=2).get() == {"ran": 2}
    assert sweep_checks.delay().get() == {"ran": 1}
    assert sweep_checks.delay().get() == {"ran": 0}


def test_the_sweep_runs_a_return_again_once_an_assurance_is_released_after_its_run():
    quarters = make_quarters()
    first = submit_return(quarters, rating=Confidence.GREEN, assured=Confidence.AMBER)
    second = submit_return(quarters, rating=Confidence.AMBER_GREEN)
    sweep_checks.delay().get()
    assert findings_of(progress_return=second) == []

    ReturnAssurance.objects.create(
        submission=ReturnSubmission.objects.get(progress_return=second),
        progress_return=second, reviewer=quarters.reviewer, assured_confidence=Confidence.AMBER_RED,
        comment="Not so", decision="accept", released_at=timezone.now(),
        released_by=quarters.reviewer,
    )  # fmt: skip

    assert stale_returns() == [second]
    sweep_checks.delay().get()
    assert stale_returns() == []
    [finding] = findings_of(progress_return=second)
    assert finding.check_id == "self_better_than_assured"
    assert finding.evidence[0]["args"] == [first.pk]


def test_running_the_checks_makes_as_many_queries_for_a_large_version_as_for_a_small_one():
    def version_with(name, trusts, letters, risks):
        place = make_place(name, trusts=[f"{name} Trust {n}" for n in range(trusts)])
        national = {} if name == "Bradford" else {"transfers_of_care": 45.0}
        set_figures(place, footprint={"transfers_of_care": 10.0}, national=national)
        for trust_name in place.trusts:
            answer(place, trust_name, "C-TC-04", "disagree_completely")
        risk = {"likelihood": 5, "impact": 5}
        return submit_version(
            place,
            universal={letter: date(2016, 12, 31) for letter in letters},
            risks=[risk | {"description": f"Risk {n}"} for n in range(risks)],
        )

    small = version_with("Leeds", 1, "D", 1)
    large = version_with("Bradford", 3, "ABCDEFGHIJ", 6)
    counts = []
    for version in (small, large):
        with CaptureQueriesContext(connection) as queries:
            run_checks(version=version)
        counts.append(len(queries))

    assert Finding.objects.filter(roadmap_version=large).count() > 10
    assert counts[0] == counts[1]
