"""What changed between two submitted versions is what the footprint changed. Each version
keeps the baseline's maturity figures as they were when it was submitted and shows those;
figures worked out again in between are said to differ, never counted as a change."""

import re

import pytest
from django.urls import reverse

from maturity.services.figures import recompute_figures
from roadmaps.services.drafts import save_section
from tests.factories import OrganisationFactory
from tests.roadmaps.baseline_world import (
    answer_everything,
    ask_for_changes,
    make_baseline_world,
    sign_off_and_submit,
)
from tests.roadmaps.page_text import html_texts, table_rows
from tests.roadmaps.test_version_display import CAPTION, draft_baseline_rows

NEW_VISION = "Every resident's record shared across Leeds by 2019."


@pytest.fixture
def bw(db):
    return make_baseline_world()


def figures_worked_out_again(bw):
    """Another trust in the country submits, so the national figures move."""
    cycle = bw.roadmap.footprint.cycle
    hull = OrganisationFactory(name="Hull University Teaching Hospitals", kind="nhs_trust")
    answer_everything(hull, cycle=cycle, question_set=bw.question_set, offset=5)
    recompute_figures(cycle=cycle)


def vision_edited_and_resubmitted(bw):
    roadmap = bw.roadmap
    roadmap.refresh_from_db()
    save_section(roadmap=roadmap, key="vision", data={"vision": NEW_VISION},
                 expected_version=roadmap.version, saved_by=bw.world.lead_editor)  # fmt: skip
    return sign_off_and_submit(bw.world)


def changed_sections(html, id_prefix):
    """The sections with a table of changes: (heading, rows of that table)."""
    found = []
    for key, body in re.findall(
        rf'<section[^>]*aria-labelledby="{id_prefix}(\w+)"[^>]*>(.*?)</section>', html, re.S
    ):
        if "<table" in body:
            heading = re.search(r"<h\d[^>]*>(.*?)</h\d>", body, re.S).group(1)
            rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
            found.append((key, heading, [" ".join(html_texts(row)) for row in rows]))
    return found


def review_changes(html):
    """The review page's "What changed" box: its summary and each changed section's rows."""
    box = re.search(r'<section[^>]*aria-labelledby="changes-heading">(.*?)</section>', html, re.S)
    body = box.group(1)
    parts = re.findall(r'<h3[^>]*id="changes-(\w+)">(.*?)</h3>\s*<table.*?</table>', body, re.S)
    summary = re.search(r"<p>(From version.*?)</p>", body, re.S).group(1)
    return " ".join(summary.split()), [(key, title) for key, title in parts]


def test_what_changed_lists_only_the_vision_when_only_the_vision_was_edited(client, bw):
    draft_then = draft_baseline_rows(client, bw)
    first = sign_off_and_submit(bw.world)
    ask_for_changes(bw)
    figures_worked_out_again(bw)
    draft_now = draft_baseline_rows(client, bw)
    second = vision_edited_and_resubmitted(bw)
    client.force_login(bw.world.lead_editor)

    compare = client.get(
        reverse("compare_roadmap_versions", args=[bw.roadmap.pk]), {"old": 1, "new": 2}
    ).content.decode()
    pages = [
        client.get(reverse("roadmap_version", args=[bw.roadmap.pk, number])).content.decode()
        for number in (first.number, second.number)
    ]
    client.force_login(bw.reviewer)
    review = client.get(reverse("review_roadmap", args=[bw.roadmap.pk])).content.decode()

    assert draft_now != draft_then  # the figures did move between the two submissions
    assert [table_rows(page, CAPTION) for page in pages] == [draft_then, draft_now]
    assert "1 section changed." in compare
    assert changed_sections(compare, "compare-") == [
        (
            "vision",
            "Vision for digitally enabled transformation",
            [
                "What Change Version 1 Version 2",
                f"Vision Changed Our plan, part 2: shared care records across Leeds. {NEW_VISION}",
            ],
        )
    ]
    assert review_changes(review) == (
        "From version 1 (Ask for changes) to version 2: 1 section changed.",
        [("vision", "Vision for digitally enabled transformation")],
    )
    assert "In the Baseline section, the maturity figures of version 1 and version 2 differ." in (
        " ".join(html_texts(review))
    )
