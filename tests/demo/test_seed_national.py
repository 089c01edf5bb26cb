"""``manage.py seed_national``: an empty database filled with a national picture, at the
small scale (one local office) the tests use."""

import hashlib
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from accounts.enums import ORGANISATION_ROLES, EmailState, OrganisationKind
from accounts.models import Membership, Organisation, OutboundEmail, User
from demo.seed.scale import REGISTER_DAY
from maturity.enums import AssessmentState
from maturity.models import Answer, Assessment, Question
from roadmaps.enums import CCG_ROLES, FootprintState, MemberRole, RoadmapState
from roadmaps.models import Cycle, Footprint, FootprintMember, Review, Roadmap, RoadmapVersion
from roadmaps.services.reminders import TEMPLATE as REMINDER_TEMPLATE
from tests.factories import MembershipFactory, OrganisationFactory

SEEDED_KINDS = (OrganisationKind.CCG, OrganisationKind.NHS_TRUST, OrganisationKind.LOCAL_AUTHORITY)


def seed(number=1):
    out = StringIO()
    call_command("seed_national", "--scale", "small", "--seed", str(number), stdout=out)
    return out.getvalue()


def answers_digest():
    rows = Answer.objects.order_by("assessment__organisation__ods_code", "question__code")
    values = rows.values_list("assessment__organisation__ods_code", "question__code", "option")
    return hashlib.sha256(repr(list(values)).encode()).hexdigest()


def seeded_digest(number):
    """Seed in a savepoint, read the answers' digest, and leave the database empty again."""
    with transaction.atomic():
        seed(number)
        digest = answers_digest()
        transaction.set_rollback(True)
    return digest


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_answers_and_another_seed_others():
    first, again, other = seeded_digest(1), seeded_digest(1), seeded_digest(2)

    assert first == again
    assert first != other


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
    steps = [line.split(":")[0] for line in seeded.splitlines()[1:7]]

    assert steps == ["Organisations", "People", "Footprints", "Assessments", "Roadmaps",
                     "Reminders"]  # fmt: skip
    assert all(line.endswith(" s)") for line in seeded.splitlines()[1:7])
    assert "seed-roadmap-2015" in seeded


@pytest.mark.django_db
def test_every_ccg_of_the_local_office_is_in_exactly_one_footprint(seeded):
    ccgs = Organisation.objects.open_on(REGISTER_DAY).filter(
        kind=OrganisationKind.CCG, parent__ods_code="Q72"
    )
    places = Counter(
        FootprintMember.objects.filter(role__in=CCG_ROLES).values_list("organisation_id", flat=True)
    )

    assert places == Counter({ccg.pk: 1 for ccg in ccgs})
    assert Footprint.objects.count() == 10
    assert all(f.members.filter(role=MemberRole.LEAD_CCG).count() == 1
               for f in Footprint.objects.all())  # fmt: skip


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
    states = Counter(Footprint.objects.values_list("state", flat=True))

    assert set(states) == {FootprintState.DRAFT, FootprintState.SUBMITTED,
                           FootprintState.ENDORSED, FootprintState.RETURNED}  # fmt: skip
    assert not Footprint.objects.filter(state=FootprintState.ENDORSED, endorsed_at=None).exists()
    assert Roadmap.objects.count() == states[FootprintState.ENDORSED]


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
