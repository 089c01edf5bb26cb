"""``manage.py seed_national``: an empty database filled with a national picture, at the
small scale (one local office) the tests use."""

import hashlib
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.enums import ORGANISATION_ROLES, EmailState, OrganisationKind
from accounts.models import Membership, Organisation, OutboundEmail, User
from delivery.checks import CHECKS
from delivery.confidence import is_better, steps_between
from delivery.enums import BenefitRating, FindingState, ReturnState
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
from delivery.selectors.findings import stale_returns, stale_versions
from delivery.selectors.returns import latest_submission, return_figures
from delivery.services.checks import run_checks
from delivery.services.submission import missing_for_sign_off, return_snapshot
from demo.seed.scale import REGISTER_DAY
from maturity.enums import AssessmentState
from maturity.models import Answer, Assessment, Question
from roadmaps.enums import CCG_ROLES, FootprintState, MemberRole, RoadmapState
from roadmaps.models import (
    Cycle,
    Footprint,
    FootprintMember,
    FootprintMerge,
    Review,
    Roadmap,
    RoadmapVersion,
)
from roadmaps.selectors.snapshot import snapshot_sha256
from roadmaps.services.reminders import TEMPLATE as REMINDER_TEMPLATE
from tests.factories import MembershipFactory, OrganisationFactory
from tests.roadmaps.page_text import table_rows

SEEDED_KINDS = (OrganisationKind.CCG, OrganisationKind.NHS_TRUST, OrganisationKind.LOCAL_AUTHORITY)


def seed(number=1):
    out = StringIO()
    call_command("seed_national", "--scale", "small", "--seed", str(number), stdout=out)
    return out.getvalue()


def answers_digest():
    rows = Answer.objects.order_by("assessment__organisation__ods_code", "question__code")
    values = rows.values_list("assessment__organisation__ods_code", "question__code", "option")
    return hashlib.sha256(repr(list(values)).encode()).hexdigest()


def returns_digest():
    """The returns' states and ratings, their submissions' and assurances' (ids and hashes
    apart: the ids differ from one seed to the next)."""
    order = ("progress_return__roadmap__footprint__name", "progress_return__period__period_end")
    values = [
        list(ProgressReturn.objects.order_by("roadmap__footprint__name", "period__period_end")
             .values_list("roadmap__footprint__name", "period__label", "state",
                          "delivery_confidence", "rationale", "override_reason")),
        list(ReturnSubmission.objects.order_by(*order, "number")
             .values_list("number", "delivery_confidence", "suggested_confidence")),
        list(ReturnAssurance.objects.order_by(*order, "submission__number")
             .values_list("assured_confidence", "decision", "released_at")),
    ]  # fmt: skip
    return hashlib.sha256(repr(values).encode()).hexdigest()


def findings_digest():
    """What the cross-checks found, footprint by footprint (ids apart)."""
    values = Finding.objects.order_by("footprint__name", "check_id", "summary").values_list(
        "footprint__name", "check_id", "summary"
    )
    return hashlib.sha256(repr(list(values)).encode()).hexdigest()


def seeded_digest(number):
    """Seed in a savepoint, read the answers', the returns' and the findings' digests, and
    leave the database empty again."""
    with transaction.atomic():
        seed(number)
        digests = answers_digest(), returns_digest(), findings_digest()
        transaction.set_rollback(True)
    return digests


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_answers_returns_and_findings_and_another_seed_others():
    first, again, other = seeded_digest(1), seeded_digest(1), seeded_digest(2)

    assert first == again
    assert (first[0] != other[0], first[1] != other[1], first[2] != other[2]) == (True,) * 3


@pytest.mark.django_db
def test_a_database_that_is_not_empty_is_refused_and_left_as_it_was():
    MembershipFactory(organisation=OrganisationFactory(ods_code="02V", parent=None, region=None))
    before = (Organisation.objects.count(), User.objects.count(), Cycle.objects.count())

    with pytest.raises(CommandError) as refused:
        seed()

    assert str(refused.value) == (
        "The database is not empty (1 organisation, 1 person). seed_national fills an empty "
        "database only: point DATABASE_URL at a new one."
    )
    assert (Organisation.objects.count(), User.objects.count(), Cycle.objects.count()) == before


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One small seed for the tests below, rolled back once they have run."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = seed()
        yield output
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_every_step_is_reported_with_its_counts_and_time(seeded):
    steps = [line.split(":")[0] for line in seeded.splitlines()[1:10]]

    assert steps == ["Organisations", "People", "Footprints", "Assessments", "Roadmaps",
                     "Returns", "Cross-checks", "Next cycle", "Reminders"]  # fmt: skip
    assert all(line.endswith(" s)") for line in seeded.splitlines()[1:10])
    assert "seed-roadmap-2015" in seeded


@pytest.mark.django_db
def test_every_ccg_of_the_local_office_is_in_exactly_one_footprint(seeded):
    ccgs = Organisation.objects.open_on(REGISTER_DAY).filter(
        kind=OrganisationKind.CCG, parent__ods_code="Q72"
    )
    first = Cycle.objects.get(name="2015-16")
    places = Counter(
        FootprintMember.objects.filter(role__in=CCG_ROLES, cycle=first).values_list(
            "organisation_id", flat=True
        )
    )

    assert places == Counter({ccg.pk: 1 for ccg in ccgs})
    assert Footprint.objects.filter(cycle=first).count() == 10
    assert all(f.members.filter(role=MemberRole.LEAD_CCG).count() == 1
               for f in Footprint.objects.filter(cycle=first))  # fmt: skip


@pytest.mark.django_db
def test_every_trust_and_local_authority_seeded_is_in_a_footprint(seeded):
    seeded_ids = set(
        Membership.objects.filter(organisation__kind__in=SEEDED_KINDS[1:]).values_list(
            "organisation_id", flat=True
        )
    )
    trusts = Organisation.objects.open_on(REGISTER_DAY).filter(
        kind=OrganisationKind.NHS_TRUST, parent__ods_code="Q72"
    )
    members = set(FootprintMember.objects.values_list("organisation_id", flat=True))

    assert set(trusts.values_list("pk", flat=True)) <= seeded_ids
    assert seeded_ids <= members


@pytest.mark.django_db
def test_every_seeded_organisation_has_an_editor_an_approver_and_a_viewer(seeded):
    roles = Counter(
        Membership.objects.filter(organisation__kind__in=SEEDED_KINDS).values_list(
            "organisation_id", "role"
        )
    )
    organisations = {organisation_id for organisation_id, _role in roles}

    assert roles == Counter({(pk, role): 1 for pk in organisations for role in ORGANISATION_ROLES})
    assert len(organisations) > 50


@pytest.mark.django_db
def test_footprints_are_in_every_state_and_endorsed_ones_have_their_dates(seeded):
    first = Footprint.objects.filter(cycle__name="2015-16")
    states = Counter(first.values_list("state", flat=True))

    assert set(states) == {FootprintState.DRAFT, FootprintState.SUBMITTED,
                           FootprintState.ENDORSED, FootprintState.RETURNED}  # fmt: skip
    assert not first.filter(state=FootprintState.ENDORSED, endorsed_at=None).exists()
    assert Roadmap.objects.count() == states[FootprintState.ENDORSED]


@pytest.mark.django_db
def test_the_refresh_carries_every_endorsed_footprint_and_merges_along_stp_lines(seeded):
    endorsed = Footprint.objects.filter(cycle__name="2015-16", state=FootprintState.ENDORSED)
    refresh = Footprint.objects.filter(cycle__name="2016-17 refresh")
    merges = FootprintMerge.objects.filter(cycle__name="2016-17 refresh")

    assert set(refresh.values_list("carried_from", flat=True)) == set(
        endorsed.values_list("pk", flat=True)
    )
    merged_away = refresh.filter(state=FootprintState.MERGED)
    assert merged_away.count() == sum(merge.sources.count() for merge in merges) > 0
    live = refresh.exclude(state=FootprintState.MERGED).count()
    assert (
        f"{endorsed.count()} footprints carried forward and merged along STP lines into {live}"
        in (seeded)
    )
    for merge in merges:
        stps = {source.footprint.lead_ccg.stp_id for source in merge.sources.all()}
        assert stps == {merge.into.lead_ccg.stp_id}, merge.reason
    # Still one current footprint per CCG in the new cycle.
    places = Counter(
        FootprintMember.objects.filter(
            cycle__name="2016-17 refresh", role__in=CCG_ROLES, left_at=None
        ).values_list("organisation_id", flat=True)
    )
    assert set(places.values()) == {1}


@pytest.mark.django_db
def test_every_submitted_assessment_answers_every_question(seeded):
    questions = Question.objects.count()
    submitted = Assessment.objects.exclude(
        state__in=[AssessmentState.NOT_STARTED, AssessmentState.IN_PROGRESS]
    )
    counts = {a.pk: a.answers.count() for a in submitted}

    assert counts and set(counts.values()) == {questions}
    assert set(Assessment.objects.values_list("state", flat=True)) == set(AssessmentState.values)
    assert not submitted.filter(scores__isnull=True).exists()


@pytest.mark.django_db
def test_roadmaps_are_in_every_state_with_real_versions_and_reviews(seeded):
    states = set(Roadmap.objects.values_list("state", flat=True))
    reviewed = Roadmap.objects.filter(state__in=[RoadmapState.IN_REVIEW,
                                                 RoadmapState.CHANGES_REQUESTED,
                                                 RoadmapState.ACCEPTED,
                                                 RoadmapState.PUBLISHED])  # fmt: skip

    assert states == set(RoadmapState.values)
    assert RoadmapVersion.objects.filter(sha256__regex=r"^[0-9a-f]{64}$").count() == (
        RoadmapVersion.objects.count()
    )
    assert Review.objects.filter(roadmap__in=reviewed).count() == reviewed.count()
    assert not Review.objects.filter(comments__isnull=True).exists()
    assert not Review.objects.filter(ratings__isnull=True).exists()


@pytest.mark.django_db
def test_reminder_digests_wait_in_the_outbox(seeded):
    digests = OutboundEmail.objects.filter(template=REMINDER_TEMPLATE)

    assert digests.exists()
    assert set(OutboundEmail.objects.values_list("state", flat=True)) == {EmailState.PENDING}


def tracked_roadmaps():
    return Roadmap.objects.filter(state__in=[RoadmapState.ACCEPTED, RoadmapState.PUBLISHED])


@pytest.mark.django_db
def test_every_accepted_roadmap_reports_the_four_quarters_after_the_seeds_moment(seeded):
    periods = list(ReportingPeriod.objects.order_by("period_end"))
    rows = ProgressReturn.objects.select_related("previous__period", "period")

    assert [p.label for p in periods] == ["2016/17 Q1", "2016/17 Q2", "2016/17 Q3",
                                          "2016/17 Q4"]  # fmt: skip
    assert Counter(rows.values_list("roadmap_id", flat=True)) == {
        roadmap.pk: 4 for roadmap in tracked_roadmaps()
    }
    # Each return starts from the one before it.
    assert {(r.period.label, r.previous.period.label if r.previous else None) for r in rows} == {
        ("2016/17 Q1", None), ("2016/17 Q2", "2016/17 Q1"), ("2016/17 Q3", "2016/17 Q2"),
        ("2016/17 Q4", "2016/17 Q3"),
    }  # fmt: skip
    # The first three quarters are accepted: their latest submission's assurance released.
    earlier = rows.filter(period__in=periods[:3])
    assert set(earlier.values_list("state", flat=True)) == {ReturnState.ACCEPTED}
    assert all(
        latest_submission(r).assurance.decision == "accept"
        and latest_submission(r).assurance.released_at is not None
        for r in earlier
    )


@pytest.mark.django_db
def test_the_footprints_ratings_improve_worsen_and_stay_the_same(seeded):
    moves = Counter()
    for roadmap in tracked_roadmaps():
        ratings = list(
            ProgressReturn.objects.filter(roadmap=roadmap, submissions__number=1)
            .order_by("period__period_end")
            .values_list("delivery_confidence", flat=True)
        )
        for earlier, later in zip(ratings, ratings[1:], strict=False):
            step = steps_between(earlier, later)
            moves["improved" if step > 0 else "worsened" if step < 0 else "same"] += 1

    assert set(moves) == {"improved", "worsened", "same"}


@pytest.mark.django_db
def test_the_latest_quarter_has_returns_waiting_for_assurance_and_overdue(seeded):
    latest = ReportingPeriod.objects.order_by("period_end").last()
    rows = ProgressReturn.objects.filter(period=latest)
    waiting = rows.filter(state=ReturnState.SUBMITTED)
    overdue = rows.filter(submissions=None)
    released = ReturnAssurance.objects.exclude(released_at=None).count()

    assert waiting.exists()
    assert (
        not ReturnAssurance.objects.filter(progress_return__in=waiting)
        .exclude(released_at=None)
        .exists()
    )
    assert overdue.exists() and latest.due_at < timezone.now()
    assert set(overdue.values_list("state", flat=True)) <= {"draft", "awaiting_sign_off"}
    assert released > ProgressReturn.objects.count() / 2


@pytest.mark.django_db
def test_every_submission_is_frozen_as_submit_return_freezes_it(seeded):
    submitted = ProgressReturn.objects.exclude(submissions=None).select_related(
        "roadmap__footprint", "period", "baseline"
    )

    for progress_return in submitted:
        figures = return_figures(progress_return)
        frozen = latest_submission(progress_return)
        assert frozen.snapshot == return_snapshot(progress_return, figures)
        assert frozen.sha256 == snapshot_sha256(frozen.snapshot)
        assert frozen.suggested_confidence == figures.suggestion.rating
        assert missing_for_sign_off(progress_return, figures) == []
        assert bool(progress_return.override_reason) == is_better(
            progress_return.delivery_confidence, figures.suggestion.rating
        )
    assert submitted.count() > 4


def submitted_returns():
    return (
        ProgressReturn.objects.exclude(submissions=None)
        .select_related("period", "baseline")
        .order_by("roadmap_id", "period__period_end")
    )


@pytest.mark.django_db
def test_every_submitted_return_answers_each_benefit_of_the_accepted_register(seeded):
    answered = Counter()
    for progress_return in submitted_returns():
        register = progress_return.baseline.snapshot["sections"]["benefits"]
        lines = list(progress_return.benefits.all())
        assert [line.benefit_id for line in lines] == [row["id"] for row in register]
        for line in lines:
            # An actual, or "no data yet": never both, never neither.
            assert (line.actual is not None) != line.no_data
            answered["no data" if line.no_data else "actual"] += 1
    assert answered["actual"] > answered["no data"] > 0
    assert len(register) == 2


@pytest.mark.django_db
def test_the_benefit_lines_show_every_rating_a_moved_target_date_and_ratings_of_their_own(
    seeded,
):
    ratings, suggested, overridden = Counter(), Counter(), []
    for progress_return in submitted_returns().prefetch_related("benefits"):
        for line in benefits_with_figures(progress_return):
            ratings[line.realisation.rating] += 1
            suggested[line.realisation.suggested] += 1
            if line.rating_override:
                overridden.append(line)

    assert set(suggested) == set(ratings) == set(BenefitRating.values)
    assert overridden
    assert all(
        line.override_reason and line.rating_override != line.realisation.suggested
        for line in overridden
    )


@pytest.mark.django_db
def test_a_target_date_moved_later_is_still_later_in_the_next_quarters_return(seeded):
    moved = [
        line
        for line in ReturnBenefit.objects.select_related("progress_return")
        if line.target_on > line.baseline_target_on
    ]
    later = ReturnBenefit.objects.filter(
        progress_return__previous__in=[line.progress_return for line in moved]
    )
    next_quarter = {(line.progress_return.previous_id, line.benefit_id): line for line in later}

    carried = [
        (line, next_quarter[line.progress_return_id, line.benefit_id])
        for line in moved
        if (line.progress_return_id, line.benefit_id) in next_quarter
    ]
    assert carried
    # Carried on, or moved later again by a footprint that keeps moving it.
    assert all(after.target_on >= line.target_on for line, after in carried)
    assert all(after.previous_target_on == line.target_on for line, after in carried)


@pytest.mark.django_db
def test_the_national_benefits_view_shows_money_planned_and_realised_and_no_data(seeded, client):
    client.force_login(User.objects.get(email="reviewer@seed.example"))

    response = client.get(reverse("delivery_benefits"))

    assert response.status_code == 200
    money = table_rows(response.content.decode(), "Money benefits per financial year, from")
    first_year = money[1].split(" ")
    assert money[0] == "Financial year Planned Forecast Realised Lines with no data"
    assert first_year[0] == "2016/17"
    # Planned £40,000 a roadmap; something realised; some lines with no data yet.
    tracked = tracked_roadmaps().count()
    assert first_year[1] == f"£{40000 * tracked:,}"
    assert first_year[3] not in ("£0", "–")
    assert int(first_year[4]) > 0


# --- Cross-checks -----------------------------------------------------------------------


def submitted_subjects():
    versions = RoadmapVersion.objects.select_related("roadmap__footprint__cycle").order_by("pk")
    returns = (
        ProgressReturn.objects.exclude(submissions=None)
        .select_related("roadmap__footprint__cycle", "period", "baseline")
        .order_by("pk")
    )
    return list(versions), list(returns)


def still_found():
    return Counter(Finding.objects.filter(cleared_at=None).values_list("check_id", flat=True))


@pytest.mark.django_db
def test_the_cross_checks_step_reports_what_was_found_on_every_submitted_version_and_return(
    seeded,
):
    versions, returns = submitted_subjects()
    found = still_found()
    line = next(line for line in seeded.splitlines() if line.startswith("Cross-checks:"))
    per_check = ", ".join(f"{check.id} {found[check.id]}" for check in CHECKS)

    assert line.rsplit(" (", 1)[0] == (
        f"Cross-checks: {sum(found.values())} findings ({per_check}) on {len(versions)} roadmap "
        f"versions and {len(returns)} progress returns"
    )
    assert set(CheckRun.objects.values_list("roadmap_version", flat=True)) - {None} == {
        version.pk for version in versions
    }
    assert set(CheckRun.objects.values_list("progress_return", flat=True)) - {None} == {
        progress_return.pk for progress_return in returns
    }
    assert set(Finding.objects.values_list("state", flat=True)) == {FindingState.OPEN}


@pytest.mark.django_db
@pytest.mark.parametrize("check_id", [check.id for check in CHECKS])
def test_every_cross_check_finds_something_in_the_small_national_picture(seeded, check_id):
    assert still_found()[check_id] > 0


@pytest.mark.django_db
def test_the_seeded_findings_are_those_the_stories_were_written_for(seeded):
    keys = Counter(
        (check_id, key.split(":")[0])
        for check_id, key in Finding.objects.values_list("check_id", "key")
    )
    optimist_rated = set(
        Finding.objects.filter(
            check_id="green_outside_red_inside", key__startswith="milestone:"
        ).values_list("progress_return__submissions__delivery_confidence", flat=True)
    )

    assert keys[("uc_early_weak_maturity", "uc")] > 0
    assert keys[("green_outside_red_inside", "milestone")] > 0
    assert optimist_rated <= {"green", "amber_green"} and "green" in optimist_rated
    assert keys[("self_better_than_assured", "rating")] > 0
    assert keys[("benefit_dates_keep_moving", "benefit")] > 0
    assert keys[("missing_evidence", "assessment")] > 0
    assert keys[("missing_evidence", "member")] > 0
    assert keys[("unmitigated_high_risks", "risk")] > 0


def stored_findings():
    return list(
        Finding.objects.order_by("pk").values_list(
            "pk", "check_id", "check_version", "key", "summary", "evidence", "state",
            "first_found_at", "cleared_at",
        )
    )  # fmt: skip


@pytest.mark.django_db
def test_running_the_checks_again_changes_no_finding_and_the_sweep_has_nothing_to_do(seeded):
    before = stored_findings()
    stale = (stale_versions(), stale_returns())
    versions, returns = submitted_subjects()

    with transaction.atomic():
        runs = [run_checks(version=version) for version in versions]
        runs += [run_checks(progress_return=progress_return) for progress_return in returns]
        after = stored_findings()
        transaction.set_rollback(True)

    assert stale == ([], [])
    assert {(run.new, run.cleared, run.reappeared) for run in runs} == {(0, 0, 0)}
    assert sum(run.found for run in runs) == len(before)
    assert after == before
