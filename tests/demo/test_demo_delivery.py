"""``manage.py load_demo``'s delivery tracking: reporting periods around the day it runs and
three quarters of progress returns in every state, written through the services."""

from collections import Counter
from datetime import date, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from accounts.models import AuditEvent, OutboundEmail, User
from delivery.confidence import steps_between
from delivery.models import (
    CheckRun,
    Finding,
    ProgressReturn,
    ReportingPeriod,
    ReturnAssurance,
    ReturnBenefit,
    ReturnSubmission,
)
from delivery.selectors.benefits import benefits_with_figures
from delivery.selectors.findings import findings_for_user, stale_returns, stale_versions
from delivery.selectors.returns import return_figures
from delivery.services.submission import missing_for_sign_off
from roadmaps.models import RoadmapVersion
from roadmaps.services.cycles import LONDON, end_of_day, start_of_day

# A Thursday in the third quarter of 2025/26: its returns are open, the two before are past.
DEMO_DAY = datetime(2025, 11, 20, 12, 0, tzinfo=LONDON)


def load_demo(moment):
    with time_machine.travel(moment, tick=False), override_settings(DEBUG=True):
        call_command("load_demo", stdout=StringIO())


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo loaded twice on DEMO_DAY, as two `make run`s that day would; rolled back
    once the tests below have run."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(DEMO_DAY)
        load_demo(DEMO_DAY)
        yield
        transaction.set_rollback(True)


def returns_by_place():
    rows = ProgressReturn.objects.select_related("roadmap__footprint", "period")
    return {(r.roadmap.footprint.name, r.period.label): r for r in rows}


@pytest.mark.django_db
def test_the_periods_are_this_quarter_open_now_and_the_two_before_by_their_real_names(demo):
    periods = ReportingPeriod.objects.order_by("period_end")

    assert [(p.label, p.period_end, p.opens_at, p.due_at) for p in periods] == [
        ("2025/26 Q1", date(2025, 6, 30), start_of_day(date(2025, 7, 1)),
         end_of_day(date(2025, 7, 28))),
        ("2025/26 Q2", date(2025, 9, 30), start_of_day(date(2025, 10, 1)),
         end_of_day(date(2025, 10, 28))),
        # The current quarter's return is open from the quarter's first day in the demo.
        ("2025/26 Q3", date(2025, 12, 31), start_of_day(date(2025, 10, 1)),
         end_of_day(date(2026, 1, 29))),
    ]  # fmt: skip
    assert [p.opens_at <= DEMO_DAY <= p.due_at for p in periods] == [False, False, True]
    assert not AuditEvent.objects.filter(verb="period.added").exclude(actor=None).exists()


@pytest.mark.django_db
def test_three_roadmaps_have_returns_in_every_state_over_three_quarters(demo):
    found = {key: r.state for key, r in returns_by_place().items()}

    assert found == {
        ("Salford", "2025/26 Q1"): "accepted",
        ("Salford", "2025/26 Q2"): "accepted",
        ("Salford", "2025/26 Q3"): "draft",
        ("Sheffield", "2025/26 Q1"): "accepted",
        ("Sheffield", "2025/26 Q2"): "accepted",
        ("Sheffield", "2025/26 Q3"): "awaiting_sign_off",
        ("Doncaster", "2025/26 Q1"): "accepted",
        ("Doncaster", "2025/26 Q2"): "more_information",
        ("Doncaster", "2025/26 Q3"): "submitted",
    }
    assert Counter(found.values()) == {"accepted": 5, "draft": 1, "awaiting_sign_off": 1,
                                       "more_information": 1, "submitted": 1}  # fmt: skip
    assert Counter(label for _name, label in found) == {
        "2025/26 Q1": 3, "2025/26 Q2": 3, "2025/26 Q3": 3}  # fmt: skip
    assert ReturnSubmission.objects.count() == 7
    assert Counter(
        ReturnAssurance.objects.exclude(released_at=None).values_list("decision", flat=True)
    ) == {"accept": 5, "more_information": 1}


@pytest.mark.django_db
def test_ratings_improve_worsen_and_stay_between_consecutive_quarters(demo):
    found = returns_by_place()
    moves = Counter()
    for name in ("Salford", "Sheffield", "Doncaster"):
        quarters = [found[(name, f"2025/26 Q{n}")] for n in (1, 2, 3)]
        for earlier, later in zip(quarters, quarters[1:], strict=False):
            if later.state == "draft":
                continue
            step = steps_between(earlier.delivery_confidence, later.delivery_confidence)
            moves["improved" if step > 0 else "worsened" if step < 0 else "same"] += 1

    assert moves == {"improved": 2, "worsened": 2, "same": 1}
    assert [found[("Doncaster", f"2025/26 Q{n}")].delivery_confidence for n in (1, 2, 3)] == [
        "amber_red", "red", "amber"]  # fmt: skip


@pytest.mark.django_db
def test_the_suggestions_come_from_slipped_milestones_and_late_capabilities(demo):
    found = returns_by_place()
    slipped = return_figures(found[("Doncaster", "2025/26 Q1")])
    late = found[("Doncaster", "2025/26 Q3")]
    late_figures = return_figures(late)
    frozen = late.submissions.get()

    assert [line.slippage for line in slipped.milestones] == [122]
    assert slipped.suggestion.rating == "amber_red"
    assert [line.letter for line in late_figures.capabilities_after_deadline] == ["J"]
    # Rated Amber when the rules suggest Amber/Red, with the footprint's reason.
    assert (frozen.delivery_confidence, frozen.suggested_confidence) == ("amber", "amber_red")
    assert frozen.snapshot["rating"]["override_reason"].startswith("The interface for")
    assert [line.slippage for line in return_figures(found[("Sheffield", "2025/26 Q1")])
            .milestones] == [61]  # fmt: skip
    assert missing_for_sign_off(found[("Sheffield", "2025/26 Q3")]) == []


@pytest.mark.django_db
def test_an_added_milestone_and_risk_and_an_assured_rating_that_differs(demo):
    found = returns_by_place()
    salford = found[("Salford", "2025/26 Q2")]
    assured = salford.submissions.get().assurance

    assert [m.title for m in salford.milestones.filter(added=True)] == [
        "GP practices' out-of-hours services on the shared care record"]  # fmt: skip
    assert found[("Sheffield", "2025/26 Q1")].risks.filter(added=True, likelihood=4).exists()
    assert (salford.delivery_confidence, assured.assured_confidence) == ("amber_green", "amber")
    assert assured.released_by.email == "reviewer@demo.example"


@pytest.mark.django_db
def test_the_demo_people_acted_and_were_emailed(demo):
    actors = Counter(
        AuditEvent.objects.filter(verb__in=["return.submitted", "return.accepted"]).values_list(
            "verb", "actor__email"
        )
    )
    emails = Counter(
        OutboundEmail.objects.filter(template__startswith="return_").values_list("template", "to")
    )

    assert actors == {
        ("return.submitted", "salford.approver@demo.example"): 2,
        ("return.submitted", "sheffield.approver@demo.example"): 2,
        ("return.submitted", "doncaster.approver@demo.example"): 3,
        ("return.accepted", "reviewer@demo.example"): 5,
    }
    assert emails[("return_more_information", "doncaster.editor@demo.example")] == 1
    assert emails[("return_sign_off_requested", "sheffield.approver@demo.example")] == 3


@pytest.mark.django_db
def test_a_later_load_adds_the_quarter_begun_since_and_opens_its_returns(demo):
    load_demo(datetime(2026, 2, 10, 9, 0, tzinfo=LONDON))

    newest = ReportingPeriod.objects.order_by("period_end").last()
    opened = ProgressReturn.objects.filter(period=newest).select_related("previous__period")

    assert (newest.label, newest.opens_at, newest.due_at) == (
        "2025/26 Q4", start_of_day(date(2026, 1, 1)), end_of_day(date(2026, 4, 30)))  # fmt: skip
    assert sorted((r.state, r.previous.period.label) for r in opened) == [
        ("draft", "2025/26 Q3")] * 3  # fmt: skip
    assert ProgressReturn.objects.count() == 12


@pytest.mark.django_db
def test_benefits_are_reported_in_every_state_with_a_target_moved_and_an_override(demo, client):
    returns = returns_by_place()
    ratings = Counter()
    moved = []
    for (name, label), progress_return in sorted(returns.items()):
        for line in benefits_with_figures(progress_return):
            ratings[line.realisation.rating] += 1
            if line.realisation.target_days_later:
                moved.append((name, label, line.realisation.target_days_later))
    assert {"on_track", "at_risk", "off_track", "no_data"} <= set(ratings)
    assert ReturnBenefit.objects.exclude(rating_override="").count() == 1
    # Salford moved its readmissions target by 91 days in its second quarter; its draft
    # for the third still says so.
    assert ("Salford", "2025/26 Q2", 91) in moved and ("Salford", "2025/26 Q3", 91) in moved

    salford = returns[("Salford", "2025/26 Q2")]
    client.force_login(User.objects.get(email="salford.editor@demo.example"))
    page = client.get(reverse("return_section", args=[salford.pk, "benefits"]))
    text = " ".join(page.content.decode().split())
    assert "Target date 91 days later than accepted" in text


def open_findings(**subject):
    return sorted(
        Finding.objects.filter(**subject, state="open", cleared_at=None).values_list(
            "check_id", "summary"
        )
    )


@pytest.mark.django_db
def test_the_roadmap_in_review_and_the_return_waiting_for_assurance_have_open_findings(demo):
    east_riding = RoadmapVersion.objects.get(roadmap__footprint__name="East Riding")
    waiting = returns_by_place()[("Doncaster", "2025/26 Q3")]
    reviewer = User.objects.get(email="reviewer@demo.example")

    assert east_riding.roadmap.state == "in_review"
    assert open_findings(roadmap_version=east_riding) == [
        ("missing_evidence", "Hull and East Yorkshire Hospitals NHS Trust did not sign off "
                             "version 1."),
        ("missing_evidence", "Northern Lincolnshire and Goole NHS Foundation Trust did not sign "
                             "off version 1."),
        ("unmitigated_high_risks", "“The shared care record supplier may not deliver the "
                                   "interfaces on time.” has likelihood 4 and impact 5, and no "
                                   "mitigation."),
    ]  # fmt: skip
    assert waiting.state == "submitted"
    assert open_findings(progress_return=waiting) == [
        ("unmitigated_high_risks", "“The new interface supplier has not connected to our GP "
                                   "systems before.” has likelihood 4 and impact 5, and no "
                                   "mitigation."),
    ]  # fmt: skip
    # NHS England's reviewer sees them among every finding of the demo.
    assert {f.footprint.name for f in findings_for_user(reviewer)} >= {"East Riding", "Doncaster"}
    # The checks ran once on each submitted version and return, and a second load found
    # nothing stale to run again.
    assert CheckRun.objects.count() == RoadmapVersion.objects.count() + 7
    assert (stale_versions(), stale_returns()) == ([], [])
