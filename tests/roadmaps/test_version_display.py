"""A submitted version reads as the draft did: its baseline is the same table of each
provider's section scores against the national median, on its page (which is also the page
printed), in its PDF, on the review page and, once published, on the public page; and no
section of it shows stored data raw on any of them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from roadmaps.enums import ReviewDecision, StageKind
from roadmaps.models import RoadmapVersion, Stage
from roadmaps.selectors.snapshot import roadmap_snapshot, snapshot_sha256
from roadmaps.services.publication import publish_roadmap
from tests.factories import MembershipFactory, NHSEnglandFactory
from tests.roadmaps.baseline_world import make_baseline_world, release_decision, sign_off_and_submit
from tests.roadmaps.benefit_data import add_money_benefit
from tests.roadmaps.page_text import html_texts, pdf_lines, raw_structure, rows_after, table_rows
from tests.roadmaps.section_pages import rows_of, section_url
from tests.roadmaps.submission_world import fill_draft, make_world

CAPTION = "Section scores out of 100 from each provider's submitted self-assessment"


@pytest.fixture
def bw(db):
    return make_baseline_world()


def draft_baseline_rows(client, bw):
    client.force_login(bw.world.lead_editor)
    return rows_of(client.get(section_url(bw.roadmap, "baseline")).content.decode(), CAPTION)


def published(bw):
    """The submitted version accepted and published, its publication stage open."""
    release_decision(bw, ReviewDecision.ACCEPT)
    Stage.objects.filter(cycle=bw.roadmap.footprint.cycle, kind=StageKind.PUBLICATION).update(
        opens_at=timezone.now()
    )
    admin = MembershipFactory(organisation=NHSEnglandFactory(), role="admin").user
    return publish_roadmap(roadmap=bw.roadmap, published_by=admin)


def every_page(client, bw, version):
    """What each page of the version shows: {page: (html or None, the texts it shows)}."""
    roadmap, number = bw.roadmap, version.number
    client.force_login(bw.world.trust_viewer)
    version_page = client.get(reverse("roadmap_version", args=[roadmap.pk, number]))
    pdf = client.get(reverse("roadmap_version_pdf", args=[roadmap.pk, number]))
    client.force_login(bw.reviewer)
    review_page = client.get(reverse("review_roadmap", args=[roadmap.pk]))
    published(bw)
    client.logout()
    public_page = client.get(reverse("published_roadmap", args=[roadmap.pk]))
    pages = {"version": version_page, "review": review_page, "public": public_page}
    assert [response.status_code for response in [*pages.values(), pdf]] == [200] * 4
    shown = {name: response.content.decode() for name, response in pages.items()}
    return shown, pdf_lines(pdf.content)


def test_a_submitted_baseline_is_the_drafts_table_on_every_page_and_in_the_pdf(client, bw):
    draft = draft_baseline_rows(client, bw)
    version = sign_off_and_submit(bw.world)

    pages, pdf = every_page(client, bw, version)

    assert [row.rsplit(" ", 3)[0] for row in draft] == [
        "Provider",
        "Leeds Community Healthcare",
        "Leeds Teaching Hospitals",
        "National median",
    ]
    assert draft[0] == "Provider Readiness Capabilities Infrastructure"
    shown = {name: table_rows(html, CAPTION) for name, html in pages.items()}
    shown["pdf"] = rows_after(pdf, draft[0], len(draft))
    assert shown == {"version": draft, "review": draft, "public": draft, "pdf": draft}


def test_no_section_of_a_submitted_version_shows_stored_data_raw_on_any_page(client, bw):
    # The register holds a quality benefit and a money benefit shared by two CCGs.
    add_money_benefit(bw.roadmap, owner=bw.world.lead, partner=bw.world.partner)
    version = sign_off_and_submit(bw.world)

    pages, pdf = every_page(client, bw, version)

    snapshot = version.snapshot
    benefits = snapshot["sections"]["benefits"]
    assert [benefit["category"] for benefit in benefits] == ["quality_and_safety", "cashable"]
    assert benefits[1]["yearly_values"] == {"2017/18": "120000.00", "2018/19": "250000.50"}
    found = {name: raw_structure(html_texts(html), snapshot) for name, html in pages.items()}
    found["pdf"] = raw_structure(pdf, snapshot)
    assert found == {"version": [], "review": [], "public": [], "pdf": []}


def test_a_figure_a_version_kept_without_a_value_reads_as_a_dash(client, db):
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead)
    snapshot = roadmap_snapshot(world.roadmap)
    snapshot["sections"]["baseline"]["figures"] = {
        "sections": [
            {"code": "readiness", "title": "Readiness"},
            {"code": "infra", "title": "Infrastructure"},
        ],
        "national_medians": [None, "50.0"],
        "providers": [
            {"name": "Leeds Teaching Hospitals", "ods_code": "RR8", "scores": ["61.0", None]}
        ],
    }
    RoadmapVersion.objects.create(roadmap=world.roadmap, number=1, snapshot=snapshot,
                                  sha256=snapshot_sha256(snapshot))  # fmt: skip
    client.force_login(world.lead_editor)

    page = client.get(reverse("roadmap_version", args=[world.roadmap.pk, 1])).content.decode()

    assert table_rows(page, CAPTION) == [
        "Provider Readiness Infrastructure",
        "Leeds Teaching Hospitals 61.0 –",
        "National median – 50.0",
    ]
