from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from demo.seed import SeedRefused, seed_national
from demo.seed.clock import ClockUnavailable
from demo.seed.scale import DEFAULT_AS_AT, LONDON, SCALES


def as_at(value):
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=LONDON)


class Command(BaseCommand):
    # argparse needs plain strings, as in the other commands.
    help = (
        "Fill an empty database with a national picture of the 2015-16 cycle: every CCG in a "
        "footprint, three people per organisation, every provider's self-assessment, "
        "roadmaps in every state, reviews, progress returns and their cross-checks, and "
        "reminders. Refuses a database that is not empty."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="full",
            help="full: all of England; small: one local office, for tests",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="the same seed gives the same answers (default 1)"
        )
        parser.add_argument(
            "--as-at",
            type=as_at,
            default=DEFAULT_AS_AT,
            help=f"the moment the picture is as at, ISO 8601, London time unless an offset "
            f"is given (default {DEFAULT_AS_AT.isoformat()})",
        )

    def handle(self, *args, scale, seed, as_at, **options):
        self.stdout.write(
            _("Seeding the %(scale)s national picture (seed %(seed)s, as at %(as_at)s)")
            % {"scale": scale, "seed": seed, "as_at": as_at.isoformat()}
        )
        try:
            result = seed_national(scale=scale, seed=seed, as_at=as_at, report=self.stdout.write)
        except (SeedRefused, ClockUnavailable) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(_("Done. Every seeded person's password is %(pw)s")
                                             % {"pw": result.password}))  # fmt: skip
        self.stdout.write(_("Sign in as, for example: %(emails)s")
                          % {"emails": ", ".join(result.sign_ins)})  # fmt: skip
