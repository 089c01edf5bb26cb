"""Loading the organisation registers: NHS England, its regions and local offices, CCGs,
NHS trusts, upper-tier local authorities and the STP footprints of the CCGs.

Reading a file and checking each row by itself is ``accounts.registers.reading``; this module
checks the load as a whole (codes that must exist, codes given twice), gives each local
authority its NHS England region, and writes.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accounts.enums import OrganisationKind
from accounts.models import Organisation
from accounts.registers import CCG_UTLA_LOOKUP, SHIPPED_REGISTERS
from accounts.registers.reading import (
    COVER_FORMAT,
    REGISTER_FORMATS,
    OrganisationRow,
    Problem,
    RegisterFile,
    read_register,
)
from accounts.registers.stps import STP_FORMAT
from accounts.services import organisation_stps

# NHS England is in no register file: it is the one organisation every load can rely on.
NHS_ENGLAND = OrganisationRow(ods_code="X24", name="NHS England", kind=OrganisationKind.NHS_ENGLAND)

# Local offices replaced the area teams on 2015-04-01. A record closed before then carries an
# area-team code (Q44-Q69) that names no local office, so it is loaded without a parent.
LOCAL_OFFICES_OPENED = date(2015, 4, 1)

# The order a report lists kinds in: each refers only to the ones before it.
KIND_ORDER = (
    OrganisationKind.NHS_ENGLAND,
    OrganisationKind.NHSE_REGION,
    OrganisationKind.NHSE_LOCAL_OFFICE,
    OrganisationKind.STP,
    OrganisationKind.CCG,
    OrganisationKind.NHS_TRUST,
    OrganisationKind.LOCAL_AUTHORITY,
)
FORMATS = (*REGISTER_FORMATS, STP_FORMAT)
COMMISSIONED_KINDS = (OrganisationKind.CCG, OrganisationKind.NHS_TRUST)
WRITTEN_FIELDS = (
    "name",
    "kind",
    "trust_type",
    "parent_id",
    "region_id",
    "postcode",
    "open_date",
    "close_date",
)


@dataclass
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self):
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True)
class LoadReport:
    files: tuple[RegisterFile, ...]
    # Per organisation kind, in KIND_ORDER; only kinds the load had.
    counts: dict[str, KindCounts] = field(default_factory=dict)
    # CCGs given an STP (created), given another one (updated) or left as they were.
    stp_links: KindCounts | None = None

    @property
    def total(self):
        return sum(counts.total for counts in self.counts.values())

    @property
    def organisations_changed(self):
        return sum(counts.created + counts.updated for counts in self.counts.values())

    @property
    def changed(self):
        links = self.stp_links or KindCounts()
        return self.organisations_changed + links.created + links.updated


class RegisterProblems(Exception):
    """A load refused because its files have problems; nothing was written."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def load_registers(
    *, paths=None, progress: Callable[[RegisterFile], None] | None = None
) -> LoadReport:
    """Create or update organisations, by ODS code, from register files.

    With no ``paths``, loads NHS England and the shipped registers; otherwise the CSV files
    at ``paths``, each in one of the shipped formats. Every row of every file is checked
    before anything is written: on any problem, ``RegisterProblems`` lists them all and the
    database is as it was. Otherwise everything is written in one transaction; rows that
    already say what the registers say are not written, and organisations the files do not
    mention are left alone, so a second load of the same files changes nothing.
    ``progress`` is called with each file once it has been read.
    """
    registers = []
    for path in SHIPPED_REGISTERS if paths is None else paths:
        registers.append(read_register(path, shown_as=_shown(path), formats=FORMATS))
        if progress:
            progress(registers[-1])
    problems = [problem for register in registers for problem in register.problems]
    rows = [NHS_ENGLAND] if paths is None else []
    rows += [row for register in registers for row in register.rows]
    rejected = [row for register in registers for row in register.rejected]
    links, rows = organisation_stps.split_links(rows)
    rejected = organisation_stps.split_links(rejected)[1]
    stps, stp_problems = organisation_stps.stp_rows(links)
    problems += stp_problems
    rows += stps

    covers = []
    if any(row.kind == OrganisationKind.LOCAL_AUTHORITY for row in rows):
        lookup = read_register(
            CCG_UTLA_LOOKUP, shown_as=_shown(CCG_UTLA_LOOKUP), formats=(COVER_FORMAT,)
        )
        problems += lookup.problems
        covers = lookup.rows

    with transaction.atomic():
        existing = {
            values["ods_code"]: values
            for values in Organisation.objects.values("id", "ods_code", *WRITTEN_FIELDS)
        }
        # A file that could not be read at all would make every reference to it a problem.
        if all(register.format for register in registers):
            rows, link_problems = _check_links(rows, rejected, existing)
            problems += link_problems
            problems += organisation_stps.check_ccgs(links, rows, existing)
        if problems:
            # In the order a person reads the files: file by file, line by line.
            files = [register.path for register in registers] + [_shown(CCG_UTLA_LOOKUP)]
            problems.sort(key=lambda problem: (files.index(problem.path), problem.line or 0))
            raise RegisterProblems(problems)
        rows = _give_local_authorities_regions(rows, covers, existing)
        counts = _write(rows, existing)
        stp_links = organisation_stps.write_links(links, KindCounts()) if links else None
    return LoadReport(files=tuple(registers), counts=counts, stp_links=stp_links)


def _shown(path):
    """How a path appears in messages: the shipped files relative to the project."""
    try:
        return str(Path(path).relative_to(settings.BASE_DIR))
    except ValueError:
        return str(path)


def _check_links(rows, rejected, existing):
    """Problems with what rows refer to, and the rows with any area-team parent dropped."""
    by_id = {values["id"]: values for values in existing.values()}
    # What each code is, in the database and then as this load will make it.
    kinds = {code: values["kind"] for code, values in existing.items()}
    regions = {
        code: by_id[values["region_id"]]["ods_code"] if values["region_id"] else ""
        for code, values in existing.items()
    }
    first_seen = {}
    problems = []
    for row in rows + rejected:
        if not row.ods_code:
            continue
        if row.ods_code in first_seen:
            other = first_seen[row.ods_code]
            problems.append(
                _problem(
                    row,
                    _("%(code)s is already given at %(path)s:%(line)s")
                    % {"code": row.ods_code, "path": other.path, "line": other.line},
                )
            )
        first_seen.setdefault(row.ods_code, row)
        kinds[row.ods_code] = row.kind
        regions[row.ods_code] = row.region_code

    checked = []
    for row in rows:
        was = existing.get(row.ods_code)
        if was and was["kind"] != row.kind:
            problems.append(
                _problem(
                    row,
                    _(
                        "%(code)s is already in the service as another kind of organisation "
                        "(%(kind)s); a register cannot change that"
                    )
                    % {"code": row.ods_code, "kind": OrganisationKind(was["kind"]).label},
                )
            )
        if row.kind == OrganisationKind.NHSE_LOCAL_OFFICE:
            problems += _check_kind(
                row, "parent_code", row.parent_code, kinds, OrganisationKind.NHSE_REGION
            )
        elif row.kind in COMMISSIONED_KINDS:
            row, row_problems = _check_commissioned(row, kinds, regions)
            problems += row_problems
        checked.append(row)
    return checked, problems


def _check_commissioned(row, kinds, regions):
    """A CCG's or trust's region and local office exist, and the office is in that region."""
    problems = _check_kind(
        row, "nhse_region_code", row.region_code, kinds, OrganisationKind.NHSE_REGION
    )
    if kinds.get(row.parent_code) == OrganisationKind.NHSE_LOCAL_OFFICE:
        if regions[row.parent_code] != row.region_code:
            problems.append(
                _problem(
                    row,
                    _("local office %(office)s is in region %(actual)s, not %(region)s")
                    % {
                        "office": row.parent_code,
                        "actual": regions[row.parent_code],
                        "region": row.region_code,
                    },
                )
            )
    elif row.close_date and row.close_date < LOCAL_OFFICES_OPENED:
        row = replace(row, parent_code="")
    else:
        problems += _check_kind(
            row,
            "nhse_local_office_code",
            row.parent_code,
            kinds,
            OrganisationKind.NHSE_LOCAL_OFFICE,
        )
    return row, problems


def _check_kind(row, column, code, kinds, kind):
    if kinds.get(code) == kind:
        return []
    return [
        _problem(
            row,
            _("%(column)s %(code)s names no %(kind)s in the service or in this load")
            % {"column": column, "code": code, "kind": OrganisationKind(kind).label},
        )
    ]


def _problem(row, reason):
    return Problem(row.path, row.line, reason)


def _give_local_authorities_regions(rows, covers, existing):
    """Each local authority gets the region of the CCGs covering most of its LSOAs.

    Left empty when the lookup does not cover the authority, its CCGs are not known, or two
    regions cover equal shares.
    """
    by_id = {values["id"]: values for values in existing.values()}
    ccg_regions = {
        code: by_id[values["region_id"]]["ods_code"]
        for code, values in existing.items()
        if values["kind"] == OrganisationKind.CCG and values["region_id"]
    }
    ccg_regions.update(
        (row.ods_code, row.region_code) for row in rows if row.kind == OrganisationKind.CCG
    )
    shares = {}
    for cover in covers:
        region = ccg_regions.get(cover.ccg_code)
        if region:
            shares.setdefault(cover.local_authority_code, Counter())[region] += cover.lsoa_count
    result = []
    for row in rows:
        if row.kind == OrganisationKind.LOCAL_AUTHORITY:
            ranked = shares.get(row.ods_code, Counter()).most_common(2)
            clear_winner = ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1])
            row = replace(row, region_code=ranked[0][0] if clear_winner else "")
        result.append(row)
    return result


def _write(rows, existing):
    """Create the new organisations and update the fields that differ, in bulk; count both."""
    ids = {code: values["id"] for code, values in existing.items()}
    counts = {}
    changes = {}
    for kind in KIND_ORDER:
        of_kind = [row for row in rows if row.kind == kind]
        if not of_kind:
            continue
        counts[kind] = KindCounts()
        new = [row for row in of_kind if row.ods_code not in existing]
        if new:
            _create(new, ids)
            counts[kind].created = len(new)
        for row in of_kind:
            was = existing.get(row.ods_code)
            if was is None:
                continue
            wanted = _field_values(row, ids)
            changed = tuple(name for name, value in wanted.items() if was[name] != value)
            if changed:
                counts[kind].updated += 1
                changes.setdefault(changed, []).append(
                    Organisation(id=was["id"], ods_code=row.ods_code, **wanted)
                )
            else:
                counts[kind].unchanged += 1
    # Grouped by the fields that changed: updating every field of every row is far slower.
    for fields, organisations in changes.items():
        Organisation.objects.bulk_update(organisations, fields, batch_size=500)
    return counts


def _create(rows, ids):
    """Create rows of one kind, whose parents and regions are of earlier kinds or themselves."""
    Organisation.objects.bulk_create(
        Organisation(ods_code=row.ods_code, **_field_values(row, ids)) for row in rows
    )
    codes = [row.ods_code for row in rows]
    ids.update(Organisation.objects.filter(ods_code__in=codes).values_list("ods_code", "id"))
    # A region is its own region, which it can only point at once it has an id.
    own_region = [row.ods_code for row in rows if row.region_code == row.ods_code]
    if own_region:
        Organisation.objects.filter(ods_code__in=own_region).update(region_id=F("id"))


def _field_values(row, ids):
    return {
        "name": row.name,
        "kind": row.kind,
        "trust_type": row.trust_type,
        "parent_id": ids.get(row.parent_code),
        "region_id": ids.get(row.region_code),
        "postcode": row.postcode,
        "open_date": row.open_date,
        "close_date": row.close_date,
    }
