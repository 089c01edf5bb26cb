"""The service's own deadline-extension pages for NHS England admins: the list, and granting
one (a type-ahead for the footprint or organisation, GOV.UK date inputs, a reason), with a
check page naming the people who will be emailed before anything is saved."""

import re
from datetime import date, datetime
from html import unescape

import pytest
import time_machine
from django.urls import reverse

from accounts.enums import OrganisationKind, Role
from accounts.models import AuditEvent, OutboundEmail
from roadmaps.enums import StageKind
from roadmaps.models import DeadlineExtension, Stage
from roadmaps.selectors.deadlines import LONDON
from roadmaps.services.cycles import end_of_day, load_cycle
from roadmaps.services.extensions import grant_extension
from tests.factories import MembershipFactory, NHSEnglandFactory, OrganisationFactory, UserFactory
from tests.query_budget import assert_queries_do_not_grow
from tests.roadmaps.coverage_data import make_footprint
from tests.roadmaps.section_pages import rows_of

LIST = reverse("deadline_extensions")
GRANT = reverse("grant_deadline_extension")
LOOKUP = reverse("deadline_footprint_lookup")
TODAY = datetime(2016, 6, 20, 12, tzinfo=LONDON)
REASON = "The Leeds digital board next meets on 12 July."


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
        organisation=NHSEnglandFactory(),
        role=Role.ADMIN,
        user=UserFactory(full_name="Owen Price", email="owen.price@england.nhs.uk"),
    ).user


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def member(organisation, role, email, name):
    return MembershipFactory(
        organisation=organisation, role=role, user=UserFactory(email=email, full_name=name)
    ).user


@pytest.fixture
def leeds(cycle):
    lead = OrganisationFactory(name="NHS Leeds North CCG", ods_code="02V")
    footprint = make_footprint(cycle, lead, name="Leeds", state="endorsed")
    member(lead, Role.EDITOR, "priya.shah@leedsnorth.example.nhs.uk", "Priya Shah")
    member(lead, Role.APPROVER, "tom.okafor@leedsnorth.example.nhs.uk", "Tom Okafor")
    # A viewer is told nothing.
    member(lead, Role.VIEWER, "vic.viewer@leedsnorth.example.nhs.uk", "Vic Viewer")
    return footprint


def roadmap_stage(cycle):
    return Stage.objects.get(cycle=cycle, kind=StageKind.ROADMAP)


def grant_data(
    cycle,
    *,
    footprint="Leeds (02V)",
    organisation="",
    day="12",
    month="7",
    year="2016",
    reason=REASON,
    **extra,
):
    return {
        "stage": roadmap_stage(cycle).pk,
        "footprint": footprint,
        "organisation": organisation,
        "due_on_day": day,
        "due_on_month": month,
        "due_on_year": year,
        "reason": reason,
        **extra,
    }


def text_of(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def emailed_on(page):
    block = re.search(r"<ul[^>]*data-emailed[^>]*>(.*?)</ul>", page, flags=re.S)
    return [text_of(item) for item in re.findall(r"<li>(.*?)</li>", block.group(1), flags=re.S)]


def error_summary(page):
    block = re.search(r'<div class="error-summary".*?</ul>', page, flags=re.S)
    if block is None:
        return []
    found = re.findall(r'<li><a href="(#[^"]+)">([^<]+)</a></li>', block.group(0))
    return [(anchor, unescape(text)) for anchor, text in found]


# --- Who may use the pages --------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.REVIEWER, None])
def test_only_nhs_england_admins_reach_the_extension_pages(client, cycle, leeds, role):
    user = (
        MembershipFactory(organisation=NHSEnglandFactory(), role=role).user
        if role
        else MembershipFactory(organisation=leeds.lead_ccg, role=Role.APPROVER).user
    )
    client.force_login(user)

    statuses = [
        client.get(LIST).status_code,
        client.get(GRANT).status_code,
        client.post(GRANT, grant_data(cycle, confirm="yes")).status_code,
        client.get(LOOKUP, {"q": "Leeds"}).status_code,
    ]

    assert statuses == [403, 403, 403, 403]
    assert DeadlineExtension.objects.count() == 0


# --- The list ---------------------------------------------------------------------------------


def test_the_list_shows_every_extension_newest_first(admin_client, admin, cycle, leeds):
    hospitals = OrganisationFactory(
        name="Leeds Teaching Hospitals", ods_code="RR8", kind=OrganisationKind.NHS_TRUST
    )
    with time_machine.travel(datetime(2016, 1, 10, 9, tzinfo=LONDON), tick=False):
        grant_extension(
            stage=Stage.objects.get(cycle=cycle, kind=StageKind.MATURITY),
            organisation=hospitals,
            due_on=date(2016, 1, 29),
            reason="New chief clinical information officer.",
            granted_by=admin,
        )
    grant_extension(
        stage=roadmap_stage(cycle),
        footprint=leeds,
        due_on=date(2016, 7, 12),
        reason=REASON,
        granted_by=admin,
    )

    page = admin_client.get(LIST).content.decode()

    assert rows_of(page, "Deadline extensions, newest first") == [
        "Stage Who has more time New deadline Reason Granted by",
        "2015-16 – Roadmap Leeds (footprint, led by NHS Leeds North CCG) "
        f"23:59 on 12 July 2016 (London time) {REASON} Owen Price on 20 June 2016",
        "2015-16 – Digital maturity self-assessment Leeds Teaching Hospitals (RR8) "
        "23:59 on 29 January 2016 (London time) New chief clinical information officer. "
        "Owen Price on 10 January 2016",
    ]
    assert f'href="{GRANT}"' in page


def test_the_list_keeps_its_query_count_however_many_extensions(admin_client, admin, cycle):
    stage = roadmap_stage(cycle)

    def grow(size):
        for _ in range(size - DeadlineExtension.objects.count()):
            lead = OrganisationFactory()
            footprint = make_footprint(cycle, lead, state="endorsed")
            grant_extension(
                stage=stage,
                footprint=footprint,
                due_on=date(2016, 7, 12),
                reason="Board dates",
                granted_by=admin,
            )
            grant_extension(
                stage=stage,
                organisation=OrganisationFactory(),
                due_on=date(2016, 7, 13),
                reason="Board dates",
                granted_by=admin,
            )

    assert_queries_do_not_grow(admin_client, LIST, grow=grow, sizes=(4, 40))


# --- Granting: the check page, then the service -----------------------------------------------


def test_the_check_page_names_the_people_who_will_be_emailed_and_saves_nothing(
    admin_client, cycle, leeds
):
    response = admin_client.post(GRANT, grant_data(cycle))
    page = response.content.decode()

    assert response.status_code == 200
    assert text_of(re.search(r"<dl.*?</dl>", page, flags=re.S).group(0)) == (
        "Stage 2015-16 – Roadmap "
        "Who has more time Leeds (footprint, led by NHS Leeds North CCG) "
        "Deadline now 23:59 on 30 June 2016 (London time) – 10 days left "
        "New deadline 23:59 on 12 July 2016 (London time) – 22 days left "
        f"Reason {REASON}"
    )
    assert emailed_on(page) == [
        "Priya Shah (priya.shah@leedsnorth.example.nhs.uk), NHS Leeds North CCG",
        "Tom Okafor (tom.okafor@leedsnorth.example.nhs.uk), NHS Leeds North CCG",
    ]
    assert "Grant the extension and email 2 people" in page
    assert DeadlineExtension.objects.count() == 0
    assert OutboundEmail.objects.count() == 0


def test_confirming_grants_the_extension_through_the_service_and_emails_those_people(
    admin_client, admin, cycle, leeds
):
    response = admin_client.post(GRANT, grant_data(cycle, confirm="yes"), follow=True)

    extension = DeadlineExtension.objects.get()
    assert response.redirect_chain == [(LIST, 302)]
    assert (
        extension.stage,
        extension.footprint,
        extension.organisation,
        extension.due_at,
        extension.reason,
        extension.granted_by,
    ) == (roadmap_stage(cycle), leeds, None, end_of_day(date(2016, 7, 12)), REASON, admin)
    assert sorted(OutboundEmail.objects.values_list("template", "to")) == [
        ("deadline_extended", "priya.shah@leedsnorth.example.nhs.uk"),
        ("deadline_extended", "tom.okafor@leedsnorth.example.nhs.uk"),
    ]
    assert AuditEvent.objects.filter(verb="deadline.extended").count() == 1
    assert (
        "Leeds has until 23:59 on 12 July 2016 (London time) for the 2015-16 roadmap stage. "
        "2 people are being emailed." in text_of(response.content.decode())
    )


def test_change_goes_back_to_the_form_with_everything_typed(admin_client, cycle, leeds):
    page = admin_client.post(GRANT, grant_data(cycle, change="yes")).content.decode()

    assert re.search(r'name="footprint" value="Leeds \(02V\)"', page)
    assert re.search(r'name="due_on_day" value="12"', page)
    assert re.search(r'name="due_on_month" value="7"', page)
    assert re.search(r'name="due_on_year" value="2016"', page)
    assert f">\n{REASON}</textarea>" in page
    assert DeadlineExtension.objects.count() == 0


@pytest.mark.parametrize("typed", ["Leeds (02V)", "leeds", "02v", "Leeds"])
def test_the_footprint_is_found_from_the_type_ahead_or_as_typed_without_it(
    admin_client, cycle, leeds, typed
):
    admin_client.post(GRANT, grant_data(cycle, footprint=typed, confirm="yes"))

    assert DeadlineExtension.objects.get().footprint == leeds


@pytest.mark.parametrize("typed", ["Leeds Teaching Hospitals (RR8)", "rr8", "teaching hosp"])
def test_an_organisation_is_found_from_the_type_ahead_or_as_typed(admin_client, cycle, typed):
    hospitals = OrganisationFactory(
        name="Leeds Teaching Hospitals", ods_code="RR8", kind=OrganisationKind.NHS_TRUST
    )
    member(hospitals, Role.EDITOR, "ed@lth.example.nhs.uk", "Ed Ward")
    data = grant_data(cycle, footprint="", organisation=typed)

    page = admin_client.post(GRANT, data).content.decode()
    admin_client.post(GRANT, {**data, "confirm": "yes"})

    assert emailed_on(page) == ["Ed Ward (ed@lth.example.nhs.uk), Leeds Teaching Hospitals"]
    assert DeadlineExtension.objects.get().organisation == hospitals


# --- Bad input: a message by the field and in the summary, nothing lost ----------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"due_on_day": "", "due_on_month": "", "due_on_year": ""},
            "due_on",
            "Enter the new due date",
        ),
        ({"due_on_day": ""}, "due_on", "The new due date must include a day"),
        (
            {"due_on_month": "", "due_on_year": ""},
            "due_on",
            "The new due date must include a month and year",
        ),
        (
            {"due_on_day": "31", "due_on_month": "6"},
            "due_on",
            "The new due date must be a real date",
        ),
        ({"due_on_month": "July"}, "due_on", "The new due date must be a real date"),
        ({"due_on_day": "9" * 30}, "due_on", "The new due date must be a real date"),
        ({"due_on_year": "16"}, "due_on", "The year must have 4 numbers, for example 2016"),
        (
            {"due_on_day": "30", "due_on_month": "6"},
            "due_on",
            "The new due date must be after 30 June 2016, when the stage is due.",
        ),
        ({"reason": "  "}, "reason", "Say why the deadline is being extended."),
        (
            {"footprint": ""},
            "footprint",
            "Give the footprint or the organisation that gets more time.",
        ),
        ({"organisation": "RR8"}, "footprint", "Give a footprint or an organisation, not both."),
        (
            {"footprint": "Wakefield"},
            "footprint",
            "No footprint of the 2015-16 cycle has the name or lead CCG Wakefield.",
        ),
        ({"stage": ""}, "stage", "Choose the stage that gets a later deadline."),
    ],
)
def test_bad_input_is_named_by_its_field_and_keeps_what_was_typed(
    admin_client, cycle, leeds, changes, field, message
):
    OrganisationFactory(name="Leeds Teaching Hospitals", ods_code="RR8")
    data = {**grant_data(cycle), **changes}

    response = admin_client.post(GRANT, {**data, "confirm": "yes"})
    page = response.content.decode()

    assert response.status_code == 400
    assert error_summary(page) == [(f"#id_{field}", message)]
    assert unescape(page).count(message) == 2  # in the summary and by the field
    for name, value in data.items():
        if name != "stage" and value.strip():
            assert f'name="{name}"' in page and (
                f'value="{value}"' in page or f">\n{value}</textarea>" in page
            ), name
    assert DeadlineExtension.objects.count() == 0


def test_several_footprints_matching_asks_for_more(admin_client, cycle, leeds):
    make_footprint(
        cycle,
        OrganisationFactory(name="NHS Leeds South CCG", ods_code="03G"),
        name="Leeds South",
        state="endorsed",
    )

    page = admin_client.post(GRANT, grant_data(cycle, footprint="leeds")).content.decode()

    assert error_summary(page) == [
        (
            "#id_footprint",
            "2 footprints of the 2015-16 cycle match leeds: type more of the "
            "name, or the lead CCG's ODS code.",
        )
    ]


# --- The type-ahead -------------------------------------------------------------------------------


def test_the_footprint_type_ahead_suggests_footprints_by_name_or_lead_code(
    admin_client, cycle, leeds
):
    by_name = admin_client.get(LOOKUP, {"q": "lee"}).json()
    by_code = admin_client.get(LOOKUP, {"q": "02v"}).json()
    too_short = admin_client.get(LOOKUP, {"q": "l"}).json()

    suggestion = {"label": "Leeds (02V)", "kind": "2015-16, led by NHS Leeds North CCG"}
    assert by_name == {"results": [suggestion]}
    assert by_code == {"results": [suggestion]}
    assert too_short == {"results": []}


def test_the_form_offers_the_type_ahead_and_london_dates(admin_client, cycle):
    page = admin_client.get(GRANT).content.decode()

    assert re.search(rf'<input[^>]*name="footprint"[^>]*data-lookup="{LOOKUP}"', page)
    org_lookup = reverse("organisation_lookup")
    assert re.search(rf'<input[^>]*name="organisation"[^>]*data-lookup="{org_lookup}"', page)
    assert re.findall(r'<label[^>]*for="id_due_on(?:_month|_year)?"[^>]*>\s*(\w+)', page) == [
        "Day",
        "Month",
        "Year",
    ]
    assert "js/lookup.js" in page
