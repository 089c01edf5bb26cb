"""A roadmap's sign-off and submission at the service level, and what the database guarantees
about a submitted version."""

import hashlib
import json
import threading
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.errors import ActionRefused
from accounts.models import AuditEvent, OutboundEmail
from roadmaps import rules
from roadmaps.enums import RoadmapState, SignOffDecision, StageKind
from roadmaps.models import Risk, Roadmap, RoadmapText, RoadmapVersion, SignOff, Stage
from roadmaps.roadmap_sections import SECTIONS
from roadmaps.selectors.compare import ADDED, CHANGED, Change, compare_snapshots
from roadmaps.selectors.snapshot import roadmap_snapshot
from roadmaps.services import submission as services
from tests.factories import RoadmapFactory
from tests.roadmaps.benefit_data import add_benefit, add_money_benefit
from tests.roadmaps.submission_world import fill_draft, make_world

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def world(db):
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead)
    return world


def decisions(roadmap):
    return sorted(
        SignOff.objects.filter(roadmap=roadmap).values_list("round", "organisation__name",
                                                            "decision", "reason")
    )  # fmt: skip


def emails(template):
    return sorted(OutboundEmail.objects.filter(template=template).values_list("to", flat=True))


def signed_by_all(world):
    """Sign-off requested (the trust marked as a signatory) and given by both CCGs and it."""
    services.set_signatories(roadmap=world.roadmap, organisation_ids=[world.trust.pk],
                             set_by=world.lead_editor)  # fmt: skip
    services.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)
    for organisation, approver in [(world.lead, world.lead_approver),
                                   (world.partner, world.partner_approver),
                                   (world.trust, world.trust_approver)]:  # fmt: skip
        services.sign_off_roadmap(roadmap=world.roadmap, organisation=organisation,
                                  signed_by=approver)  # fmt: skip
    return Roadmap.objects.get(pk=world.roadmap.pk)


def test_requesting_sign_off_is_refused_while_sections_are_missing_and_says_which(db):
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead, leave_out=("vision", "risks"))

    with pytest.raises(ActionRefused) as refused:
        services.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)

    assert str(refused.value) == (
        "Complete every section before you request sign-off. Still missing: "
        "Vision for digitally enabled transformation (Vision); Risks (Risks)."
    )
    assert Roadmap.objects.get().state == RoadmapState.DRAFT
    assert not SignOff.objects.exists()


def test_requesting_sign_off_asks_every_ccg_and_each_chosen_member_and_emails_approvers(world):
    services.set_signatories(roadmap=world.roadmap, organisation_ids=[world.trust.pk],
                             set_by=world.lead_editor)  # fmt: skip

    services.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)

    roadmap = Roadmap.objects.get()
    assert (roadmap.state, roadmap.sign_off_round) == (RoadmapState.AWAITING_SIGN_OFF, 1)
    assert decisions(roadmap) == [
        (1, "Leeds Teaching Hospitals", "pending", ""),
        (1, "NHS Leeds CCG", "pending", ""),
        (1, "NHS Wakefield CCG", "pending", ""),
    ]
    assert emails("roadmap_sign_off_requested") == [
        "approver@leeds.example.nhs.uk",
        "approver@lth.example.nhs.uk",
        "approver@wakefield.example.nhs.uk",
    ]
    assert AuditEvent.objects.filter(verb="roadmap.sign_off_requested").count() == 1
    assert not rules.can_edit_roadmap(world.lead_editor, roadmap)


def test_signatories_are_members_other_than_ccgs(world):
    with pytest.raises(ActionRefused) as refused:
        services.set_signatories(roadmap=world.roadmap, organisation_ids=[world.partner.pk],
                                 set_by=world.lead_editor)  # fmt: skip

    assert str(refused.value) == "Only members of the footprint other than CCGs can be chosen."


def test_an_approver_signs_only_for_their_own_organisation(world):
    services.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)
    roadmap = Roadmap.objects.get()

    assert rules.signing_organisation_ids(world.partner_approver, roadmap) == {world.partner.pk}
    assert rules.signing_organisation_ids(world.lead_editor, roadmap) == set()
    assert not rules.can_sign_off_roadmap(world.trust_approver, roadmap)
    with pytest.raises(ActionRefused) as for_another:
        services.sign_off_roadmap(roadmap=roadmap, organisation=world.lead,
                                  signed_by=world.partner_approver)  # fmt: skip
    with pytest.raises(ActionRefused) as not_asked:
        services.sign_off_roadmap(roadmap=roadmap, organisation=world.trust,
                                  signed_by=world.trust_approver)  # fmt: skip
    services.sign_off_roadmap(roadmap=roadmap, organisation=world.partner,
                              signed_by=world.partner_approver)  # fmt: skip

    assert str(for_another.value) == "Only approvers of NHS Leeds CCG can sign off for it."
    assert (
        str(not_asked.value) == "Leeds Teaching Hospitals has no sign-off waiting on this roadmap."
    )
    assert decisions(roadmap) == [
        (1, "NHS Leeds CCG", "pending", ""),
        (1, "NHS Wakefield CCG", "signed", ""),
    ]
    assert emails("roadmap_signed_off") == [
        "approver@leeds.example.nhs.uk",
        "editor@leeds.example.nhs.uk",
    ]


def test_declining_needs_a_reason_and_returns_the_roadmap_to_draft_with_it(world):
    services.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)

    with pytest.raises(ActionRefused) as no_reason:
        services.decline_sign_off(roadmap=world.roadmap, organisation=world.partner, reason=" ",
                                  declined_by=world.partner_approver)  # fmt: skip
    services.decline_sign_off(roadmap=world.roadmap, organisation=world.partner,
                              reason="The funding section is out of date.",
                              declined_by=world.partner_approver)  # fmt: skip

    roadmap = Roadmap.objects.get()
    assert str(no_reason.value) == "Say why your organisation is declining to sign off."
    assert roadmap.state == RoadmapState.DRAFT
    assert rules.can_edit_roadmap(world.lead_editor, roadmap)
    assert (1, "NHS Wakefield CCG", "declined", "The funding section is out of date.") in (
        decisions(roadmap)
    )
    email = OutboundEmail.objects.get(template="roadmap_sign_off_declined",
                                      to="editor@leeds.example.nhs.uk")  # fmt: skip
    assert email.subject == (
        "Change the Leeds roadmap: NHS Wakefield CCG has declined to sign it off"
    )
    assert "The funding section is out of date." in email.body_text


def test_declining_after_an_earlier_version_returns_it_as_changes_requested(world):
    RoadmapVersion.objects.create(roadmap=world.roadmap, number=1, snapshot={}, sha256="0" * 64)
    services.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)

    services.decline_sign_off(roadmap=world.roadmap, organisation=world.lead, reason="Not yet.",
                              declined_by=world.lead_approver)  # fmt: skip

    assert Roadmap.objects.get().state == RoadmapState.CHANGES_REQUESTED


def test_submitting_is_refused_until_every_organisation_has_signed(world):
    services.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)
    services.sign_off_roadmap(roadmap=world.roadmap, organisation=world.partner,
                              signed_by=world.partner_approver)  # fmt: skip

    with pytest.raises(ActionRefused) as refused:
        services.submit_roadmap(roadmap=world.roadmap, submitted_by=world.lead_editor)

    assert str(refused.value) == (
        "Every organisation must sign off before you submit. Still waiting for: NHS Leeds CCG."
    )
    assert not RoadmapVersion.objects.exists()


def set_roadmap_deadline(roadmap, due):
    Stage.objects.filter(cycle=roadmap.footprint.cycle, kind=StageKind.ROADMAP).update(
        opens_at=datetime(2016, 4, 1, tzinfo=LONDON), due_at=due
    )


@pytest.mark.parametrize(
    ("now", "accepted"),
    [
        (datetime(2016, 6, 30, 23, 59, 59, 900000, tzinfo=LONDON), True),
        # 23:30 UTC on 30 June is already 1 July in London (British Summer Time).
        (datetime(2016, 6, 30, 23, 30, tzinfo=UTC), False),
        (datetime(2016, 7, 1, 0, 0, tzinfo=LONDON), False),
    ],
)
def test_submitting_is_refused_after_the_roadmap_stage_deadline_in_london(world, now, accepted):
    set_roadmap_deadline(world.roadmap, datetime(2016, 6, 30, 23, 59, 59, tzinfo=LONDON))
    signed_by_all(world)

    with time_machine.travel(now, tick=False):
        if accepted:
            services.submit_roadmap(roadmap=world.roadmap, submitted_by=world.lead_editor)
        else:
            with pytest.raises(ActionRefused) as refused:
                services.submit_roadmap(roadmap=world.roadmap, submitted_by=world.lead_editor)
            assert str(refused.value) == (
                "Roadmaps were due by 23:59 on 30 June 2016, so this one can no longer be "
                "submitted. Ask NHS England about an extension."
            )

    assert RoadmapVersion.objects.count() == (1 if accepted else 0)


def test_without_a_roadmap_stage_no_deadline_applies(world):
    Stage.objects.filter(kind=StageKind.ROADMAP).delete()
    signed_by_all(world)

    with time_machine.travel(datetime(2030, 1, 1, tzinfo=LONDON), tick=False):
        version = services.submit_roadmap(roadmap=world.roadmap, submitted_by=world.lead_editor)

    assert version.number == 1


def test_a_submitted_version_holds_the_whole_draft_whatever_happens_to_it_later(world):
    roadmap = signed_by_all(world)

    version = services.submit_roadmap(roadmap=roadmap, submitted_by=world.lead_approver)
    RoadmapText.objects.filter(section="vision").update(text="A different vision")
    Risk.objects.all().delete()

    version = RoadmapVersion.objects.get()
    sections = version.snapshot["sections"]
    canonical = json.dumps(version.snapshot, sort_keys=True, separators=(",", ":"),
                           ensure_ascii=False)  # fmt: skip
    assert version.sha256 == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert (version.number, Roadmap.objects.get().state) == (1, RoadmapState.SUBMITTED)
    assert set(sections) == {section.key for section in SECTIONS}
    assert sections["vision"] == {"vision": "vision plan"}
    assert sections["capability_deployment"]["orders"]["2018/19"] == "orders 2018"
    assert sections["universal_capabilities"]["C"] == {
        "wording": "Patients can access their GP record",
        "current_position": "Partly",
        "trajectory": "Done by 2018",
        "in_place_by": "2017-12-31",
        "lead_organisation": "NHS Leeds CCG",
        "dependencies": "",
        "risks": "",
    }
    assert [risk["description"] for risk in sections["risks"]] == ["Suppliers late"]
    assert sections["milestones"][0]["owner"] == "NHS Leeds CCG"
    assert sections["attachments"] == []
    assert version.snapshot["footprint"]["members"][0] == {
        "name": "NHS Leeds CCG", "ods_code": world.lead.ods_code, "role": "lead_ccg"
    }  # fmt: skip


def test_the_snapshot_lists_every_section_in_order_in_a_fixed_number_of_queries(world):
    small = RoadmapFactory()
    add_benefit(small, owner=world.lead, shares=[(world.lead, "100")])
    with CaptureQueriesContext(connection) as small_queries:
        small_snapshot = roadmap_snapshot(small)
    for n in range(5):
        Risk.objects.create(roadmap=world.roadmap, description=f"Risk {n}", likelihood=1,
                            impact=1, owner="Board")  # fmt: skip
        add_money_benefit(world.roadmap, owner=world.lead, partner=world.partner)
    with CaptureQueriesContext(connection) as full_queries:
        roadmap_snapshot(world.roadmap)

    assert list(small_snapshot["sections"]) == [section.key for section in SECTIONS]
    assert len(full_queries) == len(small_queries)


def test_the_receipt_reaches_every_member_organisation_with_the_number_and_sha256(
    world, smtp_server, django_capture_on_commit_callbacks
):
    roadmap = signed_by_all(world)

    with django_capture_on_commit_callbacks(execute=True):
        version = services.submit_roadmap(roadmap=roadmap, submitted_by=world.lead_editor)

    receipts = [m for m in smtp_server.messages if "receipt" in m["Subject"]]
    assert sorted(m["To"] for m in receipts) == [
        "approver@leeds.example.nhs.uk",
        "approver@lth.example.nhs.uk",
        "approver@wakefield.example.nhs.uk",
        "editor@leeds.example.nhs.uk",
    ]
    assert receipts[0]["Subject"] == (
        "Keep this receipt: the Leeds roadmap was submitted as version 1"
    )
    text = receipts[0].get_body(preferencelist=("plain",)).get_content()
    assert version.sha256 in text
    assert f"/roadmaps/{roadmap.pk}/versions/1/" in text


def attempt(label, change):
    """Run ``change`` in a savepoint; the database's refusal, or None."""
    try:
        with transaction.atomic():
            change()
    except DatabaseError as refusal:
        return f"{label}: {refusal}"
    return None


def test_the_database_refuses_to_change_or_delete_a_submitted_version(world):
    roadmap = signed_by_all(world)
    version = services.submit_roadmap(roadmap=roadmap, submitted_by=world.lead_editor)
    before = RoadmapVersion.objects.values().get()

    def raw_update():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE roadmaps_roadmapversion SET sha256 = %s WHERE id = %s",
                ["0" * 64, version.pk],
            )

    refusals = [
        attempt("update", lambda: RoadmapVersion.objects.filter(pk=version.pk).update(number=9)),
        attempt("save", lambda: RoadmapVersion.objects.get().save()),
        attempt("delete", lambda: RoadmapVersion.objects.get().delete()),
        attempt("queryset delete", lambda: RoadmapVersion.objects.all().delete()),
        attempt("raw update", raw_update),
    ]

    assert all(
        refusal and "A submitted roadmap version cannot be changed or deleted." in refusal
        for refusal in refusals
    ), refusals
    assert RoadmapVersion.objects.values().get() == before


def test_comparing_versions_shows_changed_text_an_added_risk_and_unchanged_sections(world):
    old = roadmap_snapshot(world.roadmap)
    RoadmapText.objects.filter(section="vision").update(text="Paperless by 2020")
    Risk.objects.create(roadmap=world.roadmap, description="Staff shortages", likelihood=2,
                        impact=5, owner="HR director")  # fmt: skip
    new = roadmap_snapshot(world.roadmap)

    by_key = {comparison.key: comparison for comparison in compare_snapshots(old, new)}

    assert list(by_key) == [section.key for section in SECTIONS]
    assert by_key["vision"].changes == [
        Change(CHANGED, "Vision", "vision plan", "Paperless by 2020")
    ]
    assert by_key["risks"].changes == [
        Change(ADDED, "Staff shortages", "", "description: Staff shortages; likelihood: 2; "
               "impact: 5; owner: HR director")
    ]  # fmt: skip
    assert [key for key, c in by_key.items() if not c.unchanged] == ["vision", "risks"]
    assert by_key["infrastructure"].unchanged


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_make_one_version():
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead)
    roadmap = signed_by_all(world)
    start = threading.Barrier(2)
    outcomes = []

    def submit(person):
        try:
            start.wait()
            version = services.submit_roadmap(roadmap=roadmap, submitted_by=person)
            outcomes.append(f"made version {version.number}")
        except services.AlreadySubmitted as refusal:
            outcomes.append(str(refusal))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(p,))
               for p in (world.lead_editor, world.lead_approver)]  # fmt: skip
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == [
        "This roadmap has already been submitted as version 1.",
        "made version 1",
    ]
    assert RoadmapVersion.objects.count() == 1
    assert SignOff.objects.filter(decision=SignOffDecision.SIGNED).count() == 3
