"""Demonstration data for a local instance: the real registers and one person per role."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.enums import Role
from accounts.models import Organisation, User
from accounts.services.memberships import grant_membership
from delivery.services.returns import open_returns
from demo.assessments import create_demo_assessments
from demo.checks import findings_by_check, run_every_check
from demo.delivery import DEMO_RETURNS, add_demo_periods, create_demo_returns
from demo.next_cycle import create_demo_refresh
from demo.reminders import create_demo_reminders
from demo.reviews import DEMO_REVIEWS, create_demo_reviews
from demo.roadmaps import create_demo_roadmaps
from roadmaps.models import Footprint
from roadmaps.selectors.cycles import current_cycle
from roadmaps.services import footprints

# (name, lead CCG, [(ODS code, role)], where it has got to). Leeds is left as a draft with
# a partner, for the demo editor to finish and submit.
DEMO_FOOTPRINTS = [
    ("Leeds", "02V", [("03C", "partner_ccg"), ("RR8", "provider")], "draft"),
    (
        "Bradford and Airedale",
        "02W",
        [("02R", "partner_ccg"), ("RAE", "provider"), ("E08000032", "local_authority")],
        "submitted",
    ),
    (
        "Calderdale",
        "02T",
        [("RWY", "provider"), ("RXG", "provider"), ("E08000033", "local_authority")],
        "endorsed",
    ),
    ("Wakefield", "03R", [("RXF", "provider")], "returned"),
    # Endorsed footprints whose providers' self-assessments (maturity/demo.py) give the
    # national results something to show.
    (
        "Kirklees",
        "03A",
        [("03J", "partner_ccg"), ("RXG", "provider"), ("RFF", "provider")],
        "endorsed",
    ),
    ("Harrogate", "03E", [("RCD", "provider"), ("RGD", "provider")], "endorsed"),
    ("Vale of York", "03Q", [("RCB", "provider"), ("RGD", "provider")], "endorsed"),
    ("East Riding", "02Y", [("RWA", "provider"), ("RJL", "provider")], "endorsed"),
    # Roadmaps accepted and published (roadmaps/demo_review.py).
    ("Salford", "01G", [("RM3", "provider")], "endorsed"),
    ("Sheffield", "03N", [("RHQ", "provider")], "endorsed"),
    # Accepted too, so that three roadmaps report their progress (demo/delivery.py).
    ("Doncaster", "02X", [("RP5", "provider")], "endorsed"),
]
DEMO_GOVERNANCE = {
    "board_name": "Digital Programme Board",
    "chair_name": "Dr Morgan Ellis",
    "sro_name": "Jordan Reid",
    "contact_email": "digital.roadmap@demo.example",
}

DEMO_PASSWORD = "demo-roadmap-2015"  # noqa: S105 - local demo only; refused when DEBUG is off

# (email, full name, ODS code, role, what they can try)
DEMO_PEOPLE = [
    (
        "ccg.editor@demo.example",
        "Priya Shah",
        "02V",
        Role.EDITOR,
        "CCG editor, NHS Leeds North CCG",
    ),
    (
        "ccg.approver@demo.example",
        "Tom Okafor",
        "02V",
        Role.APPROVER,
        "CCG approver, NHS Leeds North CCG: sees members, invites people",
    ),
    (
        "partner.approver@demo.example",
        "Ifeoma Bello",
        "03C",
        Role.APPROVER,
        "partner CCG approver, NHS Leeds West CCG: confirms its place in the Leeds footprint",
    ),
    (
        "calderdale.editor@demo.example",
        "Sam Patel",
        "02T",
        Role.EDITOR,
        "CCG editor, NHS Calderdale CCG: follows its providers' self-assessments and results",
    ),
    (
        "york.editor@demo.example",
        "Chen Wei",
        "03Q",
        Role.EDITOR,
        "CCG editor, NHS Vale of York CCG: its roadmap is complete and waits for sign-off",
    ),
    (
        "york.approver@demo.example",
        "Aisha Rahman",
        "03Q",
        Role.APPROVER,
        "CCG approver, NHS Vale of York CCG: signs off its roadmap, then submits it",
    ),
    (
        "harrogate.editor@demo.example",
        "Lucy Fraser",
        "03E",
        Role.EDITOR,
        "CCG editor, NHS Harrogate and Rural District CCG: its roadmap is submitted (version 1)",
    ),
    (
        "harrogate.approver@demo.example",
        "Daniel Moss",
        "03E",
        Role.APPROVER,
        "CCG approver, NHS Harrogate and Rural District CCG: signed its roadmap off",
    ),
    (
        "provider.editor@demo.example",
        "Hannah Lewis",
        "RWY",
        Role.EDITOR,
        "provider editor, Calderdale and Huddersfield: answers its self-assessment",
    ),
    (
        "provider.approver@demo.example",
        "Oliver Grant",
        "RWY",
        Role.APPROVER,
        "provider approver, Calderdale and Huddersfield: signs off its self-assessment",
    ),
    (
        "reviewer@demo.example",
        "Grace Adeyemi",
        "Y54",
        Role.REVIEWER,
        "NHS England reviewer, North of England region",
    ),
    (
        "admin@demo.example",
        "Demo Administrator",
        "X24",
        Role.ADMIN,
        "NHS England admin: every organisation's members, and the admin",
    ),
]


class Command(BaseCommand):
    help = "Load demonstration data for a local instance. Safe to run again; refuses in production."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo data is for local instances only (DEBUG is off).")
        call_command("load_organisations", stdout=self.stdout)
        call_command("load_demo_cycle", stdout=self.stdout)
        call_command("load_question_set", stdout=self.stdout)
        with transaction.atomic():
            created = [self.demo_person(*person) for person in DEMO_PEOPLE]
            fresh = self.demo_footprints()
            if fresh:
                self.demo_assessments()
                self.demo_roadmaps()
                self.demo_reviews()
            self.demo_delivery(fresh)
            self.demo_checks()
            self.stdout.write(create_demo_reminders(cycle=current_cycle()))
            self.stdout.write(
                create_demo_refresh(admin=User.objects.get(email="admin@demo.example"))
            )
        self.stdout.write(
            f"Demo people {'created' if any(created) else 'already there'}. "
            f"Sign in as any of them with the password {DEMO_PASSWORD}:"
        )
        for email, _name, _code, _role, description in DEMO_PEOPLE:
            self.stdout.write(f"  {email:<32} {description}")

    def demo_person(self, email, full_name, ods_code, role, _description):
        user, created = User.objects.get_or_create(email=email, defaults={"full_name": full_name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        grant_membership(
            user=user,
            organisation=Organisation.objects.get(ods_code=ods_code),
            role=role,
            granted_by=None,
        )
        return created

    def demo_footprints(self):
        """Declare the demo footprints and take each to its state; False if they exist."""
        cycle = current_cycle()
        if Footprint.objects.filter(cycle=cycle).exists():
            return False
        for name, lead_code, members, state in DEMO_FOOTPRINTS:
            footprint = footprints.declare_footprint(
                cycle=cycle,
                lead_ccg=Organisation.objects.get(ods_code=lead_code),
                details={"name": name, **DEMO_GOVERNANCE},
                declared_by=None,
            )
            for code, role in members:
                footprints.add_member(
                    footprint=footprint,
                    organisation=Organisation.objects.get(ods_code=code),
                    role=role,
                    added_by=None,
                )
            if state == "draft":
                continue
            footprints.submit_footprint(footprint=footprint, submitted_by=None)
            if state == "endorsed":
                footprints.endorse_footprint(footprint=footprint, endorsed_by=None)
            elif state == "returned":
                footprints.return_footprint(
                    footprint=footprint,
                    comments="Name the local authority and the community provider.",
                    returned_by=None,
                )
        self.stdout.write(f"Demo footprints in {cycle}: draft, submitted, endorsed and returned.")
        return True

    def demo_assessments(self):
        """Self-assessments in every state the service reaches, with results to look at."""
        moved = create_demo_assessments(cycle=current_cycle())
        self.stdout.write(f"Demo self-assessments: {moved} answered, submitted or signed off.")

    def demo_roadmaps(self):
        """Roadmaps in draft (Calderdale), awaiting sign-off and submitted."""
        people = {user.email: user for user in User.objects.filter(email__endswith="@demo.example")}
        written = create_demo_roadmaps(cycle=current_cycle(), people=people)
        self.stdout.write(
            f"Demo roadmaps: {written} written (draft, awaiting sign-off, submitted)."
        )

    def demo_reviews(self):
        """Roadmaps in review, with changes requested, accepted and published."""
        count = create_demo_reviews(
            cycle=current_cycle(),
            reviewer=User.objects.get(email="reviewer@demo.example"),
            admin=User.objects.get(email="admin@demo.example"),
            password=DEMO_PASSWORD,
        )
        self.stdout.write(
            f"Demo reviews: {count} roadmaps in review, with changes requested, accepted and "
            "published; each lead CCG has <place>.editor@ and <place>.approver@demo.example "
            f"({', '.join(place for place, _state in DEMO_REVIEWS.values())})."
        )

    def demo_checks(self):
        """The cross-checks run now on every submitted version and return whose findings are
        stale (all of them on the first load), rather than by the worker later."""
        versions, returns = run_every_check()
        if versions or returns:
            found = findings_by_check()
            self.stdout.write(
                f"Demo cross-checks: {sum(found.values())} findings on {versions} roadmap "
                f"versions and {returns} progress returns "
                f"({', '.join(f'{check} {count}' for check, count in found.items() if count)})."
            )

    def demo_delivery(self, fresh):
        """Reporting periods for this quarter and the two before it, and on the first load
        their progress returns in every state; quarters begun since a later load get theirs
        opened, as the ``delivery.open_returns`` task would."""
        cycle = current_cycle()
        periods = add_demo_periods(cycle=cycle)
        if fresh:
            written = create_demo_returns(
                cycle=cycle,
                periods=periods,
                reviewer=User.objects.get(email="reviewer@demo.example"),
                password=DEMO_PASSWORD,
            )
            self.stdout.write(
                f"Demo progress returns: {written} over {', '.join(p.label for p in periods)} "
                "(draft, awaiting sign-off, submitted, more information requested, accepted), "
                "written by <place>.editor@ and signed off by <place>.approver@demo.example "
                f"({', '.join(place for place, _quarters in DEMO_RETURNS.values())})."
            )
        opened = open_returns()
        if opened:
            self.stdout.write(
                f"Demo progress returns opened for the quarter begun since: {opened}."
            )
