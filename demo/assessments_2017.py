"""The 2017 self-assessment for the demo and for ``seed_national``: the 2017 question set
loaded, and each provider's 2017 answers made from its answers of an earlier cycle, with some
movement, so that the year-on-year comparison has something to show.

Answers are pseudo-random from the seed and the provider's ODS code: the same call gives the
same answers. Everything goes through the maturity services (opened, answered, submitted,
signed off, scored), as people would do it.
"""

import random

from maturity.enums import AssessmentState
from maturity.models import Answer, Assessment, Question
from maturity.scales import NOT_APPLICABLE, SCALE_OPTIONS
from maturity.services.assessments import (
    open_assessment,
    question_set_for_cycle,
    save_answers,
    sign_off_assessment,
    submit_assessment,
)
from maturity.services.figures import recompute_figures
from maturity.services.question_sets import QUESTION_SET_2017, load_question_set
from maturity.services.scoring import SUBMITTED_STATES

CODE_2017 = "2017"
# How often a mapped answer moves from the earlier year's, and how often a move is up.
MOVES = 0.45
UPWARDS = 0.7


def load_2017_question_set():
    """Load the 2015-16 bank (if it is not yet) and the 2017 bank that maps to it; returns
    the 2017 question set. Safe to run again."""
    load_question_set()
    return load_question_set(path=QUESTION_SET_2017).question_set


def _keys(question):
    return [key for key, _label, _score in SCALE_OPTIONS[question.scale]]


def answers_from_earlier(questions, earlier, *, rng):
    """``{question id: (option, "")}`` for ``questions`` (the 2017 questions an assessment
    asks) from ``earlier`` (``{earlier question code: option}``).

    A mapped question starts from its earlier answer and, now and then, moves a step (mostly
    up); a question new in 2017, or not answered before, sits around the provider's earlier
    level on its scale. "Not applicable" stays so where the question allows it.
    """
    positions = []
    for question in questions:
        option = earlier.get(question.same_as or question.code)
        if option and option != NOT_APPLICABLE and option in _keys(question):
            keys = _keys(question)
            positions.append(keys.index(option) / (len(keys) - 1))
    level = sum(positions) / len(positions) if positions else 0.5
    answers = {}
    for question in questions:
        keys = _keys(question)
        before = earlier.get(question.same_as) if question.same_as else None
        if before == NOT_APPLICABLE and question.allows_not_applicable:
            answers[question.pk] = (NOT_APPLICABLE, "")
            continue
        if before in keys:
            index = keys.index(before)
            if rng.random() < MOVES:
                index += 1 if rng.random() < UPWARDS else -1
        else:
            index = round(level * (len(keys) - 1) + rng.gauss(0, 0.7))
        answers[question.pk] = (keys[min(len(keys) - 1, max(0, index))], "")
    return answers


def create_2017_assessments(
    *, cycle, earlier_cycle, seed="2017", ods_codes=None, submit=True, sign_off=False
):
    """Give every organisation with a submitted assessment of ``earlier_cycle`` (or only those
    of ``ods_codes``) a 2017 assessment of ``cycle``, answered from its earlier answers.

    ``cycle.question_set_code`` must be "2017". An organisation's assessment is opened if it
    has none (for its care setting, by ``open_assessment``); one already started is left
    alone. Each is answered in full, then, with ``submit``, submitted, and with ``sign_off``
    signed off, by the service itself (no person). The cycle's scores and figures are then
    worked out. Returns how many assessments were answered. Safe to run again.
    """
    if cycle.question_set_code != CODE_2017:
        raise ValueError(f"Cycle {cycle} must name question set {CODE_2017}.")
    load_2017_question_set()
    question_set = question_set_for_cycle(cycle)
    earlier = (
        Assessment.objects.filter(cycle=earlier_cycle, state__in=SUBMITTED_STATES)
        .select_related("organisation")
        .order_by("organisation__ods_code")
    )
    if ods_codes is not None:
        earlier = earlier.filter(organisation__ods_code__in=ods_codes)
    answered = 0
    for before in earlier:
        organisation = before.organisation
        open_assessment(organisation=organisation, cycle=cycle, question_set=question_set)
        assessment = Assessment.objects.get(organisation=organisation, cycle=cycle)
        if assessment.state != AssessmentState.NOT_STARTED:
            continue
        rng = random.Random(f"{seed}:{organisation.ods_code}")  # noqa: S311 - demo data
        given = dict(
            Answer.objects.filter(assessment=before).values_list("question__code", "option")
        )
        questions = Question.objects.of_assessment(assessment).order_by(
            "theme__section__order", "theme__order", "order"
        )
        save_answers(
            assessment=assessment,
            answers=answers_from_earlier(list(questions), given, rng=rng),
            expected_version=assessment.version,
            saved_by=None,
        )
        if submit:
            submit_assessment(assessment=assessment, submitted_by=None)
            if sign_off:
                sign_off_assessment(assessment=assessment, signed_off_by=None)
        answered += 1
    recompute_figures(cycle=cycle)
    return answered
