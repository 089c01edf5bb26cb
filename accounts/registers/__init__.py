"""The organisation registers shipped with the service, and how to read them.

The CSV files here are the 2015-16 registers (SOURCES.md says where each came from);
``reading`` recognises a register by its header row and checks every row on its own.
Loading them into the database is ``accounts.services.organisations.load_registers``.
"""

from pathlib import Path

REGISTERS_DIR = Path(__file__).resolve().parent

# In the order they are loaded: each register refers only to the ones before it.
SHIPPED_REGISTERS = (
    REGISTERS_DIR / "nhse_regions_2015_16.csv",
    REGISTERS_DIR / "ccgs_2015_16.csv",
    REGISTERS_DIR / "nhs_trusts_2015_16.csv",
    REGISTERS_DIR / "utla_2015_16.csv",
    # Each CCG's STP footprint, and the STPs themselves.
    REGISTERS_DIR / "ccg16_stp_lookup_2016.csv",
)

# Which CCGs cover which upper-tier local authorities: gives a local authority its region.
CCG_UTLA_LOOKUP = REGISTERS_DIR / "ccg16_utla_lookup_2016.csv"
