"""The admins' pages: start a new cycle (form, check page, start) and merge footprints (form,
preview, merge), with the footprint page's lineage and the history pages they lead to."""

import re
from html import unescape

import pytest
from django.urls import reverse

from accounts.models import OutboundEmail
from roadmaps.enums import FootprintState
from roadmaps.models import Cycle, Footprint, FootprintMerge
from tests.factories import FootprintFactory, QuestionSetFactory
from tests.roadmaps.next_cycle_world import make_next_cycle_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_next_cycle_world()


def text_of(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def error_summary(page):
    block = re.search(r'<div class="error-summary".*?</ul>', page, flags=re.S)
    if block is None:
        return []
    return [unescape(text) for text in re.findall(r'<li><a href="#[^"]+">([^<]+)</a>', block[0])]


def cycle_data(world, **changes):
    data = {"name": "2016-17 refresh", "question_set": "2017",
            "carry_forward_from": world.cycle.pk}  # fmt: skip
    days = {
        "footprint": ("1", "9", "2016", "31", "10", "2016"),
        "maturity": ("1", "11", "2016", "31", "1", "2017"),
        "roadmap": ("1", "2", "2017", "31", "3", "2017"),
        "publication": ("1", "4", "2017", "30", "4", "2017"),
    }
    for kind, (od, om, oy, dd, dm, dy) in days.items():
        for which, (day, month, year) in (("opens", (od, om, oy)), ("due", (dd, dm, dy))):
            data |= {
                f"{kind}_{which}_day": day,
                f"{kind}_{which}_month": month,
                f"{kind}_{which}_year": year,
            }
    return data | changes


@pytest.fixture
def question_set_2017(db):
    return QuestionSetFactory(code="2017", title="Digital maturity self-assessment 2017",
                              published_at="2016-08-01T00:00:00Z")  # fmt: skip


def test_the_check_page_lists_the_footprints_carried_forward_and_starting_makes_them(
    client, world, question_set_2017
):
    client.force_login(world.admin)

    check = client.post(reverse("new_cycle"), cycle_data(world))

    page = text_of(check.content.decode())
    assert "Check the new cycle before you start it" in page
    assert "2 endorsed footprints of the 2015-16 cycle become drafts" in page
    assert "Leeds, led by NHS Leeds North CCG" in page and "Bradford" not in page
    assert not Cycle.objects.filter(name="2016-17 refresh").exists()

    done = client.post(reverse("new_cycle"), cycle_data(world, confirm="yes"), follow=True)

    assert "The 2016-17 refresh cycle has started. 2 footprints were carried forward" in text_of(
        done.content.decode()
    )
    cycle = Cycle.objects.get(name="2016-17 refresh")
    assert sorted(cycle.footprints.values_list("name", "state")) == [
        ("Leeds", "draft"), ("Wakefield", "draft")
    ]  # fmt: skip
    leeds = cycle.footprints.get(name="Leeds")
    page = text_of(client.get(reverse("footprint_detail", args=[leeds.pk])).content.decode())
    assert "Carried forward from Leeds of the 2015-16 cycle." in page


def test_a_cycle_form_with_mistakes_comes_back_naming_each_field(client, world, question_set_2017):
    client.force_login(world.admin)
    typed = "x" * 41

    response = client.post(
        reverse("new_cycle"),
        cycle_data(world, name=typed, question_set="1999", roadmap_due_day="31",
                   roadmap_due_month="1", roadmap_due_year="2017"),
    )  # fmt: skip

    assert response.status_code == 400
    assert error_summary(response.content.decode()) == [
        "Name must be 40 characters or fewer",
        "Choose the question set its providers answer.",
        "The roadmap deadline must be after the day it opens.",
    ]
    assert typed in response.content.decode()


def test_a_cycle_may_answer_the_newest_question_set(client, world, question_set_2017):
    client.force_login(world.admin)

    client.post(reverse("new_cycle"), cycle_data(world, question_set="", confirm="yes"))

    assert Cycle.objects.get(name="2016-17 refresh").question_set_code == ""


def merge_data(world, **changes):
    return {
        "cycle": world.cycle.pk,
        "footprints": [world.leeds.pk, world.wakefield.pk],
        "into": world.leeds.pk,
        "reason": "Aligned to the West Yorkshire STP",
    } | changes


def test_the_merge_preview_shows_what_carries_over_and_the_merge_keeps_it(client, world):
    client.force_login(world.admin)

    preview = client.post(reverse("merge_footprints"), merge_data(world))

    page = text_of(preview.content.decode())
    assert "Check the merge before you confirm it" in page
    assert "NHS Wakefield CCG Partner CCG Wakefield" in page
    assert (
        "Wakefield's roadmap (accepted, 1 version) is kept, read-only, as history of the merged "
        "footprint." in page
    )
    assert "editor@wakefield.example.nhs.uk" in page
    assert not FootprintMerge.objects.exists()

    done = client.post(reverse("merge_footprints"), merge_data(world, confirm="yes"), follow=True)

    page = text_of(done.content.decode())
    assert "Leeds, Wakefield are now one footprint, Leeds. 3 people are being emailed." in page
    assert "Where this footprint came from" in page
    assert re.search(r"Formed on \d+ \w+ \d{4} from Leeds and Wakefield\.", page)
    assert "Wakefield 2015-16 Version 1" in page
    assert OutboundEmail.objects.filter(template="footprints_merged").count() == 3
    wakefield_page = text_of(
        client.get(reverse("footprint_detail", args=[world.wakefield.pk])).content.decode()
    )
    assert "Merged into Leeds on" in wakefield_page
    assert "Why: Aligned to the West Yorkshire STP" in wakefield_page
    assert "Left on" in wakefield_page


def test_a_merge_that_cannot_be_done_says_why_and_changes_nothing(client, world):
    Footprint.objects.filter(pk=world.wakefield.pk).update(state=FootprintState.SUBMITTED)
    client.force_login(world.admin)

    preview = client.post(reverse("merge_footprints"), merge_data(world, confirm="yes"))

    assert preview.status_code in (400, 409)
    page = text_of(preview.content.decode())
    assert not FootprintMerge.objects.exists()
    assert "Choose footprints from the list." in page or "waiting for NHS England" in page


def test_a_merge_form_with_nothing_chosen_names_each_field(client, world):
    client.force_login(world.admin)

    response = client.post(reverse("merge_footprints"), {"cycle": world.cycle.pk, "reason": ""})

    assert response.status_code == 400
    assert error_summary(response.content.decode()) == [
        "Choose at least two footprints to merge.",
        "Enter the new footprint's name, or choose a footprint to merge into.",
        "Choose the CCG that will lead the new footprint.",
        "Say why the footprints are being merged.",
    ]


@pytest.mark.parametrize("page", ["new_cycle", "merge_footprints"])
def test_only_nhs_england_admins_reach_the_cycle_pages(client, world, page):
    for person in (world.reviewer, world.leeds_editor):
        client.force_login(person)
        assert client.get(reverse(page)).status_code == 403


def test_an_organisation_moves_after_the_preview_and_its_old_place_stays_as_history(client, world):
    calderdale = FootprintFactory(
        cycle=world.cycle, name="Calderdale", state=FootprintState.ENDORSED
    )
    trust_in_wakefield = world.wakefield.members.get(organisation=world.trust)
    client.force_login(world.admin)
    data = {
        "cycle": world.cycle.pk,
        "member": trust_in_wakefield.pk,
        "to_footprint": calderdale.pk,
        "reason": "Its services moved to Calderdale",
    }

    preview = text_of(client.post(reverse("move_footprint_member"), data).content.decode())

    assert "Check the move before you confirm it" in preview
    assert "Wakefield, where it is nhs provider: its place there is kept as history" in preview
    assert "editor@midyorks.example.nhs.uk" in preview
    done = client.post(reverse("move_footprint_member"), data | {"confirm": "yes"}, follow=True)
    assert "Mid Yorkshire Hospitals NHS Trust has moved from Wakefield to Calderdale." in text_of(
        done.content.decode()
    )
    trust_in_wakefield.refresh_from_db()
    assert trust_in_wakefield.left_at is not None
    assert calderdale.members.filter(organisation=world.trust, left_at=None).exists()
    assert OutboundEmail.objects.filter(template="footprint_member_moved").exists()


def test_a_lead_ccg_cannot_move_and_the_page_says_why(client, world):
    lead = world.wakefield.members.get(role="lead_ccg")
    client.force_login(world.admin)

    response = client.post(reverse("move_footprint_member"), {
        "cycle": world.cycle.pk, "member": lead.pk, "to_footprint": world.leeds.pk,
        "reason": "STP", "confirm": "yes"})  # fmt: skip

    assert response.status_code == 400
    assert "Choose the organisation to move from the list." in text_of(response.content.decode())
    lead.refresh_from_db()
    assert lead.left_at is None
