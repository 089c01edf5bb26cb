"""The sustainability and transformation plan (STP) footprints of roadmap footprints.

A footprint's STPs are those of its member CCGs. A footprint whose CCGs are in more than one
STP crosses STP boundaries; an STP whose CCGs are in two or more footprints of the cycle is
split across them. One query for a whole cycle, so list pages can use it for every row.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.enums import OrganisationKind
from roadmaps.models import FootprintMember


@dataclass(frozen=True)
class SplitStp:
    name: str
    footprints: int


@dataclass
class FootprintStps:
    names: list[str] = field(default_factory=list)
    split: list[SplitStp] = field(default_factory=list)

    @property
    def crosses_boundaries(self):
        return len(self.names) > 1

    @property
    def flags(self):
        """What a person reads about this footprint and its STPs, one sentence each."""
        flags = []
        if self.crosses_boundaries:
            flags.append(
                _("This footprint crosses STP boundaries: %(names)s.")
                % {"names": "; ".join(self.names)}
            )
        for stp in self.split:
            flags.append(
                ngettext(
                    "The %(name)s STP is split across %(count)s footprint.",
                    "The %(name)s STP is split across %(count)s footprints.",
                    stp.footprints,
                )
                % {"name": stp.name, "count": stp.footprints}
            )
        return flags


def stps_by_footprint(cycle):
    """Footprint id -> ``FootprintStps`` for every footprint of ``cycle`` with a CCG in an
    STP; names in alphabetical order."""
    rows = FootprintMember.objects.filter(
        cycle=cycle,
        organisation__kind=OrganisationKind.CCG,
        organisation__stp__isnull=False,
        left_at__isnull=True,
    ).values_list("footprint_id", "organisation__stp__name")
    names = {}
    footprints_of = {}
    for footprint_id, name in rows:
        names.setdefault(footprint_id, set()).add(name)
        footprints_of.setdefault(name, set()).add(footprint_id)
    return {
        footprint_id: FootprintStps(
            names=sorted(stps),
            split=[
                SplitStp(name=name, footprints=len(footprints_of[name]))
                for name in sorted(stps)
                if len(footprints_of[name]) > 1
            ],
        )
        for footprint_id, stps in names.items()
    }


def footprint_stps(footprint):
    return stps_by_footprint(footprint.cycle).get(footprint.id, FootprintStps())
