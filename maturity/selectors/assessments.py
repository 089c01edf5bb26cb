"""Assessments as the person asking may see them, with their questions and answers."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from accounts.rules import is_nhse_staff, roles_by_organisation
from maturity.models import Answer, Assessment, Question, Theme
from roadmaps.enums import CCG_ROLES, MemberRole
from roadmaps.models import FootprintMember


def footprint_ccg_ids(assessment):
    """The CCGs of every footprint in the assessment's cycle that holds its organisation."""
    footprints = FootprintMember.objects.filter(
        cycle_id=assessment.cycle_id,
        organisation_id=assessment.organisation_id,
        role=MemberRole.PROVIDER,
    ).values("footprint")
    return set(
        FootprintMember.objects.filter(footprint__in=footprints, role__in=CCG_ROLES).values_list(
            "organisation_id", flat=True
        )
    )


def assessments_for_user(user):
    """Assessments of the person's organisations and of providers in their CCGs' footprints;
    every assessment for NHS England."""
    assessments = Assessment.objects.select_related("organisation", "cycle", "question_set")
    if not is_nhse_staff(user):
        mine = list(roles_by_organisation(user))
        # The same cycle as the assessment, as can_view_assessment (footprint_ccg_ids) has it.
        in_my_footprints = FootprintMember.objects.filter(
            role=MemberRole.PROVIDER,
            organisation_id=OuterRef("organisation_id"),
            cycle_id=OuterRef("cycle_id"),
            footprint__members__organisation_id__in=mine,
            footprint__members__role__in=CCG_ROLES,
        )
        assessments = assessments.filter(
            Q(organisation_id__in=mine) | Exists(in_my_footprints)
        ).distinct()
    return assessments.annotate(answered=Count("answers")).order_by(
        "cycle__name", "organisation__name"
    )


def assessment_for_user(user, pk):
    return assessments_for_user(user).filter(pk=pk).first()


def themes_with_progress(assessment):
    """Every theme of the assessment's question set, in order, with ``question_count`` and
    ``answered`` counts: the task list, in one query."""
    return (
        Theme.objects.filter(section__question_set=assessment.question_set_id)
        .select_related("section")
        .annotate(
            question_count=Count("questions", distinct=True),
            answered=Count(
                "questions", filter=Q(questions__in=answered_questions(assessment)), distinct=True
            ),
        )
        .order_by("section__order", "order")
    )


def answered_questions(assessment):
    return Answer.objects.filter(assessment=assessment).values("question_id")


def theme_for_answering(assessment, theme_code):
    """``(theme, {question id: answer})`` for one theme of the assessment, or ``(None, {})``:
    two queries whatever the theme's size."""
    theme = (
        Theme.objects.filter(section__question_set=assessment.question_set_id, code=theme_code)
        .select_related("section")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("order")))
        .first()
    )
    if theme is None:
        return None, {}
    answers = Answer.objects.filter(assessment=assessment, question__theme=theme)
    return theme, {answer.question_id: answer for answer in answers}
