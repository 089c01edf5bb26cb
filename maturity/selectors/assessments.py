"""Assessments as the person asking may see them, with their questions and answers."""

from django.db.models import Count, Exists, OuterRef, Q

from accounts.models import User
from accounts.rules import is_nhse_staff, roles_by_organisation
from maturity.models import Answer, Assessment, AssessmentHelper, Question, Theme, asked_in
from roadmaps.enums import CCG_ROLES, MemberRole
from roadmaps.models import FootprintMember


def footprints_holding(assessment):
    """The footprints of the assessment's cycle that hold its organisation, in any role
    (``Cycle.assessed_kinds`` may assess a local authority as well as a provider)."""
    return FootprintMember.objects.filter(
        cycle_id=assessment.cycle_id, organisation_id=assessment.organisation_id
    ).values("footprint")


def footprint_ccg_ids(assessment):
    """The CCGs of every footprint in the assessment's cycle that holds its organisation."""
    return set(
        FootprintMember.objects.filter(
            footprint__in=footprints_holding(assessment), role__in=CCG_ROLES
        ).values_list("organisation_id", flat=True)
    )


def lead_ccg_ids(assessment):
    """The lead CCGs of every footprint in the assessment's cycle that holds its organisation:
    whose people may be asked to help answer it."""
    return set(
        FootprintMember.objects.filter(
            footprint__in=footprints_holding(assessment), role=MemberRole.LEAD_CCG
        ).values_list("organisation_id", flat=True)
    )


def helpers_of(assessment):
    """The people helping to answer the assessment, by name."""
    return (
        AssessmentHelper.objects.filter(assessment=assessment)
        .select_related("user", "added_by")
        .order_by("user__full_name", "user__email")
    )


def helper_candidates(assessment):
    """Active people of the assessment's lead CCGs who do not help with it yet, by name."""
    return (
        User.objects.filter(
            is_active=True, memberships__organisation_id__in=lead_ccg_ids(assessment)
        )
        .exclude(assessments_helped__assessment=assessment)
        .distinct()
        .order_by("full_name", "email")
    )


def is_helping(user, assessment):
    """Whether ``user`` was asked to help with the assessment and is still one of the people
    of its lead CCGs: leaving the CCG ends the help."""
    if not (user.is_authenticated and user.is_active):
        return False
    mine = set(roles_by_organisation(user))
    return bool(
        mine
        and AssessmentHelper.objects.filter(assessment=assessment, user=user).exists()
        and lead_ccg_ids(assessment) & mine
    )


def visible_assessments(user):
    """Assessments of the person's organisations and of organisations in their CCGs'
    footprints (so the lead CCG's people asked to help see theirs); every assessment for NHS
    England. With their organisation and cycle (no page shows an assessment's question set,
    only its questions); no counts, no order."""
    assessments = Assessment.objects.select_related("organisation", "cycle")
    if is_nhse_staff(user):
        return assessments
    mine = list(roles_by_organisation(user))
    # The same cycle as the assessment, as can_view_assessment (footprint_ccg_ids) has it.
    in_my_footprints = FootprintMember.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        cycle_id=OuterRef("cycle_id"),
        footprint__members__organisation_id__in=mine,
        footprint__members__role__in=CCG_ROLES,
    )
    return assessments.filter(Q(organisation_id__in=mine) | Exists(in_my_footprints))


def assessments_for_user(user):
    """``visible_assessments`` as a list: with ``answered`` counts, by cycle and name."""
    return (
        visible_assessments(user)
        .distinct()
        .annotate(answered=Count("answers"))
        .order_by("cycle__name", "organisation__name")
    )


def assessment_for_user(user, pk):
    """One assessment the person may see, or None, by ``visible_assessments``' rule; without
    the ``answered`` count, which no page about one assessment shows.

    Its own organisation's people and NHS England, who open most assessments, are let in on
    what is already known of them; only for anyone else is the rule's footprint test asked
    of the database (a query far slower to plan than to run).
    """
    assessment = (
        Assessment.objects.select_related("organisation", "cycle").filter(pk=pk).order_by().first()
    )
    if assessment is None:
        return None
    if is_nhse_staff(user) or assessment.organisation_id in roles_by_organisation(user):
        return assessment
    return assessment if visible_assessments(user).filter(pk=pk).exists() else None


def themes_of(assessment):
    """The themes of the assessment's question set that have questions for its care setting."""
    return Theme.objects.filter(section__question_set=assessment.question_set_id).for_setting(
        assessment.care_setting
    )


def themes_with_progress(assessment):
    """Every theme of the assessment (``themes_of``), in order, with ``question_count`` and
    ``answered`` counts of its questions for the assessment's care setting: the task list,
    in one query."""
    asked = asked_in(assessment.care_setting, "questions__")
    return (
        themes_of(assessment)
        .select_related("section")
        .annotate(
            question_count=Count("questions", filter=asked, distinct=True),
            answered=Count(
                "questions",
                filter=asked & Q(questions__in=answered_questions(assessment)),
                distinct=True,
            ),
        )
        .order_by("section__order", "order")
    )


def answered_questions(assessment):
    return Answer.objects.filter(assessment=assessment).values("question_id")


def theme_for_answering(assessment, theme_code):
    """``(theme, questions)`` for one theme of the assessment: the theme with its section,
    and its questions for the assessment's care setting, in order; ``(None, [])`` if it has
    no theme with that code, or none with questions for its setting. One query."""
    questions = list(
        Question.objects.of_assessment(assessment)
        .filter(theme__code=theme_code)
        .select_related("theme__section")
        .order_by("theme__section__order", "theme__order", "order")
    )
    if not questions:
        return None, []
    theme = questions[0].theme
    # A code names one theme of a set (the loader checks it); the database only holds it
    # unique within a section, so keep to the first theme should two ever share it.
    return theme, [question for question in questions if question.theme_id == theme.pk]


def saved_answers(assessment, questions):
    """``{question id: answer}`` of the assessment for these questions: one query."""
    answers = Answer.objects.filter(
        assessment=assessment, question_id__in=[question.pk for question in questions]
    )
    return {answer.question_id: answer for answer in answers}
