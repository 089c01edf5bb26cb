"""The cross-checks run on what the footprint is still writing: a roadmap's draft and a
progress return before it is submitted find what a submission now would, and store nothing."""

from datetime import date

import pytest

from delivery.checks.preview import preview_findings, preview_return_findings
from delivery.confidence import Confidence
from delivery.enums import MilestoneStatus
from delivery.models import CheckRun, Finding
from delivery.selectors.returns import return_figures
from delivery.services.checks import run_checks
from delivery.services.submission import return_snapshot
from roadmaps.enums import RoadmapState
from roadmaps.models import Risk, RoadmapSignatory
from tests.delivery.assurance_world import assure, write_and_submit, write_return
from tests.delivery.world import make_delivery_world
from tests.roadmaps.review_world import submit_directly
from tests.roadmaps.submission_world import fill_draft, make_world

pytestmark = pytest.mark.django_db


def keys(found):
    return [(check.id, item.key) for check, item in found]


def draft_with_a_high_risk():
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead)
    Risk.objects.create(roadmap=world.roadmap, description="Suppliers go out of business",
                        likelihood=5, impact=5, owner="Programme board")  # fmt: skip
    return world


def test_the_draft_is_checked_as_the_version_it_would_be_and_nothing_is_stored():
    world = draft_with_a_high_risk()
    risk = Risk.objects.get(description="Suppliers go out of business")

    found = preview_findings(world.roadmap)

    # The trust has no self-assessment; the trust and the council are not asked to sign off
    # (the two CCGs are, so they are not found); the risk has no mitigation.
    assert keys(found) == [
        ("missing_evidence", f"assessment:{world.trust.ods_code}"),
        ("missing_evidence", f"member:{world.council.ods_code}"),
        ("missing_evidence", f"member:{world.trust.ods_code}"),
        ("unmitigated_high_risks", f"risk:{risk.pk}"),
    ]
    assert [item.summary for _check, item in found][1:] == [
        "Leeds City Council did not sign off version 1.",
        "Leeds Teaching Hospitals did not sign off version 1.",
        "“Suppliers go out of business” has likelihood 5 and impact 5, and no mitigation.",
    ]
    # The draft has no version page yet: the evidence links to the draft.
    assert found[1][1].evidence[0] == {
        "label": "Sign-off of version 1 by Leeds City Council", "value": "Not asked",
        "url_name": "roadmap_tasks", "args": [world.roadmap.pk],
    }  # fmt: skip
    assert (Finding.objects.count(), CheckRun.objects.count()) == (0, 0)


def test_a_member_chosen_to_sign_off_is_not_found_before_sign_off_is_asked_for():
    world = draft_with_a_high_risk()
    RoadmapSignatory.objects.create(roadmap=world.roadmap, organisation=world.council)

    found = keys(preview_findings(world.roadmap))

    assert ("missing_evidence", f"member:{world.council.ods_code}") not in found
    assert ("missing_evidence", f"member:{world.trust.ods_code}") in found


def test_the_draft_after_a_version_is_checked_as_the_next_version():
    world = draft_with_a_high_risk()
    submit_directly(world.roadmap, by=world.lead_editor)
    world.roadmap.state = RoadmapState.CHANGES_REQUESTED

    summaries = [item.summary for _check, item in preview_findings(world.roadmap)]

    assert "Leeds City Council did not sign off version 2." in summaries


# --- A progress return before it is submitted -----------------------------------------------

SLIPPED = {"status": MilestoneStatus.LATE, "forecast_on": date(2018, 1, 31)}
HIGH_RISK = {"description": "Network outage", "likelihood": 5, "impact": 4}


def preview_of(progress_return):
    progress_return.refresh_from_db()
    snapshot = return_snapshot(progress_return, return_figures(progress_return))
    return preview_return_findings(progress_return, snapshot)


def test_a_return_as_it_stands_is_checked_as_its_submission_would_be_and_nothing_is_stored():
    world = make_delivery_world()
    progress_return = write_return(world, world.periods[0], rating=Confidence.GREEN,
                                   milestone=SLIPPED, new_risks=[HIGH_RISK])  # fmt: skip

    found = preview_of(progress_return)

    line = progress_return.milestones.get()
    risk = progress_return.risks.get(description="Network outage")
    assert keys(found) == [
        ("green_outside_red_inside", f"milestone:{line.milestone_id}"),
        ("unmitigated_high_risks", f"risk:line-{risk.pk}"),
    ]
    assert found[0][1].summary == (
        "Rated Green while “Shared record live” is 123 days later than accepted."
    )
    assert (Finding.objects.count(), CheckRun.objects.count()) == (0, 0)


def test_what_a_return_sent_back_would_find_is_what_its_next_submission_stores():
    # Q1 and Q2 rated Green, both assured Amber/Red: three steps apart, two quarters running,
    # once Q2 is submitted again after NHS England asks for more information.
    world = make_delivery_world()
    first = write_and_submit(world, world.periods[0], rating=Confidence.GREEN)
    assure(first, world.reviewer, rating=Confidence.AMBER_RED)
    second = write_and_submit(world, world.periods[1], rating=Confidence.GREEN)
    assure(second, world.reviewer, rating=Confidence.AMBER_RED,
           decision="more_information", comment="Say more")  # fmt: skip
    write_return(world, world.periods[1], rating=Confidence.GREEN, milestone=SLIPPED)

    previewed = keys(preview_of(second))
    write_and_submit(world, world.periods[1], rating=Confidence.GREEN, milestone=SLIPPED)
    run_checks(progress_return=second)

    stored = [
        (finding.check_id, finding.key)
        for finding in Finding.objects.filter(progress_return=second, cleared_at__isnull=True)
    ]
    assert ("self_better_than_assured", "rating") in previewed
    assert sorted(previewed) == sorted(stored)
