from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.rules import can_manage_members, is_nhse_admin, is_nhse_staff
from accounts.selectors import memberships_of_user
from roadmaps.selectors.tasks import review_work_for_person, tasks_for_person


@require_safe
def home(request):
    """Signed out: what the service is. Signed in: the person's tasks, most urgent first,
    their organisations and next steps."""
    if not request.user.is_authenticated:
        return render(request, "roadmaps/home.html")
    organisations = {}
    for membership in memberships_of_user(request.user):
        entry = organisations.setdefault(
            membership.organisation_id,
            {
                "organisation": membership.organisation,
                "roles": [],
                "can_manage_members": can_manage_members(request.user, membership.organisation),
            },
        )
        entry["roles"].append(membership.get_role_display())
    return render(
        request,
        "roadmaps/home_signed_in.html",
        {
            "tasks": tasks_for_person(request.user),
            "review_work": review_work_for_person(request.user),
            "organisations": list(organisations.values()),
            "is_nhse_admin": is_nhse_admin(request.user),
            "is_nhse_staff": is_nhse_staff(request.user),
        },
    )
