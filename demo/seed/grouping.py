"""Which organisations make up each footprint: pure functions over the scope, no writes.

CCGs are grouped by their STP, and the STPs with the most CCGs per footprint are split until
there are as many footprints as the scale asks for. NHS trusts join a footprint of their STP
(acute trusts) or of their local office; ambulance trusts serve every footprint of their
local office; each local authority joins the footprint of every CCG whose main authority it
is, or else that of the CCG covering most of it.
"""

import math
from dataclasses import dataclass, field

from accounts.enums import TrustType


@dataclass
class PlannedFootprint:
    name: str
    stp_code: str
    ccgs: list  # lead first
    trusts: list = field(default_factory=list)
    councils: list = field(default_factory=list)

    @property
    def lead(self):
        return self.ccgs[0]


def place_name(ccg):
    name = ccg.name.removeprefix("NHS ").removesuffix(" CCG")
    return name


def _parts_per_stp(sizes, target):
    """{STP: parts}: split the STP with the most CCGs per part until ``target`` parts."""
    parts = dict.fromkeys(sizes, 1)
    while sum(parts.values()) < target:
        splittable = [code for code in sizes if parts[code] < sizes[code]]
        if not splittable:
            break
        code = max(splittable, key=lambda c: (math.ceil(sizes[c] / parts[c]), sizes[c], c))
        parts[code] += 1
    return parts


def group_ccgs(scope, target):
    by_stp = {}
    names = {}
    for ccg in scope.ccgs:
        code, name = scope.ccg_stp.get(ccg.ods_code, (f"office:{ccg.parent_id}", ccg.name))
        by_stp.setdefault(code, []).append(ccg)
        names[code] = name
    parts = _parts_per_stp({code: len(ccgs) for code, ccgs in by_stp.items()}, target)
    planned = []
    for code in sorted(by_stp):
        ccgs = sorted(by_stp[code], key=lambda ccg: ccg.name)
        count = parts[code]
        for index in range(count):
            chunk = ccgs[len(ccgs) * index // count : len(ccgs) * (index + 1) // count]
            name = names[code] if count == 1 else f"{names[code]}: {place_name(chunk[0])}"
            planned.append(PlannedFootprint(name=name, stp_code=code, ccgs=chunk))
    return sorted(planned, key=lambda footprint: footprint.name)


def _nearby(footprints, organisation):
    """Footprints led from the organisation's local office, else its region, else all."""
    for same in (
        lambda f: f.lead.parent_id == organisation.parent_id and organisation.parent_id,
        lambda f: f.lead.region_id == organisation.region_id and organisation.region_id,
    ):
        found = [footprint for footprint in footprints if same(footprint)]
        if found:
            return found
    return footprints


def place_trusts(scope, footprints):
    by_stp = {}
    for footprint in footprints:
        by_stp.setdefault(footprint.stp_code, []).append(footprint)
    turns = {}
    for trust in scope.trusts:
        candidates = by_stp.get(scope.trust_stp.get(trust.ods_code)) or _nearby(footprints, trust)
        key = tuple(id(footprint) for footprint in candidates)
        turn = turns.get(key, 0)
        turns[key] = turn + 1
        candidates[turn % len(candidates)].trusts.append(trust)
        if trust.trust_type == TrustType.AMBULANCE:
            for footprint in _nearby(footprints, trust):
                if trust not in footprint.trusts:
                    footprint.trusts.append(trust)


def place_councils(scope, footprints):
    footprint_of = {ccg.ods_code: footprint for footprint in footprints for ccg in footprint.ccgs}
    councils = {council.ods_code: council for council in scope.councils}
    placed = set()
    covers = {}  # council code -> [(share of the council, CCG code)]
    for ccg_code, rows in sorted(scope.ccg_councils.items()):
        for council_code, share, main in rows:
            covers.setdefault(council_code, []).append((share, ccg_code))
            footprint = footprint_of.get(ccg_code)
            if main and footprint and council_code in councils:
                if councils[council_code] not in footprint.councils:
                    footprint.councils.append(councils[council_code])
                placed.add(council_code)
    for code, council in councils.items():
        if code in placed:
            continue
        nearest = [
            footprint_of[ccg_code]
            for _share, ccg_code in sorted(covers.get(code, []), reverse=True)
            if ccg_code in footprint_of
        ]
        (nearest or _nearby(footprints, council))[0].councils.append(council)


def plan_footprints(scope, target):
    footprints = group_ccgs(scope, target)
    place_trusts(scope, footprints)
    place_councils(scope, footprints)
    return footprints
