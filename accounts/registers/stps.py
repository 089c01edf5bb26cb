"""Reading the lookup of each CCG's sustainability and transformation plan (STP) footprint.

A row names a CCG by its ODS code and its STP by ONS code and name; the STPs themselves are
made from the rows (one organisation per STP code). Checks that need the CCGs are the
loader's (``accounts.services.organisation_stps``).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from accounts.registers.reading import CCG_CODE, NAME_MAX_LENGTH, RegisterFormat

STP_CODE = re.compile(r"E54\d{6}")


@dataclass(frozen=True)
class StpLinkRow:
    """One CCG's STP as the lookup gives it."""

    ccg_code: str
    stp_code: str
    stp_name: str
    path: str = ""
    line: int = 0


def _parse_stp_link(cells, **origin):
    return StpLinkRow(
        ccg_code=cells.code("ccg16cdh", CCG_CODE, "00C"),
        stp_code=cells.code("stp17cd", STP_CODE, "E54000045"),
        stp_name=cells.text("stp17nm", required=True, max_length=NAME_MAX_LENGTH),
        **origin,
    )


STP_FORMAT = RegisterFormat(
    label=gettext_lazy("CCG to STP lookup"),
    columns=("ccg16cdh", "stp17cd", "stp17nm"),
    parse=_parse_stp_link,
)
