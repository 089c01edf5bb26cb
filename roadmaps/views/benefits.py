"""The benefits register of a roadmap draft: its section page (``benefits_page``, handed a
roadmap the person may see by the section view), and a page to change one benefit and a
button to remove it, as the other list sections have (``roadmaps/views/lists.py``)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from roadmaps import rules
from roadmaps.forms.benefits import BenefitForm
from roadmaps.selectors.benefits import (
    benefit_organisations,
    benefits_of,
    register,
    share_organisations,
)
from roadmaps.services import benefits as services
from roadmaps.views.access import roadmap_or_404
from roadmaps.views.lists import (
    PAGE_METHODS,
    add_row,
    change_page,
    change_row,
    redirect_on_refusal_to_section,
    refuse_unless_editor,
    remove_row,
    row_or_404,
    section_page,
    section_url,
)

KEY = "benefits"


def benefits_page(request, roadmap):
    if request.method not in PAGE_METHODS:
        return HttpResponseNotAllowed(PAGE_METHODS)
    can_edit = rules.can_edit_roadmap(request.user, roadmap)
    organisations = benefit_organisations(roadmap)
    form = BenefitForm(organisations=organisations) if can_edit else None
    if request.method == "POST":
        refuse_unless_editor(request.user, roadmap)
        form = BenefitForm(request.POST, organisations=organisations)
        saved = add_row(
            request,
            roadmap,
            KEY,
            form,
            lambda form: services.add_benefit(
                roadmap=roadmap, added_by=request.user, **form.details()
            ),
            _("Benefit added."),
        )
        if saved:
            return saved
    return section_page(
        request,
        roadmap,
        KEY,
        form=form,
        can_edit=can_edit,
        context={"benefits": register(benefits_of(roadmap))},
    )


def _benefit_or_404(roadmap, benefit_pk):
    return row_or_404(
        benefits_of(roadmap), benefit_pk, _("This roadmap has no benefit with that number.")
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def change_benefit(request, pk, benefit_pk):
    roadmap = roadmap_or_404(request.user, pk)
    benefit = _benefit_or_404(roadmap, benefit_pk)
    refuse_unless_editor(request.user, roadmap)
    form = BenefitForm(
        request.POST if request.method == "POST" else None,
        initial=BenefitForm.initial_for(benefit),
        organisations=benefit_organisations(roadmap),
        share_organisations=share_organisations(roadmap, benefit),
        submit_text=_("Save benefit"),
    )
    saved = change_row(
        request,
        roadmap,
        KEY,
        form,
        lambda form: services.change_benefit(
            benefit=benefit, changed_by=request.user, **form.details()
        ),
        _("Benefit changed."),
    )
    return saved or change_page(request, roadmap, KEY, form=form, heading=_("Change a benefit"))


@redirect_on_refusal_to_section(KEY)
@login_required
@require_POST
def remove_benefit(request, pk, benefit_pk):
    roadmap = roadmap_or_404(request.user, pk)
    benefit = _benefit_or_404(roadmap, benefit_pk)
    refuse_unless_editor(request.user, roadmap)
    remove_row(
        request,
        lambda: services.remove_benefit(benefit=benefit, removed_by=request.user),
        _("Benefit removed."),
    )
    return redirect(section_url(roadmap, KEY))
