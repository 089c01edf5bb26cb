"""Demonstration data for a local instance: the real registers and one person per role."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.enums import Role
from accounts.models import Organisation, User
from accounts.services.memberships import grant_membership

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
        "provider.editor@demo.example",
        "Hannah Lewis",
        "RR8",
        Role.EDITOR,
        "provider editor, Leeds Teaching Hospitals NHS Trust",
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
        with transaction.atomic():
            created = [self.demo_person(*person) for person in DEMO_PEOPLE]
        self.stdout.write(
            f"Demo people {'created' if any(created) else 'already there'}. "
            f"Sign in as any of them with the password {DEMO_PASSWORD}:"
        )
        for email, _name, _code, _role, description in DEMO_PEOPLE:
            self.stdout.write(f"  {email:<30} {description}")

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
