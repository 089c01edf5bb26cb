"""The benefits register of a submitted version as people read it: on the version's page (also
the page printed), in its PDF, on the review page and on the public page; what changed in it
between two versions; a reviewer's comments on one benefit; and a version submitted before
roadmaps kept a register."""

import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.errors import ActionRefused
from roadmaps.enums import ReviewDecision, RoadmapState
from roadmaps.models import (
    Benefit,
    BenefitShare,
    BenefitYearValue,
    Review,
    ReviewComment,
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
from tests.roadmaps.review_world import ready_to_release, reviewer_of, submit_directly
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
# A benefit's record on any page; on the review page, its block: the record, its comments and
# its comment form.
RECORD = r'<div class="roadmap-record">(.*?)</div>'
BLOCK = r'<div class="border-start[^"]*" data-item="\d+">(.*?</form>)\s*</div>'


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


# --- Comments on one benefit ---------------------------------------------------------------


@pytest.fixture
def reviewing(rw):
    review_services.assign_reviewer(roadmap=rw.roadmap, reviewer=rw.reviewer,
                                    assigned_by=rw.reviewer)  # fmt: skip
    return rw


def comment(client, rw, text, item=None):
    data = {"action": "comment", "section": "benefits", "text": text}
    if item is not None:
        data["item"] = item
    return client.post(reverse("review_roadmap", args=[rw.roadmap.pk]), data)


def blocks_by_benefit(html):
    """{benefit: the texts below its record on the review page (its comments and its form)}."""
    found = {}
    for block in re.findall(BLOCK, section_html(html), re.S):
        heading = html_texts(re.search(RECORD, block, re.S).group(1))[0]
        found[heading] = html_texts(re.split(RECORD, block, flags=re.S)[-1])
    return found


def below_the_benefits(html):
    """The texts of the benefits section after its last benefit: comments on the section."""
    body = section_html(html)
    return html_texts(body[list(re.finditer(BLOCK, body, re.S))[-1].end() :])


def test_a_comment_on_one_benefit_shows_under_that_benefit_and_not_the_other(client, reviewing):
    rw = reviewing
    client.force_login(rw.reviewer)

    posted = comment(client, rw, "Say how the £120,000 a year is counted.", item=rw.money.pk)
    comment(client, rw, "The register is clear.")
    html = page(client, "review_roadmap", rw.roadmap.pk).content.decode()

    assert posted.status_code == 302
    blocks = blocks_by_benefit(html)
    assert blocks[MONEY_BENEFIT][:3] == [
        "Comments for the footprint",
        "Say how the £120,000 a year is counted.",
        "– Grace Adeyemi",
    ]
    assert blocks[QUALITY_BENEFIT][:1] == ["Comment on this benefit"]
    assert list(ReviewComment.objects.values_list("section", "item", "text")) == [
        ("benefits", rw.money.pk, "Say how the £120,000 a year is counted."),
        ("benefits", None, "The register is clear."),
    ]
    assert below_the_benefits(html)[:3] == [
        "Comments for the footprint",
        "The register is clear.",
        "– Grace Adeyemi",
    ]


def test_the_footprint_reads_a_comment_on_a_benefit_under_that_benefit_once_released(
    client, reviewing
):
    rw = reviewing
    review = Review.objects.get()
    review_services.comment_on_section(review=review, section="benefits", item=rw.money.pk,
                                       text="Say how the £120,000 is counted.",
                                       author=rw.reviewer)  # fmt: skip
    review_services.comment_on_section(review=review, section="benefits", author=rw.reviewer,
                                       text="The register is clear.")  # fmt: skip
    client.force_login(rw.world.lead_editor)
    before = page(client, "roadmap_review_history", rw.roadmap.pk).content.decode()
    ready_to_release(review, rw.reviewer, decision=ReviewDecision.REQUEST_CHANGES)
    review_services.release_decision(review=review, released_by=rw.reviewer)

    after = page(client, "roadmap_review_history", rw.roadmap.pk).content.decode()

    assert "£120,000" not in before
    released = re.search(r'<section[^>]*aria-labelledby="review-1">(.*?)</section>', after, re.S)
    texts = html_texts(released.group(1))
    start = texts.index("Comments on sections")
    today = date_format(timezone.localdate(), "j F Y")
    assert texts[start + 1 :] == [
        "Benefits",
        "The register is clear.",
        f"Grace Adeyemi, {today}",
        f"On the benefit “{MONEY_BENEFIT}”",
        "Say how the £120,000 is counted.",
        f"Grace Adeyemi, {today}",
    ]


def test_a_comment_on_a_benefit_the_version_does_not_have_is_refused_and_nothing_saved(
    client, reviewing
):
    rw = reviewing
    client.force_login(rw.reviewer)
    later = add_benefit(rw.roadmap, owner=rw.world.lead, description="Added to the draft later")
    review = Review.objects.get()

    responses = [comment(client, rw, "Hm", item=item) for item in (later.pk, "x", "-1")]
    with pytest.raises(ActionRefused) as refused:
        review_services.comment_on_section(review=review, section="benefits", item=later.pk,
                                           text="Hm", author=rw.reviewer)  # fmt: skip

    assert [response.status_code for response in responses] == [400, 400, 400]
    assert responses[0].content.decode() == (
        "Choose a section of the roadmap, or one of its benefits, to comment on."
    )
    assert str(refused.value) == "Choose a benefit of the reviewed version to comment on."
    assert ReviewComment.objects.count() == 0


def test_an_empty_comment_on_a_benefit_comes_back_under_that_benefit_with_its_error(
    client, reviewing
):
    rw = reviewing
    client.force_login(rw.reviewer)

    response = comment(client, rw, "   ", item=rw.money.pk)

    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'href="#comment-benefits-\d+-text"', html).group(0) == (
        f'href="#comment-benefits-{rw.money.pk}-text"'
    )
    money_block = blocks_by_benefit(html)[MONEY_BENEFIT]
    assert "Write your comment." in money_block
    assert "Write your comment." not in blocks_by_benefit(html)[QUALITY_BENEFIT]
    assert ReviewComment.objects.count() == 0


@pytest.mark.parametrize(
    ("item", "text"),
    [
        ("Walk\x00input", "A comment"),
        ("-99999999999999999999", "A comment"),
        ("0123456789" * 1000, "A comment"),
        (None, "A comment with a NUL\x00 byte"),
    ],
    ids=["NUL item", "out-of-range item", "long item", "NUL text"],
)
def test_bad_input_in_a_benefits_comment_form_is_refused_without_a_500(
    client, reviewing, item, text
):
    rw = reviewing
    client.force_login(rw.reviewer)

    response = comment(client, rw, text, item=rw.money.pk if item is None else item)

    assert response.status_code == 400
    assert ReviewComment.objects.count() == 0
