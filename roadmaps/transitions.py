"""The footprint's and the roadmap's transition tables: DESIGN section 6, as data.

Services check and move through these tables; predicates (``rules.py``), task lists and
pages ask ``FOOTPRINT.allows(state, action)`` or ``ROADMAP.allows(...)``. Nothing else lists
which states allow what. ``refusals`` are what the second of two people acting at once is
told: the state they find is the one the first left.
"""

from django.utils.translation import gettext_lazy as _

from accounts.transitions import Action, StateMachine
from roadmaps.enums import FootprintState, RoadmapState

F = FootprintState
R = RoadmapState

_FOOTPRINT_REVIEWED = {
    F.ENDORSED: _("NHS England has already endorsed %(name)s."),
    F.RETURNED: _("NHS England has already returned %(name)s to its lead CCG."),
    F.DRAFT: _("%(name)s has not been submitted to NHS England yet."),
}

FOOTPRINT = StateMachine(
    "roadmaps.footprint",
    Action(
        "edit_footprint",
        sources=frozenset({F.DRAFT, F.RETURNED}),
        refusal=_("%(name)s has been submitted, so it cannot be changed now."),
        refusals={
            F.ENDORSED: _("NHS England has endorsed %(name)s, so it cannot be changed now."),
            F.MERGED: _("%(name)s has been merged into another footprint."),
        },
    ),
    Action(
        "submit_footprint",
        sources=frozenset({F.DRAFT, F.RETURNED}),
        to=(F.SUBMITTED,),
        verb="footprint.submitted",
        refusal=_("%(name)s cannot be submitted now: it is %(state)s."),
        refusals={F.SUBMITTED: _("%(name)s has already been submitted to NHS England.")},
    ),
    Action(
        # Partner CCGs confirm or decline their place while NHS England has it.
        "answer_place",
        sources=frozenset({F.SUBMITTED}),
        refusal=_("%(name)s is not waiting for confirmations."),
        refusals={
            F.ENDORSED: _("NHS England has already endorsed %(name)s, so its places are settled."),
            F.RETURNED: _(
                "NHS England has returned %(name)s to its lead CCG. You will be asked again "
                "when it is submitted."
            ),
        },
    ),
    Action(
        "endorse_footprint",
        sources=frozenset({F.SUBMITTED}),
        to=(F.ENDORSED,),
        verb="footprint.endorsed",
        refusal=_("Only a submitted footprint can be endorsed."),
        refusals=_FOOTPRINT_REVIEWED,
    ),
    Action(
        "return_footprint",
        sources=frozenset({F.SUBMITTED}),
        to=(F.RETURNED,),
        verb="footprint.returned",
        refusal=_("Only a submitted footprint can be returned."),
        refusals=_FOOTPRINT_REVIEWED,
    ),
    Action(
        # A new cycle starts from an endorsed footprint of an earlier one: a draft in the new
        # cycle with the same members. The footprint itself does not change.
        "carry_forward",
        sources=frozenset({F.ENDORSED}),
        refusal=_("%(name)s is %(state)s: only an endorsed footprint is carried forward."),
    ),
    Action(
        # Merged with others into one footprint of the same cycle. A footprint NHS England
        # is deciding on is left until it has decided.
        "merge_footprint",
        sources=frozenset({F.DRAFT, F.RETURNED, F.ENDORSED}),
        to=(F.MERGED,),
        verb="footprint.merged",
        refusal=_("%(name)s cannot be merged now: it is %(state)s."),
        refusals={
            F.SUBMITTED: _(
                "%(name)s is waiting for NHS England to endorse or return it. Decide on it "
                "first, then merge."
            ),
            F.MERGED: _("%(name)s has already been merged into another footprint."),
        },
    ),
    name_of=lambda footprint: footprint.name,
)

_DRAFT = frozenset({R.DRAFT, R.CHANGES_REQUESTED})

ROADMAP = StateMachine(
    "roadmaps.roadmap",
    Action(
        "edit_roadmap",
        sources=_DRAFT,
        refusal=_("This roadmap is %(state)s, so its draft cannot change."),
    ),
    Action(
        "set_signatories",
        sources=_DRAFT,
        refusal=_("Signatories can change only while the roadmap is a draft."),
    ),
    Action(
        "request_sign_off",
        sources=_DRAFT,
        to=(R.AWAITING_SIGN_OFF,),
        verb="roadmap.sign_off_requested",
        refusal=_("Sign-off can be requested only for a draft roadmap."),
        refusals={R.AWAITING_SIGN_OFF: _("Sign-off has already been requested.")},
    ),
    Action(
        "sign_off_roadmap",
        sources=frozenset({R.AWAITING_SIGN_OFF}),
        refusal=_("This roadmap is not waiting for sign-off."),
    ),
    Action(
        # A declined sign-off sends the roadmap back to the lead: a draft again, or
        # ``changes_requested`` once a version has been submitted.
        "decline_sign_off",
        sources=frozenset({R.AWAITING_SIGN_OFF}),
        to=(R.DRAFT, R.CHANGES_REQUESTED),
        verb="roadmap.sign_off_declined",
        refusal=_("This roadmap is not waiting for sign-off."),
    ),
    Action(
        "submit_roadmap",
        sources=frozenset({R.AWAITING_SIGN_OFF}),
        to=(R.SUBMITTED,),
        verb="roadmap.submitted",
        refusal=_("This roadmap cannot be submitted now."),
        refusals={
            R.DRAFT: _(
                "Request sign-off first: a roadmap is submitted once every signatory signs it off."
            ),
            R.CHANGES_REQUESTED: _(
                "Request sign-off first: a roadmap is submitted once every signatory signs it off."
            ),
        },
    ),
    Action(
        "assign_reviewer",
        sources=frozenset({R.SUBMITTED, R.IN_REVIEW}),
        to=(R.IN_REVIEW,),
        verb="roadmap.reviewer_assigned",
        refusal=_("Only a submitted roadmap, or one in review, can be assigned."),
    ),
    Action(
        # Comments, internal notes, ratings and a drafted decision.
        "review_roadmap",
        sources=frozenset({R.IN_REVIEW}),
        refusal=_("This roadmap is not in review."),
    ),
    Action(
        "accept_roadmap",
        sources=frozenset({R.IN_REVIEW}),
        to=(R.ACCEPTED,),
        verb="roadmap.accepted",
        refusal=_("This roadmap is not in review."),
    ),
    Action(
        "request_changes",
        sources=frozenset({R.IN_REVIEW}),
        to=(R.CHANGES_REQUESTED,),
        verb="roadmap.changes_requested",
        refusal=_("This roadmap is not in review."),
    ),
    Action(
        "publish_roadmap",
        sources=frozenset({R.ACCEPTED}),
        to=(R.PUBLISHED,),
        verb="roadmap.published",
        refusal=_("Only an accepted roadmap can be published; the %(name)s roadmap is %(state)s."),
        refusals={R.PUBLISHED: _("The %(name)s roadmap has already been published.")},
    ),
    Action(
        "unpublish_roadmap",
        sources=frozenset({R.PUBLISHED}),
        to=(R.ACCEPTED,),
        verb="roadmap.unpublished",
        refusal=_("Only a published roadmap can be unpublished."),
    ),
    name_of=lambda roadmap: roadmap.footprint.name,
)
