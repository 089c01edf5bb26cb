"""The review pages: NHS England's queue, assigning, the review page and its forms, releasing
the decision, and the footprint's page of released decisions."""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from roadmaps.enums import FocusArea, Rating, ReviewDecision, RoadmapState
from roadmaps.models import Review, Roadmap, RoadmapText
from roadmaps.selectors.review import review_queue
from roadmaps.services import review as services
from tests.factories import MembershipFactory, NHSEnglandFactory, RoadmapFactory, UserFactory
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.review_world import (
    INTERNAL_NOTE,
    london,
    make_review_world,
    ready_to_release,
    submit_directly,
)

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def rw(db):
    return make_review_world()


def page_of(response):
    return response.content.decode()


def error_summary(page):
    match = re.search(r'<div class="error-summary".*?</div>', page, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", match.group(0)).split() if match else []


def summary_text(page):
    return " ".join(error_summary(page))


def start_review(rw):
    return services.assign_reviewer(
        roadmap=rw.roadmap, reviewer=rw.north_reviewer, assigned_by=rw.north_reviewer
    )


def test_footprint_people_are_refused_the_queue_and_the_review_page(client, rw):
    client.force_login(rw.world.lead_editor)

    queue = client.get(reverse("review_queue"))
    review = client.get(reverse("review_roadmap", args=[rw.roadmap.pk]))
    posted = client.post(reverse("review_roadmap", args=[rw.roadmap.pk]), {"action": "note"})
    assign = client.post(
        reverse("assign_roadmap_reviewer", args=[rw.roadmap.pk]),
        {"reviewer": rw.world.lead_editor.pk},
    )

    assert [queue.status_code, review.status_code, posted.status_code, assign.status_code] == [
        403,
        403,
        403,
        403,
    ]
    assert Roadmap.objects.get().state == RoadmapState.SUBMITTED


def test_someone_outside_the_footprint_does_not_find_its_review_history(client, rw):
    client.force_login(rw.world.outsider)

    response = client.get(reverse("roadmap_review_history", args=[rw.roadmap.pk]))

    assert response.status_code == 404


def test_a_reviewer_of_another_region_is_refused_the_review_page(client, rw):
    client.force_login(rw.london_reviewer)

    response = client.get(reverse("review_roadmap", args=[rw.roadmap.pk]))

    assert response.status_code == 403


def test_the_queue_shows_a_regional_reviewer_their_regions_roadmaps_only(client, rw):
    elsewhere = RoadmapFactory(footprint__name="Camden", footprint__lead_ccg__region=london())
    submit_directly(elsewhere)
    client.force_login(rw.north_reviewer)

    regional = page_of(client.get(reverse("review_queue")))
    client.force_login(rw.national_reviewer)
    national = page_of(client.get(reverse("review_queue")))

    assert ">Leeds</a>" in regional and ">Camden</a>" not in regional
    assert ">Leeds</a>" in national and ">Camden</a>" in national


def rows_in(page):
    return re.findall(r'<th scope="row" class="fw-normal"><a href="[^"]+">([^<]+)</a>', page)


@time_machine.travel(datetime(2016, 6, 15, 12, 0, tzinfo=LONDON), tick=False)
def test_the_queue_filters_by_state_and_assignee_and_sorts_by_days_waiting(client, rw):
    now = timezone.now()
    Roadmap.objects.filter(pk=rw.roadmap.pk).update(submitted_at=now - timedelta(days=3))
    region = rw.world.lead.region
    for name, days in [("Bradford", 10), ("York", 0)]:
        roadmap = RoadmapFactory(footprint__name=name, footprint__lead_ccg__region=region)
        submit_directly(roadmap, at=now - timedelta(days=days))
    accepted = RoadmapFactory(footprint__name="Hull", footprint__lead_ccg__region=region)
    submit_directly(accepted, at=now - timedelta(days=40))
    Roadmap.objects.filter(pk=accepted.pk).update(state=RoadmapState.ACCEPTED)
    start_review(rw)
    client.force_login(rw.north_reviewer)
    url = reverse("review_queue")

    longest = page_of(client.get(url))
    shortest = page_of(client.get(url, {"sort": "shortest"}))
    mine = page_of(client.get(url, {"assigned": "me"}))
    nobody = page_of(client.get(url, {"assigned": "nobody", "state": "submitted"}))
    accepted_only = page_of(client.get(url, {"state": "accepted"}))

    assert rows_in(longest) == ["Bradford", "Leeds", "York", "Hull"]
    assert rows_in(shortest) == ["York", "Leeds", "Bradford", "Hull"]
    assert re.findall(r"<td class=\"text-end\" data-days-waiting>([^<]+)</td>", longest) == [
        "10",
        "3",
        "0",
        "–",
    ]
    assert rows_in(mine) == ["Leeds"]
    assert rows_in(nobody) == ["Bradford", "York"]
    assert rows_in(accepted_only) == ["Hull"]


def test_days_waiting_count_london_dates(rw):
    # 23:30 UTC on 31 May is 00:30 on 1 June in London (BST): submitted today, not yesterday.
    Roadmap.objects.filter(pk=rw.roadmap.pk).update(
        submitted_at=datetime(2016, 5, 31, 23, 30, tzinfo=UTC)
    )
    with time_machine.travel(datetime(2016, 6, 1, 12, 0, tzinfo=LONDON), tick=False):
        [row] = review_queue(rw.north_reviewer)

    assert (row.submitted_on.isoformat(), row.days_waiting) == ("2016-06-01", 0)


def test_the_queue_makes_the_same_number_of_queries_at_20_and_209_ccgs_roadmaps(client, db):
    reviewer = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user
    client.force_login(reviewer)
    other_region = london()

    def grow(total):
        for n in range(Roadmap.objects.count(), total):
            region = other_region if n % 2 else None
            extra = {"footprint__lead_ccg__region": region} if region else {}
            roadmap = RoadmapFactory(**extra)
            submit_directly(roadmap, at=timezone.now() - timedelta(days=n))
            if n % 3 == 0:
                Roadmap.objects.filter(pk=roadmap.pk).update(
                    state=RoadmapState.IN_REVIEW, assignee=reviewer
                )
            MembershipFactory(organisation=roadmap.footprint.lead_ccg.region,
                              role=Role.REVIEWER)  # fmt: skip

    # A roadmap per CCG, each led by its own CCG: 20, then all 209 of 2015-16.
    assert_queries_do_not_grow(client, reverse("review_queue"), grow=grow, sizes=(20, 209))
    assert len(rows_in(page_of(client.get(reverse("review_queue"))))) == 209


def test_a_reviewer_assigns_a_roadmap_to_themselves_from_the_queue(client, rw):
    client.force_login(rw.north_reviewer)
    queue = page_of(client.get(reverse("review_queue")))

    response = client.post(
        reverse("assign_roadmap_reviewer", args=[rw.roadmap.pk]), {"reviewer": rw.north_reviewer.pk}
    )

    assert "Assign to me" in queue
    assert response.status_code == 302
    assert response["Location"] == reverse("review_roadmap", args=[rw.roadmap.pk])
    roadmap = Roadmap.objects.get()
    assert (roadmap.state, roadmap.assignee) == (RoadmapState.IN_REVIEW, rw.north_reviewer)


def test_a_reviewer_assigns_a_colleague_but_not_a_reviewer_of_another_region(client, rw):
    client.force_login(rw.north_reviewer)
    url = reverse("assign_roadmap_reviewer", args=[rw.roadmap.pk])

    refused = client.post(url, {"reviewer": rw.london_reviewer.pk})
    assigned = client.post(url, {"reviewer": rw.north_colleague.pk})

    assert refused.status_code == 400
    message = "Choose an NHS England reviewer who reviews this roadmap&#x27;s region."
    assert page_of(refused).count(message) == 2  # by the field and in the error summary
    assert assigned.status_code == 302 and assigned["Location"] == reverse("review_queue")
    assert Roadmap.objects.get().assignee == rw.north_colleague


def test_the_review_page_shows_the_version_maturity_notes_label_and_rating_definitions(client, rw):
    start_review(rw)
    client.force_login(rw.north_reviewer)

    page = page_of(client.get(reverse("review_roadmap", args=[rw.roadmap.pk])))

    assert "Review the Leeds roadmap" in page
    assert "Version 1 as submitted" in page and "vision plan" in page
    assert "Maturity results" in page
    assert "NHS England only – never shown to the footprint." in page
    assert "Credible and complete: plans, owners and dates are clear; no action needed." in page
    assert 'id="comment-vision-id_text"' not in page and 'id="comment-vision-text"' in page
    assert "What changed since the version you reviewed" not in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_a_comment_without_words_is_shown_by_the_field_and_in_the_summary(client, rw):
    start_review(rw)
    client.force_login(rw.north_reviewer)
    url = reverse("review_roadmap", args=[rw.roadmap.pk])

    empty = client.post(url, {"action": "comment", "section": "vision", "text": " "})
    saved = client.post(url, {"action": "comment", "section": "vision", "text": "Who leads?"})
    unknown = client.post(url, {"action": "dance"})

    assert empty.status_code == 400
    assert summary_text(page_of(empty)) == "There is a problem Write your comment."
    assert 'href="#comment-vision-text"' in page_of(empty)
    assert page_of(empty).count("Write your comment.") == 2
    assert saved.status_code == 302
    assert list(Review.objects.get().comments.values_list("text", flat=True)) == ["Who leads?"]
    assert unknown.status_code == 400


def test_notes_ratings_and_the_draft_decision_are_saved_from_the_page(client, rw):
    start_review(rw)
    client.force_login(rw.north_reviewer)
    url = reverse("review_roadmap", args=[rw.roadmap.pk])

    note = client.post(url, {"action": "note", "text": INTERNAL_NOTE})
    bad_rating = client.post(url, {"action": "rate", "focus_area": "stp_alignment"})
    rating = client.post(url, {"action": "rate", "focus_area": "stp_alignment", "rating": "red"})
    draft = client.post(url, {"action": "draft", "decision": "accept", "message": "Well done"})

    assert [note.status_code, bad_rating.status_code, rating.status_code, draft.status_code] == [
        302,
        400,
        302,
        302,
    ]
    assert summary_text(page_of(bad_rating)) == "There is a problem Choose green, amber or red."
    review = Review.objects.get()
    assert list(review.internal_notes.values_list("text", flat=True)) == [INTERNAL_NOTE]
    assert list(review.ratings.values_list("focus_area", "rating")) == [("stp_alignment", "red")]
    assert (review.decision, review.message) == ("accept", "Well done")


def test_releasing_is_refused_on_the_page_until_every_area_is_rated(client, rw):
    review = start_review(rw)
    services.draft_decision(review=review, decision=ReviewDecision.ACCEPT, message="Fine",
                            drafted_by=rw.north_reviewer)  # fmt: skip
    client.force_login(rw.north_reviewer)

    response = client.post(reverse("release_review_decision", args=[rw.roadmap.pk]))

    assert response.status_code == 400
    assert summary_text(page_of(response)) == (
        "There is a problem Rate every focus area before you release the decision. Not rated "
        "yet: Alignment with the STP, Information sharing, Universal capability plans."
    )
    assert Roadmap.objects.get().state == RoadmapState.IN_REVIEW
    review_url = reverse("review_roadmap", args=[rw.roadmap.pk])
    forms = re.findall(r'<form\s+action="([^"]+)"', page_of(response))
    # A comment per section (12) and per benefit (1), a note, a rating, a decision.
    assert forms.count(review_url) == 16


def test_asking_for_changes_from_the_page_shows_the_footprint_its_decision_without_notes(
    client, rw
):
    review = start_review(rw)
    services.comment_on_section(review=review, section="risks", text="Add a cyber risk.",
                                author=rw.north_reviewer)  # fmt: skip
    services.add_internal_note(review=review, text=INTERNAL_NOTE, author=rw.north_reviewer)
    ready_to_release(review, rw.north_reviewer, decision=ReviewDecision.REQUEST_CHANGES,
                     message="Please add the risks we list.")  # fmt: skip
    client.force_login(rw.north_reviewer)

    released = client.post(reverse("release_review_decision", args=[rw.roadmap.pk]))
    client.force_login(rw.world.lead_editor)
    history = page_of(client.get(reverse("roadmap_review_history", args=[rw.roadmap.pk])))
    tasks = page_of(client.get(reverse("roadmap_tasks", args=[rw.roadmap.pk])))

    assert released.status_code == 302
    assert Roadmap.objects.get().state == RoadmapState.CHANGES_REQUESTED
    assert "Version 1: Ask for changes" in history
    assert "Please add the risks we list." in history and "Add a cyber risk." in history
    assert history.count(">Green</td>") == len(FocusArea.values)
    assert INTERNAL_NOTE not in history
    assert reverse("roadmap_review_history", args=[rw.roadmap.pk]) in tasks


def test_a_resubmitted_version_shows_the_reviewer_what_changed(client, rw):
    review = start_review(rw)
    ready_to_release(review, rw.north_reviewer, decision=ReviewDecision.REQUEST_CHANGES)
    services.release_decision(review=review, released_by=rw.north_reviewer)
    RoadmapText.objects.filter(roadmap=rw.roadmap, section="vision").update(
        text="Shared records for every resident by 2020"
    )
    submit_directly(rw.roadmap, by=rw.world.lead_editor)
    client.force_login(rw.north_reviewer)

    page = page_of(client.get(reverse("review_roadmap", args=[rw.roadmap.pk])))

    assert "What changed since the version you reviewed" in page
    assert "From version 1 (Ask for changes) to version 2: 1 section changed." in page
    assert "Shared records for every resident by 2020" in page
    assert "Start the review" in page


def test_the_home_page_offers_nhs_england_staff_the_review_queue(client, rw):
    client.force_login(rw.north_reviewer)
    staff = page_of(client.get(reverse("home")))
    client.force_login(UserFactory())
    someone = page_of(client.get(reverse("home")))

    assert f'href="{reverse("review_queue")}"' in staff
    assert f'href="{reverse("review_queue")}"' not in someone


def test_every_rating_choice_is_offered_with_its_definition(client, rw):
    start_review(rw)
    client.force_login(rw.national_reviewer)

    page = page_of(client.get(reverse("review_roadmap", args=[rw.roadmap.pk])))

    for rating in Rating:
        assert f'value="{rating.value}"' in page


def test_the_review_page_of_a_roadmap_never_submitted_says_so(client, rw):
    draft = RoadmapFactory(
        footprint__name="Selby", footprint__lead_ccg__region=rw.world.lead.region
    )
    client.force_login(rw.north_reviewer)

    response = client.get(reverse("review_roadmap", args=[draft.pk]))
    posted = client.post(reverse("release_review_decision", args=[draft.pk]))

    assert response.status_code == 200
    assert "This roadmap has not been submitted yet, so there is nothing to review." in page_of(
        response
    )
    assert posted.status_code == 400
    assert summary_text(page_of(posted)) == (
        "There is a problem Assign the roadmap to a reviewer before you review it."
    )


def test_the_review_history_makes_the_same_number_of_queries_at_1_and_6_decisions(client, rw):
    client.force_login(rw.world.lead_editor)

    def grow(total):
        while Review.objects.count() < total:
            version = submit_directly(rw.roadmap, by=rw.world.lead_editor)
            review = Review.objects.create(
                roadmap=rw.roadmap,
                version=version,
                reviewer=rw.north_reviewer,
                decision=ReviewDecision.REQUEST_CHANGES,
                message=f"Round {version.number}",
                released_at=timezone.now(),
                released_by=rw.north_reviewer,
            )
            review.comments.create(section="vision", text="Clearer", author=rw.north_reviewer)
            review.ratings.create(focus_area=FocusArea.STP_ALIGNMENT, rating=Rating.AMBER)

    url = reverse("roadmap_review_history", args=[rw.roadmap.pk])
    assert_queries_do_not_grow(client, url, grow=grow, sizes=(1, 6))
    assert "Round 6" in page_of(client.get(url))
