"""Year on year: a provider's assessment against its assessment of the previous cycle, and the
national change per section (SCORING.md rules 7-11), in a fixed number of queries.

The rules are ``maturity.services.year_on_year``; this module reads what they need.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q

from maturity.models import Answer, Assessment, Question, is_asked_in
from maturity.services.scoring import SUBMITTED_STATES
from maturity.services.year_on_year import AskedQuestion, compare, national_changes
from roadmaps.models import Cycle


def previous_cycle(cycle):
    """The newest cycle created before ``cycle`` that has a submitted assessment, or None:
    the cycle a provider's results are compared with. One query."""
    submitted = Assessment.objects.filter(cycle=OuterRef("pk"), state__in=SUBMITTED_STATES)
    return (
        Cycle.objects.filter(
            Q(created_at__lt=cycle.created_at) | Q(created_at=cycle.created_at, pk__lt=cycle.pk)
        )
        .filter(Exists(submitted))
        .order_by("-created_at", "-pk")
        .first()
    )


def earlier_assessments(assessments, earlier_cycle):
    """``{organisation id: assessment}`` of these assessments' organisations' submitted
    assessments of ``earlier_cycle``, with their cycle and question set: one query."""
    if earlier_cycle is None:
        return {}
    rows = Assessment.objects.filter(
        cycle=earlier_cycle,
        state__in=SUBMITTED_STATES,
        organisation_id__in={assessment.organisation_id for assessment in assessments},
    ).select_related("cycle", "question_set")
    return {assessment.organisation_id: assessment for assessment in rows}


@dataclass(frozen=True)
class _SetQuestions:
    """A question set's questions as the rules need them."""

    # (AskedQuestion, stored care settings), in order.
    questions: list
    codes: dict  # code -> AskedQuestion

    def asked(self, care_setting, mapping):
        return [
            AskedQuestion(
                question.code,
                question.section,
                question.theme,
                question.scale,
                mapping.get(question.code, ""),
            )
            for question, stored in self.questions
            if is_asked_in(stored, care_setting)
        ]


def _questions(question_set_ids):
    """``{question set id: _SetQuestions}``: one query."""
    rows = (
        Question.objects.filter(question_set_id__in=question_set_ids)
        .order_by("question_set_id", "theme__section__order", "theme__order", "order")
        .values_list(
            "question_set_id",
            "code",
            "theme__section__code",
            "theme__code",
            "scale",
            "same_as",
            "care_settings",
        )
    )
    found = defaultdict(list)
    for question_set_id, code, section, theme, scale, same_as, stored in rows:
        found[question_set_id].append((AskedQuestion(code, section, theme, scale, same_as), stored))
    return {
        question_set_id: _SetQuestions(
            questions=questions, codes={question.code: question for question, _ in questions}
        )
        for question_set_id, questions in found.items()
    }


def _mapping(later, earlier, later_set, earlier_set):
    """Rule 7: ``{later code: earlier code}`` of the questions that are the same in both
    years' sets: a set's ``same_as`` to the set it ``maps_to``; within one question set code,
    each code to itself. Only to a question of the earlier set on the same scale in the same
    theme (the loader checked that against the newest version; an older one is checked here)."""
    if later.question_set.maps_to_code and later.question_set.maps_to_code == (
        earlier.question_set.code
    ):
        pairs = [(question.code, question.same_as) for question, _ in later_set.questions]
    elif later.question_set.code == earlier.question_set.code:
        pairs = [(question.code, question.code) for question, _ in later_set.questions]
    else:
        pairs = []
    mapping = {}
    for code, same_as in pairs:
        mine, theirs = later_set.codes[code], earlier_set.codes.get(same_as)
        if theirs and (mine.scale, mine.theme) == (theirs.scale, theirs.theme):
            mapping[code] = same_as
    return mapping


def _answers(assessment_ids):
    """``{assessment id: {question code: option}}``: one query."""
    answers = defaultdict(dict)
    rows = Answer.objects.filter(assessment_id__in=assessment_ids).values_list(
        "assessment_id", "question__code", "option"
    )
    for assessment_id, code, option in rows:
        answers[assessment_id][code] = option
    return answers


def compare_pairs(pairs):
    """``{later assessment id: YearOnYear}`` for ``[(later, earlier)]`` assessment pairs (each
    with its question set): three queries however many pairs."""
    if not pairs:
        return {}
    sets = _questions({a.question_set_id for pair in pairs for a in pair})
    answers = _answers([a.pk for pair in pairs for a in pair])
    results = {}
    for later, earlier in pairs:
        later_set = sets.get(later.question_set_id)
        earlier_set = sets.get(earlier.question_set_id)
        if later_set is None or earlier_set is None:
            continue
        mapping = _mapping(later, earlier, later_set, earlier_set)
        results[later.pk] = compare(
            later_questions=later_set.asked(later.care_setting, mapping),
            earlier_questions=earlier_set.asked(earlier.care_setting, {}),
            later_answers=answers.get(later.pk, {}),
            earlier_answers=answers.get(earlier.pk, {}),
            mapped_codes=set(mapping.values()),
        )
    return results


@dataclass(frozen=True)
class ProviderComparison:
    earlier: Assessment
    result: object  # YearOnYear


def comparisons_for(assessments, earlier_cycle):
    """``{assessment id: ProviderComparison}`` for the submitted ones of ``assessments`` (each
    with its question set) whose organisation has a submitted assessment of
    ``earlier_cycle``. Three queries however many."""
    assessments = [a for a in assessments if a.state in SUBMITTED_STATES]
    earlier = earlier_assessments(assessments, earlier_cycle) if assessments else {}
    pairs = [(a, earlier[a.organisation_id]) for a in assessments if a.organisation_id in earlier]
    results = compare_pairs(pairs)
    return {
        later.pk: ProviderComparison(earlier=before, result=results[later.pk])
        for later, before in pairs
        if later.pk in results
    }


def provider_comparison(assessment):
    """The assessment against its organisation's submitted assessment of the previous cycle
    (``previous_cycle``), or None when it has none there or is not submitted itself."""
    if assessment.state not in SUBMITTED_STATES:
        return None
    earlier_cycle = previous_cycle(assessment.cycle)
    return comparisons_for([assessment], earlier_cycle).get(assessment.pk)


@dataclass(frozen=True)
class NationalComparison:
    earlier_cycle: Cycle
    providers: int
    sections: dict  # section code -> NationalChange


def national_comparison(cycle, question_set_id):
    """Rule 11 for the cycle against the previous one, per section of ``question_set_id``
    (the set most of the cycle's assessments use), or None when there is no previous cycle.
    Six queries however many providers."""
    earlier_cycle = previous_cycle(cycle)
    if earlier_cycle is None or question_set_id is None:
        return None
    later = list(
        Assessment.objects.filter(cycle=cycle, state__in=SUBMITTED_STATES).select_related(
            "cycle", "question_set"
        )
    )
    comparisons = comparisons_for(later, earlier_cycle)
    by_section = defaultdict(list)
    for code, section in Question.objects.filter(question_set_id=question_set_id).values_list(
        "code", "theme__section__code"
    ):
        by_section[section].append(code)
    results = [comparison.result for comparison in comparisons.values()]
    return NationalComparison(
        earlier_cycle=earlier_cycle,
        providers=len(results),
        sections=national_changes(results, by_section),
    )
