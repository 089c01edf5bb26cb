from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.errors import ActionRefused
from roadmaps.services.cycles import LONDON, load_cycle


class Command(BaseCommand):
    # argparse needs plain strings, as in the other commands.
    help = "Load a programme cycle and its stage dates, e.g. 2015-16. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the cycle to load, e.g. 2015-16")

    def handle(self, *args, name, **options):
        try:
            report = load_cycle(name=name)
        except ActionRefused as error:
            raise CommandError(str(error)) from error
        self.report(report, demo=False)

    def report(self, report, *, demo):
        self.stdout.write(self.summary(report, demo=demo))
        for stage in report.stages:
            self.stdout.write(
                _("  %(stage)s: opens %(opens)s, due %(due)s")
                % {
                    "stage": stage.name,
                    "opens": london(stage.opens_at),
                    "due": london(stage.due_at),
                }
            )

    def summary(self, report, *, demo):
        values = {"cycle": report.cycle.name}
        if report.cycle_created:
            return self.style.SUCCESS(
                ngettext(
                    "Created cycle %(cycle)s with %(count)s stage (London time):",
                    "Created cycle %(cycle)s with %(count)s stages (London time):",
                    report.stages_created,
                )
                % {**values, "count": report.stages_created}
            )
        if report.stages_moved:
            return self.style.SUCCESS(
                ngettext(
                    "Moved %(count)s stage of cycle %(cycle)s to fit today (London time):",
                    "Moved %(count)s stages of cycle %(cycle)s to fit today (London time):",
                    report.stages_moved,
                )
                % {**values, "count": report.stages_moved}
            )
        if report.stages_created:
            return self.style.SUCCESS(
                ngettext(
                    "Added %(count)s missing stage to cycle %(cycle)s (London time):",
                    "Added %(count)s missing stages to cycle %(cycle)s (London time):",
                    report.stages_created,
                )
                % {**values, "count": report.stages_created}
            )
        if demo:
            return _("No changes: cycle %(cycle)s already fits today (London time):") % values
        return _("No changes: cycle %(cycle)s is already loaded (London time):") % values


def london(moment):
    """E.g. "Fri 30 Oct 2015 23:59:59 GMT"."""
    local = timezone.localtime(moment, LONDON)
    return f"{local:%a} {local.day} {local:%b %Y %H:%M:%S %Z}"
