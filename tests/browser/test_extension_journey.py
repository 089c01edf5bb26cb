"""A deadline extension end to end in the browser: an NHS England admin grants the Leeds
footprint more time for its roadmap on the service's own extension pages (a type-ahead for
the footprint, GOV.UK date inputs, a check page naming who will be emailed), the lead CCG's
editor sees the new date on their home page and the roadmap's task list, and the admin finds
the email to the editor in the outbox."""

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
EXTENSIONS = "Deadline extensions"
GRANT = "Grant a deadline extension"
CHECK = "Check the extension before you grant it"
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
    lead_code = roadmap.footprint.lead_ccg.ods_code

    # The admin grants the Leeds footprint three more weeks on the service's own pages.
    sign_in(admin)
    journey.open("/", heading="Hello, Owen")
    journey.follow("Grant and see deadline extensions", heading=EXTENSIONS)
    expect(page.get_by_text("No deadline has been extended yet.")).to_be_visible()
    journey.follow("Grant an extension", heading=GRANT)
    journey.select("Stage", f"{stage} (due {long_date(stage_due_on)})")
    # The type-ahead suggests the footprint by name; its suggestion is what the field takes.
    fill_in(journey, page.get_by_label("Footprint", exact=True), "Lee")
    suggestion = page.locator("#footprint-suggestions option")
    expect(suggestion).to_have_attribute("value", f"Leeds ({lead_code})")
    fill_in(journey, page.get_by_label("Footprint", exact=True), f"Leeds ({lead_code})")
    journey.fill("Reason", REASON)
    # The date last: with the keyboard, Enter in a date box sends the form. The month is
    # forgotten at first: the message names it, and nothing typed is lost.
    journey.fill("Day", str(new_due_on.day))
    journey.fill("Year", str(new_due_on.year))
    journey.submit("Continue", heading=GRANT)
    expect(page.locator(".error-summary a")).to_have_text(["The new due date must include a month"])
    expect(journey.field("Day")).to_have_value(str(new_due_on.day))
    expect(journey.field("Reason")).to_have_value(REASON)
    journey.fill("Month", str(new_due_on.month))
    journey.submit("Continue", heading=CHECK)
    expect(page.locator("[data-emailed] li")).to_have_text([f"Priya Shah ({EDITOR_EMAIL}), {LEAD}"])
    assert DeadlineExtension.objects.count() == 0
    journey.press("Grant the extension and email 1 person", heading=EXTENSIONS)
    expect(page.get_by_role("status").first).to_have_text(
        f"Leeds has until 23:59 on {long_date(new_due_on)} (London time) for the "
        f"{stage.cycle.name} roadmap stage. 1 person is being emailed."
    )
    rows = page.get_by_role("table", name="Deadline extensions, newest first").get_by_role("row")
    expect(rows.nth(1)).to_contain_text(f"Leeds (footprint, led by {LEAD})")
    extension = DeadlineExtension.objects.get()
    assert (extension.stage, extension.footprint, extension.reason) == (
        stage,
        roadmap.footprint,
        REASON,
    )

    # The lead CCG's editor sees the new date on their home page and the roadmap's task list.
    sign_in(editor)
    journey.open("/", heading="Hello, Priya")
    task = page.locator("li[data-task]")
    expect(task).to_contain_text(
        f"Due by 23:59 on {long_date(new_due_on)} (London time) {days_left} days left"
    )
    journey.follow("Submit the local digital roadmap for Leeds", heading=TASKS)
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
