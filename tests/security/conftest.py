from dataclasses import dataclass, field

import pytest
from django.test import Client

from accounts.enums import Role
from accounts.models import FailedSignIn, Membership
from accounts.services.audit import record_event
from maturity.models import Assessment, AssessmentHelper, Question, QuestionSet, Section, Theme
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    InvitationFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    OutboundEmailFactory,
    RegionFactory,
    UserFactory,
)
from tests.security.finding_world import add_findings
from tests.security.return_world import add_returns
from tests.security.roadmap_world import add_reviewed_roadmaps, add_roadmaps

PASSWORD = "correct horse battery staple"


@dataclass
class World:
    """Organisation A with its people and a pending invitation, and the people outside it."""

    a: object
    a_approver: Membership
    a_editor: Membership
    a_viewer: Membership
    a_invitation: object
    b: object
    b_approver: Membership
    nhse_admin: Membership
    nhse_reviewer: Membership
    loner: object
    staff_flag_only: object
    objects_by_model: dict = field(default_factory=dict)
    # A's footprints: a draft (cycle 1) and a submitted one with partner CCG C (cycle 2).
    a_draft: object = None
    a_draft_provider: object = None
    a_submitted: object = None
    c_partner: object = None
    c_approver: Membership = None
    # P, an NHS provider in A's submitted footprint, and in A's draft, with an assessment in
    # progress (cycle 2) and a submitted one (cycle 1): A's and C's people can see both.
    p: object = None
    p_editor: Membership = None
    p_approver: Membership = None
    p_assessment: object = None
    p_submitted_assessment: object = None
    p_theme: object = None
    # Someone of A (the lead CCG) asked to help answer P's assessment in progress.
    p_helper: object = None
    # A's roadmaps and what hangs off them (roadmap_world.py).
    a_roadmap: object = None
    a_roadmap_version: object = None
    a_risk: object = None
    a_milestone: object = None
    a_benefit: object = None
    a_attachment: object = None
    a_roadmap_editor: object = None
    a_signing_roadmap: object = None
    csu_editor: object = None
    a_review_roadmap: object = None
    a_review: object = None
    a_accepted_roadmap: object = None
    a_published_roadmap: object = None
    # A's progress returns on its published roadmap (return_world.py).
    a_periods: list = None
    a_accepted_return: object = None
    a_assured_return: object = None
    a_signing_return: object = None
    a_return: object = None
    # An open finding of the cross-checks on the return submitted (finding_world.py).
    a_finding: object = None

    def __repr__(self):
        return f"World(a={self.a}, b={self.b})"

    def label(self, user):
        """Who this is, for a failure message."""
        names = {
            self.a_approver.user: "A's approver",
            self.a_editor.user: "A's editor",
            self.a_viewer.user: "A's viewer",
            self.b_approver.user: "B's approver",
            self.nhse_admin.user: "an NHS England admin",
            self.nhse_reviewer.user: "an NHS England reviewer",
            self.loner: "a person with no memberships",
            self.staff_flag_only: "a person with is_staff set and no memberships",
            self.c_approver.user: "C's approver (a partner CCG in A's submitted footprint)",
            self.p_editor.user: "P's editor (a provider in A's footprints)",
            self.p_approver.user: "P's approver (a provider in A's footprints)",
            self.csu_editor: "the person A asked to edit its roadmap (no memberships)",
        }
        if user is None:
            return "a signed-out person"
        return f"{names.get(user, 'someone')} ({user.email})"

    def private_to_a(self):
        """What only A's approvers (and NHS England admins) may see: who belongs, who is invited."""
        return [
            *(
                value
                for membership in (self.a_approver, self.a_editor, self.a_viewer)
                for value in (membership.user.email, membership.user.full_name)
            ),
            self.a_invitation.email,
        ]


@pytest.fixture
def world(db):
    region = RegionFactory()
    a = OrganisationFactory(name="NHS ALPHA CCG", region=region)
    a_approver = MembershipFactory(
        organisation=a, role=Role.APPROVER, user__full_name="Ada Alpha-Approver"
    )
    a_editor = MembershipFactory(
        organisation=a, role=Role.EDITOR, user__full_name="Eddie Alpha-Editor"
    )
    a_viewer = MembershipFactory(
        organisation=a, role=Role.VIEWER, user__full_name="Vera Alpha-Viewer"
    )
    a_invitation = InvitationFactory(
        organisation=a, invited_by=a_approver.user, email="invitee-of-alpha@ccg.example.nhs.uk"
    )
    b = OrganisationFactory(name="NHS BRAVO CCG", region=region)
    b_approver = MembershipFactory(
        organisation=b, role=Role.APPROVER, user__full_name="Bob Bravo-Approver"
    )
    nhs_england = NHSEnglandFactory()
    nhse_admin = MembershipFactory(organisation=nhs_england, role=Role.ADMIN)
    nhse_reviewer = MembershipFactory(organisation=nhs_england, role=Role.REVIEWER)
    loner = UserFactory()
    staff_flag_only = UserFactory(is_staff=True)
    event = record_event(actor=a_approver.user, verb="test.walk", target=a, organisation=a)
    email = OutboundEmailFactory(to=a_editor.user.email)
    failure = FailedSignIn.objects.create(email=a_editor.user.email)
    a_draft = FootprintFactory(lead_ccg=a, cycle=CycleFactory(name="2015-16"), name="Alpha draft")
    a_draft_provider = FootprintMemberFactory(footprint=a_draft)
    a_submitted = FootprintFactory(lead_ccg=a, cycle=CycleFactory(name="2016-17"), name="Alpha")
    p = FootprintMemberFactory(footprint=a_submitted, organisation__name="PAPA PROVIDER TRUST")
    p = p.organisation
    FootprintMemberFactory(footprint=a_draft, organisation=p)
    c = OrganisationFactory(name="NHS CHARLIE CCG", region=region)
    c_partner = FootprintMemberFactory(footprint=a_submitted, organisation=c, role="partner_ccg")
    c_approver = MembershipFactory(organisation=c, role=Role.APPROVER)
    a_submitted.state = "submitted"
    a_submitted.save(update_fields=["state"])
    assessments = assessments_for_provider(
        p, in_progress=a_submitted.cycle, submitted=a_draft.cycle
    )
    world = World(
        p=p,
        p_editor=MembershipFactory(organisation=p, role=Role.EDITOR),
        p_approver=MembershipFactory(organisation=p, role=Role.APPROVER),
        p_assessment=assessments[0],
        p_submitted_assessment=assessments[1],
        p_theme=assessments[2],
        p_helper=AssessmentHelper.objects.create(
            assessment=assessments[0],
            user=MembershipFactory(organisation=a, role=Role.EDITOR).user,
            added_by=a_approver.user,
        ),
        a_draft=a_draft,
        a_draft_provider=a_draft_provider,
        a_submitted=a_submitted,
        c_partner=c_partner,
        c_approver=c_approver,
        a=a,
        a_approver=a_approver,
        a_editor=a_editor,
        a_viewer=a_viewer,
        a_invitation=a_invitation,
        b=b,
        b_approver=b_approver,
        nhse_admin=nhse_admin,
        nhse_reviewer=nhse_reviewer,
        loner=loner,
        staff_flag_only=staff_flag_only,
        # The object each admin page names: A's, so a leak through the admin would show.
        objects_by_model={
            "accounts.User": a_approver.user.pk,
            "accounts.Organisation": a.pk,
            "accounts.Membership": a_editor.pk,
            "accounts.Invitation": a_invitation.pk,
            "accounts.AuditEvent": event.pk,
            "accounts.OutboundEmail": email.pk,
            "accounts.FailedSignIn": failure.pk,
        },
    )
    add_roadmaps(world)
    add_reviewed_roadmaps(world)
    add_returns(world)
    add_findings(world)
    return world


def assessments_for_provider(provider, *, in_progress, submitted):
    """A one-question set (the walk needs no more), and the provider's two assessments."""
    question_set = QuestionSet.objects.create(code="walk", version=1, title="Walk")
    section = Section.objects.create(question_set=question_set, code="s", title="S", order=1)
    theme = Theme.objects.create(section=section, code="walk_theme", title="Walk theme", order=1)
    Question.objects.create(
        question_set=question_set, theme=theme, code="W-01", text="Walk?", scale="agreement",
        order=1,
    )  # fmt: skip
    answering = Assessment.objects.create(
        organisation=provider, cycle=in_progress, question_set=question_set, state="in_progress"
    )
    done = Assessment.objects.create(
        organisation=provider, cycle=submitted, question_set=question_set, state="submitted"
    )
    return answering, done, theme


def client_for(user):
    """A browser without CSRF checks (the walk is about authorisation), signed in as ``user``."""
    client = Client(enforce_csrf_checks=False)
    if user is not None:
        client.force_login(user)
    return client
