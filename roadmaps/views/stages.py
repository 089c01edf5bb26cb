"""NHS England admins move a stage's dates or open it now. The check page shows, before
``change_stage_dates`` writes anything, whose tasks and deadlines it affects and who will
be emailed, read by the same selector the emails are."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from accounts.errors import ActionRefused
from accounts.rules import is_nhse_admin, refuse_unless
from roadmaps.enums import StageKind
from roadmaps.forms.deadlines import StageDatesForm
from roadmaps.forms.filters import CycleFilterForm
from roadmaps.models import Stage
from roadmaps.selectors.cycle_picker import cycle_choice
from roadmaps.selectors.deadlines import LONDON, london_day
from roadmaps.selectors.publication import accepted_roadmaps
from roadmaps.selectors.stages import stages_of_cycle
from roadmaps.services.cycles import change_stage_dates
from roadmaps.services.reminders import preview_stage_dates


def _refuse_unless_nhse_admin(user):
    refuse_unless(is_nhse_admin(user), _("Only NHS England admins can change stage dates."))


@login_required
@require_safe
def stage_list(request):
    _refuse_unless_nhse_admin(request.user)
    # Every cycle, opening on the newest that has started: a later cycle's dates can be set
    # before it starts, and an earlier one's while its reporting periods run.
    form = CycleFilterForm(request.GET or None, choice=cycle_choice())
    cycle = form.cycle
    return render(
        request,
        "roadmaps/deadlines/stages.html",
        {"form": form, "cycle": cycle, "rows": stages_of_cycle(cycle) if cycle else []},
    )


@login_required
@require_http_methods(["GET", "POST"])
def stage_dates(request, pk):
    """GET: the dates form. POST: the check page (``open_now`` fills in today), the form again
    with what was typed, or, from the check page's button, the change."""
    _refuse_unless_nhse_admin(request.user)
    stage = get_object_or_404(Stage.objects.select_related("cycle"), pk=pk)
    if request.method == "GET":
        return _form_page(request, StageDatesForm(stage=stage))
    data = _opening_today(stage) if "open_now" in request.POST else request.POST
    form = StageDatesForm(data, stage=stage)
    if "change" in request.POST or not form.is_valid():
        return _form_page(request, form)
    opens_at, due_at = form.cleaned_data["opens_at"], form.cleaned_data["due_at"]
    preview = preview_stage_dates(stage, due_at=due_at)
    if "confirm" not in request.POST:
        return _check_page(request, form, stage, preview)
    try:
        change_stage_dates(stage=stage, opens_at=opens_at, due_at=due_at, changed_by=request.user)
    except ActionRefused as refusal:
        form.add_error(None, str(refusal))
        return _form_page(request, form)
    messages.success(request, _changed_message(stage, len(preview.told)))
    return redirect(f"{reverse('cycle_stages')}?cycle={stage.cycle_id}")


def _opening_today(stage):
    today, due_on = timezone.localdate(timezone=LONDON), london_day(stage.due_at)
    return {
        **{f"opens_on_{part}": getattr(today, part) for part in ("day", "month", "year")},
        **{f"due_on_{part}": getattr(due_on, part) for part in ("day", "month", "year")},
    }


def _form_page(request, form):
    return render(
        request,
        "roadmaps/deadlines/stage_dates.html",
        {"form": form, "stage": form.stage},
        status=400 if form.is_bound and form.errors else 200,
    )


def _check_page(request, form, stage, preview):
    opens_at, due_at = form.cleaned_data["opens_at"], form.cleaned_data["due_at"]
    now = timezone.now()
    opening = opens_at <= now < stage.opens_at
    publishable = (
        accepted_roadmaps(stage.cycle) if opening and stage.kind == StageKind.PUBLICATION else []
    )
    return render(
        request,
        "roadmaps/deadlines/check_stage_dates.html",
        {
            "form": form,
            "stage": stage,
            "opens_at": opens_at,
            "due_at": due_at,
            "opening": opening,
            "publishable": publishable,
            "tasks": _task_rows(preview),
            "told": sorted(
                (person for person, _moves in preview.told.values()),
                key=lambda person: person.email,
            ),
        },
    )


def _task_rows(preview):
    """One row per outstanding task: what, for whom, who acts, its deadline before and after."""
    rows = {}
    for (user_id, key), (person, task) in preview.after.items():
        before = preview.before.get((user_id, key))
        row = rows.setdefault(
            key,
            {"task": task, "due_now": before[1].due_at if before else None, "people": []},
        )
        row["people"].append(person.full_name)
    for row in rows.values():
        row["people"].sort()
        row["unchanged"] = row["due_now"] == row["task"].due_at
    return sorted(rows.values(), key=lambda row: (row["task"].due_at, row["task"].title))


def _changed_message(stage, told):
    opens, due = (timezone.localtime(moment, LONDON) for moment in (stage.opens_at, stage.due_at))
    changed = _(
        "The %(stage)s stage now opens on %(opens)s and is due by %(time)s on %(due)s "
        "(London time)."
    ) % {
        "stage": stage.name,
        "opens": formats.date_format(opens, "j F Y"),
        "time": formats.time_format(due, "H:i"),
        "due": formats.date_format(due, "j F Y"),
    }
    if not told:
        return f"{changed} " + _("Nobody is being emailed: no one's deadline moved.")
    emailed = ngettext(
        "%(count)s person is being emailed.", "%(count)s people are being emailed.", told
    ) % {"count": told}
    return f"{changed} {emailed}"
