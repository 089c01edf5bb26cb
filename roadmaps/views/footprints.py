"""Footprints: declare, add members, submit, confirm a place, endorse or return."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.errors import ActionRefused
from accounts.models import Organisation
from accounts.rules import refuse_unless
from roadmaps import rules
from roadmaps.enums import MemberRole
from roadmaps.forms.footprints import (
    AddMemberForm,
    ConfirmMembershipForm,
    DeclareFootprintForm,
    FootprintDetailsForm,
    ReviewFootprintForm,
)
from roadmaps.models import Roadmap
from roadmaps.selectors.cycles import current_cycle
from roadmaps.selectors.deadlines import footprint_deadline
from roadmaps.selectors.footprints import (
    footprint_for_user,
    footprint_history,
    footprints_for_user,
)
from roadmaps.selectors.lineage import lineage
from roadmaps.selectors.stps import footprint_stps
from roadmaps.services import footprints as services

LOOKUP_LIMIT = 10
NAME_LENGTH = Organisation._meta.get_field("name").max_length

# A sentence per part, not a lowered label: "an NHS provider" keeps its capitals and article.
ADDED_AS = {
    MemberRole.PARTNER_CCG: gettext_lazy("%(organisation)s added as a partner CCG."),
    MemberRole.PROVIDER: gettext_lazy("%(organisation)s added as an NHS provider."),
    MemberRole.LOCAL_AUTHORITY: gettext_lazy("%(organisation)s added as a local authority."),
    MemberRole.ASSOCIATE: gettext_lazy("%(organisation)s added as an associate."),
    MemberRole.OTHER: gettext_lazy("%(organisation)s added as another partner."),
}


def _footprint_or_404(user, pk):
    footprint = footprint_for_user(user, pk)
    if footprint is None:
        raise Http404(_("No footprint has that number."))
    return footprint


def _member_or_404(footprint, member_pk):
    for member in footprint.members.all():
        if member.pk == member_pk:
            return member
    raise Http404(_("That organisation is not in this footprint."))


@login_required
@require_safe
def footprint_list(request):
    cycle = current_cycle()
    lead_ccgs = _ccgs_free_to_declare(request.user, cycle)
    return render(
        request,
        "roadmaps/footprint_list.html",
        {
            "footprints": footprints_for_user(request.user),
            "cycle": cycle,
            "can_declare": bool(lead_ccgs),
        },
    )


def _ccgs_free_to_declare(user, cycle):
    if cycle is None:
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(pk__in=rules.lead_ccgs_for(user), kind="ccg")
        .exclude(pk__in=cycle.footprints.values("members__organisation"))
        .order_by("name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def declare_footprint(request):
    cycle = current_cycle()
    lead_ccgs = _ccgs_free_to_declare(request.user, cycle)
    refuse_unless(lead_ccgs.exists(), rules.ONLY_CCG_EDITORS_DECLARE)
    form = DeclareFootprintForm(request.POST or None, lead_ccgs=lead_ccgs)
    if request.method == "POST" and form.is_valid():
        try:
            footprint = services.declare_footprint(
                cycle=cycle,
                lead_ccg=form.cleaned_data["lead_ccg"],
                details=form.cleaned_data,
                declared_by=request.user,
            )
        except ActionRefused as refusal:
            form.add_error("lead_ccg", str(refusal))
        else:
            messages.success(request, _("Footprint saved as a draft. Now add its members."))
            return redirect("footprint_detail", pk=footprint.pk)
    return render(request, "roadmaps/declare_footprint.html", {"form": form, "cycle": cycle})


@login_required
@require_safe
def footprint_detail(request, pk):
    footprint = _footprint_or_404(request.user, pk)
    return _detail(request, footprint, add_form=AddMemberForm())


def _members_shown(footprint):
    """Today's members; a footprint merged away, its members as they were."""
    members = footprint.members.all()
    if not rules.is_live(footprint):
        return members
    return [member for member in members if member.left_at is None]


def _can_see_successor(user, footprint_lineage):
    merged = footprint_lineage.merged_away
    return merged is not None and rules.can_view_footprint(user, merged.merge.into)


def _detail(request, footprint, *, add_form, status=200):
    user = request.user
    footprint_lineage = lineage(footprint)
    can_edit = rules.can_edit_footprint(user, footprint)
    add_form.helper.form_action = reverse("add_footprint_member", args=[footprint.pk])
    return render(
        request,
        "roadmaps/footprint_detail.html",
        {
            "footprint": footprint,
            "members": _members_shown(footprint),
            "lineage": footprint_lineage,
            "can_see_successor": _can_see_successor(user, footprint_lineage),
            "can_edit": can_edit,
            "can_submit": rules.can_submit_footprint(user, footprint),
            "can_review": rules.can_review_footprint(user, footprint),
            "can_view_maturity": rules.can_view_footprint_maturity(user, footprint),
            "roadmap": Roadmap.objects.filter(footprint=footprint).first(),
            "confirmable": [
                m for m in footprint.members.all() if rules.can_confirm_membership(user, m)
            ],
            "missing": services.missing_for_submission(footprint),
            "add_form": add_form if can_edit else None,
            "history": footprint_history(footprint),
            "deadline": footprint_deadline(footprint),
            "stps": footprint_stps(footprint),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_footprint(request, pk):
    footprint = _footprint_or_404(request.user, pk)
    refuse_unless(rules.can_edit_footprint(request.user, footprint), rules.ONLY_LEAD_EDITORS)
    initial = {field: getattr(footprint, field) for field in services.DETAIL_FIELDS}
    form = FootprintDetailsForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_footprint_details(
                footprint=footprint, details=form.cleaned_data, updated_by=request.user
            )
        except ActionRefused as refusal:
            # Someone submitted it meanwhile: the form comes back with what was typed.
            form.add_error(None, str(refusal))
            status = 409
        else:
            messages.success(request, _("Footprint details saved."))
            return redirect("footprint_detail", pk=footprint.pk)
    elif form.errors:
        status = 400
    return render(
        request,
        "roadmaps/edit_footprint.html",
        {"form": form, "footprint": footprint},
        status=status,
    )


@login_required
@require_POST
def add_member(request, pk):
    footprint = _footprint_or_404(request.user, pk)
    refuse_unless(rules.can_edit_footprint(request.user, footprint), rules.ONLY_LEAD_EDITORS)
    form = AddMemberForm(request.POST)
    if form.is_valid():
        try:
            member = services.add_member(
                footprint=footprint,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
                added_by=request.user,
            )
        except ActionRefused as refusal:
            form.add_error("organisation", str(refusal))
        else:
            messages.success(
                request, ADDED_AS[member.role] % {"organisation": member.organisation.name}
            )
            return redirect("footprint_detail", pk=footprint.pk)
    footprint = footprint_for_user(request.user, pk)
    return _detail(request, footprint, add_form=form, status=400)


@login_required
@require_POST
def remove_member(request, pk, member_pk):
    footprint = _footprint_or_404(request.user, pk)
    member = _member_or_404(footprint, member_pk)
    refuse_unless(rules.can_edit_footprint(request.user, footprint), rules.ONLY_LEAD_EDITORS)
    try:
        services.remove_member(member=member, removed_by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request, _("%(organisation)s removed.") % {"organisation": member.organisation.name}
        )
    return redirect("footprint_detail", pk=footprint.pk)


@login_required
@require_POST
def submit(request, pk):
    footprint = _footprint_or_404(request.user, pk)
    refuse_unless(
        rules.can_submit_footprint(request.user, footprint),
        _("Only editors and approvers of the lead CCG can submit a draft or returned footprint."),
    )
    try:
        services.submit_footprint(footprint=footprint, submitted_by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _("Footprint submitted to NHS England. Partner CCGs have been asked to confirm."),
        )
    return redirect("footprint_detail", pk=footprint.pk)


@login_required
@require_http_methods(["GET", "POST"])
def confirm_membership(request, pk, member_pk):
    footprint = _footprint_or_404(request.user, pk)
    member = _member_or_404(footprint, member_pk)
    refuse_unless(
        rules.can_confirm_membership(request.user, member),
        rules.only_approvers_answer_for(member.organisation),
    )
    form = ConfirmMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["answer"] == "confirm":
            services.confirm_membership(member=member, confirmed_by=request.user)
        else:
            services.decline_membership(
                member=member, reason=form.cleaned_data["reason"], declined_by=request.user
            )
        messages.success(request, _("Your answer has been recorded. The lead CCG can see it."))
        return redirect("footprint_detail", pk=footprint.pk)
    return render(
        request,
        "roadmaps/confirm_membership.html",
        {"form": form, "footprint": footprint, "member": member},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    footprint = _footprint_or_404(request.user, pk)
    refuse_unless(
        rules.can_review_footprint(request.user, footprint), rules.ONLY_REGIONAL_REVIEWERS
    )
    form = ReviewFootprintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["decision"] == "endorse":
            services.endorse_footprint(footprint=footprint, endorsed_by=request.user)
            messages.success(request, _("Footprint endorsed. The lead CCG has been told."))
        else:
            services.return_footprint(
                footprint=footprint,
                comments=form.cleaned_data["comments"],
                returned_by=request.user,
            )
            messages.success(request, _("Footprint returned. The lead CCG has been told why."))
        return redirect("footprint_detail", pk=footprint.pk)
    return render(request, "roadmaps/review_footprint.html", {"form": form, "footprint": footprint})


@login_required
@require_safe
def organisation_lookup(request):
    """Type-ahead suggestions for the add-member field: open organisations by name or code."""
    text = request.GET.get("q", "").strip()
    # All that was typed is matched; more than a name can hold matches nothing.
    if not 2 <= len(text) <= NAME_LENGTH:
        return JsonResponse({"results": []})
    found = Organisation.objects.filter(close_date__isnull=True).filter(
        name__icontains=text
    ) | Organisation.objects.filter(close_date__isnull=True, ods_code=text.upper())
    results = [
        {"label": f"{o.name} ({o.ods_code})", "kind": o.get_kind_display()}
        for o in found.order_by("name")[:LOOKUP_LIMIT]
    ]
    return JsonResponse({"results": results})
