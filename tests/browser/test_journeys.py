"""Journeys through the service in Chromium, each once with the mouse and once by keyboard.

``journey`` (tests/browser/conftest.py) is parametrised by mouse and keyboard; every page it
reaches is checked with axe.
"""

import re

from playwright.sync_api import expect

from accounts.enums import OrganisationKind, Role
from accounts.models import Invitation, Membership, User
from tests.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
)

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a long and memorable passphrase"


def link_in(message, live_server, path):
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(rf"{re.escape(live_server.url)}({re.escape(path)}\S*)", text)
    assert match, f"No link to {live_server.url}{path} in the email:\n{text}"
    return match.group(1)


def test_person_signs_in_sees_their_organisations_and_signs_out(journey):
    MembershipFactory(
        user__email="asha.patel@ccg.example.nhs.uk",
        user__full_name="Asha Patel",
        organisation__name="NHS Leeds North CCG",
        organisation__ods_code="02V",
    )
    page = journey.page

    journey.open("/", heading="Local Digital Roadmaps")
    journey.follow(page.get_by_role("main").get_by_role("link", name="Sign in"), heading="Sign in")
    journey.fill("Email address", "asha.patel@ccg.example.nhs.uk")
    journey.fill("Password", PASSWORD)
    journey.submit("Sign in", heading="Hello, Asha")

    expect(page.get_by_text("Signed in as Asha Patel")).to_be_visible()
    expect(page.get_by_role("link", name="NHS Leeds North CCG")).to_be_visible()

    journey.press("Sign out", heading="Sign in")

    expect(page.get_by_role("status")).to_have_text("You have signed out.")


def test_failed_sign_in_focuses_the_error_summary_whose_links_reach_each_field(journey):
    UserFactory(email="asha.patel@ccg.example.nhs.uk", full_name="Asha Patel")
    page = journey.page
    summary = page.locator("[data-error-summary]")

    journey.open("/sign-in/", heading="Sign in")
    journey.press("Sign in", heading="Sign in")

    journey.assert_focused(summary)
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(summary.get_by_role("listitem")).to_have_text(
        ["Enter your email address", "Enter your password"]
    )
    journey.activate(summary.get_by_role("link", name="Enter your password"), key="Enter")
    journey.assert_focused(journey.field("Password"))
    journey.activate(summary.get_by_role("link", name="Enter your email address"), key="Enter")
    journey.assert_focused(journey.field("Email address"))
    expect(page).to_have_url(re.compile(r"/sign-in/$"))  # the address has no #field to jump to

    journey.fill("Email address", "asha.patel@ccg.example.nhs.uk")
    journey.fill("Password", "not my password")
    journey.submit("Sign in", heading="Sign in")

    journey.assert_focused(summary)
    expect(summary.get_by_role("listitem")).to_have_text(
        ["The email address or password is not right. Check them and try again."]
    )

    journey.fill("Password", PASSWORD)
    journey.submit("Sign in", heading="Hello, Asha")


def test_new_person_accepts_an_invitation_sets_a_password_and_lands_on_their_home_page(journey):
    invitation = InvitationFactory(
        email="nia.evans@ccg.example.nhs.uk",
        organisation__name="NHS Leeds North CCG",
        invited_by__full_name="Asha Patel",
    )
    page = journey.page

    journey.open(f"/invitations/accept/{invitation.token}/", heading="Join NHS Leeds North CCG")

    expect(page).to_have_url(re.compile(r"/invitations/accept/$"))  # the token left the address
    expect(page.get_by_text("Asha Patel has invited you to join as editor.")).to_be_visible()
    journey.fill("Full name", "Nia Evans")
    journey.fill("Create a password", NEW_PASSWORD)
    journey.fill("Type the password again", "a different passphrase")
    journey.press("Create account and join", heading="Join NHS Leeds North CCG")

    journey.assert_focused(page.locator("[data-error-summary]"))
    expect(page.locator("[data-error-summary]")).to_contain_text("The two passwords do not match.")
    journey.fill("Create a password", NEW_PASSWORD)
    journey.fill("Type the password again", NEW_PASSWORD)
    journey.press("Create account and join", heading="Hello, Nia")

    expect(page.get_by_role("status")).to_have_text(
        "You have joined NHS Leeds North CCG as editor."
    )
    expect(page.get_by_role("link", name="NHS Leeds North CCG")).to_be_visible()
    user = User.objects.get(email="nia.evans@ccg.example.nhs.uk")
    assert user.check_password(NEW_PASSWORD)
    assert Membership.objects.filter(user=user, organisation=invitation.organisation).count() == 1


def test_approver_invites_a_colleague_who_is_emailed_a_link(
    journey, sign_in, smtp_server, live_server
):
    approver = MembershipFactory(
        role=Role.APPROVER,
        user__full_name="Asha Patel",
        organisation__name="NHS Leeds North CCG",
        organisation__ods_code="02V",
    )
    sign_in(approver.user)
    page = journey.page

    journey.open("/", heading="Hello, Asha")
    journey.follow("Manage who belongs to NHS Leeds North CCG", heading="Members")
    journey.follow("Invite someone", heading="Invite someone to NHS Leeds North CCG")
    journey.fill("Email address", "nia.evans@ccg.example.nhs.uk")
    journey.choose("Approver – signs off, and manages who has access")
    journey.press("Send invitation", heading="Members")

    expect(page.get_by_role("status")).to_contain_text(
        "Invitation sent to nia.evans@ccg.example.nhs.uk."
    )
    invitations = page.get_by_role("table").filter(has_text="Invited by")
    expect(invitations.get_by_role("row")).to_have_count(2)
    expect(invitations.get_by_role("row").nth(1).get_by_role("cell")).to_contain_text(
        ["nia.evans@ccg.example.nhs.uk", "Approver", "Asha Patel"]
    )
    [message] = smtp_server.messages
    assert message["To"] == "nia.evans@ccg.example.nhs.uk"
    assert message["Subject"] == (
        "Accept your invitation to join NHS Leeds North CCG on the digital roadmap service"
    )
    assert link_in(message, live_server, "/invitations/accept/")
    assert Invitation.objects.get().role == Role.APPROVER


def test_person_resets_a_forgotten_password_with_the_emailed_link(
    journey, smtp_server, live_server
):
    MembershipFactory(
        user__email="asha.patel@ccg.example.nhs.uk",
        user__full_name="Asha Patel",
        organisation__name="NHS Leeds North CCG",
    )

    journey.open("/sign-in/", heading="Sign in")
    journey.follow("Forgotten your password?", heading="Reset your password")
    journey.fill("Email address", "asha.patel@ccg.example.nhs.uk")
    journey.submit("Send reset link", heading="Check your email")

    [message] = smtp_server.messages
    assert message["To"] == "asha.patel@ccg.example.nhs.uk"
    journey.open(link_in(message, live_server, "/password-reset/"), heading="Choose a new password")
    journey.fill("New password", NEW_PASSWORD)
    journey.fill("Confirm new password", "a different passphrase")
    journey.press("Save new password", heading="Choose a new password")

    expect(journey.page.locator("[data-error-summary]")).to_contain_text(
        "The passwords do not match. Enter the same password twice."
    )
    journey.fill("New password", NEW_PASSWORD)
    journey.fill("Confirm new password", NEW_PASSWORD)
    journey.press("Save new password", heading="Your password has been changed")
    journey.follow(
        journey.page.get_by_role("main").get_by_role("link", name="Sign in"), heading="Sign in"
    )
    journey.fill("Email address", "asha.patel@ccg.example.nhs.uk")
    journey.fill("Password", NEW_PASSWORD)
    journey.submit("Sign in", heading="Hello, Asha")


def test_person_searches_organisations_by_kind_region_and_name_and_opens_one(journey, sign_in):
    north = RegionFactory()
    london = RegionFactory(ods_code="Y56", name="LONDON COMMISSIONING REGION")
    OrganisationFactory(name="NHS LEEDS NORTH CCG", ods_code="02V", region=north)
    OrganisationFactory(name="NHS LEEDS SOUTH CCG", ods_code="03C", region=london)
    OrganisationFactory(
        name="LEEDS TEACHING HOSPITALS NHS TRUST",
        ods_code="RR8",
        kind=OrganisationKind.NHS_TRUST,
        region=north,
    )
    sign_in(UserFactory())
    page = journey.page

    journey.open("/", heading=re.compile(r"^Hello"))
    journey.follow("Find an organisation", heading="Find an organisation")
    journey.select("Kind", "Clinical commissioning group")
    journey.select("NHS England region", "NORTH OF ENGLAND COMMISSIONING REGION")
    journey.fill("Name or ODS code", "leeds")
    journey.submit("Search", heading="Find an organisation")

    expect(page.get_by_role("heading", name="1 organisation")).to_be_visible()
    results = page.get_by_role("table").get_by_role("row")
    expect(results).to_have_count(2)
    journey.follow("NHS LEEDS NORTH CCG", heading="NHS LEEDS NORTH CCG")

    details = page.get_by_role("main").locator("dl")
    expect(details.locator("dt")).to_have_text(
        ["ODS code", "Kind", "NHS England region", "Postcode", "Opened"]
    )
    expect(details.locator("dd")).to_have_text(
        [
            "02V",
            "Clinical commissioning group",
            "NORTH OF ENGLAND COMMISSIONING REGION",
            "LS1 4HY",
            "1 April 2013",
        ]
    )
