"""Risks, milestones and the people the lead asks to edit, as the footprint's people use them."""

import re
from datetime import date

import pytest
from django.urls import reverse

from accounts.errors import ActionRefused
from accounts.models import AuditEvent, OutboundEmail
from roadmaps.models import Milestone, Risk, Roadmap, RoadmapEditor
from roadmaps.services.editors import add_roadmap_editor
from roadmaps.services.lists import add_milestone, add_risk
from tests.factories import MembershipFactory, OrganisationFactory, RoadmapFactory, UserFactory
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.roadmap_people import section_url

pytestmark = pytest.mark.django_db

RISK = {
    "description": "Suppliers miss the go-live date",
    "likelihood": "3",
    "impact": "4",
    "owner": "Programme board",
    "mitigation": "Monthly supplier reviews",
}


def risk_row(risk):
    return (risk.description, risk.likelihood, risk.impact, risk.owner, risk.mitigation)


def milestone_data(owner, **changes):
    return {"title": "Shared care record live", "due_on": "2017-03-31", "owner_organisation":
            owner.pk, **changes}  # fmt: skip


def checked(html, name):
    """The values of the radio buttons named ``name`` that are checked."""
    tags = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return [re.search(r'value="([^"]*)"', tag)[1] for tag in tags if " checked" in tag]


def verbs():
    return list(AuditEvent.objects.order_by("pk").values_list("verb", flat=True))


def test_an_editor_adds_changes_and_removes_a_risk(client, roadmap, lead_editor):
    client.force_login(lead_editor)

    added = client.post(section_url(roadmap, "risks"), RISK, follow=True)
    risk = Risk.objects.get()
    changed = client.post(
        reverse("change_roadmap_risk", args=[roadmap.pk, risk.pk]),
        {**RISK, "likelihood": "5", "mitigation": ""},
    )
    after_change = risk_row(Risk.objects.get())
    removed = client.post(reverse("remove_roadmap_risk", args=[roadmap.pk, risk.pk]), follow=True)

    assert "Risk added." in added.content.decode()
    assert "Suppliers miss the go-live date" in added.content.decode()
    assert changed.status_code == 302
    assert after_change == ("Suppliers miss the go-live date", 5, 4, "Programme board", "")
    assert "Risk removed." in removed.content.decode()
    assert not Risk.objects.exists()
    assert verbs() == ["roadmap.risk_added", "roadmap.risk_changed", "roadmap.risk_removed"]
    assert Roadmap.objects.get().version == 3


def test_the_change_page_shows_the_risk_as_saved(client, roadmap, lead_editor):
    risk = add_risk(roadmap=roadmap, added_by=lead_editor, **{**RISK, "likelihood": 2, "impact": 1})
    client.force_login(lead_editor)

    response = client.get(reverse("change_roadmap_risk", args=[roadmap.pk, risk.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="mb-4">Change a risk</h1>' in html
    assert 'value="Programme board"' in html
    assert checked(html, "likelihood") == ["2"]
    assert checked(html, "impact") == ["1"]


def test_milestones_are_listed_soonest_first_and_can_be_changed_and_removed(
    client, roadmap, lead_editor, trust, lead
):
    client.force_login(lead_editor)
    client.post(section_url(roadmap, "milestones"), milestone_data(trust, title="Later"))
    client.post(
        section_url(roadmap, "milestones"),
        milestone_data(lead, title="Sooner", due_on="01/10/2016"),
    )
    page = client.get(section_url(roadmap, "milestones")).content.decode()
    later = Milestone.objects.get(title="Later")

    changed = client.post(
        reverse("change_roadmap_milestone", args=[roadmap.pk, later.pk]),
        milestone_data(lead, title="Later still", due_on="2020-06-30"),
    )
    after_change = Milestone.objects.values_list("title", "due_on", "owner_organisation").get(
        pk=later.pk
    )
    client.post(reverse("remove_roadmap_milestone", args=[roadmap.pk, later.pk]))

    assert page.index("Sooner") < page.index("Later")
    assert "Leeds Teaching Hospitals NHS Trust" in page
    assert changed.status_code == 302
    assert after_change == ("Later still", date(2020, 6, 30), lead.pk)
    assert list(Milestone.objects.values_list("title", flat=True)) == ["Sooner"]
    assert verbs() == [
        "roadmap.milestone_added",
        "roadmap.milestone_added",
        "roadmap.milestone_changed",
        "roadmap.milestone_removed",
    ]


@pytest.mark.parametrize("due_on", ["2030-01-01", "2016-03-31", "2021-04-01"])
def test_a_due_date_outside_the_roadmap_years_is_refused_and_what_was_typed_is_kept(
    client, roadmap, lead_editor, trust, due_on
):
    client.force_login(lead_editor)

    response = client.post(
        section_url(roadmap, "milestones"), milestone_data(trust, title="Go live", due_on=due_on)
    )

    html = response.content.decode()
    message = (
        "The due date must be between 1 April 2016 and 31 March 2021, the years the roadmap covers."
    )
    assert response.status_code == 400
    assert html.count(message) == 2  # in the error summary and by the field
    assert '<a href="#id_due_on">' in html
    assert f'value="{due_on}"' in html
    assert 'value="Go live"' in html
    assert f'<option value="{trust.pk}" selected>' in html
    assert not Milestone.objects.exists()


def test_a_milestone_is_owned_by_an_organisation_of_the_footprint(client, roadmap, lead_editor):
    elsewhere = OrganisationFactory(name="NHS BRADFORD CCG")
    client.force_login(lead_editor)

    response = client.post(section_url(roadmap, "milestones"), milestone_data(elsewhere))

    assert response.status_code == 400
    assert "Choose an organisation of the footprint from the list." in response.content.decode()
    assert "NHS BRADFORD CCG" not in response.content.decode()
    with pytest.raises(ActionRefused, match="NHS BRADFORD CCG is not in this footprint"):
        add_milestone(roadmap=roadmap, added_by=lead_editor, title="x",
                      due_on=date(2017, 1, 1), owner_organisation=elsewhere)  # fmt: skip
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    ("key", "data"),
    [
        ("risks", {}),
        ("risks", {**RISK, "likelihood": "abc", "impact": "99"}),
        ("risks", {**RISK, "likelihood": ["1", "2"], "description": "x" * 5000}),
        ("milestones", {"title": "x", "due_on": "2017-02-30", "owner_organisation": "abc"}),
        ("milestones", {"title": "x", "due_on": "not a date", "owner_organisation": "-1"}),
        ("milestones", {"title": "", "due_on": "", "owner_organisation": "9" * 25}),
        ("attachments", {"file": "not a file"}),
    ],
)
def test_a_malformed_post_is_refused_by_the_fields_not_a_server_error(
    client, roadmap, lead_editor, key, data
):
    client.force_login(lead_editor)
    client.raise_request_exception = False

    response = client.post(section_url(roadmap, key), data)

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert not (Risk.objects.exists() or Milestone.objects.exists())


def test_a_form_too_large_to_read_is_refused_not_a_server_error(client, roadmap, lead_editor):
    client.force_login(lead_editor)
    client.raise_request_exception = False

    response = client.post(section_url(roadmap, "risks"), {**RISK, "mitigation": "x" * 3_000_000})

    assert response.status_code == 400
    assert not Risk.objects.exists()


def test_a_providers_people_may_read_the_lists_but_not_change_them(
    client, roadmap, lead_editor, provider_editor, trust
):
    risk = add_risk(roadmap=roadmap, added_by=lead_editor, **{**RISK, "likelihood": 1})
    milestone = add_milestone(roadmap=roadmap, added_by=lead_editor, title="Go live",
                              due_on=date(2017, 1, 1), owner_organisation=trust)  # fmt: skip
    client.force_login(provider_editor)

    page = client.get(section_url(roadmap, "risks"))
    posts = [
        client.post(section_url(roadmap, "risks"), RISK),
        client.post(section_url(roadmap, "milestones"), milestone_data(trust)),
        client.post(section_url(roadmap, "attachments"), {}),
        client.post(reverse("change_roadmap_risk", args=[roadmap.pk, risk.pk]), RISK),
        client.post(reverse("remove_roadmap_risk", args=[roadmap.pk, risk.pk])),
        client.post(reverse("change_roadmap_milestone", args=[roadmap.pk, milestone.pk]), {}),
        client.post(reverse("remove_roadmap_milestone", args=[roadmap.pk, milestone.pk])),
    ]

    html = page.content.decode()
    assert page.status_code == 200
    assert "Suppliers miss the go-live date" in html
    assert "Add a risk" not in html
    assert reverse("remove_roadmap_risk", args=[roadmap.pk, risk.pk]) not in html
    assert [response.status_code for response in posts] == [403] * 7
    assert "Only editors of the footprint&#x27;s CCGs" in posts[0].content.decode()
    assert (Risk.objects.count(), Milestone.objects.count()) == (1, 1)


def test_someone_outside_the_footprint_finds_nothing(client, roadmap, lead_editor, outsider):
    risk = add_risk(roadmap=roadmap, added_by=lead_editor, **RISK)
    client.force_login(outsider)

    responses = [
        client.get(section_url(roadmap, "risks")),
        client.post(section_url(roadmap, "risks"), RISK),
        client.get(reverse("change_roadmap_risk", args=[roadmap.pk, risk.pk])),
        client.post(reverse("remove_roadmap_risk", args=[roadmap.pk, risk.pk])),
        client.get(reverse("roadmap_editors", args=[roadmap.pk])),
    ]

    assert [response.status_code for response in responses] == [404] * 5
    assert Risk.objects.count() == 1


def test_a_row_of_another_roadmap_answers_404(client, roadmap, lead_editor):
    other = RoadmapFactory()
    risk = Risk.objects.create(roadmap=other, description="Theirs", likelihood=1, impact=1,
                               owner="Them")  # fmt: skip
    client.force_login(lead_editor)

    change = client.post(reverse("change_roadmap_risk", args=[roadmap.pk, risk.pk]), RISK)
    remove = client.post(reverse("remove_roadmap_risk", args=[roadmap.pk, risk.pk]))

    assert (change.status_code, remove.status_code) == (404, 404)
    assert risk_row(Risk.objects.get()) == ("Theirs", 1, 1, "Them", "")


def test_lists_of_a_roadmap_awaiting_sign_off_cannot_change(client, roadmap, lead_editor, trust):
    risk = add_risk(roadmap=roadmap, added_by=lead_editor, **RISK)
    Roadmap.objects.filter(pk=roadmap.pk).update(state="awaiting_sign_off")
    client.force_login(lead_editor)

    page = client.get(section_url(roadmap, "risks"))
    posts = [
        client.post(section_url(roadmap, "risks"), RISK),
        client.post(section_url(roadmap, "milestones"), milestone_data(trust)),
        client.post(reverse("remove_roadmap_risk", args=[roadmap.pk, risk.pk])),
    ]

    message = "This roadmap is awaiting sign-off, so its draft cannot change."
    assert message in page.content.decode()
    assert "Add a risk" not in page.content.decode()
    assert [response.status_code for response in posts] == [403] * 3
    assert all(message in response.content.decode() for response in posts)
    roadmap.refresh_from_db()
    with pytest.raises(ActionRefused, match=message):
        add_risk(roadmap=roadmap, added_by=lead_editor, **RISK)
    assert Risk.objects.count() == 1


def test_each_list_page_has_its_title_and_a_way_back_to_the_task_list(client, roadmap, lead_editor):
    client.force_login(lead_editor)

    for key, title in [("risks", "Risks"), ("milestones", "Milestones")]:
        html = client.get(section_url(roadmap, key)).content.decode()
        assert f'<h1 class="mb-4">{title}</h1>' in html
        assert f'<a href="{reverse("roadmap_tasks", args=[roadmap.pk])}">' in html
        assert "<caption>" in html


def test_the_lead_asks_someone_from_a_csu_who_can_then_edit_and_is_emailed(
    client, roadmap, lead_editor, csu_person
):
    client.force_login(lead_editor)
    asked = client.post(
        reverse("roadmap_editors", args=[roadmap.pk]), {"email": "Casey@CSU.example.nhs.uk"}
    )
    listed = client.get(reverse("roadmap_editors", args=[roadmap.pk])).content.decode()
    client.force_login(csu_person)

    added = client.post(section_url(roadmap, "risks"), RISK)

    email = OutboundEmail.objects.get()
    link = "http://127.0.0.1:8000" + reverse("roadmap_tasks", args=[roadmap.pk])
    assert asked.status_code == 302
    assert "Casey Support" in listed
    assert added.status_code == 302
    assert Risk.objects.get().owner == "Programme board"
    assert (email.to, email.template) == ("casey@csu.example.nhs.uk", "roadmap_editor_added")
    assert email.subject == "Help write the Leeds Local Digital Roadmap"
    assert link in email.body_text
    assert "Lee Lead has asked you" in email.body_text
    event = AuditEvent.objects.get(verb="roadmap.editor_added")
    assert (event.actor, event.after) == (lead_editor, {"editor": "casey@csu.example.nhs.uk"})


def test_an_unknown_email_address_is_explained_by_the_field(client, roadmap, lead_editor):
    client.force_login(lead_editor)

    response = client.post(
        reverse("roadmap_editors", args=[roadmap.pk]), {"email": "nobody@example.nhs.uk"}
    )

    html = response.content.decode()
    message = (
        "No one with that email address has an account yet: invite them to your organisation first."
    )
    assert response.status_code == 400
    assert html.count(message) == 2
    assert '<a href="#id_email">' in html
    assert 'value="nobody@example.nhs.uk"' in html
    assert not RoadmapEditor.objects.exists()


@pytest.mark.parametrize("data", [{}, {"email": "not an email"}, {"email": ["a@b.c", "d@e.f"]}])
def test_a_malformed_request_to_add_an_editor_is_refused_by_the_field(
    client, roadmap, lead_editor, data
):
    client.force_login(lead_editor)
    client.raise_request_exception = False

    response = client.post(reverse("roadmap_editors", args=[roadmap.pk]), data)

    assert response.status_code == 400
    assert '<a href="#id_email">' in response.content.decode()


def test_a_partner_ccg_editor_cannot_choose_who_edits(
    client, roadmap, partner_editor, csu_person, lead_editor
):
    editor = add_roadmap_editor(roadmap=roadmap, email=csu_person.email, added_by=lead_editor)
    client.force_login(partner_editor)

    page = client.get(reverse("roadmap_editors", args=[roadmap.pk]))
    add = client.post(reverse("roadmap_editors", args=[roadmap.pk]), {"email": "x@y.nhs.uk"})
    remove = client.post(reverse("remove_roadmap_editor", args=[roadmap.pk, editor.pk]))
    can_edit_risks = client.post(section_url(roadmap, "risks"), RISK)

    assert (page.status_code, add.status_code, remove.status_code) == (403, 403, 403)
    assert "Only editors and approvers of NHS LEEDS NORTH CCG" in add.content.decode()
    assert can_edit_risks.status_code == 302  # partner CCG editors edit the draft itself
    assert list(RoadmapEditor.objects.values_list("user", flat=True)) == [csu_person.pk]
    with pytest.raises(ActionRefused):
        add_roadmap_editor(roadmap=roadmap, email="x@y.nhs.uk", added_by=partner_editor)


def test_removing_an_editor_takes_away_editing(client, roadmap, lead_editor, csu_person):
    editor = add_roadmap_editor(roadmap=roadmap, email=csu_person.email, added_by=lead_editor)
    client.force_login(lead_editor)

    removed = client.post(
        reverse("remove_roadmap_editor", args=[roadmap.pk, editor.pk]), follow=True
    )
    client.force_login(csu_person)
    page = client.get(section_url(roadmap, "risks"))

    assert "Casey Support can no longer edit the roadmap." in removed.content.decode()
    assert page.status_code == 404  # they are in no organisation of the footprint
    assert verbs() == ["roadmap.editor_added", "roadmap.editor_removed"]


def test_someone_already_editing_cannot_be_asked_twice(client, roadmap, lead_editor, csu_person):
    add_roadmap_editor(roadmap=roadmap, email=csu_person.email, added_by=lead_editor)
    client.force_login(lead_editor)

    response = client.post(
        reverse("roadmap_editors", args=[roadmap.pk]), {"email": csu_person.email}
    )

    assert response.status_code == 400
    assert "Casey Support can already edit this roadmap." in response.content.decode()
    assert OutboundEmail.objects.count() == 1


@pytest.mark.parametrize("key", ["risks", "milestones"])
def test_list_pages_ask_the_same_number_of_queries_however_long_the_list(
    client, roadmap, lead_editor, trust, key
):
    client.force_login(lead_editor)

    def grow(size):
        for n in range(size):
            Risk.objects.create(roadmap=roadmap, description=f"Risk {n}", likelihood=2,
                                impact=3, owner="Board")  # fmt: skip
            Milestone.objects.create(roadmap=roadmap, title=f"Milestone {n}",
                                     due_on=date(2017, 1, 1), owner_organisation=trust)  # fmt: skip

    assert_queries_do_not_grow(client, section_url(roadmap, key), grow=grow, sizes=(3, 30))


def test_the_editors_page_asks_the_same_number_of_queries_however_many_editors(
    client, roadmap, lead_editor
):
    client.force_login(lead_editor)

    def grow(size):
        for _n in range(size):
            RoadmapEditor.objects.create(roadmap=roadmap, user=UserFactory(), added_by=lead_editor)

    assert_queries_do_not_grow(
        client, reverse("roadmap_editors", args=[roadmap.pk]), grow=grow, sizes=(3, 30)
    )


def test_an_approver_of_the_lead_ccg_may_choose_editors(client, roadmap, lead, csu_person):
    approver = MembershipFactory(organisation=lead, role="approver").user
    client.force_login(approver)

    response = client.post(
        reverse("roadmap_editors", args=[roadmap.pk]), {"email": csu_person.email}
    )

    assert response.status_code == 302
    assert RoadmapEditor.objects.get().added_by == approver
