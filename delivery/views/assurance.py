"""NHS England's assurance of progress returns: the queue of returns waiting for it, and the
page where a reviewer reads a submitted return beside last quarter's and drafts, then
releases, the region's assured rating, comment and decision.

The assurance page carries the internal note, so it is NHS England's alone: the footprint's
people are refused it with the reason (403) and everyone else finds no such return (404).
NHS England staff who may not assure the return (reviewers of another
region, admins) read it and are refused any change with a reason (403), as on the roadmap
review pages.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts.errors import ActionRefused
from accounts.rules import is_nhse_staff, refuse_unless
from delivery import rules
from delivery.confidence import DEFINITIONS, SOURCE, Confidence
from delivery.enums import ReturnState
from delivery.forms.assurance import RELEASE, AssuranceForm
from delivery.selectors import assurance as selectors
from delivery.selectors.assurance_comparison import compare_submission
from delivery.selectors.returns import latest_submission, regions_reviewed_by
from delivery.services import assurance as services
from delivery.views.access import return_or_404
from delivery.views.finding_panels import assurance_panel

ONLY_STAFF_QUEUE = gettext_lazy("Only NHS England staff can see the assurance queue.")


@login_required
@require_safe
def assurance_queue(request):
    # As the roadmap review queue: every NHS England person may open it; it lists the
    # returns of the regions they review (None: a national reviewer; an empty set: none).
    refuse_unless(is_nhse_staff(request.user), ONLY_STAFF_QUEUE)
    regions = regions_reviewed_by(request.user)
    return render(
        request,
        "delivery/assurance/assurance_queue.html",
        {
            "rows": selectors.assurance_queue(request.user),
            "released": selectors.recently_released(request.user),
            "national": regions is None,
            "reviews_nothing": regions is not None and not regions,
        },
    )


def _return_or_404(user, pk):
    """The return, for NHS England staff. The footprint's people, who know the return, are
    refused with the reason (the page, which carries the internal note, is never shown to
    them); everyone else finds no such return."""
    progress_return = return_or_404(user, pk)
    refuse_unless(is_nhse_staff(user), rules.ONLY_RETURN_REVIEWERS)
    return progress_return


def _render(request, progress_return, submission, *, form=None, status=200):
    can_assure = rules.can_assure_return(request.user, progress_return)
    assurance = selectors.assurance_of(submission) if submission else None
    waiting = progress_return.state == ReturnState.SUBMITTED and (
        assurance is None or assurance.released_at is None
    )
    if form is None and waiting and can_assure:
        initial = {}
        if assurance is not None:
            initial = {name: getattr(assurance, name) for name in AssuranceForm.base_fields}
        form = AssuranceForm(initial=initial)
    context = {
        "progress_return": progress_return,
        "footprint": progress_return.roadmap.footprint,
        "period": progress_return.period,
        "submission": submission,
        "assurance": assurance,
        "waiting": waiting,
        "can_assure": can_assure,
        "why_not": rules.ONLY_RETURN_REVIEWERS,
        "form": form if waiting and can_assure else None,
        # Its errors head the page even when the return has moved on meanwhile.
        "failed": form if form is not None and form.errors else None,
    }
    if submission is not None:
        decision_field = context["form"]["comment"].auto_id if context["form"] else ""
        context |= {
            "findings": assurance_panel(request, progress_return, decision_field=decision_field),
            "comparison": compare_submission(progress_return, submission),
            "earlier": selectors.earlier_assurances(progress_return, submission),
            "definitions": [(rating.label, DEFINITIONS[rating]) for rating in Confidence],
            "source": SOURCE,
        }
    return render(request, "delivery/assurance/assure_return.html", context, status=status)


def _save(request, progress_return, form):
    """Draft the assurance, and release it if that button was pressed; the message to show,
    or None with the problems added to the form."""
    release = RELEASE in request.POST
    try:
        services.draft_assurance(
            progress_return=progress_return, drafted_by=request.user, **form.service_arguments()
        )
        if release:
            services.release_assurance(progress_return=progress_return, released_by=request.user)
    except services.AssuranceNotReady as refusal:
        for name, problem in refusal.by_field.items():
            form.add_error(name, str(problem))
        return None
    except ActionRefused as refusal:
        form.add_error(None, str(refusal))
        return None
    if not release:
        return _("Draft saved. The footprint sees nothing until you release it.")
    return _("Assurance released. The lead CCG's editors and approvers have been emailed.")


@login_required
@require_http_methods(["GET", "POST"])
def assure_return(request, pk):
    progress_return = _return_or_404(request.user, pk)
    submission = latest_submission(progress_return)
    if request.method == "GET":
        return _render(request, progress_return, submission)
    refuse_unless(rules.can_assure_return(request.user, progress_return),
                  rules.ONLY_RETURN_REVIEWERS)  # fmt: skip
    form = AssuranceForm(request.POST)
    if form.is_valid():
        done = _save(request, progress_return, form)
        if done is not None:
            messages.success(request, done)
            return redirect("assure_return", pk=progress_return.pk)
    progress_return.refresh_from_db(fields=["state"])
    return _render(request, progress_return, submission, form=form, status=400)
