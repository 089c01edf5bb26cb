"""NHS England admins send reminders now to a filtered set of organisations: the page says how
many people will get an email, and only a POST from its button sends them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.errors import ActionRefused
from accounts.rules import is_nhse_admin
from roadmaps.forms.reminders import ReminderFilterForm, SendRemindersForm
from roadmaps.selectors.reminder_targets import organisations_to_remind, reminder_schedule
from roadmaps.services.reminders import TEMPLATE, preview_reminders_now, send_reminders_now


def _refuse_unless_nhse_admin(user):
    if not is_nhse_admin(user):
        raise PermissionDenied(_("Only NHS England admins can send reminders."))


@login_required
@require_http_methods(["GET", "POST"])
def send_reminders(request):
    """GET with filters previews who would be emailed; POST (its button) queues the emails."""
    _refuse_unless_nhse_admin(request.user)
    if request.method == "POST":
        form = ReminderFilterForm(request.POST)
        if form.is_valid():
            _send(request, form)
            return redirect(f"{reverse('send_reminders')}?{form.query_string()}")
    else:
        form = ReminderFilterForm(request.GET or None)
    preview = confirm_form = None
    if request.method == "GET" and form.is_bound and form.is_valid():
        preview = preview_reminders_now(
            organisation_ids=organisations_to_remind(**form.criteria()),
            stage_kinds=form.stage_kinds(),
        )
        confirm_form = SendRemindersForm(request.GET, people=preview.people)
    schedule = reminder_schedule()
    return render(
        request,
        "roadmaps/reminders/send.html",
        {
            "form": form,
            "preview": preview,
            "confirm_form": confirm_form,
            "schedule_url": schedule
            and reverse("admin:django_celery_beat_periodictask_change", args=[schedule.pk]),
            "outbox_url": f"{reverse('admin_outbox')}?template={TEMPLATE}",
        },
        status=400 if request.method == "POST" else 200,
    )


def _send(request, form):
    try:
        run = send_reminders_now(
            organisation_ids=organisations_to_remind(**form.criteria()),
            stage_kinds=form.stage_kinds(),
            sent_by=request.user,
        )
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return
    message = ngettext(
        "Queued %(count)s reminder email.", "Queued %(count)s reminder emails.", run.queued
    ) % {"count": run.queued}
    if run.already_reminded:
        message += " " + ngettext(
            "%(count)s person already had one today and was not emailed again.",
            "%(count)s people already had one today and were not emailed again.",
            run.already_reminded,
        ) % {"count": run.already_reminded}
    messages.success(request, message)
