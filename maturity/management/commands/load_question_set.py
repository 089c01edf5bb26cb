from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maturity.enums import CareSetting
from maturity.services.question_sets import (
    SHIPPED_QUESTION_SET,
    QuestionSetProblems,
    load_question_set,
)


class Command(BaseCommand):
    # argparse needs plain strings, as in the other commands.
    help = (
        "Load a digital maturity question bank (YAML) as a published question set. A changed "
        "file becomes a new version; an unchanged one changes nothing. Changes nothing if "
        "the file has any problem."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            default=str(SHIPPED_QUESTION_SET),
            metavar="file.yaml",
            help=(
                "The question bank to load; by default maturity/question_sets/2015-16.yaml "
                "(the 2017 one, mapped to it, is maturity/question_sets/2017.yaml)"
            ),
        )

    def handle(self, *args, path, **options):
        try:
            report = load_question_set(path=path)
        except QuestionSetProblems as error:
            summary = ngettext(
                "Nothing was changed: %(count)s problem to fix.",
                "Nothing was changed: %(count)s problems to fix.",
                len(error.problems),
            ) % {"count": len(error.problems)}
            raise CommandError("\n".join([summary, *map(str, error.problems)])) from error
        question_set = report.question_set
        names = {"code": question_set.code, "version": question_set.version}
        if not report.created:
            self.stdout.write(
                _("No changes: %(path)s is already %(code)s version %(version)s.")
                % {"path": report.path, **names}
            )
            return
        self.stdout.write(
            _("%(path)s: %(title)s") % {"path": report.path, "title": question_set.title}
        )
        for section in report.sections:
            self.stdout.write(
                _("%(section)s: %(themes)s themes, %(questions)s questions")
                % {
                    "section": section.title,
                    "themes": len(section.themes),
                    "questions": section.questions,
                }
            )
            for theme in section.themes:
                self.stdout.write(
                    ngettext(
                        "  %(theme)s: %(count)s question",
                        "  %(theme)s: %(count)s questions",
                        theme.questions,
                    )
                    % {"theme": theme.title, "count": theme.questions}
                )
        for setting, count in report.per_setting.items():
            self.stdout.write(
                ngettext(
                    "Asked in %(setting)s services: %(count)s question",
                    "Asked in %(setting)s services: %(count)s questions",
                    count,
                )
                % {"setting": CareSetting(setting).label.lower(), "count": count}
            )
        done = ngettext(
            "Loaded %(code)s version %(version)s: %(count)s question.",
            "Loaded %(code)s version %(version)s: %(count)s questions.",
            report.questions,
        ) % {**names, "count": report.questions}
        self.stdout.write(self.style.SUCCESS(done))
