"""The signed-in home page lists the person's own tasks across every step, most urgent first:
what, for which organisation, the deadline in London time with days left or overdue, and a
link to where it is done. The tasks are the reminders' (``outstanding_by_person``)."""

import re
from datetime import date, datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.enums import OrganisationKind, Role
from accounts.models import OutboundEmail
from maturity.enums import AssessmentState
from roadmaps.enums import RoadmapState, StageKind
from roadmaps.models import Roadmap, SignOff, Stage
from roadmaps.selectors.deadlines import LONDON
from roadmaps.services.cycles import load_cycle
from roadmaps.services.extensions import grant_extension
from roadmaps.services.reminders import plan_reminders
from tests.factories import (
    AssessmentFactory,
    FootprintMemberFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RegionFactory,
    RoadmapFactory,
    UserFactory,
)
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.coverage_data import make_footprint
from tests.roadmaps.review_world import london, reviewer_of, submit_directly
from tests.roadmaps.submission_world import person

# 20 February 2016, noon in London: the footprint and maturity stages of 2015-16 are past
# their deadlines (30 October 2015, 15 January 2016), the roadmap stage is open (30 June).
TODAY = datetime(2016, 2, 20, 12, tzinfo=LONDON)
NOTHING_TO_DO = "You have nothing to do right now."


@pytest.fixture
def cycle(db):
    return load_cycle(name="2015-16").cycle


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def organisation(name, kind=OrganisationKind.CCG):
    return OrganisationFactory(name=name, kind=kind)


@pytest.fixture
def programme(cycle, frozen):
    """Leeds: endorsed, with Leeds Teaching Hospitals answering its self-assessment (given
    until today) and the roadmap waiting for the CCGs' sign-off. Bradford: submitted, with
    NHS Airedale CCG yet to confirm its place."""
    leeds_north = organisation("NHS Leeds North CCG")
    leeds_west = organisation("NHS Leeds West CCG")
    hospitals = organisation("Leeds Teaching Hospitals", OrganisationKind.NHS_TRUST)
    leeds = make_footprint(
        cycle, leeds_north, (leeds_west, "confirmed"), name="Leeds", state="endorsed"
    )
    FootprintMemberFactory(footprint=leeds, organisation=hospitals, role="provider")
    roadmap = RoadmapFactory(
        footprint=leeds, state=RoadmapState.AWAITING_SIGN_OFF, sign_off_round=1
    )
    for signatory in (leeds_north, leeds_west):
        SignOff.objects.create(roadmap=roadmap, round=1, organisation=signatory)
    assessment = AssessmentFactory(
        organisation=hospitals, cycle=cycle, state=AssessmentState.IN_PROGRESS
    )
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user
    grant_extension(
        stage=Stage.objects.get(cycle=cycle, kind=StageKind.MATURITY),
        organisation=hospitals,
        due_on=date(2016, 2, 20),
        reason="Their board meets on 19 February.",
        granted_by=admin,
    )
    bradford_ccg = organisation("NHS Bradford Districts CCG")
    airedale = organisation("NHS Airedale CCG")
    bradford = make_footprint(cycle, bradford_ccg, airedale, name="Bradford", state="submitted")
    return {
        "roadmap": roadmap,
        "assessment": assessment,
        "leeds": leeds,
        "bradford": bradford,
        "partner_member": bradford.members.get(organisation=airedale),
        "lead_editor": person(leeds_north, Role.EDITOR, "editor@leedsnorth.example.nhs.uk"),
        "lead_approver": person(leeds_north, Role.APPROVER, "approver@leedsnorth.example.nhs.uk"),
        "provider_editor": person(hospitals, Role.EDITOR, "editor@lth.example.nhs.uk"),
        "provider_viewer": person(hospitals, Role.VIEWER, "viewer@lth.example.nhs.uk"),
        "partner_approver": person(airedale, Role.APPROVER, "approver@airedale.example.nhs.uk"),
        "admin": admin,
    }


def tasks_on_home(client, user):
    """Each task of the home page's task list: its text, tags stripped, and its link."""
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    items = re.findall(r"<li[^>]*data-task[^>]*>(.*?)</li>", html, flags=re.S)
    return [
        (
            " ".join(unescape(re.sub(r"<[^>]+>", " ", item)).split()),
            re.search(r'<a [^>]*href="([^"]+)"', item).group(1),
        )
        for item in items
    ]


def test_a_provider_editor_sees_its_self_assessment_due_today(client, programme):
    assessment = programme["assessment"]

    assert tasks_on_home(client, programme["provider_editor"]) == [
        (
            "Submit the digital maturity self-assessment Leeds Teaching Hospitals "
            "Due by 23:59 on 20 February 2016 (London time) Due today",
            reverse("assessment_tasks", args=[assessment.pk]),
        )
    ]


def test_a_partner_approver_sees_the_place_to_confirm_overdue(client, programme):
    bradford, member = programme["bradford"], programme["partner_member"]

    assert tasks_on_home(client, programme["partner_approver"]) == [
        (
            "Confirm your place in the footprint Bradford NHS Airedale CCG "
            "Due by 23:59 on 30 October 2015 (London time) 113 days overdue",
            reverse("confirm_footprint_membership", args=[bradford.pk, member.pk]),
        )
    ]


def test_a_lead_editor_sees_the_providers_assessment_then_the_roadmap_most_urgent_first(
    client, programme
):
    leeds, roadmap = programme["leeds"], programme["roadmap"]

    assert tasks_on_home(client, programme["lead_editor"]) == [
        (
            "Not yet submitted: the self-assessment of Leeds Teaching Hospitals "
            "Leeds Teaching Hospitals Due by 23:59 on 20 February 2016 (London time) Due today",
            reverse("footprint_results", args=[leeds.pk]),
        ),
        (
            "Submit the local digital roadmap for Leeds NHS Leeds North CCG "
            "Due by 23:59 on 30 June 2016 (London time) 131 days left",
            reverse("roadmap_tasks", args=[roadmap.pk]),
        ),
    ]


def test_an_approver_sees_the_roadmap_to_sign_off(client, programme):
    roadmap = programme["roadmap"]

    assert tasks_on_home(client, programme["lead_approver"]) == [
        (
            "Sign off the local digital roadmap for Leeds NHS Leeds North CCG "
            "Due by 23:59 on 30 June 2016 (London time) 131 days left",
            reverse("sign_off_roadmap", args=[roadmap.pk]),
        )
    ]


def titles_on_home(client, user):
    """Each task of the home page as the reminder digest words it: "what (organisation)"."""
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    return [
        unescape(f"{what} ({where})")
        for what, where in re.findall(
            r"<a [^>]*data-task-link[^>]*>([^<]+)</a>.*?<span data-organisation>([^<]+)</span>",
            html,
            flags=re.S,
        )
    ]


def test_the_home_page_lists_what_the_reminder_digest_lists(client, programme):
    """One rule for both: each person's digest names the tasks of their home page, in order."""
    plan_reminders(now=TODAY, days_before=range(0, 365), overdue_every_days=1)
    people = ["provider_editor", "partner_approver", "lead_editor", "lead_approver"]

    for who in people:
        user = programme[who]
        digest = OutboundEmail.objects.get(template="reminder_digest", to=user.email)
        in_digest = re.findall(r"^\d+\. (.+)$", digest.body_text, flags=re.MULTILINE)
        assert titles_on_home(client, user) == in_digest, who
    assert sorted(
        OutboundEmail.objects.filter(template="reminder_digest").values_list("to", flat=True)
    ) == sorted(programme[who].email for who in people)


def test_a_viewer_and_someone_without_tasks_have_nothing_to_do(client, programme):
    for user in (programme["provider_viewer"], UserFactory()):
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()

        assert NOTHING_TO_DO in html
        assert re.findall(r"<li[^>]* data-task>", html) == []


def test_the_task_list_says_nothing_is_due_once_everything_is_done(client, programme):
    programme["assessment"].state = AssessmentState.SUBMITTED
    programme["assessment"].save(update_fields=["state"])
    client.force_login(programme["provider_editor"])

    html = client.get(reverse("home")).content.decode()

    assert NOTHING_TO_DO in html


def test_the_home_page_makes_as_many_queries_for_many_tasks_as_for_a_few(client, cycle, frozen):
    lead = organisation("NHS Leeds North CCG")
    footprint = make_footprint(cycle, lead, name="Leeds", state="endorsed")
    RoadmapFactory(footprint=footprint)
    editor = MembershipFactory(organisation=lead, role=Role.EDITOR).user
    client.force_login(editor)

    def grow(size):
        # Each provider's unsubmitted self-assessment is a task for the lead CCG's editors.
        for _ in range(size - footprint.members.filter(role="provider").count()):
            provider = FootprintMemberFactory(footprint=footprint).organisation
            AssessmentFactory(organisation=provider, cycle=cycle, state=AssessmentState.NOT_STARTED)

    assert_queries_do_not_grow(client, reverse("home"), grow=grow, sizes=(3, 30))
    html = client.get(reverse("home")).content.decode()
    assert len(re.findall(r"<li[^>]* data-task>", html)) == 31


def test_a_reviewer_sees_the_roadmaps_waiting_for_them_or_for_anyone_longest_first(client, db):
    north = RegionFactory()
    reviewer = reviewer_of(north, "grace@north.england.nhs.uk", "Grace Adeyemi")
    colleague = reviewer_of(north, "idris@north.england.nhs.uk", "Idris Evans")
    with time_machine.travel(datetime(2016, 7, 11, 12, tzinfo=LONDON), tick=False):

        def submitted(name, days_ago, *, state=RoadmapState.SUBMITTED, assignee=None, **kw):
            roadmap = RoadmapFactory(
                footprint__name=name, footprint__lead_ccg__name=f"NHS {name} CCG", **kw
            )
            submit_directly(roadmap, at=timezone.now() - timedelta(days=days_ago))
            Roadmap.objects.filter(pk=roadmap.pk).update(state=state, assignee=assignee)
            return roadmap

        submitted("York", 3)
        leeds = submitted("Leeds", 10, state=RoadmapState.IN_REVIEW, assignee=reviewer)
        submitted("Wakefield", 20, state=RoadmapState.IN_REVIEW, assignee=colleague)
        submitted("Hull", 30, state=RoadmapState.ACCEPTED, assignee=reviewer)
        submitted("Camden", 40, footprint__lead_ccg__region=london())
        client.force_login(reviewer)

        html = client.get(reverse("home")).content.decode()

    items = re.findall(r"<li[^>]* data-review-task>(.*?)</li>", html, flags=re.S)
    assert [
        (
            " ".join(unescape(re.sub(r"<[^>]+>", " ", item)).split()),
            re.search(r'<a [^>]*href="([^"]+)"', item).group(1),
        )
        for item in items
    ] == [
        (
            "Review the roadmap for Leeds NHS Leeds CCG Waiting 10 days",
            reverse("review_roadmap", args=[leeds.pk]),
        ),
        (
            "Assign a reviewer to the roadmap for York NHS York CCG Waiting 3 days",
            reverse("review_queue"),
        ),
    ]
    assert NOTHING_TO_DO in html
