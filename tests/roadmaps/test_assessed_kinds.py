"""Who answers the self-assessment is set per cycle, and NHS England admins open the stage."""

import re
from datetime import date

import pytest
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from accounts.errors import ActionRefused
from accounts.models import AuditEvent
from maturity.models import Assessment
from maturity.services.assessments import open_assessments_for_cycle
from maturity.services.question_sets import load_question_set
from roadmaps.services import footprints
from roadmaps.services.cycles import change_assessed_kinds, load_cycle
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def question_set(db):
    return load_question_set().question_set


@pytest.fixture
def nhse_admin(db):
    return MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user


def footprint_of(cycle, *members, endorse=True):
    """A footprint with a provider trust and ``members`` as ``(organisation, role)``."""
    footprint = FootprintFactory(cycle=cycle)
    FootprintMemberFactory(footprint=footprint)
    for organisation, role in members:
        FootprintMemberFactory(footprint=footprint, organisation=organisation, role=role)
    if endorse:
        footprints.submit_footprint(footprint=footprint, submitted_by=None)
        footprints.endorse_footprint(footprint=footprint, endorsed_by=None)
    return footprint


def hidden_inputs(page):
    """The hidden fields of the admin's change form (the stages' management form and ids)."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))


def assessed_kinds_of(organisations):
    return sorted(
        Assessment.objects.filter(organisation__in=organisations).values_list(
            "organisation__kind", flat=True
        )
    )


def test_loading_2015_16_assesses_nhs_trusts():
    cycle = load_cycle(name="2015-16").cycle

    assert cycle.assessed_kinds == ["nhs_trust"]


def test_loading_again_keeps_a_changed_choice_of_who_answers(nhse_admin):
    cycle = load_cycle(name="2015-16").cycle
    change_assessed_kinds(
        cycle=cycle, kinds=["local_authority", "nhs_trust"], changed_by=nhse_admin
    )

    load_cycle(name="2015-16")

    cycle.refresh_from_db()
    assert cycle.assessed_kinds == ["nhs_trust", "local_authority"]


def test_changing_who_answers_is_audited_and_the_same_choice_again_is_not(nhse_admin):
    cycle = CycleFactory()

    change_assessed_kinds(cycle=cycle, kinds=["nhs_trust", "ccg"], changed_by=nhse_admin)
    change_assessed_kinds(cycle=cycle, kinds=["ccg", "nhs_trust"], changed_by=nhse_admin)

    event = AuditEvent.objects.get(verb="cycle.assessed_kinds_changed")
    assert (event.actor, event.before, event.after) == (
        nhse_admin,
        {"assessed_kinds": ["nhs_trust"]},
        {"assessed_kinds": ["nhs_trust", "ccg"]},
    )


@pytest.mark.parametrize(
    ("kinds", "message"),
    [
        ([], "Choose at least one kind of organisation to answer."),
        (
            ["nhs_england"],
            "These kinds of organisation cannot answer the self-assessment: nhs_england.",
        ),
    ],
)
def test_nobody_or_nhs_england_cannot_be_asked_to_answer(nhse_admin, kinds, message):
    cycle = CycleFactory()

    with pytest.raises(ActionRefused) as refusal:
        change_assessed_kinds(cycle=cycle, kinds=kinds, changed_by=nhse_admin)

    cycle.refresh_from_db()
    assert str(refusal.value) == message
    assert cycle.assessed_kinds == ["nhs_trust"]


def test_a_cycle_that_assesses_local_authorities_opens_one_for_the_local_authority(
    question_set, nhse_admin
):
    cycle = CycleFactory()
    change_assessed_kinds(
        cycle=cycle, kinds=["nhs_trust", "local_authority"], changed_by=nhse_admin
    )
    council = OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY, name="Leeds City Council")

    footprint = footprint_of(cycle, (council, "local_authority"))

    trust = footprint.members.get(role="provider").organisation
    assert assessed_kinds_of([council, trust]) == ["local_authority", "nhs_trust"]


def test_by_default_a_local_authority_or_ccg_in_the_footprint_gets_no_assessment(question_set):
    council = OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY)

    footprint = footprint_of(CycleFactory(), (council, "local_authority"))

    assert assessed_kinds_of([council, footprint.lead_ccg]) == []
    assert Assessment.objects.get().organisation.kind == OrganisationKind.NHS_TRUST


def test_a_trust_in_the_footprint_as_an_associate_gets_one(question_set):
    trust = OrganisationFactory(kind=OrganisationKind.NHS_TRUST)

    footprint_of(CycleFactory(), (trust, "associate"))

    assert assessed_kinds_of([trust]) == ["nhs_trust"]


def test_a_closed_trust_gets_no_assessment(question_set):
    closed = OrganisationFactory(
        kind=OrganisationKind.NHS_TRUST, open_date=date(2013, 4, 1), close_date=date(2015, 3, 31)
    )

    footprint_of(CycleFactory(), (closed, "provider"))

    assert assessed_kinds_of([closed]) == []


def test_opening_the_stage_for_a_cycle_opens_for_endorsed_footprints_only_and_once(
    question_set, nhse_admin
):
    cycle = CycleFactory()
    council = OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY)
    draft_council = OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY)
    footprint_of(cycle, (council, "local_authority"))
    footprint_of(cycle, (draft_council, "local_authority"), endorse=False)
    change_assessed_kinds(
        cycle=cycle, kinds=["nhs_trust", "local_authority"], changed_by=nhse_admin
    )

    first = open_assessments_for_cycle(cycle=cycle, opened_by=nhse_admin)
    second = open_assessments_for_cycle(cycle=cycle, opened_by=nhse_admin)

    assert [assessment.organisation for assessment in first] == [council]
    assert second == []
    assert Assessment.objects.filter(organisation=draft_council).count() == 0
    assert AuditEvent.objects.filter(verb="assessment.opened", actor=nhse_admin).count() == 1


def test_nhse_admins_choose_who_answers_with_checkboxes_in_the_admin(client, nhse_admin):
    cycle = load_cycle(name="2015-16").cycle
    client.force_login(nhse_admin)
    url = reverse("admin:roadmaps_cycle_change", args=[cycle.pk])

    page = client.get(url).content.decode()
    response = client.post(
        url, {**hidden_inputs(page), "assessed_kinds": ["nhs_trust", "local_authority"]}
    )

    cycle.refresh_from_db()
    assert 'type="checkbox" name="assessed_kinds" value="local_authority"' in page
    assert response.status_code == 302
    assert cycle.assessed_kinds == ["nhs_trust", "local_authority"]
    assert AuditEvent.objects.get(verb="cycle.assessed_kinds_changed").actor == nhse_admin


def test_choosing_nobody_in_the_admin_is_refused_by_the_field(client, nhse_admin):
    cycle = load_cycle(name="2015-16").cycle
    client.force_login(nhse_admin)
    url = reverse("admin:roadmaps_cycle_change", args=[cycle.pk])

    response = client.post(url, hidden_inputs(client.get(url).content.decode()))

    cycle.refresh_from_db()
    assert response.status_code == 200
    assert "Choose at least one kind of organisation to answer." in response.content.decode()
    assert cycle.assessed_kinds == ["nhs_trust"]


def test_the_admin_action_opens_the_stage_and_says_how_many_were_opened(
    client, nhse_admin, question_set
):
    cycle = CycleFactory()
    footprint_of(cycle, endorse=True)
    council = OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY)
    footprint_of(cycle, (council, "local_authority"))
    change_assessed_kinds(
        cycle=cycle, kinds=["nhs_trust", "local_authority"], changed_by=nhse_admin
    )
    client.force_login(nhse_admin)
    changelist = reverse("admin:roadmaps_cycle_changelist")
    form = {"action": "open_self_assessments", "_selected_action": [cycle.pk]}

    first = client.post(changelist, form, follow=True)
    second = client.post(changelist, form, follow=True)

    assert [str(m) for m in first.context["messages"]] == ["1 self-assessment opened."]
    assert [str(m) for m in second.context["messages"]] == ["0 self-assessments opened."]
    assert Assessment.objects.filter(organisation=council).count() == 1


def test_people_who_are_not_nhse_admins_cannot_change_who_answers(client):
    cycle = load_cycle(name="2015-16").cycle
    approver = MembershipFactory(role=Role.APPROVER).user
    client.force_login(approver)

    client.post(
        reverse("admin:roadmaps_cycle_change", args=[cycle.pk]),
        {"assessed_kinds": ["local_authority"]},
    )

    cycle.refresh_from_db()
    assert cycle.assessed_kinds == ["nhs_trust"]
