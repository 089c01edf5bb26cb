"""Publishing a cycle's maturity results (design section 6: signed_off -> published).

A published assessment stays read-only: answering, helpers and reopening are limited by
``maturity/rules.py`` to earlier states, and its stored scores keep counting in the figures.
"""

from django.db import transaction

from accounts.rules import is_nhse_admin
from accounts.transitions import authorise
from maturity.enums import AssessmentState
from maturity.models import Assessment
from maturity.rules import ONLY_ADMINS_PUBLISH
from maturity.transitions import ASSESSMENT


@transaction.atomic
def publish_results(*, cycle, published_by):
    """Publish every signed-off assessment of the cycle, each with its own audit event.
    Assessments in any other state are left as they are. Returns how many were published."""
    authorise(is_nhse_admin, published_by, reason=ONLY_ADMINS_PUBLISH)
    signed_off = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .filter(cycle=cycle, state=AssessmentState.SIGNED_OFF)
        .order_by("organisation__name", "pk")
    )
    published = 0
    for assessment in signed_off:
        ASSESSMENT.move(
            assessment,
            "publish_results",
            by=published_by,
            organisation=assessment.organisation,
        )
        published += 1
    return published
