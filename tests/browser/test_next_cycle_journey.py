"""The next cycle in the browser: an NHS England admin starts the 2016-17 refresh carrying the
2015-16 footprints forward (the check page lists them), merges Leeds and Wakefield after
reading the preview, and the merged footprint's page shows where it came from and both
predecessors' roadmap versions; its delivery history says how it is shown."""

import re

from playwright.sync_api import expect

from roadmaps.models import Cycle, Footprint, FootprintMerge
from tests.browser.roadmap_helpers import fill_in
from tests.roadmaps.next_cycle_world import make_next_cycle_world

NEW_CYCLE = "Start a new cycle"
CHECK_CYCLE = "Check the new cycle before you start it"
MERGE = "Merge footprints"
CHECK_MERGE = "Check the merge before you confirm it"
VERSION_HEADING = "Wakefield Local Digital Roadmap"
REASON = "Aligned to the West Yorkshire and Harrogate STP footprint."
STAGES = {
    "Footprint": (("1", "9", "2016"), ("30", "9", "2016")),
    "Digital maturity self-assessment": (("9", "1", "2017"), ("31", "3", "2017")),
    "Roadmap": (("1", "10", "2016"), ("31", "10", "2016")),
    "Publication": (("1", "1", "2017"), ("31", "1", "2017")),
}


def fill_stage(journey, stage, opens, due):
    group = journey.page.get_by_role("group", name=re.compile(rf"^\s*{re.escape(stage)}\s*$"))
    for legend, (day, month, year) in (("Opens on", opens), ("Due on", due)):
        dates = group.get_by_role("group", name=re.compile(rf"^\s*{legend}"))
        for label, value in (("Day", day), ("Month", month), ("Year", year)):
            fill_in(journey, dates.get_by_label(label, exact=True), value)


def test_an_admin_starts_the_refresh_and_merges_two_footprints_after_the_preview(journey, sign_in):
    world = make_next_cycle_world()
    world.admin.full_name = "Owen Price"
    world.admin.save(update_fields=["full_name"])
    page = journey.page

    # The refresh, carrying 2015-16's endorsed footprints forward.
    sign_in(world.admin)
    journey.open("/", heading="Hello, Owen")
    journey.follow("Start a new cycle, carrying footprints forward", heading=NEW_CYCLE)
    journey.fill("Name", "2016-17 refresh")
    expect(journey.field("Carry footprints forward from").locator("option:checked")).to_have_text(
        "2015-16"
    )
    for stage, (opens, due) in STAGES.items():
        fill_stage(journey, stage, opens, due)
    journey.submit("Continue", heading=CHECK_CYCLE)
    expect(page.locator("[data-carried] li")).to_have_text(
        ["Leeds, led by NHS Leeds North CCG", "Wakefield, led by NHS Wakefield CCG"]
    )
    assert not Cycle.objects.filter(name="2016-17 refresh").exists()
    journey.press("Start the cycle", heading="Footprints")
    expect(page.get_by_role("status").first).to_contain_text(
        "The 2016-17 refresh cycle has started. 2 footprints were carried forward as drafts"
    )

    # The merge: the refresh is picked, the two footprints ticked, the preview read.
    journey.open("/", heading="Hello, Owen")
    journey.follow("Merge footprints", heading=MERGE)
    journey.select("Cycle", "2016-17 refresh")
    journey.press("Show its footprints", heading=MERGE)
    journey.choose("Leeds (led by NHS Leeds North CCG, draft)")
    journey.choose("Wakefield (led by NHS Wakefield CCG, draft)")
    journey.select("Merge into", "Leeds (led by NHS Leeds North CCG, draft)")
    journey.fill("Reason", REASON)
    journey.press("Preview the merge", heading=CHECK_MERGE)
    members = page.locator("[data-merge-members] tbody tr")
    expect(members).to_have_text(
        [
            re.compile(r"NHS Leeds North CCG\s*Lead CCG\s*Leeds"),
            re.compile(r"Mid Yorkshire Hospitals NHS Trust\s*NHS provider\s*Leeds"),
            re.compile(r"NHS Wakefield CCG\s*Partner CCG\s*Wakefield"),
        ]
    )
    expect(page.locator("[data-emailed] li")).to_have_count(3)
    assert not FootprintMerge.objects.exists()
    journey.press("Merge the footprints and email 3 people", heading="Leeds")

    # The merged footprint says where it came from, with both predecessors' versions.
    expect(page.get_by_role("status").first).to_contain_text(
        "Leeds, Wakefield are now one footprint, Leeds. 3 people are being emailed."
    )
    lineage = page.locator("[data-lineage]")
    expect(lineage).to_contain_text(
        re.compile(r"Formed on \d+ \w+ \d{4} from Leeds and Wakefield\.")
    )
    expect(lineage).to_contain_text(f"Why: {REASON}")
    expect(lineage).to_contain_text("Carried forward from Leeds of the 2015-16 cycle.")
    versions = page.locator("[data-predecessor-versions] tbody tr")
    expect(versions).to_have_text(
        [
            # The nearest first: the cycle it was merged in, then the one before.
            re.compile(r"Wakefield\s*2016-17 refresh\s*No roadmap submitted"),
            re.compile(r"Leeds\s*2015-16\s*Version 1"),
            re.compile(r"Wakefield\s*2015-16\s*Version 1"),
        ]
    )
    refresh = Cycle.objects.get(name="2016-17 refresh")
    assert Footprint.objects.get(cycle=refresh, name="Wakefield").merged_into.name == "Leeds"

    # Its delivery history, as reported and re-based, says which it shows.
    journey.follow(
        "Delivery history with the footprints it was formed from, as reported or re-based",
        heading="Delivery history of Leeds",
    )
    expect(page.locator("[data-history-view]")).to_contain_text("as reported at the time")
    journey.follow("Re-based to today's footprint", heading="Delivery history of Leeds")
    expect(page.locator("[data-history-view]")).to_contain_text("re-based to today's footprint")

    # A predecessor's version opens from the lineage.
    journey.open(f"/footprints/{Footprint.objects.get(cycle=refresh, name='Leeds').pk}/",
                 heading="Leeds")  # fmt: skip
    wakefield_version = page.locator("[data-predecessor-versions] tbody tr").nth(2)
    journey.follow(
        wakefield_version.get_by_role("link", name=re.compile(r"^Version 1")),
        heading=VERSION_HEADING,
    )
