"""NHS England's review end to end in the browser: a reviewer asks for changes to the submitted
Leeds roadmap, the lead CCG reads why, changes it and submits version 2 with both CCGs'
sign-off, the reviewer accepts it, an admin publishes it, and anyone can read it signed out."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from accounts.enums import Role
from roadmaps.enums import (
    RATING_DEFINITIONS,
    Confirmation,
    FocusArea,
    FootprintState,
    Rating,
    RoadmapState,
    StageKind,
)
from roadmaps.models import RoadmapText, Stage
from roadmaps.services.roadmaps import open_roadmap
from roadmaps.services.submission import request_sign_off as request_sign_off_service
from roadmaps.services.submission import sign_off_roadmap, submit_roadmap
from tests.browser.roadmap_helpers import (
    LEAD,
    PARTNER,
    TASKS,
    VISION,
    fill_in,
    request_sign_off,
    save_and_continue,
    sign_off,
    submit,
)
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
)
from tests.roadmaps.submission_world import fill_draft

FIRST_VISION = "Paper-free at the point of care across Leeds by 2020/21."
SECOND_VISION = "Paper-free across Leeds by 2020/21, with one shared care record for the city."
COMMENT = "Say how social care records join the shared care record."
INTERNAL_NOTE = "The chair privately doubts the funding will come through."
CHANGES_MESSAGE = "Please show how social care joins the shared record, then submit again."
ACCEPT_MESSAGE = "Thank you: the roadmap is accepted."
REVIEW = "Review the Leeds roadmap"
QUEUE = "Review roadmaps"


def arrange():
    """The endorsed Leeds footprint of two CCGs, its roadmap complete, signed off by both and
    submitted as version 1; the cycle's publication stage open, its roadmap stage still due;
    a reviewer of the lead CCG's region and an NHS England admin."""
    cycle = CycleFactory()
    now = timezone.now()
    Stage.objects.filter(cycle=cycle, kind=StageKind.PUBLICATION).update(
        opens_at=now - timedelta(days=1)
    )
    assert Stage.objects.get(cycle=cycle, kind=StageKind.ROADMAP).due_at > now
    footprint = FootprintFactory(name="Leeds", cycle=cycle, lead_ccg__name=LEAD)
    lead = footprint.lead_ccg
    partner = FootprintMemberFactory(
        footprint=footprint,
        organisation=OrganisationFactory(name=PARTNER),
        role="partner_ccg",
        confirmation=Confirmation.CONFIRMED,
    ).organisation
    footprint.state = FootprintState.ENDORSED
    footprint.save(update_fields=["state"])

    def person(organisation, role, name):
        return MembershipFactory(organisation=organisation, role=role, user__full_name=name).user

    people = {
        "reviewer": person(lead.region, Role.REVIEWER, "Nadia Khan"),
        "admin": person(NHSEnglandFactory(), Role.ADMIN, "Owen Price"),
        "lead_editor": person(lead, Role.EDITOR, "Priya Shah"),
        "lead_approver": person(lead, Role.APPROVER, "Grace Adeyemi"),
        "partner_approver": person(partner, Role.APPROVER, "Ifeoma Bello"),
    }

    roadmap = open_roadmap(footprint=footprint)
    fill_draft(roadmap, owner=lead)
    RoadmapText.objects.filter(roadmap=roadmap, section="vision", field="vision").update(
        text=FIRST_VISION
    )
    request_sign_off_service(roadmap=roadmap, requested_by=people["lead_editor"])
    sign_off_roadmap(roadmap=roadmap, organisation=partner, signed_by=people["partner_approver"])
    sign_off_roadmap(roadmap=roadmap, organisation=lead, signed_by=people["lead_approver"])
    version = submit_roadmap(roadmap=roadmap, submitted_by=people["lead_editor"])
    assert version.number == 1
    return roadmap, people


def status(page):
    return page.get_by_role("status").first


def jump_to(journey, part):
    """Follow the review page's link to one of its parts, further down the long page."""
    contents = journey.page.get_by_role("navigation", name="On this page")
    journey.activate(contents.get_by_role("link", name=part, exact=True), key="Enter")
    expect(journey.page).to_have_url(re.compile(r"#.+-heading$"))


def rate_every_focus_area(journey, rating):
    """Rate each focus area ``rating``, reading what each rating means first."""
    page = journey.page
    for each in Rating:
        expect(
            page.get_by_role("definition").filter(has_text=str(RATING_DEFINITIONS[each]))
        ).to_be_visible()
    for area in FocusArea:
        jump_to(journey, "Assurance ratings")
        journey.select("Focus area", str(area.label))
        journey.choose(f"{rating.label}: {RATING_DEFINITIONS[rating]}")
        journey.press("Save rating", heading=REVIEW)
        expect(status(page)).to_contain_text("Rating saved.")
        ratings = page.get_by_role("region", name="Assurance ratings")
        expect(ratings.get_by_role("row").filter(has_text=str(area.label))).to_contain_text(
            str(rating.label)
        )


def decide(journey, decision, message, *, roadmap, released):
    """Draft the decision with its message, then release it."""
    page = journey.page
    jump_to(journey, "Decision")
    journey.choose(decision)
    journey.fill("Message to the footprint", message)
    journey.press("Save the draft decision", heading=REVIEW)
    expect(status(page)).to_contain_text("Draft decision saved.")
    expect(page.get_by_text(f"Drafted: {decision}.")).to_be_visible()
    jump_to(journey, "Decision")
    journey.press("Release the decision", heading=REVIEW)
    expect(status(page)).to_contain_text("Decision released.")
    expect(
        page.get_by_text(re.compile(rf"^Decision released on .+: {decision}\.$"))
    ).to_be_visible()
    roadmap.refresh_from_db()
    assert roadmap.state == released


def test_nhs_england_asks_for_changes_accepts_version_2_and_publishes_it(journey, sign_in):
    roadmap, people = arrange()
    tasks = f"/roadmaps/{roadmap.pk}/"
    page = journey.page

    # The reviewer takes the roadmap from the queue and asks for changes.
    sign_in(people["reviewer"])
    journey.open("/", heading="Hello, Nadia")
    journey.follow(QUEUE, heading=QUEUE)
    leeds = page.locator(f'tr[data-roadmap="{roadmap.pk}"]')
    expect(leeds).to_contain_text("Submitted")
    expect(leeds).to_contain_text("Nobody")
    journey.press(leeds.get_by_role("button", name="Assign to me – Leeds"), heading=REVIEW)
    expect(status(page)).to_contain_text("The roadmap is assigned to you.")
    expect(page.get_by_text("In review; assigned to Nadia Khan.")).to_be_visible()
    journey.follow("Back to the review queue", heading=QUEUE)
    expect(leeds).to_contain_text("In review")
    journey.follow("Leeds", heading=REVIEW)
    expect(page.get_by_text(FIRST_VISION)).to_be_visible()

    vision = page.get_by_role("region", name=f"2. {VISION}")
    fill_in(journey, vision.get_by_label("Comment on this section"), COMMENT)
    journey.press(vision.get_by_role("button", name="Add comment"), heading=REVIEW)
    expect(status(page)).to_contain_text("Comment added.")
    expect(page.get_by_role("region", name=f"2. {VISION}")).to_contain_text(COMMENT)

    jump_to(journey, "Internal notes")
    journey.fill("Internal note", INTERNAL_NOTE)
    journey.press("Add internal note", heading=REVIEW)
    expect(status(page)).to_contain_text("Internal note added.")
    expect(page.get_by_role("region", name="Internal notes")).to_contain_text(INTERNAL_NOTE)

    rate_every_focus_area(journey, Rating.AMBER)
    decide(
        journey,
        "Ask for changes",
        CHANGES_MESSAGE,
        roadmap=roadmap,
        released=RoadmapState.CHANGES_REQUESTED,
    )

    # The lead CCG reads the decision, without the internal note, and changes the vision.
    sign_in(people["lead_editor"])
    journey.open(tasks, heading=TASKS)
    expect(page.get_by_text("2015-16 Local Digital Roadmap – Changes requested")).to_be_visible()
    journey.follow(
        "See NHS England's review decisions and comments",
        heading="NHS England's decisions on the Leeds roadmap",
    )
    expect(page.get_by_role("heading", name="Version 1: Ask for changes")).to_be_visible()
    expect(page.locator("[data-review-message]")).to_have_text(CHANGES_MESSAGE)
    expect(page.get_by_role("main")).to_contain_text(COMMENT)
    expect(page.get_by_role("main")).to_contain_text("Amber")
    expect(page.get_by_text(INTERNAL_NOTE)).to_have_count(0)
    assert INTERNAL_NOTE not in page.content()

    journey.follow(TASKS, heading=TASKS)
    journey.follow(VISION, heading=VISION)
    journey.fill("Vision", SECOND_VISION)
    save_and_continue(journey, heading="Baseline", saved=VISION)
    request_sign_off(journey, tasks)
    for approver, organisation in (
        (people["partner_approver"], PARTNER),
        (people["lead_approver"], LEAD),
    ):
        sign_in(approver)
        sign_off(journey, tasks, organisation)
    sign_in(people["lead_editor"])
    submit(journey, tasks, number=2)
    expect(page.get_by_text(SECOND_VISION)).to_be_visible()

    # The reviewer sees what changed since version 1 and accepts version 2.
    sign_in(people["reviewer"])
    journey.open("/", heading="Hello, Nadia")
    journey.follow(QUEUE, heading=QUEUE)
    journey.follow("Leeds", heading=REVIEW)
    # Version 2 is submitted, so the review of it has to be started again.
    expect(page.get_by_text("Submitted; assigned to Nadia Khan.")).to_be_visible()
    journey.press("Start the review", heading=REVIEW)
    expect(status(page)).to_contain_text("The roadmap is assigned to you.")
    expect(page.get_by_text("In review; assigned to Nadia Khan.")).to_be_visible()
    changes = page.get_by_role("region", name="What changed since the version you reviewed")
    expect(changes).to_contain_text(
        "From version 1 (Ask for changes) to version 2: 1 section changed."
    )
    expect(changes.get_by_role("heading", name=VISION)).to_be_visible()
    changed = changes.get_by_role("table", name=VISION).get_by_role("row").nth(1)
    expect(changed).to_contain_text("Changed")
    expect(changed).to_contain_text(FIRST_VISION)
    expect(changed).to_contain_text(SECOND_VISION)

    rate_every_focus_area(journey, Rating.GREEN)
    decide(
        journey,
        "Accept the roadmap",
        ACCEPT_MESSAGE,
        roadmap=roadmap,
        released=RoadmapState.ACCEPTED,
    )

    # An NHS England admin publishes it.
    sign_in(people["admin"])
    journey.open("/", heading="Hello, Owen")
    publication = "Publish roadmaps and results"
    journey.follow(publication, heading=publication)
    journey.press("Publish the Leeds roadmap", heading=publication)
    expect(status(page)).to_contain_text("The Leeds roadmap is published.")
    published = page.get_by_role("table", name="Published roadmaps of 2015-16")
    leeds = published.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Leeds"))
    expect(leeds.get_by_role("cell").nth(1)).to_have_text("2")

    # Anyone reads it, signed out.
    page.context.clear_cookies()
    journey.open("/", heading="Local Digital Roadmaps")
    published_roadmaps = "Published Local Digital Roadmaps"
    journey.follow("See the published Local Digital Roadmaps", heading=published_roadmaps)
    journey.follow("Leeds roadmap", heading="Leeds Local Digital Roadmap")
    expect(page.get_by_text("Version 2, submitted")).to_be_visible()
    expect(page.get_by_text(SECOND_VISION)).to_be_visible()
    expect(page.get_by_text(FIRST_VISION)).to_have_count(0)
    expect(page.get_by_text(INTERNAL_NOTE)).to_have_count(0)
    roadmap.refresh_from_db()
    assert roadmap.state == RoadmapState.PUBLISHED
