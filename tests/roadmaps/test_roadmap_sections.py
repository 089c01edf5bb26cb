"""Section pages of a roadmap draft: saved with and without JavaScript, conflicts that keep
both people's work, who may edit, and the read-only parts worked out from the footprint."""

import re

import pytest

from accounts.enums import OrganisationKind, Role
from accounts.models import AuditEvent
from maturity.enums import AssessmentState
from maturity.services.figures import recompute_figures
from roadmaps.enums import CapabilityGroup, RoadmapState
from roadmaps.models import CapabilityDeployment, RoadmapText
from roadmaps.roadmap_sections import YEARS
from roadmaps.services.drafts import save_section
from tests.factories import (
    AnswerFactory,
    AssessmentFactory,
    MembershipFactory,
    OrganisationFactory,
    QuestionFactory,
    QuestionSetFactory,
    SectionFactory,
    ThemeFactory,
)
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.section_pages import (
    leeds_roadmap,
    member,
    rows_of,
    schedule_data,
    section_url,
    texts,
    version_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap():
    return leeds_roadmap()


@pytest.fixture
def editor(roadmap):
    return MembershipFactory(organisation=roadmap.footprint.lead_ccg, role=Role.EDITOR).user


# --- Saving each kind of section -----------------------------------------------------------


def test_saving_the_vision_without_javascript_goes_on_to_the_baseline(client, roadmap, editor):
    client.force_login(editor)

    response = client.post(
        section_url(roadmap, "vision"), {"version": 0, "vision": "Paper-free by 2020."}
    )

    assert response.status_code == 302
    assert response["Location"] == section_url(roadmap, "baseline")
    assert texts(roadmap, "vision") == {"vision": "Paper-free by 2020."}
    assert version_of(roadmap) == 1
    page = client.get(response["Location"]).content.decode()
    assert "Vision for digitally enabled transformation saved." in page
    again = client.get(section_url(roadmap, "vision")).content.decode()
    assert ">\nPaper-free by 2020.</textarea>" in again


def test_readiness_writes_what_changed_and_a_blank_field_clears(client, roadmap, editor):
    save_section(
        roadmap=roadmap,
        key="readiness",
        data={"leadership": "A digital board.", "funding": "Bid to the Tech Fund."},
        expected_version=0,
        saved_by=editor,
    )
    client.force_login(editor)

    client.post(
        section_url(roadmap, "readiness"),
        {
            "version": 1,
            "leadership": "A digital board.",
            "governance": "Monthly programme board.",
            "resourcing": "",
            "benefits_management": "",
            "funding": "",
        },
    )

    assert texts(roadmap, "readiness") == {
        "leadership": "A digital board.",
        "governance": "Monthly programme board.",
    }
    event = AuditEvent.objects.filter(verb="roadmap.section_saved").latest("pk")
    assert event.after["section"] == "readiness"
    assert event.after["fields"] == ["funding", "governance"]
    assert AuditEvent.objects.filter(verb="roadmap.section_saved").count() == 2


def test_key_information_shows_the_footprint_and_saves_the_stp_alignment(client, roadmap, editor):
    client.force_login(editor)

    client.post(
        section_url(roadmap, "key_information"),
        {"version": 0, "stp_alignment": "Same footprint as the West Yorkshire STP."},
    )
    response = client.get(section_url(roadmap, "key_information"))

    html = response.content.decode()
    assert '<h1 class="mb-4">Key information</h1>' in html
    assert rows_of(html, "Every organisation in the footprint") == [
        "Organisation ODS code Role",
        f"NHS LEEDS NORTH CCG {roadmap.footprint.lead_ccg.ods_code} Lead CCG",
        f"NHS LEEDS WEST CCG {member(roadmap, 'partner_ccg').ods_code} Partner CCG",
        f"Leeds Teaching Hospitals {member(roadmap, 'provider').ods_code} NHS provider",
    ]
    assert "NORTH OF ENGLAND COMMISSIONING REGION" in html
    assert ">\nSame footprint as the West Yorkshire STP.</textarea>" in html


def test_the_schedule_saves_a_cell_for_a_group_and_year(client, roadmap, editor):
    client.force_login(editor)

    response = client.post(
        section_url(roadmap, "capability_deployment"),
        schedule_data(version=0, **{"cell-transfers-2017": "eDischarge in all wards"}),
    )

    assert response["Location"] == section_url(roadmap, "universal_capabilities")
    cells = CapabilityDeployment.objects.filter(roadmap=roadmap)
    assert [(c.group, c.year, c.plan) for c in cells] == [
        ("transfers", 2017, "eDischarge in all wards")
    ]
    html = client.get(section_url(roadmap, "capability_deployment")).content.decode()
    assert (
        '<label class="visually-hidden" for="id_cell-transfers-2017">'
        "Transfers of care, 2017/18</label>"
    ) in html
    assert 'value="eDischarge in all wards"' in html


# --- Autosave and conflicts ----------------------------------------------------------------


def test_autosave_answers_json_with_the_new_version(client, roadmap, editor):
    client.force_login(editor)

    response = client.post(
        section_url(roadmap, "infrastructure"),
        {"version": 0, "infrastructure": "N3 everywhere"},
        headers={"X-Autosave": "1"},
    )

    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert len(body["saved_at"]) == 5 and body["saved_at"][2] == ":"
    assert texts(roadmap, "infrastructure") == {"infrastructure": "N3 everywhere"}


def test_autosave_over_a_newer_save_answers_409_json(client, roadmap, editor):
    save_section(
        roadmap=roadmap,
        key="vision",
        data={"vision": "Theirs"},
        expected_version=0,
        saved_by=editor,
    )
    client.force_login(editor)

    response = client.post(
        section_url(roadmap, "vision"),
        {"version": 0, "vision": "Mine"},
        headers={"X-Autosave": "1"},
    )

    assert response.status_code == 409
    assert response.json()["version"] == 1
    assert texts(roadmap, "vision") == {"vision": "Theirs"}


def test_the_second_of_two_editors_gets_a_conflict_page_keeping_both_peoples_work(
    client, roadmap, editor
):
    partner_editor = MembershipFactory(
        organisation=member(roadmap, "partner_ccg"), role=Role.EDITOR
    ).user
    client.force_login(partner_editor)
    client.post(
        section_url(roadmap, "information_sharing"),
        {"version": 0, "strategy": "Theirs: one shared record", "interoperability": ""},
    )
    client.force_login(editor)

    response = client.post(
        section_url(roadmap, "information_sharing"),
        {"version": 0, "strategy": "Mine: a portal", "interoperability": "Mine: open APIs"},
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this roadmap after you opened the page" in html
    assert ">\nMine: a portal</textarea>" in html
    assert ">\nMine: open APIs</textarea>" in html
    assert re.findall(r"<p class=\"mb-0\" data-theirs>(.*?)</p>", html) == [
        "Theirs: one shared record",
        "Nothing",
        "Nothing",
    ]
    assert 'name="version" value="1"' in html
    assert texts(roadmap, "information_sharing") == {"strategy": "Theirs: one shared record"}


def test_saving_again_from_the_conflict_page_keeps_the_second_editors_work(client, roadmap, editor):
    save_section(
        roadmap=roadmap,
        key="vision",
        data={"vision": "Theirs"},
        expected_version=0,
        saved_by=editor,
    )
    client.force_login(editor)
    client.post(section_url(roadmap, "vision"), {"version": 0, "vision": "Mine"})

    response = client.post(section_url(roadmap, "vision"), {"version": 1, "vision": "Mine"})

    assert response.status_code == 302
    assert texts(roadmap, "vision") == {"vision": "Mine"}


@pytest.mark.parametrize(
    "data",
    [
        {"vision": "No version"},
        {"version": "garbage", "vision": "A bad version"},
        {"version": "-1", "vision": "A negative version"},
    ],
)
def test_a_malformed_post_is_answered_with_the_form_and_saves_nothing(
    client, roadmap, editor, data
):
    client.force_login(editor)

    response = client.post(section_url(roadmap, "vision"), data)

    html = response.content.decode()
    assert response.status_code == 400
    assert "This page was sent without the version it was opened at, so nothing was saved." in (
        html
    )
    assert f">\n{data['vision']}</textarea>" in html
    assert RoadmapText.objects.count() == 0


def test_fields_left_out_of_a_post_are_kept(client, roadmap, editor):
    save_section(
        roadmap=roadmap,
        key="readiness",
        data={"funding": "Tech Fund bid"},
        expected_version=0,
        saved_by=editor,
    )
    client.force_login(editor)

    client.post(section_url(roadmap, "readiness"), {"version": 1, "leadership": "A CIO"})

    assert texts(roadmap, "readiness") == {"funding": "Tech Fund bid", "leadership": "A CIO"}


# --- Who may edit --------------------------------------------------------------------------


def test_a_partner_ccg_editor_can_edit(client, roadmap):
    partner = member(roadmap, "partner_ccg")
    client.force_login(MembershipFactory(organisation=partner, role=Role.EDITOR).user)

    page = client.get(section_url(roadmap, "vision")).content.decode()
    response = client.post(section_url(roadmap, "vision"), {"version": 0, "vision": "Ours"})

    assert "Save and continue" in page
    assert response.status_code == 302
    assert texts(roadmap, "vision") == {"vision": "Ours"}


def test_a_providers_people_see_the_section_but_cannot_change_it(client, roadmap, editor):
    save_section(
        roadmap=roadmap,
        key="vision",
        data={"vision": "Paper-free"},
        expected_version=0,
        saved_by=editor,
    )
    trust = member(roadmap, "provider")
    client.force_login(MembershipFactory(organisation=trust, role=Role.EDITOR).user)

    page = client.get(section_url(roadmap, "vision"))
    response = client.post(section_url(roadmap, "vision"), {"version": 1, "vision": "Ours"})

    html = page.content.decode()
    assert page.status_code == 200
    assert '<dd class="mb-3">Paper-free</dd>' in html
    assert "Save and continue" not in html
    assert response.status_code == 403
    assert texts(roadmap, "vision") == {"vision": "Paper-free"}


def test_someone_outside_the_footprint_is_told_the_roadmap_does_not_exist(client, roadmap):
    client.force_login(MembershipFactory(role=Role.EDITOR).user)

    response = client.get(section_url(roadmap, "vision"))

    assert response.status_code == 404


def test_an_unknown_section_is_not_found(client, roadmap, editor):
    client.force_login(editor)

    response = client.get(section_url(roadmap, "summary"))

    assert response.status_code == 404


def test_editing_a_roadmap_awaiting_sign_off_is_refused_with_a_clear_message(
    client, roadmap, editor
):
    roadmap.state = RoadmapState.AWAITING_SIGN_OFF
    roadmap.save()
    client.force_login(editor)

    page = client.get(section_url(roadmap, "vision")).content.decode()
    response = client.post(section_url(roadmap, "vision"), {"version": 0, "vision": "Late"})

    message = "This roadmap is awaiting sign-off, so its draft cannot change."
    assert message in page
    assert "Save and continue" not in page
    assert response.status_code == 403
    assert message in response.content.decode()
    assert RoadmapText.objects.count() == 0


# --- Baseline and query budgets ------------------------------------------------------------


def answered_assessment(cycle, question, organisation, option, state):
    assessment = AssessmentFactory(
        organisation=organisation, cycle=cycle, question_set=question.question_set, state=state
    )
    AnswerFactory(assessment=assessment, question=question, option=option)
    return assessment


def test_the_baseline_shows_a_providers_readiness_score_against_the_national_median(
    client, roadmap, editor
):
    cycle = roadmap.footprint.cycle
    question_set = QuestionSetFactory()
    readiness = SectionFactory(question_set=question_set, code="readiness", title="Readiness")
    question = QuestionFactory(theme=ThemeFactory(section=readiness, code="leadership"))
    provider = member(roadmap, "provider")
    elsewhere = OrganisationFactory(name="York Hospitals", kind=OrganisationKind.NHS_TRUST)
    answered_assessment(cycle, question, provider, "mostly_agree", AssessmentState.SUBMITTED)
    answered_assessment(cycle, question, elsewhere, "neither", AssessmentState.SIGNED_OFF)
    recompute_figures(cycle=cycle)
    client.force_login(editor)

    html = client.get(section_url(roadmap, "baseline")).content.decode()

    assert rows_of(html, "Section scores out of 100") == [
        "Provider Readiness",
        "Leeds Teaching Hospitals 75.0",
        "National median 62.5",
    ]


def test_the_schedule_page_makes_as_many_queries_with_1_filled_row_as_with_7(
    client, roadmap, editor
):
    client.force_login(editor)

    def fill(rows):
        for group in CapabilityGroup.values[:rows]:
            for year in YEARS:
                CapabilityDeployment.objects.get_or_create(
                    roadmap=roadmap, group=group, year=year, defaults={"plan": f"{group} {year}"}
                )

    assert_queries_do_not_grow(
        client, section_url(roadmap, "capability_deployment"), grow=fill, sizes=(1, 7)
    )


def test_a_schedule_conflict_shows_the_other_persons_plan_under_the_cells_that_differ(
    client, roadmap, editor
):
    save_section(
        roadmap=roadmap,
        key="capability_deployment",
        data={("records", 2016): "Theirs: EPR live"},
        expected_version=0,
        saved_by=editor,
    )
    client.force_login(editor)

    response = client.post(
        section_url(roadmap, "capability_deployment"),
        schedule_data(version=0, **{"cell-records-2016": "Mine: EPR pilot"}),
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert 'value="Mine: EPR pilot"' in html
    assert re.findall(r"<span data-theirs>(.*?)</span>", html) == ["Theirs: EPR live"]


def test_the_risks_section_is_the_risks_page(client, roadmap, editor):
    client.force_login(editor)

    response = client.get(section_url(roadmap, "risks"))

    assert response.status_code == 200
    assert re.search(r"<h1[^>]*>\s*Risks\s*</h1>", response.content.decode())
