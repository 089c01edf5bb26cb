"""Getting a roadmap signed off and submitted: the completeness check, choosing signatories,
signing off or declining, and submitting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.errors import ActionRefused
from accounts.models import Organisation
from accounts.refusals import redirect_on_refusal
from accounts.rules import refuse_unless
from roadmaps import rules
from roadmaps.enums import CCG_ROLES
from roadmaps.forms.signoff import SignatoriesForm, SignOffForm
from roadmaps.models import RoadmapSignatory
from roadmaps.panels import CHECK_PANELS, panels
from roadmaps.selectors.roadmaps import missing_for_sign_off
from roadmaps.services import submission as services
from roadmaps.transitions import ROADMAP
from roadmaps.views.access import roadmap_or_404

ONLY_THE_LEAD = _("Only editors and approvers of the lead CCG can do this.")


@login_required
@require_safe
def roadmap_check(request, pk):
    roadmap = roadmap_or_404(request.user, pk)
    missing = [
        (item, reverse("roadmap_section", args=[roadmap.pk, item.section.key]))
        for item in missing_for_sign_off(roadmap)
    ]
    return render(
        request,
        "roadmaps/roadmap_check.html",
        {
            "roadmap": roadmap,
            "footprint": roadmap.footprint,
            "missing": missing,
            "can_request": rules.can_lead_roadmap(request.user, roadmap)
            and ROADMAP.allows(roadmap.state, "request_sign_off"),
            "panels": panels(CHECK_PANELS, request, roadmap=roadmap),
        },
    )


@redirect_on_refusal("roadmap_check")
@login_required
@require_POST
def request_sign_off(request, pk):
    roadmap = roadmap_or_404(request.user, pk)
    refuse_unless(rules.can_lead_roadmap(request.user, roadmap), ONLY_THE_LEAD)
    services.request_sign_off(roadmap=roadmap, requested_by=request.user)
    messages.success(
        request, _("Sign-off requested. The approvers of each signing organisation have been told.")
    )
    return redirect("roadmap_tasks", pk=roadmap.pk)


@login_required
@require_http_methods(["GET", "POST"])
def signatories(request, pk):
    roadmap = roadmap_or_404(request.user, pk)
    refuse_unless(
        rules.can_lead_roadmap(request.user, roadmap)
        and ROADMAP.allows(roadmap.state, "set_signatories"),
        _("Only the lead CCG can choose signatories, while the roadmap is a draft."),
    )
    members = [m for m in roadmap.footprint.members.all() if m.role not in CCG_ROLES]
    chosen = RoadmapSignatory.objects.filter(roadmap=roadmap).values_list(
        "organisation_id", flat=True
    )
    form = SignatoriesForm(
        request.POST or None, members=members, initial={"organisations": list(chosen)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_signatories(
                roadmap=roadmap,
                organisation_ids=form.cleaned_data["organisations"],
                set_by=request.user,
            )
        except ActionRefused as refusal:
            form.add_error("organisations", str(refusal))
        else:
            messages.success(request, _("Signatories saved."))
            return redirect("roadmap_tasks", pk=roadmap.pk)
    status = 400 if form.errors else 200
    return render(
        request,
        "roadmaps/roadmap_signatories.html",
        {"form": form, "roadmap": roadmap, "footprint": roadmap.footprint, "members": members},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def sign_off(request, pk):
    roadmap = roadmap_or_404(request.user, pk)
    refuse_unless(
        rules.can_sign_off_roadmap(request.user, roadmap),
        _("Only approvers of an organisation whose sign-off is waiting can sign this roadmap off."),
    )
    organisations = list(
        Organisation.objects.filter(
            pk__in=rules.signing_organisation_ids(request.user, roadmap)
        ).order_by("name")
    )
    form = SignOffForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = next(o for o in organisations if o.pk == form.cleaned_data["organisation"])
        try:
            if form.cleaned_data["decision"] == "sign":
                services.sign_off_roadmap(
                    roadmap=roadmap, organisation=organisation, signed_by=request.user
                )
                done = _("Roadmap signed off for %(organisation)s. The lead CCG has been told.")
            else:
                services.decline_sign_off(
                    roadmap=roadmap,
                    organisation=organisation,
                    reason=form.cleaned_data["reason"],
                    declined_by=request.user,
                )
                done = _("Sign-off declined for %(organisation)s. The lead CCG has your reason.")
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, done % {"organisation": organisation.name})
            return redirect("roadmap_tasks", pk=roadmap.pk)
    return render(
        request,
        "roadmaps/sign_off_roadmap.html",
        {"form": form, "roadmap": roadmap, "footprint": roadmap.footprint},
        status=400 if form.errors else 200,
    )


@redirect_on_refusal("roadmap_tasks")
@login_required
@require_POST
def submit(request, pk):
    """A double click, or two people at once, make one version; both land on it."""
    roadmap = roadmap_or_404(request.user, pk)
    refuse_unless(rules.can_lead_roadmap(request.user, roadmap), ONLY_THE_LEAD)
    try:
        version = services.submit_roadmap(roadmap=roadmap, submitted_by=request.user)
    except services.AlreadySubmitted as refusal:
        messages.info(request, str(refusal))
        version = refusal.version
    else:
        messages.success(
            request,
            _("Roadmap submitted as version %(number)s. Every member organisation has a receipt.")
            % {"number": version.number},
        )
    return redirect("roadmap_version", pk=roadmap.pk, number=version.number)
