"""A roadmap's draft as plain JSON data: what a submitted version freezes, and how a frozen
version reads back as sections for its page and its PDF.

The snapshot holds names and words, not database ids (apart from the ids of risks,
milestones and benefits, which let a comparison tell a changed row from a new one, and let a
progress return and a review comment name a benefit), so a version reads
the same whatever later happens to the rows it came from.
"""

import hashlib
import json

from roadmaps.enums import CapabilityGroup, UniversalCapability
from roadmaps.models import (
    Attachment,
    Benefit,
    CapabilityDeployment,
    Footprint,
    FootprintMember,
    Milestone,
    Risk,
    RoadmapText,
    UniversalCapabilityPlan,
)
from roadmaps.roadmap_sections import SECTIONS, TEXT_KINDS, YEARS, year_label

UNIVERSAL_FIELDS = (
    "wording",
    "current_position",
    "trajectory",
    "in_place_by",
    "lead_organisation",
    "dependencies",
    "risks",
)
RISK_FIELDS = ("description", "likelihood", "impact", "owner", "mitigation")
MILESTONE_FIELDS = ("title", "due_on", "owner")
ATTACHMENT_FIELDS = ("name", "kind", "size", "sha256")


def canonical_json(snapshot):
    """The one spelling of a snapshot that its SHA-256 is taken over."""
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def snapshot_sha256(snapshot):
    return hashlib.sha256(canonical_json(snapshot).encode("utf-8")).hexdigest()


def _footprint(roadmap):
    footprint = Footprint.objects.select_related("cycle", "lead_ccg", "lead_ccg__region").get(
        pk=roadmap.footprint_id
    )
    members = (
        FootprintMember.objects.filter(footprint_id=footprint.pk)
        .select_related("organisation")
        .order_by("role", "organisation__name")
    )
    region = footprint.lead_ccg.region
    return footprint, {
        "name": footprint.name,
        "cycle": footprint.cycle.name,
        "lead_ccg": footprint.lead_ccg.name,
        "region": region.name if region else "",
        "members": [
            {
                "name": member.organisation.name,
                "ods_code": member.organisation.ods_code,
                "role": member.role,
            }
            for member in members
        ],
    }


def _baseline(footprint):
    """The providers' maturity figures the baseline section shows, as plain JSON data; None
    where no baseline can be worked out."""
    try:
        from roadmaps.selectors.baseline import baseline
    except ModuleNotFoundError as missing:
        if missing.name != "roadmaps.selectors.baseline":
            raise
        return None
    # A round trip makes dates and decimals plain strings, as the version will store them.
    return json.loads(json.dumps(baseline(footprint), default=str))


def roadmap_snapshot(roadmap):
    """The whole draft as JSON-able data: the footprint, then every section of
    ``roadmap_sections.SECTIONS`` in order. A fixed number of queries, whatever its size."""
    footprint, footprint_data = _footprint(roadmap)
    texts = {
        (row.section, row.field): row.text
        for row in RoadmapText.objects.filter(roadmap_id=roadmap.pk)
    }
    cells = {
        (row.group, row.year): row.plan
        for row in CapabilityDeployment.objects.filter(roadmap_id=roadmap.pk)
    }
    plans = {
        plan.letter: plan
        for plan in UniversalCapabilityPlan.objects.filter(roadmap_id=roadmap.pk).select_related(
            "lead_organisation"
        )
    }
    sections = {}
    for section in SECTIONS:
        if section.kind in TEXT_KINDS:
            data = {name: texts.get((section.key, name), "") for name in section.field_names}
            if section.key == "baseline":
                data["figures"] = _baseline(footprint)
        elif section.kind == "schedule":
            data = {
                group: {year_label(year): cells.get((group, year), "") for year in YEARS}
                for group in CapabilityGroup.values
            }
        elif section.kind == "universal":
            data = {
                letter: _universal(letter, plans.get(letter))
                for letter in UniversalCapability.values
            }
        elif section.kind == "risks":
            data = _risks(roadmap)
        elif section.kind == "milestones":
            data = _milestones(roadmap)
        elif section.kind == "benefits":
            data = benefits_snapshot(roadmap)
        else:
            data = _attachments(roadmap)
        sections[section.key] = data
    return {"footprint": footprint_data, "sections": sections}


def _universal(letter, plan):
    wording = str(UniversalCapability(letter).label)
    if plan is None:
        return {field: "" for field in UNIVERSAL_FIELDS} | {"wording": wording}
    return {
        "wording": wording,
        "current_position": plan.current_position,
        "trajectory": plan.trajectory,
        "in_place_by": plan.in_place_by.isoformat() if plan.in_place_by else "",
        "lead_organisation": plan.lead_organisation.name if plan.lead_organisation else "",
        "dependencies": plan.dependencies,
        "risks": plan.risks,
    }


def _risks(roadmap):
    return [
        {"id": risk.pk, **{field: getattr(risk, field) for field in RISK_FIELDS}}
        for risk in Risk.objects.filter(roadmap_id=roadmap.pk).order_by("created_at", "pk")
    ]


def _milestones(roadmap):
    return [
        {
            "id": milestone.pk,
            "title": milestone.title,
            "due_on": milestone.due_on.isoformat(),
            "owner": milestone.owner_organisation.name,
        }
        for milestone in Milestone.objects.filter(roadmap_id=roadmap.pk)
        .select_related("owner_organisation")
        .order_by("due_on", "pk")
    ]


def _attachments(roadmap):
    return [
        {"name": a.original_name, "kind": a.kind, "size": a.size, "sha256": a.sha256}
        for a in Attachment.objects.filter(roadmap_id=roadmap.pk).order_by("uploaded_at", "pk")
    ]


def _amount(value):
    """A decimal as the snapshot keeps it: a plain string to the penny, "" for none."""
    return "" if value is None else f"{value:.2f}"


def benefits_snapshot(roadmap):
    """The benefits register as a version keeps it, in the order it was written:

    ``{"id", "description", "category", "capability_letter", "capability_group", "owner",
    "owner_role", "measure", "unit", "direction", "baseline_value", "baseline_on",
    "target_value", "target_on", "yearly_values": {"2016/17": "120000.00", ...} (money
    benefits; a year with no value is absent), "shares": [{"organisation", "percent"}]}``.
    Values are strings to the penny, dates ISO. Four queries, whatever its size."""
    benefits = (
        Benefit.objects.filter(roadmap_id=roadmap.pk)
        .select_related("owner_organisation")
        .prefetch_related("yearly_values", "shares__organisation")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": benefit.pk,
            "description": benefit.description,
            "category": benefit.category,
            "capability_letter": benefit.capability_letter,
            "capability_group": benefit.capability_group,
            "owner": benefit.owner_organisation.name,
            "owner_role": benefit.owner_role,
            "measure": benefit.measure,
            "unit": benefit.unit,
            "direction": benefit.direction,
            "baseline_value": _amount(benefit.baseline_value),
            "baseline_on": benefit.baseline_on.isoformat(),
            "target_value": _amount(benefit.target_value),
            "target_on": benefit.target_on.isoformat(),
            "yearly_values": {
                year_label(value.year): _amount(value.expected)
                for value in benefit.yearly_values.all()
            },
            "shares": [
                {"organisation": share.organisation.name, "percent": _amount(share.percent)}
                for share in benefit.shares.all()
            ],
        }
        for benefit in benefits
    ]
