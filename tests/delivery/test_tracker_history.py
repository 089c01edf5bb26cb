"""A footprint's own delivery history (/roadmaps/<pk>/delivery/): each quarter's return with
both ratings (the assured one once released), the movement from the quarter before in words,
the strip, links to each return and submission, and the milestones that slipped. Its people
and NHS England see it; anyone else is told it does not exist."""

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import Role
from accounts.models import Organisation
from tests.delivery.tracker_data import JUNE_2017, make_tracker_world
from tests.factories import MembershipFactory
from tests.roadmaps.coverage_data import nhse_reviewer
from tests.roadmaps.page_text import html_texts, table_rows

HEADER = (
    "Reporting period Return Own rating Assured rating Own rating since the quarter before "
    "Assured rating since the quarter before Submissions Deadline (London time)"
)
SLIPPED = "Milestones later than in the accepted roadmap, as the latest 2016/17 Q4"


@pytest.fixture(autouse=True)
def in_june_2017():
    with time_machine.travel(JUNE_2017, tick=False):
        yield


@pytest.fixture
def world(db):
    return make_tracker_world()


def member_of(ods_code, role=Role.EDITOR):
    return MembershipFactory(organisation=Organisation.objects.get(ods_code=ods_code), role=role)


def history_page(client, roadmap):
    response = client.get(reverse("roadmap_delivery", args=[roadmap.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_lead_ccg_sees_each_quarter_with_both_ratings_and_the_movement(client, world):
    client.force_login(member_of("02V").user)

    html = history_page(client, world["leeds"])

    assert table_rows(html, "Progress returns of Leeds, oldest first") == [
        HEADER,
        "2016/17 Q1 Accepted – the 2016/17 Q1 return Green Amber/Green – – "
        "Submission 1 – 2016/17 Q1 (25 Jul 2016) 28 Jul 2016, 23:59",
        "2016/17 Q2 Accepted – the 2016/17 Q2 return Amber/Green Amber "
        "Worsened from Green to Amber/Green Worsened from Amber/Green to Amber "
        "Submission 1 – 2016/17 Q2 (25 Oct 2016) 28 Oct 2016, 23:59",
        "2016/17 Q3 Accepted – the 2016/17 Q3 return Amber Amber "
        "Worsened from Amber/Green to Amber Unchanged at Amber "
        "Submission 1 – 2016/17 Q3 (27 Jan 2017) 30 Jan 2017, 23:59",
        # The region has drafted Amber/Red for Q4 but not released it.
        "2016/17 Q4 Submitted – the 2016/17 Q4 return Amber No rating "
        "Unchanged at Amber Missing (was Amber) "
        "Submission 1 – 2016/17 Q4 (30 Apr 2017) 3 May 2017, 23:59",
    ]
    assert "assured Amber/Red" not in html


def test_each_return_and_submission_is_linked(client, world):
    client.force_login(member_of("02V").user)
    leeds = world["leeds"]
    returns = list(leeds.returns.order_by("period__period_end"))

    html = history_page(client, leeds)

    for progress_return in returns:
        assert f'href="{reverse("return_detail", args=[progress_return.pk])}"' in html
        assert f'href="{reverse("return_submission", args=[progress_return.pk, 1])}"' in html


def test_the_strip_says_each_quarter_in_letters_and_in_words(client, world):
    client.force_login(member_of("02V").user)

    texts = html_texts(history_page(client, world["leeds"]))

    # The letters to see (each rating's colour drawn beside them), the words to hear.
    start = texts.index("Quarter by quarter") + 2
    assert texts[start : start + 12] == [
        "2016/17 Q1:", "G · A/G", "2016/17 Q1: self Green, assured Amber/Green",
        "2016/17 Q2:", "A/G · A", "2016/17 Q2: self Amber/Green, assured Amber",
        "2016/17 Q3:", "A · A", "2016/17 Q3: self Amber, assured Amber",
        "2016/17 Q4:", "A · –", "2016/17 Q4: self Amber, assured No rating",
    ]  # fmt: skip


def test_milestones_that_slipped_are_listed_with_their_dates(client, world):
    client.force_login(member_of("02V").user)

    html = history_page(client, world["leeds"])

    assert table_rows(html, SLIPPED) == [
        "Milestone Accepted date Now Days later",
        "Shared record live 15 Mar 2017 30 Jun 2017 107",
    ]


def test_a_missed_return_and_a_late_join_are_said_in_words(client, world):
    client.force_login(nhse_reviewer())

    islington = table_rows(
        history_page(client, world["islington"]), "Progress returns of Islington"
    )
    camden = table_rows(history_page(client, world["camden"]), "Progress returns of Camden")

    assert islington[3].startswith(
        "2016/17 Q3 Draft – the 2016/17 Q3 return No rating No rating "
        "Missing (was Amber/Green) Missing (was Amber) Not submitted"
    )
    assert islington[4].startswith(
        "2016/17 Q4 Submitted – the 2016/17 Q4 return Amber No rating New at Amber No rating "
    )
    assert camden[1].startswith("2016/17 Q1 No return No rating No rating – – Not submitted")
    assert camden[3].startswith(
        "2016/17 Q3 Accepted – the 2016/17 Q3 return Amber Amber/Red New at Amber New at Amber/Red"
    )
    assert "No submitted return reports a milestone later than in the accepted roadmap." in (
        history_page(client, world["camden"])
    )


def test_a_partner_approver_sees_it_and_an_outsider_is_told_it_does_not_exist(client, world):
    client.force_login(member_of("07R", Role.APPROVER).user)

    assert client.get(reverse("roadmap_delivery", args=[world["camden"].pk])).status_code == 200
    assert client.get(reverse("roadmap_delivery", args=[world["leeds"].pk])).status_code == 404
    assert client.get(reverse("roadmap_delivery", args=[999_999])).status_code == 404


def test_signed_out_people_are_sent_to_sign_in(client, world):
    url = reverse("roadmap_delivery", args=[world["leeds"].pk])

    assert client.get(url)["Location"] == f"{reverse('sign_in')}?next={url}"
