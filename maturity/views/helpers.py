"""Who helps answer an assessment: its approvers ask people of the lead CCG, or stop them."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.errors import ActionRefused
from accounts.models import User
from maturity import rules
from maturity.selectors.assessments import helper_candidates, helpers_of
from maturity.services import helpers as services
from maturity.views.answering import assessment_or_404


class HelperForm(forms.Form):
    """Offers the lead CCGs' people; any active person is accepted here so that the service
    can say, by the field, why someone else cannot be asked."""

    user = forms.ModelChoiceField(
        label=gettext_lazy("Person to ask"),
        help_text=gettext_lazy("People of the lead CCG of a footprint that holds the provider."),
        queryset=User.objects.filter(is_active=True),
        empty_label=gettext_lazy("Choose a person"),
        error_messages={
            "required": gettext_lazy("Choose the person to ask."),
            "invalid_choice": gettext_lazy("Choose a person from the list."),
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].widget.choices = [("", _("Choose a person"))] + [
            (person.pk, f"{person.full_name or person.email} ({person.email})")
            for person in candidates
        ]
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.add_input(Submit("submit", _("Ask them to help")))


def _assessment_to_manage(user, pk):
    assessment = assessment_or_404(user, pk)
    if not rules.can_manage_helpers(user, assessment):
        raise PermissionDenied(
            _("Only the organisation's approvers can choose who helps, until it is submitted.")
        )
    return assessment


@login_required
@require_http_methods(["GET", "POST"])
def assessment_helpers(request, pk):
    assessment = _assessment_to_manage(request.user, pk)
    candidates = list(helper_candidates(assessment))
    data = request.POST if request.method == "POST" else None
    form = HelperForm(data, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["user"]
        try:
            services.add_helper(assessment=assessment, user=person, added_by=request.user)
        except ActionRefused as refusal:
            form.add_error("user", str(refusal))
        else:
            messages.success(
                request,
                _("%(person)s can now help answer the assessment. We have emailed them.")
                % {"person": person.full_name or person.email},
            )
            return redirect("assessment_helpers", pk=assessment.pk)
    return render(
        request,
        "maturity/helpers.html",
        {
            "assessment": assessment,
            "helpers": helpers_of(assessment),
            "candidates": candidates,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def remove_assessment_helper(request, pk, helper_pk):
    assessment = _assessment_to_manage(request.user, pk)
    helper = helpers_of(assessment).filter(pk=helper_pk).first()
    if helper is None:
        raise Http404(_("Nobody with that number helps with this assessment."))
    try:
        services.remove_helper(helper=helper, removed_by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("%(person)s no longer helps with the assessment.")
            % {"person": helper.user.full_name or helper.user.email},
        )
    return redirect("assessment_helpers", pk=assessment.pk)
