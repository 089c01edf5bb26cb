"""What a roadmap draft holds now, one section at a time: plain values, one query each."""

from roadmaps.models import CapabilityDeployment, RoadmapText, UniversalCapabilityPlan
from roadmaps.roadmap_sections import SECTIONS_BY_KEY, TEXT_KINDS

UNIVERSAL_FIELDS = (
    "current_position",
    "trajectory",
    "in_place_by",
    "lead_organisation",
    "dependencies",
    "risks",
)


def draft_values(roadmap, key):
    """The saved values of one section of the draft, in the shape ``save_section`` takes:

    - text and generated sections: ``{field name: text}``;
    - the schedule: ``{(group, year): plan}``;
    - universal capabilities: ``{letter: {field: value}}`` with ``in_place_by`` a date or
      None and ``lead_organisation`` an organisation id or None.

    What was never saved is absent. One query, whatever the draft holds.
    """
    section = SECTIONS_BY_KEY[key]
    if section.kind in TEXT_KINDS:
        rows = RoadmapText.objects.filter(roadmap=roadmap, section=key)
        return dict(rows.values_list("field", "text"))
    if section.kind == "schedule":
        rows = CapabilityDeployment.objects.filter(roadmap=roadmap)
        return {
            (group, year): plan for group, year, plan in rows.values_list("group", "year", "plan")
        }
    if section.kind == "universal":
        rows = UniversalCapabilityPlan.objects.filter(roadmap=roadmap)
        return {row.pop("letter"): row for row in rows.values("letter", *UNIVERSAL_FIELDS)}
    raise ValueError(f"{key} is not a section of saved values")


def key_information(footprint):
    """The facts the key information section shows, from a footprint fetched with its cycle,
    lead CCG and region, and its members prefetched (as ``roadmaps_for_user`` does): no
    further queries."""
    lead = footprint.lead_ccg
    return {
        "footprint": footprint.name,
        "cycle": footprint.cycle.name,
        "lead_ccg": lead.name,
        "lead_ccg_code": lead.ods_code,
        "region": lead.region.name if lead.region_id else "",
        "members": [
            {
                "name": member.organisation.name,
                "ods_code": member.organisation.ods_code,
                "role": member.get_role_display(),
            }
            for member in footprint.members.all()
        ],
    }


def member_organisations(footprint):
    """``[(organisation id, name)]`` of the footprint's members, by name, from the prefetched
    members."""
    return sorted(
        {(m.organisation_id, m.organisation.name) for m in footprint.members.all()},
        key=lambda pair: pair[1],
    )
