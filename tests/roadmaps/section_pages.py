"""What the roadmap section page tests share: a footprint of a lead CCG, a partner CCG and
a provider, and ways to build and read the pages' posts."""

import re
from html import unescape

from django.urls import reverse

from accounts.enums import OrganisationKind
from roadmaps.enums import CapabilityGroup, UniversalCapability
from roadmaps.models import RoadmapText
from roadmaps.roadmap_sections import YEARS
from roadmaps.selectors.drafts import UNIVERSAL_FIELDS
from tests.factories import FootprintMemberFactory, OrganisationFactory, RoadmapFactory


def leeds_roadmap():
    """A draft roadmap of Leeds: NHS LEEDS NORTH CCG leads, NHS LEEDS WEST CCG partners and
    Leeds Teaching Hospitals provides."""
    roadmap = RoadmapFactory(
        footprint__name="Leeds", footprint__lead_ccg__name="NHS LEEDS NORTH CCG"
    )
    footprint = roadmap.footprint
    FootprintMemberFactory(
        footprint=footprint,
        organisation=OrganisationFactory(name="NHS LEEDS WEST CCG"),
        role="partner_ccg",
        confirmation="confirmed",
    )
    FootprintMemberFactory(
        footprint=footprint,
        organisation=OrganisationFactory(
            name="Leeds Teaching Hospitals", kind=OrganisationKind.NHS_TRUST
        ),
    )
    return roadmap


def member(roadmap, role):
    return roadmap.footprint.members.get(role=role).organisation


def section_url(roadmap, key):
    return reverse("roadmap_section", args=[roadmap.pk, key])


def texts(roadmap, section):
    rows = RoadmapText.objects.filter(roadmap=roadmap, section=section)
    return dict(rows.values_list("field", "text"))


def version_of(roadmap):
    roadmap.refresh_from_db()
    return roadmap.version


def universal_data(*, version, **fields):
    """A post of the universal capabilities page with every field blank but ``fields``
    (named like ``C-in_place_by``)."""
    data = {
        f"{letter}-{name}": "" for letter in UniversalCapability.values for name in UNIVERSAL_FIELDS
    }
    return {"version": version, **data, **fields}


def schedule_data(*, version, **cells):
    data = {f"cell-{group}-{year}": "" for group in CapabilityGroup.values for year in YEARS}
    return {"version": version, **data, **cells}


def rows_of(html, table_caption):
    """The text of each row of the table with this caption, tags stripped."""
    table = html[html.index(table_caption) :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]
