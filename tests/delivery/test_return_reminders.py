"""Progress returns in the reminders: the daily digest, the home page's tasks and the people
told of a moved period all read the returns not yet submitted, through the collector
delivery registers with the reminders' planner."""

import re
from datetime import datetime, timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from accounts.models import OutboundEmail
from delivery.services import returns, submission
from roadmaps.selectors.deadlines import LONDON, london_day
from roadmaps.selectors.reminders import outstanding_by_person
from roadmaps.services.extensions import grant_extension
from roadmaps.services.reminders import plan_reminders, send_reminders_now
from tests.delivery.assured import nhse_admin, written
from tests.delivery.world import make_delivery_world

pytestmark = pytest.mark.django_db(transaction=True)

# 1 July 2016: 2016/17 Q1 (to 30 June) has opened; its returns are due on 28 July.
OPENED = datetime(2016, 7, 1, 9, tzinfo=LONDON)
Q1_TITLE = "Submit the progress return for Leeds, 2016/17 Q1"


@pytest.fixture
def world():
    with time_machine.travel(OPENED, tick=False):
        world = make_delivery_world()
        returns.open_returns(now=OPENED)
    return world


def noon(day):
    return datetime(day.year, day.month, day.day, 12, tzinfo=LONDON)


def tasks_on_home(client, user):
    """Each task of the home page's task list: its text, tags stripped, and its link."""
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    items = re.findall(r"<li[^>]*data-task[^>]*>(.*?)</li>", html, flags=re.S)
    return [
        (
            " ".join(unescape(re.sub(r"<[^>]+>", " ", item)).split()),
            re.search(r'<a [^>]*href="([^"]+)"', item).group(1),
        )
        for item in items
    ]


def digests_to(email):
    return list(OutboundEmail.objects.filter(template="reminder_digest", to=email))


def test_the_quarters_returns_are_due_twenty_working_days_after_it_ends(world):
    assert london_day(world.periods[0].due_at).isoformat() == "2016-07-28"


def test_a_return_due_in_a_week_is_in_one_digest_and_never_twice(world):
    q1 = world.periods[0]
    progress_return = q1.returns.get()
    with time_machine.travel(noon(london_day(q1.due_at) - timedelta(days=7)), tick=False):
        first = plan_reminders()
        again = plan_reminders()

    digests = digests_to(world.lead_editor.email)
    assert (first.queued, again.queued) == (1, 0)
    assert len(digests) == 1
    tasks = digests[0].context["tasks"]
    assert [(task["title"], task["due_date"], task["days_left"]) for task in tasks] == [
        (Q1_TITLE, "28 July 2016", "7 days left")
    ]
    assert tasks[0]["link"].endswith(reverse("return_detail", args=[progress_return.pk]))
    # The approver has nothing to sign off yet.
    assert digests_to(world.lead_approver.email) == []


def test_a_return_is_not_reminded_on_a_day_that_is_not_a_reminder_day(world):
    q1 = world.periods[0]
    with time_machine.travel(noon(london_day(q1.due_at) - timedelta(days=5)), tick=False):
        assert plan_reminders().queued == 0


def test_the_lead_editor_sees_the_return_to_submit_on_their_home_page(client, world):
    progress_return = world.periods[0].returns.get()
    with time_machine.travel(noon(london_day(world.periods[0].due_at) - timedelta(days=3))):
        tasks = tasks_on_home(client, world.lead_editor)

    assert tasks == [
        (
            f"{Q1_TITLE} NHS Leeds CCG Due by 23:59 on 28 July 2016 (London time) 3 days left",
            reverse("return_detail", args=[progress_return.pk]),
        )
    ]


def test_an_extension_moves_the_due_date_the_home_page_shows(client, world):
    q1 = world.periods[0]
    with time_machine.travel(noon(london_day(q1.due_at) - timedelta(days=3)), tick=False):
        grant_extension(
            stage=q1, due_on=london_day(q1.due_at) + timedelta(days=14),
            reason="Their board meets in August", granted_by=nhse_admin(),
            footprint=world.roadmap.footprint,
        )  # fmt: skip
        tasks = tasks_on_home(client, world.lead_editor)

    assert [text for text, _link in tasks] == [
        f"{Q1_TITLE} NHS Leeds CCG Due by 23:59 on 11 August 2016 (London time) 17 days left"
    ]


def test_a_return_waiting_for_sign_off_is_the_approvers_task_and_a_submitted_one_nobodys(
    client, world
):
    q1 = world.periods[0]
    with time_machine.travel(noon(london_day(q1.due_at) - timedelta(days=3))):
        progress_return = written(world, q1)
        submission.request_return_sign_off(
            progress_return=progress_return, requested_by=world.lead_editor
        )
        editor_tasks = tasks_on_home(client, world.lead_editor)
        approver_tasks = tasks_on_home(client, world.lead_approver)
        submission.submit_return(progress_return=progress_return,
                                 submitted_by=world.lead_approver)  # fmt: skip
        after = outstanding_by_person()

    assert editor_tasks == []
    assert approver_tasks == [
        (
            "Sign off the progress return for Leeds, 2016/17 Q1 NHS Leeds CCG "
            "Due by 23:59 on 28 July 2016 (London time) 3 days left",
            reverse("sign_off_return", args=[progress_return.pk]),
        )
    ]
    assert after == {}


def test_an_overdue_return_is_reminded_a_week_late(world):
    q1 = world.periods[0]
    with time_machine.travel(noon(london_day(q1.due_at) + timedelta(days=7)), tick=False):
        assert plan_reminders().queued == 1

    [digest] = digests_to(world.lead_editor.email)
    assert digest.context["overdue"] is True
    assert [task["days_left"] for task in digest.context["tasks"]] == ["7 days overdue"]


def test_an_accepted_roadmap_with_no_return_yet_is_nobodys_task(db):
    with time_machine.travel(OPENED, tick=False):
        make_delivery_world()
        assert outstanding_by_person() == {}


def test_sending_reminders_now_for_progress_returns_emails_the_lead_editor(world):
    with time_machine.travel(OPENED + timedelta(days=1), tick=False):
        run = send_reminders_now(
            organisation_ids=[world.lead.pk], sent_by=nhse_admin(), stage_kinds=["progress"]
        )

    assert run.queued == 1
    assert [task["title"] for task in digests_to(world.lead_editor.email)[0].context["tasks"]] == [
        Q1_TITLE
    ]


def test_moving_a_periods_due_date_shows_and_emails_only_the_people_of_its_returns(client, world):
    q1, q2 = world.periods[:2]
    admin = nhse_admin()
    client.force_login(admin)
    # A Q2 return too, which moving Q1 must leave alone.
    with time_machine.travel(q2.opens_at + timedelta(hours=12), tick=False):
        returns.open_returns()
    moved = {"due_on_day": "4", "due_on_month": "8", "due_on_year": "2016",
             "opens_on_day": "1", "opens_on_month": "7", "opens_on_year": "2016"}  # fmt: skip

    with time_machine.travel(noon(london_day(q1.due_at) - timedelta(days=10)), tick=False):
        check = client.post(reverse("stage_dates", args=[q1.pk]), moved).content.decode()
        client.post(reverse("stage_dates", args=[q1.pk]), {**moved, "confirm": "yes"})

    rows = re.findall(r"<tr>\s*<th scope=\"row\"[^>]*>(.*?)</th>", check, flags=re.S)
    assert "Check the new dates of the 2016/17 Q1 progress return stage" in unescape(check)
    assert rows == [Q1_TITLE]
    [email] = OutboundEmail.objects.filter(template="deadline_moved")
    assert email.to == world.lead_editor.email
    assert email.subject == (
        "Note the new date, 4 August 2016: NHS England has moved the 2016/17 Q1 progress "
        "return deadline"
    )
