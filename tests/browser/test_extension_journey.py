"""A deadline extension end to end in the browser: an NHS England admin grants the Leeds
footprint more time for its roadmap in the Django admin, the lead CCG's editor sees the new
date on the roadmap's task list, and the admin finds the email to the editor in the outbox."""

from datetime import timedelta

from django.utils import formats, timezone
from playwright.sync_api import expect

from accounts.enums import Role
from roadmaps.enums import FootprintState, StageKind
from roadmaps.models import DeadlineExtension, Stage
from roadmaps.selectors.deadlines import LONDON, london_day
from roadmaps.services.roadmaps import open_roadmap
from tests.browser.roadmap_helpers import LEAD, TASKS, fill_in
from tests.factories import CycleFactory, FootprintFactory, MembershipFactory, NHSEnglandFactory

REASON = "The Leeds digital board next meets after the roadmap deadline."
EDITOR_EMAIL = "priya.shah@leeds-north.example.nhs.uk"
ADMIN_HOME = "Manage the service"
EXTENSIONS = "Select deadline extension to change"
ADD_EXTENSION = "Add deadline extension"
OUTBOX = "Outbox"


def arrange():
    """The endorsed Leeds footprint with its draft roadmap, in a cycle whose roadmap stage is
    open; the lead CCG's editor and an NHS England admin."""
    cycle = CycleFactory()
    Stage.objects.filter(cycle=cycle, kind=StageKind.ROADMAP).update(
        opens_at=timezone.now() - timedelta(days=1)
    )
    footprint = FootprintFactory(name="Leeds", cycle=cycle, lead_ccg__name=LEAD)
    footprint.state = FootprintState.ENDORSED
    footprint.save(update_fields=["state"])
    roadmap = open_roadmap(footprint=footprint)
    editor = MembershipFactory(
        organisation=footprint.lead_ccg,
        role=Role.EDITOR,
        user__full_name="Priya Shah",
        user__email=EDITOR_EMAIL,
    ).user
    admin = MembershipFactory(
        organisation=NHSEnglandFactory(), role=Role.ADMIN, user__full_name="Owen Price"
    ).user
    stage = Stage.objects.get(cycle=cycle, kind=StageKind.ROADMAP)
    return roadmap, stage, editor, admin


def long_date(day):
    return formats.date_format(day, "j F Y")


def test_an_admin_extends_the_roadmap_deadline_and_the_lead_ccg_sees_it_and_is_emailed(
    journey, sign_in
):
    roadmap, stage, editor, admin = arrange()
    page = journey.page
    stage_due_on = london_day(stage.due_at)
    new_due_on = stage_due_on + timedelta(days=21)
    days_left = (new_due_on - timezone.localdate(timezone=LONDON)).days

    # The admin grants the Leeds footprint three more weeks in the Django admin.
    sign_in(admin)
    journey.open("/", heading="Hello, Owen")
    journey.follow("Manage the service (admin)", heading=ADMIN_HOME)
    if journey.keyboard:
        # The admin's index lists every model: Deadline extensions is some 40 Tab stops down,
        # past what a journey allows, so the keyboard user goes by its address (a bookmark).
        journey.open("/admin/roadmaps/deadlineextension/", heading=EXTENSIONS)
    else:
        journey.follow("Deadline extensions", heading=EXTENSIONS)
    journey.follow(ADD_EXTENSION, heading=ADD_EXTENSION)
    journey.select_in(page.get_by_label("Stage:"), str(stage))
    fill_in(journey, page.get_by_label("Footprint:"), str(roadmap.footprint_id))
    fill_in(journey, page.get_by_label("Reason:"), REASON)
    # The date last: with the keyboard, Enter in its field saves the form.
    fill_in(journey, page.get_by_label("New due date:"), new_due_on.strftime("%d/%m/%Y"))
    journey.submit(page.get_by_role("button", name="Save", exact=True), heading=EXTENSIONS)
    expect(page.locator("ul.messagelist li.success")).to_have_text(
        f"The deadline extension “{stage} – Leeds” was added successfully."
    )
    extension = DeadlineExtension.objects.get()
    assert (extension.stage, extension.footprint, extension.reason) == (
        stage,
        roadmap.footprint,
        REASON,
    )

    # The lead CCG's editor sees the new date on the roadmap's task list.
    sign_in(editor)
    journey.open("/", heading="Hello, Priya")
    journey.follow("See the roadmaps you can work on or read", heading="Roadmaps")
    journey.follow("Leeds", heading=TASKS)
    expect(page.locator("p.deadline")).to_have_text(
        f"Roadmap deadline: 23:59 on {long_date(new_due_on)} (London time) – {days_left} days left"
    )
    expect(page.get_by_text(long_date(stage_due_on))).to_have_count(0)

    # The admin finds the email to the editor in the outbox.
    sign_in(admin)
    journey.open("/", heading="Hello, Owen")
    journey.follow("See the outbox", heading=OUTBOX)
    journey.select("Template", "deadline_extended")
    journey.fill("Recipient", EDITOR_EMAIL)
    journey.submit("Filter", heading=OUTBOX)
    expect(page.get_by_role("heading", level=2, name="1 email", exact=True)).to_be_visible()
    emails = page.get_by_role("table", name="Emails in the outbox, newest first")
    row = emails.get_by_role("row").nth(1)
    expect(row.get_by_role("rowheader")).to_have_text(
        f"Submit by {long_date(new_due_on)}: NHS England has extended the roadmap deadline "
        "for Leeds Template: deadline_extended"
    )
    expect(row.get_by_role("cell").first).to_have_text(EDITOR_EMAIL)
