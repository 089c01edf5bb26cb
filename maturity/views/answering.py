"""Answering a self-assessment: the task list, a page per theme, check, submit, sign off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.errors import ActionRefused
from accounts.refusals import redirect_on_refusal
from accounts.rules import refuse_unless
from maturity import rules
from maturity.enums import AssessmentState
from maturity.forms import ReopenForm, ThemeAnswersForm, option_label
from maturity.models import Answer, Question
from maturity.selectors.assessments import (
    assessment_for_user,
    assessments_for_user,
    saved_answers,
    theme_for_answering,
    themes_of,
    themes_with_progress,
)
from maturity.selectors.results import question_counts
from maturity.services import assessments as services
from maturity.transitions import ASSESSMENT
from roadmaps.enums import StageKind
from roadmaps.selectors.deadlines import organisation_deadline


def assessment_or_404(user, pk):
    assessment = assessment_for_user(user, pk)
    if assessment is None:
        raise Http404(_("No assessment has that number."))
    return assessment


def _refuse_unless_can_answer(user, assessment):
    refuse_unless(
        rules.can_answer(user, assessment),
        _("Only the organisation's editors can answer, until the assessment is submitted."),
    )


def _theme_status(theme):
    if theme.answered == 0:
        return _("Not started")
    if theme.answered < theme.question_count:
        return _("In progress")
    return _("Completed")


@login_required
@require_safe
def assessment_list(request):
    assessments = list(assessments_for_user(request.user))
    totals = question_counts(assessments)
    for assessment in assessments:
        assessment.question_count = totals.get(
            (assessment.question_set_id, assessment.care_setting), 0
        )
    return render(request, "maturity/assessment_list.html", {"assessments": assessments})


@login_required
@require_safe
def assessment_tasks(request, pk):
    assessment = assessment_or_404(request.user, pk)
    themes = list(themes_with_progress(assessment))
    sections = []
    for theme in themes:
        theme.status = _theme_status(theme)
        if not sections or sections[-1][0] != theme.section:
            sections.append((theme.section, []))
        sections[-1][1].append(theme)
    return render(
        request,
        "maturity/assessment_tasks.html",
        {
            "assessment": assessment,
            "sections": sections,
            "question_count": sum(theme.question_count for theme in themes),
            "answered": sum(theme.answered for theme in themes),
            "can_answer": rules.can_answer(request.user, assessment),
            "can_sign_off": rules.can_sign_off(request.user, assessment),
            "can_reopen": rules.can_reopen(request.user, assessment),
            "deadline": _deadline(assessment),
        },
    )


def _deadline(assessment):
    """The deadline still ahead of an assessment: none once it is signed off."""
    if assessment.state in (AssessmentState.SIGNED_OFF, AssessmentState.PUBLISHED):
        return None
    return organisation_deadline(
        assessment.organisation, cycle=assessment.cycle, stage_kind=StageKind.MATURITY
    )


def _next_theme_url(assessment, theme):
    """The theme after this one, or check answers after the last."""
    following = (
        themes_in_order(assessment)
        .filter(
            Q(section__order__gt=theme.section.order)
            | Q(section__order=theme.section.order, order__gt=theme.order)
        )
        .values_list("code", flat=True)
        .first()
    )
    if following is not None:
        return reverse("answer_theme", args=[assessment.pk, following])
    return reverse("check_answers", args=[assessment.pk])


def themes_in_order(assessment):
    return themes_of(assessment).order_by("section__order", "order")


@login_required
@require_http_methods(["GET", "POST"])
def answer_theme(request, pk, theme_code):
    assessment = assessment_or_404(request.user, pk)
    theme, questions = theme_for_answering(assessment, theme_code)
    if theme is None:
        raise Http404(_("This assessment has no theme with that code."))
    autosave = request.headers.get("X-Autosave") == "1"
    _refuse_unless_can_answer(request.user, assessment)
    if request.method == "GET":
        form = ThemeAnswersForm(
            questions=questions,
            answers=saved_answers(assessment, questions),
            initial={"version": assessment.version},
        )
        return _theme_page(request, assessment, theme, form)

    # A posted form shows what was posted, so the saved answers are not read here.
    form = ThemeAnswersForm(request.POST, questions=questions, answers={})
    if not form.is_valid():
        if autosave:
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return _theme_page(request, assessment, theme, form, status=400)
    try:
        version = services.save_answers(
            assessment=assessment,
            answers=form.answers(),
            expected_version=form.cleaned_data["version"],
            saved_by=request.user,
        )
    except services.AnswersConflict as conflict:
        if autosave:
            return JsonResponse(
                {"error": str(conflict), "version": conflict.current_version}, status=409
            )
        return _conflict_page(request, assessment, theme, questions, conflict)
    except ActionRefused as refusal:
        if autosave:
            return JsonResponse({"error": str(refusal)}, status=409)
        form.add_error(None, str(refusal))
        return _theme_page(request, assessment, theme, form, status=409)
    if autosave:
        saved_at = timezone.localtime().strftime("%H:%M")
        return JsonResponse({"version": version, "saved_at": saved_at})
    messages.success(request, _("Your answers to %(theme)s are saved.") % {"theme": theme.title})
    return redirect(_next_theme_url(assessment, theme))


def _theme_page(request, assessment, theme, form, *, status=200, conflict=False):
    return render(
        request,
        "maturity/answer_theme.html",
        {"assessment": assessment, "theme": theme, "form": form, "conflict": conflict},
        status=status,
    )


def _conflict_page(request, assessment, theme, questions, conflict):
    """The person's answers kept in the form, now naming the newer version, with what the
    other person saved beside each question."""
    saved = saved_answers(assessment, questions)
    data = request.POST.copy()
    data["version"] = str(conflict.current_version)
    for question in questions:
        answer = saved.get(question.pk)
        question.theirs = (
            (option_label(question, answer.option), answer.comment) if answer else None
        )
    form = ThemeAnswersForm(data, questions=questions, answers=saved)
    form.is_valid()
    return _theme_page(request, assessment, theme, form, status=409, conflict=True)


@login_required
@require_safe
def check_answers(request, pk):
    assessment = assessment_or_404(request.user, pk)
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(assessment=assessment).select_related("updated_by")
    }
    themes = []
    for question in (
        Question.objects.of_assessment(assessment)
        .select_related("theme__section")
        .order_by("theme__section__order", "theme__order", "order")
    ):
        answer = answers.get(question.pk)
        question.answer = answer
        question.answer_label = option_label(question, answer.option) if answer else None
        if not themes or themes[-1][0] != question.theme:
            themes.append((question.theme, []))
        themes[-1][1].append(question)
    missing = [
        question for _theme, questions in themes for question in questions if not question.answer
    ]
    can_answer = rules.can_answer(request.user, assessment)
    return render(
        request,
        "maturity/check_answers.html",
        {
            "assessment": assessment,
            "themes": themes,
            "missing": missing,
            "can_answer": can_answer,
            "can_submit": can_answer
            and ASSESSMENT.allows(assessment.state, "submit_assessment")
            and not missing,
        },
    )


@redirect_on_refusal("check_answers")
@login_required
@require_POST
def submit(request, pk):
    assessment = assessment_or_404(request.user, pk)
    refuse_unless(
        rules.can_answer(request.user, assessment),
        _("Only the organisation's editors can submit an assessment in progress."),
    )
    services.submit_assessment(assessment=assessment, submitted_by=request.user)
    messages.success(request, _("Assessment submitted. Its approvers can now sign it off."))
    return redirect("assessment_tasks", pk=assessment.pk)


@redirect_on_refusal("assessment_tasks")
@login_required
@require_POST
def sign_off(request, pk):
    assessment = assessment_or_404(request.user, pk)
    refuse_unless(
        rules.can_sign_off(request.user, assessment),
        _("Only the organisation's approvers can sign off a submitted assessment."),
    )
    services.sign_off_assessment(assessment=assessment, signed_off_by=request.user)
    messages.success(request, _("Assessment signed off."))
    return redirect("assessment_tasks", pk=assessment.pk)


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, pk):
    assessment = assessment_or_404(request.user, pk)
    refuse_unless(
        rules.can_reopen(request.user, assessment),
        _("Only NHS England admins can reopen a submitted or signed-off assessment."),
    )
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_assessment(
                assessment=assessment,
                reason=form.cleaned_data["reason"],
                reopened_by=request.user,
            )
        except ActionRefused as refusal:
            form.add_error("reason", str(refusal))
        else:
            messages.success(request, _("Assessment reopened. Its editors have been told."))
            return redirect("assessment_tasks", pk=assessment.pk)
    return render(
        request,
        "maturity/reopen.html",
        {"assessment": assessment, "form": form},
        status=400 if form.errors else 200,
    )
