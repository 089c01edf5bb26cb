"""The signed-in person's progress returns, and a return's own page: its task list of
sections, deadline, baseline, both ratings side by side, submissions and what to do next."""

from datetime import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import formats

from delivery.confidence import Confidence
from delivery.enums import AssuranceDecision, ReturnState
from delivery.models import ProgressReturn, ReportingPeriod, ReturnAssurance, ReturnSubmission
from delivery.services import assurance, submission
from roadmaps.enums import StageKind
from roadmaps.selectors.deadlines import LONDON, london_day
from roadmaps.services.cycles import end_of_day, start_of_day
from tests.delivery.return_page_helpers import (
    assure,
    open_first,
    section_url,
    submit,
    text,
    write_complete,
)
from tests.delivery.world import make_delivery_world
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.page_text import table_rows

pytestmark = pytest.mark.django_db

LIST_CAPTION = "Progress returns you can see, newest reporting period first"
RATINGS_CAPTION = "Delivery confidence: the footprint's own rating and NHS England's, side by side"
INTERNAL_NOTE = "The board privately doubts the funding"


def long_day(day):
    return formats.date_format(day, "j F Y")


@time_machine.travel(datetime(2016, 7, 4, 12, 0, tzinfo=LONDON), tick=False)
def test_the_list_shows_each_return_with_its_deadline_and_both_ratings(client):
    world = make_delivery_world()
    first = open_first(world)
    submit(world, first)
    assure(world, first, rating=Confidence.AMBER, comment="Funding unclear",
           internal_note=INTERNAL_NOTE)  # fmt: skip
    second = open_first(world, period=1)
    client.force_login(world.lead_editor)

    response = client.get(reverse("return_list"))

    html = response.content.decode()
    first_due = long_day(london_day(world.periods[0].due_at))
    second_due = london_day(world.periods[1].due_at)
    days = (second_due - datetime(2016, 7, 4).date()).days
    assert table_rows(html, LIST_CAPTION) == [
        "Footprint Reporting period State Deadline (London time) Footprint's rating "
        "NHS England's assured rating",
        f"Leeds , 2016/17 Q2 2016/17 Q2 Draft 23:59 on {long_day(second_due)} – "
        f"{days} days left Green Not given yet",
        f"Leeds , 2016/17 Q1 2016/17 Q1 Accepted 23:59 on {first_due} Green Amber",
    ]
    assert f'href="{reverse("return_detail", args=[second.pk])}"' in html
    assert INTERNAL_NOTE not in html
    assert "Funding unclear" not in html


@time_machine.travel(datetime(2016, 9, 1, 12, 0, tzinfo=LONDON), tick=False)
def test_the_list_says_how_many_days_a_return_is_overdue(client):
    world = make_delivery_world()
    open_first(world)
    client.force_login(world.lead_editor)

    html = client.get(reverse("return_list")).content.decode()

    days = (datetime(2016, 9, 1).date() - london_day(world.periods[0].due_at)).days
    assert f"{days} days overdue" in table_rows(html, LIST_CAPTION)[1]


def test_the_list_says_so_when_there_are_no_returns(client):
    world = make_delivery_world()
    open_first(world)
    client.force_login(world.outsider)

    response = client.get(reverse("return_list"))

    assert "There are no progress returns you can see yet." in text(response)
    assert table_rows(response.content.decode(), LIST_CAPTION) is None


def test_the_list_makes_the_same_queries_for_3_and_12_returns(client):
    world = make_delivery_world(count=1)
    cycle = world.roadmap.footprint.cycle
    period = world.periods[0]
    client.force_login(world.lead_editor)

    def grow(total):
        for n in range(ProgressReturn.objects.count(), total):
            later = ReportingPeriod.objects.create(
                cycle=cycle, kind=StageKind.PROGRESS, label=f"Extra {n}",
                period_end=period.period_end.replace(year=2017 + n),
                opens_at=start_of_day(period.period_end.replace(year=2017 + n)),
                due_at=end_of_day(period.period_end.replace(year=2017 + n, month=7, day=31)),
            )  # fmt: skip
            progress_return = ProgressReturn.objects.create(
                roadmap=world.roadmap, period=later, baseline=world.version,
                state=ReturnState.ACCEPTED, delivery_confidence=Confidence.AMBER,
            )  # fmt: skip
            frozen = ReturnSubmission.objects.create(
                progress_return=progress_return, number=1, snapshot={}, sha256="0" * 64,
                delivery_confidence=Confidence.AMBER, suggested_confidence=Confidence.GREEN,
            )  # fmt: skip
            ReturnAssurance.objects.create(
                submission=frozen, progress_return=progress_return, reviewer=world.reviewer,
                assured_confidence=Confidence.RED, released_at=frozen.submitted_at,
            )  # fmt: skip

    assert_queries_do_not_grow(client, reverse("return_list"), grow=grow, sizes=(3, 12))
    rows = table_rows(client.get(reverse("return_list")).content.decode(), LIST_CAPTION)
    assert len(rows) == 13
    assert rows[1].endswith("Amber Red")


def test_a_new_return_lists_its_sections_and_what_its_editor_does_next(client):
    world = make_delivery_world(benefits=True)
    progress_return = open_first(world)
    client.force_login(world.lead_editor)

    response = client.get(reverse("return_detail", args=[progress_return.pk]))

    page = text(response)
    assert "State: Draft" in page
    assert (
        "Milestones Complete Universal capabilities Complete Capability deployment this year "
        "Complete Risks Complete Benefits Not complete "
        "Benefits: give the actual for “Fewer duplicate pathology tests because results are "
        "shared” this period, or say there is no data yet "
        "Benefits: give the actual for “Fewer emergency readmissions because discharge "
        "summaries arrive electronically” this period, or say there is no data yet "
        "Narrative Not complete "
        "Narrative: say what progress was made this quarter "
        "Narrative: say what is planned for next quarter Delivery confidence Not complete "
        "Delivery confidence: choose your rating"
    ) in page
    html = response.content.decode()
    version_url = reverse("roadmap_version", args=[world.roadmap.pk, 1])
    assert f'<a href="{version_url}">Accepted roadmap, version 1</a>' in html
    check_url = reverse("return_check", args=[progress_return.pk])
    assert f'<a href="{check_url}">Check the return and ask for sign-off</a>' in html
    assert reverse("sign_off_return", args=[progress_return.pk]) not in html
    assert table_rows(html, RATINGS_CAPTION)[1:] == ["Not rated yet Not given yet"]
    assert "The return has not been submitted yet." in page


def test_a_lead_approver_is_offered_sign_off_once_it_is_asked_for(client):
    world = make_delivery_world()
    progress_return = write_complete(open_first(world), world.lead_editor)
    submission.request_return_sign_off(
        progress_return=progress_return, requested_by=world.lead_editor
    )
    client.force_login(world.lead_approver)

    html = client.get(reverse("return_detail", args=[progress_return.pk])).content.decode()

    sign_off_url = reverse("sign_off_return", args=[progress_return.pk])
    assert f'<a href="{sign_off_url}">Sign off and submit the return</a>' in html
    assert reverse("return_check", args=[progress_return.pk]) not in html


def test_more_information_shows_the_regions_comment_and_never_its_internal_note(client):
    world = make_delivery_world()
    progress_return = open_first(world)
    frozen = submit(world, progress_return)
    assure(world, progress_return, rating=Confidence.AMBER_RED,
           comment="Say how the supplier delay is being handled",
           internal_note=INTERNAL_NOTE,
           decision=AssuranceDecision.MORE_INFORMATION)  # fmt: skip
    client.force_login(world.lead_editor)

    response = client.get(reverse("return_detail", args=[progress_return.pk]))

    page = text(response)
    html = response.content.decode()
    assert progress_return.state == ReturnState.MORE_INFORMATION_REQUESTED
    assert (
        "NHS England asked for more information Say how the supplier delay is being handled"
    ) in page
    assert INTERNAL_NOTE not in html
    assert table_rows(html, RATINGS_CAPTION)[1:] == ["Green Amber/Red"]
    submission_url = reverse("return_submission", args=[progress_return.pk, 1])
    assert f'<a href="{submission_url}">Submission 1</a>' in html
    assert frozen.sha256 in page


def test_the_assured_rating_is_not_shown_before_the_region_releases_it(client):
    world = make_delivery_world()
    progress_return = open_first(world)
    submit(world, progress_return)
    assurance.draft_assurance(
        progress_return=progress_return, assured_confidence=Confidence.RED, comment="Draft",
        internal_note="", decision=AssuranceDecision.ACCEPT, drafted_by=world.reviewer,
    )  # fmt: skip
    client.force_login(world.lead_editor)

    detail = client.get(reverse("return_detail", args=[progress_return.pk])).content.decode()
    listing = client.get(reverse("return_list")).content.decode()

    assert table_rows(detail, RATINGS_CAPTION)[1:] == ["Green Not given yet"]
    assert table_rows(listing, LIST_CAPTION)[1].endswith("Green Not given yet")


def test_an_outsider_finds_no_return_page(client):
    world = make_delivery_world()
    progress_return = open_first(world)
    client.force_login(world.outsider)
    urls = [
        reverse("return_detail", args=[progress_return.pk]),
        section_url(progress_return, "milestones"),
        section_url(progress_return, "rating"),
        reverse("add_return_milestone", args=[progress_return.pk]),
        reverse("add_return_risk", args=[progress_return.pk]),
    ]

    assert [client.get(url).status_code for url in urls] == [404] * 5
    assert client.post(section_url(progress_return, "narrative"), {}).status_code == 404


def test_a_trust_viewer_reads_the_return_but_may_not_write_it(client):
    """A member of a provider in the footprint reads every page (read-only, saying why) and
    is answered 403 when they post."""
    world = make_delivery_world()
    progress_return = open_first(world)
    client.force_login(world.trust_viewer)

    detail = client.get(reverse("return_detail", args=[progress_return.pk]))
    section = client.get(section_url(progress_return, "narrative"))
    post = client.post(
        section_url(progress_return, "narrative"), {"version": 0, "progress": "Mine"}
    )
    add = client.get(reverse("add_return_risk", args=[progress_return.pk]))

    assert detail.status_code == 200
    assert "Nothing for now: you can read the return." in text(detail)
    assert section.status_code == 200
    assert "Only editors of the footprint's CCGs" in text(section)
    assert '<form method="post" novalidate data-autosave>' not in section.content.decode()
    assert (post.status_code, add.status_code) == (403, 403)
    progress_return.refresh_from_db()
    assert progress_return.progress == ""


def test_a_submitted_return_is_read_only_and_says_why(client):
    world = make_delivery_world()
    progress_return = open_first(world)
    submit(world, progress_return)
    client.force_login(world.lead_editor)

    response = client.get(section_url(progress_return, "milestones"))

    assert "The Leeds 2016/17 Q1 return is submitted, so it cannot be changed now." in text(
        response
    )
    assert "Shared record live" in text(response)
