"""The sustainability and transformation plan (STP) footprints in a register load.

The STP lookup gives each CCG its STP; the STPs are made from its rows, one organisation per
ONS code (E54...). ``load_registers`` checks these with the rest of the load, so a problem
in the lookup changes nothing, and writes each CCG's STP after the organisations.
"""

from django.utils.translation import gettext as _

from accounts.enums import OrganisationKind
from accounts.models import Organisation
from accounts.registers.reading import OrganisationRow, Problem
from accounts.registers.stps import StpLinkRow


def split_links(rows):
    """The lookup's rows, and the others."""
    links = [row for row in rows if isinstance(row, StpLinkRow)]
    return links, [row for row in rows if not isinstance(row, StpLinkRow)]


def stp_rows(links):
    """One organisation row per STP the lookup names, and problems of the lookup as a whole:
    an STP given two names, a CCG given twice."""
    stps = {}
    ccgs = {}
    problems = []
    for link in links:
        first = stps.setdefault(
            link.stp_code,
            OrganisationRow(
                ods_code=link.stp_code,
                name=link.stp_name,
                kind=OrganisationKind.STP,
                path=link.path,
                line=link.line,
            ),
        )
        if first.name != link.stp_name:
            problems.append(
                Problem(
                    link.path,
                    link.line,
                    _("stp17cd %(code)s is named %(name)s at %(path)s:%(line)s")
                    % {
                        "code": link.stp_code,
                        "name": first.name,
                        "path": first.path,
                        "line": first.line,
                    },
                )
            )
        other = ccgs.setdefault(link.ccg_code, link)
        if other is not link:
            problems.append(
                Problem(
                    link.path,
                    link.line,
                    _("CCG %(code)s is already given an STP at %(path)s:%(line)s")
                    % {"code": link.ccg_code, "path": other.path, "line": other.line},
                )
            )
    return list(stps.values()), problems


def check_ccgs(links, rows, existing):
    """Every CCG the lookup names is a CCG in the service or in this load."""
    kinds = {code: values["kind"] for code, values in existing.items()}
    kinds.update((row.ods_code, row.kind) for row in rows)
    return [
        Problem(
            link.path,
            link.line,
            _("ccg16cdh %(code)s names no CCG in the service or in this load")
            % {"code": link.ccg_code},
        )
        for link in links
        if kinds.get(link.ccg_code) != OrganisationKind.CCG
    ]


def write_links(links, counts):
    """Give each CCG its STP where it differs; count set, changed and unchanged in
    ``counts`` (created, updated, unchanged)."""
    codes = {link.ccg_code for link in links} | {link.stp_code for link in links}
    found = {
        code: (pk, stp_id)
        for code, pk, stp_id in Organisation.objects.filter(ods_code__in=codes).values_list(
            "ods_code", "id", "stp_id"
        )
    }
    changed = []
    for link in links:
        ccg_id, stp_id = found[link.ccg_code]
        wanted = found[link.stp_code][0]
        if stp_id == wanted:
            counts.unchanged += 1
            continue
        if stp_id is None:
            counts.created += 1
        else:
            counts.updated += 1
        changed.append(Organisation(id=ccg_id, stp_id=wanted))
    Organisation.objects.bulk_update(changed, ["stp"], batch_size=500)
    return counts
