"""Steps of the roadmap journeys: choosing among repeated labels, saving a section, and the
lead's way from a complete draft through sign-off to a submitted version."""

import re

from playwright.sync_api import expect

LEAD = "NHS Leeds North CCG"
PARTNER = "NHS Leeds West CCG"
TASKS = "Leeds roadmap"
VISION = "Vision for digitally enabled transformation"


def row_of(page, name):
    return page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=name, exact=True))


def choose_in(journey, group_name, option):
    """Choose ``option`` in the group of radio buttons ``group_name``: labels repeat."""
    group = journey.page.get_by_role("group", name=re.compile(rf"^\s*{re.escape(group_name)}"))
    radio = group.get_by_label(option, exact=True)
    journey.activate(radio, key="Space")
    expect(radio).to_be_checked()


def fill_in(journey, field, value):
    """Fill in ``field`` (a Locator), for a label that repeats on the page."""
    if journey.keyboard:
        journey.tab_to(field)
        journey.page.keyboard.press("ControlOrMeta+A")
        journey.page.keyboard.press("Delete")
        journey.page.keyboard.type(value)
    else:
        field.click()
        field.fill(value)
    expect(field).to_have_value(value)


def fill_date(journey, legend, day, month, year):
    """Type a day into the GOV.UK date input whose legend is ``legend``."""
    group = journey.page.get_by_role("group", name=re.compile(rf"^\s*{re.escape(legend)}"))
    for label, value in (("Day", day), ("Month", month), ("Year", year)):
        fill_in(journey, group.get_by_label(label, exact=True), value)


def save_and_continue(journey, *, heading, saved):
    journey.press("Save and continue", heading=heading)
    expect(journey.page.get_by_role("status").first).to_contain_text(f"{saved} saved.")


def section_status(page, title):
    return page.get_by_role("listitem").filter(has=page.get_by_role("link", name=title, exact=True))


def request_sign_off(journey, tasks):
    """The lead checks the complete roadmap and asks each signing organisation to sign it off."""
    journey.open(tasks, heading=TASKS)
    journey.follow("Check the roadmap and request sign-off", heading="Check the Leeds roadmap")
    expect(journey.page.get_by_text("Every section is complete.")).to_be_visible()
    journey.press("Request sign-off", heading=TASKS)
    expect(journey.page.get_by_role("status").first).to_contain_text("Sign-off requested.")


def sign_off(journey, tasks, organisation):
    """An approver signs the roadmap off for their organisation."""
    page = journey.page
    journey.open(tasks, heading=TASKS)
    journey.follow("Sign off the roadmap, or decline", heading="Sign off the Leeds roadmap")
    journey.choose("Sign off the roadmap")
    journey.press("Record decision", heading=TASKS)
    expect(page.get_by_role("status").first).to_contain_text(
        f"Roadmap signed off for {organisation}."
    )
    expect(page.get_by_role("row").filter(has_text=organisation)).to_contain_text("Signed")


def submit(journey, tasks, *, number):
    """The lead submits the signed-off roadmap as version ``number``."""
    journey.open(tasks, heading=TASKS)
    journey.press("Submit the roadmap", heading="Leeds Local Digital Roadmap")
    expect(journey.page.get_by_role("status").first).to_contain_text(
        f"Roadmap submitted as version {number}."
    )
