"""Opening the publication stage in the browser: an NHS England admin finds the stage dates
from their home page, opens the publication stage now after a check page saying which
accepted roadmap it lets them publish and that nobody is emailed, then publishes it."""

from datetime import timedelta

from django.utils import formats, timezone
from playwright.sync_api import expect

from accounts.enums import Role
from roadmaps.enums import FootprintState, RoadmapState, StageKind
from roadmaps.models import Roadmap, Stage
from roadmaps.selectors.deadlines import LONDON
from roadmaps.services.cycles import end_of_day, start_of_day
from tests.factories import CycleFactory, FootprintFactory, MembershipFactory, NHSEnglandFactory
from tests.roadmaps.review_world import submit_directly

STAGES = "Stage dates"
CHECK = "Check the new dates of the Publication stage"
PUBLICATION = "Publish roadmaps and results"


def arrange():
    """A cycle whose publication stage opens in three weeks, the accepted Leeds roadmap, and
    an NHS England admin."""
    today = timezone.localdate(timezone=LONDON)
    cycle = CycleFactory()
    Stage.objects.filter(cycle=cycle, kind=StageKind.PUBLICATION).update(
        opens_at=start_of_day(today + timedelta(days=21)),
        due_at=end_of_day(today + timedelta(days=51)),
    )
    footprint = FootprintFactory(name="Leeds", cycle=cycle, lead_ccg__name="NHS Leeds North CCG")
    footprint.state = FootprintState.ENDORSED
    footprint.save(update_fields=["state"])
    roadmap = Roadmap.objects.create(footprint=footprint)
    submit_directly(roadmap)
    Roadmap.objects.filter(pk=roadmap.pk).update(state=RoadmapState.ACCEPTED)
    admin = MembershipFactory(
        organisation=NHSEnglandFactory(), role=Role.ADMIN, user__full_name="Owen Price"
    ).user
    return cycle, roadmap, admin, today


def long_date(day):
    return formats.date_format(day, "j F Y")


def test_an_admin_opens_the_publication_stage_now_and_publishes_a_roadmap(journey, sign_in):
    cycle, roadmap, admin, today = arrange()
    page = journey.page
    due_on = today + timedelta(days=51)

    sign_in(admin)
    journey.open("/", heading="Hello, Owen")
    journey.follow("Move or open a stage", heading=STAGES)
    stages = page.get_by_role("table", name=f"Stages of the {cycle.name} cycle")
    publication = stages.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Publication", exact=True)
    )
    expect(publication.get_by_role("cell").nth(2)).to_have_text("Not open yet")

    # The check page says what opening it does before anything changes.
    journey.press("Open the Publication stage now", heading=CHECK)
    expect(page.get_by_text("Accepted roadmaps that can be published once it opens")).to_have_text(
        "Accepted roadmaps that can be published once it opens: Leeds."
    )
    expect(page.get_by_text("Nobody will be emailed: no one's deadline moves.")).to_be_visible()
    assert Stage.objects.get(cycle=cycle, kind=StageKind.PUBLICATION).opens_at > timezone.now()
    journey.press("Open the stage now", heading=STAGES)
    expect(page.get_by_role("status").first).to_have_text(
        f"The Publication stage now opens on {long_date(today)} and is due by 23:59 on "
        f"{long_date(due_on)} (London time). Nobody is being emailed: no one's deadline moved."
    )
    expect(publication.get_by_role("cell").nth(2)).to_have_text("Open – 51 days left")

    # Publishing is open: the admin publishes the accepted roadmap.
    journey.follow("Your home", heading="Hello, Owen")
    journey.follow(PUBLICATION, heading=PUBLICATION)
    expect(page.get_by_text("The publication stage opened on")).to_be_visible()
    journey.press("Publish the Leeds roadmap", heading=PUBLICATION)
    expect(page.get_by_role("status").first).to_contain_text("The Leeds roadmap is published.")
    roadmap.refresh_from_db()
    assert roadmap.state == RoadmapState.PUBLISHED
