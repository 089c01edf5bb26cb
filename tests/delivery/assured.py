"""Returns taken through submission and the region's released assurance, for the tests of
publishing a period's assured ratings."""

from accounts.models import Membership
from delivery.confidence import Confidence
from delivery.services import assurance, returns, submission
from tests.factories import MembershipFactory, NHSEnglandFactory


def nhse_admin(name="Owen Price"):
    return MembershipFactory(
        organisation=NHSEnglandFactory(), role="admin", user__full_name=name
    ).user


def written(world, period, *, rating=Confidence.GREEN):
    """The roadmap's return for ``period``, complete, its rating ``rating``."""
    progress_return = returns.open_return(roadmap=world.roadmap, period=period)
    by = world.lead_editor
    version = returns.save_return_section(
        progress_return=progress_return, section="narrative",
        data={"progress": "Went live in two wards", "next_quarter": "The rest"},
        expected_version=progress_return.version, saved_by=by,
    )  # fmt: skip
    returns.save_return_section(
        progress_return=progress_return, section="rating",
        data={"delivery_confidence": rating, "rationale": "As planned",
              "override_reason": "The supplier has a fix"},
        expected_version=version, saved_by=by,
    )  # fmt: skip
    progress_return.refresh_from_db()
    return progress_return


def submitted(world, period, *, rating=Confidence.GREEN):
    progress_return = written(world, period, rating=rating)
    submission.request_return_sign_off(progress_return=progress_return,
                                       requested_by=world.lead_editor)  # fmt: skip
    submission.submit_return(progress_return=progress_return, submitted_by=world.lead_approver)
    progress_return.refresh_from_db()
    return progress_return


def assured(world, period, *, own=Confidence.GREEN, assured=Confidence.AMBER, release=True):
    """The return for ``period`` submitted rated ``own``, and its assurance drafted as
    ``assured`` (and released, accepting it, unless ``release`` is false)."""
    progress_return = submitted(world, period, rating=own)
    assurance.draft_assurance(
        progress_return=progress_return, assured_confidence=assured, comment="Funding unclear",
        internal_note="Board doubts", decision="accept", drafted_by=world.reviewer,
    )  # fmt: skip
    if release:
        assurance.release_assurance(progress_return=progress_return, released_by=world.reviewer)
    progress_return.refresh_from_db()
    return progress_return


def lead_members(world):
    return Membership.objects.filter(organisation=world.lead)
