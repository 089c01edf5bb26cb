"""NHS England admins publish accepted roadmaps and a cycle's maturity results, and unpublish
a roadmap with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.errors import ActionRefused
from accounts.refusals import redirect_on_refusal, redirect_on_refusal_to
from accounts.rules import is_nhse_admin
from maturity.services.publication import publish_results
from roadmaps.forms.publication import UnpublishForm
from roadmaps.models import Cycle, Roadmap
from roadmaps.selectors.publication import accepted_roadmaps, publication_overview
from roadmaps.services import publication as services


def _refuse_unless_admin(user):
    if not is_nhse_admin(user):
        raise PermissionDenied(_("Only NHS England admins can publish roadmaps and results."))


@login_required
@require_safe
def publication(request):
    _refuse_unless_admin(request.user)
    return render(request, "roadmaps/publication.html", {"cycles": publication_overview()})


@redirect_on_refusal("publication", url_kwargs=())
@login_required
@require_POST
def publish(request, pk):
    _refuse_unless_admin(request.user)
    roadmap = get_object_or_404(Roadmap, pk=pk)
    published = services.publish_roadmap(roadmap=roadmap, published_by=request.user)
    messages.success(
        request,
        _("The %(name)s roadmap is published. Its lead CCG has been told.")
        % {"name": published.footprint.name},
    )
    return redirect("publication")


@login_required
@require_http_methods(["GET", "POST"])
def publish_all(request, cycle_pk):
    """GET says how many roadmaps would be published and asks to confirm; POST publishes."""
    _refuse_unless_admin(request.user)
    cycle = get_object_or_404(Cycle, pk=cycle_pk)
    if request.method == "POST":
        redirect_on_refusal_to(request, reverse("publication"))
        count = services.publish_accepted_roadmaps(cycle=cycle, published_by=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)s roadmap of %(cycle)s is published.",
                "%(count)s roadmaps of %(cycle)s are published.",
                count,
            )
            % {"count": count, "cycle": cycle.name},
        )
        return redirect("publication")
    opens_at = services.publication_opens_at(cycle)
    return render(
        request,
        "roadmaps/publish_all_roadmaps.html",
        {
            "cycle": cycle,
            "roadmaps": accepted_roadmaps(cycle),
            "opens_later": opens_at if opens_at and opens_at > timezone.now() else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unpublish(request, pk):
    _refuse_unless_admin(request.user)
    roadmap = get_object_or_404(
        Roadmap.objects.select_related("footprint", "footprint__cycle"), pk=pk
    )
    form = UnpublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.unpublish_roadmap(
                roadmap=roadmap,
                reason=form.cleaned_data["reason"],
                unpublished_by=request.user,
            )
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("The %(name)s roadmap is unpublished. Its lead CCG has your reason.")
                % {"name": roadmap.footprint.name},
            )
            return redirect("publication")
    return render(
        request,
        "roadmaps/unpublish_roadmap.html",
        {"form": form, "roadmap": roadmap, "footprint": roadmap.footprint},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def publish_maturity_results(request, cycle_pk):
    _refuse_unless_admin(request.user)
    cycle = get_object_or_404(Cycle, pk=cycle_pk)
    count = publish_results(cycle=cycle, published_by=request.user)
    if count:
        message = ngettext(
            "%(count)s signed-off self-assessment of %(cycle)s is published.",
            "%(count)s signed-off self-assessments of %(cycle)s are published.",
            count,
        )
        messages.success(request, message % {"count": count, "cycle": cycle.name})
    else:
        messages.info(
            request,
            _("No self-assessment of %(cycle)s is signed off and waiting to be published.")
            % {"cycle": cycle.name},
        )
    return redirect("publication")
