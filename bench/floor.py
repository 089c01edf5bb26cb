"""The floor: the cheapest page a signed-in person can get from the same stack.

Same middleware (session, CSRF, authentication, messages, CSP, no-store), the same
sign-in check, one indexed query (the person's memberships by user id, joined to the
organisation by primary key) and a tiny template. Every page's figure is read against it.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.models import Membership


@login_required
@require_safe
def floor(request):
    organisation = (
        Membership.objects.filter(user_id=request.user.pk)
        .values_list("organisation__name", flat=True)
        .first()
    )
    return render(request, "bench/floor.html", {"organisation": organisation})
