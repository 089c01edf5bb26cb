"""How much the seed makes, and the moment the picture is "as at"."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")

CYCLE = "2015-16"
# The CCGs open on the day of the register the seed's CCG lookups were made from.
REGISTER_DAY = date(2016, 2, 11)
# 14 days before roadmaps were due (30 June 2016): footprints endorsed, self-assessments
# in, roadmaps at every step, and reminders due that very day.
DEFAULT_AS_AT = datetime(2016, 6, 16, 10, 0, tzinfo=LONDON)
DOMAIN = "seed.example"


@dataclass(frozen=True)
class Scale:
    name: str
    # None for every local office; otherwise the ODS code of the one local office whose
    # CCGs, trusts and local authorities are seeded.
    local_office: str | None
    footprints: int


SCALES = {
    # 209 CCGs in about 75 footprints: as many roadmaps as the programme received.
    "full": Scale(name="full", local_office=None, footprints=75),
    # Yorkshire and the Humber (21 CCGs): enough footprints for every state of a footprint
    # and of a roadmap, and fast enough for tests.
    "small": Scale(name="small", local_office="Q72", footprints=10),
}
