"""Reporting periods for NHS England admins (add them, publish a period's assured ratings),
and the published assured ratings that anyone may read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.errors import ActionRefused
from accounts.refusals import redirect_on_refusal
from accounts.rules import refuse_unless
from config.spreadsheets import csv_response, filename_for
from delivery.confidence import DEFINITIONS, SOURCE, Confidence
from delivery.forms.periods import (
    ADD_PERIOD,
    QuarterlyPeriodsForm,
    ReportingPeriodForm,
    keeping_typed,
)
from delivery.models import ReportingPeriod
from delivery.rules import can_manage_periods
from delivery.selectors.periods import (
    periods_overview,
    published_period,
    published_periods,
    published_rating_cycles,
)
from delivery.services.periods import add_quarterly_periods, add_reporting_period
from delivery.services.publication import publish_period_ratings
from roadmaps.forms.filters import CycleFilterForm
from roadmaps.selectors.cycle_picker import cycle_choice


def _refuse_unless_admin(user):
    refuse_unless(
        can_manage_periods(user),
        _("Only NHS England admins can add reporting periods and publish assured ratings."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reporting_periods(request):
    """GET: the chosen cycle's periods (the current cycle's unless ``?cycle=`` picks another)
    and the forms to add some. POST: one of the forms, told apart by its button, for the
    cycle its address names."""
    _refuse_unless_admin(request.user)
    picker = CycleFilterForm(request.GET or None, choice=cycle_choice())
    cycle = picker.cycle
    quarters_form, period_form = QuarterlyPeriodsForm(), ReportingPeriodForm()
    sent = None
    if request.method == "POST":
        if cycle is None:
            raise Http404(_("There is no cycle to add reporting periods to."))
        if ADD_PERIOD in request.POST:
            sent = period_form = ReportingPeriodForm(request.POST)
            done = _add_period(request, cycle, period_form)
            quarters_form = keeping_typed(QuarterlyPeriodsForm, request.POST)
        else:
            sent = quarters_form = QuarterlyPeriodsForm(request.POST)
            done = _add_quarters(request, cycle, quarters_form)
            period_form = keeping_typed(ReportingPeriodForm, request.POST)
        if done:
            return redirect(_periods_of(cycle.pk))
    if cycle is not None:
        for form in (quarters_form, period_form):
            form.helper.form_action = _periods_of(cycle.pk)
    return render(
        request,
        "delivery/periods/reporting_periods.html",
        {
            "picker": picker,
            "cycle": cycle,
            "rows": periods_overview(cycle) if cycle else [],
            "quarters_form": quarters_form,
            "period_form": period_form,
        },
        status=400 if sent is not None and sent.errors else 200,
    )


def _periods_of(cycle_id):
    return f"{reverse('reporting_periods')}?cycle={cycle_id}"


def _add_quarters(request, cycle, form):
    if not form.is_valid():
        return False
    try:
        added = add_quarterly_periods(
            cycle=cycle,
            first_quarter_end=form.cleaned_data["first_quarter_end"],
            count=form.cleaned_data["count"],
            added_by=request.user,
        )
    except ActionRefused as refusal:
        form.add_error("first_quarter_end", str(refusal))
        return False
    if added:
        messages.success(
            request,
            ngettext(
                "%(count)s reporting period added: %(labels)s.",
                "%(count)s reporting periods added: %(labels)s.",
                len(added),
            )
            % {"count": len(added), "labels": ", ".join(period.label for period in added)},
        )
    else:
        messages.info(
            request,
            _("The %(cycle)s cycle has those reporting periods already: nothing was added.")
            % {"cycle": cycle.name},
        )
    return True


def _add_period(request, cycle, form):
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        period = add_reporting_period(
            cycle=cycle,
            label=data["label"],
            period_end=data["period_end"],
            opens_on=data["opens_on"],
            due_on=data["due_on"],
            added_by=request.user,
        )
    except ActionRefused as refusal:
        # The form has checked the dates; what is left is a name the cycle has already.
        form.add_error("label", str(refusal))
        return False
    messages.success(
        request, _("The reporting period %(label)s is added.") % {"label": period.label}
    )
    return True


@redirect_on_refusal("reporting_periods", url_kwargs=())
@login_required
@require_POST
def publish_period(request, pk):
    _refuse_unless_admin(request.user)
    period = get_object_or_404(ReportingPeriod, pk=pk)
    publish_period_ratings(period=period, published_by=request.user)
    messages.success(
        request,
        _("The %(period)s assured ratings are published: anyone can now read them.")
        % {"period": period.label},
    )
    return redirect(_periods_of(period.cycle_id))


@require_safe
def published_ratings(request):
    form = CycleFilterForm(request.GET or None, choice=published_rating_cycles())
    return render(
        request,
        "delivery/periods/published_ratings.html",
        {
            "form": form,
            "cycle": form.cycle,
            "periods": published_periods(form.cycle) if form.cycle else [],
            "definitions": [(Confidence(key).label, text) for key, text in DEFINITIONS.items()],
            "source": SOURCE,
        },
    )


@require_safe
def published_ratings_csv(request, pk):
    published = published_period(pk)
    if published is None:
        raise Http404(_("No published reporting period has that number."))
    label = published.period.label
    header = [
        _("Reporting period"),
        _("Footprint"),
        _("Lead CCG"),
        _("Lead CCG ODS code"),
        _("NHS England region"),
        _("Footprint's own rating"),
        _("NHS England's assured rating"),
    ]
    rows = [
        [label, rating.footprint, rating.lead_ccg, rating.lead_ccg_code, rating.region,
         str(rating.own_label), str(rating.assured_label)]
        for rating in published.ratings
    ]  # fmt: skip
    return csv_response(filename_for(f"assured-ratings-{label}", "csv"), header, rows)
