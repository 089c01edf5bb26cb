"""Assessments as the person asking may see them, with their questions and answers."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from accounts.models import User
from accounts.rules import is_nhse_staff, roles_by_organisation
from maturity.models import Answer, Assessment, AssessmentHelper, Question, Theme
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
    England. With their organisation, cycle and question set; no counts, no order."""
    assessments = Assessment.objects.select_related("organisation", "cycle", "question_set")
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
    """One assessment the person may see, or None. Pages about one assessment do not show
    the ``answered`` count, so this skips the count (and the grouping it needs)."""
    return visible_assessments(user).filter(pk=pk).first()


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
