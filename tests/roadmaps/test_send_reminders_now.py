"""'Send reminders now': the page says how many people will get an email before it is
confirmed, and confirming queues exactly that many."""

from dataclasses import dataclass
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from accounts.models import AuditEvent, OutboundEmail
from roadmaps.selectors.deadlines import LONDON
from roadmaps.services.cycles import load_cycle
from roadmaps.services.reminders import TEMPLATE, reminder_key
from tests.factories import (
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    OutboundEmailFactory,
    RegionFactory,
    UserFactory,
)
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.coverage_data import make_ccg, make_footprint, make_local_office

# The footprint stage of 2015-16 is open (4 September to 30 October 2015).
NOW = datetime(2015, 10, 20, 12, 0, tzinfo=LONDON)
URL = "/reminders/"


@dataclass
class World:
    cycle: object
    london: object
    north: object
    london_office: object
    camden: object
    islington: object
    leeds: object
    camden_editors: list
    islington_editor: object
    leeds_editor: object
    admin: object


def editor_of(organisation, email):
    return MembershipFactory(
        organisation=organisation, role=Role.EDITOR, user=UserFactory(email=email)
    ).user


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def world(db, frozen):
    """Three London people with a draft footprint to submit, and one in the North."""
    cycle = load_cycle(name="2015-16").cycle
    london = RegionFactory(ods_code="Y56", name="LONDON COMMISSIONING REGION")
    north = RegionFactory()
    london_office = make_local_office(london, "Q71", "NHS ENGLAND LONDON")
    yorkshire = make_local_office(north, "Q72", "NHS ENGLAND NORTH (YORKSHIRE AND HUMBER)")
    camden = make_ccg("NHS CAMDEN CCG", london_office, ods_code="07R")
    islington = make_ccg("NHS ISLINGTON CCG", london_office, ods_code="08H")
    leeds = make_ccg("NHS LEEDS NORTH CCG", yorkshire, ods_code="02V")
    for lead in (camden, islington, leeds):
        make_footprint(cycle, lead)
    return World(
        cycle=cycle,
        london=london,
        north=north,
        london_office=london_office,
        camden=camden,
        islington=islington,
        leeds=leeds,
        camden_editors=[
            editor_of(camden, "ann@camden.example.nhs.uk"),
            editor_of(camden, "bob@camden.example.nhs.uk"),
        ],
        islington_editor=editor_of(islington, "cat@islington.example.nhs.uk"),
        leeds_editor=editor_of(leeds, "dan@leeds.example.nhs.uk"),
        admin=MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user,
    )


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin)
    return client


def reminders():
    return OutboundEmail.objects.filter(template=TEMPLATE)


def reminded():
    return sorted(reminders().values_list("to", flat=True))


def people_shown(response):
    preview = response.context["preview"]
    return (preview.people, preview.already_reminded)


def send(client, data):
    return client.post(URL, data, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


LONDON_PEOPLE = [
    "ann@camden.example.nhs.uk",
    "bob@camden.example.nhs.uk",
    "cat@islington.example.nhs.uk",
]


# --- Preview, then confirm -------------------------------------------------------------------


def test_the_url_is_named_send_reminders():
    assert reverse("send_reminders") == URL


def test_count_shown_before_confirming_is_the_number_of_emails_queued(admin_client):
    preview = admin_client.get(URL, {"region": "Y56"})
    queued_by_preview = reminders().count()

    sent = send(admin_client, {"region": "Y56", "kind": "", "ods_codes": "", "stage": ""})

    page = preview.content.decode()
    assert people_shown(preview) == (3, 0)
    assert "3 people will get a reminder email." in page
    assert "Send 3 reminder emails" in page
    assert queued_by_preview == 0
    assert reminded() == LONDON_PEOPLE
    assert sent.redirect_chain == [(f"{URL}?region=Y56&kind=&ods_codes=&stage=", 302)]
    assert messages_of(sent) == ["Queued 3 reminder emails."]
    assert f"{reverse('admin_outbox')}?template={TEMPLATE}" in sent.content.decode()


def test_the_confirm_form_carries_the_filters_in_hidden_fields(admin_client):
    page = admin_client.get(
        URL, {"region": "Y56", "kind": "ccg", "ods_codes": "07r 08H", "stage": "footprint"}
    )

    confirm = page.context["confirm_form"]
    html = page.content.decode()
    assert [(field.name, field.value()) for field in confirm] == [
        ("region", "Y56"),
        ("kind", "ccg"),
        ("ods_codes", "07r 08H"),
        ("stage", "footprint"),
    ]
    assert f'action="{URL}" method="post"' in html
    assert '<input type="hidden" name="ods_codes" value="07r 08H" id="confirm_ods_codes">' in html


def test_a_get_queues_nothing_and_records_nothing(admin_client):
    admin_client.get(URL)
    admin_client.get(URL, {"region": "Y56"})
    admin_client.get(URL, {"kind": "", "ods_codes": "", "stage": ""})

    assert reminders().count() == 0
    assert not AuditEvent.objects.filter(verb="reminders.sent_now").exists()


def test_the_page_without_filters_explains_reminders_and_links_to_the_schedule(admin_client):
    from django_celery_beat.models import PeriodicTask

    schedule = PeriodicTask.objects.get(name="plan-reminders")

    response = admin_client.get(URL)

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["preview"] is None
    assert "Nobody gets more than one reminder a day" in page
    assert reverse("admin:django_celery_beat_periodictask_change", args=[schedule.pk]) in page
    assert "With no filter, reminders go to every organisation." in page
    assert "will get a reminder email" not in page


def test_no_filter_means_every_organisation(admin_client):
    response = admin_client.get(URL, {"region": "", "kind": "", "ods_codes": "", "stage": ""})

    sent = send(admin_client, {})

    assert people_shown(response) == (4, 0)
    assert "No filter is chosen, so this is every organisation." in response.content.decode()
    assert reminded() == sorted([*LONDON_PEOPLE, "dan@leeds.example.nhs.uk"])
    assert messages_of(sent) == ["Queued 4 reminder emails."]


# --- Once a day ------------------------------------------------------------------------------


def test_people_already_reminded_today_are_not_counted_or_emailed_again(admin_client, world):
    ann = world.camden_editors[0]
    OutboundEmailFactory(
        idempotency_key=reminder_key(date(2015, 10, 20), ann.pk),
        template="service_check",
        to=ann.email,
    )

    preview = admin_client.get(URL, {"region": "Y56"})
    sent = send(admin_client, {"region": "Y56"})
    again = admin_client.get(URL, {"region": "Y56"})

    assert people_shown(preview) == (2, 1)
    assert "1 person already had one today and will not get another." in (preview.content.decode())
    assert reminded() == LONDON_PEOPLE[1:]
    assert messages_of(sent) == [
        "Queued 2 reminder emails. 1 person already had one today and was not emailed again."
    ]
    assert people_shown(again) == (0, 3)
    assert "Send 0 reminder emails" not in again.content.decode()
    assert "There is no one to send a reminder to." in again.content.decode()


def test_sending_twice_on_one_day_emails_nobody_twice(admin_client):
    send(admin_client, {"region": "Y56"})

    second = send(admin_client, {"region": "Y56"})

    assert reminders().count() == 3
    assert messages_of(second) == [
        "Queued 0 reminder emails. 3 people already had one today and were not emailed again."
    ]


# --- Filters ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"region": "Y56"}, LONDON_PEOPLE),
        ({"region": "Y54"}, ["dan@leeds.example.nhs.uk"]),
        ({"kind": OrganisationKind.CCG}, [*LONDON_PEOPLE, "dan@leeds.example.nhs.uk"]),
        ({"kind": OrganisationKind.NHS_TRUST}, []),
        ({"ods_codes": "07R"}, LONDON_PEOPLE[:2]),
        ({"ods_codes": " 08h,02v ;"}, ["cat@islington.example.nhs.uk", "dan@leeds.example.nhs.uk"]),
        ({"region": "Y56", "ods_codes": "08H 02V"}, ["cat@islington.example.nhs.uk"]),
        ({"stage": "footprint"}, [*LONDON_PEOPLE, "dan@leeds.example.nhs.uk"]),
        ({"stage": "maturity"}, []),
        ({"stage": "roadmap", "region": "Y56"}, []),
    ],
    ids=str,
)
def test_filters_choose_who_is_reminded(admin_client, filters, expected):
    preview = admin_client.get(URL, filters)

    send(admin_client, filters)

    assert people_shown(preview) == (len(expected), 0)
    assert reminded() == expected


def test_a_trust_in_the_region_is_not_reminded_of_what_it_does_not_have_to_do(admin_client, world):
    trust = OrganisationFactory(
        kind=OrganisationKind.NHS_TRUST, region=world.london, parent=world.london_office
    )
    editor_of(trust, "eve@trust.example.nhs.uk")

    preview = admin_client.get(URL, {"region": "Y56"})

    assert people_shown(preview) == (3, 0)


def test_an_unknown_ods_code_is_a_field_error_and_nothing_is_sent(admin_client):
    preview = admin_client.get(URL, {"ods_codes": "07R, zz9, 07R, QQ1"})
    sent = admin_client.post(URL, {"ods_codes": "07R, zz9, QQ1"})

    for response in (preview, sent):
        form = response.context["form"]
        assert form.errors == {"ods_codes": ["No organisation has these ODS codes: ZZ9, QQ1."]}
        assert response.context["preview"] is None
        page = response.content.decode()
        assert 'href="#id_ods_codes"' in page
        assert "Send " not in page.split('id="id_ods_codes"')[1]
    assert (preview.status_code, sent.status_code) == (200, 400)
    assert reminders().count() == 0
    assert not AuditEvent.objects.filter(verb="reminders.sent_now").exists()


def test_one_unknown_ods_code_is_named_alone(admin_client):
    response = admin_client.get(URL, {"ods_codes": "ZZ9"})

    assert response.context["form"].errors == {
        "ods_codes": ["No organisation has the ODS code ZZ9."]
    }


@pytest.mark.parametrize(
    "data",
    [
        {"region": "999"},
        {"region": "not a region"},
        {"region": "07R"},
        {"kind": "nhs_england"},
        {"kind": "dragon"},
        {"stage": "publication"},
        {"stage": ["footprint", "nonsense"]},
        {"ods_codes": "x" * 5000},
    ],
    ids=str,
)
def test_malformed_filters_are_form_errors_never_a_crash(admin_client, data):
    preview = admin_client.get(URL, data)
    sent = admin_client.post(URL, data)

    assert (preview.status_code, sent.status_code) == (200, 400)
    assert preview.context["form"].errors
    assert sent.context["form"].errors
    assert reminders().count() == 0


# --- Who may --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["national reviewer", "regional admin"])
def test_nhse_staff_who_are_not_national_admins_are_refused(client, world, who):
    if who == "national reviewer":
        membership = MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER)
    else:
        membership = MembershipFactory(organisation=world.london, role=Role.ADMIN)
    client.force_login(membership.user)

    page = client.get(URL, {"region": "Y56"})
    sent = client.post(URL, {"region": "Y56"})

    assert (page.status_code, sent.status_code) == (403, 403)
    assert "Only NHS England admins can send reminders." in page.content.decode()
    assert reminders().count() == 0


def test_a_ccg_editor_is_refused(client, world):
    client.force_login(world.camden_editors[0])

    page = client.get(URL)
    sent = client.post(URL, {})

    assert (page.status_code, sent.status_code) == (403, 403)
    assert reminders().count() == 0


def test_signed_out_person_is_sent_to_sign_in(client, world):
    page = client.get(URL)
    sent = client.post(URL, {})

    for response in (page, sent):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign_in"))
    assert reminders().count() == 0


def test_sending_is_audited(admin_client, world):
    send(admin_client, {"region": "Y56", "stage": "footprint"})

    event = AuditEvent.objects.get(verb="reminders.sent_now")
    assert event.actor == world.admin
    assert event.after == {
        "organisations": 2,  # Camden and Islington, the London region's CCGs
        "stages": ["footprint"],
        "queued": 3,
        "already_reminded": 0,
    }


# --- Links and query budget ------------------------------------------------------------------


def test_admins_find_the_page_from_home_and_the_outbox(admin_client):
    home = admin_client.get(reverse("home")).content.decode()
    outbox = admin_client.get(reverse("admin_outbox")).content.decode()

    assert f'href="{URL}"' in home
    assert f'href="{URL}"' in outbox


def test_people_who_are_not_admins_are_not_shown_the_link(client, world):
    client.force_login(world.leeds_editor)

    home = client.get(reverse("home")).content.decode()

    assert f'href="{URL}"' not in home


def test_preview_queries_do_not_grow_with_people_and_footprints(admin_client, world):
    made = []

    def grow(total):
        for n in range(len(made), total):
            ccg = make_ccg(f"NHS GROWN {n} CCG", world.london_office, ods_code=f"G{n:04d}")
            make_footprint(world.cycle, ccg)
            editor_of(ccg, f"grown{n}@ccg.example.nhs.uk")
            MembershipFactory(organisation=ccg, role=Role.APPROVER)
            made.append(ccg)

    assert_queries_do_not_grow(
        admin_client, URL, grow=grow, sizes=(3, 30), params={"region": "Y56"}
    )
