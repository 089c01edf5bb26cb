"""The self-assessment's transition table: DESIGN section 6, as data.

Services check and move through it; predicates (``rules.py``) and pages ask
``ASSESSMENT.allows(state, action)``. Nothing else lists which states allow what.
"""

from django.utils.translation import gettext_lazy as _

from accounts.transitions import Action, StateMachine
from maturity.enums import AssessmentState

A = AssessmentState

ASSESSMENT = StateMachine(
    "maturity.assessment",
    Action(
        # Saving answers (the first save moves a new assessment to in progress), and
        # choosing who helps.
        "answer",
        sources=frozenset({A.NOT_STARTED, A.IN_PROGRESS}),
        to=(A.IN_PROGRESS,),
        refusal=_("This assessment has been submitted, so its answers cannot change."),
    ),
    Action(
        "submit_assessment",
        sources=frozenset({A.IN_PROGRESS}),
        to=(A.SUBMITTED,),
        verb="assessment.submitted",
        refusal=_("Only an assessment in progress can be submitted."),
        refusals={
            A.SUBMITTED: _("This assessment has already been submitted."),
            A.SIGNED_OFF: _("This assessment has already been submitted and signed off."),
        },
    ),
    Action(
        "sign_off_assessment",
        sources=frozenset({A.SUBMITTED}),
        to=(A.SIGNED_OFF,),
        verb="assessment.signed_off",
        refusal=_("Only a submitted assessment can be signed off."),
        refusals={A.SIGNED_OFF: _("This assessment has already been signed off.")},
    ),
    Action(
        "reopen_assessment",
        sources=frozenset({A.SUBMITTED, A.SIGNED_OFF}),
        to=(A.IN_PROGRESS,),
        verb="assessment.reopened",
        refusal=_("Only a submitted or signed-off assessment can be reopened."),
    ),
    Action(
        "publish_results",
        sources=frozenset({A.SIGNED_OFF}),
        to=(A.PUBLISHED,),
        verb="assessment.published",
        refusal=_("Only a signed-off assessment can be published."),
    ),
    name_of=lambda assessment: assessment.organisation.name,
)
