"""The real registers, the 2015-16 cycle and its question set, and which organisations the
seed works with at its scale."""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from accounts.enums import OrganisationKind
from accounts.models import Organisation
from accounts.registers import CCG_UTLA_LOOKUP
from accounts.services.organisations import load_registers
from demo.seed.scale import CYCLE, REGISTER_DAY
from maturity.services.question_sets import load_question_set
from roadmaps.services.cycles import load_cycle

DATA_DIR = Path(__file__).resolve().parent / "data"
CCG_STP_LOOKUP = DATA_DIR / "ccg16_stp_lookup_via_apr2017.csv"
TRUST_STP_LOOKUP = DATA_DIR / "hf_trust_stp_lookup_2019-03.csv"


@dataclass
class Scope:
    """The organisations seeded, each list in ODS code order."""

    ccgs: list
    trusts: list
    councils: list
    # CCG ODS code -> (STP code, STP name); trust ODS code -> STP code (acute trusts only).
    ccg_stp: dict = field(default_factory=dict)
    trust_stp: dict = field(default_factory=dict)
    # CCG ODS code -> [(UTLA code, share of the UTLA's LSOAs, main UTLA of the CCG)].
    ccg_councils: dict = field(default_factory=dict)

    @property
    def organisations(self):
        return [*self.ccgs, *self.trusts, *self.councils]


def load_reference_data():
    """Load the organisations, the cycle and the question set; returns (organisation count,
    cycle, question set)."""
    report = load_registers()
    cycle = load_cycle(name=CYCLE).cycle
    question_set = load_question_set().question_set
    return report.total, cycle, question_set


def _read(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def choose_scope(scale):
    """The CCGs open in 2015-16, the NHS trusts open then and the local authorities, all of
    them or those of ``scale.local_office``."""
    open_then = Organisation.objects.open_on(REGISTER_DAY).select_related("parent")
    ccgs = list(open_then.filter(kind=OrganisationKind.CCG).order_by("ods_code"))
    trusts = list(open_then.filter(kind=OrganisationKind.NHS_TRUST).order_by("ods_code"))
    councils = list(
        Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY).order_by("ods_code")
    )
    ccg_councils = defaultdict(list)
    for row in _read(CCG_UTLA_LOOKUP):
        ccg_councils[row["ccg16cdh"]].append(
            (
                row["utla_code"],
                float(row["share_of_utla_lsoas"]),
                row["is_main_utla_for_ccg"] == "yes",
            )
        )
    if scale.local_office:
        ccgs = [ccg for ccg in ccgs if ccg.parent and ccg.parent.ods_code == scale.local_office]
        trusts = [t for t in trusts if t.parent and t.parent.ods_code == scale.local_office]
        mains = {code for ccg in ccgs for code, _share, main in ccg_councils[ccg.ods_code] if main}
        councils = [council for council in councils if council.ods_code in mains]
    return Scope(
        ccgs=ccgs,
        trusts=trusts,
        councils=councils,
        ccg_stp={
            row["ccg16cdh"]: (row["stp17cd"], row["stp17nm"]) for row in _read(CCG_STP_LOOKUP)
        },
        trust_stp={row["code"]: row["STP_code"] for row in _read(TRUST_STP_LOOKUP)},
        ccg_councils=dict(ccg_councils),
    )
