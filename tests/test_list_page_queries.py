"""Every list page makes the same number of queries for one local office's picture as for
the whole country's: ``seed_national --scale small`` and then ``--scale full``, each in a
savepoint rolled back after its pages have been counted.

Each page is fetched by the person who uses it (an NHS England admin or reviewer for the
national pages, a CCG editor or a trust editor for their own lists, nobody for the public
pages), "as at" the seed's moment, once to warm per-process caches and once counted.
"""

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from demo.seed.scale import DEFAULT_AS_AT, DOMAIN
from maturity.enums import AssessmentState
from maturity.models import Assessment
from roadmaps.enums import RoadmapState
from roadmaps.models import FootprintMerge, Roadmap

ADMIN = f"admin@{DOMAIN}"
REVIEWER = f"reviewer@{DOMAIN}"


def pages(people):
    """(name, who, url, query) for every list page; ``people`` names the scale's editors."""
    footprint = people["footprint"]
    return [
        ("organisation search", ADMIN, reverse("organisation_search"), {}),
        ("organisation search, a query", ADMIN, reverse("organisation_search"), {"q": "NHS"}),
        ("footprint list, national", REVIEWER, reverse("footprint_list"), {}),
        ("footprint list, a CCG's", people["ccg"], reverse("footprint_list"), {}),
        # Filtered to CCGs in a footprint: unfiltered, the small scale's first page holds only
        # CCGs outside any footprint, and Django skips a prefetch that has nothing to fetch.
        (
            "coverage register, endorsed",
            REVIEWER,
            reverse("coverage_register"),
            {"state": "endorsed"},
        ),  # fmt: skip
        (
            "coverage register, one local office",
            REVIEWER,
            reverse("coverage_register"),
            {"local_office": "Q72"},
        ),  # fmt: skip
        ("coverage register CSV", REVIEWER, reverse("coverage_register_csv"), {}),
        (
            "coverage register, the refresh's drafts",
            REVIEWER,
            reverse("coverage_register"),
            {"cycle": people["refresh"], "state": "draft"},
        ),
        ("national status board", REVIEWER, reverse("national_board"), {}),
        (
            "national status board, the refresh",
            REVIEWER,
            reverse("national_board"),
            {"cycle": people["refresh"]},
        ),
        (
            "national status board CSV",
            REVIEWER,
            reverse("national_board_export", args=["csv"]),
            {},
        ),  # fmt: skip
        ("review queue", REVIEWER, reverse("review_queue"), {}),
        ("roadmap list, national", REVIEWER, reverse("roadmap_list"), {}),
        ("roadmap list, a CCG's", people["ccg"], reverse("roadmap_list"), {}),
        ("assessment list, national", REVIEWER, reverse("assessment_list"), {}),
        ("assessment list, a CCG's", people["ccg"], reverse("assessment_list"), {}),
        ("assessment list, a trust's", people["trust"], reverse("assessment_list"), {}),
        ("national maturity results", REVIEWER, reverse("national_results"), {}),
        (
            "national maturity scores CSV",
            REVIEWER,
            reverse("national_scores_export", args=["csv"]),
            {},
        ),  # fmt: skip
        (
            "footprint maturity results",
            people["ccg"],
            reverse("footprint_results", args=[footprint]),
            {},
        ),  # fmt: skip
        (
            "footprint maturity scores CSV",
            people["ccg"],
            reverse("footprint_scores_export", args=[footprint, "csv"]),
            {},
        ),  # fmt: skip
        ("outbox", ADMIN, reverse("admin_outbox"), {}),
        ("my emails", people["ccg"], reverse("my_emails"), {}),
        ("publication", ADMIN, reverse("publication"), {}),
        ("send reminders, preview", ADMIN, reverse("send_reminders"), {"stage": ""}),
        ("published roadmaps", None, reverse("published_roadmaps"), {}),
        ("published maturity results", None, reverse("published_maturity_results"), {}),
        ("published maturity scores CSV", None, reverse("published_maturity_scores_csv"), {}),
        (
            "merge footprints, the refresh",
            ADMIN,
            reverse("merge_footprints"),
            {"cycle": people["refresh"]},
        ),
        (
            "delivery history with predecessors, as reported",
            REVIEWER,
            reverse("footprint_delivery_history", args=[people["merged"]]),
            {},
        ),
        (
            "delivery history with predecessors, re-based",
            REVIEWER,
            reverse("footprint_delivery_history", args=[people["merged"]]),
            {"view": "rebased"},
        ),
        ("home, a CCG editor", people["ccg"], reverse("home"), {}),
        ("home, an NHS England admin", ADMIN, reverse("home"), {}),
    ]


def editors():
    """A lead CCG editor whose roadmap is in review, and an editor of a trust whose
    self-assessment is published: there are such people at both scales."""
    roadmap = (
        Roadmap.objects.filter(state=RoadmapState.IN_REVIEW)
        .select_related("footprint__lead_ccg")
        .order_by("footprint__name")
        .first()
    )
    assessment = (
        Assessment.objects.filter(state=AssessmentState.PUBLISHED)
        .select_related("organisation")
        .order_by("organisation__ods_code")
        .first()
    )
    merge = FootprintMerge.objects.select_related("into").order_by("pk").first()
    return {
        "refresh": merge.cycle_id,
        "merged": merge.into_id,
        "ccg": f"editor.{roadmap.footprint.lead_ccg.ods_code.lower()}@{DOMAIN}",
        "trust": f"editor.{assessment.organisation.ods_code.lower()}@{DOMAIN}",
        "footprint": roadmap.footprint_id,
    }


def count_queries(client, url, query):
    client.get(url, query)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries)


def counts_at(scale):
    """{page: queries} with the database seeded at ``scale``; the database is left empty."""
    with transaction.atomic():
        call_command("seed_national", "--scale", scale, stdout=StringIO())
        counts = {}
        with time_machine.travel(DEFAULT_AS_AT, tick=False):
            for name, email, url, query in pages(editors()):
                client = Client()
                if email:
                    client.force_login(User.objects.get(email=email))
                counts[name] = count_queries(client, url, query)
        transaction.set_rollback(True)
    return counts


@pytest.mark.django_db
def test_every_list_page_makes_as_many_queries_for_the_country_as_for_one_local_office():
    small = counts_at("small")
    full = counts_at("full")

    grew = {name: (small[name], full[name]) for name in small if small[name] != full[name]}
    assert grew == {}, f"(small, full) queries of pages whose count grew: {grew}"
