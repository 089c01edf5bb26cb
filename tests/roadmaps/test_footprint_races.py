"""Two people acting on one footprint at the same moment, through the real pages and a real
database: both pass the page's own checks, one wins, and the other is told what happened
(a 409 page, or a redirect with the message) and loses nothing they typed. Never a 500.

A third connection holds the footprint's row (PostgreSQL: ``SELECT ... FOR UPDATE``;
SQLite: an IMMEDIATE transaction that holds the write lock) while both requests start, so
that both read the footprint before either changes it, as two people on two pages do.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from accounts.enums import Role
from accounts.models import AuditEvent, OutboundEmail
from roadmaps.enums import Confirmation, FootprintState, MemberRole
from roadmaps.models import Footprint, FootprintMember
from roadmaps.services import footprints as services
from tests.factories import (
    CycleFactory,
    FootprintFactory,
    FootprintMemberFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def first_wins():
    return connection.vendor == "postgresql"


def _waiting_requests():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0]


def race(footprint, *requests):
    """Run each ``(user, url, data)`` POST in its own thread while the footprint's row is
    held, then let them go; returns ``(client, response)`` in the order given.

    The requests start one after another, each once the one before is waiting for the row:
    on PostgreSQL, waiters get a row in the order they asked, so the first request wins;
    SQLite's busy wait picks either (``FIRST_WINS`` says which holds).
    """
    held = threading.Event()
    release = threading.Event()

    def hold():
        with transaction.atomic():
            Footprint.objects.select_for_update().get(pk=footprint.pk)
            if connection.vendor == "sqlite":
                # An IMMEDIATE transaction has the write lock only once it writes.
                Footprint.objects.filter(pk=footprint.pk).update(name=footprint.name)
            held.set()
            release.wait(30)
        connection.close()

    results = [None] * len(requests)
    # Signed in first: signing in writes the session, which the held lock would block.
    clients = []
    for user, _url, _data in requests:
        clients.append(Client())
        clients[-1].force_login(user)

    def act(index, client, url, data):
        try:
            results[index] = (client, client.post(url, data))
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    threads = [
        threading.Thread(target=act, args=(index, clients[index], url, data))
        for index, (_user, url, data) in enumerate(requests)
    ]
    for waiting, thread in enumerate(threads, start=1):
        thread.start()
        _until_waiting(waiting)
    release.set()
    holder.join()
    for thread in threads:
        thread.join()
    return results


def responses_of(results):
    return [response for _client, response in results]


def _until_waiting(count):
    """Until ``count`` requests are blocked behind the held row (PostgreSQL says so; on
    SQLite, give them a moment)."""
    if connection.vendor != "postgresql":
        time.sleep(1)
        return
    deadline = time.monotonic() + 15
    while _waiting_requests() < count and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _waiting_requests() >= count, "the requests never reached the footprint's lock"


@pytest.fixture
def submitted():
    """Leeds, submitted, with a partner CCG waiting to confirm; two reviewers of its region,
    two editors of its lead CCG and two approvers of the partner."""
    CycleFactory()
    region = RegionFactory()
    lead = OrganisationFactory(name="NHS Leeds North CCG", region=region)
    partner = OrganisationFactory(name="NHS Leeds West CCG", region=region)
    footprint = FootprintFactory(
        lead_ccg=lead,
        name="Leeds",
        board_name="Leeds Digital Board",
        chair_name="A Chair",
        sro_name="An SRO",
        contact_email="leeds@example.org",
    )
    FootprintMemberFactory(footprint=footprint, organisation=partner, role=MemberRole.PARTNER_CCG)
    FootprintMemberFactory(footprint=footprint, role=MemberRole.PROVIDER)
    nhs_england = NHSEnglandFactory()
    people = {
        "reviewer_a": MembershipFactory(organisation=nhs_england, role=Role.REVIEWER).user,
        "reviewer_b": MembershipFactory(organisation=nhs_england, role=Role.REVIEWER).user,
        "editor_a": MembershipFactory(organisation=lead, role=Role.EDITOR).user,
        "editor_b": MembershipFactory(organisation=lead, role=Role.EDITOR).user,
        "partner_a": MembershipFactory(organisation=partner, role=Role.APPROVER).user,
    }
    services.submit_footprint(footprint=footprint, submitted_by=None)
    return footprint, people


def review_url(footprint):
    return reverse("review_footprint", args=[footprint.pk])


def test_two_reviewers_endorsing_at_once_endorse_once_and_the_second_is_told(submitted):
    footprint, people = submitted
    OutboundEmail.objects.all().delete()

    first, second = sorted(
        responses_of(
            race(
                footprint,
                (people["reviewer_a"], review_url(footprint), {"decision": "endorse"}),
                (people["reviewer_b"], review_url(footprint), {"decision": "endorse"}),
            )
        ),
        key=lambda response: response.status_code,
    )

    footprint.refresh_from_db()
    assert (first.status_code, first["Location"]) == (
        302,
        reverse("footprint_detail", args=[footprint.pk]),
    )
    assert second.status_code == 409
    assert "NHS England has already endorsed Leeds." in second.content.decode()
    assert footprint.state == FootprintState.ENDORSED
    assert AuditEvent.objects.filter(verb="footprint.endorsed").count() == 1
    assert OutboundEmail.objects.filter(template="footprint_endorsed").count() == 2


def test_a_reviewer_returning_while_another_endorses_keeps_their_comments(submitted):
    footprint, people = submitted
    comments = "Add the council's social care team.\nAnd name the SRO."

    responses = responses_of(
        race(
            footprint,
            (people["reviewer_a"], review_url(footprint), {"decision": "endorse"}),
            (
                people["reviewer_b"],
                review_url(footprint),
                {"decision": "return", "comments": comments},
            ),
        )
    )

    footprint.refresh_from_db()
    assert sorted(response.status_code for response in responses) == [302, 409]
    loser = next(response for response in responses if response.status_code == 409)
    page = loser.content.decode()
    if first_wins():
        assert [response.status_code for response in responses] == [302, 409]
    if footprint.state == FootprintState.ENDORSED:
        assert "NHS England has already endorsed Leeds." in page
        assert "Add the council&#x27;s social care team.\nAnd name the SRO." in page
        assert footprint.return_comments == ""
    else:
        assert footprint.state == FootprintState.RETURNED
        assert "NHS England has already returned Leeds to its lead CCG." in page
        assert footprint.return_comments == comments


def test_two_editors_submitting_at_once_submit_once(submitted):
    footprint, people = submitted
    services.return_footprint(footprint=footprint, comments="Name a chair.", returned_by=None)
    url = reverse("submit_footprint", args=[footprint.pk])
    events_before = AuditEvent.objects.filter(verb="footprint.submitted").count()

    results = race(
        footprint,
        (people["editor_a"], url, {}),
        (people["editor_b"], url, {}),
    )

    detail = reverse("footprint_detail", args=[footprint.pk])
    assert [(response.status_code, response["Location"]) for _c, response in results] == [
        (302, detail),
        (302, detail),
    ]
    shown = sorted(
        [str(message) for message in client.get(detail).context["messages"]]
        for client, _response in results
    )
    assert shown == [
        ["Footprint submitted to NHS England. Partner CCGs have been asked to confirm."],
        ["Leeds has already been submitted to NHS England."],
    ]
    assert AuditEvent.objects.filter(verb="footprint.submitted").count() == events_before + 1


def test_a_partner_confirming_as_the_footprint_is_returned_is_told_and_keeps_nothing_half_done(
    submitted,
):
    footprint, people = submitted
    partner = FootprintMember.objects.get(footprint=footprint, role=MemberRole.PARTNER_CCG)
    confirm = reverse("confirm_footprint_membership", args=[footprint.pk, partner.pk])

    responses = responses_of(
        race(
            footprint,
            (
                people["reviewer_a"],
                review_url(footprint),
                {"decision": "return", "comments": "Add the council."},
            ),
            (people["partner_a"], confirm, {"answer": "confirm"}),
        )
    )

    footprint.refresh_from_db()
    partner.refresh_from_db()
    assert all(response.status_code in (302, 409) for response in responses)
    if first_wins():
        assert [response.status_code for response in responses] == [302, 409]
    if footprint.state == FootprintState.RETURNED and responses[1].status_code == 409:
        assert (
            "NHS England has returned Leeds to its lead CCG. You will be asked again when it "
            "is submitted." in responses[1].content.decode()
        )
        assert partner.confirmation == Confirmation.PENDING
    else:
        # The partner was quicker: its answer stands, and the return went through after it.
        assert responses[1].status_code == 302
        assert partner.confirmation == Confirmation.CONFIRMED
        assert footprint.state == FootprintState.RETURNED


def test_an_editor_saving_details_as_the_footprint_is_submitted_gets_the_form_back(submitted):
    footprint, people = submitted
    services.return_footprint(footprint=footprint, comments="Name a chair.", returned_by=None)
    edit = reverse("edit_footprint", args=[footprint.pk])
    typed = {
        "name": "Leeds and Wakefield",
        "board_name": "West Yorkshire Digital Board",
        "chair_name": "B Chair",
        "sro_name": "B SRO",
        "contact_email": "wy@example.org",
    }

    responses = responses_of(
        race(
            footprint,
            (people["editor_a"], reverse("submit_footprint", args=[footprint.pk]), {}),
            (people["editor_b"], edit, typed),
        )
    )

    footprint.refresh_from_db()
    submit, save = responses
    assert submit.status_code == 302
    if first_wins():
        assert save.status_code == 409
    if footprint.state == FootprintState.SUBMITTED and footprint.name == "Leeds":
        page = save.content.decode()
        assert save.status_code == 409
        assert "Leeds has been submitted, so it cannot be changed now." in page
        assert 'value="West Yorkshire Digital Board"' in page
    else:
        # The save came first and the submission took the saved details with it.
        assert save.status_code == 302
        assert footprint.name == "Leeds and Wakefield"
