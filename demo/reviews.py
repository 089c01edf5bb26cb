"""Demonstration reviews for ``manage.py load_demo``: roadmaps in review, with changes
requested, accepted and published, each taken there through the services.

Each footprint's lead CCG gets an editor and an approver (``<place>.editor@demo.example`` and
``<place>.approver@demo.example``, the demo password) who write, sign off and submit it.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from accounts.services.memberships import grant_membership
from demo.roadmaps import add_unmitigated_risk, fill_roadmap
from roadmaps.enums import FocusArea, Rating, ReviewDecision, StageKind
from roadmaps.models import Footprint, Roadmap
from roadmaps.roadmap_sections import SECTIONS
from roadmaps.services import review as reviews
from roadmaps.services.cycles import change_stage_dates
from roadmaps.services.publication import publish_roadmap
from roadmaps.services.submission import request_sign_off, sign_off_roadmap, submit_roadmap

# Partner CCGs' places, for their approvers' emails.
PARTNER_PLACES = {"03J": "northkirklees"}
# Footprint name -> (place for the people's emails, where the roadmap gets to).
DEMO_REVIEWS = {
    "East Riding": ("eastriding", "in_review"),
    "Kirklees": ("kirklees", "changes_requested"),
    "Salford": ("salford", "accepted"),
    "Sheffield": ("sheffield", "published"),
    "Doncaster": ("doncaster", "accepted"),
}
# Footprints whose register names a high risk with no mitigation yet, for the cross-checks to
# find (delivery/CHECKS.md, unmitigated_high_risks).
UNMITIGATED_RISK_IN = ("East Riding",)


def demo_ccg_people(organisation, place, password):
    """The lead CCG's demo editor and approver, made once."""
    people = []
    for role in (Role.EDITOR, Role.APPROVER):
        user, created = User.objects.get_or_create(
            email=f"{place}.{role}@demo.example",
            defaults={"full_name": f"{place.title()} {role.label}"},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        grant_membership(user=user, organisation=organisation, role=role, granted_by=None)
        people.append(user)
    return people


def _submit(roadmap, footprint, editor, approver, password):
    request_sign_off(roadmap=roadmap, requested_by=editor)
    for member in footprint.members.filter(role__in=["lead_ccg", "partner_ccg"]):
        signer = approver
        if member.organisation_id != footprint.lead_ccg_id:
            place = PARTNER_PLACES[member.organisation.ods_code]
            signer = demo_ccg_people(member.organisation, place, password)[1]
        sign_off_roadmap(roadmap=roadmap, organisation=member.organisation, signed_by=signer)
    return submit_roadmap(roadmap=roadmap, submitted_by=editor)


def _review(roadmap, reviewer, decision, message):
    reviews.assign_reviewer(roadmap=roadmap, reviewer=reviewer, assigned_by=reviewer)
    review = Roadmap.objects.get(pk=roadmap.pk).reviews.order_by("-version__number").first()
    comment = "Name the lead organisation's owner for each capability."
    reviews.comment_on_section(
        review=review, section="universal_capabilities", author=reviewer, text=comment
    )
    note = "Check the funding bid with the regional finance lead."
    reviews.add_internal_note(review=review, author=reviewer, text=note)
    rating = Rating.GREEN if decision == ReviewDecision.ACCEPT else Rating.AMBER
    for area in FocusArea.values:
        reviews.rate(review=review, focus_area=area, rating=rating, note="", rated_by=reviewer)
    if decision:
        reviews.draft_decision(review=review, decision=decision, message=message,
                               drafted_by=reviewer)  # fmt: skip
    return review


def _publish(roadmap, cycle, admin):
    """Publish now: the demo cycle's publication stage is months away, so it is brought
    forward for this one publication and put back, both moves audited."""
    stage = cycle.stages.get(kind=StageKind.PUBLICATION)
    opens_at, due_at = stage.opens_at, stage.due_at
    change_stage_dates(stage=stage, opens_at=timezone.now() - timedelta(days=1), due_at=due_at,
                       changed_by=admin)  # fmt: skip
    publish_roadmap(roadmap=roadmap, published_by=admin)
    change_stage_dates(stage=stage, opens_at=opens_at, due_at=due_at, changed_by=admin)


def create_demo_reviews(*, cycle, reviewer, admin, password):
    """Take the DEMO_REVIEWS footprints' roadmaps through review; returns how many."""
    everything = [section.key for section in SECTIONS]
    for name, (place, state) in DEMO_REVIEWS.items():
        footprint = Footprint.objects.get(cycle=cycle, name=name)
        roadmap = Roadmap.objects.get(footprint=footprint)
        editor, approver = demo_ccg_people(footprint.lead_ccg, place, password)
        fill_roadmap(roadmap, editor=editor, sections=everything)
        if name in UNMITIGATED_RISK_IN:
            add_unmitigated_risk(roadmap, editor=editor)
        _submit(roadmap, footprint, editor, approver, password)
        if state == "in_review":
            _review(roadmap, reviewer, None, "")
            continue
        decision = ReviewDecision.ACCEPT if state in ("accepted", "published") else (
            ReviewDecision.REQUEST_CHANGES)  # fmt: skip
        message = {
            ReviewDecision.ACCEPT: "Thank you: the roadmap is accepted.",
            ReviewDecision.REQUEST_CHANGES: "Please add owners to the universal capabilities.",
        }[decision]
        review = _review(roadmap, reviewer, decision, message)
        reviews.release_decision(review=review, released_by=reviewer)
        if state == "published":
            _publish(roadmap, cycle, admin)
    return len(DEMO_REVIEWS)
