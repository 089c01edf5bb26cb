"""A self-assessment for every provider in an endorsed footprint, every question answered.

Answers are pseudo-random from the seed: the same seed gives the same answers. Each provider
gets a maturity of its own, so answers within an assessment hang together and the national
figures have a spread. Scores and figures are computed by the maturity services, and the
maturity index is published (as it was in spring 2016) before a few late sign-offs.
"""

import random
from datetime import timedelta

from accounts.enums import Role
from accounts.models import Organisation
from demo.seed.clock import at
from demo.seed.scale import REGISTER_DAY
from maturity.enums import AssessmentState
from maturity.models import Answer, Assessment, Question
from maturity.scales import NOT_APPLICABLE, SCALE_OPTIONS
from maturity.services.figures import recompute_figures
from maturity.services.publication import publish_results
from roadmaps.enums import FootprintState
from roadmaps.models import FootprintMember

ANSWER_BATCH = 2000
# (state, share); at least one of each. "late" assessments are signed off after publication.
SHARES = (
    (AssessmentState.NOT_STARTED, 0.05),
    (AssessmentState.IN_PROGRESS, 0.12),
    (AssessmentState.SUBMITTED, 0.18),
    ("late", 0.10),
)
NOT_APPLICABLE_SHARE = 0.04


def assessed_providers(cycle):
    """The open organisations of the assessed kinds in the cycle's endorsed footprints."""
    ids = FootprintMember.objects.filter(
        footprint__cycle=cycle,
        footprint__state=FootprintState.ENDORSED,
        organisation__kind__in=cycle.assessed_kinds,
    ).values("organisation_id")
    return list(Organisation.objects.open_on(REGISTER_DAY).filter(pk__in=ids).order_by("ods_code"))


def _states(count, rng):
    states = []
    for state, share in SHARES:
        states += [state] * max(1, round(count * share))
    states += [AssessmentState.PUBLISHED] * max(0, count - len(states))
    rng.shuffle(states)
    return states[:count]


def _option(question, maturity, rng):
    if question.allows_not_applicable and rng.random() < NOT_APPLICABLE_SHARE:
        return NOT_APPLICABLE
    keys = [key for key, _label, _score in SCALE_OPTIONS[question.scale]]
    position = round(maturity * (len(keys) - 1) + rng.uniform(-1.5, 1.5))
    return keys[min(len(keys) - 1, max(0, position))]


def create_assessments(*, cycle, question_set, people, seed, as_at):
    """Create the assessments and answers, score them and publish the index; returns
    (assessments, answers) created."""
    rng = random.Random(f"{seed}:assessments")  # noqa: S311 - seeded test data, not secrets
    providers = assessed_providers(cycle)
    questions = list(
        Question.objects.filter(question_set=question_set).order_by(
            "theme__section__order", "theme__order", "order"
        )
    )
    states = _states(len(providers), rng)
    opened = as_at.replace(year=2015, month=11, day=16)
    assessments, planned = [], []
    for index, (provider, state) in enumerate(zip(providers, states, strict=True)):
        editor = people.of(provider.pk, Role.EDITOR)
        approver = people.of(provider.pk, Role.APPROVER)
        submitted_at = opened + timedelta(days=40 + index % 20, hours=index % 9)
        submitted = state not in (AssessmentState.NOT_STARTED, AssessmentState.IN_PROGRESS)
        signed = state in (AssessmentState.PUBLISHED,)
        assessments.append(
            Assessment(
                organisation=provider, cycle=cycle, question_set=question_set,
                # Published ones are signed off now and published below, by the service.
                state=(AssessmentState.SIGNED_OFF if signed else AssessmentState.SUBMITTED
                       if submitted else state),
                version=0 if state == AssessmentState.NOT_STARTED else 1,
                submitted_at=submitted_at if submitted else None,
                submitted_by=editor if submitted else None,
                signed_off_at=submitted_at + timedelta(days=3) if signed else None,
                signed_off_by=approver if signed else None,
                created_at=opened,
            )
        )  # fmt: skip
        planned.append((state, rng.random(), editor, submitted_at))
    assessments = Assessment.objects.bulk_create(assessments)
    answers = 0
    batch = []
    for assessment, (state, maturity, editor, submitted_at) in zip(assessments, planned,
                                                                     strict=True):  # fmt: skip
        if state == AssessmentState.NOT_STARTED:
            continue
        for question in questions:
            batch.append(
                Answer(assessment=assessment, question=question,
                       option=_option(question, maturity, rng),
                       updated_at=submitted_at - timedelta(days=1), updated_by=editor)
            )  # fmt: skip
        if len(batch) >= ANSWER_BATCH:
            answers += len(Answer.objects.bulk_create(batch))
            batch = []
    answers += len(Answer.objects.bulk_create(batch))
    with at(as_at.replace(month=4, day=12)):
        recompute_figures(cycle=cycle)
        publish_results(cycle=cycle, published_by=people.admin)
    _sign_off_late(assessments, planned, people)
    with at(as_at - timedelta(days=1)):
        recompute_figures(cycle=cycle)
    return len(assessments), answers


def _sign_off_late(assessments, planned, people):
    """Sign-offs that came after the index was published."""
    for assessment, (state, _maturity, _editor, submitted_at) in zip(assessments, planned,
                                                                      strict=True):  # fmt: skip
        if state == "late":
            Assessment.objects.filter(pk=assessment.pk).update(
                state=AssessmentState.SIGNED_OFF,
                signed_off_at=submitted_at + timedelta(days=60),
                signed_off_by=people.of(assessment.organisation_id, Role.APPROVER),
            )
