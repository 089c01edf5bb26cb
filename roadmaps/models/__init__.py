from roadmaps.models.footprints import (
    Cycle,
    Footprint,
    FootprintMember,
    Stage,
    default_assessed_kinds,
)
from roadmaps.models.review import AssuranceRating, InternalNote, Review, ReviewComment
from roadmaps.models.roadmap import (
    Attachment,
    CapabilityDeployment,
    Milestone,
    Risk,
    Roadmap,
    RoadmapEditor,
    RoadmapSignatory,
    RoadmapText,
    RoadmapVersion,
    SignOff,
    UniversalCapabilityPlan,
)

__all__ = [
    "AssuranceRating",
    "Attachment",
    "InternalNote",
    "Review",
    "ReviewComment",
    "CapabilityDeployment",
    "Cycle",
    "Footprint",
    "FootprintMember",
    "Milestone",
    "Risk",
    "Roadmap",
    "RoadmapEditor",
    "RoadmapSignatory",
    "RoadmapText",
    "RoadmapVersion",
    "SignOff",
    "Stage",
    "UniversalCapabilityPlan",
    "default_assessed_kinds",
]
