"""The pages of sign-off and submission, and the submitted versions as pages and PDFs."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import OutboundEmail
from roadmaps.enums import RoadmapState
from roadmaps.models import RoadmapSignatory, RoadmapText, RoadmapVersion, SignOff
from roadmaps.selectors.roadmaps import roadmap_for_user, task_list_actions
from roadmaps.selectors.snapshot import roadmap_snapshot, snapshot_sha256
from roadmaps.services import submission as services
from tests.roadmaps.submission_world import fill_draft, make_world


@pytest.fixture
def world(db):
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead)
    return world


def signed_by_both_ccgs(world):
    services.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)
    services.sign_off_roadmap(roadmap=world.roadmap, organisation=world.lead,
                              signed_by=world.lead_approver)  # fmt: skip
    services.sign_off_roadmap(roadmap=world.roadmap, organisation=world.partner,
                              signed_by=world.partner_approver)  # fmt: skip


def url(name, world, *args):
    return reverse(name, args=[world.roadmap.pk, *args])


def test_the_check_lists_each_incomplete_section_with_a_link_to_it(client, db):
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead, leave_out=("infrastructure",))
    client.force_login(world.lead_editor)

    page = client.get(url("roadmap_check", world)).content.decode()

    assert url("roadmap_section", world, "infrastructure") in page
    assert "Missing:</span> Infrastructure" in page
    assert url("request_roadmap_sign_off", world) not in page


def test_the_lead_requests_sign_off_from_the_check_page(client, world):
    client.force_login(world.lead_editor)
    page = client.get(url("roadmap_check", world)).content.decode()

    response = client.post(url("request_roadmap_sign_off", world))

    assert url("request_roadmap_sign_off", world) in page
    assert response.headers["Location"] == url("roadmap_tasks", world)
    assert SignOff.objects.filter(decision="pending").count() == 2


def test_only_the_lead_requests_sign_off_and_outsiders_see_nothing(client, world):
    client.force_login(world.partner_approver)
    assert client.post(url("request_roadmap_sign_off", world)).status_code == 403
    client.force_login(world.outsider)
    assert client.get(url("roadmap_check", world)).status_code == 404
    assert client.post(url("request_roadmap_sign_off", world)).status_code == 404


def test_the_lead_chooses_signatories_from_members_other_than_ccgs(client, world):
    client.force_login(world.lead_approver)
    page = client.get(url("roadmap_signatories", world)).content.decode()

    client.post(url("roadmap_signatories", world), {"organisations": [world.council.pk]})

    assert "Leeds City Council" in page and "NHS Wakefield CCG" not in page
    assert list(RoadmapSignatory.objects.values_list("organisation", flat=True)) == [
        world.council.pk
    ]
    client.force_login(world.trust_approver)
    assert client.get(url("roadmap_signatories", world)).status_code == 403


def test_declining_without_a_reason_shows_the_error_by_the_field(client, world):
    services.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)
    client.force_login(world.partner_approver)

    response = client.post(
        url("sign_off_roadmap", world),
        {"organisation": world.partner.pk, "decision": "decline", "reason": ""},
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "reason": ["Say why your organisation is declining to sign off."]
    }
    assert SignOff.objects.filter(decision="pending").count() == 2


def test_an_approver_signs_off_on_the_page_and_others_are_refused(client, world):
    services.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)
    client.force_login(world.lead_editor)
    assert client.get(url("sign_off_roadmap", world)).status_code == 403
    client.force_login(world.partner_approver)

    response = client.post(
        url("sign_off_roadmap", world), {"organisation": world.partner.pk, "decision": "sign"}
    )

    assert response.headers["Location"] == url("roadmap_tasks", world)
    assert SignOff.objects.get(organisation=world.partner).decision == "signed"


def test_the_task_list_actions_offer_the_lead_submission_once_all_have_signed(world):
    signed_by_both_ccgs(world)
    roadmap = roadmap_for_user(world.lead_editor, world.roadmap.pk)
    actions = task_list_actions(world.lead_editor, roadmap)

    html = render_to_string("roadmaps/roadmap_actions.html", {"roadmap": roadmap, **actions})

    assert (actions["can_submit"], actions["can_request_sign_off"]) == (True, False)
    assert [s.get_decision_display() for s in actions["sign_offs"]] == ["Signed off"] * 2
    assert url("submit_roadmap", world) in html
    assert not task_list_actions(world.partner_approver, roadmap)["can_submit"]


def test_a_double_click_on_submit_makes_one_version_and_lands_on_it_both_times(client, world):
    signed_by_both_ccgs(world)
    client.force_login(world.lead_editor)

    first = client.post(url("submit_roadmap", world))
    second = client.post(url("submit_roadmap", world), follow=True)

    assert first.headers["Location"] == url("roadmap_version", world, 1)
    assert second.redirect_chain == [(url("roadmap_version", world, 1), 302)]
    assert "This roadmap has already been submitted as version 1." in second.content.decode()
    assert RoadmapVersion.objects.count() == 1


def submitted(world):
    signed_by_both_ccgs(world)
    RoadmapText.objects.filter(section="vision").update(text="Costs & <delays> ahead")
    return services.submit_roadmap(roadmap=world.roadmap, submitted_by=world.lead_editor)


def test_a_member_reads_and_downloads_a_version_that_an_outsider_cannot_find(client, world):
    version = submitted(world)
    client.force_login(world.trust_viewer)

    page = client.get(url("roadmap_version", world, 1)).content.decode()
    pdf = client.get(url("roadmap_version_pdf", world, 1))

    assert version.sha256 in page
    assert "Costs &amp; &lt;delays&gt; ahead" in page
    assert 'media="print"' in page
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert (
        pdf.headers["Content-Disposition"] == 'attachment; filename="leeds-roadmap-version-1.pdf"'
    )
    assert pdf.content.startswith(b"%PDF")
    client.force_login(world.outsider)
    assert client.get(url("roadmap_version", world, 1)).status_code == 404
    assert client.get(url("roadmap_version_pdf", world, 1)).status_code == 404
    assert client.get(url("roadmap_versions", world)).status_code == 404


def test_comparing_two_versions_on_the_page_and_bad_choices_are_400(client, world):
    submitted(world)
    snapshot = roadmap_snapshot(world.roadmap)
    snapshot["sections"]["vision"]["vision"] = "Paperless by 2020"
    RoadmapVersion.objects.create(roadmap=world.roadmap, number=2, snapshot=snapshot,
                                  sha256=snapshot_sha256(snapshot))  # fmt: skip
    client.force_login(world.trust_viewer)

    history = client.get(url("roadmap_versions", world)).content.decode()
    page = client.get(url("compare_roadmap_versions", world), {"old": 1, "new": 2})
    choosing = client.get(url("compare_roadmap_versions", world))
    bad = [
        client.get(url("compare_roadmap_versions", world), params).status_code
        for params in ({"old": "x", "new": "2"}, {"old": 1, "new": 9}, {"old": 2, "new": 2})
    ]

    assert url("compare_roadmap_versions", world) in history
    assert page.status_code == 200
    text = page.content.decode()
    assert "Costs &amp; &lt;delays&gt; ahead" in text and "Paperless by 2020" in text
    assert "1 section changed." in text
    assert choosing.status_code == 200  # nothing chosen yet: the page asks
    assert bad == [400, 400, 400]
    assert client.get(url("roadmap_version", world, 7)).status_code == 404


def test_sign_off_emails_say_what_to_do_and_link_to_it(world, settings):
    settings.SITE_URL = "https://roadmaps.example.nhs.uk"

    services.request_sign_off(roadmap=world.roadmap, requested_by=world.lead_editor)

    email = OutboundEmail.objects.get(template="roadmap_sign_off_requested",
                                      to="approver@wakefield.example.nhs.uk")  # fmt: skip
    assert email.subject == "Sign off the Leeds roadmap for NHS Wakefield CCG"
    link = f"https://roadmaps.example.nhs.uk/roadmaps/{world.roadmap.pk}/sign-off/"
    assert link in email.body_text
    assert f'href="{link}"' in email.body_html
    assert world.roadmap.__class__.objects.get().state == RoadmapState.AWAITING_SIGN_OFF


def test_a_version_whose_snapshot_lacks_sections_still_reads_and_prints(client, world):
    RoadmapVersion.objects.create(
        roadmap=world.roadmap, number=1, snapshot={"footprint": {}, "sections": {}}, sha256="0" * 64
    )
    client.force_login(world.lead_editor)

    page = client.get(url("roadmap_version", world, 1))
    pdf = client.get(url("roadmap_version_pdf", world, 1))

    assert page.content.decode().count("Not recorded in this version.") == 11
    assert "This version has no benefits register." in page.content.decode()
    assert pdf.content.startswith(b"%PDF")
