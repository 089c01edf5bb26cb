"""Where a footprint came from: the footprints merged into it and the one it carries forward
from an earlier cycle, walked back as far as they go (design section 7).

A footprint's history is its own and its predecessors': the people of today's footprint read
its predecessors' roadmaps, versions and returns; the people of a predecessor keep reading
the predecessor's own history, and nothing more.
"""

from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from accounts.rules import is_nhse_staff, roles_by_organisation
from roadmaps.models import Footprint, FootprintMember, MergedFootprint, RoadmapVersion

# Merges and carries forward a chain of history may hold; far more than the programme had.
MAX_DEPTH = 20


def ancestor_ids(footprint_ids):
    """The ids of every footprint whose history belongs to one of ``footprint_ids``: those
    merged into them and those they carry forward, and theirs in turn (the given ones not
    included). Two queries per generation."""
    found, frontier = set(), set(footprint_ids)
    for _generation in range(MAX_DEPTH):
        if not frontier:
            break
        merged = MergedFootprint.objects.filter(merge__into_id__in=frontier).values_list(
            "footprint_id", flat=True
        )
        carried = Footprint.objects.filter(pk__in=frontier, carried_from__isnull=False).values_list(
            "carried_from_id", flat=True
        )
        frontier = (set(merged) | set(carried)) - found - set(footprint_ids)
        found |= frontier
    return found


def history_ids_for(user):
    """Footprints the person reads as history: the predecessors of the footprints their
    organisations are in now."""
    mine = list(roles_by_organisation(user))
    if not mine:
        return set()
    current = FootprintMember.objects.filter(
        organisation_id__in=mine, left_at__isnull=True
    ).values_list("footprint_id", flat=True)
    return ancestor_ids(set(current))


def can_read_history(user, footprint):
    """NHS England, or people of a footprint that ``footprint`` is a predecessor of."""
    return is_nhse_staff(user) or footprint.pk in history_ids_for(user)


@dataclass
class Merge:
    merge: object
    names: list
    footprints: list = field(default_factory=list)

    @property
    def sentence(self):
        when = date_format(localtime(self.merge.merged_at), "j F Y")
        return _("Formed on %(date)s from %(names)s.") % {
            "date": when,
            "names": get_text_list(self.names, _("and")),
        }


@dataclass
class Lineage:
    footprint: object
    merges: list
    carried_from: object = None
    # Set on a footprint merged away: the merge, and the footprint it went into.
    merged_away: object = None
    ancestors: list = field(default_factory=list)

    @property
    def has_any(self):
        return bool(self.merges or self.carried_from or self.merged_away or self.ancestors)


def lineage(footprint):
    """What the footprint page says of where the footprint came from and went."""
    merges = []
    for merge in footprint.merges.select_related("merged_by").prefetch_related(
        "sources__footprint__cycle"
    ):
        sources = list(merge.sources.all())
        names = [source.name for source in sources]
        if not merge.into_created:
            names.insert(0, footprint.name)
        merges.append(Merge(merge=merge, names=names, footprints=[s.footprint for s in sources]))
    merged_away = (
        MergedFootprint.objects.select_related("merge", "merge__into", "merge__into__cycle")
        .filter(footprint=footprint)
        .first()
    )
    carried_from = (
        Footprint.objects.select_related("cycle").filter(pk=footprint.carried_from_id).first()
        if footprint.carried_from_id
        else None
    )
    found = ancestor_ids({footprint.pk})
    ancestors = list(
        Footprint.objects.filter(pk__in=found)
        .select_related("cycle")
        .order_by("-cycle__created_at", "name")
    )
    versions = {}
    # The same filter as the footprints', so that it is one query even when there are none.
    for version in RoadmapVersion.objects.filter(
        roadmap__footprint__in=Footprint.objects.filter(pk__in=found)
    ).select_related("roadmap"):
        versions.setdefault(version.roadmap.footprint_id, []).append(version)
    for ancestor in ancestors:
        ancestor.history_versions = sorted(versions.get(ancestor.pk, []), key=lambda v: v.number)
    return Lineage(
        footprint=footprint,
        merges=merges,
        carried_from=carried_from,
        merged_away=merged_away,
        ancestors=ancestors,
    )
