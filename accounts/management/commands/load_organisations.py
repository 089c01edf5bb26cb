from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.enums import OrganisationKind
from accounts.services.organisations import RegisterProblems, load_registers

KIND_NAMES = {
    OrganisationKind.NHS_ENGLAND: gettext_lazy("NHS England"),
    OrganisationKind.NHSE_REGION: gettext_lazy("NHS England regions"),
    OrganisationKind.NHSE_LOCAL_OFFICE: gettext_lazy("NHS England local offices"),
    OrganisationKind.STP: gettext_lazy("STP footprints"),
    OrganisationKind.CCG: gettext_lazy("CCGs"),
    OrganisationKind.NHS_TRUST: gettext_lazy("NHS trusts"),
    OrganisationKind.LOCAL_AUTHORITY: gettext_lazy("Local authorities"),
}


class Command(BaseCommand):
    # argparse needs plain strings, as in the other commands.
    help = (
        "Load NHS England, its regions and local offices, CCGs, NHS trusts, upper-tier "
        "local authorities and the CCGs' STP footprints from the registers shipped with "
        "the service, or from the CSV files given. Changes nothing if any row has a "
        "problem; safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            metavar="file.csv",
            help=(
                "CSV files to load instead of the shipped registers, each with the header "
                "row of one of them"
            ),
        )

    def handle(self, *args, paths, **options):
        try:
            report = load_registers(paths=paths or None, progress=self.show_progress)
        except RegisterProblems as error:
            summary = ngettext(
                "Nothing was changed: %(count)s problem to fix.",
                "Nothing was changed: %(count)s problems to fix.",
                len(error.problems),
            ) % {"count": len(error.problems)}
            raise CommandError("\n".join([summary, *map(str, error.problems)])) from error
        if not report.changed:
            self.stdout.write(
                ngettext(
                    "No changes: %(count)s organisation already up to date.",
                    "No changes: %(count)s organisations already up to date.",
                    report.total,
                )
                % {"count": report.total}
            )
            return
        for kind, counts in report.counts.items():
            self.stdout.write(
                _("%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
                % {
                    "kind": KIND_NAMES[kind],
                    "created": counts.created,
                    "updated": counts.updated,
                    "unchanged": counts.unchanged,
                }
            )
        links = report.stp_links
        if links:
            self.stdout.write(
                _("CCGs' STPs: %(created)s set, %(updated)s changed, %(unchanged)s unchanged")
                % {
                    "created": links.created,
                    "updated": links.updated,
                    "unchanged": links.unchanged,
                }
            )
        done = ngettext(
            "%(changed)s of %(count)s organisation created or updated.",
            "%(changed)s of %(count)s organisations created or updated.",
            report.total,
        ) % {"changed": report.organisations_changed, "count": report.total}
        self.stdout.write(self.style.SUCCESS(done))

    def show_progress(self, register):
        if register.format is None:
            self.stdout.write(
                _("%(path)s: could not be read; the problems are listed at the end")
                % {"path": register.path}
            )
            return
        count = len(register.rows) + len(register.rejected)
        line = ngettext(
            "%(path)s: %(count)s row (%(kind)s)", "%(path)s: %(count)s rows (%(kind)s)", count
        ) % {"path": register.path, "count": count, "kind": register.format.label}
        rows_with_problems = len({problem.line for problem in register.problems})
        if rows_with_problems:
            line += ngettext(
                ", %(count)s with a problem", ", %(count)s with problems", rows_with_problems
            ) % {"count": rows_with_problems}
        self.stdout.write(line)
