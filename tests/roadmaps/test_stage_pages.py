"""The service's own stage page for NHS England admins: each stage of the current cycle with
its dates; moving its dates or opening it now shows, before anything changes, whose tasks
and deadlines it affects and who will be emailed; then ``change_stage_dates`` does it."""

import re
from datetime import date, datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from accounts.models import AuditEvent, OutboundEmail
from roadmaps.enums import RoadmapState, StageKind
from roadmaps.models import Stage
from roadmaps.selectors.deadlines import LONDON
from roadmaps.services.cycles import end_of_day, load_cycle, start_of_day
from roadmaps.services.extensions import grant_extension
from tests.factories import (
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RoadmapFactory,
    UserFactory,
)
from tests.roadmaps.coverage_data import make_footprint
from tests.roadmaps.section_pages import rows_of

STAGES = reverse("cycle_stages")
# 20 June 2016, noon in London: the roadmap stage of 2015-16 is open (due 30 June), the
# publication stage is not (1 to 31 January 2017).
TODAY = datetime(2016, 6, 20, 12, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def cycle(db):
    return load_cycle(name="2015-16").cycle


@pytest.fixture
def admin(db):
    return MembershipFactory(
        organisation=NHSEnglandFactory(), role=Role.ADMIN, user__full_name="Owen Price"
    ).user


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def stage(cycle, kind):
    return Stage.objects.get(cycle=cycle, kind=kind)


def stage_url(cycle, kind):
    return reverse("stage_dates", args=[stage(cycle, kind).pk])


def member(organisation, role, email, name):
    return MembershipFactory(
        organisation=organisation, role=role, user=UserFactory(email=email, full_name=name)
    ).user


def text_of(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def emailed_on(page):
    block = re.search(r"<ul[^>]*data-emailed[^>]*>(.*?)</ul>", page, flags=re.S)
    if block is None:
        return []
    return [text_of(item) for item in re.findall(r"<li>(.*?)</li>", block.group(1), flags=re.S)]


def dates(opens, due, **extra):
    return {
        "opens_on_day": str(opens.day),
        "opens_on_month": str(opens.month),
        "opens_on_year": str(opens.year),
        "due_on_day": str(due.day),
        "due_on_month": str(due.month),
        "due_on_year": str(due.year),
        **extra,
    }


@pytest.fixture
def roadmaps(cycle, admin):
    """Leeds and York write their roadmaps; York has until 15 July."""
    leeds_north = OrganisationFactory(name="NHS Leeds North CCG", kind=OrganisationKind.CCG)
    york_ccg = OrganisationFactory(name="NHS Vale of York CCG", kind=OrganisationKind.CCG)
    leeds = make_footprint(cycle, leeds_north, name="Leeds", state="endorsed")
    york = make_footprint(cycle, york_ccg, name="York", state="endorsed")
    RoadmapFactory(footprint=leeds)
    RoadmapFactory(footprint=york)
    member(leeds_north, Role.EDITOR, "priya.shah@leedsnorth.example.nhs.uk", "Priya Shah")
    member(york_ccg, Role.EDITOR, "yan.editor@york.example.nhs.uk", "Yan Editor")
    grant_extension(
        stage=stage(cycle, StageKind.ROADMAP),
        footprint=york,
        due_on=date(2016, 7, 15),
        reason="Board",
        granted_by=admin,
    )
    OutboundEmail.objects.all().delete()
    return {"leeds": leeds, "york": york}


# --- Who may use the pages --------------------------------------------------------------------


def test_only_nhs_england_admins_reach_the_stage_pages(client, cycle):
    reviewer = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user
    client.force_login(reviewer)
    url = stage_url(cycle, StageKind.ROADMAP)

    statuses = [
        client.get(STAGES).status_code,
        client.get(url).status_code,
        client.post(url, dates(date(2016, 2, 1), date(2016, 7, 31), confirm="yes")).status_code,
    ]

    assert statuses == [403, 403, 403]
    assert stage(cycle, StageKind.ROADMAP).due_at == end_of_day(date(2016, 6, 30))


# --- The list -------------------------------------------------------------------------------


def test_the_stage_page_lists_each_stage_of_the_current_cycle_with_its_dates(admin_client, cycle):
    page = admin_client.get(STAGES).content.decode()

    assert rows_of(page, "Stages of the 2015-16 cycle") == [
        "Stage Opens Due Now Change",
        "Footprint 4 September 2015 23:59 on 30 October 2015 Closed "
        "Change the dates of the Footprint stage",
        "Digital maturity self-assessment 2 November 2015 23:59 on 15 January 2016 Closed "
        "Change the dates of the Digital maturity self-assessment stage",
        "Roadmap 1 February 2016 23:59 on 30 June 2016 Open – 10 days left "
        "Change the dates of the Roadmap stage",
        "Publication 1 January 2017 23:59 on 31 January 2017 Not open yet "
        "Change the dates of the Publication stage Open the Publication stage now",
    ]
    assert f'href="{reverse("deadline_extensions")}"' in page


# --- Moving a stage's dates -----------------------------------------------------------------


def test_moving_the_due_date_shows_whose_deadlines_move_and_who_is_emailed_first(
    admin_client, cycle, roadmaps
):
    url = stage_url(cycle, StageKind.ROADMAP)

    response = admin_client.post(url, dates(date(2016, 2, 1), date(2016, 7, 31)))
    page = response.content.decode()

    assert response.status_code == 200
    assert text_of(re.search(r"<dl.*?</dl>", page, flags=re.S).group(0)) == (
        "Opens 1 February 2016, unchanged "
        "Due 23:59 on 31 July 2016 (London time), was 23:59 on 30 June 2016"
    )
    assert rows_of(page, "Outstanding tasks of the Roadmap stage") == [
        "Task Organisation People Deadline now Deadline after",
        "Submit the local digital roadmap for Leeds NHS Leeds North CCG Priya Shah "
        "30 June 2016 31 July 2016",
        "Submit the local digital roadmap for York NHS Vale of York CCG Yan Editor "
        "15 July 2016 31 July 2016",
    ]
    assert emailed_on(page) == [
        "Priya Shah (priya.shah@leedsnorth.example.nhs.uk)",
        "Yan Editor (yan.editor@york.example.nhs.uk)",
    ]
    assert "Move the dates and email 2 people" in page
    assert stage(cycle, StageKind.ROADMAP).due_at == end_of_day(date(2016, 6, 30))
    assert OutboundEmail.objects.count() == 0


def test_someone_whose_extension_outlasts_the_move_is_not_emailed(admin_client, cycle, roadmaps):
    url = stage_url(cycle, StageKind.ROADMAP)

    page = admin_client.post(url, dates(date(2016, 2, 1), date(2016, 7, 8))).content.decode()

    assert emailed_on(page) == ["Priya Shah (priya.shah@leedsnorth.example.nhs.uk)"]
    assert rows_of(page, "Outstanding tasks of the Roadmap stage")[2] == (
        "Submit the local digital roadmap for York NHS Vale of York CCG Yan Editor "
        "15 July 2016 15 July 2016 (unchanged)"
    )


def test_confirming_moves_the_dates_through_the_service_and_emails_those_people(
    admin_client, cycle, roadmaps
):
    url = stage_url(cycle, StageKind.ROADMAP)

    response = admin_client.post(
        url, dates(date(2016, 2, 1), date(2016, 7, 31), confirm="yes"), follow=True
    )

    moved = stage(cycle, StageKind.ROADMAP)
    assert response.redirect_chain == [(f"{STAGES}?cycle={cycle.pk}", 302)]
    assert (moved.opens_at, moved.due_at) == (
        start_of_day(date(2016, 2, 1)),
        end_of_day(date(2016, 7, 31)),
    )
    assert sorted(OutboundEmail.objects.values_list("template", "to")) == [
        ("deadline_moved", "priya.shah@leedsnorth.example.nhs.uk"),
        ("deadline_moved", "yan.editor@york.example.nhs.uk"),
    ]
    assert AuditEvent.objects.filter(verb="stage.dates_changed").count() == 1
    assert (
        "The Roadmap stage now opens on 1 February 2016 and is due by 23:59 on 31 July 2016 "
        "(London time). 2 people are being emailed." in text_of(response.content.decode())
    )


# --- Opening a stage now --------------------------------------------------------------------


def test_opening_the_publication_stage_now_shows_what_can_then_be_published(
    admin_client, cycle, admin
):
    salford = make_footprint(
        cycle, OrganisationFactory(name="NHS Salford CCG"), name="Salford", state="endorsed"
    )
    RoadmapFactory(footprint=salford, state=RoadmapState.ACCEPTED)
    url = stage_url(cycle, StageKind.PUBLICATION)

    check = admin_client.post(url, {"open_now": "yes"}).content.decode()
    response = admin_client.post(
        url, dates(date(2016, 6, 20), date(2017, 1, 31), confirm="yes"), follow=True
    )

    assert text_of(re.search(r"<dl.*?</dl>", check, flags=re.S).group(0)) == (
        "Opens 20 June 2016, was 1 January 2017 "
        "Due 23:59 on 31 January 2017 (London time), unchanged"
    )
    assert "Accepted roadmaps that can be published once it opens: Salford." in text_of(check)
    assert "Nobody will be emailed: no one's deadline moves." in text_of(check)
    assert "Open the stage now" in check
    published = stage(cycle, StageKind.PUBLICATION)
    assert (published.opens_at, published.due_at) == (
        start_of_day(date(2016, 6, 20)),
        end_of_day(date(2017, 1, 31)),
    )
    assert response.redirect_chain == [(f"{STAGES}?cycle={cycle.pk}", 302)]
    assert OutboundEmail.objects.count() == 0


def test_opening_a_stage_lists_the_tasks_it_starts(admin_client, cycle, roadmaps):
    roadmap_stage = stage(cycle, StageKind.ROADMAP)
    roadmap_stage.opens_at = start_of_day(date(2016, 7, 1))
    roadmap_stage.due_at = end_of_day(date(2016, 9, 30))
    roadmap_stage.save()

    page = admin_client.post(
        stage_url(cycle, StageKind.ROADMAP), {"open_now": "yes"}
    ).content.decode()

    assert "Opening it now puts these tasks on people's home pages and in their reminders." in (
        text_of(page)
    )
    assert [
        row.split(" NHS ")[0] for row in rows_of(page, "Outstanding tasks of the Roadmap stage")[1:]
    ] == [
        "Submit the local digital roadmap for Leeds",
        "Submit the local digital roadmap for York",
    ]


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            dates(date(2016, 2, 1), date(2016, 1, 31)),
            "due_on",
            "The due date must be after the date the stage opens.",
        ),
        (
            {**dates(date(2016, 2, 1), date(2016, 6, 30)), "opens_on_month": ""},
            "opens_on",
            "The opening date must include a month",
        ),
        (
            {**dates(date(2016, 2, 1), date(2016, 6, 30)), "due_on_day": "31"},
            "due_on",
            "The due date must be a real date",
        ),
        (
            dates(date(2016, 2, 1), date(2016, 6, 30)),
            "opens_on",
            "These are the stage's dates already: change one of them.",
        ),
    ],
)
def test_bad_dates_are_named_by_their_field_and_keep_what_was_typed(
    admin_client, cycle, data, field, message
):
    response = admin_client.post(stage_url(cycle, StageKind.ROADMAP), {**data, "confirm": "yes"})
    page = response.content.decode()

    assert response.status_code == 400
    summary = re.search(r'<div class="error-summary".*?</ul>', page, flags=re.S).group(0)
    found = re.findall(r'<li><a href="(#[^"]+)">([^<]+)</a></li>', summary)
    assert [(anchor, unescape(text)) for anchor, text in found] == [(f"#id_{field}", message)]
    assert unescape(page).count(message) == 2
    for name, value in data.items():
        if value:
            assert re.search(rf'name="{name}" value="{value}"', page), name
    assert stage(cycle, StageKind.ROADMAP).due_at == end_of_day(date(2016, 6, 30))
