"""A progress return on its way to NHS England: the editors check it and ask the lead CCG to
sign it off; the lead CCG's approver signs it off and submits it, or sends it back with a
reason; everyone who can see the return reads each submission as it was frozen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.refusals import redirect_on_refusal_to
from accounts.rules import refuse_unless
from delivery import rules
from delivery.forms.signoff import SEND_BACK, SendBackForm
from delivery.models import ReturnAssurance, ReturnSubmission
from delivery.selectors.return_display import rating, return_summary
from delivery.selectors.returns import last_quarter_rating, return_figures
from delivery.selectors.writing import SECTIONS, submissions_of
from delivery.services.submission import (
    AlreadySubmitted,
    missing_for_sign_off,
    request_return_sign_off,
    return_snapshot,
    send_back_return,
    submit_return,
)
from delivery.transitions import RETURN
from delivery.views.access import return_or_404
from delivery.views.finding_panels import return_check_panel


def _live_summary(progress_return, figures, snapshot=None):
    summary = return_summary(snapshot or return_snapshot(progress_return, figures))
    summary.last_quarter = rating(last_quarter_rating(progress_return))
    return summary


def _why_not_ask(user, progress_return):
    """Why this person cannot ask for sign-off now, in words; "" when they can."""
    if not RETURN.allows(progress_return.state, "request_return_sign_off"):
        return RETURN.refusal(progress_return, "request_return_sign_off")
    if not rules.is_return_editor(user, progress_return):
        return str(rules.ONLY_RETURN_EDITORS)
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def return_check(request, pk):
    """Check your answers: the whole return, what is still missing, and the button that
    asks the lead CCG's approvers to sign it off."""
    progress_return = return_or_404(request.user, pk)
    if request.method == "POST":
        return _ask_for_sign_off(request, progress_return)
    figures = return_figures(progress_return)
    snapshot = return_snapshot(progress_return, figures)
    why_not = _why_not_ask(request.user, progress_return)
    missing = []
    if RETURN.allows(progress_return.state, "request_return_sign_off"):
        missing = [
            (item, reverse("return_section", args=[progress_return.pk, item.section]))
            for item in missing_for_sign_off(progress_return, figures)
        ]
    changes = {}
    if rules.can_write_return(request.user, progress_return):
        changes = {
            section: reverse("return_section", args=[progress_return.pk, section])
            for section in (each.key for each in SECTIONS)
        }
    return render(
        request,
        "delivery/returns/check.html",
        {
            "progress_return": progress_return,
            "footprint": progress_return.roadmap.footprint,
            "summary": _live_summary(progress_return, figures, snapshot),
            "findings": return_check_panel(request, progress_return, snapshot),
            "missing": missing,
            "changes": changes,
            "can_ask": not why_not and not missing,
            "why_not": why_not,
            "can_sign_off": rules.can_sign_off_return(request.user, progress_return),
            "submissions": submissions_of(progress_return),
        },
    )


def _ask_for_sign_off(request, progress_return):
    refuse_unless(rules.is_return_editor(request.user, progress_return), rules.ONLY_RETURN_EDITORS)
    # The return's state and completeness are the service's to judge, under its lock.
    redirect_on_refusal_to(request, reverse("return_check", args=[progress_return.pk]))
    request_return_sign_off(progress_return=progress_return, requested_by=request.user)
    messages.success(
        request,
        _(
            "Sign-off asked for. The approvers of %(lead)s have been emailed; the return cannot "
            "be changed unless one of them sends it back."
        )
        % {"lead": progress_return.roadmap.footprint.lead_ccg.name},
    )
    return redirect("return_check", pk=progress_return.pk)


def _why_not_sign_off(user, progress_return):
    if not rules.is_lead_approver(user, progress_return):
        return str(rules.ONLY_LEAD_APPROVERS)
    return RETURN.refusal(progress_return, "submit_return")


@login_required
@require_http_methods(["GET", "POST"])
def sign_off_return(request, pk):
    """The lead CCG's approver reads the return, then signs it off and submits it to NHS
    England, or sends it back to the editors with what to change."""
    progress_return = return_or_404(request.user, pk)
    refuse_unless(rules.is_lead_approver(request.user, progress_return), rules.ONLY_LEAD_APPROVERS)
    # Whatever the services refuse (someone else acted first) is told on the check page.
    redirect_on_refusal_to(request, reverse("return_check", args=[progress_return.pk]))
    form = SendBackForm()
    if request.method == "POST":
        if request.POST.get("action") != SEND_BACK:
            return _submit(request, progress_return)
        form = SendBackForm(request.POST)
        if form.is_valid():
            send_back_return(
                progress_return=progress_return,
                reason=form.cleaned_data["reason"],
                sent_back_by=request.user,
            )
            messages.success(
                request,
                _("The return is back with its editors. They have been emailed your reason."),
            )
            return redirect("return_check", pk=progress_return.pk)
    refuse_unless(
        rules.can_sign_off_return(request.user, progress_return),
        _why_not_sign_off(request.user, progress_return),
    )
    figures = return_figures(progress_return)
    snapshot = return_snapshot(progress_return, figures)
    return render(
        request,
        "delivery/returns/sign_off.html",
        {
            "progress_return": progress_return,
            "footprint": progress_return.roadmap.footprint,
            "summary": _live_summary(progress_return, figures, snapshot),
            "findings": return_check_panel(request, progress_return, snapshot),
            "form": form,
            "changes": {},
        },
        status=400 if form.errors else 200,
    )


def _submit(request, progress_return):
    """A double click, or two approvers at once, make one submission; both land on it."""
    try:
        submission = submit_return(progress_return=progress_return, submitted_by=request.user)
    except AlreadySubmitted as refusal:
        messages.info(request, str(refusal))
        submission = refusal.submission
    else:
        messages.success(
            request,
            _(
                "Signed off and submitted to NHS England. The lead CCG's editors and approvers "
                "have been emailed a receipt."
            ),
        )
    return redirect("return_submission", pk=progress_return.pk, number=submission.number)


@login_required
@require_safe
def return_submission(request, pk, number):
    """A submitted return as it was frozen, with the region's assurance once released."""
    progress_return = return_or_404(request.user, pk)
    submission = (
        ReturnSubmission.objects.select_related("submitted_by")
        .filter(progress_return=progress_return, number=number)
        .first()
    )
    if submission is None:
        raise Http404(_("This progress return has no submission with that number."))
    assurance = ReturnAssurance.objects.filter(
        submission=submission, released_at__isnull=False
    ).first()
    return render(
        request,
        "delivery/returns/submission.html",
        {
            "progress_return": progress_return,
            "footprint": progress_return.roadmap.footprint,
            "submission": submission,
            "summary": return_summary(submission.snapshot),
            "own_rating": rating(submission.delivery_confidence),
            "suggested": rating(submission.suggested_confidence),
            "assurance": assurance,
            "assured": rating(assurance.assured_confidence) if assurance else None,
            "show_internal": rules.can_see_internal_notes(request.user),
            "changes": {},
        },
    )
