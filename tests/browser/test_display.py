"""What a person sees, measured in the browser: a reviewer's name fits the review queue's
drop-down, table captions read as titles above their tables, the results chart shows each
theme's whole title inside its label column, and the service has an icon of its own."""

from django.urls import reverse

from accounts.enums import Role
from maturity.models import Section, Theme
from maturity.services.figures import recompute_figures
from maturity.services.question_sets import load_question_set
from tests.browser.axe import assert_accessible
from tests.factories import CycleFactory, MembershipFactory, OrganisationFactory
from tests.roadmaps.baseline_world import answer_everything
from tests.roadmaps.review_world import make_review_world, reviewer_of

LONG_NAME = "Christabel Ngozi Okonkwo-Fairweather"

# For each drop-down: the width its text has (padding and border taken off) and the width of
# its widest option's text, drawn in the drop-down's own font.
SELECT_WIDTHS = """(selects) => selects.map((select) => {
  const style = getComputedStyle(select);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const widest = Math.max(...[...select.options].map((o) => context.measureText(o.text).width));
  const room = select.getBoundingClientRect().width
    - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
    - parseFloat(style.borderLeftWidth) - parseFloat(style.borderRightWidth);
  return {id: select.id, room: Math.floor(room), text: Math.ceil(widest)};
})"""

CAPTIONS = """(captions) => captions
  .filter((caption) => !caption.classList.contains("visually-hidden"))
  .map((caption) => {
    const style = getComputedStyle(caption);
    const firstRow = caption.closest("table").querySelector("tr").getBoundingClientRect();
    return {
      text: caption.textContent.trim(),
      side: style.captionSide,
      colour: style.color,
      bold: parseInt(style.fontWeight, 10) >= 600,
      above: caption.getBoundingClientRect().bottom <= firstRow.top,
    };
  })"""

# Each label of the chart's rows (the axis numbers are centred on their ticks): its whole text,
# and whether it ends before the scale begins (the 0 tick, in the chart's own units).
CHART_LABELS = """(svg) => {
  const ticks = [...svg.querySelectorAll("line")].map((line) => +line.getAttribute("x1"));
  const scaleStarts = Math.min(...ticks);
  return [...svg.querySelectorAll("text:not([text-anchor=middle])")].map((text) => {
    const box = text.getBBox();
    const inside = box.x + box.width < scaleStarts;
    return {text: text.textContent.replace(/\\s+/g, " ").trim(), inside};
  });
}"""

SERVICE_DARK = "rgb(33, 43, 50)"


def test_the_review_queue_drop_down_is_wide_enough_for_the_longest_name(
    page, live_server, sign_in, axe_source
):
    rw = make_review_world()
    reviewer_of(rw.world.lead.region, "christabel@north.england.nhs.uk", LONG_NAME)
    sign_in(rw.north_reviewer)

    page.goto(live_server.url + reverse("review_queue"))

    widths = page.locator("select[name=reviewer]").evaluate_all(SELECT_WIDTHS)
    assert [w["id"] for w in widths] == [f"reviewer-{rw.roadmap.pk}"]
    assert [w["room"] >= w["text"] for w in widths] == [True], widths
    assert page.locator(f"#reviewer-{rw.roadmap.pk} option", has_text=LONG_NAME).count() == 1
    assert_accessible(page, axe_source)


def test_table_captions_are_titles_above_their_tables_in_the_text_colour_and_bold(
    page, live_server, sign_in, axe_source
):
    rw = make_review_world()
    sign_in(rw.north_reviewer)

    captions = []
    for url in (
        reverse("review_queue"),
        reverse("roadmap_version", args=[rw.roadmap.pk, rw.version.number]),
    ):
        page.goto(live_server.url + url)
        captions += page.locator("caption").evaluate_all(CAPTIONS)
        assert_accessible(page, axe_source)

    assert captions == [
        {"text": text, "side": "top", "colour": SERVICE_DARK, "bold": True, "above": True}
        for text in ("1 roadmap", "Members of the footprint")
    ]


def test_the_results_chart_shows_every_title_whole_inside_its_label_column(
    page, live_server, sign_in, axe_source
):
    question_set = load_question_set().question_set
    cycle = CycleFactory()
    trust = OrganisationFactory(kind="nhs_trust", name="Leeds Teaching Hospitals")
    assessment = answer_everything(trust, cycle=cycle, question_set=question_set, offset=1)
    recompute_figures(cycle=cycle)
    sign_in(MembershipFactory(organisation=trust, role=Role.VIEWER).user)

    page.goto(live_server.url + reverse("assessment_results", args=[assessment.pk]))

    labels = page.locator("figure.score-chart > svg").evaluate(CHART_LABELS)
    sections = Section.objects.filter(question_set=question_set).order_by("order")
    titles = []
    for section in sections:
        titles.append(section.title)
        titles += (
            Theme.objects.filter(section=section).order_by("order").values_list("title", flat=True)
        )
    assert "Medicines management and optimisation" in titles
    assert labels == [{"text": title, "inside": True} for title in titles]
    assert_accessible(page, axe_source)


def test_the_service_has_an_icon_of_its_own_served_locally(page, live_server):
    page.goto(live_server.url + reverse("home"))
    icons = page.locator("link[rel=icon]").evaluate_all("(links) => links.map((link) => link.href)")

    fetched = [page.request.get(href) for href in icons]
    root = page.request.get(live_server.url + "/favicon.ico", max_redirects=0)
    followed = page.request.get(live_server.url + "/favicon.ico")

    assert icons and all(href.startswith(live_server.url + "/static/") for href in icons)
    assert [(r.status, r.headers["content-type"]) for r in fetched] == [
        (200, "image/svg+xml")
    ] * len(icons)
    assert (root.status, root.headers.get("location")) == (301, "/static/img/favicon.svg")
    assert (followed.status, followed.headers["content-type"]) == (200, "image/svg+xml")
