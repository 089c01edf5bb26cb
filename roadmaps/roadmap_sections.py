"""The sections of a Local Digital Roadmap, in order: what each holds and when it is complete.

Every page, the completeness check, the snapshot of a submitted version and the comparison
between versions read this one list, so a section is added or changed here and nowhere else.

Kinds:
- ``text``: narrative fields, each a ``RoadmapText`` row (``fields`` names them);
- ``generated``: worked out from the footprint or its maturity results, plus any ``fields``;
- ``schedule``: the capability deployment schedule (``CapabilityDeployment`` rows);
- ``universal``: the ten universal capabilities (``UniversalCapabilityPlan`` rows);
- ``risks``, ``milestones``, ``attachments``: lists of rows.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The roadmap covers the financial years 2016/17 to 2020/21.
FIRST_YEAR = 2016
YEARS = tuple(range(FIRST_YEAR, FIRST_YEAR + 5))
ROADMAP_STARTS = date(FIRST_YEAR, 4, 1)
ROADMAP_ENDS = date(FIRST_YEAR + 5, 3, 31)
# Universal capabilities are planned to be in place by this day; later is a warning.
UNIVERSAL_CAPABILITIES_BY = date(2018, 3, 31)


def year_label(year):
    """2016 -> "2016/17"."""
    return f"{year}/{(year + 1) % 100:02d}"


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    help_text: str = ""


@dataclass(frozen=True)
class RoadmapSection:
    key: str
    title: str
    kind: str
    fields: tuple = ()
    # A section that must have something in it before sign-off can be requested.
    required: bool = True

    @property
    def field_names(self):
        return [field.name for field in self.fields]


SECTIONS = (
    RoadmapSection(
        "key_information",
        _("Key information"),
        "generated",
        (
            Field(
                "stp_alignment",
                _("Alignment with the Sustainability and Transformation Plan (STP)"),
                _("How the roadmap's footprint and plans line up with the local STP."),
            ),
        ),
    ),
    RoadmapSection(
        "vision",
        _("Vision for digitally enabled transformation"),
        "text",
        (
            Field(
                "vision",
                _("Vision"),
                _("How digital working will transform care in the footprint by 2020/21."),
            ),
        ),
    ),
    RoadmapSection(
        "baseline",
        _("Baseline"),
        "generated",
        (
            Field(
                "narrative",
                _("What the baseline tells you"),
                _("Strengths and gaps the providers' maturity results show, and why."),
            ),
        ),
    ),
    RoadmapSection(
        "readiness",
        _("Readiness"),
        "text",
        (
            Field("leadership", _("Leadership")),
            Field("governance", _("Governance")),
            Field("resourcing", _("Resourcing")),
            Field("benefits_management", _("Benefits management")),
            Field(
                "funding",
                _("Funding"),
                _("Including bids to national technology funds."),
            ),
        ),
    ),
    RoadmapSection("capability_deployment", _("Capability deployment schedule"), "schedule"),
    RoadmapSection("universal_capabilities", _("Universal capabilities"), "universal"),
    RoadmapSection(
        "information_sharing",
        _("Information sharing"),
        "text",
        (
            Field("strategy", _("Information sharing strategy")),
            Field("information_governance", _("Information governance")),
            Field("interoperability", _("Interoperability")),
        ),
    ),
    RoadmapSection(
        "infrastructure",
        _("Infrastructure"),
        "text",
        (
            Field(
                "infrastructure",
                _("Infrastructure"),
                _("Networks, devices, hosting and resilience the plans depend on."),
            ),
        ),
    ),
    RoadmapSection("risks", _("Risks"), "risks"),
    RoadmapSection("milestones", _("Milestones"), "milestones"),
    RoadmapSection("benefits", _("Benefits"), "benefits"),
    RoadmapSection("attachments", _("Attachments"), "attachments", required=False),
)

SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}
TEXT_KINDS = ("text", "generated")


def section_or_none(key):
    return SECTIONS_BY_KEY.get(key)


def next_section_url(roadmap, section):
    """The page of the section after this one, or the task list after the last."""
    keys = [each.key for each in SECTIONS]
    position = keys.index(section.key)
    if position + 1 < len(keys):
        return reverse("roadmap_section", args=[roadmap.pk, keys[position + 1]])
    return reverse("roadmap_tasks", args=[roadmap.pk])
