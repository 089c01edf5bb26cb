"""The assurance page: a submitted return beside last quarter's, drafting and releasing the
region's assured rating, comment and decision, and who may read or act on it."""

import re
from datetime import date

import pytest
from django.urls import reverse

from accounts.enums import Role
from accounts.models import OutboundEmail
from delivery.confidence import DEFINITIONS, SOURCE, Confidence
from delivery.enums import DeploymentStatus, MilestoneStatus, ReturnState
from delivery.models import ProgressReturn, ReturnAssurance
from tests.delivery.assurance_world import assure, write_and_submit
from tests.delivery.world import make_delivery_world
from tests.factories import MembershipFactory, NHSEnglandFactory
from tests.form_pages import error_summary, field_attributes, field_value
from tests.roadmaps.page_text import html_texts, table_rows

INTERNAL = "The board privately doubts the supplier"
MILESTONES = "Milestones: the compared submission beside this one"
CAPABILITIES = "Universal capabilities, to be in place by 31 March 2018"
RATINGS = "Both ratings, side by side"


@pytest.fixture
def world(db):
    return make_delivery_world()


def url(progress_return):
    return reverse("assure_return", args=[progress_return.pk])


def page_of(client, user, progress_return):
    client.force_login(user)
    response = client.get(url(progress_return))
    assert response.status_code == 200
    return response.content.decode()


def text_of(page):
    return " ".join(html_texts(page))


def two_quarters(world):
    """Q1 slipped 61 days and was accepted as Amber/Green; Q2 slipped 123 days, a capability
    is now forecast after 31 March 2018, the records deployment is behind and the risk
    re-rated."""
    first = write_and_submit(world, world.periods[0], rating=Confidence.AMBER_GREEN,
                             milestone={"status": MilestoneStatus.ON_TRACK,
                                        "forecast_on": date(2017, 11, 30)})  # fmt: skip
    assure(first, world.reviewer, rating=Confidence.AMBER_GREEN)
    second = write_and_submit(
        world, world.periods[1], rating=Confidence.AMBER,
        milestone={"status": MilestoneStatus.LATE, "forecast_on": date(2018, 1, 31)},
        capabilities={"C": {"forecast_by": date(2018, 6, 30)}},
        deployments={"records": {"status": DeploymentStatus.BEHIND}},
        risks={"Suppliers late": {"likelihood": 5}},
        new_risks=[{"description": "Clinicians not trained", "likelihood": 2, "impact": 3}],
    )  # fmt: skip
    return first, second


def test_the_page_shows_last_quarter_beside_this_one_with_the_slippage_in_words(client, world):
    first, second = two_quarters(world)

    page = page_of(client, world.reviewer, second)

    assert table_rows(page, MILESTONES)[1:] == [
        "Shared record live 30 September 2017 On track, 30 November 2017 Late, 31 January 2018 "
        "Major slip: 123 days later than accepted, more than 90 days 62 days later"
    ]
    assert '<tr class="table-danger">' in page
    text = text_of(page)
    assert "Last quarter: the 2016/17 Q1 return, submission 1 of" in text
    capability_c = [row for row in table_rows(page, CAPABILITIES) if row.startswith("C. ")]
    assert capability_c[0].endswith(
        "31 December 2017 Not started, 31 December 2017 "
        "Not started, 30 June 2018 Forecast after 31 March 2018 181 days later"
    )
    assert table_rows(page, "Capability groups whose deployment status changed")[1:] == [
        "Records, assessments and plans On plan Behind plan"
    ]
    assert "Added Clinicians not trained (likelihood 2, impact 3)" in text
    assert "Re-rated Suppliers late: likelihood 3 to 5, impact 4 to 4" in text


def test_a_slip_of_under_90_days_is_shown_in_words_not_as_a_major_slip(client, world):
    first = write_and_submit(world, world.periods[0],
                             milestone={"status": MilestoneStatus.AT_RISK,
                                        "forecast_on": date(2017, 10, 31)})  # fmt: skip

    page = page_of(client, world.reviewer, first)

    assert table_rows(page, MILESTONES)[1:] == [
        "Shared record live 30 September 2017 Not in it At risk, 31 October 2017 "
        "Slipped: 31 days later than accepted –"
    ]
    assert '<tr class="table-warning">' in page
    assert "there is nothing to compare with" in text_of(page)


def test_the_page_gives_the_footprints_rating_its_reasons_and_the_rules_that_fired(client, world):
    _first, second = two_quarters(world)

    text = text_of(page_of(client, world.reviewer, second))

    assert (
        "The footprint's own rating Amber The compared submission's rating Amber/Green "
        "Last quarter's assured rating Amber/Green Why the rating changed The supplier is late "
        "Suggested rating Amber/Red Why the rating is better than suggested "
        "We trust the supplier's new plan"
    ) in text
    assert (
        "A universal capability is forecast after 31 March 2018: Amber/Red at best. "
        "(Because of: C forecast 2018-06-30)"
    ) in text
    assert "Shared record live: 123 days later" in text
    assert "Went live in two wards" in text


def test_the_rating_choices_carry_each_definition_word_for_word_and_the_source_once(client, world):
    progress_return = write_and_submit(world, world.periods[0])

    text = text_of(page_of(client, world.reviewer, progress_return))

    for rating in Confidence:
        assert f"{rating.label} {DEFINITIONS[rating]}" in text
    assert text.count(str(SOURCE)) == 1
    assert "Internal note (NHS England only, never shown to the footprint)" in text


def test_saving_a_draft_stores_it_and_emails_nobody(client, world):
    progress_return = write_and_submit(world, world.periods[0])
    client.force_login(world.reviewer)

    response = client.post(url(progress_return), {
        "assured_confidence": "amber", "comment": "Funding unclear", "internal_note": INTERNAL,
        "decision": "accept", "draft": "1"})  # fmt: skip

    assert response.status_code == 302
    stored = ReturnAssurance.objects.get()
    assert (stored.assured_confidence, stored.comment, stored.internal_note) == (
        "amber", "Funding unclear", INTERNAL)  # fmt: skip
    assert (stored.decision, stored.released_at) == ("accept", None)
    assert ProgressReturn.objects.get().state == ReturnState.SUBMITTED
    assert not OutboundEmail.objects.filter(template__startswith="return_accepted").exists()
    page = client.get(url(progress_return))
    assert "Draft saved on" in page.content.decode()
    amber = field_attributes(page, "id_assured_confidence_2")
    assert (amber["value"], "checked" in amber) == ("amber", True)
    assert field_value(page, "id_comment") == "Funding unclear"


def test_releasing_accepts_and_emails_the_lead_the_rating_and_comment_but_not_the_note(
    client, world
):
    progress_return = write_and_submit(world, world.periods[0], rating=Confidence.GREEN)
    client.force_login(world.reviewer)

    response = client.post(url(progress_return), {
        "assured_confidence": "amber", "comment": "Funding unclear", "internal_note": INTERNAL,
        "decision": "accept", "release": "1"})  # fmt: skip

    assert response.status_code == 302
    progress_return.refresh_from_db()
    assert progress_return.state == ReturnState.ACCEPTED
    assert progress_return.delivery_confidence == Confidence.GREEN
    emails = OutboundEmail.objects.filter(template="return_accepted").order_by("to")
    assert [email.to for email in emails] == [world.lead_approver.email, world.lead_editor.email]
    for email in emails:
        assert (email.context["assured_confidence"], email.context["comment"]) == (
            "Amber",
            "Funding unclear",
        )
        assert INTERNAL not in str(email.context)


def test_once_released_the_page_is_read_only_with_both_ratings_side_by_side(client, world):
    progress_return = write_and_submit(world, world.periods[0], rating=Confidence.GREEN)
    assure(progress_return, world.reviewer, rating=Confidence.AMBER, internal_note=INTERNAL)

    page = page_of(client, world.reviewer, progress_return)

    assert table_rows(page, RATINGS) == [
        "The footprint's own rating NHS England's assured rating",
        "Green Amber",
    ]
    released = r"Released on .+ \(London time\) by Grace Adeyemi\. Decision: Accept the return\."
    assert re.search(released, text_of(page))
    assert INTERNAL in page
    assert 'name="release"' not in page and 'name="assured_confidence"' not in page


def test_releasing_can_ask_for_more_information(client, world):
    progress_return = write_and_submit(world, world.periods[0])
    client.force_login(world.reviewer)

    client.post(url(progress_return), {
        "assured_confidence": "amber_red", "comment": "Say how the supplier will catch up",
        "decision": "more_information", "release": "1"})  # fmt: skip

    progress_return.refresh_from_db()
    assert progress_return.state == ReturnState.MORE_INFORMATION_REQUESTED
    assert OutboundEmail.objects.filter(template="return_more_information").count() == 2


def test_releasing_with_nothing_chosen_names_each_missing_field(client, world):
    progress_return = write_and_submit(world, world.periods[0])
    client.force_login(world.reviewer)

    response = client.post(url(progress_return), {"comment": "  ", "release": "1"})

    assert response.status_code == 400
    assert error_summary(response) == [
        ("id_assured_confidence_0", "Choose the assured rating before you release the assurance."),
        ("id_comment", "Write the comment to the footprint before you release the assurance."),
        ("id_decision_0", "Choose whether to accept the return or ask for more information."),
    ]
    progress_return.refresh_from_db()
    assert progress_return.state == ReturnState.SUBMITTED
    assert not OutboundEmail.objects.filter(template="return_accepted").exists()


def test_a_made_up_rating_is_refused_by_name(client, world):
    progress_return = write_and_submit(world, world.periods[0])
    client.force_login(world.reviewer)

    response = client.post(url(progress_return), {"assured_confidence": "purple", "draft": "1"})

    assert error_summary(response) == [
        ("id_assured_confidence_0", "Choose the assured rating from the scale")
    ]
    assert not ReturnAssurance.objects.exists()


def test_a_return_sent_back_and_submitted_again_is_compared_with_its_first_submission(
    client, world
):
    first = write_and_submit(world, world.periods[0],
                             milestone={"status": MilestoneStatus.ON_TRACK,
                                        "forecast_on": date(2017, 10, 31)})  # fmt: skip
    assure(first, world.reviewer, decision="more_information", comment="Why the slip?")
    again = write_and_submit(world, world.periods[0],
                             milestone={"status": MilestoneStatus.AT_RISK,
                                        "forecast_on": date(2017, 12, 31)})  # fmt: skip

    page = page_of(client, world.reviewer, again)

    text = text_of(page)
    assert "Submission 2, submitted on" in text
    assert "compared with this return's submission 1 of" in text
    assert "Why the slip?" in text
    assert table_rows(page, MILESTONES)[1:] == [
        "Shared record live 30 September 2017 On track, 31 October 2017 At risk, 31 December 2017 "
        "Major slip: 92 days later than accepted, more than 90 days 61 days later"
    ]


def test_a_reviewer_of_another_region_reads_the_return_but_cannot_assure_it(client, world):
    progress_return = write_and_submit(world, world.periods[0])
    london_reviewer = world.review_world.london_reviewer

    page = page_of(client, london_reviewer, progress_return)
    refused = client.post(url(progress_return), {
        "assured_confidence": "red", "comment": "x", "decision": "accept", "release": "1",
    })  # fmt: skip

    assert "You can read this return but not assure it." in text_of(page)
    assert 'name="release"' not in page
    assert refused.status_code == 403
    assert "Only NHS England reviewers for the footprint" in refused.content.decode()
    assert not ReturnAssurance.objects.exists()


def test_an_nhs_england_admin_reads_the_return_but_cannot_assure_it(client, world):
    progress_return = write_and_submit(world, world.periods[0])
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user

    page_of(client, admin, progress_return)
    refused = client.post(url(progress_return), {"decision": "accept", "draft": "1"})

    assert refused.status_code == 403


def test_footprint_people_are_refused_the_page_and_outsiders_do_not_find_it(client, world):
    progress_return = write_and_submit(world, world.periods[0])
    assure(progress_return, world.reviewer, internal_note=INTERNAL)
    answers = {}
    for who in ("lead_editor", "lead_approver", "trust_viewer", "outsider"):
        client.force_login(getattr(world, who))
        got = client.get(url(progress_return))
        posted = client.post(url(progress_return), {"decision": "accept", "draft": "1"})
        answers[who] = (got.status_code, posted.status_code, INTERNAL in got.content.decode())

    assert answers == {
        "lead_editor": (403, 403, False),
        "lead_approver": (403, 403, False),
        "trust_viewer": (403, 403, False),
        "outsider": (404, 404, False),
    }


def test_assurance_leaves_the_footprints_own_rating_as_it_was(client, world):
    progress_return = write_and_submit(world, world.periods[0], rating=Confidence.GREEN)
    frozen = progress_return.submissions.get()

    assure(progress_return, world.reviewer, rating=Confidence.RED)

    progress_return.refresh_from_db()
    frozen.refresh_from_db()
    assert (progress_return.delivery_confidence, frozen.delivery_confidence) == ("green", "green")
    assert progress_return.assurances.get().assured_confidence == "red"


def test_a_risk_closed_since_last_quarter_is_listed_as_closed(client, world):
    first = write_and_submit(world, world.periods[0])
    assure(first, world.reviewer)
    second = write_and_submit(world, world.periods[1], risks={"Suppliers late": {"closed": True}})

    text = text_of(page_of(client, world.reviewer, second))

    assert "Closed Suppliers late" in text
    assert "Added" not in text and "Re-rated" not in text


def test_releasing_twice_says_the_return_is_accepted_already(client, world):
    progress_return = write_and_submit(world, world.periods[0])
    assure(progress_return, world.reviewer)
    client.force_login(world.review_world.north_colleague)

    again = client.post(url(progress_return), {
        "assured_confidence": "red", "comment": "Late", "decision": "accept", "release": "1",
    })  # fmt: skip

    assert again.status_code == 400
    assert "NHS England has already accepted the Leeds 2016/17 Q1 return." in text_of(
        again.content.decode()
    )
    assert progress_return.assurances.get().assured_confidence == "amber"
    assert OutboundEmail.objects.filter(template="return_accepted").count() == 2
