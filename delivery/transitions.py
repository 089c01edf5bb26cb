"""The progress return's and the cross-check finding's transition tables: DESIGN section 7,
as data.

Services check and move through them; predicates (``delivery/rules.py``) and pages ask
``RETURN.allows(state, action)``. Nothing else lists which states allow what.
"""

from django.utils.translation import gettext_lazy as _

from accounts.transitions import Action, StateMachine
from delivery.enums import FindingState, ReturnState

S = ReturnState

EDITABLE = frozenset({S.DRAFT, S.MORE_INFORMATION_REQUESTED})
_SUBMITTED_ALREADY = {
    S.SUBMITTED: _("The %(name)s return has already been submitted to NHS England."),
    S.ACCEPTED: _("NHS England has already accepted the %(name)s return."),
}

RETURN = StateMachine(
    "delivery.progressreturn",
    Action(
        "edit_return",
        sources=EDITABLE,
        refusal=_("The %(name)s return is %(state)s, so it cannot be changed now."),
    ),
    Action(
        "request_return_sign_off",
        sources=EDITABLE,
        to=(S.AWAITING_SIGN_OFF,),
        verb="return.sign_off_requested",
        refusal=_("Sign-off can be asked for only while the return is being written."),
        refusals={
            S.AWAITING_SIGN_OFF: _("Sign-off of the %(name)s return has already been asked for."),
            **_SUBMITTED_ALREADY,
        },
    ),
    Action(
        # The lead CCG's approver sends the return back to its editors instead of signing.
        "send_back_return",
        sources=frozenset({S.AWAITING_SIGN_OFF}),
        to=(S.DRAFT, S.MORE_INFORMATION_REQUESTED),
        verb="return.sent_back",
        refusal=_("The %(name)s return is not waiting for sign-off."),
        refusals=_SUBMITTED_ALREADY,
    ),
    Action(
        # Signed off and submitted in one step by the lead CCG's approver.
        "submit_return",
        sources=frozenset({S.AWAITING_SIGN_OFF}),
        to=(S.SUBMITTED,),
        verb="return.submitted",
        refusal=_("The %(name)s return is not waiting for sign-off."),
        refusals=_SUBMITTED_ALREADY,
    ),
    Action(
        # The region drafts its assured rating, comment and decision before releasing them.
        "assure_return",
        sources=frozenset({S.SUBMITTED}),
        refusal=_("The %(name)s return is not waiting for assurance."),
        refusals={S.ACCEPTED: _("NHS England has already accepted the %(name)s return.")},
    ),
    Action(
        "accept_return",
        sources=frozenset({S.SUBMITTED}),
        to=(S.ACCEPTED,),
        verb="return.accepted",
        refusal=_("The %(name)s return is not waiting for assurance."),
        refusals={S.ACCEPTED: _("NHS England has already accepted the %(name)s return.")},
    ),
    Action(
        "request_more_information",
        sources=frozenset({S.SUBMITTED}),
        to=(S.MORE_INFORMATION_REQUESTED,),
        verb="return.more_information_requested",
        refusal=_("The %(name)s return is not waiting for assurance."),
        refusals={
            S.ACCEPTED: _("NHS England has already accepted the %(name)s return."),
            S.MORE_INFORMATION_REQUESTED: _(
                "NHS England has already asked for more information on the %(name)s return."
            ),
        },
    ),
    name_of=lambda progress_return: (
        f"{progress_return.roadmap.footprint.name} {progress_return.period.label}"
    ),
)


FINDING = StateMachine(
    "delivery.finding",
    Action(
        "explain_finding",
        sources=frozenset({FindingState.OPEN}),
        to=(FindingState.EXPLAINED,),
        verb="finding.explained",
        refusal=_("This finding is %(state)s, so it cannot be explained now."),
        refusals={FindingState.EXPLAINED: _("Someone has already explained this finding.")},
    ),
    name_of=lambda finding: finding.summary,
)
