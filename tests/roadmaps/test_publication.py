"""Publishing accepted roadmaps and maturity results, and what the public then sees."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.errors import ActionRefused
from accounts.models import AuditEvent, OutboundEmail
from maturity import rules as maturity_rules
from maturity.enums import AssessmentState
from maturity.models import Assessment, Score
from maturity.services.publication import publish_results
from roadmaps.enums import RoadmapState, StageKind
from roadmaps.models import Roadmap, RoadmapText, RoadmapVersion, Stage
from roadmaps.selectors.snapshot import roadmap_snapshot, snapshot_sha256
from roadmaps.services import publication as services
from tests.factories import (
    AssessmentFactory,
    CycleFactory,
    MembershipFactory,
    NHSEnglandFactory,
    OrganisationFactory,
    QuestionSetFactory,
    RegionFactory,
    RoadmapFactory,
    SectionFactory,
    UserFactory,
)
from tests.query_budget import assert_queries_do_not_grow


@pytest.fixture
def cycle(db):
    """A cycle whose publication stage opened yesterday."""
    cycle = CycleFactory(name="2016-17")
    Stage.objects.filter(cycle=cycle, kind=StageKind.PUBLICATION).update(
        opens_at=timezone.now() - timedelta(days=1)
    )
    return cycle


@pytest.fixture
def admin(db):
    return MembershipFactory(organisation=NHSEnglandFactory(), role=Role.ADMIN).user


@pytest.fixture
def lead(db):
    lead = OrganisationFactory(name="NHS Leeds CCG")
    for role in (Role.EDITOR, Role.APPROVER, Role.VIEWER):
        MembershipFactory(organisation=lead, role=role,
                          user=UserFactory(email=f"{role}@leeds.example.nhs.uk"))  # fmt: skip
    return lead


def accepted_roadmap(*, cycle, name="Leeds", lead=None, versions=1):
    """An accepted roadmap with ``versions`` submitted versions, each with its own vision."""
    extra = {"footprint__lead_ccg": lead} if lead else {}
    roadmap = RoadmapFactory(footprint__cycle=cycle, footprint__name=name, **extra)
    for number in range(1, versions + 1):
        RoadmapText.objects.update_or_create(
            roadmap=roadmap, section="vision", field="vision",
            defaults={"text": f"{name} vision, version {number}"},
        )  # fmt: skip
        snapshot = roadmap_snapshot(roadmap)
        RoadmapVersion.objects.create(roadmap=roadmap, number=number, snapshot=snapshot,
                                      sha256=snapshot_sha256(snapshot))  # fmt: skip
    Roadmap.objects.filter(pk=roadmap.pk).update(state=RoadmapState.ACCEPTED)
    return Roadmap.objects.get(pk=roadmap.pk)


def events(verb):
    return list(AuditEvent.objects.filter(verb=verb).values_list("target_id", "after"))


def emails(template):
    return sorted(OutboundEmail.objects.filter(template=template).values_list("to", flat=True))


def test_publishing_makes_the_latest_version_public_and_tells_the_leads_editors_and_approvers(
    cycle, admin, lead
):
    roadmap = accepted_roadmap(cycle=cycle, lead=lead, versions=2)
    moment = timezone.now().replace(microsecond=0)

    with time_machine.travel(moment, tick=False):
        services.publish_roadmap(roadmap=roadmap, published_by=admin)

    roadmap.refresh_from_db()
    assert roadmap.state == RoadmapState.PUBLISHED
    assert roadmap.published_version == RoadmapVersion.objects.get(roadmap=roadmap, number=2)
    assert roadmap.published_at == moment
    assert events("roadmap.published") == [
        (str(roadmap.pk), {"state": "published", "version": 2,
                           "sha256": roadmap.published_version.sha256}),
    ]  # fmt: skip
    assert emails("roadmap_published") == [
        "approver@leeds.example.nhs.uk",
        "editor@leeds.example.nhs.uk",
    ]
    subject = OutboundEmail.objects.filter(template="roadmap_published").first().subject
    assert subject == "See the published Leeds roadmap: NHS England has published version 2"


def test_only_an_accepted_roadmap_can_be_published(cycle, admin):
    roadmap = RoadmapFactory(footprint__cycle=cycle, footprint__name="Draft one")

    with pytest.raises(ActionRefused) as refused:
        services.publish_roadmap(roadmap=roadmap, published_by=admin)

    assert str(refused.value) == (
        "Only an accepted roadmap can be published; the Draft one roadmap is draft."
    )
    assert Roadmap.objects.get(pk=roadmap.pk).published_version is None


def test_publishing_before_the_publication_stage_opens_is_refused_and_allowed_from_then(
    cycle, admin
):
    roadmap = accepted_roadmap(cycle=cycle)
    opens = datetime(2017, 1, 9, 9, 0, tzinfo=UTC)
    Stage.objects.filter(cycle=cycle, kind=StageKind.PUBLICATION).update(opens_at=opens)

    with time_machine.travel(opens - timedelta(seconds=1), tick=False):
        with pytest.raises(ActionRefused) as refused:
            services.publish_roadmap(roadmap=roadmap, published_by=admin)
        with pytest.raises(ActionRefused):
            services.publish_accepted_roadmaps(cycle=cycle, published_by=admin)
    assert str(refused.value) == (
        "Roadmaps of 2016-17 can be published from 09:00 on 9 January 2017, when the "
        "publication stage opens."
    )
    assert Roadmap.objects.get(pk=roadmap.pk).state == RoadmapState.ACCEPTED
    assert events("roadmap.published") == []

    with time_machine.travel(opens, tick=False):
        services.publish_roadmap(roadmap=roadmap, published_by=admin)

    assert Roadmap.objects.get(pk=roadmap.pk).state == RoadmapState.PUBLISHED


def test_a_cycle_without_a_publication_stage_may_publish_at_any_time(cycle, admin):
    Stage.objects.filter(cycle=cycle, kind=StageKind.PUBLICATION).delete()
    roadmap = accepted_roadmap(cycle=cycle)

    services.publish_roadmap(roadmap=roadmap, published_by=admin)

    assert Roadmap.objects.get(pk=roadmap.pk).state == RoadmapState.PUBLISHED


def test_publish_all_says_how_many_first_then_publishes_every_accepted_roadmap_of_the_cycle(
    client, cycle, admin
):
    accepted = [accepted_roadmap(cycle=cycle, name=name) for name in ("Bradford", "Hull", "York")]
    draft = RoadmapFactory(footprint__cycle=cycle)
    elsewhere = accepted_roadmap(cycle=CycleFactory(name="2017-18"), name="Leicester")
    client.force_login(admin)
    url = reverse("publish_all_roadmaps", args=[cycle.pk])

    confirm = client.get(url).content.decode()
    response = client.post(url, follow=True)

    assert "This publishes 3 accepted roadmaps." in confirm
    assert ">Publish 3 roadmaps</button>" in confirm
    assert "3 roadmaps of 2016-17 are published." in response.content.decode()
    states = dict(Roadmap.objects.values_list("pk", "state"))
    assert [states[r.pk] for r in accepted] == [RoadmapState.PUBLISHED] * 3
    assert (states[draft.pk], states[elsewhere.pk]) == (RoadmapState.DRAFT, RoadmapState.ACCEPTED)
    assert len(events("roadmap.published")) == 3
    assert services.publish_accepted_roadmaps(cycle=cycle, published_by=admin) == 0


def test_publishing_one_roadmap_from_the_publication_page(client, cycle, admin):
    roadmap = accepted_roadmap(cycle=cycle, name="Wakefield")
    client.force_login(admin)

    page = client.get(reverse("publication")).content.decode()
    done = client.post(reverse("publish_roadmap", args=[roadmap.pk]), follow=True).content.decode()

    assert reverse("publish_roadmap", args=[roadmap.pk]) in page
    assert "The Wakefield roadmap is published. Its lead CCG has been told." in done
    assert reverse("unpublish_roadmap", args=[roadmap.pk]) in done


def test_unpublishing_needs_a_reason_and_takes_the_roadmap_off_the_public_pages(
    client, cycle, admin, lead
):
    roadmap = accepted_roadmap(cycle=cycle, lead=lead)
    services.publish_roadmap(roadmap=roadmap, published_by=admin)
    client.force_login(admin)
    url = reverse("unpublish_roadmap", args=[roadmap.pk])

    refused = client.post(url, {"reason": "  "})

    page = refused.content.decode()
    assert refused.status_code == 400
    assert 'href="#id_reason">Say why the roadmap is being unpublished.</a>' in page
    assert 'id="error_1_id_reason"' in page
    assert Roadmap.objects.get(pk=roadmap.pk).state == RoadmapState.PUBLISHED

    client.post(url, {"reason": "The footprint asked for a correction."})

    roadmap.refresh_from_db()
    assert (roadmap.state, roadmap.published_version, roadmap.published_at) == (
        RoadmapState.ACCEPTED, None, None,
    )  # fmt: skip
    assert events("roadmap.unpublished") == [
        (str(roadmap.pk), {"state": "accepted", "version": 1,
                           "reason": "The footprint asked for a correction."}),
    ]  # fmt: skip
    assert emails("roadmap_unpublished") == [
        "approver@leeds.example.nhs.uk",
        "editor@leeds.example.nhs.uk",
    ]
    client.logout()
    assert client.get(reverse("published_roadmap", args=[roadmap.pk])).status_code == 404
    assert "Leeds roadmap" not in client.get(reverse("published_roadmaps")).content.decode()


def test_unpublishing_is_refused_without_a_reason_or_for_a_roadmap_not_published(cycle, admin):
    roadmap = accepted_roadmap(cycle=cycle)

    with pytest.raises(ActionRefused, match="Say why the roadmap is being unpublished."):
        services.unpublish_roadmap(roadmap=roadmap, reason=" ", unpublished_by=admin)
    with pytest.raises(ActionRefused, match="Only a published roadmap can be unpublished."):
        services.unpublish_roadmap(roadmap=roadmap, reason="Because", unpublished_by=admin)


def test_the_public_list_and_version_pages_work_signed_out_and_show_only_the_published_version(
    client, cycle, admin, lead
):
    midlands = RegionFactory(ods_code="Y55", name="MIDLANDS AND EAST OF ENGLAND")
    roadmap = accepted_roadmap(cycle=cycle, lead=lead)
    other = accepted_roadmap(
        cycle=cycle, name="Leicester", lead=OrganisationFactory(region=midlands)
    )
    for published in (roadmap, other):
        services.publish_roadmap(roadmap=published, published_by=admin)
    RoadmapText.objects.filter(roadmap=roadmap).update(text="A later draft, never published")

    listing = client.get(reverse("published_roadmaps")).content.decode()
    version = client.get(reverse("published_roadmap", args=[roadmap.pk])).content.decode()

    assert listing.index("MIDLANDS AND EAST OF ENGLAND") < listing.index("Leicester roadmap")
    assert listing.index("NORTH OF ENGLAND") < listing.index("Leeds roadmap")
    assert f'href="{reverse("published_roadmap", args=[roadmap.pk])}"' in listing
    assert "Leeds vision, version 1" in version
    assert "Published by NHS England on" in version
    private = ["A later draft, never published", "editor@leeds.example.nhs.uk",
               "roadmap@ccg.example.nhs.uk", "Dr Alex Chair", "Sam Owner",
               reverse("roadmap_versions", args=[roadmap.pk])]  # fmt: skip
    assert [value for value in private if value in version] == []
    client.force_login(lead.memberships.first().user)
    assert client.get(reverse("published_roadmap", args=[roadmap.pk])).status_code == 200


def test_a_draft_accepted_or_unknown_roadmaps_public_address_is_404(client, cycle):
    draft = RoadmapFactory(footprint__cycle=cycle)
    accepted = accepted_roadmap(cycle=cycle)

    codes = [
        client.get(reverse("published_roadmap", args=[pk])).status_code
        for pk in (draft.pk, accepted.pk, 999_999)
    ]

    assert codes == [404, 404, 404]


def scored(*, cycle, question_set, sections, state, name, values):
    assessment = AssessmentFactory(cycle=cycle, question_set=question_set, state=state,
                                   organisation__name=name)  # fmt: skip
    for section, value in zip(sections, values, strict=True):
        Score.objects.create(assessment=assessment, level="section", code=section.code,
                             value=value)  # fmt: skip
    Score.objects.create(assessment=assessment, level="overall", code="", value=99.9)
    return assessment


def test_the_public_maturity_page_shows_only_published_section_scores_of_the_newest_cycle(
    client, cycle
):
    question_set = QuestionSetFactory()
    sections = [SectionFactory(question_set=question_set, code=code, title=title, order=n)
                for n, (code, title) in enumerate([("readiness", "Readiness"),
                                                   ("capabilities", "Capabilities")])]  # fmt: skip
    kwargs = {"question_set": question_set, "sections": sections}
    scored(cycle=cycle, state="published", name="=HYPERLINK(1) Trust", values=[62.5, 40], **kwargs)
    scored(cycle=cycle, state="signed_off", name="Signed Off Trust", values=[11, 12], **kwargs)
    older = CycleFactory(name="2015-16")
    Stage.objects.filter(cycle=older).update(
        opens_at=F("opens_at") - timedelta(days=365), due_at=F("due_at") - timedelta(days=365)
    )
    scored(cycle=older, state="published", name="Last Year Trust", values=[13, 14], **kwargs)

    page = client.get(reverse("published_maturity_results")).content.decode()
    download = client.get(reverse("published_maturity_scores_csv"), {"cycle": cycle.pk})

    assert "A self-help benchmark, not a league table." in page
    assert "<caption>Section scores out of 100 of published self-assessments, 2016-17" in page
    assert '<th scope="col" class="text-end">Readiness</th>' in page
    assert "62.5" in page and "40.0" in page
    assert [name for name in ("Signed Off Trust", "Last Year Trust", "99.9") if name in page] == []
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == ["ODS code", "Organisation", "NHS England region", "Cycle", "Readiness",
                       "Capabilities"]  # fmt: skip
    assert [row[1:] for row in rows[1:]] == [
        ["'=HYPERLINK(1) Trust", "NORTH OF ENGLAND COMMISSIONING REGION", "2016-17", "62.5", "40.0"]
    ]


def test_the_public_maturity_page_says_when_nothing_is_published(client, db):
    page = client.get(reverse("published_maturity_results")).content.decode()

    assert "No maturity results have been published yet." in page
    assert client.get(reverse("published_maturity_scores_csv")).status_code == 404


def test_publishing_results_publishes_signed_off_assessments_which_stay_read_only(
    client, cycle, admin
):
    signed_off = [AssessmentFactory(cycle=cycle, state="signed_off") for _ in range(2)]
    submitted = AssessmentFactory(cycle=cycle, state="submitted")
    elsewhere = AssessmentFactory(cycle=CycleFactory(name="2017-18"), state="signed_off")
    client.force_login(admin)

    response = client.post(reverse("publish_maturity_results", args=[cycle.pk]), follow=True)

    assert "2 signed-off self-assessments of 2016-17 are published." in response.content.decode()
    states = dict(Assessment.objects.values_list("pk", "state"))
    assert [states[a.pk] for a in signed_off] == [AssessmentState.PUBLISHED] * 2
    assert (states[submitted.pk], states[elsewhere.pk]) == ("submitted", "signed_off")
    assert sorted(target for target, _after in events("assessment.published")) == sorted(
        str(a.pk) for a in signed_off
    )
    published = Assessment.objects.get(pk=signed_off[0].pk)
    editor = MembershipFactory(organisation=published.organisation, role=Role.EDITOR).user
    assert not maturity_rules.can_answer(editor, published)
    assert not maturity_rules.can_reopen(admin, published)
    assert publish_results(cycle=cycle, published_by=admin) == 0


ADMIN_PAGES = [
    ("get", "publication", False),
    ("post", "publish_roadmap", "roadmap"),
    ("get", "publish_all_roadmaps", "cycle"),
    ("post", "publish_all_roadmaps", "cycle"),
    ("get", "unpublish_roadmap", "roadmap"),
    ("post", "unpublish_roadmap", "roadmap"),
    ("post", "publish_maturity_results", "cycle"),
]


@pytest.mark.parametrize("who", ["reviewer", "lead_approver"])
def test_people_who_are_not_nhse_admins_get_403_on_the_publication_pages(client, cycle, lead, who):
    roadmap = accepted_roadmap(cycle=cycle, lead=lead)
    people = {
        "reviewer": MembershipFactory(organisation=NHSEnglandFactory(), role=Role.REVIEWER).user,
        "lead_approver": lead.memberships.get(role=Role.APPROVER).user,
    }
    client.force_login(people[who])

    codes = []
    for method, name, argument in ADMIN_PAGES:
        args = {"roadmap": [roadmap.pk], "cycle": [cycle.pk]}.get(argument, [])
        send = getattr(client, method)
        codes.append(send(reverse(name, args=args), {"reason": "No"}).status_code)

    assert codes == [403] * len(ADMIN_PAGES)
    assert Roadmap.objects.get(pk=roadmap.pk).state == RoadmapState.ACCEPTED


def test_the_home_pages_link_to_the_public_pages_and_admins_to_publishing(client, admin):
    signed_out = client.get(reverse("home")).content.decode()
    client.force_login(admin)
    signed_in = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("published_roadmaps")}"' in signed_out
    assert f'href="{reverse("published_maturity_results")}"' in signed_out
    assert f'href="{reverse("publication")}">Publish roadmaps and results</a>' in signed_in


@pytest.mark.parametrize("page_name", ["published_roadmaps", "publication"])
def test_the_roadmap_lists_make_the_same_queries_for_5_and_40_published_roadmaps(
    client, cycle, admin, page_name
):
    midlands = RegionFactory(ods_code="Y55", name="MIDLANDS AND EAST OF ENGLAND")
    if page_name == "publication":
        client.force_login(admin)

    def grow(total):
        for n in range(Roadmap.objects.count(), total):
            lead = OrganisationFactory(**({"region": midlands} if n % 2 else {}))
            roadmap = RoadmapFactory(footprint__cycle=cycle, footprint__lead_ccg=lead,
                                     state=RoadmapState.PUBLISHED)  # fmt: skip
            version = RoadmapVersion.objects.create(
                roadmap=roadmap, number=1, sha256=f"{n:064d}", snapshot={"sections": {}}
            )
            Roadmap.objects.filter(pk=roadmap.pk).update(
                published_version=version, published_at=timezone.now()
            )

    assert_queries_do_not_grow(client, reverse(page_name), grow=grow, sizes=(5, 40))
    page = client.get(reverse(page_name)).content.decode()
    assert page.count('<a href="/published/roadmaps/') == 40
