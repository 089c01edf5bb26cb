"""NHS England admins correct the care setting a trust's self-assessments are answered for."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts.enums import OrganisationKind
from accounts.errors import ActionRefused
from accounts.rules import refuse_unless
from accounts.selectors import organisation_by_code
from maturity import rules
from maturity.enums import CareSetting
from maturity.forms import CareSettingForm
from maturity.selectors.care_settings import care_setting_of, correction_of, register_care_setting
from maturity.services.care_settings import correct_care_setting


def _trust_or_404(ods_code):
    trust = organisation_by_code(ods_code)
    if trust is None or trust.kind != OrganisationKind.NHS_TRUST:
        raise Http404(_("No NHS trust has that ODS code."))
    return trust


@login_required
@require_http_methods(["GET", "POST"])
def care_setting(request, ods_code):
    trust = _trust_or_404(ods_code)
    refuse_unless(rules.can_correct_care_setting(request.user, trust), rules.ONLY_ADMINS_CORRECT)
    current = care_setting_of(trust)
    form = CareSettingForm(request.POST or None, initial={"care_setting": current})
    if request.method == "POST" and form.is_valid():
        try:
            moved = correct_care_setting(
                organisation=trust,
                care_setting=form.cleaned_data["care_setting"],
                reason=form.cleaned_data["reason"],
                corrected_by=request.user,
            )
        except ActionRefused as refusal:
            form.add_error("care_setting", str(refusal))
        else:
            setting = CareSetting(form.cleaned_data["care_setting"]).label.lower()
            messages.success(
                request,
                ngettext(
                    "%(trust)s's self-assessments are now for %(setting)s services; "
                    "%(count)s not yet started takes the new setting.",
                    "%(trust)s's self-assessments are now for %(setting)s services; "
                    "%(count)s not yet started take the new setting.",
                    len(moved),
                )
                % {"trust": trust.name, "setting": setting, "count": len(moved)},
            )
            return redirect("organisation_detail", ods_code=trust.ods_code)
    register = register_care_setting(trust)
    return render(
        request,
        "maturity/care_setting.html",
        {
            "trust": trust,
            "form": form,
            "current": CareSetting(current).label,
            "register": CareSetting(register).label if register else None,
            "correction": correction_of(trust),
        },
        status=400 if form.errors else 200,
    )
