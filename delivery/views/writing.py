"""The pages where the footprint's editors write a progress return: their returns, a return's
task list, a page per section (saved with "Save and continue" without JavaScript, or by
autosave, with a conflict page that loses neither person's work), and adding a milestone or
a risk."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.errors import ActionRefused
from accounts.rules import refuse_unless
from delivery import confidence, rules, suggestion
from delivery.enums import ReturnState
from delivery.forms.benefits import BenefitsForm
from delivery.forms.returns import (
    AddMilestoneForm,
    CapabilitiesForm,
    DeploymentsForm,
    MilestonesForm,
    RisksForm,
)
from delivery.forms.whole_return import NarrativeForm, RatingForm
from delivery.selectors.benefit_display import benefit_row, rules_in_words
from delivery.selectors.benefits import benefit_data, earlier_benefit_lines
from delivery.selectors.returns import last_quarter_rating, return_figures, return_for_user
from delivery.selectors.writing import (
    next_section,
    released_assurance,
    return_deadline,
    returns_listed_for,
    section_or_none,
    section_progress,
    submissions_of,
    with_words,
)
from delivery.services.returns import (
    ReturnConflict,
    add_return_milestone,
    add_return_risk,
    financial_year,
    save_return_section,
)
from delivery.transitions import RETURN
from delivery.views.access import return_or_404
from roadmaps.forms.lists import RiskForm
from roadmaps.roadmap_sections import UNIVERSAL_CAPABILITIES_BY, year_label

LINE_FORMS = {
    "milestones": MilestonesForm,
    "capabilities": CapabilitiesForm,
    "deployments": DeploymentsForm,
    "risks": RisksForm,
}


def why_not_writable(progress_return):
    """Why the person cannot change this return, in words for them."""
    if not RETURN.allows(progress_return.state, "edit_return"):
        return RETURN.refusal(progress_return, "edit_return")
    return str(rules.ONLY_RETURN_EDITORS)


@login_required
@require_safe
def return_list(request):
    return render(request, "delivery/returns/list.html", {"rows": returns_listed_for(request.user)})


@login_required
@require_safe
def return_detail(request, pk):
    progress_return = return_or_404(request.user, pk)
    figures = return_figures(progress_return)
    user = request.user
    context = {
        "progress_return": progress_return,
        "footprint": progress_return.roadmap.footprint,
        "deadline": return_deadline(progress_return),
        "progress": section_progress(progress_return, figures),
        "benefits": [benefit_row(benefit_data(line)) for line in figures.benefits],
        "assurance": released_assurance(progress_return),
        "submissions": submissions_of(progress_return),
        "can_write": rules.can_write_return(user, progress_return),
        "can_check": rules.is_return_editor(user, progress_return)
        and RETURN.allows(progress_return.state, "request_return_sign_off"),
        "can_sign_off": rules.can_sign_off_return(user, progress_return),
        "more_information": progress_return.state == ReturnState.MORE_INFORMATION_REQUESTED,
    }
    return render(request, "delivery/returns/detail.html", context)


def _form(section, progress_return, figures, data=None, theirs=None, autosave=False):
    """The section's form over the saved lines (and, after a conflict, the other person's)."""
    if section.key == "benefits":
        lines = figures.benefits
        return BenefitsForm(
            data,
            version=progress_return.version,
            lines=lines,
            theirs={line.pk: line for line in lines} if theirs else None,
            period_end=progress_return.period.period_end,
            earlier=earlier_benefit_lines(progress_return) if lines and data else None,
            autosave=autosave,
        )
    if section.key in LINE_FORMS:
        lines = getattr(figures, section.key)
        return LINE_FORMS[section.key](
            data,
            version=progress_return.version,
            lines=lines,
            theirs={line.pk: line for line in lines} if theirs else None,
        )
    if section.key == "narrative":
        return NarrativeForm(data, progress_return=progress_return, theirs=theirs)
    return RatingForm(
        data,
        progress_return=progress_return,
        previous_rating=last_quarter_rating(progress_return),
        suggested=figures.suggestion.rating,
        theirs=theirs,
    )


@login_required
@require_http_methods(["GET", "POST"])
def return_section(request, pk, section):
    progress_return = return_or_404(request.user, pk)
    section = section_or_none(section)
    if section is None:
        raise Http404(_("A progress return has no section with that name."))
    can_write = rules.can_write_return(request.user, progress_return)
    figures = with_words(return_figures(progress_return))
    if request.method == "GET":
        form = _form(section, progress_return, figures)
        return _section_page(request, progress_return, section, form, figures, can_write=can_write)

    refuse_unless(can_write, why_not_writable(progress_return))
    autosave = request.headers.get("X-Autosave") == "1"
    form = _form(section, progress_return, figures, data=request.POST, autosave=autosave)
    if not form.is_valid():
        if autosave:
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return _section_page(request, progress_return, section, form, figures, status=400)
    try:
        version = save_return_section(
            progress_return=progress_return,
            section=section.key,
            data=form.data_for_service(),
            expected_version=form.cleaned_data["version"],
            saved_by=request.user,
        )
    except ReturnConflict as conflict:
        if autosave:
            return JsonResponse(
                {"error": str(conflict), "version": conflict.current_version}, status=409
            )
        return _conflict_page(request, progress_return, section, conflict)
    except ActionRefused as refusal:
        if autosave:
            return JsonResponse({"error": str(refusal)}, status=409)
        form.add_error(None, str(refusal))
        return _section_page(request, progress_return, section, form, figures, status=409)
    if autosave:
        saved_at = timezone.localtime().strftime("%H:%M")
        return JsonResponse({"version": version, "saved_at": saved_at})
    messages.success(request, _("%(section)s saved.") % {"section": section.title})
    return redirect(_next_url(progress_return, section))


def _next_url(progress_return, section):
    following = next_section(section)
    if following is None:
        return reverse("return_detail", args=[progress_return.pk])
    return reverse("return_section", args=[progress_return.pk, following.key])


def _section_page(request, progress_return, section, form, figures, *, can_write=True,
                  status=200, conflict=False):  # fmt: skip
    context = {
        "progress_return": progress_return,
        "footprint": progress_return.roadmap.footprint,
        "section": section,
        "form": form,
        "figures": figures,
        "can_write": can_write,
        "conflict": conflict,
        "read_only_reason": "" if can_write else why_not_writable(progress_return),
        "next_url": _next_url(progress_return, section),
        "last": next_section(section) is None,
        "capabilities_by": UNIVERSAL_CAPABILITIES_BY,
        "year": year_label(financial_year(progress_return.period.period_end)),
    }
    if section.key == "rating":
        context.update(_rating_context(progress_return, figures))
    if section.key == "benefits":
        context["benefit_rules"] = rules_in_words()
    return render(request, f"delivery/returns/sections/{section.key}.html", context, status=status)


def _rating_context(progress_return, figures):
    """The suggestion, every rule with whether it fired and why, and last quarter's rating."""
    fired = {}
    for rule, evidence in figures.suggestion.fired:
        fired.setdefault(rule.id, []).append(str(evidence))
    previous = last_quarter_rating(progress_return)
    return {
        "suggested": confidence.Confidence(figures.suggestion.rating).label,
        "rules": [(rule, fired.get(rule.id, [])) for rule in suggestion.RULES],
        "previous_rating": confidence.Confidence(previous).label if previous else "",
        "source": confidence.SOURCE,
    }


def _conflict_page(request, progress_return, section, conflict):
    """What the person typed kept in the form, now naming the newer version, with what the
    other person saved beside each field that differs."""
    saved = return_for_user(request.user, progress_return.pk)
    figures = with_words(return_figures(saved))
    data = request.POST.copy()
    data["version"] = str(conflict.current_version)
    form = _form(section, saved, figures, data=data, theirs=saved)
    form.is_valid()
    return _section_page(request, saved, section, form, figures, status=409, conflict=True)


def _add_page(request, pk, *, form_class, template, add):
    progress_return = return_or_404(request.user, pk)
    refuse_unless(
        rules.can_write_return(request.user, progress_return), why_not_writable(progress_return)
    )
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # A new line overwrites nothing: it is added whoever saved the return meanwhile.
        message = add(progress_return, form.cleaned_data)
        messages.success(request, message)
        return redirect(reverse("return_section", args=[progress_return.pk, template]))
    context = {
        "progress_return": progress_return,
        "footprint": progress_return.roadmap.footprint,
        "form": form,
    }
    status = 400 if form.is_bound else 200
    return render(request, f"delivery/returns/add_{template}.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def add_milestone(request, pk):
    def add(progress_return, cleaned):
        line = add_return_milestone(
            progress_return=progress_return,
            title=cleaned["title"],
            owner=cleaned["owner"],
            forecast_on=cleaned["forecast_on"],
            expected_version=None,
            added_by=request.user,
        )
        return _("Milestone “%(title)s” added.") % {"title": line.title}

    return _add_page(request, pk, form_class=AddMilestoneForm, template="milestones", add=add)


@login_required
@require_http_methods(["GET", "POST"])
def add_risk(request, pk):
    def add(progress_return, cleaned):
        line = add_return_risk(
            progress_return=progress_return,
            description=cleaned["description"],
            likelihood=cleaned["likelihood"],
            impact=cleaned["impact"],
            owner=cleaned["owner"],
            mitigation=cleaned["mitigation"],
            expected_version=None,
            added_by=request.user,
        )
        return _("Risk “%(description)s” added.") % {"description": line.description}

    return _add_page(request, pk, form_class=RiskForm, template="risks", add=add)
