"""The panel of findings where they are read: the roadmap's review page and check page, and the
progress return's assurance page and check page. Each finding shows its check's statement,
its summary, its evidence (linked only where the reader may open it), why it matters and its
state; those who may explain it have the form; a reviewer deciding has a sentence to raise
it in the decision."""

from datetime import date

import pytest
from django.urls import reverse

from delivery.confidence import Confidence
from delivery.enums import MilestoneStatus
from delivery.models import Finding
from delivery.services.checks import explain_finding, run_checks
from roadmaps.enums import RoadmapState
from roadmaps.models import Risk, Roadmap
from roadmaps.services import review as review_services
from roadmaps.services import submission
from tests.delivery.assurance_world import assure, write_and_submit, write_return
from tests.delivery.finding_pages import findings_on
from tests.delivery.world import make_delivery_world
from tests.roadmaps.review_world import make_review_world
from tests.roadmaps.submission_world import fill_draft, make_world

pytestmark = pytest.mark.django_db

RISK = "“Suppliers go out of business” has likelihood 5 and impact 5, and no mitigation."
HIGH_RISK_WHY = "A high risk nobody plans to reduce is a problem waiting to happen."
NOTE = "The trust submits its self-assessment next week; the board has seen the draft."


def with_a_high_risk(world):
    Risk.objects.create(roadmap=world.roadmap, description="Suppliers go out of business",
                        likelihood=5, impact=5, owner="Programme board")  # fmt: skip


@pytest.fixture
def rw():
    """Version 1 of Leeds, checked, in review by the North reviewer; the trust's missing
    self-assessment explained by her."""
    rw = make_review_world(prepare=lambda world: with_a_high_risk(world))
    run_checks(version=rw.version)
    review_services.assign_reviewer(roadmap=rw.roadmap, reviewer=rw.north_reviewer,
                                    assigned_by=rw.north_reviewer)  # fmt: skip
    trust = rw.world.trust.ods_code
    explain_finding(finding=Finding.objects.get(key=f"assessment:{trust}"), note=NOTE,
                    explained_by=rw.north_reviewer)  # fmt: skip
    return rw


def page(client, user, name, *args):
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


# --- The review page ----------------------------------------------------------------------


def test_the_review_page_shows_each_finding_with_its_evidence_why_and_state(client, rw):
    html = page(client, rw.north_reviewer, "review_roadmap", rw.roadmap.pk)

    shown = findings_on(html)
    trust, council = rw.world.trust, rw.world.council
    assert [(f.title, f.summary) for f in shown] == [
        ("A roadmap version without the evidence behind it: a provider's self-assessment, or a "
         "member's sign-off.", "Leeds Teaching Hospitals has no submitted self-assessment for "
         "2015-16."),
        *[("A roadmap version without the evidence behind it: a provider's self-assessment, or "
           "a member's sign-off.", f"{name} did not sign off version 1.")
          for name in ("NHS Leeds CCG", "NHS Wakefield CCG", "Leeds Teaching Hospitals",
                       "Leeds City Council")],
        ("A high risk with no mitigation.", RISK),
    ]  # fmt: skip
    risk = shown[-1]
    version_page = reverse("roadmap_version", args=[rw.roadmap.pk, 1])
    assert risk.evidence == [
        ("Risk", "Suppliers go out of business", version_page),
        ("Likelihood", "5 – very high", version_page),
        ("Impact", "5 – very high", version_page),
        ("Owner", "Programme board", version_page),
        ("Mitigation", "None written", version_page),
    ]
    assert risk.why == HIGH_RISK_WHY
    assert risk.state.startswith("Open: found on ")
    assert (risk.form, shown[0].form) == (True, False)
    assert shown[0].state.startswith("Explained by Grace Adeyemi on ")
    assert shown[0].state.endswith(f": {NOTE}")
    assert shown[0].evidence == [
        (f"Self-assessment of {trust.name} for 2015-16", "Never opened",
         reverse("footprint_results", args=[rw.roadmap.footprint_id])),
    ]  # fmt: skip
    assert council.name in shown[4].summary


def test_the_reviewer_can_raise_a_finding_in_the_decision_while_drafting_it(client, rw):
    html = page(client, rw.north_reviewer, "review_roadmap", rw.roadmap.pk)

    risk = findings_on(html)[-1]

    assert risk.raise_text == (
        f"The cross-checks found: {RISK} Please explain this, or say what you will change."
    )
    assert 'data-raise-into="decision-message"' in html
    assert 'id="decision-message"' in html


def test_a_finding_no_longer_found_is_folded_with_when_it_was_cleared(client, rw):
    finding = Finding.objects.get(check_id="unmitigated_high_risks")
    Finding.objects.filter(pk=finding.pk).update(cleared_at=finding.first_found_at)

    shown = findings_on(page(client, rw.north_reviewer, "review_roadmap", rw.roadmap.pk))

    folded = [f for f in shown if f.folded]
    assert [(f.summary, f.form, f.raise_text) for f in folded] == [(RISK, False, "")]
    assert folded[0].state.startswith("No longer found since ")


def test_a_version_the_checks_have_not_run_on_says_so(client):
    rw = make_review_world()
    review_services.assign_reviewer(roadmap=rw.roadmap, reviewer=rw.north_reviewer,
                                    assigned_by=rw.north_reviewer)  # fmt: skip

    html = page(client, rw.north_reviewer, "review_roadmap", rw.roadmap.pk)

    assert findings_on(html) == []
    assert "The cross-checks have not run on it yet" in html


# --- The roadmap's check page ---------------------------------------------------------------


def draft_world():
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead)
    with_a_high_risk(world)
    return world


def test_the_check_page_shows_what_the_checks_would_find_in_the_draft(client):
    world = draft_world()

    html = page(client, world.lead_editor, "roadmap_check", world.roadmap.pk)

    shown = findings_on(html)
    assert [f.summary for f in shown] == [
        "Leeds Teaching Hospitals has no submitted self-assessment for 2015-16.",
        "Leeds City Council did not sign off version 1.",
        "Leeds Teaching Hospitals did not sign off version 1.",
        RISK,
    ]
    assert {f.panel for f in shown} == {"findings-draft"}
    assert [f.state for f in shown] == ["Not stored: found in it as it stands."] * 4
    assert not any(f.form or f.raise_text for f in shown)
    # The draft's own evidence links to the draft; nothing is stored.
    tasks = reverse("roadmap_tasks", args=[world.roadmap.pk])
    assert shown[1].evidence[0] == ("Sign-off of version 1 by Leeds City Council", "Not asked",
                                    tasks)  # fmt: skip
    assert Finding.objects.count() == 0


def test_evidence_links_only_to_pages_the_reader_may_open(client):
    world = draft_world()
    results = reverse("footprint_results", args=[world.roadmap.footprint_id])

    lead = findings_on(page(client, world.lead_editor, "roadmap_check", world.roadmap.pk))
    trust = findings_on(page(client, world.trust_viewer, "roadmap_check", world.roadmap.pk))

    # The providers' results are for the footprint's CCGs and NHS England.
    assert lead[0].evidence[0][2] == results
    assert trust[0].evidence[0][2] == ""
    assert trust[0].evidence[0][:2] == lead[0].evidence[0][:2]


def test_while_changes_are_asked_for_the_lead_may_explain_the_last_versions_findings(client, rw):
    Roadmap.objects.filter(pk=rw.roadmap.pk).update(state=RoadmapState.CHANGES_REQUESTED)

    shown = findings_on(page(client, rw.world.lead_editor, "roadmap_check", rw.roadmap.pk))

    stored = [f for f in shown if f.panel == "findings"]
    assert [f.summary for f in stored][-1] == RISK
    assert [f.form for f in stored] == [False, True, True, True, True, True]
    assert {f.panel for f in shown} == {"findings-draft", "findings"}


def test_once_submitted_the_check_page_shows_the_versions_findings_read_only(client, rw):
    shown = findings_on(page(client, rw.world.lead_editor, "roadmap_check", rw.roadmap.pk))

    assert {f.panel for f in shown} == {"findings"}
    assert not any(f.form for f in shown)


# --- The progress return's pages ------------------------------------------------------------

SLIPPED = {"status": MilestoneStatus.LATE, "forecast_on": date(2018, 1, 31)}
GREEN_SLIP = "Rated Green while “Shared record live” is 123 days later than accepted."
OUTAGE = "“Network outage” has likelihood 5 and impact 4, and no mitigation."


@pytest.fixture
def returned():
    """Leeds's Q1 return, rated Green with its milestone 123 days late and a high risk added
    without a mitigation, submitted and checked."""
    world = make_delivery_world()
    progress_return = write_and_submit(
        world, world.periods[0], rating=Confidence.GREEN, milestone=SLIPPED,
        new_risks=[{"description": "Network outage", "likelihood": 5, "impact": 4}],
    )  # fmt: skip
    run_checks(progress_return=progress_return)
    world.progress_return = progress_return
    return world


def test_the_assurance_page_shows_the_findings_with_their_evidence(client, returned):
    progress_return = returned.progress_return

    html = page(client, returned.reviewer, "assure_return", progress_return.pk)

    milestone, risk = findings_on(html)
    section = reverse("return_section", args=[progress_return.pk, "milestones"])
    rating = reverse("return_section", args=[progress_return.pk, "rating"])
    assert milestone.title == (
        "A progress return rated Green or Amber/Green while its own lines show serious trouble."
    )
    assert milestone.summary == GREEN_SLIP
    assert milestone.evidence == [
        ("The footprint's delivery confidence", "Green", rating),
        ("Milestone", "Shared record live", section),
        ("Due in the accepted roadmap", "30 September 2017", section),
        ("Done or forecast", "31 January 2018", section),
        ("Days later than accepted", "123", section),
    ]
    assert risk.summary == OUTAGE
    assert (milestone.form, risk.form) == (True, True)
    assert 'data-raise-into="id_comment"' in html


def test_an_admin_reads_the_findings_on_the_assurance_page_without_the_form(client, returned):
    from accounts.enums import Role
    from tests.factories import MembershipFactory, NHSEnglandFactory

    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user

    shown = findings_on(page(client, admin, "assure_return", returned.progress_return.pk))

    assert [f.summary for f in shown] == [GREEN_SLIP, OUTAGE]
    assert not any(f.form or f.raise_text for f in shown)


def test_a_draft_returns_check_page_shows_what_the_checks_would_find(client):
    world = make_delivery_world()
    progress_return = write_return(world, world.periods[0], rating=Confidence.GREEN,
                                   milestone=SLIPPED)  # fmt: skip

    shown = findings_on(page(client, world.lead_editor, "return_check", progress_return.pk))

    assert [(f.summary, f.state, f.form) for f in shown] == [
        (GREEN_SLIP, "Not stored: found in it as it stands.", False)
    ]


def test_a_return_sent_back_shows_its_stored_findings_for_the_lead_to_explain(client, returned):
    progress_return = assure(returned.progress_return, returned.reviewer,
                             rating=Confidence.AMBER, decision="more_information",
                             comment="Tell us about the shared record")  # fmt: skip
    # Since, the editors mitigated the risk: a new submission would no longer find it.
    write_return(returned, returned.periods[0], rating=Confidence.GREEN,
                 risks={"Network outage": {"mitigation": "A second line"}})  # fmt: skip

    shown = findings_on(page(client, returned.lead_editor, "return_check", progress_return.pk))

    assert [(f.summary, f.folded, f.form) for f in shown] == [
        (GREEN_SLIP, False, True),
        (OUTAGE, True, False),
    ]
    assert shown[0].state.startswith("Open: found on ")
    assert shown[1].state.startswith("No longer found in it as it stands.")


def test_once_signed_off_the_lead_is_led_back_to_the_check_page_before_submitting(client):
    world = draft_world()
    submission.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)
    for organisation, approver in ((world.lead, world.lead_approver),
                                   (world.partner, world.partner_approver)):  # fmt: skip
        submission.sign_off_roadmap(roadmap=world.roadmap, organisation=organisation,
                                    signed_by=approver)  # fmt: skip

    tasks = page(client, world.lead_editor, "roadmap_tasks", world.roadmap.pk)
    check = page(client, world.lead_editor, "roadmap_check", world.roadmap.pk)

    link = reverse("roadmap_check", args=[world.roadmap.pk])
    assert f'<a href="{link}">Check the roadmap before you submit it</a>' in tasks
    assert [f.summary for f in findings_on(check)][-1] == RISK


def test_the_approver_reads_what_the_checks_would_find_before_signing_the_return_off(client):
    from delivery.services.submission import request_return_sign_off

    world = make_delivery_world()
    progress_return = write_return(world, world.periods[0], rating=Confidence.GREEN,
                                   milestone=SLIPPED)  # fmt: skip
    request_return_sign_off(progress_return=progress_return, requested_by=world.lead_editor)

    shown = findings_on(page(client, world.lead_approver, "sign_off_return", progress_return.pk))

    assert [(f.summary, f.state, f.form) for f in shown] == [
        (GREEN_SLIP, "Not stored: found in it as it stands.", False)
    ]
