"""Reading one register file: which format it is, and whether each row makes sense by itself.

A file's format is recognised by its header row (columns in any order, extra columns
ignored). Every row is checked and every problem noted, so that a person can fix a file in
one go. Checks that need other files or the database (codes that must exist, a code that
appears twice) belong to the loader, which sees the whole load.
"""

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.enums import OrganisationKind, TrustType

REGION_CODE = re.compile(r"Y\d\d")
LOCAL_OFFICE_CODE = re.compile(r"Q\d\d")
CCG_CODE = re.compile(r"\d\d[A-Z]")
# Most trusts have R codes; a few care trusts kept T codes (TAF Camden and Islington).
TRUST_CODE = re.compile(r"[RT][A-Z0-9]{2}")
LOCAL_AUTHORITY_CODE = re.compile(r"E(06|08|09|10)\d{6}")
ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")

REGION_LEVELS = {
    "commissioning_region": OrganisationKind.NHSE_REGION,
    "local_office": OrganisationKind.NHSE_LOCAL_OFFICE,
}
# type_hint in the trusts register is a heuristic; "unknown" is a trust it could not place.
TRUST_TYPE_HINTS = {**{value: value for value in TrustType.values}, "unknown": TrustType.OTHER}
# The ONS code prefix says which kind of upper-tier authority a code names.
LOCAL_AUTHORITY_KINDS = {
    "unitary_authority": "E06",
    "metropolitan_district": "E08",
    "london_borough": "E09",
    "county_council": "E10",
}
NAME_MAX_LENGTH = 200
POSTCODE_MAX_LENGTH = 10


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    reason: str

    def __str__(self):
        if self.line is None:
            return f"{self.path}: {self.reason}"
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(frozen=True)
class OrganisationRow:
    """One organisation as a register gives it; codes are resolved to rows by the loader."""

    ods_code: str
    name: str
    kind: str
    path: str = ""
    line: int = 0
    trust_type: str = ""
    # The local office of a CCG or trust, the region of a local office.
    parent_code: str = ""
    region_code: str = ""
    postcode: str = ""
    open_date: date | None = None
    close_date: date | None = None


@dataclass(frozen=True)
class CoverRow:
    """How many LSOAs of an upper-tier local authority a CCG covers."""

    ccg_code: str
    local_authority_code: str
    lsoa_count: int


@dataclass(frozen=True)
class RegisterFormat:
    label: str
    columns: tuple[str, ...]
    parse: Callable
    optional: tuple[str, ...] = ()


@dataclass
class RegisterFile:
    path: str
    format: RegisterFormat | None = None
    rows: list = field(default_factory=list)
    # Rows with problems, kept so that other rows' references to them are not reported too.
    rejected: list = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# Names whose spelling title case cannot guess.
_SPELLINGS = {"2GETHER": "2gether", "CROSSCITY": "CrossCity"}
_ACRONYMS = {"NHS", "CCG"}
_SMALL_WORDS = {"and", "at", "by", "for", "in", "of", "on", "the", "upon", "with"}
_WORD = re.compile(r"[A-Z]+(?:'[A-Z]+)?")


def readable_name(name):
    """The name as people write it, for the upper-case names of the ODS files.

    A name already in mixed case (an ONS name, a name a person typed) is kept as it is.
    """
    name = " ".join(name.split())
    if name != name.upper():
        return name
    words = []
    for token in name.split(" "):
        if token in _SPELLINGS:
            words.append(_SPELLINGS[token])
            continue
        # Hyphens and brackets split a token into words: "Stockton-on-Tees", "(Westminster)".
        words.append(
            _WORD.sub(
                lambda match: _word_case(match.group(), first=not words and match.start() == 0),
                token,
            )
        )
    return " ".join(words)


def _word_case(word, *, first):
    if word in _ACRONYMS:
        return word
    if word.lower() in _SMALL_WORDS and not first:
        return word.lower()
    # Only the first letter: "GUY'S" is "Guy's", not "Guy'S".
    return word[0] + word[1:].lower()


class _Cells:
    """One data row's cells; each check notes a problem and carries on, so all are found."""

    def __init__(self, cells):
        self.cells = cells
        self.reasons = []

    def text(self, column, *, required=False, max_length=None):
        value = " ".join(self.cells.get(column, "").split())
        if required and not value:
            self.reasons.append(_("%(column)s is empty") % {"column": column})
        elif max_length and len(value) > max_length:
            self.reasons.append(
                _("%(column)s is longer than %(max)s characters")
                % {"column": column, "max": max_length}
            )
        return value

    def code(self, column, pattern, example):
        value = self.text(column, required=True)
        if value and not pattern.fullmatch(value):
            self.reasons.append(
                _("%(column)s %(value)s does not look like a code such as %(example)s")
                % {"column": column, "value": value, "example": example}
            )
        return value

    def choice(self, column, choices):
        value = self.text(column, required=True)
        if value and value not in choices:
            self.reasons.append(
                _("%(column)s %(value)s is not one of: %(choices)s")
                % {"column": column, "value": value, "choices": ", ".join(choices)}
            )
        return value

    def name(self):
        return readable_name(self.text("name", required=True, max_length=NAME_MAX_LENGTH))

    def date(self, column):
        value = self.text(column)
        if not value:
            return None
        if ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.reasons.append(
            _("%(column)s %(value)s is not a date written YYYY-MM-DD")
            % {"column": column, "value": value}
        )
        return None

    def dates(self):
        opened, closed = self.date("open_date"), self.date("close_date")
        if opened and closed and closed < opened:
            self.reasons.append(
                _("close_date %(closed)s is before open_date %(opened)s")
                % {"closed": closed.isoformat(), "opened": opened.isoformat()}
            )
        return {"open_date": opened, "close_date": closed}


def _parse_region(cells, **origin):
    level = cells.choice("level", REGION_LEVELS)
    if level == "local_office":
        code = cells.code("code", LOCAL_OFFICE_CODE, "Q74")
        region = cells.code("parent_code", REGION_CODE, "Y54")
        links = {"parent_code": region, "region_code": region}
    else:
        code = cells.code("code", REGION_CODE, "Y54")
        if cells.text("parent_code"):
            cells.reasons.append(_("a commissioning region has no parent_code"))
        # A region is its own region, so that "in region R" is one column for every kind.
        links = {"region_code": code}
    return OrganisationRow(
        ods_code=code,
        name=cells.name(),
        kind=REGION_LEVELS.get(level, ""),
        **links,
        **cells.dates(),
        **origin,
    )


def _parse_commissioned(cells, *, kind, code_pattern, example, **origin):
    return OrganisationRow(
        ods_code=cells.code("ods_code", code_pattern, example),
        name=cells.name(),
        kind=kind,
        region_code=cells.code("nhse_region_code", REGION_CODE, "Y54"),
        parent_code=cells.code("nhse_local_office_code", LOCAL_OFFICE_CODE, "Q74"),
        postcode=cells.text("postcode", max_length=POSTCODE_MAX_LENGTH),
        **cells.dates(),
        **origin,
    )


def _parse_ccg(cells, **origin):
    return _parse_commissioned(
        cells, kind=OrganisationKind.CCG, code_pattern=CCG_CODE, example="00C", **origin
    )


def _parse_trust(cells, **origin):
    row = _parse_commissioned(
        cells, kind=OrganisationKind.NHS_TRUST, code_pattern=TRUST_CODE, example="RTH", **origin
    )
    hint = cells.choice("type_hint", TRUST_TYPE_HINTS)
    return replace(row, trust_type=TRUST_TYPE_HINTS.get(hint, ""))


def _parse_local_authority(cells, **origin):
    code = cells.code("code", LOCAL_AUTHORITY_CODE, "E06000001")
    kind = cells.choice("kind", LOCAL_AUTHORITY_KINDS)
    prefix = LOCAL_AUTHORITY_KINDS.get(kind)
    if prefix and LOCAL_AUTHORITY_CODE.fullmatch(code) and not code.startswith(prefix):
        cells.reasons.append(
            _("kind %(kind)s needs a code starting %(prefix)s") % {"kind": kind, "prefix": prefix}
        )
    return OrganisationRow(
        ods_code=code,
        name=cells.name(),
        kind=OrganisationKind.LOCAL_AUTHORITY,
        **cells.dates(),
        **origin,
    )


def _parse_cover(cells, **origin):
    count = cells.text("lsoa_count", required=True)
    if count and not count.isdecimal():
        cells.reasons.append(_("lsoa_count %(value)s is not a whole number") % {"value": count})
    return CoverRow(
        ccg_code=cells.code("ccg16cdh", CCG_CODE, "00C"),
        local_authority_code=cells.code("utla_code", LOCAL_AUTHORITY_CODE, "E06000001"),
        lsoa_count=int(count) if count.isdecimal() else 0,
    )


_COMMISSIONED_COLUMNS = (
    "ods_code",
    "name",
    "nhse_region_code",
    "nhse_local_office_code",
    "postcode",
    "open_date",
    "close_date",
)
REGISTER_FORMATS = (
    RegisterFormat(
        label=gettext_lazy("NHS England regions and local offices"),
        columns=("code", "name", "level", "parent_code", "open_date", "close_date"),
        parse=_parse_region,
    ),
    RegisterFormat(
        label=gettext_lazy("clinical commissioning groups"),
        columns=_COMMISSIONED_COLUMNS,
        parse=_parse_ccg,
    ),
    RegisterFormat(
        label=gettext_lazy("NHS trusts"),
        columns=(*_COMMISSIONED_COLUMNS, "type_hint"),
        parse=_parse_trust,
    ),
    RegisterFormat(
        label=gettext_lazy("upper-tier local authorities"),
        columns=("code", "name", "kind"),
        optional=("open_date", "close_date"),
        parse=_parse_local_authority,
    ),
)
COVER_FORMAT = RegisterFormat(
    label=gettext_lazy("CCG to local authority lookup"),
    columns=("ccg16cdh", "utla_code", "lsoa_count"),
    parse=_parse_cover,
)


def recognise_format(header, formats=REGISTER_FORMATS):
    """The format whose columns the header has; the trusts format over the CCGs one it
    contains. None when no format fits."""
    fitting = [each for each in formats if set(each.columns) <= set(header)]
    return max(fitting, key=lambda each: len(each.columns), default=None)


def describe_formats(formats=REGISTER_FORMATS):
    return "; ".join(f"{each.label}: {', '.join(each.columns)}" for each in formats)


def read_register(path, *, shown_as=None, formats=REGISTER_FORMATS):
    """Read one CSV file, recognising its format by the header row.

    Returns a ``RegisterFile`` with the rows that passed every check and a ``Problem`` for
    each check that failed; line numbers count the header as line 1.
    """
    register = RegisterFile(path=shown_as or str(path))
    try:
        # utf-8-sig: spreadsheet programs often start a CSV file with a byte order mark.
        with open(path, newline="", encoding="utf-8-sig") as file:
            _read_rows(csv.reader(file), register, formats)
    except FileNotFoundError:
        register.problems.append(Problem(register.path, None, _("there is no such file")))
    except UnicodeDecodeError:
        register.problems.append(
            Problem(register.path, None, _("the file is not UTF-8 text; save it as CSV UTF-8"))
        )
    except (OSError, csv.Error) as error:
        register.problems.append(Problem(register.path, None, str(error)))
    return register


def _read_rows(reader, register, formats):
    def problem(line, reason):
        register.problems.append(Problem(register.path, line, reason))

    header = [column.strip() for column in next(reader, [])]
    if not any(header):
        problem(1, _("the file is empty; the first line must be a header row"))
        return
    repeated = sorted({column for column in header if column and header.count(column) > 1})
    if repeated:
        problem(1, _("the header names %(columns)s twice") % {"columns": ", ".join(repeated)})
        return
    register.format = recognise_format(header, formats)
    if register.format is None:
        problem(
            1,
            _(
                "the header row is not one of the register formats. Accepted headers "
                "(columns in any order, others ignored): %(formats)s"
            )
            % {"formats": describe_formats(formats)},
        )
        return
    wanted = set(register.format.columns) | set(register.format.optional)
    last_line = reader.line_num
    for record in reader:
        # A quoted value can span lines: a record starts on the line after the last one.
        line, last_line = last_line + 1, reader.line_num
        if not any(value.strip() for value in record):
            continue
        if len(record) != len(header):
            problem(
                line,
                _("expected %(expected)s values, as in the header, but found %(found)s")
                % {"expected": len(header), "found": len(record)},
            )
            continue
        cells = _Cells({c: v for c, v in zip(header, record, strict=True) if c in wanted})
        row = register.format.parse(cells, path=register.path, line=line)
        register.problems.extend(Problem(register.path, line, reason) for reason in cells.reasons)
        (register.rejected if cells.reasons else register.rows).append(row)
