"""The benefits register of a submitted version as people read it: on the version's page (also
the page printed), in its PDF, on the review page and on the public page; what changed in it
between two versions; and a version submitted before roadmaps kept a register."""

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from roadmaps.enums import RoadmapState
from roadmaps.models import (
    Benefit,
    BenefitShare,
    BenefitYearValue,
    Roadmap,
    RoadmapVersion,
)
from roadmaps.selectors.snapshot import roadmap_snapshot, snapshot_sha256
from roadmaps.services import review as review_services
from tests.roadmaps.benefit_data import (
    MONEY_BENEFIT,
    QUALITY_BENEFIT,
    add_benefit,
    add_money_benefit,
)
from tests.roadmaps.page_text import html_texts, pdf_lines
from tests.roadmaps.review_world import reviewer_of, submit_directly
from tests.roadmaps.submission_world import fill_draft, make_world
from tests.roadmaps.test_version_comparison import changed_sections
from tests.roadmaps.test_version_display import published

NO_REGISTER = "This version has no benefits register."

# What each benefit says, label by label, as every page shows it (a value of several lines is
# a list); then, for a money benefit, its expected value in each financial year.
QUALITY_SAYS = [
    ("Category", "Quality and safety"),
    ("Universal capability", "–"),
    ("Capability group", "Medicines management and optimisation"),
    ("Owner", "NHS Leeds CCG"),
    ("Owner's role", "Chief Pharmacist"),
    ("Measure", "Discharges with medicines reconciled within 24 hours"),
    ("Unit", "%"),
    ("Direction", "Up is good"),
    ("Baseline", "62.5 on 31 January 2016"),
    ("Target", "95 by 31 March 2020"),
    ("Shares", "Not shared"),
]
MONEY_SAYS = [
    ("Category", "Cashable"),
    ("Universal capability", "C. Patients can access their GP record"),
    ("Capability group", "Orders and results management"),
    ("Owner", "NHS Leeds CCG"),
    ("Owner's role", "Director of Finance"),
    ("Measure", "Pathology tests repeated within 30 days"),
    ("Unit", "tests a month"),
    ("Direction", "Down is good"),
    ("Baseline", "1,200 on 31 March 2016"),
    ("Target", "600 by 31 March 2019"),
    ("Shares", ["NHS Leeds CCG 60%", "NHS Wakefield CCG 40%"]),
]
MONEY_YEARS = [
    ("2016/17", "–"),
    ("2017/18", "£120,000"),
    ("2018/19", "£250,000.50"),
    ("2019/20", "–"),
    ("2020/21", "–"),
    ("Total", "£370,000.50"),
]
YEARS_CAPTION = "Expected value of this benefit in each financial year"
# A benefit's record on any page.
RECORD = r'<div class="roadmap-record">(.*?)</div>'


def html_reads(heading, says, years=()):
    """The texts of a benefit's record on a page, in order."""
    texts = [heading]
    for label, value in says:
        texts += [label, *(value if isinstance(value, list) else [value])]
    if years:
        texts += [YEARS_CAPTION, "Financial year", "Expected value"]
        texts += [text for row in years for text in row]
    return texts


def pdf_reads(heading, says, years=()):
    """The lines of a benefit in the PDF: each label beside its value."""
    lines = [heading]
    for label, value in says:
        first, *rest = value if isinstance(value, list) else [value]
        lines += [f"{label} {first}", *rest]
    if years:
        lines += [YEARS_CAPTION, "Financial year Expected value"]
        lines += [f"{year} {value}" for year, value in years]
    return lines


QUALITY_HTML = html_reads(QUALITY_BENEFIT, QUALITY_SAYS)
MONEY_HTML = html_reads(MONEY_BENEFIT, MONEY_SAYS, MONEY_YEARS)


@dataclass
class RegisterWorld:
    world: object
    roadmap: Roadmap
    version: RoadmapVersion
    reviewer: object
    quality: Benefit
    money: Benefit


@pytest.fixture
def rw(db):
    """The Leeds roadmap with a quality benefit and a money benefit, submitted as version 1,
    and the reviewer of its region."""
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead)
    money = add_money_benefit(world.roadmap, owner=world.lead, partner=world.partner)
    version = submit_directly(world.roadmap, by=world.lead_editor)
    reviewer = reviewer_of(world.lead.region, "grace@north.england.nhs.uk", "Grace Adeyemi")
    quality = Benefit.objects.get(description=QUALITY_BENEFIT)
    return RegisterWorld(world, world.roadmap, version, reviewer, quality, money)


def section_html(html, key="benefits"):
    match = re.search(rf'<section[^>]*aria-labelledby="section-{key}">(.*?)</section>', html, re.S)
    return match.group(1)


def records(html):
    """The texts of each record of the page's benefits section: its heading, what it says and
    its table of years."""
    body = section_html(html)
    return [html_texts(record) for record in re.findall(RECORD, body, re.S)]


def pdf_section(lines, title="Benefits", following="Attachments"):
    start = lines.index(title)
    return lines[start + 1 : lines.index(following, start)]


def page(client, name, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response


def test_the_register_reads_the_same_on_the_version_page_review_page_public_page_and_pdf(
    client, rw
):
    client.force_login(rw.world.trust_viewer)
    version_page = page(client, "roadmap_version", rw.roadmap.pk, 1).content.decode()
    pdf = pdf_lines(page(client, "roadmap_version_pdf", rw.roadmap.pk, 1).content)
    client.force_login(rw.reviewer)
    review_services.assign_reviewer(roadmap=rw.roadmap, reviewer=rw.reviewer,
                                    assigned_by=rw.reviewer)  # fmt: skip
    review_page = page(client, "review_roadmap", rw.roadmap.pk).content.decode()
    published(rw)
    client.logout()
    public_page = page(client, "published_roadmap", rw.roadmap.pk).content.decode()

    shown = {
        "version": records(version_page),
        "review": records(review_page),
        "public": records(public_page),
    }
    assert shown == {
        "version": [QUALITY_HTML, MONEY_HTML],
        "review": [QUALITY_HTML, MONEY_HTML],
        "public": [QUALITY_HTML, MONEY_HTML],
    }
    assert pdf_section(pdf) == [
        *pdf_reads(QUALITY_BENEFIT, QUALITY_SAYS),
        *pdf_reads(MONEY_BENEFIT, MONEY_SAYS, MONEY_YEARS),
    ]


def test_a_money_benefits_years_are_a_table_with_a_caption_and_a_header_per_column(client, rw):
    client.force_login(rw.world.lead_editor)

    html = page(client, "roadmap_version", rw.roadmap.pk, 1).content.decode()

    tables = re.findall(r"<table.*?</table>", section_html(html), re.S)
    assert len(tables) == 1
    rows = re.findall(r"<tr>(.*?)</tr>", tables[0], re.S)
    assert re.search(r"<caption[^>]*>(.*?)</caption>", tables[0]).group(1) == YEARS_CAPTION
    assert [re.findall(r"<(t[hd])", row) for row in rows] == [["th", "th"]] + [["th", "td"]] * 6


def old_version(roadmap, number=1):
    """A version as one submitted before roadmaps kept a register: no benefits section."""
    snapshot = roadmap_snapshot(roadmap)
    del snapshot["sections"]["benefits"]
    return RoadmapVersion.objects.create(roadmap=roadmap, number=number, snapshot=snapshot,
                                         sha256=snapshot_sha256(snapshot))  # fmt: skip


def test_a_version_submitted_before_the_register_says_it_has_none_on_every_page(client, db):
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead)
    version = old_version(world.roadmap)
    Roadmap.objects.filter(pk=world.roadmap.pk).update(state=RoadmapState.IN_REVIEW)
    reviewer = reviewer_of(world.lead.region, "grace@north.england.nhs.uk", "Grace Adeyemi")
    client.force_login(world.lead_editor)
    version_page = page(client, "roadmap_version", world.roadmap.pk, 1).content.decode()
    pdf = pdf_lines(page(client, "roadmap_version_pdf", world.roadmap.pk, 1).content)
    client.force_login(reviewer)
    review_page = page(client, "review_roadmap", world.roadmap.pk).content.decode()
    Roadmap.objects.filter(pk=world.roadmap.pk).update(
        state=RoadmapState.PUBLISHED, published_version=version, published_at=timezone.now()
    )
    client.logout()
    public_page = page(client, "published_roadmap", world.roadmap.pk).content.decode()

    shown = [html_texts(section_html(html)) for html in (version_page, review_page, public_page)]
    assert shown[0] == shown[2] == ["11. Benefits", NO_REGISTER]
    assert shown[1][:2] == ["11. Benefits", NO_REGISTER]
    assert pdf_section(pdf) == [NO_REGISTER]


# --- What changed between two versions -----------------------------------------------------


def test_what_changed_lists_a_changed_an_added_and_a_removed_benefit_by_name(client, rw):
    rw.money.target_value = 500
    rw.money.save(update_fields=["target_value"])
    BenefitYearValue.objects.filter(benefit=rw.money, year=2018).update(expected=300000)
    BenefitShare.objects.filter(benefit=rw.money, percent=60).update(percent=70)
    BenefitShare.objects.filter(benefit=rw.money, percent=40).update(percent=30)
    rw.quality.delete()
    add_benefit(rw.roadmap, owner=rw.world.trust, description="Shorter waits for results",
                category="workforce", capability_letter="", capability_group="orders",
                shares=[(rw.world.trust, "100")])  # fmt: skip
    submit_directly(rw.roadmap, by=rw.world.lead_editor)
    client.force_login(rw.world.lead_editor)

    compare = client.get(
        reverse("compare_roadmap_versions", args=[rw.roadmap.pk]), {"old": 1, "new": 2}
    ).content.decode()

    assert "1 section changed." in compare
    assert changed_sections(compare, "compare-") == [
        (
            "benefits",
            "Benefits",
            [
                "What Change Version 1 Version 2",
                f"{QUALITY_BENEFIT} Removed Description: {QUALITY_BENEFIT}; Category: Quality and "
                "safety; Capability group: Medicines management and optimisation; Owner: NHS "
                "Leeds CCG; Owner's role: Chief Pharmacist; Measure: Discharges with medicines "
                "reconciled within 24 hours; Unit: %; Direction: Up is good; Baseline: 62.5 on "
                "31 January 2016; Target: 95 by 31 March 2020; Shares: Not shared",
                f"{MONEY_BENEFIT}: Target Changed 600 by 31 March 2019 500 by 31 March 2019",
                f"{MONEY_BENEFIT}: Shares Changed NHS Leeds CCG 60% NHS Wakefield CCG 40% "
                "NHS Leeds CCG 70% NHS Wakefield CCG 30%",
                f"{MONEY_BENEFIT}: Expected value in 2018/19 Changed £250,000.50 £300,000",
                "Shorter waits for results Added Description: Shorter waits for results; "
                "Category: Workforce; Capability group: Orders and results management; Owner: "
                "Leeds Teaching Hospitals; Owner's role: Director of Finance; Measure: Pathology "
                "tests repeated within 30 days; Unit: tests a month; Direction: Down is good; "
                "Baseline: 1,200 on 31 March 2016; Target: 600 by 31 March 2019; Shares: Leeds "
                "Teaching Hospitals 100%",
            ],
        )
    ]


def test_a_version_with_a_register_compares_with_one_submitted_before_it(client, db):
    world = make_world()
    fill_draft(world.roadmap, owner=world.lead)
    old_version(world.roadmap)
    submit_directly(world.roadmap, by=world.lead_editor)
    client.force_login(world.lead_editor)

    response = client.get(
        reverse("compare_roadmap_versions", args=[world.roadmap.pk]), {"old": 1, "new": 2}
    )

    assert response.status_code == 200
    [(key, _title, rows)] = changed_sections(response.content.decode(), "compare-")
    assert (key, [row.split(" Added ")[0] for row in rows[1:]]) == ("benefits", [QUALITY_BENEFIT])
