"""The outbox for NHS England admins, and the emails the service sent to the person asking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts import selectors
from accounts.enums import EmailState
from accounts.forms.outbox import OutboxFilterForm
from accounts.models import OutboundEmail
from accounts.refusals import redirect_on_refusal
from accounts.rules import is_nhse_admin
from accounts.services.outbox import RETRYABLE_STATES, retry_failed

EMAILS_PER_PAGE = 50


def _refuse_unless_nhse_admin(user):
    if not is_nhse_admin(user):
        raise PermissionDenied(_("Only NHS England admins can see the outbox."))


def _query_string_without_page(request):
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return query_string.urlencode()


@login_required
@require_safe
def admin_outbox(request):
    _refuse_unless_nhse_admin(request.user)
    form = OutboxFilterForm(request.GET or None, templates=selectors.outbox_templates())
    criteria = form.cleaned_data if form.is_valid() else {}
    emails = selectors.outbox_emails(
        state=criteria.get("state", ""),
        template=criteria.get("template", ""),
        recipient=criteria.get("recipient", ""),
    )
    page = Paginator(emails, EMAILS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/admin_outbox.html",
        {
            "form": form,
            "page": page,
            "query_string": _query_string_without_page(request),
            "retryable_states": RETRYABLE_STATES,
            "failed_state": EmailState.FAILED,
        },
    )


@redirect_on_refusal("admin_outbox", url_kwargs=())
@login_required
@require_POST
def retry_email(request, pk):
    _refuse_unless_nhse_admin(request.user)
    email = get_object_or_404(OutboundEmail, pk=pk)
    retry_failed(email=email, retried_by=request.user)
    messages.success(
        request,
        _("The email to %(recipient)s is queued to be sent again.") % {"recipient": email.to},
    )
    return redirect("admin_outbox")


@login_required
@require_safe
def my_emails(request):
    emails = selectors.emails_sent_to(request.user)
    page = Paginator(emails, EMAILS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/my_emails.html",
        {"page": page, "query_string": _query_string_without_page(request)},
    )
