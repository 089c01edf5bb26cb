from dataclasses import dataclass, field

import pytest
from django.test import Client

from accounts.enums import Role
from accounts.models import FailedSignIn, Membership
from accounts.services.audit import record_event
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
    FootprintMemberFactory(footprint=a_submitted)
    c = OrganisationFactory(name="NHS CHARLIE CCG", region=region)
    c_partner = FootprintMemberFactory(footprint=a_submitted, organisation=c, role="partner_ccg")
    c_approver = MembershipFactory(organisation=c, role=Role.APPROVER)
    a_submitted.state = "submitted"
    a_submitted.save(update_fields=["state"])
    return World(
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


def client_for(user):
    """A browser without CSRF checks (the walk is about authorisation), signed in as ``user``."""
    client = Client(enforce_csrf_checks=False)
    if user is not None:
        client.force_login(user)
    return client
