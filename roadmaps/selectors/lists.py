"""The list sections of a roadmap draft, and the people the lead asked to edit it.

Each takes a roadmap the person may already see (``roadmap_or_404``) and asks the database
once, however long the list.
"""

from accounts.models import Organisation
from roadmaps.enums import Confirmation
from roadmaps.models import Attachment, Milestone, Risk, RoadmapEditor


def risks_of(roadmap):
    return Risk.objects.filter(roadmap=roadmap).order_by("created_at", "pk")


def milestones_of(roadmap):
    """Soonest first."""
    return (
        Milestone.objects.filter(roadmap=roadmap)
        .select_related("owner_organisation")
        .order_by("due_on", "pk")
    )


def attachments_of(roadmap):
    return (
        Attachment.objects.filter(roadmap=roadmap)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )


def editors_of(roadmap):
    """The people the lead CCG asked to edit the draft."""
    return (
        RoadmapEditor.objects.filter(roadmap=roadmap)
        .select_related("user", "added_by")
        .order_by("user__full_name", "user__email")
    )


def milestone_owners(roadmap):
    """The footprint's organisations that may own a milestone: every member that has not
    declined its place."""
    return (
        Organisation.objects.filter(
            pk__in=roadmap.footprint.members.exclude(confirmation=Confirmation.DECLINED).values(
                "organisation_id"
            )
        )
        .order_by("name")
        .only("pk", "name")
    )
